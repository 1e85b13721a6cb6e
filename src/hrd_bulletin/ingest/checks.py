"""Checks of the typed rows: the contract's constraints (via pandera), duplicate keys, rules
across columns, keys into other raw tables, and seasons. Each failure goes to ``Failures``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from hrd_bulletin import contract
from hrd_bulletin.ingest.failures import Failures


def range_bounds(column_field: Mapping[str, Any]) -> str:
    """``low..high`` with an empty side when unbounded (``0..``, ``1..5``): the range, structured."""
    cons = column_field.get("constraints", {})
    low, high = cons.get("minimum"), cons.get("maximum")
    return f"{'' if low is None else low}..{'' if high is None else high}"


def _schema_cases(table: str, typed: pd.DataFrame, reference: Mapping[str, pd.DataFrame] | None) -> pd.DataFrame:
    import pandera.errors  # lazily, as in contract.pandera_schema

    schema = contract.pandera_schema(table, reference, unique=False)
    try:
        schema.validate(typed, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return pd.DataFrame({"index": [], "column": [], "check": []})
    whole = cases["index"].isna() | cases["column"].isna()
    if whole.any():
        # ingest builds every column with its clean dtype, so this is a bug, not bad data
        raise RuntimeError(f"{table}: typed frame does not fit its schema:\n{cases[whole]}")
    return cases


def _check_failure(table: str, name: str, check: str) -> tuple[str, str]:
    """The kind and the expectation of a failed pandera check of column ``name``."""
    spec = contract.field(table, name)
    if check == "not_nullable":
        return "required", ""
    if check.startswith("isin"):
        target = contract.reference_of(table, name)
        if target is not None:
            return "reference", target
        return "enum", ", ".join(contract.enum_of(table, name) or [])
    if check.startswith(("in_range", "greater_than", "less_than")):
        return "range", range_bounds(spec)
    if check.startswith("str_matches"):
        return "pattern", spec.get("constraints", {}).get("pattern", "")
    return check, check


def pandera_failures(
    table: str,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    reference: Mapping[str, pd.DataFrame] | None,
    failures: Failures,
) -> None:
    """The contract's per-column constraints: required, codes, ranges, patterns."""
    cases = _schema_cases(table, typed, reference)
    for (name, check), group in cases.groupby(["column", "check"], sort=False):
        rows = np.zeros(len(typed), dtype=bool)
        rows[group["index"].astype(np.int64).to_numpy()] = True
        kind, expected = _check_failure(table, name, str(check))
        if kind == "required":
            failures.add(rows, name, kind)
            continue
        found = raw[name] if name in raw.columns else pd.Series("", index=raw.index)
        failures.add(rows, name, kind, expected=expected, found=found)


def duplicate_keys(table: str, typed: pd.DataFrame, lines: np.ndarray, failures: Failures) -> None:
    """Every row whose primary key another row shares is rejected, naming the lines of them all.

    Neither row is known to be right, so none is kept: the monitor decides which one is.
    """
    key = contract.primary_key(table)
    keys = typed[key]
    complete = keys.notna().all(axis=1).to_numpy()
    if not complete.any():
        return
    # ngroup gives NaN (a float array) for rows with a missing key part: those are no group
    group = keys.groupby(key, sort=False, dropna=True, observed=True).ngroup()
    group = np.where(complete, group.fillna(-1).to_numpy(dtype=np.int64), -1)
    sizes = np.bincount(group[complete], minlength=int(group.max()) + 1)
    shared = complete & (sizes[np.maximum(group, 0)] > 1)
    if not shared.any():
        return
    rows = np.flatnonzero(shared)
    by_group = pd.Series(lines[rows].astype(np.int64), index=rows).groupby(group[rows], sort=False)
    group_lines = by_group.agg(lambda s: ", ".join(str(n) for n in sorted(s)))
    detail = pd.Series("", index=typed.index, dtype="str")
    detail.iloc[rows] = group_lines.reindex(group[rows]).to_numpy(dtype=object)
    values = keys[key[0]].astype("str").str.strip()
    for name in key[1:]:
        values = values + ", " + keys[name].astype("str").str.strip()
    failures.add(shared, key[0], "duplicate key", expected=", ".join(key), found=values, detail=detail)


def _isin_text(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """Membership of text values in ``allowed`` (pyarrow: pandas' str ``isin`` loops in Python)."""
    left = pyarrow.array(values.astype("str"))
    right = pyarrow.array(allowed.astype("str").dropna())
    return pc.fill_null(pc.is_in(left, value_set=right), False).to_numpy(zero_copy_only=False)


def _cell(raw: pd.DataFrame, name: str) -> pd.Series:
    return raw[name] if name in raw.columns else pd.Series("", index=raw.index)


def _incident_keys(
    table: str, typed: pd.DataFrame, raw: pd.DataFrame, failures: Failures, incidents: pd.DataFrame | None
) -> None:
    if "incidents" not in contract.raw_parents(table):
        return
    if incidents is None and table == "violations":
        raise ValueError("violations can only be checked against the clean incidents")
    if incidents is None:
        return
    for fk in contract.foreign_keys(table):
        if fk["reference"]["resource"] != "incidents":
            continue
        column, parent = fk["fields"], fk["reference"]["fields"]
        known = _isin_text(typed[column], incidents[parent])
        missing = typed[column].notna().to_numpy() & ~known
        failures.add(missing, column, "incident not found", expected="incidents", found=_cell(raw, column))


def _applies_to(table: str, typed: pd.DataFrame, raw: pd.DataFrame, failures: Failures) -> None:
    if table != "survey":
        return
    kind = typed["respondent_type"].astype("str")
    # an unknown respondent_type is reported once, in its own column, not for every item
    known_kind = kind.isin(contract.enum_of(table, "respondent_type") or [])
    for name in contract.columns(table):
        only = contract.applies_to(table, name)
        if only is not None:
            other = known_kind & (kind != only)
            filled = typed[name].notna()
            failures.add(other & filled, name, "applies to", expected=only, found=_cell(raw, name), detail=kind)


def _requires(table: str, typed: pd.DataFrame, raw: pd.DataFrame, failures: Failures) -> None:
    for name in contract.columns(table):
        needed = contract.requires(table, name)
        if needed is not None:
            violated = typed[name].notna() & ~typed[needed].fillna(False).astype(bool)
            failures.add(violated, name, "requires", expected=needed, found=_cell(raw, name), detail=_cell(raw, needed))


def season_codes(dates: pd.Series, seasons: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The position of each date's season in ``seasons``, -1 outside every season."""
    codes = np.full(len(dates), -1, dtype=np.int64)
    values = dates.to_numpy(dtype="datetime64[ms]")
    for i, season in enumerate(seasons):
        start = np.datetime64(pd.Timestamp(season["start"]).date(), "ms")
        end = np.datetime64(pd.Timestamp(season["end"]).date(), "ms")
        inside = (values >= start) & (values <= end) & (codes < 0)
        codes[inside] = i
    return codes


def _describe_seasons(seasons: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(f"{s['id']} {pd.Timestamp(s['start']).date()}..{pd.Timestamp(s['end']).date()}" for s in seasons)


def row_rules(
    table: str,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    failures: Failures,
    incidents: pd.DataFrame | None,
    seasons: Sequence[Mapping[str, Any]],
) -> np.ndarray | None:
    """Rules across columns and tables; returns the season code of each row (or None)."""
    _incident_keys(table, typed, raw, failures, incidents)
    _applies_to(table, typed, raw, failures)
    _requires(table, typed, raw, failures)
    date_column = contract.season_date(table)
    if date_column is None:
        return None
    codes = season_codes(typed[date_column], seasons)
    outside = typed[date_column].notna().to_numpy() & (codes < 0)
    failures.add(outside, date_column, "season", expected=_describe_seasons(seasons), found=_cell(raw, date_column))
    return codes
