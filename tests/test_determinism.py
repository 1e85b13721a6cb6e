"""Two builds of the bundled data give the same bytes, and a build killed while the bulletin is
being written is never taken for finished: the documented rerun completes it identically.

The second build is the interrupted one: every table and figure comes from its uninterrupted
first part, the bulletins from the rerun, so one comparison with the session's clean build
covers both promises (two builds instead of three; each takes about a minute).
"""

from __future__ import annotations

import base64
import binascii
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workflow_helpers import copy_workflow, snakemake

COMPARED = ("data/processed", "reports/build")
POLL_SECONDS = 0.05
BUILD_TIMEOUT = 600


def _incomplete(work: Path) -> set[str]:
    """Outputs Snakemake has marked incomplete (.snakemake/incomplete/<base64 of the path>)."""
    folder = work / ".snakemake" / "incomplete"
    names = set()
    if folder.is_dir():
        for marker in folder.iterdir():
            try:
                names.add(base64.urlsafe_b64decode(marker.name).decode("utf-8"))
            except (binascii.Error, UnicodeDecodeError):
                continue
    return names


def _files(root: Path) -> dict[str, bytes]:
    """Every file under the compared directories (hidden ones too), by relative path."""
    out = {}
    for top in COMPARED:
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def resumed(tmp_path_factory):
    """A build killed (SIGKILL to its process group) while a report job runs, then rerun."""
    work = copy_workflow(tmp_path_factory.mktemp("resumed"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    running: set[str] = set()
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            running = {p for p in _incomplete(work) if Path(p).name.startswith("bulletin_")}
            if running:
                break
            time.sleep(POLL_SECONDS)
        # Let the report job get under way (WeasyPrint takes seconds), then pull the plug.
        time.sleep(1.0)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    killed = {
        "returncode": proc.returncode,
        "report_jobs": running,
        "pdfs": {str(p.relative_to(work)) for p in (work / "reports" / "build").glob("bulletin_*.pdf")},
        "incomplete": _incomplete(work),
    }
    # A killed Snakemake leaves its lock behind: --unlock, then the documented rerun.
    unlock = snakemake(work, "--unlock")
    rerun = snakemake(work, "--rerun-incomplete")
    return work, killed, unlock, rerun


def test_the_build_was_killed_during_a_report_job(resumed) -> None:
    _work, killed, _unlock, _rerun = resumed
    assert killed["returncode"] == -signal.SIGKILL
    assert killed["report_jobs"], "the build finished before a report job was seen"


def test_a_killed_pdf_is_absent_or_marked_incomplete(resumed) -> None:
    _work, killed, _unlock, _rerun = resumed
    for pdf in killed["pdfs"]:
        assert pdf in killed["incomplete"], f"{pdf} exists and is not marked incomplete"


def test_the_rerun_completes_and_leaves_nothing_incomplete(resumed) -> None:
    work, _killed, unlock, rerun = resumed
    assert unlock.returncode == 0, unlock.stderr[-2000:]
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert _incomplete(work) == set()
    for lang in ("ru", "en"):
        assert (work / "reports" / "build" / f"bulletin_{lang}.pdf").read_bytes().startswith(b"%PDF-")
    assert "Nothing to be done" in (lambda r: r.stdout + r.stderr)(snakemake(work, "--dry-run"))


def test_two_builds_are_byte_identical(bundled, resumed) -> None:
    work = resumed[0]
    assert resumed[3].returncode == 0
    clean, other = _files(bundled), _files(work)
    assert sorted(clean) == sorted(other)
    # Every kind of output is compared: Parquet (incl. rejected/ and ingest/), SVG, PDF, HTML.
    suffixes = {Path(name).suffix for name in clean}
    assert {".parquet", ".svg", ".pdf", ".html"} <= suffixes
    assert any("/rejected/" in n for n in clean) and any("/ingest/" in n for n in clean)
    differ = [name for name in clean if clean[name] != other[name]]
    assert differ == []
