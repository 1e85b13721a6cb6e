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
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin.contract.vocabulary import ALL, CHANNELS, TONES
from hrd_bulletin.io import read_table, write_table

# A material about no region in particular, and one whose tone the monitor did not code.
NATIONAL = "national"
UNCODED = "uncoded"
DIMENSIONS = ("season", "channel", "region", "tone")


def _dimension_codes(values: pd.Series, known: Sequence[str], blank: str | None = None) -> tuple[np.ndarray, list[str]]:
    """Integer codes of ``values`` as text in the order ``known`` + any unexpected value (sorted).

    With ``blank``, values are trimmed and a missing or blank cell becomes ``blank``; without it a
    missing cell is -1. Text work is done on the distinct values only, never per row.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy(dtype=np.int64)
        labels = pd.Series(values.cat.categories.astype(str), dtype=str)
    else:
        codes, uniques = pd.factorize(values.astype(str))
        codes = codes.astype(np.int64)
        labels = pd.Series(np.asarray(uniques, dtype=object), dtype=str)
    if blank is not None:
        labels = labels.str.strip()
        labels = pd.concat([labels.where(labels != "", blank), pd.Series([blank], dtype=str)], ignore_index=True)
        codes = np.where(codes < 0, len(labels) - 1, codes)
    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(labels)))
    extras = sorted(set(labels.iloc[used]) - set(known))
    order = [*known, *extras]
    lookup = np.append(pd.Index(order, dtype=object).get_indexer(labels.to_numpy(dtype=object)), -1)
    return lookup[codes], order


def media_summary(media: pd.DataFrame, regions: pd.DataFrame, seasons: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Materials counted over the full season x channel x region x tone cube with ``all`` margins."""
    season_order = [str(s["id"]) for s in seasons]
    season_codes, _ = _dimension_codes(media["season"], season_order)
    channel_codes, channel_order = _dimension_codes(media["channel"], CHANNELS)
    region_codes, region_order = _dimension_codes(media["region"], [*regions["code"].astype(str), NATIONAL], NATIONAL)
    tone_codes, tone_order = _dimension_codes(media["tone"], [*TONES, UNCODED], UNCODED)
    # Seasons outside the configuration are "unexpected" to the coder but counted nowhere.
    season_codes = np.where(season_codes < len(season_order), season_codes, -1)
    orders = {"season": season_order, "channel": channel_order, "region": region_order, "tone": tone_order}
    codes = {"season": season_codes, "channel": channel_codes, "region": region_codes, "tone": tone_codes}

    # Count the finest cells in a dense array (its size is the product of the dimension sizes,
    # not the number of materials), then give every dimension one more slot, ``all``, holding
    # the sum over that axis: the 16 grouping sets of the cube at once.
    shape = tuple(len(orders[dim]) for dim in DIMENSIONS)
    keep = (codes["season"] >= 0) & (codes["channel"] >= 0)
    flat = np.ravel_multi_index(tuple(codes[dim][keep] for dim in DIMENSIONS), shape)
    cells = np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape)
    cube = cells
    for axis in range(len(DIMENSIONS)):
        cube = np.concatenate([cube, cube.sum(axis=axis, keepdims=True)], axis=axis)

    # Sparse: a combination appears when a material falls in it; the grand total and each
    # season's total always appear, so a season without material still shows 0.
    present = cube > 0
    present[:, -1, -1, -1] = True
    index = np.nonzero(present)  # C order = season, channel, region, tone; ``all`` last in each
    out = pd.DataFrame(
        {
            dim: pd.Series(np.array([*orders[dim], ALL], dtype=object)[index[i]], dtype=str)
            for i, dim in enumerate(DIMENSIONS)
        }
    )
    out["materials"] = cube[index].astype("int64")
    return out


def run_media(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: media_summary from the clean media table and the regions reference."""
    table = media_summary(read_table(input["media"]), read_table(input["regions"]), params["seasons"])
    write_table(table, output["media_summary"], "media_summary")
