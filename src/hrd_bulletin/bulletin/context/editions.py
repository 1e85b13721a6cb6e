"""What changed since the last edition: the comparison table (edition_changes.parquet) as the
bulletin and the reviewers' report print it. Nothing is compared here: the rule
edition_changes did that from the two releases (hrd_bulletin.release.compare)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import records
from hrd_bulletin.contract.processed import table_schema
from hrd_bulletin.release.tables import ID_PREFIX

DENOMINATOR = "n"
STATUSES: tuple[str, ...] = ("new", "revised", "changed", "discontinued", "unchanged")


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    # Largest absolute change first; ties (and rows without one) by figure id and column.
    size = frame["abs_change"].abs().fillna(-1.0)
    return frame.assign(_size=size).sort_values(
        ["_size", "figure_id", "column"], ascending=[False, True, True], kind="mergesort"
    )


def _by_table(revised: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """The revised values grouped by their open-data table (in the release's order of tables),
    each group titled in the edition's language, largest change first within it."""
    order = {table: i for i, table in enumerate(ID_PREFIX)}
    groups = []
    for table in sorted(set(revised["table"]), key=lambda t: (order.get(t, len(order)), t)):
        schema = table_schema(table)
        title = str(schema.get(f"title_{lang}") or schema.get("title") or table)
        groups.append({"table": table, "title": title, "rows": records(revised[revised["table"] == table])})
    return groups


def edition_changes(changes: pd.DataFrame | None, lang: str = "en") -> dict[str, Any]:
    """``first``: no previous edition; else the counts by status, every revised value (largest
    change first, and grouped by table) and every value that is not unchanged (for the
    reviewers' report)."""
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
        "revised_by_table": _by_table(revised[~denominators], lang),
        "revised_denominators": int(denominators.sum()),
        # Between periods (context.periods), filled in by the report when the comparison has them.
        "periods": None,
        "chart": None,
        "differing": records(differing.sort_values(["figure_id", "column"], kind="mergesort")),
    }
