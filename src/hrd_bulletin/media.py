"""Media-monitoring metric table (bulletin part IV): the season x channel x region x tone cube.

``media_summary`` is SQL ``GROUP BY CUBE(season, channel, region, tone)`` with ``all`` for a
rolled-up dimension. The cube is sparse: a combination appears only when at least one material
falls in it, except that the grand total and every ``(season, all, all, all)`` row are always
present (0 when a season has no material), so a season's total is never missing. An empty
region is ``national``, an empty tone ``uncoded``. Materials whose ``season`` is missing or not a
configured season (and the few with no channel) are counted nowhere.

Rows are sorted by season (config order), channel (press, social, hrd_site), region (reference
order, then ``national``), tone (supportive, neutral, hostile, uncoded), ``all`` last in each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin.io import read_table, write_table

ALL = "all"
NATIONAL = "national"
UNCODED = "uncoded"
CHANNELS = ("press", "social", "hrd_site")
TONES = ("supportive", "neutral", "hostile")
DIMENSIONS = ("season", "channel", "region", "tone")


def _ordered_codes(values: pd.Series, known: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Integer codes of ``values`` in the order ``known`` + any unexpected value (sorted); -1 = missing."""
    text = values.astype(str)
    extras = sorted(set(text.dropna().unique()) - set(known))
    order = [*known, *extras]
    codes = pd.Categorical(text, categories=order).codes.astype("int64")
    return codes, order


def _blank_as(values: pd.Series, label: str) -> pd.Series:
    """``values`` as str with missing or blank cells replaced by ``label``."""
    text = values.astype(str).str.strip()
    return text.where(text.notna() & (text != ""), label)


def media_summary(media: pd.DataFrame, regions: pd.DataFrame, seasons: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Materials counted over the full season x channel x region x tone cube with ``all`` margins."""
    season_order = [str(s["id"]) for s in seasons]
    season_codes = pd.Categorical(media["season"].astype(str), categories=season_order).codes.astype("int64")
    channel_codes, channel_order = _ordered_codes(media["channel"], CHANNELS)
    region_codes, region_order = _ordered_codes(
        _blank_as(media["region"], NATIONAL), [*regions["code"].astype(str), NATIONAL]
    )
    tone_codes, tone_order = _ordered_codes(_blank_as(media["tone"], UNCODED), [*TONES, UNCODED])
    orders = {"season": season_order, "channel": channel_order, "region": region_order, "tone": tone_order}

    codes = pd.DataFrame(
        {"season": season_codes, "channel": channel_codes, "region": region_codes, "tone": tone_codes}
    )
    codes = codes.loc[(codes["season"] >= 0) & (codes["channel"] >= 0)]
    # Count the finest cells once; the 15 coarser grouping sets only re-aggregate the cells,
    # whose number is bounded by the product of the dimension sizes, not by the materials.
    cells = codes.groupby(list(DIMENSIONS), sort=False).size().rename("materials").reset_index()

    all_code = {dim: len(orders[dim]) for dim in DIMENSIONS}
    parts = []
    for rolled in product((False, True), repeat=len(DIMENSIONS)):
        keep = [dim for dim, r in zip(DIMENSIONS, rolled) if not r]
        if keep:
            part = cells.groupby(keep, sort=False)["materials"].sum().reset_index()
        else:
            part = pd.DataFrame({"materials": [int(cells["materials"].sum())]})
        for dim, r in zip(DIMENSIONS, rolled):
            if r:
                part[dim] = all_code[dim]
        parts.append(part[[*DIMENSIONS, "materials"]])
    cube = pd.concat(parts, ignore_index=True)

    # Season totals stay visible even for a season without material.
    season_totals = pd.DataFrame(
        {
            "season": np.arange(len(season_order), dtype="int64"),
            "channel": all_code["channel"],
            "region": all_code["region"],
            "tone": all_code["tone"],
            "materials": 0,
        }
    )
    cube = pd.concat([cube, season_totals], ignore_index=True)
    cube = cube.drop_duplicates(subset=list(DIMENSIONS), keep="first")
    cube = cube.sort_values(list(DIMENSIONS), kind="stable").reset_index(drop=True)

    out = pd.DataFrame(
        {dim: pd.Series(np.array([*orders[dim], ALL], dtype=object)[cube[dim].to_numpy()], dtype=str)
         for dim in DIMENSIONS}
    )
    out["materials"] = cube["materials"].astype("int64").to_numpy()
    return out


def run_media(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: media_summary from the clean media table and the regions reference."""
    table = media_summary(read_table(input["media"]), read_table(input["regions"]), params["seasons"])
    write_table(table, output["media_summary"])
