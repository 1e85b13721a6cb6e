"""Time the bundled bulletin's build: cold (both editions from raw data) and no-op.

Runs ``snakemake --cores all`` in a fresh copy of the workflow and the bundled raw data, so the
checkout's own outputs are left alone. Each cold run starts from no outputs and no Snakemake
metadata; each no-op run follows a complete build. Prints every wall time, the median and the
targets (cold < 20 s, no-op < 2.5 s), then the jobs of the last cold run by their own time
(Snakemake's ``benchmark:`` files), so a slow run can be told from a slow job.

    python benchmarks/build.py              # 3 cold runs, 3 no-op runs
    python benchmarks/build.py --runs 5 --workdir /tmp/b --keep
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW_FILES = [
    "Snakefile",
    "rules",
    "scripts",
    "config",
    "environment.yml",
    "reports/workflow",
    "data/raw",
    "content",
]
COLD_TARGET_S = 20.0
NOOP_TARGET_S = 2.5
# What a cold run removes: every output, log and benchmark, and Snakemake's records of them.
GENERATED = ["data/processed", "reports/build", "logs", ".snakemake"]


def copy_workflow(dest: Path) -> Path:
    """The workflow files and the bundled raw data, copied under ``dest``."""
    for name in WORKFLOW_FILES:
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    return dest


def clean(workdir: Path) -> None:
    """Remove every generated file, so that the next run is a cold one."""
    for name in GENERATED:
        shutil.rmtree(workdir / name, ignore_errors=True)


def timed_run(workdir: Path) -> float:
    """Wall seconds of one ``snakemake --cores all``, start-up included; raises if it fails."""
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "all", "--quiet"],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError(f"snakemake failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return elapsed


def job_seconds(benchmarks_dir: Path) -> dict[str, float]:
    """Seconds of each job from Snakemake's benchmark files (``s`` column), by file stem path."""
    jobs: dict[str, float] = {}
    for path in sorted(benchmarks_dir.rglob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header, last = lines[0].split("\t"), lines[-1].split("\t")
        name = str(path.relative_to(benchmarks_dir).with_suffix(""))
        jobs[name] = float(last[header.index("s")])
    return jobs


def verdict(seconds: Sequence[float], target: float) -> str:
    """'met' when the median is under the target, else 'MISSED'."""
    return "met" if statistics.median(seconds) < target else "MISSED"


def fmt(seconds: Sequence[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold runs and no-op runs (default 3 each)")
    parser.add_argument("--workdir", type=Path, help="where the copy goes (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hrd-build-bench-"))
    if workdir.exists() and any(workdir.iterdir()):
        raise SystemExit(f"error: {workdir} is not empty")
    copy_workflow(workdir)
    try:
        print(
            f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
            f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
        )
        cold = []
        for _ in range(args.runs):
            clean(workdir)
            cold.append(timed_run(workdir))
        jobs = job_seconds(workdir / "logs" / "benchmarks")
        noop = [timed_run(workdir) for _ in range(args.runs)]
        print(
            f"cold build (s):  {fmt(cold)}; median {statistics.median(cold):.1f}, "
            f"target < {COLD_TARGET_S:.0f}: {verdict(cold, COLD_TARGET_S)}"
        )
        print(
            f"no-op run (s):   {fmt(noop)}; median {statistics.median(noop):.1f}, "
            f"target < {NOOP_TARGET_S}: {verdict(noop, NOOP_TARGET_S)}"
        )
        print(f"jobs of the last cold run: {len(jobs)}, {sum(jobs.values()):.1f} s of work")
        for name, seconds in sorted(jobs.items(), key=lambda item: -item[1]):
            print(f"  {seconds:6.2f}  {name}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
