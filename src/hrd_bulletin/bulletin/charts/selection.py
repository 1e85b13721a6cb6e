"""Reading a metric table for a chart: rows are selected and ordered, never computed."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin.contract.vocabulary import ALL

Tables = Mapping[str, pd.DataFrame]


def usable(tables: Tables, name: str, columns: Sequence[str]) -> pd.DataFrame | None:
    """The table, or None when missing, empty or without the columns a chart reads."""
    df = tables.get(name)
    if df is None or len(df) == 0 or not set(columns) <= set(df.columns):
        return None
    return df


def as_floats(values: pd.Series | Sequence[Any]) -> np.ndarray:
    """Values as float64 with NaN for missing (nullable dtypes included)."""
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy(dtype="float64")


def as_text(series: pd.Series) -> pd.Series:
    """Values as Python str (None for missing), whatever the column's dtype (category, string, int)."""
    text = series.astype("string")
    return text.astype("object").where(text.notna(), None)


def in_order(present: Sequence[Any], known: Sequence[str]) -> list[str]:
    """Known codes in their order, then any unexpected ones in table order."""
    seen = list(dict.fromkeys(str(v) for v in present if not pd.isna(v)))
    return [k for k in known if k in seen] + [v for v in seen if v not in known]


def grid_of(df: pd.DataFrame, row: str, col: str, value: str, rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
    """``value`` laid out as rows x cols (NaN where the table has no row)."""
    keyed = pd.DataFrame({"r": as_text(df[row]), "c": as_text(df[col]), "v": as_floats(df[value])})
    keyed = keyed.drop_duplicates(["r", "c"]).set_index(["r", "c"])["v"]
    index = pd.MultiIndex.from_product([list(rows), list(cols)])
    return keyed.reindex(index).to_numpy(dtype="float64").reshape(len(rows), len(cols))


def latest_wave(df: pd.DataFrame) -> tuple[pd.DataFrame, int | None]:
    waves = as_floats(df["wave"])
    if np.isnan(waves).all():
        return df.iloc[0:0], None
    latest = np.nanmax(waves)
    return df[waves == latest], int(latest)


def rows_where(df: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Rows whose ``column`` equals ``value`` (all rows when the table has no such column)."""
    if column not in df.columns:
        return df
    return df[as_text(df[column]) == value]


def seasons_of(df: pd.DataFrame) -> list[str]:
    """Season ids of the table in its (config) order, without the ``all`` margin."""
    return [s for s in in_order(as_text(df["season"]), []) if s != ALL]


def unique_n(values: pd.Series) -> int | None:
    n = as_floats(values)
    n = n[~np.isnan(n)]
    return int(n[0]) if len(n) and (n == n[0]).all() else None


def capitalised(text: str) -> str:
    # Reference labels of threat types are lower case (they are also used mid-sentence).
    return text[:1].upper() + text[1:]


def wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=False, break_on_hyphens=True)


def by_value(values: np.ndarray) -> list[int]:
    """Positions from the largest value to the smallest (missing last, ties in table order)."""
    keys = np.where(np.isnan(values), -np.inf, values)
    return [int(i) for i in np.argsort(-keys, kind="stable")]
