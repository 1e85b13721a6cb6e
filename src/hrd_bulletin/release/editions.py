"""The Snakemake entry of rule ``edition_changes``: two editions' released figures -> the comparison."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import write_table
from hrd_bulletin.release.compare import DEFAULT_MIN_BASE, compare, read_release, summary
from hrd_bulletin.release.periods import between_periods, tested

LOGGER = logging.getLogger("hrd_bulletin.release")
TABLE = "edition_changes"
PERIODS_TABLE = "period_changes"


def run_edition_changes(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of rule ``edition_changes``.

    input: ``current`` (this edition's ``open-data/datapackage.json``; figures.csv beside it)
    and ``previous`` (config previous_edition: a release directory or zip).
    output: ``changes`` (``edition_changes.parquet``: every value against the previous edition's)
    and ``periods`` (``period_changes.parquet``: the new season or wave against the previous
    edition's last, hrd_bulletin.release.periods). params: ``min_base``.
    """
    if not input.get("previous"):
        raise ConfigError("config: previous_edition is not set: there is no previous edition to compare with")
    current = read_release(Path(str(input["current"])).parent)
    previous = read_release(str(input["previous"]))
    min_base = float(params.get("min_base", DEFAULT_MIN_BASE))
    changes = compare(previous, current, min_base)
    write_table(changes, str(output["changes"]), TABLE)
    counts = ", ".join(f"{status} {n}" for status, n in summary(changes).items())
    LOGGER.info("edition changes: %s against %s: %s", current.edition_id, previous.edition_id, counts)
    if "periods" in output:
        periods = between_periods(previous, current, min_base)
        write_table(periods, str(output["periods"]), PERIODS_TABLE)
        LOGGER.info("between periods: %d values; tests: %s", len(periods), tested(periods))
