"""The methodology page: how each index is scored, read from config/indices.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hrd_bulletin.bulletin.context.labels import (
    SCORE_TYPES,
)


def methodology(indices_spec: Mapping[str, Any] | None, lang: str, tr: Any) -> list[dict[str, Any]]:
    """The operationalisation of the indices, read generically from the YAML structure."""
    out = []
    for name, index in ((indices_spec or {}).get("indices") or {}).items():
        items = []
        for item in index.get("items") or []:
            score = item.get("score") or {}
            kind = score.get("type", "")
            if kind == "map":
                detail = "; ".join(f"{_yaml_key(k)} → {v}" for k, v in (score.get("map") or {}).items())
            elif kind == "linear":
                low, high = (score.get("from") or [None, None])[:2]
                detail = f"[{low}; {high}] → [1; 5]"
            elif kind == "bands":
                detail = "; ".join(f"≥ {b.get('min')} → {b.get('score')}" for b in score.get("bands") or [])
            else:
                detail = ""
            items.append(
                {
                    "column": str(item.get("column", "")),
                    "weight": item.get("weight"),
                    "type": tr.gettext(SCORE_TYPES[kind]) if kind in SCORE_TYPES else kind,
                    "detail": detail,
                }
            )
        out.append(
            {
                "name": name,
                "label": str(index.get(f"label_{lang}", name)),
                "items": items,
                "min_items": index.get("min_items"),
                "levels": index.get("levels") or {},
            }
        )
    return out


def _yaml_key(key: Any) -> str:
    # YAML reads true/false keys as booleans; show them as the contract writes them.
    return str(key).lower() if isinstance(key, bool) else str(key)
