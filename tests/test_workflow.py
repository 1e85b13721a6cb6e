"""Snakemake end to end, in a temporary copy of the workflow (bundled data and a 3-season dataset)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from hrd_bulletin.io import read_table
from hrd_bulletin.reconstruct import write_dataset
from workflow_helpers import copy_workflow, dry_run_jobs, snakemake

PACKAGE_TEMPLATES = Path(str(resources.files("hrd_bulletin.bulletin") / "templates"))


def test_ingest_of_the_bundled_data_rejects_nothing(bundled):
    summary = read_table(bundled / "data" / "processed" / "ingest_summary.parquet")
    assert list(summary["table"]) == ["survey", "incidents", "violations", "court_cases", "media"]
    assert list(summary["raw_rows"]) == [249, 967, 1046, 79, 555]
    assert (summary["rejected_rows"] == 0).all()
    assert (summary["raw_rows"] == summary["clean_rows"] + summary["rejected_rows"]).all()
    for table in summary["table"]:
        assert len(read_table(bundled / "data" / "processed" / "rejected" / f"{table}.parquet")) == 0
    survey = read_table(bundled / "data" / "processed" / "survey.parquet")
    assert str(survey["region"].dtype) == "category"
    assert str(survey["police_appeal"].dtype) == "boolean"
    incidents = read_table(bundled / "data" / "processed" / "incidents.parquet")
    assert incidents["season"].value_counts().to_dict() == {"S2": 576, "S1": 391}


def test_every_consistent_figure_matches(bundled):
    audit = read_table(bundled / "data" / "processed" / "reproduction.parquet")
    assert len(audit) >= 90
    consistent = audit[audit["consistent"] & audit["status"].ne("not_computable")]
    failing = consistent[consistent["status"] != "match"]
    assert failing.empty, failing[["figure_id", "published", "computed"]].to_string()


def test_both_editions_are_built(bundled):
    for lang in ("ru", "en"):
        pdf = bundled / "reports" / "build" / f"bulletin_{lang}.pdf"
        html = bundled / "reports" / "build" / f"bulletin_{lang}.html"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert "<html" in html.read_text(encoding="utf-8")[:500].lower()


def test_logs_and_a_rerun_that_does_nothing(bundled):
    assert (bundled / "logs" / "clean_survey" / "data" / "processed.log").read_text(encoding="utf-8").strip()
    assert dry_run_jobs(bundled) == {}


def test_three_seasons(tmp_path):
    work = copy_workflow(tmp_path, with_data=False)
    config = yaml.safe_load((work / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["seasons"] = [
        {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
        {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
        {"id": "S3", "start": "2017-04-01", "end": "2018-03-31"},
    ]
    config["raw_dir"] = "three/raw"
    config["processed_dir"] = "three/processed"
    (work / "three.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    write_dataset(work / "three" / "raw", seasons=config["seasons"])
    # the metric tables and the audit are what depends on the number of seasons
    run = snakemake(
        work,
        "three/processed/reproduction.parquet",
        "three/processed/ingest_summary.parquet",
        "--configfile",
        "three.yaml",
    )
    assert run.returncode == 0, run.stderr[-3000:]
    by_season = read_table(work / "three" / "processed" / "incidents_by_season.parquet")
    assert list(by_season["season"]) == ["S1", "S2", "S3", "all"]
    assert by_season["incidents"].iloc[3] == by_season["incidents"].iloc[:3].sum()
    courts = read_table(work / "three" / "processed" / "court_outcomes.parquet")
    assert list(courts["season"]) == ["S1", "S2", "S3", "all"]
    summary = read_table(work / "three" / "processed" / "ingest_summary.parquet")
    assert (summary["rejected_rows"] == 0).all()


def test_a_bad_config_stops_with_one_line(tmp_path):
    work = copy_workflow(tmp_path, with_data=False)
    bad = {"seasons": [{"id": "S1", "start": "2016-01-01", "end": "2015-01-01"}]}
    (work / "bad.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    run = snakemake(work, "--configfile", "bad.yaml")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "config: seasons[0] (S1): ends (2015-01-01) before it starts (2016-01-01)" in run.stderr
    assert not (work / "data" / "processed").exists()


def test_a_missing_raw_file_stops_with_one_line(tmp_path):
    work = copy_workflow(tmp_path)
    (work / "data" / "raw" / "media.csv").unlink()
    run = snakemake(work)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "media.csv" in run.stderr
    assert not (work / "data" / "processed").exists()


@pytest.fixture
def built_copy(bundled, tmp_path):
    """A private copy of the built bundle (mtimes and Snakemake's metadata kept)."""
    return Path(shutil.copytree(bundled, tmp_path / "copy", symlinks=True))


def test_a_corrected_media_file_reruns_only_what_depends_on_it(built_copy):
    media = built_copy / "data" / "raw" / "media.csv"
    lines = media.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ",supportive," in line)
    lines[row] = lines[row].replace(",supportive,", ",neutral,")
    media.write_text("".join(lines), encoding="utf-8")
    assert set(dry_run_jobs(built_copy)) == {
        "clean_media",
        "ingest_summary",
        "media_summary",
        "figures_media",
        "reproduction",
        "bulletin_ru",
        "bulletin_en",
        "review_ru",
        "review_en",
        "open_data",
        "all",
    }


def test_a_template_change_reruns_only_rendering(built_copy):
    # The installed package's templates are shared by every test and build: edit a copy, which
    # the config key templates_dir points the bulletin rules at. copytree keeps the files'
    # times, so the copy is as old as the package's templates and older than the build.
    templates = Path(shutil.copytree(PACKAGE_TEMPLATES, built_copy / "templates"))
    # Only file times decide here: naming another directory changes the rules' inputs, which
    # the default rerun triggers would count as a change by itself.
    args = ("--config", f"templates_dir={templates}", "--rerun-triggers", "mtime")
    assert dry_run_jobs(built_copy, *args) == {}
    css = templates / "bulletin.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* a reviewer's tweak */\n", encoding="utf-8")
    assert set(dry_run_jobs(built_copy, *args)) == {"bulletin_ru", "bulletin_en", "review_ru", "review_en", "all"}


def test_the_workflow_report_shows_the_charts(built_copy):
    run = snakemake(built_copy, "--report", "reports/build/workflow.html")
    assert run.returncode == 0, run.stderr[-2000:]
    html = (built_copy / "reports" / "build" / "workflow.html").read_text(encoding="utf-8")
    for name in ("attack_prevalence", "map_risk", "media", "Reproduction audit", "III. Incidents and courts"):
        assert name in html


def test_two_datasets_in_one_invocation(tmp_path):
    work = copy_workflow(tmp_path)
    shutil.copytree(work / "data" / "raw", work / "other" / "raw")
    media = work / "other" / "raw" / "media.csv"
    rows = media.read_text(encoding="utf-8").splitlines(keepends=True)
    media.write_text("".join(rows[:101]), encoding="utf-8")  # a smaller second edition: 100 materials
    config = {
        "datasets": {
            "other": {
                "raw_dir": "other/raw",
                "processed_dir": "other/processed",
                "report_dir": "other/report",
            }
        }
    }
    (work / "two.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    targets = [f"{d}/processed/media_summary.parquet" for d in ("data", "other")]
    run = snakemake(work, *targets, "--configfile", "two.yaml")
    assert run.returncode == 0, run.stderr[-3000:]
    first = read_table(work / "data" / "processed" / "media_summary.parquet")
    second = read_table(work / "other" / "processed" / "media_summary.parquet")

    def total(t):
        return int(
            t.query("season == 'all' and channel == 'all' and region == 'all' and tone == 'all'")["materials"].iloc[0]
        )

    assert (total(first), total(second)) == (555, 100)
    assert (work / "logs" / "clean_media" / "other" / "processed.log").exists()


def test_a_commentary_change_rebuilds_only_the_bulletins(built_copy):
    # Commentary is text for readers: the metric tables, the charts and the reviewers' report
    # stay as they are.
    section = built_copy / "content" / "2017" / "en" / "closing.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nA sentence the editors added.\n", encoding="utf-8")
    assert set(dry_run_jobs(built_copy)) == {"bulletin_ru", "bulletin_en", "all"}
