"""The bridge between Snakemake jobs and the package (hrd_bulletin.stage)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hrd_bulletin import stage


def test_release_scheduler_timers_cancels_pending_non_daemon_timers() -> None:
    fired: list[str] = []
    pending = threading.Timer(60.0, lambda: fired.append("pending"))
    daemon = threading.Timer(60.0, lambda: fired.append("daemon"))
    daemon.daemon = True
    pending.start()
    daemon.start()
    try:
        stage.release_scheduler_timers()
        pending.join(timeout=5.0)
        assert not pending.is_alive()
        assert daemon.is_alive()  # not Snakemake's kind of timer: left alone
        assert fired == []
    finally:
        daemon.cancel()


def test_a_user_error_is_one_line_and_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "job.log"
    figures = tmp_path / "published.yaml"
    figures.write_text("figures: 3\n", encoding="utf-8")
    status = stage.run_stage(
        "hrd_bulletin.metrics.reproduction:run_reproduction",
        {"figures": str(figures)},
        {"reproduction": str(tmp_path / "r.parquet")},
        {},
        str(log),
    )
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert "published.yaml: expected a mapping with a `figures` list" in log.read_text(encoding="utf-8")
    assert not (tmp_path / "r.parquet").exists()


def test_a_published_figures_file_that_is_not_yaml_is_a_user_error(tmp_path: Path) -> None:
    figures = tmp_path / "published.yaml"
    figures.write_text("figures:\n  - id: a\n   value: [1\n", encoding="utf-8")
    status = stage.run_stage(
        "hrd_bulletin.metrics.reproduction:run_reproduction",
        {"figures": str(figures)},
        {"reproduction": str(tmp_path / "r.parquet")},
        {},
        None,
    )
    assert status == 1


def test_entries_outside_the_package_are_refused() -> None:
    with pytest.raises(ValueError, match="hrd_bulletin"):
        stage.resolve("os:system")


def test_a_write_removes_the_temporary_file_a_killed_job_left(tmp_path: Path) -> None:
    from hrd_bulletin.io import atomic_write

    out = tmp_path / "bulletin_ru.pdf"
    stale = tmp_path / ".bulletin_ru.pdf.abc123.tmp"
    stale.write_bytes(b"half a PDF")
    other = tmp_path / ".review_ru.pdf.abc123.tmp"  # another output's: not this write's business
    other.write_bytes(b"x")
    atomic_write(out, lambda tmp: Path(tmp).write_bytes(b"%PDF-"))
    assert out.read_bytes() == b"%PDF-"
    assert not stale.exists() and other.exists()
