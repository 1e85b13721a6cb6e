"""Lookups in the metric tables that every part of the context shares; a missing row is an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.glossary import reference_term
from hrd_bulletin.errors import UserError


class RenderError(UserError):
    """A metric table lacks what the bulletin needs (a row, a column or the whole table)."""


# --------------------------------------------------------------------------- table lookups


def select_rows(df: pd.DataFrame, table: str, **filters: Any) -> pd.DataFrame:
    """Rows of ``df`` matching every filter (equality; a tuple/list means isin)."""
    mask = pd.Series(True, index=df.index)
    for column, wanted in filters.items():
        if column not in df.columns:
            raise RenderError(f"{table}: column {column!r} missing")
        values = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        mask &= df[column].isin(values)
    return df[mask]


def one_row(df: pd.DataFrame, table: str, **filters: Any) -> dict[str, Any]:
    """The single row of ``df`` matching ``filters`` as a dict (None for missing values)."""
    rows = select_rows(df, table, **filters)
    if len(rows) != 1:
        raise RenderError(f"{table}: expected one row for {filters}, found {len(rows)}")
    return {k: plain(v) for k, v in rows.iloc[0].to_dict().items()}


def maybe_row(df: pd.DataFrame, table: str, **filters: Any) -> dict[str, Any] | None:
    """Like :func:`one_row`, but None when no row matches."""
    rows = select_rows(df, table, **filters)
    return None if rows.empty else one_row(rows, table)


def plain(value: Any) -> Any:
    """numpy/pandas scalars as plain Python; NA as None (templates print it as a dash)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def share_row(
    tables: Mapping[str, pd.DataFrame], wave: int, item: str, value: str, group: str
) -> dict[str, Any] | None:
    """Row of survey_shares for one answer (share, count, n), None when the group never answered."""
    return maybe_row(tables["survey_shares"], "survey_shares", wave=wave, item=item, value=value, group=group)


def stats_row(tables: Mapping[str, pd.DataFrame], wave: int, item: str, group: str) -> dict[str, Any] | None:
    return maybe_row(tables["survey_stats"], "survey_stats", wave=wave, item=item, group=group)


def more_exposed(a: float | None, b: float | None) -> str | None:
    """'individual' when a > b, 'organization' when b > a, None when equal or unknown."""
    if a is None or b is None or a == b:
        return None
    return "individual" if a > b else "organization"


def top_rows(df: pd.DataFrame, column: str, k: int) -> pd.DataFrame:
    """The rows with the k largest values of ``column`` (ties at the cut kept), largest first."""
    ordered = df.sort_values(column, ascending=False, kind="stable")
    if ordered.empty:
        return ordered
    cut = ordered[column].iloc[min(k, len(ordered)) - 1]
    return ordered[ordered[column] >= cut]


def reference_labels(reference: Mapping[str, pd.DataFrame], lang: str) -> dict[str, dict[str, str]]:
    """code -> label of every reference table in the edition's language (the glossary's term
    where it has one for the code, so that the text, the charts and the glossary agree)."""
    out = {}
    for name in ("regions", "threat_types", "threat_categories", "victim_categories", "actors"):
        ref = reference[name]
        column = f"name_{lang}" if name == "regions" else f"label_{lang}"
        out[name] = {
            code: reference_term(name, code, lang, label)
            for code, label in zip(ref["code"].astype(str), ref[column].astype(str))
        }
    return out
