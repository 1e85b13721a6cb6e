"""Running the workflow in a temporary copy of the project, and the project's scripts, for the tests."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW_FILES = [
    "Snakefile",
    "rules",
    "scripts",
    "config",
    "environment.yml",
    "reports/workflow",
    "content",
]


def copy_workflow(dest: Path, with_data: bool = True) -> Path:
    for name in WORKFLOW_FILES:
        src = ROOT / name
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    if with_data:
        shutil.copytree(ROOT / "data" / "raw", dest / "data" / "raw")
    return dest


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # options with several values (--configfile) must not swallow the ones after them
        [sys.executable, "-m", "snakemake", *args, "--cores", "2", "--quiet"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=900,
    )


def dry_run_jobs(workdir: Path, *args: str) -> dict[str, int]:
    """What a run would do now: rule name -> number of jobs (Snakemake's 'Job stats' table)."""
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", *args, "--dry-run", "--cores", "2"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = (run.stdout + run.stderr).splitlines()
    if not any(line.startswith("Job stats:") for line in lines):
        return {}
    start = next(i for i, line in enumerate(lines) if line.startswith("Job stats:"))
    counts: dict[str, int] = {}
    for line in lines[start + 3 :]:
        parts = line.split()
        if len(parts) != 2 or parts[0] == "total":
            break
        counts[parts[0]] = int(parts[1])
    return counts


def load_script(path: Path, name: str) -> ModuleType:
    """Import a script that is not in a package (benchmarks/*.py) as the module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
