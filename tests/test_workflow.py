"""Snakemake end to end, in a temporary copy of the workflow (bundled data and a 3-season dataset)."""

from __future__ import annotations

import yaml

from hrd_bulletin.io import read_table
from hrd_bulletin.reconstruct import write_dataset

from workflow_helpers import copy_workflow, snakemake

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
    assert (bundled / "logs" / "ingest" / "data" / "processed" / "survey.log").read_text(encoding="utf-8").strip()
    run = snakemake(bundled, "--dry-run")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


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
        work, "three/processed/reproduction.parquet", "three/processed/ingest_summary.parquet",
        "--configfile", "three.yaml",
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
