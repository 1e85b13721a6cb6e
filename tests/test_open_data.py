"""The open-data release: tidy CSVs as printed, a valid data package, and nothing that may not leave.

The leak checks below are written independently of hrd_bulletin.release: they read the raw CSV
files and the released CSVs only, and they are shown to fail when a leak is injected.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pyarrow as pa
import pytest
import yaml

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.html import make_environment
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.release import package
from hrd_bulletin.release.stage import release_files, run_open_data
from hrd_bulletin.release.tables import ReleaseError, cell_text, csv_bytes, open_table

ROOT = Path(__file__).resolve().parents[1]
MIN_CELL = 5
# Raw columns that identify a person, an event or a source, or hold free text.
RAW_PRIVATE = {
    "survey.csv": ["respondent_id"],
    "incidents.csv": ["incident_id", "victim_id", "settlement", "description", "source_url"],
    "court_cases.csv": ["case_id", "incident_id"],
    "media.csv": ["material_id", "outlet", "incident_id", "url"],
    "violations.csv": ["incident_id"],
}
FLAGS = {"suppressed", "suppression", "n", "figure_id"}


# ---------------------------------------------------------------- small tables by hand
def _regional(values: list[tuple[str, int, float | None, bool, str | None]]) -> pa.Table:
    regions, ns, threats, flags, reasons = zip(*values)
    n_rows = len(values)
    nums = {c: pa.array([None] * n_rows, pa.float64()) for c in ("vulnerability", "resources", "risk", "security")}
    levels = {f"{c}_level": pa.array([None] * n_rows, pa.large_string()) for c in ("threats", *nums)}
    return pa.table(
        {
            "wave": pa.array([2] * n_rows, pa.int64()),
            "region": pa.array(regions, pa.large_string()),
            "n": pa.array(ns, pa.int64()),
            "threats": pa.array(threats, pa.float64()),
            **nums,
            "suppressed": pa.array(flags, pa.bool_()),
            "suppression": pa.array(reasons, pa.large_string()),
            **levels,
        }
    )


def test_a_table_gets_figure_ids_and_keeps_withheld_cells_empty() -> None:
    table = _regional([("ALA", 12, 2.5, False, None), ("KZY", 3, None, True, "primary")])
    header, rows = open_table("regional_indices", table)
    assert header[:5] == ["figure_id", "wave", "region", "n", "threats"]
    assert [r[0] for r in rows] == ["indices.by_region.2.ALA", "indices.by_region.2.KZY"]
    assert rows[0][1:5] == ["2", "ALA", "12", "2.5"]
    assert rows[1][1:5] == ["2", "KZY", "3", ""]
    assert rows[1][header.index("suppressed")] == "true" and rows[1][header.index("suppression")] == "primary"


def test_the_csv_text_is_exact() -> None:
    data = csv_bytes(["figure_id", "season", "note"], [["x.S1", "S1", 'a "quoted", text'], ["x.all", "all", ""]])
    assert data == b'figure_id,season,note\nx.S1,S1,"a ""quoted"", text"\nx.all,all,\n'
    assert [cell_text(v) for v in (None, True, False, 3, 0.405, 2.0, float("nan"))] == [
        "",
        "true",
        "false",
        "3",
        "0.405",
        "2.0",
        "",
    ]


def test_a_withheld_row_with_a_value_stops_the_release() -> None:
    table = _regional([("ALA", 12, 2.5, False, None), ("KZY", 3, 1.75, True, "primary")])
    with pytest.raises(ReleaseError, match=r"regional_indices row 2\.KZY is withheld but shows threats"):
        open_table("regional_indices", table)


@pytest.mark.parametrize("column", ["respondent_id", "settlement", "outlet", "description"])
def test_an_identifier_or_free_text_column_stops_the_release(column: str) -> None:
    table = _regional([("ALA", 12, 2.5, False, None)]).append_column(column, pa.array(["x"], pa.large_string()))
    with pytest.raises(ReleaseError, match=column):
        open_table("regional_indices", table)


def test_a_key_value_with_a_dot_cannot_make_an_id() -> None:
    with pytest.raises(ReleaseError, match="'A.B'"):
        open_table("regional_indices", _regional([("A.B", 12, 2.5, False, None)]))


def test_each_figure_names_its_csvs_from_the_catalog() -> None:
    assert catalog.open_data_files("portrait") == ["open-data/survey_shares.csv", "open-data/survey_stats.csv"]
    assert catalog.open_data_files("map_incidents") == ["open-data/incidents_by_region.csv"]
    released = {f"{catalog.OPEN_DATA_DIR}/{name}" for name in release_files()}
    for name in catalog.FIGURES:
        assert set(catalog.open_data_files(name)) <= released, name
    assert "incidents_by_settlement" not in catalog.open_data_tables()
    with pytest.raises(KeyError):
        catalog.open_data_file("risk_indices")


@pytest.mark.parametrize(("lang", "word"), [("ru", "Данные:"), ("en", "Data:")])
def test_the_caption_names_and_links_its_csvs(lang: str, word: str) -> None:
    env = make_environment(lang)
    macro = env.from_string('{% from "macros.html" import charts with context %}{{ charts(items) }}')
    fig = {
        "name": "portrait",
        "slot": "portrait",
        "part": "part1",
        "caption": "C",
        "src": "x.svg",
        "alt": "A",
        "long": "L",
    }
    fig["tables"] = list(catalog.FIGURES["portrait"].tables)
    html = macro.render(items=[fig], document="bulletin", wave=2, period={}, lang=lang)
    links = "".join(f'<a href="{f}">{f}</a>, ' for f in catalog.open_data_files("portrait")).rstrip(", ")
    assert f'<span class="open-data">{word} {links}</span>' in html


def test_the_zip_is_byte_stable(tmp_path: Path) -> None:
    root = tmp_path / "open-data"
    root.mkdir()
    (root / "b.csv").write_text("x\n1\n", encoding="utf-8")
    (root / "a.csv").write_text("y\n2\n", encoding="utf-8")
    package.write_zip(root, ["b.csv", "a.csv"], str(tmp_path / "one.zip"))
    (root / "a.csv").touch()
    package.write_zip(root, ["b.csv", "a.csv"], str(tmp_path / "two.zip"))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["open-data/b.csv", "open-data/a.csv"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_licence_no_release(tmp_path: Path) -> None:
    publisher = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))["publisher"]
    del publisher["licence"]
    output = {"datapackage": str(tmp_path / "open-data" / "datapackage.json"), "zip": str(tmp_path / "o.zip")}
    with pytest.raises(ConfigError, match="publisher.licence"):
        run_open_data({}, output, {"publisher": publisher, "seasons": [], "min_cell": 5})
    assert not (tmp_path / "open-data").exists()


def test_citation_cff_is_valid_cff_1_2() -> None:
    schema = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, schema)
    assert citation["cff-version"] == "1.2.0"


# ---------------------------------------------------------------- the leak checks, on the build
def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _private_values(raw: Path) -> set[str]:
    values: set[str] = set()
    for name, columns in RAW_PRIVATE.items():
        for row in _rows(raw / name):
            values.update(row[c] for c in columns if row.get(c))
    return values


def _raw_region_counts(raw: Path) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in _rows(raw / "survey.csv"):
        key = (row["wave"], row["region"])
        counts[key] = counts.get(key, 0) + 1
    return counts


def _keys(release: Path) -> dict[str, set[str]]:
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    return {r["path"]: set(r["schema"].get("primaryKey", [])) for r in package["resources"]}


def _withheld_problems(path: Path, rows: list[dict[str, str]], keys: set[str]) -> list[str]:
    """Values shown in a withheld row: all but its keys, flags and n must be empty (of a change
    between two waves, the change itself)."""
    problems = []
    for row in rows:
        if row.get("suppressed") != "true":
            continue
        hidden = ["change"] if path.stem == "index_dynamics" else [c for c in row if c not in FLAGS | keys]
        shown = [c for c in hidden if row[c] != ""]
        if shown:
            problems.append(f"{path.name} {row['figure_id']}: withheld but shows {shown}")
    return problems


def leaks(release: Path, raw: Path, min_cell: int) -> list[str]:
    """Everything in ``release`` that must not be there, judged against the raw data."""
    private = _private_values(raw)
    keys = _keys(release)
    problems = []
    for path in sorted(release.glob("*.csv")):
        rows = _rows(path)
        header = list(rows[0]) if rows else []
        found = sorted({c for c in header if c in {c for cols in RAW_PRIVATE.values() for c in cols}})
        problems += [f"{path.name}: column {c}" for c in found]
        problems += [f"{path.name}: raw value {v!r}" for row in rows for v in row.values() if v in private]
        problems += _withheld_problems(path, rows, keys.get(path.name, set()))
    counts = _raw_region_counts(raw)
    for row in _rows(release / "regional_indices.csv"):
        if row["region"] == "all":
            continue
        n = counts.get((row["wave"], row["region"]), 0)
        if row["n"] != str(n):
            problems.append(f"regional_indices {row['figure_id']}: n {row['n']} but {n} respondents in the raw data")
        values = [row[c] for c in ("threats", "vulnerability", "resources", "risk", "security")]
        if 0 < n < min_cell and (row["suppressed"] != "true" or any(values)):
            problems.append(f"regional_indices {row['figure_id']}: {n} respondents, not withheld")
    return problems


def _complementary_holds(release: Path) -> bool:
    # a wave whose national row is published never hides exactly one populated region
    hidden: dict[str, int] = {}
    for row in _rows(release / "regional_indices.csv"):
        if row["region"] != "all" and row["suppressed"] == "true" and row["n"] != "0":
            hidden[row["wave"]] = hidden.get(row["wave"], 0) + 1
    return all(count != 1 for count in hidden.values())


@pytest.fixture(scope="module")
def release(bundled: Path) -> Path:
    return bundled / "reports" / "build" / "open-data"


def test_the_release_has_its_files_and_a_zip_of_them(release: Path) -> None:
    assert sorted(str(p.relative_to(release)) for p in release.rglob("*") if p.is_file()) == sorted(release_files())
    with zipfile.ZipFile(release.parent / "open-data.zip") as archive:
        assert archive.namelist() == [f"open-data/{name}" for name in release_files()]
        assert archive.read("open-data/regional_indices.csv") == (release / "regional_indices.csv").read_bytes()


def test_frictionless_validates_the_release(release: Path) -> None:
    from frictionless import validate

    report = validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_nothing_private_or_withheld_leaves(release: Path, bundled: Path) -> None:
    assert leaks(release, bundled / "data" / "raw", MIN_CELL) == []
    assert _complementary_holds(release)
    # the check has something to find: the bundled data withhold regions, and have ids
    withheld = [r for r in _rows(release / "regional_indices.csv") if r["suppressed"] == "true"]
    assert len(withheld) >= 2


def _inject(release: Path, tmp_path: Path, name: str, change) -> Path:
    copy = tmp_path / "open-data"
    shutil.copytree(release, copy)
    rows = _rows(copy / name)
    change(rows)
    with open(copy / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return copy


def _first_withheld(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(r for r in rows if r["suppressed"] == "true")


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("incidents_by_region.csv", lambda rows: rows[0].update(region="I000001"), "raw value 'I000001'"),
        ("survey_stats.csv", lambda rows: rows[0].update(item="R0001"), "raw value 'R0001'"),
        ("regional_indices.csv", lambda rows: _first_withheld(rows).update(threats="2.5"), "withheld but shows"),
        ("survey_shares.csv", lambda rows: _first_withheld(rows).update(share="0.2"), "withheld but shows"),
        (
            "regional_indices.csv",
            lambda rows: [r.update(suppressed="false", suppression="", threats="1.5") for r in rows if r["n"] == "4"],
            "respondents, not withheld",
        ),
        ("media_summary.csv", lambda rows: [r.update(outlet="x") for r in rows], "column outlet"),
    ],
)
def test_the_leak_check_finds_an_injected_leak(release: Path, bundled: Path, tmp_path: Path, name, change, expected):
    copy = _inject(release, tmp_path, name, change)
    found = leaks(copy, bundled / "data" / "raw", MIN_CELL)
    assert any(expected in p for p in found), found


def test_the_release_is_byte_identical_when_rebuilt(release: Path, bundled: Path, tmp_path: Path) -> None:
    processed = bundled / "data" / "processed"
    config = yaml.safe_load((bundled / "config" / "config.yaml").read_text(encoding="utf-8"))
    inputs = {t: str(processed / f"{t}.parquet") for t in catalog.open_data_tables()}
    inputs["reference"] = [str(processed / "reference" / f"{r}.parquet") for r in catalog.REFERENCE_TABLES]
    seasons = [{k: str(v) for k, v in s.items()} for s in config["seasons"]]
    commit = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))["x-edition"]["commit"]
    params = {"publisher": config["publisher"], "seasons": seasons, "min_cell": 5, "reconstructed": True}
    params["git_commit"] = commit
    output = {"datapackage": str(tmp_path / "open-data" / "datapackage.json"), "zip": str(tmp_path / "open-data.zip")}
    run_open_data(inputs, output, params)
    for name in release_files():
        assert (tmp_path / "open-data" / name).read_bytes() == (release / name).read_bytes(), name
    assert (tmp_path / "open-data.zip").read_bytes() == (release.parent / "open-data.zip").read_bytes()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_chart_of_the_html_edition_links_to_a_released_csv(release: Path, bundled: Path, lang: str) -> None:
    import re

    html = (bundled / "reports" / "build" / f"bulletin_{lang}.html").read_text(encoding="utf-8")
    figures = html.count('<figure class="chart">')
    captions = re.findall(r'<span class="open-data">(.*?)</span>', html, flags=re.S)
    assert figures >= len(catalog.FIGURES) and len(captions) == figures
    linked = {href for caption in captions for href in re.findall(r'href="([^"]+)"', caption)}
    assert linked and all((release.parent / href).is_file() for href in linked), linked
