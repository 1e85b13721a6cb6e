"""benchmarks/run.py keeps working: a bundled-size run, the stage table, the DuckDB equality check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workflow_helpers import load_script

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
STAGES = [
    "reference_tables",
    "clean_survey",
    "clean_incidents",
    "clean_violations",
    "clean_court_cases",
    "clean_media",
    "survey_tables",
    "index_tables",
    "incident_tables",
    "court_outcomes",
    "media_summary",
]
# Scale 1 (the bundled dataset's sizes): --media above 555 keeps every generated material.
SMALL = ["--incidents", "967", "--media", "1000", "--respondents", "249", "--inline"]


@pytest.fixture(scope="module")
def bench():
    return load_script(SCRIPT, "hrd_benchmark_run")


def _stage_rows(out: str) -> dict[str, list[str]]:
    """Rows of the stage table keyed by stage name."""
    rows = {}
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] in STAGES and len(fields) == 6:
            rows[fields[0]] = fields
    return rows


def test_small_run_without_duckdb_prints_every_stage(bench, tmp_path, capsys):
    code = bench.main([*SMALL, "--no-duckdb", "--workdir", str(tmp_path), "--keep"])
    out = capsys.readouterr().out
    assert code == 0
    assert "stage                   rows in   wall s  peak MB  DuckDB s  ratio" in out
    assert "generated in" in out and "incidents 967, violations 1046, court_cases 79, media 555" in out
    rows = _stage_rows(out)
    assert list(rows) == STAGES
    # rows in: the raw rows for ingest, the clean rows read for the metrics (967 + 1046 for incidents)
    assert rows["clean_incidents"][1] == "967"
    assert rows["incident_tables"][1] == "2013"
    assert rows["media_summary"][1] == "555"
    assert rows["incident_tables"][4:] == ["-", "-"]
    assert "not measured (--no-duckdb)" in out
    assert (tmp_path / "processed" / "media_summary.parquet").is_file()

    # The real mode: one stage in a fresh interpreter, measured there.
    result = bench.run_stage(tmp_path, "court_outcomes", inline=False)
    assert result["stage"] == "court_outcomes"
    assert result["rows_in"] == 79
    assert result["peak_mb"] > 0
    # The workflow's own entry point ran: its output is the rule's output.
    assert (tmp_path / "processed" / "court_outcomes.parquet").is_file()


def test_small_run_with_duckdb_finds_equal_tables(bench, tmp_path, capsys):
    pytest.importorskip("duckdb")
    code = bench.main([*SMALL, "--workdir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "equality: all 10 DuckDB tables equal the pandas metric tables" in out
    rows = _stage_rows(out)
    assert list(rows) == STAGES
    for stage in ("incident_tables", "court_outcomes", "media_summary"):
        assert rows[stage][4] != "-"
    assert rows["survey_tables"][4] == "-"
    assert not tmp_path.joinpath("raw").exists()  # removed without --keep


def test_compare_table_reports_a_count_and_a_share_difference(bench):
    ours = pd.DataFrame(
        {"season": ["S1", "all"], "victim_category": ["a", "a"], "incidents": [2, 3], "n": [4, 6], "share": [0.5, 0.5]}
    )
    # Same rows in another order: equal.
    assert bench.compare_table("victim_categories", ours, ours.iloc[::-1]) == []
    theirs = ours.assign(incidents=[2, 4], share=[0.5, 0.5 + 1e-9])
    problems = bench.compare_table("victim_categories", ours, theirs)
    assert len(problems) == 2
    assert problems[0].startswith("victim_categories.incidents: 1 rows differ")
    assert problems[1].startswith("victim_categories.share: 1 rows differ")
    # Within 1e-12 a share is equal; a missing value equals only a missing value.
    assert bench.compare_table("victim_categories", ours, ours.assign(share=[0.5, 0.5 + 1e-14])) == []
    nulls = ours.assign(share=pd.array([0.5, None], dtype="Float64"))
    assert len(bench.compare_table("victim_categories", ours, nulls)) == 1
    assert bench.compare_table("victim_categories", nulls, nulls.assign(share=[0.5, float("nan")])) == []
