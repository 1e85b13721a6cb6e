"""benchmarks/build.py: its copy of the workflow and its reading of Snakemake's benchmark files.

The timed runs themselves are the script's job, not the tests' (speed is measured by scripts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow_helpers import load_script

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "build.py"


@pytest.fixture(scope="module")
def build():
    return load_script(SCRIPT, "hrd_benchmark_build")


HEADER = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"


def test_job_seconds_reads_the_s_column_of_each_file(build, tmp_path: Path) -> None:
    (tmp_path / "report" / "reports" / "build").mkdir(parents=True)
    (tmp_path / "ingest").mkdir()
    (tmp_path / "report" / "reports" / "build" / "ru.tsv").write_text(
        HEADER + "6.5021\t0:00:06\t300\t900\t250\t260\t1\t2\t95.0\t6.1\n", encoding="utf-8"
    )
    (tmp_path / "ingest" / "media.tsv").write_text(
        HEADER + "0.7500\t0:00:00\t150\t700\t120\t130\t0\t1\t90.0\t0.7\n", encoding="utf-8"
    )
    assert build.job_seconds(tmp_path) == {"ingest/media": 0.75, "report/reports/build/ru": 6.5021}


def test_verdict_is_on_the_median(build) -> None:
    assert build.verdict([25.0, 19.0, 19.5], 20.0) == "met"
    assert build.verdict([19.0, 21.0, 20.0], 20.0) == "MISSED"


def test_a_cold_run_starts_from_no_generated_file(build, tmp_path: Path) -> None:
    build.copy_workflow(tmp_path)
    assert (tmp_path / "Snakefile").is_file() and (tmp_path / "data" / "raw" / "survey.csv").is_file()
    for name in build.GENERATED:
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "x").write_text("old", encoding="utf-8")
    build.clean(tmp_path)
    assert not any((tmp_path / name).exists() for name in build.GENERATED)
    assert (tmp_path / "data" / "raw" / "survey.csv").is_file()
