"""The example second edition (data/examples/2018, config/examples/2018.yaml) against the bundled one.

Built end to end in a temporary copy of the workflow, compared with the release the bundled
build wrote (the ``bundled`` fixture). Expected values are known by hand: four incidents of
season 2 were reported late (six violations among them), season 3 is new, and so is survey
wave 3 (131 wave-2 respondents, 5 not re-interviewed, 6 new: 132).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from workflow_helpers import ROOT, copy_workflow, load_script, snakemake

EXAMPLE_RAW = ROOT / "data" / "examples" / "2018" / "raw"
LATE_INCIDENTS = 4
LATE_VIOLATIONS = 6
WAVE2_RESPONDENTS = 131
WAVE3_LEAVERS = 5  # the last by id in Almaty, Almaty Region, East and South Kazakhstan, Pavlodar
WAVE3_NEWCOMERS = 6  # R0138-R0143: after the 137 ids of waves 1 and 2
WAVE3_RESPONDENTS = WAVE2_RESPONDENTS - WAVE3_LEAVERS + WAVE3_NEWCOMERS  # 132
# The three figures of the 2017 bulletin no metric table holds (`table: null`).
NO_TABLE = {"intro.observers", "incidents.tax_audits", "incidents.tax_reassessed"}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_late_reports_are_in_the_committed_data():
    bundled = {r["incident_id"] for r in _rows(ROOT / "data" / "raw" / "incidents.csv")}
    added = [r for r in _rows(EXAMPLE_RAW / "incidents.csv") if r["incident_id"] not in bundled]
    late = {r["incident_id"] for r in added if "2016-05-01" <= r["date"] <= "2017-03-31"}
    assert len(late) == LATE_INCIDENTS
    assert all("2017-04-01" <= r["date"] <= "2018-03-31" for r in added if r["incident_id"] not in late)
    violations = [v for v in _rows(EXAMPLE_RAW / "violations.csv") if v["incident_id"] in late]
    assert len(violations) == LATE_VIOLATIONS


def _wave(rows: list[dict[str, str]], wave: str) -> dict[str, dict[str, str]]:
    return {r["respondent_id"]: r for r in rows if r["wave"] == wave}


def test_survey_wave_3_is_in_the_committed_data():
    rows = _rows(EXAMPLE_RAW / "survey.csv")
    assert rows[: len(_rows(ROOT / "data" / "raw" / "survey.csv"))] == _rows(ROOT / "data" / "raw" / "survey.csv")
    second, third = _wave(rows, "2"), _wave(rows, "3")
    assert len(second) == WAVE2_RESPONDENTS and len(third) == WAVE3_RESPONDENTS
    assert {r["wave"] for r in rows} == {"1", "2", "3"}
    left = set(second) - set(third)
    assert sorted(second[i]["region"] for i in left) == ["ALA", "ALM", "PAV", "VOS", "YUZ"]
    new = sorted(set(third) - set(second))
    assert new == [f"R{k:04d}" for k in range(138, 144)]
    assert all("2017-12-01" <= r["interview_date"] <= "2018-03-30" for r in third.values())
    # a year on: one year more of experience each; newcomers have at most 2 years
    for rid, r in third.items():
        if rid in second:
            assert int(r["experience_years"]) == int(second[rid]["experience_years"]) + 1, rid
            for col in ("region", "respondent_type", "gender", "ethnicity", "education"):
                assert r[col] == second[rid][col], (rid, col)
        else:
            assert int(r["experience_years"]) <= 2, rid
    # every region keeps at least 5 respondents (disclosure.min_cell): none is withheld for size
    regions = [r["region"] for r in third.values()]
    assert min(regions.count(code) for code in set(regions)) >= 5
    # the contract's codes: likelihood 1-4, self-rating 1-5, a result only after an appeal
    for r in third.values():
        assert all(r[f"likelihood_{k}"] in ("", "1", "2", "3", "4") for k in ATTACKS)
        assert r["security_self_rating"] in ("1", "2", "3", "4", "5")
        assert r["police_appeal_result"] == "" or r["police_appeal"] == "true"


ATTACKS = ("information", "reputational", "physical", "technical")


@pytest.fixture(scope="module")
def example_build(bundled, tmp_path_factory):
    work = copy_workflow(tmp_path_factory.mktemp("example2018"), with_data=False)
    shutil.copytree(EXAMPLE_RAW, work / "data" / "examples" / "2018" / "raw")
    # the previous edition: the bundled build's release, where the example config looks for it
    (work / "reports" / "build").mkdir(parents=True)
    shutil.copy2(bundled / "reports" / "build" / "open-data.zip", work / "reports" / "build" / "open-data.zip")
    run = snakemake(work, "--configfile", "config/examples/2018.yaml")
    assert run.returncode == 0, run.stderr[-3000:]
    return work / "reports" / "examples" / "2018"


@pytest.fixture(scope="module")
def changes(example_build):
    frame = pq.read_table(example_build / "edition_changes.parquet").to_pandas()
    return {(r["figure_id"], r["column"]): r for r in frame.to_dict("records")}


def test_the_bulletin_lists_the_revision_of_season_2(example_build):
    """The revisions note of the example bulletin: season 2's incidents, 576 then 580 (+4)."""
    text = re.sub(r"<[^>]+>", " ", (example_build / "bulletin_en.html").read_text(encoding="utf-8"))
    text = re.sub(r"[ \n]+", " ", text)
    assert "What changed since the last edition" in text
    assert "Compared with the previous edition (2017)" in text
    assert f"incidents.by_season.S2 incidents 576 {576 + LATE_INCIDENTS} +{LATE_INCIDENTS}" in text


def _released(example_build, figure_id: str, column: str) -> float:
    """A value as the example's open-data release publishes it (figures.csv, read directly)."""
    rows = [
        r
        for r in _rows(example_build / "open-data" / "figures.csv")
        if (r["figure_id"], r["column"]) == (figure_id, column)
    ]
    assert len(rows) == 1, (figure_id, column)
    return float(rows[0]["value"])


def test_the_new_season_is_set_against_season_2(example_build):
    """The page's first sentence: season 3 against season 2, both as this edition publishes them
    (season 2 with its late reports), read here straight from the release."""
    text = re.sub(r"<[^>]+>", " ", (example_build / "bulletin_en.html").read_text(encoding="utf-8"))
    text = re.sub(r"[ \n]+", " ", text)
    n3, v3 = (int(_released(example_build, "incidents.by_season.S3", c)) for c in ("incidents", "violations"))
    n2, v2 = (int(_released(example_build, "incidents.by_season.S2", c)) for c in ("incidents", "violations"))
    assert (n2, v2) == (576 + LATE_INCIDENTS, 639 + LATE_VIOLATIONS)
    assert "The new season against the one before" in text
    assert f"Observers recorded {n3}\u00a0incidents with {v3}\u00a0violations in Season 3" in text
    assert f"against {n2} and {v2} in Season 2" in text
    # The region whose count rose most, worked out from the release's two seasons.
    rows = _rows(example_build / "open-data" / "figures.csv")
    counts = {
        (r["figure_id"].split(".")[2], r["figure_id"].split(".")[3]): int(r["value"])
        for r in rows
        if r["figure_id"].startswith("incidents.by_region.S") and r["column"] == "incidents"
    }
    rises = {region: counts["S3", region] - counts["S2", region] for (s, region) in counts if s == "S3"}
    top = max(rises, key=lambda region: rises[region])
    assert f"(from {counts['S2', top]} to {counts['S3', top]})" in text.split("rose most", 1)[1].split(".")[0]
    assert (example_build / "figures" / "en" / "period_changes.svg").is_file()
    periods = pq.read_table(example_build / "period_changes.parquet").to_pandas()
    assert set(periods["period_to"]) >= {"season:S3"}


def _figures_of_zip(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    import io
    import zipfile

    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("figures.csv"))
        text = archive.read(name).decode("utf-8")
    return {(r["figure_id"], r["column"]): r for r in csv.DictReader(io.StringIO(text, newline=""))}


def test_the_revisions_note_lists_exactly_the_values_the_two_releases_disagree_on(example_build, bundled):
    """Every revised value in the bulletin, recomputed here from the two releases' figures.csv:
    published by both, different, and of periods the previous edition covered (denominators,
    column n, are counted in the bulletin rather than listed)."""
    before = _figures_of_zip(bundled / "reports" / "build" / "open-data.zip")
    after = {(r["figure_id"], r["column"]): r for r in _rows(example_build / "open-data" / "figures.csv")}
    covered = {p for r in before.values() for p in r["period"].split(";") if p}
    expected = {
        key: (float(before[key]["value"]), float(row["value"]))
        for key, row in after.items()
        if key in before
        and float(before[key]["value"]) != float(row["value"])
        and row["period"]
        and all(p in covered for p in row["period"].split(";"))
        and key[1] != "n"
    }
    html = (example_build / "bulletin_en.html").read_text(encoding="utf-8")
    note = html.split('class="data revisions"', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r"<tr><td><code>([^<]+)</code></td><td><code>([^<]+)</code></td>", note)
    assert len(listed) == len(set(listed))
    assert set(listed) == set(expected)
    assert ("incidents.by_season.S2", "incidents") in expected


def test_season_3_is_new(changes):
    row = changes["incidents.by_season.S3", "incidents"]
    assert row["status"] == "new"
    assert row["previous"] is None or row["previous"] != row["previous"]  # null
    s3 = [r for (fid, _), r in changes.items() if ".S3" in fid]
    assert s3 and all(r["status"] == "new" for r in s3)


def test_season_2_is_revised_by_the_late_reports(changes):
    incidents = changes["incidents.by_season.S2", "incidents"]
    assert incidents["status"] == "revised"
    assert (incidents["previous"], incidents["current"]) == (576, 576 + LATE_INCIDENTS)
    assert incidents["abs_change"] == LATE_INCIDENTS
    violations = changes["incidents.by_season.S2", "violations"]
    assert violations["status"] == "revised"
    assert (violations["previous"], violations["current"]) == (639, 639 + LATE_VIOLATIONS)


def test_season_1_is_unchanged(changes):
    assert changes["incidents.by_season.S1", "incidents"]["status"] == "unchanged"
    s1 = [r for (fid, _), r in changes.items() if fid.startswith("incidents.by_season.S1")]
    assert all(r["status"] == "unchanged" for r in s1)


def test_survey_wave_3_is_new(changes):
    """Every figure of wave 3 is new; 132 respondents, Almaty 18 - 1, Aktobe 5 + 1."""
    row = changes["survey.attacks.3.information.all", "n"]
    assert row["status"] == "new" and row["current"] == WAVE3_RESPONDENTS
    assert row["previous"] is None or row["previous"] != row["previous"]  # null
    assert changes["indices.by_region.3.ALA", "n"]["current"] == 18 - 1
    assert changes["indices.by_region.3.AKT", "n"]["current"] == 5 + 1
    wave3 = [r for r in changes.values() if "wave:3" in r["period"].split(";")]
    assert wave3 and all(r["status"] == "new" for r in wave3)


def test_survey_waves_1_and_2_are_unchanged(changes):
    """The bundled waves, byte for byte in the example: every figure of one of them is unchanged."""
    assert changes["survey.attacks.2.information.all", "n"]["status"] == "unchanged"
    assert changes["survey.attacks.2.information.all", "n"]["current"] == WAVE2_RESPONDENTS
    for wave in ("wave:1", "wave:2"):
        rows = [r for r in changes.values() if r["period"] == wave]
        assert rows and all(r["status"] == "unchanged" for r in rows), wave
    # the dynamics move to the latest two waves: 1 -> 2 is no longer published, 2 -> 3 is new
    dynamics = {r["period"]: r["status"] for r in changes.values() if r["table"] == "index_dynamics"}
    assert dynamics == {"wave:1;wave:2": "discontinued", "wave:2;wave:3": "new"}


def test_the_example_names_the_two_waves_it_compares(example_build):
    text = re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", " ", (example_build / "bulletin_en.html").read_text("utf-8")))
    assert "Between survey waves 2 and 3, the national risk index went from" in text
    assert "Between the survey waves the level" not in text


def test_the_example_audit_has_no_mismatch(example_build):
    """config/published/example_2018.yaml keeps the figures the example does not move: season 1's
    (the bundled rows, unchanged), media's of seasons 1 and 2 (the example adds media in season 3
    only) and the survey's of wave 2 (byte for byte); each matched in the bundled audit. Only the
    three figures no table holds are not computable."""
    processed = example_build.parents[2] / "data" / "examples" / "2018" / "processed"
    audit = pq.read_table(processed / "reproduction.parquet")
    status = dict(zip(audit.column("figure_id").to_pylist(), audit.column("status").to_pylist()))
    assert [f for f, s in status.items() if s == "mismatch"] == []
    assert {f for f, s in status.items() if s == "not_computable"} == NO_TABLE
    assert status["incidents.count.s1"] == "match" and "incidents.count.s2" not in status
    assert status["survey.respondents"] == "match"  # 131: wave 2, not the example's latest


def test_the_example_figures_file_is_the_scripts_output():
    script = load_script(ROOT / "scripts" / "example_published.py", "example_published")
    committed = (ROOT / "config" / "published" / "example_2018.yaml").read_text(encoding="utf-8")
    assert committed == script.example_text(script.SOURCE.read_text(encoding="utf-8"))
    # what it drops, by hand: no latest wave, no total over the seasons, no dynamics, no figure
    # the bulletin contradicts; the survey figures are wave 2's
    figures = committed.split("\nfigures:\n", 1)[1]  # after the header, which names them
    assert "wave: latest" not in figures and "season: all" not in figures
    assert "table: index_dynamics" not in figures and "consistent: false" not in figures
    assert "filter: {wave: 2, attack_type: information, group: all}" in figures
