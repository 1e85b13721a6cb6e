"""One run at a time per output directory, whichever checkout it starts from.

Snakemake locks the outputs it knows of in its own working directory (``.snakemake/locks``): a
second checkout building into the same ``processed_dir`` or ``report_dir`` does not see that lock.
So a run holds ``LOCK_NAME`` in each of its output directories, with an exclusive ``flock`` for
as long as it runs (the kernel releases it if the run is killed, so no stale lock can stop a
later run); the file says who holds it. A second run stops with one line naming the holder and
what to do (``HeldError``), before any job starts.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import os
import socket
import sys
from collections.abc import Iterable
from pathlib import Path

from hrd_bulletin.errors import UserError

LOCK_NAME = ".hrd-bulletin.lock"
_HELD: dict[str, int] = {}  # lock file (absolute) -> descriptor, for the runs of this process


class HeldError(UserError):
    """The output directory is in use by another run."""


def _holder_text() -> str:
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pid {os.getpid()} on {socket.gethostname()}, started {started}, from {Path.cwd()}"


def _lock_one(directory: Path) -> None:
    path = (directory / LOCK_NAME).absolute()
    if str(path) in _HELD:
        return
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another run"
            os.close(fd)
            raise HeldError(
                f"{directory}: in use by another run ({holder}); wait until it ends, or build into "
                f"other directories (--config processed_dir=... report_dir=...)"
            ) from None
        # the holder before us may have removed the file between our open and our lock
        if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.pwrite(fd, (_holder_text() + "\n").encode("utf-8"), 0)
    _HELD[str(path)] = fd


def hold(directories: Iterable[str | Path]) -> None:
    """Hold every output directory for this run, or raise HeldError (releasing what it took)."""
    taken = set(_HELD)
    try:
        for directory in sorted({str(d) for d in directories}):
            _lock_one(Path(directory))
    except BaseException:
        for path in set(_HELD) - taken:
            _release_one(path)
        raise


def _release_one(path: str) -> None:
    fd = _HELD.pop(path, None)
    if fd is None:
        return
    with contextlib.suppress(OSError):
        os.unlink(path)  # while still locked: a waiting run then opens a new file
    os.close(fd)


def release() -> None:
    """Let go of every directory this process holds (the run ended)."""
    for path in list(_HELD):
        _release_one(path)


def hold_or_exit(directories: Iterable[str | Path]) -> None:
    """For the workflow's ``onstart``: hold the directories, or stop the run with one line."""
    try:
        hold(directories)
    except HeldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)


atexit.register(release)
