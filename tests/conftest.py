"""Shared fixtures: the bundled data built once per session in a temporary copy of the workflow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from workflow_helpers import copy_workflow, snakemake


@pytest.fixture(scope="session")
def bundled(tmp_path_factory):
    """The bundled data built end to end (both editions) in a temporary copy of the workflow."""
    work = copy_workflow(tmp_path_factory.mktemp("bundled"))
    run = snakemake(work)
    assert run.returncode == 0, run.stderr[-3000:]
    return work
