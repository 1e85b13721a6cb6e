"""Part III: incidents and violations by season, region and settlement; victims, threats, state, courts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import (
    one_row,
    plain,
    records,
    select_rows,
    top_rows,
)
from hrd_bulletin.bulletin.context.findings import rate_change, share_and_count
from hrd_bulletin.bulletin.glossary import glossary
from hrd_bulletin.contract.vocabulary import (
    ALL,
)
from hrd_bulletin.i18n import transliterate

TOP_SETTLEMENT_RANKS = 3  # dense ranks shown in the settlement table (ties kept together)


def _settlements(
    settlements: pd.DataFrame,
    ids: Sequence[str],
    seasons: Sequence[Mapping[str, Any]],
    regions: Mapping[str, str],
    spell: Callable[[str], str] = str,
) -> dict[str, Any]:
    """Top settlements per season and overall (dense ranks 1-3) and the leaders' counts by season.

    Settlement names are monitors' free text: they are passed on as plain strings and printed
    only through autoescaped template expressions.
    """
    table = "incidents_by_settlement"

    def labelled(rows: pd.DataFrame) -> list[dict[str, Any]]:
        return [
            {
                **r,
                "label": spell(r["settlement"]),
                "region_label": None if r["region"] is None else regions.get(r["region"], r["region"]),
            }
            for r in records(rows)
        ]

    top = {}
    for sid in (*ids, ALL):
        rows = select_rows(settlements, table, season=sid)
        rows = rows[(rows["rank"] <= TOP_SETTLEMENT_RANKS) & (rows["incidents"] > 0)]
        top[sid] = labelled(rows.sort_values(["rank", "settlement"], kind="stable"))
    # The table lists only settlements with incidents in a season: a missing row is 0.
    region_key = settlements["region"].astype("str").fillna("")
    leaders = []
    for leader in (r for r in top[ALL] if r["rank"] == 1):
        same = settlements[
            (settlements["settlement"] == leader["settlement"]) & (region_key == (leader["region"] or ""))
        ]
        counts = dict(zip(same["season"].astype(str), same["incidents"]))
        leaders.append(
            {
                **leader,
                "seasons": [
                    {"id": sid, "label": str(s.get("label") or sid), "incidents": plain(counts.get(sid, 0))}
                    for sid, s in zip(ids, seasons)
                ],
            }
        )
    return {
        "top": top,
        "leaders": leaders,
        "firsts": {sid: [r for r in top[sid] if r["rank"] == 1] for sid in ids},
        "seconds": {sid: [r for r in top[sid] if r["rank"] == 2] for sid in ids},
    }


Labels = Mapping[str, Mapping[str, str]]


def _regions(regions: pd.DataFrame, ids: Sequence[str], labels: Labels) -> dict[str, Any]:
    """The three regions with most incidents per season and overall, and the full region table."""

    def region_top(sid: str, k: int) -> list[dict[str, Any]]:
        rows = select_rows(regions, "incidents_by_region", season=sid)
        rows = rows[(rows["rank"] <= k) & (rows["incidents"] > 0)].sort_values(["rank"], kind="stable")
        return [{"label": labels["regions"].get(r["region"], r["region"]), **r} for r in records(rows)]

    region_table = []
    for code, label in labels["regions"].items():
        cells = {
            sid: one_row(regions, "incidents_by_region", season=sid, region=code)["incidents"] for sid in (*ids, ALL)
        }
        region_table.append({"label": label, "cells": cells})
    return {"regions_top": {sid: region_top(sid, 3) for sid in (*ids, ALL)}, "region_table": region_table}


def _victims(victims: pd.DataFrame, ids: Sequence[str], labels: Labels) -> dict[str, list[dict[str, Any]]]:
    def victims_of(sid: str) -> list[dict[str, Any]]:
        rows = select_rows(victims, "victim_categories", season=sid).sort_values(
            "incidents", ascending=False, kind="stable"
        )
        return [
            {"label": labels["victim_categories"].get(r["victim_category"], r["victim_category"]), **r}
            for r in records(rows)
        ]

    return {sid: victims_of(sid) for sid in (*ids, ALL)}


def _threat_types(
    threat_types: pd.DataFrame, by_season: pd.DataFrame, ids: Sequence[str], labels: Labels
) -> dict[str, Any]:
    """The top three threat types per season and overall, and the top new ones of the last season."""

    def types_top(sid: str, k: int) -> list[dict[str, Any]]:
        rows = select_rows(threat_types, "threat_types", season=sid)
        rows = rows[(rows["rank"] <= k) & (rows["violations"] > 0)].sort_values(["rank"], kind="stable")
        return [{"label": labels["threat_types"].get(r["threat_type"], r["threat_type"]), **r} for r in records(rows)]

    last = ids[-1]
    new_codes = (one_row(by_season, "incidents_by_season", season=last).get("new_threat_type_codes") or "").split(";")
    new_rows = select_rows(threat_types, "threat_types", season=last, threat_type=[c for c in new_codes if c])
    new_top = top_rows(new_rows[new_rows["violations"] > 0], "violations", 3)
    return {
        "types_top": {sid: types_top(sid, 3) for sid in (*ids, ALL)},
        "new_types_top": [
            {"label": labels["threat_types"].get(r["threat_type"], r["threat_type"]), **r} for r in records(new_top)
        ],
    }


def _sources(sources: pd.DataFrame, ids: Sequence[str], labels: Labels) -> dict[str, Any]:
    """The top three sources of threats overall, and the sources new in the last season."""
    sources_all = top_rows(select_rows(sources, "threat_sources", season=ALL), "incidents", 3)
    new_sources = select_rows(sources, "threat_sources", season=ids[-1])
    new_sources = (
        new_sources[new_sources["is_new"].fillna(False).astype(bool)] if len(ids) > 1 else new_sources.iloc[0:0]
    )
    return {
        "sources_top": [
            {"label": labels["actors"].get(r["source_actor"], r["source_actor"]), **r} for r in records(sources_all)
        ],
        "new_sources": [labels["actors"].get(c, c) for c in new_sources["source_actor"].astype(str)],
    }


def english_place(name: str) -> str:
    """A settlement as the English edition spells it: the glossary's city name (Kazakh-based
    romanisation: Уральск -> Oral) where it has the Russian name, else transliterated."""
    for key, entry in glossary().items():
        if key.startswith("city.") and entry.ru == name:
            return entry.en
    return transliterate(name)


def _state(split: pd.DataFrame, ids: Sequence[str]) -> dict[str, Any]:
    """The state's incidents by season, and how its count and share moved in the last season."""
    rows = {sid: one_row(split, "threat_source_split", season=sid, is_state=True) for sid in (*ids, ALL)}
    moved = share_and_count(rows[ids[-2]], rows[ids[-1]]) if len(ids) > 1 else None
    return {"state_share": rows, "state_moved": moved}


def incidents(
    tables: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    labels: Labels,
    lang: str = "ru",
) -> dict[str, Any]:
    """Part III: incidents, violations, regions, settlements, victims, threat types and sources, state, courts."""
    ids = [str(s["id"]) for s in seasons]
    by_season = tables["incidents_by_season"]
    season_rows = [one_row(by_season, "incidents_by_season", season=sid) for sid in ids]
    return {
        "seasons": [{**row, "rate": rate_change(row)} for row in season_rows],
        "total": one_row(by_season, "incidents_by_season", season=ALL),
        "first": season_rows[0],
        "last": {**season_rows[-1], "rate": rate_change(season_rows[-1])},
        **_regions(tables["incidents_by_region"], ids, labels),
        # Settlements are reported in Russian; the English edition spells them in Latin letters.
        "settlements": _settlements(
            tables["incidents_by_settlement"],
            ids,
            seasons,
            labels["regions"],
            english_place if lang == "en" else str,
        ),
        "victims": _victims(tables["victim_categories"], ids, labels),
        **_threat_types(tables["threat_types"], by_season, ids, labels),
        **_sources(tables["threat_sources"], ids, labels),
        **_state(tables["threat_source_split"], ids),
        "state": one_row(tables["state_response"], "state_response", season=ALL),
        "courts": one_row(tables["court_outcomes"], "court_outcomes", season=ALL),
    }
