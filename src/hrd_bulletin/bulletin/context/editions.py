"""What changed since the last edition: the comparison table (edition_changes.parquet) as the
bulletin and the reviewers' report print it. Nothing is compared here: the rule
edition_changes did that from the two releases (hrd_bulletin.release.compare)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import records

DENOMINATOR = "n"
STATUSES: tuple[str, ...] = ("new", "revised", "changed", "discontinued", "unchanged")


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    # Largest absolute change first; ties (and rows without one) by figure id and column.
    size = frame["abs_change"].abs().fillna(-1.0)
    return frame.assign(_size=size).sort_values(
        ["_size", "figure_id", "column"], ascending=[False, True, True], kind="mergesort"
    )


def edition_changes(changes: pd.DataFrame | None) -> dict[str, Any]:
    """``first``: no previous edition; else the counts by status, every revised value (largest
    change first) and every value that is not unchanged (for the reviewers' report)."""
    if changes is None:
        return {"first": True}
    counts = changes["status"].value_counts()
    revised = _ordered(changes[changes["status"] == "revised"]).drop(columns="_size")
    # A denominator (column n) repeats on every row of its breakdown: the bulletin lists the
    # revised values, the reviewers' report the denominators as well.
    denominators = revised["column"] == DENOMINATOR
    differing = changes[changes["status"] != "unchanged"]
    return {
        "first": False,
        "previous_edition": str(changes["previous_edition"].iloc[0]) if len(changes) else "",
        "current_edition": str(changes["current_edition"].iloc[0]) if len(changes) else "",
        "counts": {status: int(counts.get(status, 0)) for status in STATUSES},
        "revised": records(revised[~denominators]),
        "revised_denominators": int(denominators.sum()),
        "differing": records(differing.sort_values(["figure_id", "column"], kind="mergesort")),
    }
