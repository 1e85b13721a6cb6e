"""Part V: the regional indices, their dynamics and levels by group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import (
    maybe_row,
    more_exposed,
    one_row,
    records,
    select_rows,
)
from hrd_bulletin.bulletin.context.findings import index_change
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS_AND_ALL,
    INDEX_LEVELS,
    INDICES,
    ITEM_INDICES,
)
from hrd_bulletin.metrics.disclosure import COMPLEMENTARY, PRIMARY


def _region_rows(regional: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """One row per region in reference order; a suppressed region's indices are None."""
    rows = []
    for code, label in labels["regions"].items():
        row = maybe_row(regional, "regional_indices", region=code)
        if row is None:
            continue
        if row["suppressed"]:
            # Tables written before complementary suppression carry no `suppression`: primary.
            reason = COMPLEMENTARY if row.get("suppression") == COMPLEMENTARY else PRIMARY
            row = {**row, **dict.fromkeys(INDICES), "suppression": reason}
        else:
            row = {**row, "suppression": None}
        rows.append({"label": label, **row})
    return rows


def regional(
    tables: Mapping[str, pd.DataFrame],
    wave: int,
    labels: Mapping[str, Mapping[str, str]],
    index_labels: Mapping[str, str],
) -> dict[str, Any]:
    """Part V: regional indices (suppressed cells kept as None), dynamics and levels by group."""
    regional = select_rows(tables["regional_indices"], "regional_indices", wave=wave)
    national = one_row(regional, "regional_indices", region=ALL)
    rows = _region_rows(regional, labels)
    shown = [r for r in rows if not r["suppressed"] and r["risk"] is not None]
    by_risk = sorted(shown, key=lambda r: -r["risk"])
    highest = [r for r in by_risk if by_risk and r["risk"] == by_risk[0]["risk"]]
    lowest = sorted(shown, key=lambda r: r["risk"])[:2]
    top = highest[0] if highest else None
    compare = {}
    if top is not None:
        for name in ITEM_INDICES:
            a, b = top[name], national[name]
            compare[name] = None if a is None or b is None or a == b else ("above" if a > b else "below")
    dynamics = select_rows(tables["index_dynamics"], "index_dynamics", region=ALL)
    levels = select_rows(tables["index_levels"], "index_levels", wave=wave)
    level_rows = {
        name: {
            g: {lv: maybe_row(levels, "index_levels", index=name, level=lv, group=g) for lv in INDEX_LEVELS}
            for g in GROUPS_AND_ALL
        }
        for name in INDICES
    }
    return {
        "wave": wave,
        "national": national,
        "regions": rows,
        "suppressed": [r["label"] for r in rows if r["suppressed"]],
        "suppressed_primary": [r["label"] for r in rows if r["suppression"] == PRIMARY],
        "suppressed_complementary": [r["label"] for r in rows if r["suppression"] == COMPLEMENTARY],
        "highest": highest,
        "lowest": lowest,
        "compare": compare,
        # The indices above and below the national value, named together in one sentence.
        "above": [index_labels[name] for name in ITEM_INDICES if compare.get(name) == "above"],
        "below": [index_labels[name] for name in ITEM_INDICES if compare.get(name) == "below"],
        "safe_regions": [r["label"] for r in shown if r.get("security_level") == "high"],
        "dynamics": {r["index"]: index_change(r) for r in records(dynamics)},
        "levels": level_rows,
        "index_labels": index_labels,
        "risk_high_group": more_exposed(
            (level_rows["risk"]["individual"]["high"] or {}).get("share"),
            (level_rows["risk"]["organization"]["high"] or {}).get("share"),
        ),
        "security_low_group": more_exposed(
            (level_rows["security"]["individual"]["low"] or {}).get("share"),
            (level_rows["security"]["organization"]["low"] or {}).get("share"),
        ),
    }
