"""Part IV: the media monitoring."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import (
    maybe_row,
    records,
    select_rows,
    top_rows,
)
from hrd_bulletin.bulletin.context.findings import direction
from hrd_bulletin.bulletin.context.labels import UNCODED_LABEL, vocab
from hrd_bulletin.contract.vocabulary import (
    ALL,
    CHANNELS,
    TONES,
)
from hrd_bulletin.metrics.media import NATIONAL, UNCODED


def _own_sites_lead(before: Mapping[str, int], after: Mapping[str, int]) -> bool:
    """Whether the defenders' own sites grew and grew more than the press and social media."""
    own = after["hrd_site"] - before["hrd_site"]
    return own > 0 and own > after["press"] - before["press"] and own > after["social"] - before["social"]


def media(
    tables: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, Mapping[str, str]],
    tr: Any,
    lang: str,
) -> dict[str, Any]:
    """Part IV: the media monitoring (materials by season and channel, tone, regions)."""
    ids = [str(s["id"]) for s in seasons]
    media = tables["media_summary"]

    def count(season: str, channel: str = ALL, region: str = ALL, tone: str = ALL) -> int:
        row = maybe_row(media, "media_summary", season=season, channel=channel, region=region, tone=tone)
        return 0 if row is None else int(row["materials"])

    def regions_top(sid: str) -> list[dict[str, Any]]:
        rows = select_rows(media, "media_summary", season=sid, channel=ALL, tone=ALL)
        rows = rows[~rows["region"].isin([ALL, NATIONAL]) & (rows["materials"] > 0)]
        return [
            {"label": labels["regions"].get(r["region"], r["region"]), **r}
            for r in records(top_rows(rows, "materials", 3))
        ]

    per_season = [
        {"season": sid, "total": count(sid), **{c: count(sid, channel=c) for c in CHANNELS}} for sid in (*ids, ALL)
    ]
    tone = [
        {
            "tone": t,
            "label": tr.gettext(UNCODED_LABEL) if t == UNCODED else vocab("tone", t, lang),
            "materials": count(ALL, tone=t),
        }
        for t in (*TONES, UNCODED)
    ]
    seasons_rows = per_season[:-1]
    return {
        "seasons": seasons_rows,
        # The last season against the one before: total, and whether the defenders' own sites
        # account for most of a rise.
        "change": direction(seasons_rows[-2]["total"], seasons_rows[-1]["total"]) if len(seasons_rows) > 1 else None,
        "own_sites_lead": len(seasons_rows) > 1 and _own_sites_lead(seasons_rows[-2], seasons_rows[-1]),
        "total": per_season[-1],
        "channel_labels": {c: vocab("channel", c, lang) for c in CHANNELS},
        "tone": tone,
        "tone_leader": max(tone[:3], key=lambda t: t["materials"])["tone"],
        "regions_top": {sid: regions_top(sid) for sid in ids},
    }
