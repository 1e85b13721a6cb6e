"""Typing the text columns by the contract: integers, numbers with a decimal comma, dates,
booleans, multi-selects and codes. A cell that does not parse is a "type" failure and NA."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.ingest.checks import range_bounds
from hrd_bulletin.ingest.failures import Failures

_TRUE = frozenset(contract.RAW_FORMAT["true_values"])
_FALSE = frozenset(contract.RAW_FORMAT["false_values"])
_GROUP_CHARS = "".join(contract.RAW_FORMAT["group_chars"])
_DATE_FORMATS: tuple[str, ...] = tuple(contract.RAW_FORMAT["date_formats"])


def _blank_to_na(series: pd.Series, exact: bool = False) -> pd.Series:
    """Cells as text, a blank cell (empty or only spaces) missing. Codes, ids, numbers, dates and
    booleans lose surrounding spaces; free text (``exact``) is kept byte for byte."""
    text = series.astype("str")
    stripped = text.str.strip()
    return (text if exact else stripped).mask(stripped == "")


def _apply_case(series: pd.Series, case: str | None) -> pd.Series:
    if case == "lower":
        return series.str.lower()
    if case == "upper":
        return series.str.upper()
    return series


def _parse_integer(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    compact = values.str.replace(f"[{_GROUP_CHARS}]", "", regex=True)
    ok = compact.str.fullmatch(r"[+-]?\d+").fillna(False).astype(bool)
    typed = pd.to_numeric(compact.where(ok), errors="coerce", dtype_backend="numpy_nullable")
    typed = typed.astype("Int64")
    return typed, values.notna() & typed.isna()


def _parse_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    compact = values.str.replace(f"[{_GROUP_CHARS}]", "", regex=True).str.replace(",", ".", regex=False)
    ok = compact.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)").fillna(False).astype(bool)
    typed = pd.to_numeric(compact.where(ok), errors="coerce").astype("Float64")
    return typed, values.notna() & typed.isna()


def _parse_date(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    typed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ms]")
    todo = values.notna()
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        typed[parsed.index] = parsed.astype("datetime64[ms]")
        todo = todo & typed.isna()
    return typed, values.notna() & typed.isna()


def _parse_boolean(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    low = values.str.lower()
    is_true = low.isin(_TRUE).to_numpy()
    is_false = low.isin(_FALSE).to_numpy()
    typed = pd.Series(pd.array(np.where(is_true, True, False), dtype="boolean"), index=values.index)
    typed[~(is_true | is_false)] = pd.NA
    return typed, values.notna() & typed.isna()


_INT64 = (-(2**63), 2**63 - 1)


def _beyond_storage(kind: str, values: pd.Series, typed: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers that parse but cannot be stored (an integer beyond 64 bits, a number beyond float)
    as a mask, and ``typed`` with long integers taken exactly (pandas parses them through float)."""
    if kind == "number":
        return typed, pd.Series(np.isinf(typed.to_numpy(dtype=np.float64, na_value=0.0)), index=values.index)
    compact = values.str.replace(f"[{_GROUP_CHARS}]", "", regex=True)
    digits = compact.str.lstrip("+-").str.lstrip("0").str.len().fillna(0)
    over = pd.Series(False, index=values.index)
    long = compact.notna() & typed.notna() & (digits >= 16)
    if not long.any():
        return typed, over
    typed = typed.copy()
    for i in np.flatnonzero(long.to_numpy()):
        number = int(compact.iat[i])
        if _INT64[0] <= number <= _INT64[1]:
            typed.iat[i] = number
        else:
            over.iat[i] = True
    return typed, over


_PARSERS = {"integer": _parse_integer, "number": _parse_number, "date": _parse_date, "boolean": _parse_boolean}


def _parse_multi(values: pd.Series, options: list[str]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Normalise a multi-select: options in contract order, de-duplicated; report unknown options."""
    parts = values.str.lower().str.split(";").explode().str.strip()
    parts = parts[parts.notna() & (parts != "")]
    known = parts.isin(options)
    unknown = parts[~known]
    unknown_text = unknown.groupby(level=0).agg(lambda x: ", ".join(dict.fromkeys(x)))
    codes = pd.Series(pd.Categorical(parts[known], categories=options).codes, index=parts.index[known])
    pairs = pd.DataFrame({"row": codes.index, "code": codes.to_numpy()}).drop_duplicates()
    pairs = pairs.sort_values(["row", "code"])
    option_array = np.asarray(options, dtype=object)
    joined = pd.Series(option_array[pairs["code"].to_numpy()], index=pairs["row"].to_numpy())
    joined = joined.groupby(level=0).agg(";".join)
    typed = pd.Series(joined, index=values.index, dtype="str")
    bad = pd.Series(values.index.isin(unknown_text.index), index=values.index)
    found = pd.Series(unknown_text, index=values.index, dtype="str")
    return typed, bad, found


def _categorical(values: pd.Series, allowed: list[str]) -> pd.Series:
    """Codes as a categorical of ``allowed``, with unknown codes appended as extra categories.

    Unknown codes stay visible until pandera's ``isin`` has reported them; the clean table then
    drops the extra categories.
    """
    codes, uniques = pd.factorize(values)
    seen = [str(u) for u in uniques]
    unknown = sorted(set(seen) - set(allowed))
    position = {code: i for i, code in enumerate([*allowed, *unknown])}
    lookup = np.array([*(position[u] for u in seen), -1], dtype=np.int64)
    return pd.Series(pd.Categorical.from_codes(lookup[codes], categories=[*allowed, *unknown]), index=values.index)


def _string_column(table: str, name: str, values: pd.Series, failures: Failures) -> pd.Series:
    spec = contract.field(table, name)
    values = _apply_case(values, spec.get("x-case"))
    options = spec.get("x-multi-select")
    if options is None:
        return values
    values, bad, found = _parse_multi(values, options)
    failures.add(bad, name, "multi-select", expected=", ".join(options), found=found)
    return values


def type_columns(
    table: str, raw: pd.DataFrame, reference: Mapping[str, pd.DataFrame] | None, failures: Failures
) -> pd.DataFrame:
    """Type every contract column (absent optional columns become all-missing)."""
    n = len(raw)
    typed: dict[str, pd.Series] = {}
    for name in contract.columns(table):
        if name in raw.columns:
            values = _blank_to_na(raw[name], exact=contract.is_free_text(table, name))
        else:
            values = pd.Series(np.full(n, np.nan, dtype=object), index=raw.index, dtype="str")
        kind = contract.field(table, name)["type"]
        if kind == "string":
            typed[name] = _string_column(table, name, values, failures)
            continue
        parsed, bad = _PARSERS[kind](values)
        found = raw[name] if name in raw.columns else values
        failures.add(bad, name, "type", expected=kind, found=found)
        if kind in ("integer", "number"):
            parsed, over = _beyond_storage(kind, values, parsed)
            failures.add(over, name, "overflow", expected=range_bounds(contract.field(table, name)), found=found)
            parsed = parsed.mask(over.to_numpy())
        typed[name] = parsed
    frame = pd.DataFrame(typed, index=raw.index)
    if table in contract.RAW_TABLES:
        for name in contract.code_fields(table):
            frame[name] = _categorical(frame[name], contract.codes(table, name, reference))
    return frame
