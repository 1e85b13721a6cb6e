"""Statistical disclosure control: the one place that decides which cells may be published.

The people in the survey are under threat, so a published breakdown must not let a reader
learn about a handful of identifiable respondents. Two rules, applied by the metric stages
before any table reaches figures, maps or the bulletin:

* primary: a cell computed from fewer than ``min_cell`` respondents (its denominator ``n``)
  is suppressed: its values are nulled, ``suppressed`` is true, ``suppression`` is
  ``"primary"``;
* complementary: in a partition whose total is published (the regions of one wave and the
  ``all`` row; the two respondent types and ``all``), a single suppressed cell could be
  recovered by subtraction (national mean x N - sum of the other regions' mean x n). The
  smallest further cell (smallest ``n``, then key) is suppressed too, ``suppression`` =
  ``"complementary"``, so that at least two cells hide behind every published total.

A cell with ``n = 0`` holds no respondent: it is suppressed (there is no value), but hiding it
protects nobody, so it neither needs nor serves as a complement.

Identifiers never leave the metric stage in a published table. ``risk_indices`` is the one
per-respondent table; it is for reviewers only and is never an input of figures, maps or the
report (``REVIEWER_ONLY_TABLES``; tests/test_disclosure.py checks those stages' inputs).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DEFAULT_MIN_CELL = 5
PRIMARY = "primary"
COMPLEMENTARY = "complementary"
# Per-respondent or per-record tables: inspected by reviewers, never drawn or printed.
REVIEWER_ONLY_TABLES: tuple[str, ...] = ("risk_indices",)
# Columns that identify a person, an event or a source; none may appear in a published table.
IDENTIFIER_COLUMNS: frozenset[str] = frozenset(
    {
        "respondent_id",
        "victim_id",
        "incident_id",
        "case_id",
        "material_id",
        "description",
        "outlet",
        "source_url",
        "url",
        "submission_id",  # a KoboToolbox / ODK Central submission's id (ingest.platforms)
    }
)


class DisclosureError(ValueError):
    """A table meant for publication would disclose identifiers."""


def _flags(df: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """The table's current (suppressed, suppression) columns, or all-clear ones."""
    if "suppressed" in df.columns:
        suppressed = df["suppressed"].fillna(False).astype(bool).to_numpy()
    else:
        suppressed = np.zeros(len(df), dtype=bool)
    if "suppression" in df.columns:
        reason = df["suppression"].astype("str")
    else:
        reason = pd.Series(pd.NA, index=df.index, dtype="str")
    return suppressed, reason


def _apply(df: pd.DataFrame, suppressed: np.ndarray, reason: pd.Series, value_cols: Sequence[str]) -> pd.DataFrame:
    out = df.copy()
    mask = pd.Series(suppressed, index=out.index)
    for column in value_cols:
        values = out[column]
        # Plain float/int columns cannot hold a null: widen to the nullable dtype first.
        if pd.api.types.is_integer_dtype(values.dtype) and not isinstance(
            values.dtype, pd.api.extensions.ExtensionDtype
        ):
            values = values.astype("Int64")
        elif pd.api.types.is_float_dtype(values.dtype) and not isinstance(
            values.dtype, pd.api.extensions.ExtensionDtype
        ):
            values = values.astype("Float64")
        out[column] = values.mask(mask)
    out["suppressed"] = suppressed
    out["suppression"] = reason.astype("str").to_numpy()
    return out


def suppress_small_cells(df: pd.DataFrame, n_col: str, value_cols: Sequence[str], min_cell: int) -> pd.DataFrame:
    """Primary suppression: null ``value_cols`` of rows with ``n_col`` < ``min_cell``; add the flags."""
    if min_cell < 1:
        raise ValueError(f"min_cell must be at least 1, got {min_cell}")
    suppressed, reason = _flags(df)
    small = (df[n_col].astype("int64") < int(min_cell)).to_numpy()
    reason = reason.mask(pd.Series(small & ~suppressed, index=df.index), PRIMARY)
    return _apply(df, suppressed | small, reason, value_cols)


def complementary(
    df: pd.DataFrame,
    partition_cols: Sequence[str],
    total_mask: pd.Series | np.ndarray,
    n_col: str,
    value_cols: Sequence[str],
    key_col: str,
) -> pd.DataFrame:
    """Complementary suppression: no published total may expose a lone suppressed cell.

    Rows sharing ``partition_cols`` form a partition; ``total_mask`` marks its total row. When
    the total is published and exactly one cell with n > 0 is suppressed, the unsuppressed
    cell with n > 0 of smallest ``n_col`` (then ``key_col``) is suppressed as well.
    """
    suppressed, reason = _flags(df)
    total = np.asarray(total_mask, dtype=bool)
    populated = (df[n_col].astype("int64") > 0).to_numpy()
    part = pd.DataFrame(
        {
            "_row": np.arange(len(df)),
            "_n": df[n_col].astype("int64").to_numpy(),
            "_key": df[key_col].astype("str").to_numpy(),
            "_hidden": ~total & suppressed & populated,
            "_open_total": total & ~suppressed,
        }
    )
    keys = [f"_p{i}" for i in range(len(partition_cols))]
    for name, column in zip(keys, partition_cols, strict=True):
        part[name] = df[column].astype("str").to_numpy()
    if not keys:  # the whole table is one partition
        keys = ["_p"]
        part["_p"] = ""
    per = part.groupby(keys, sort=False).agg(hidden=("_hidden", "sum"), open_total=("_open_total", "any"))
    per["_exposed"] = (per["hidden"] == 1) & per["open_total"]
    exposed = per.loc[per["_exposed"]].reset_index()[keys]
    candidates = part[~total & ~suppressed & populated].merge(exposed, on=keys)
    # Deterministic choice: smallest n, then key; one complement makes two hidden cells.
    chosen = (
        candidates.sort_values([*keys, "_n", "_key"], kind="stable")
        .groupby(keys, sort=False)
        .head(1)["_row"]
        .to_numpy()
    )
    extra = np.zeros(len(df), dtype=bool)
    extra[chosen] = True
    reason = reason.mask(pd.Series(extra, index=df.index), COMPLEMENTARY)
    return _apply(df, suppressed | extra, reason, value_cols)


def protect(
    df: pd.DataFrame,
    n_col: str,
    value_cols: Sequence[str],
    min_cell: int,
    partition_cols: Sequence[str],
    total_mask: pd.Series | np.ndarray,
    key_col: str,
) -> pd.DataFrame:
    """Primary then complementary suppression of one table (see the module docstring)."""
    primary = suppress_small_cells(df, n_col, value_cols, min_cell)
    return complementary(primary, partition_cols, total_mask, n_col, value_cols, key_col)


def check_publishable(df: pd.DataFrame, name: str) -> None:
    """Raise DisclosureError if a table meant for publication carries an identifier column."""
    found = sorted(IDENTIFIER_COLUMNS & set(map(str, df.columns)))
    if found:
        raise DisclosureError(f"{name}: identifier column(s) {found} must not be published")


def protect_groups(
    table: pd.DataFrame, partition: Sequence[str], value_cols: Sequence[str], min_cell: int
) -> pd.DataFrame:
    """Suppress group cells under ``min_cell``; individuals and organizations partition ``all``.

    For the survey's tables by respondent group (column ``group``, denominator ``n``): a single
    suppressed group could be recovered from ``all`` minus the other, hence the complement.
    """
    return protect(
        table,
        "n",
        value_cols,
        min_cell,
        partition_cols=partition,
        total_mask=(table["group"] == "all").to_numpy(),
        key_col="group",
    )
