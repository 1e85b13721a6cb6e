"""Edition to edition: the long table of figures, the comparison, and reading a previous release.

Expected values are written by hand from the small releases built here; nothing below uses
the comparison's own code to compute what it should say.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from hrd_bulletin.release import package
from hrd_bulletin.release.compare import Release, ReleaseReadError, compare, read_release, summary
from hrd_bulletin.release.editions import run_edition_changes
from hrd_bulletin.release.figures import FIGURE_COLUMNS, long_rows
from hrd_bulletin.release.tables import csv_bytes
from workflow_helpers import copy_workflow, dry_run_jobs, snakemake

ROOT = Path(__file__).resolve().parents[1]
REGION_FIELDS = [
    {"name": "figure_id", "type": "string"},
    {"name": "season", "type": "string"},
    {"name": "region", "type": "string"},
    {"name": "incidents", "type": "integer"},
    {"name": "share", "type": "number"},
    {"name": "suppressed", "type": "boolean"},
]


def _fig(figure_id: str, column: str, value: str, period: str, edition: str, table: str = "t") -> dict[str, str]:
    unit = "count" if column == "incidents" else "proportion"
    return dict(zip(FIGURE_COLUMNS, [figure_id, column, value, unit, table, period, edition]))


def _edition(edition: str, figures: list[dict[str, str]]) -> Release:
    return Release({"id": edition}, [{**f, "edition": edition} for f in figures])


BASE = [
    _fig("incidents.by_region.S1.ALA", "incidents", "40", "season:S1", "e1"),
    _fig("incidents.by_region.S1.AKM", "incidents", "6", "season:S1", "e1"),
    _fig("incidents.by_region.S2.ALA", "incidents", "50", "season:S2", "e1"),
    _fig("indices.dynamics.ALA.threats.1.2", "change", "0.25", "wave:1;wave:2", "e1"),
    _fig("total.all", "incidents", "96", "", "e1"),
]


def _by_id(frame) -> dict[tuple[str, str], dict]:
    return {(r["figure_id"], r["column"]): r for r in frame.to_dict("records")}


# ---------------------------------------------------------------- figures.csv
def test_long_rows_list_each_published_numeric_value_and_leave_withheld_cells_out() -> None:
    rows = [
        {"figure_id": "x.S1.ALA", "season": "S1", "region": "ALA", "incidents": "12", "share": "0.5", "suppressed": ""},
        {"figure_id": "x.S1.KZY", "season": "S1", "region": "KZY", "incidents": "", "share": "", "suppressed": "true"},
    ]
    out = long_rows("incidents_by_region", REGION_FIELDS, ["season", "region"], rows, "2017")
    assert out == [
        ["x.S1.ALA", "incidents", "12", "count", "incidents_by_region", "season:S1", "2017"],
        ["x.S1.ALA", "share", "0.5", "proportion", "incidents_by_region", "season:S1", "2017"],
    ]


def test_a_figure_between_two_waves_names_both() -> None:
    fields = [
        {"name": n, "type": t}
        for n, t in [("region", "string"), ("wave_from", "integer"), ("wave_to", "integer"), ("change", "number")]
    ]
    rows = [{"figure_id": "d.ALA.1.2", "region": "ALA", "wave_from": "1", "wave_to": "2", "change": "0.1"}]
    out = long_rows("index_dynamics", fields, ["region", "wave_from", "wave_to"], rows, "e")
    assert out == [["d.ALA.1.2", "change", "0.1", "change", "index_dynamics", "wave:1;wave:2", "e"]]


def test_the_edition_record_has_id_date_commit_and_seasons() -> None:
    publisher = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))["publisher"]
    seasons = [{"id": "S1", "end": "2016-04-30"}, {"id": "S2", "end": "2017-03-31"}]
    record = package.edition_record(publisher, seasons, "0123456789ab")
    assert record == {
        "id": "2017",
        "number": 1,
        "year": 2017,
        "date": "2017-03-31",
        "commit": "0123456789ab",
        "seasons": ["S1", "S2"],
    }
    dated = {**publisher, "edition": {**publisher["edition"], "date": "2017-06-15"}}
    assert package.edition_record(dated, seasons, "")["date"] == "2017-06-15"
    assert package.edition_record(dated, seasons, "")["commit"] == "unknown"


# ---------------------------------------------------------------- the comparison
def test_an_edition_compared_with_itself_is_unchanged_everywhere() -> None:
    changes = compare(_edition("e1", BASE), _edition("e1", BASE))
    assert len(changes) == 5
    assert set(changes["status"]) == {"unchanged"}
    assert (changes["abs_change"] == 0).all()
    assert summary(changes) == {"new": 0, "discontinued": 0, "changed": 0, "unchanged": 5, "revised": 0}


def test_a_removed_figure_is_discontinued_and_an_added_one_new() -> None:
    current = [f for f in BASE if f["figure_id"] != "incidents.by_region.S1.AKM"]
    current.append(_fig("incidents.by_region.S2.AKM", "incidents", "7", "season:S2", "e2"))
    changes = _by_id(compare(_edition("e1", BASE), _edition("e2", current)))
    gone = changes[("incidents.by_region.S1.AKM", "incidents")]
    assert gone["status"] == "discontinued" and gone["previous"] == 6.0 and math.isnan(gone["current"])
    assert math.isnan(gone["abs_change"]) and math.isnan(gone["rel_change"])
    added = changes[("incidents.by_region.S2.AKM", "incidents")]
    assert added["status"] == "new" and added["current"] == 7.0 and math.isnan(added["previous"])
    assert added["previous_edition"] == "e1" and added["current_edition"] == "e2"


def test_a_changed_value_of_a_covered_season_is_a_revision_and_a_total_a_change() -> None:
    current = [dict(f) for f in BASE]
    current[0]["value"] = "44"  # S1 Almaty: 40 -> 44, late reports
    current[4]["value"] = "100"  # the total over all seasons: no period
    current[3]["value"] = "0.5"  # between waves 1 and 2, both in both editions
    changes = _by_id(compare(_edition("e1", BASE), _edition("e2", current)))
    s1 = changes[("incidents.by_region.S1.ALA", "incidents")]
    assert s1["status"] == "revised" and s1["abs_change"] == 4.0 and s1["rel_change"] == pytest.approx(0.1)
    total = changes[("total.all", "incidents")]
    assert total["status"] == "changed" and total["abs_change"] == 4.0 and total["rel_change"] == pytest.approx(4 / 96)
    assert changes[("indices.dynamics.ALA.threats.1.2", "change")]["status"] == "revised"
    assert changes[("incidents.by_region.S2.ALA", "incidents")]["status"] == "unchanged"


def test_a_new_seasons_figure_is_new() -> None:
    current = [*BASE, _fig("incidents.by_region.S3.ALA", "incidents", "61", "season:S3", "e2")]
    changes = _by_id(compare(_edition("e1", BASE), _edition("e2", current)))
    s3 = changes[("incidents.by_region.S3.ALA", "incidents")]
    assert s3["status"] == "new" and s3["current"] == 61.0 and s3["period"] == "season:S3"


def test_a_value_of_a_period_only_one_edition_covers_is_a_change_not_a_revision() -> None:
    # the same id in both editions, but the previous edition names no S2 elsewhere: impossible
    # for a real release, so built by hand: the figure's period is not covered by both
    previous = [_fig("x.S2", "incidents", "5", "", "e1")]
    current = [_fig("x.S2", "incidents", "9", "season:S2", "e2")]
    changes = _by_id(compare(_edition("e1", previous), _edition("e2", current)))
    assert changes[("x.S2", "incidents")]["status"] == "changed"


@pytest.mark.parametrize(
    ("before", "after", "min_base", "absolute", "relative"),
    [
        ("6", "9", 10, 3.0, None),  # low base: absolute change only
        ("-4", "1", 10, 5.0, None),
        ("10", "15", 10, 5.0, 0.5),  # at the base: relative given
        ("20", "15", 10, -5.0, -0.25),
        ("6", "9", 5, 3.0, 0.5),  # the base is the config's
        ("0", "3", 0, 3.0, None),  # no relative change from zero
    ],
)
def test_the_low_baseline_rule(before: str, after: str, min_base: float, absolute: float, relative) -> None:
    previous = [_fig("x.S1", "incidents", before, "season:S1", "e1")]
    current = [_fig("x.S1", "incidents", after, "season:S1", "e2")]
    row = compare(_edition("e1", previous), _edition("e2", current), min_base).iloc[0]
    assert row["abs_change"] == absolute and row["status"] == "revised"
    if relative is None:
        assert math.isnan(row["rel_change"])
    else:
        assert row["rel_change"] == pytest.approx(relative)


def test_a_figure_twice_in_one_release_stops_the_comparison() -> None:
    with pytest.raises(ReleaseReadError, match="appears twice"):
        compare(_edition("e1", [*BASE, BASE[0]]), _edition("e2", BASE))


# ---------------------------------------------------------------- reading a release
def _write_release(root: Path, edition: str, figures: list[dict[str, str]]) -> Path:
    """A minimal release directory: datapackage.json with x-edition and figures.csv."""
    root.mkdir(parents=True)
    rows = [[f[c] if c != "edition" else edition for c in FIGURE_COLUMNS] for f in figures]
    (root / "figures.csv").write_bytes(csv_bytes(FIGURE_COLUMNS, rows))
    descriptor = {"name": "x", "resources": [], "x-edition": {"id": edition, "date": "2017-03-31"}}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


def _zip(root: Path, target: Path) -> Path:
    package.write_zip(root, ["datapackage.json", "figures.csv"], str(target))
    return target


def test_a_release_reads_the_same_from_its_directory_and_its_zip(tmp_path: Path) -> None:
    root = _write_release(tmp_path / "open-data", "e1", BASE)
    from_dir = read_release(root)
    from_zip = read_release(_zip(root, tmp_path / "open-data.zip"))
    assert from_dir == from_zip
    assert from_dir.edition_id == "e1" and len(from_dir.figures) == 5
    assert from_dir.figures[0]["figure_id"] == "incidents.by_region.S1.ALA" and from_dir.figures[0]["value"] == "40"


def _corrupt_zip(tmp_path: Path) -> Path:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    return path


def _no_figures(tmp_path: Path) -> Path:
    root = _write_release(tmp_path / "old", "e0", BASE)
    (root / "figures.csv").unlink()
    return root


def _bad_json(tmp_path: Path) -> Path:
    root = _write_release(tmp_path / "bad", "e0", BASE)
    (root / "datapackage.json").write_text("{not json", encoding="utf-8")
    return root


def _bad_value(tmp_path: Path) -> Path:
    figures = [dict(f) for f in BASE]
    figures[1]["value"] = "six"
    return _write_release(tmp_path / "typo", "e0", figures)


def _zip_bomb(tmp_path: Path) -> Path:
    # 3 MB of one byte: a few KB compressed, over the default ratio (200) and its 1 MB floor
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("open-data/datapackage.json", json.dumps({"x-edition": {"id": "e0"}}))
        archive.writestr("open-data/figures.csv", b"0" * (3 << 20))
    return target


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "nowhere", "does not exist"),
        (_bad_value, "figures.csv line 3: value 'six' is not a number"),
        (_zip_bomb, "figures.csv expands beyond the ingest limits"),
        (_corrupt_zip, "not a readable zip"),
        (_no_figures, "no figures.csv"),
        (_bad_json, "not a readable open-data release"),
    ],
)
def test_a_missing_or_corrupt_previous_release_is_one_line_naming_it(tmp_path: Path, make, expected) -> None:
    path = make(tmp_path)
    with pytest.raises(ReleaseReadError) as info:
        read_release(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message


def test_the_stage_writes_the_comparison_byte_identically(tmp_path: Path) -> None:
    previous = _zip(_write_release(tmp_path / "prev" / "open-data", "e1", BASE), tmp_path / "prev.zip")
    current_figures = [dict(f) for f in BASE]
    current_figures[0]["value"] = "44"
    current = _write_release(tmp_path / "cur" / "open-data", "e2", current_figures)
    inputs = {"current": str(current / "datapackage.json"), "previous": str(previous)}
    outputs = [tmp_path / "one.parquet", tmp_path / "two.parquet"]
    for out in outputs:
        run_edition_changes(inputs, {"changes": str(out)}, {"min_base": 10})
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    table = pq.read_table(outputs[0])
    assert table.schema.metadata[b"table"] == b"edition_changes"
    statuses = dict(zip(table.column("figure_id").to_pylist(), table.column("status").to_pylist()))
    assert statuses["incidents.by_region.S1.ALA"] == "revised"
    assert sorted(set(statuses.values())) == ["revised", "unchanged"]


def test_the_stage_fails_in_one_line_on_a_corrupt_previous_release(tmp_path: Path) -> None:
    current = _write_release(tmp_path / "cur" / "open-data", "e2", BASE)
    broken = _corrupt_zip(tmp_path)
    code = (
        "import sys; from hrd_bulletin.stage import run_stage; "
        "sys.exit(run_stage('hrd_bulletin.release.editions:run_edition_changes', "
        f"{{'current': {str(current / 'datapackage.json')!r}, 'previous': {str(broken)!r}}}, "
        f"{{'changes': {str(tmp_path / 'out.parquet')!r}}}, {{}}, {str(tmp_path / 'job.log')!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [f"error: {broken}: not a readable zip (BadZipFile)"]
    assert not (tmp_path / "out.parquet").exists()
    assert "not a readable zip" in (tmp_path / "job.log").read_text(encoding="utf-8")


def test_a_previous_release_zip_with_its_directory_name_is_found(tmp_path: Path) -> None:
    root = _write_release(tmp_path / "release-2017", "e1", BASE)
    target = _zip(root, tmp_path / "r.zip")
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["release-2017/datapackage.json", "release-2017/figures.csv"]
    assert read_release(target).edition_id == "e1"
    shutil.rmtree(root)
    assert read_release(target).edition_id == "e1"


# ---------------------------------------------------------------- in the workflow
def test_a_missing_previous_edition_stops_the_workflow_in_one_line(tmp_path: Path) -> None:
    work = copy_workflow(tmp_path / "work")
    missing = tmp_path / "no-such-release.zip"
    run = snakemake(work, "--dry-run", "--config", f"previous_edition={missing}")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert f"error: {missing}: previous_edition does not exist" in run.stderr.splitlines()


def test_the_bundled_edition_against_its_own_release_is_unchanged(bundled: Path, tmp_path: Path) -> None:
    work = Path(shutil.copytree(bundled, tmp_path / "copy", symlinks=True))
    previous = shutil.copy2(work / "reports" / "build" / "open-data.zip", tmp_path / "previous.zip")
    args = ("--config", f"previous_edition={previous}")
    # The comparison, and the documents that print it ("What changed since the last edition");
    # nothing upstream of the release.
    assert set(dry_run_jobs(work, *args)) == {
        "edition_changes",
        "figures_changes",
        "bulletin_ru",
        "bulletin_en",
        "review_ru",
        "review_en",
        "all",
    }
    run = snakemake(work, *args)
    assert run.returncode == 0, run.stderr[-2000:]
    changes = pq.read_table(work / "reports" / "build" / "edition_changes.parquet").to_pandas()
    figures = (work / "reports" / "build" / "open-data" / "figures.csv").read_text(encoding="utf-8")
    assert len(changes) == len(figures.splitlines()) - 1 > 1000
    assert set(changes["status"]) == {"unchanged"}
    assert set(changes["previous_edition"]) == set(changes["current_edition"]) == {"2017"}
    # No period of its own: nothing between periods, and the page says nothing of a new season.
    assert pq.read_table(work / "reports" / "build" / "period_changes.parquet").num_rows == 0
    bulletin = (work / "reports" / "build" / "bulletin_en.html").read_text(encoding="utf-8")
    assert "No value of a period that both editions cover has been revised." in bulletin


def test_the_bundled_release_against_an_earlier_one_made_by_hand(bundled: Path, tmp_path: Path) -> None:
    # The "previous edition" is the bundled release as it would have been a season earlier and
    # before late reports: no season 2, 66 incidents in Almaty in season 1 (now 70), 900 in all
    # (now 967), and one region-season figure that is no longer published.
    release = bundled / "reports" / "build" / "open-data"
    current = read_release(release)
    rows = [dict(r) for r in current.figures if "season:S2" not in r["period"].split(";")]
    for row in rows:
        if (row["figure_id"], row["column"]) == ("incidents.by_region.S1.ALA", "incidents"):
            assert row["value"] == "70"
            row["value"] = "66"
        if (row["figure_id"], row["column"]) == ("incidents.by_season.all", "incidents"):
            assert row["value"] == "967"
            row["value"] = "900"
    rows.append(_fig("incidents.by_region.S1.XYZ", "incidents", "3", "season:S1", "2016"))
    previous = read_release(_write_release(tmp_path / "previous", "2016", rows))
    seasons = [r["period"].split(";") for r in current.figures]
    s2 = sum("season:S2" in p for p in seasons)
    changes = compare(previous, current, 10)
    assert summary(changes) == {
        "new": s2,
        "discontinued": 1,
        "changed": 1,
        "unchanged": len(current.figures) - s2 - 2,
        "revised": 1,
    }
    by_id = _by_id(changes)
    almaty = by_id[("incidents.by_region.S1.ALA", "incidents")]
    assert (almaty["status"], almaty["abs_change"], almaty["rel_change"]) == ("revised", 4.0, pytest.approx(4 / 66))
    total = by_id[("incidents.by_season.all", "incidents")]
    assert (total["status"], total["abs_change"], total["rel_change"]) == ("changed", 67.0, pytest.approx(67 / 900))
    assert by_id[("incidents.by_region.S2.ALA", "incidents")]["status"] == "new"
    assert by_id[("incidents.by_region.S1.XYZ", "incidents")]["status"] == "discontinued"
