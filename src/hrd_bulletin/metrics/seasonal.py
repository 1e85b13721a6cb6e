"""Counting by season: every metric table has one block of rows per configured season, in
config order, then a block for ``all`` (every season together).

Rows whose ``season`` is missing or not a configured season id fall in no block. Counts are
built from integer codes (position in a known universe, -1 = left out) with ``np.bincount``, so
that a million incidents cost no per-row Python work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hrd_bulletin.contract.vocabulary import ALL

Seasons = Sequence[Mapping[str, Any]]


def season_ids(seasons: Seasons) -> list[str]:
    """Season ids in config order."""
    return [str(s["id"]) for s in seasons]


def season_months(start: str | date, end: str | date) -> int:
    """Number of calendar months a season touches (Aug 2015-Apr 2016 = 9)."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    return (b.year - a.year) * 12 + (b.month - a.month) + 1


def text_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` as text and their labels (-1 = missing).

    A categorical reuses its codes, so a million rows cost no string work.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = values.cat.categories.astype(str).to_numpy(dtype=object)
        return values.cat.codes.to_numpy(dtype=np.int64), labels
    codes, uniques = pd.factorize(values.astype(str))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def code_positions(values: pd.Series, universe: Sequence[str]) -> np.ndarray:
    """Position of each value (as text) in ``universe``; -1 for missing or other values."""
    codes, labels = text_codes(values)
    # Look up the few labels, then index by code: -1 (missing) picks the appended -1.
    lookup = np.append(pd.Index(list(universe), dtype=object).get_indexer(labels), -1)
    return lookup[codes]


def lookup_values(values: pd.Series, mapping: Mapping[str, Any], default: Any) -> np.ndarray:
    """``mapping`` of each value as text (``default`` for missing or unmapped), as an object array."""
    codes, labels = text_codes(values)
    table = np.array([*(mapping.get(label, default) for label in labels), default], dtype=object)
    return table[codes]


def season_codes(df: pd.DataFrame, ids: list[str]) -> np.ndarray:
    """Position of each row's season in ``ids`` (-1 outside every configured season)."""
    return code_positions(df["season"], ids)


def season_grid(
    season: np.ndarray, key: np.ndarray, ids: list[str], universe: Sequence[str], key_name: str, name: str
) -> pd.DataFrame:
    """Counts by season (+ ``all``) x every value of ``universe`` (0 kept), from codes (-1 = left out)."""
    n_keys = len(universe)
    ok = (season >= 0) & (key >= 0)
    counts = np.bincount(season[ok] * n_keys + key[ok], minlength=len(ids) * n_keys).reshape(len(ids), n_keys)
    counts = np.vstack([counts, counts.sum(axis=0, keepdims=True)])
    return pd.DataFrame(
        {
            "season": pd.Series(np.repeat(np.array([*ids, ALL], dtype=object), n_keys), dtype=str),
            key_name: pd.Series(np.tile(np.array(list(universe), dtype=object), len(ids) + 1), dtype=str),
            name: counts.ravel().astype("int64"),
        }
    )


def season_sizes(season: np.ndarray, ids: list[str]) -> pd.Series:
    """Number of rows per season (+ ``all``) from season codes, indexed by season id."""
    sizes = np.bincount(season[season >= 0], minlength=len(ids))
    return pd.Series(np.append(sizes, sizes.sum()).astype("int64"), index=[*ids, ALL])


def violation_seasons(
    violations: pd.DataFrame, incidents: pd.DataFrame, ids: list[str]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Violations of incidents in a configured season and each one's season code (an inner join)."""
    incident_season = season_codes(incidents, ids)
    keep = incident_season >= 0
    inc_ids = arrow_text(incidents["incident_id"]).filter(pa.array(keep))
    if not unique_text(inc_ids):
        # A repeated incident id joins to several rows: keep the general merge's semantics.
        inc = incidents.loc[keep, ["incident_id"]].assign(_season=incident_season[keep])
        vio = violations.merge(inc, on="incident_id", how="inner")
        return vio.drop(columns="_season"), vio["_season"].to_numpy(dtype=np.int64)
    vio_ids = arrow_text(violations["incident_id"])
    # Nulls match nulls, as in a pandas merge; the result keeps the violations' order, as merge does.
    position = pc.fill_null(pc.index_in(vio_ids, value_set=inc_ids), -1).to_numpy().astype(np.int64)
    rows = np.flatnonzero(position >= 0)
    return violations.iloc[rows].reset_index(drop=True), incident_season[keep][position[rows]]


def arrow_text(values: pd.Series) -> pa.Array:
    """``values`` as an Arrow large_string array (no copy for pandas' Arrow-backed ``str``)."""
    array = pa.array(values.astype(str))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def unique_text(values: pa.Array) -> bool:
    """True when no value, null included, occurs twice."""
    if len(values) < 2:
        return True
    # Ids are usually written in order: strictly increasing proves uniqueness without hashing.
    if values.null_count == 0 and pc.all(pc.greater(values[1:], values[:-1])).as_py():
        return True
    return pc.count_distinct(values, mode="all").as_py() == len(values)


def dense_rank(df: pd.DataFrame, count: str) -> pd.Series:
    """Dense rank of ``count`` descending within each season (zeros ranked too)."""
    return df.groupby("season", sort=False)[count].rank(method="dense", ascending=False).astype("int64")


def safe_ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den as Float64, NA where den is 0."""
    num = num.astype("Float64")
    den = den.astype("Float64")
    return (num / den.where(den.fillna(0) != 0)).astype("Float64")


def previous_season(df: pd.DataFrame, value: str, by: list[str], ids: list[str]) -> pd.Series:
    """``value`` of the same ``by`` key in the previous season (NA for the first season, ``all``)."""
    prev_of = dict(zip(ids[1:], ids[:-1]))
    lookup = df.loc[df["season"].isin(ids), ["season", *by, value]].rename(
        columns={"season": "_prev_season", value: "_prev_value"}
    )
    # astype(str): with a single season nothing maps, and an all-NaN float key would not merge.
    keyed = df[["season", *by]].assign(_prev_season=df["season"].map(prev_of).astype(str))
    merged = keyed.merge(lookup, on=["_prev_season", *by], how="left")
    return pd.Series(merged["_prev_value"].to_numpy(), index=df.index).astype("Int64")
