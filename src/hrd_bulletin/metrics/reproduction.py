"""Reproduction audit: every published figure of the bulletin evaluated against the metric tables."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import read_table, write_table

PARTS: tuple[str, ...] = ("intro", "I", "II", "III", "IV", "V", "conclusions")
UNITS: tuple[str, ...] = (
    "percent",
    "count",
    "mean",
    "ratio",
    "index",
    "months",
    "years",
    "usd",
    "rank",
    "p_value",
    "code",
)
ROUNDINGS: tuple[str, ...] = ("round", "truncate")
AGGREGATES: tuple[str, ...] = ("sum", "mean", "count", "min", "max")
# `equal` is the plain printed number; the others are the ordinal and comparison claims.
EXPECTS: tuple[str, ...] = ("equal", "argmax", "argmin", "order", "greater", "less", "between")
KEYED_EXPECTS: frozenset[str] = frozenset({"argmax", "argmin", "order"})
STATUSES: tuple[str, ...] = ("match", "mismatch", "not_computable")
REQUIRED_KEYS: tuple[str, ...] = (
    "id",
    "part",
    "quote",
    "value",
    "unit",
    "table",
    "filter",
    "column",
    "denominator",
    "consistent",
)
OPTIONAL_KEYS: frozenset[str] = frozenset(
    {"decimals", "rounding", "aggregate", "scale", "note", "expect", "key", "divide_by"}
)
REPRODUCTION_COLUMNS: tuple[str, ...] = (
    "figure_id",
    "published",
    "computed",
    "unit",
    "status",
    "note",
    "part",
    "table",
    "column",
    "expect",
    "published_text",
    "computed_text",
    "consistent",
    "quote",
)
# Margins are totals, never a candidate for "the highest region / group".
MARGIN = "all"
_ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


class FigureError(ConfigError, ValueError):
    """A malformed published-figures file or entry (a user's mistake: one line, no traceback)."""


class _NotComputable(Exception):
    """The figure cannot be evaluated on the tables at hand (the message says why)."""


# --------------------------------------------------------------------------- validation


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _check_filter(fid: str, filt: Any, where: str) -> None:
    if not isinstance(filt, Mapping):
        raise FigureError(f"figure {fid!r}: {where} must be a mapping column -> value(s)")
    for col, wanted in filt.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(_is_scalar(v) for v in values):
            raise FigureError(f"figure {fid!r}: {where} on {col!r} must be a scalar or a non-empty list")


def _check_expectation(fid: str, fig: Mapping[str, Any]) -> None:
    expect = fig.get("expect", "equal")
    value = fig["value"]
    if expect not in EXPECTS:
        raise FigureError(f"figure {fid!r}: expect {expect!r} not one of {list(EXPECTS)}")
    if expect in KEYED_EXPECTS:
        if not isinstance(fig.get("key"), str):
            raise FigureError(f"figure {fid!r}: expect {expect} needs a `key` column")
        codes = value if isinstance(value, list) else [value]
        if not codes or not all(isinstance(c, str) for c in codes):
            raise FigureError(f"figure {fid!r}: expect {expect} needs `value` as a code or list of codes")
        if expect == "order" and len(codes) < 2:
            raise FigureError(f"figure {fid!r}: expect order needs at least two codes in `value`")
        if fig["unit"] != "code":
            raise FigureError(f"figure {fid!r}: expect {expect} needs unit `code`")
    elif expect == "between":
        if not (
            isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value) and value[0] <= value[1]
        ):
            raise FigureError(f"figure {fid!r}: expect between needs `value: [low, high]`")
    elif not _is_number(value):
        raise FigureError(f"figure {fid!r}: `value` must be a number for expect {expect}")
    if expect == "equal":
        decimals = fig.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
            raise FigureError(f"figure {fid!r}: `decimals` must be an integer >= 0")
        if fig.get("rounding") not in ROUNDINGS:
            raise FigureError(f"figure {fid!r}: `rounding` must be one of {list(ROUNDINGS)}")
        if _dec(value) != round_printed(_dec(value), decimals, "round"):
            raise FigureError(f"figure {fid!r}: value {value} has more than {decimals} decimals")


def validate_figure(fig: Any, position: int) -> None:
    """Raise FigureError naming the figure when an entry of the figures file is malformed."""
    if not isinstance(fig, Mapping):
        raise FigureError(f"figure #{position}: entry is not a mapping")
    fid = fig.get("id", f"#{position}")
    missing = [k for k in REQUIRED_KEYS if k not in fig]
    if missing:
        raise FigureError(f"figure {fid!r}: missing keys {missing}")
    unknown = sorted(set(fig) - set(REQUIRED_KEYS) - OPTIONAL_KEYS)
    if unknown:
        raise FigureError(f"figure {fid!r}: unknown keys {unknown}")
    if not isinstance(fid, str) or not _ID_PATTERN.match(fid):
        raise FigureError(f"figure {fid!r}: id must be dotted lower-case ASCII")
    if fig["part"] not in PARTS:
        raise FigureError(f"figure {fid!r}: part {fig['part']!r} not one of {list(PARTS)}")
    if fig["unit"] not in UNITS:
        raise FigureError(f"figure {fid!r}: unit {fig['unit']!r} not one of {list(UNITS)}")
    for text_key in ("quote", "denominator"):
        if not isinstance(fig[text_key], str) or not fig[text_key].strip():
            raise FigureError(f"figure {fid!r}: `{text_key}` must be a non-empty string")
    if not isinstance(fig["consistent"], bool):
        raise FigureError(f"figure {fid!r}: `consistent` must be true or false")
    if not fig["consistent"] and not str(fig.get("note") or "").strip():
        raise FigureError(f"figure {fid!r}: an inconsistent figure needs a `note` saying why")
    if fig["table"] is not None:
        if not isinstance(fig["table"], str) or not isinstance(fig["column"], str):
            raise FigureError(f"figure {fid!r}: `table` and `column` must be strings (or table null)")
        _check_filter(fid, fig["filter"], "filter")
    if "aggregate" in fig and fig["aggregate"] not in AGGREGATES:
        raise FigureError(f"figure {fid!r}: aggregate {fig['aggregate']!r} not one of {list(AGGREGATES)}")
    if "scale" in fig and not _is_number(fig["scale"]):
        raise FigureError(f"figure {fid!r}: `scale` must be a number")
    if "divide_by" in fig:
        div = fig["divide_by"]
        if not isinstance(div, Mapping) or "filter" not in div:
            raise FigureError(f"figure {fid!r}: `divide_by` needs a `filter`")
        _check_filter(fid, div["filter"], "divide_by.filter")
        if div.get("aggregate", "sum") not in AGGREGATES:
            raise FigureError(f"figure {fid!r}: divide_by.aggregate not one of {list(AGGREGATES)}")
    _check_expectation(fid, fig)


def validate_figures(figures: Sequence[Any]) -> None:
    """Validate every entry and the uniqueness of ids."""
    seen: set[str] = set()
    for position, fig in enumerate(figures, start=1):
        validate_figure(fig, position)
        if fig["id"] in seen:
            raise FigureError(f"figure {fig['id']!r}: duplicate id")
        seen.add(fig["id"])


def load_figures(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate the published-figures YAML; return its `figures` list."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise FigureError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    if not isinstance(doc, Mapping) or not isinstance(doc.get("figures"), list):
        raise FigureError(f"{path}: expected a mapping with a `figures` list")
    figures = [dict(f) if isinstance(f, Mapping) else f for f in doc["figures"]]
    validate_figures(figures)
    return figures


# --------------------------------------------------------------------------- numbers


def _dec(x: Any) -> Decimal:
    """Exact decimal of a table value: ints as such, floats through their shortest repr."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        return Decimal(int(x))
    if isinstance(x, int) or (hasattr(x, "dtype") and pd.api.types.is_integer_dtype(x.dtype)):
        return Decimal(int(x))
    # repr gives the shortest decimal that reads back as the same float, so 0.3285 stays 0.3285
    # and half-up rounding is not spoiled by binary noise (0.3285 * 100 = 32.849999... in float).
    return Decimal(repr(float(x)))


def round_printed(x: Decimal, decimals: int, rounding: str) -> Decimal:
    """Round half up ('round') or toward zero ('truncate') to `decimals` places, as a printer does."""
    mode = ROUND_HALF_UP if rounding == "round" else ROUND_DOWN
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def _fmt(x: Decimal | float, decimals: int | None = None) -> str:
    """A number the way the bulletin prints it: decimal comma, no thousands separator."""
    if isinstance(x, float):
        x = _dec(x)
    if decimals is not None:
        x = x.quantize(Decimal(1).scaleb(-decimals))
    text = format(x.normalize() if decimals is None else x, "f")
    return text.replace(".", ",")


def _fmt_detail(x: Decimal) -> str:
    """A computed value for notes: six significant digits, decimal comma."""
    return _fmt(Decimal(format(float(x), ".6g")))


# --------------------------------------------------------------------------- selection


def _as_text(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.map({True: "true", False: "false"}).astype("string")
    return series.astype("string")


def _wanted_text(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def _mask(series: pd.Series, wanted: Any) -> pd.Series:
    values = wanted if isinstance(wanted, list) else [wanted]
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        try:
            numbers = [float(v) for v in values]
        except (TypeError, ValueError):
            return pd.Series(False, index=series.index)
        return series.astype("Float64").isin(numbers).fillna(False).astype(bool)
    return _as_text(series).isin([_wanted_text(v) for v in values]).fillna(False).astype(bool)


def select_rows(df: pd.DataFrame, filt: Mapping[str, Any]) -> pd.DataFrame:
    """Rows of `df` matching every (column, value|list) of `filt`; `latest` = the column's maximum."""
    mask = pd.Series(True, index=df.index)
    for col, wanted in filt.items():
        if col not in df.columns:
            raise _NotComputable(f"column {col!r} not in table")
        if wanted == "latest":
            values = df[col].dropna()
            if values.empty:
                raise _NotComputable(f"no {col} to take the latest of")
            wanted = values.max()
            wanted = wanted.item() if hasattr(wanted, "item") else wanted
        mask &= _mask(df[col], wanted)
    return df[mask]


def _reduce(values: pd.Series, aggregate: str | None) -> Decimal:
    """One exact number from the selected values (exactly one row unless an aggregate is given)."""
    if values.empty:
        raise _NotComputable("filter selects no rows")
    if aggregate == "count":
        return Decimal(len(values))
    if aggregate is None and len(values) != 1:
        raise _NotComputable(f"filter selects {len(values)} rows, expected exactly 1 (no aggregate)")
    if values.isna().any():
        raise _NotComputable("selected value is null")
    numbers = [_dec(v) for v in values.tolist()]
    if aggregate is None:
        return numbers[0]
    if aggregate == "sum":
        return sum(numbers, Decimal(0))
    if aggregate == "mean":
        return sum(numbers, Decimal(0)) / Decimal(len(numbers))
    return min(numbers) if aggregate == "min" else max(numbers)


def _column(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        raise _NotComputable(f"column {column!r} not in table")
    return df[column]


def _table(fig: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    name = fig["table"]
    if name is None:
        raise _NotComputable("no metric table holds this figure")
    if name not in tables or tables[name] is None:
        raise _NotComputable(f"table {name} not available")
    return tables[name]


def compute_value(fig: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> Decimal:
    """The figure's value on the tables, scaled, unrounded (raises _NotComputable)."""
    df = _table(fig, tables)
    selected = select_rows(df, fig["filter"])
    value = _reduce(_column(selected, fig["column"]), fig.get("aggregate"))
    div = fig.get("divide_by")
    if div is not None:
        below = select_rows(df, div["filter"])
        denominator = _reduce(_column(below, div.get("column", fig["column"])), div.get("aggregate", "sum"))
        if denominator == 0:
            raise _NotComputable("denominator is 0")
        value = value / denominator
    return value * _dec(fig.get("scale", 1))


def compute_by_key(fig: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """The figure's column per value of its `key` (aggregated when `aggregate` is set), nulls dropped."""
    df = _table(fig, tables)
    key = fig["key"]
    selected = select_rows(df, fig["filter"])
    if key not in selected.columns:
        raise _NotComputable(f"key column {key!r} not in table")
    values = _column(selected, fig["column"])
    keys = _as_text(selected[key])
    if selected.empty:
        raise _NotComputable("filter selects no rows")
    aggregate = fig.get("aggregate")
    if aggregate is None:
        if keys.duplicated().any():
            raise _NotComputable(f"several rows per {key}; give an aggregate")
        per_key = pd.Series(values.astype("Float64").to_numpy(), index=keys.to_numpy())
    else:
        per_key = (
            values.astype("Float64")
            .groupby(keys.to_numpy(), sort=False)
            .agg("size" if aggregate == "count" else aggregate)
        )
    return per_key.dropna().astype(float) * float(fig.get("scale", 1))


# --------------------------------------------------------------------------- evaluation


def _codes(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _published_text(fig: Mapping[str, Any]) -> str:
    expect, value = fig.get("expect", "equal"), fig["value"]
    if expect in ("argmax", "argmin"):
        return ", ".join(_codes(value))
    if expect == "order":
        return " > ".join(_codes(value))
    if expect == "between":
        return f"{_fmt(_dec(value[0]))}–{_fmt(_dec(value[1]))}"
    if expect == "greater":
        return f"> {_fmt(_dec(value))}"
    if expect == "less":
        return f"< {_fmt(_dec(value))}"
    return _fmt(_dec(value), fig["decimals"])


def _evaluate_keyed(fig: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> tuple[bool, str, str]:
    """(holds, computed text, detail) of an argmax / argmin / order claim."""
    per_key = compute_by_key(fig, tables)
    expected = _codes(fig["value"])
    if fig["expect"] == "order":
        absent = [c for c in expected if c not in per_key.index]
        if absent:
            raise _NotComputable(f"no value for {', '.join(absent)}")
        chain = per_key.loc[expected]
        text = " > ".join(f"{k} {v:.4g}" for k, v in chain.items())
        holds = bool((chain.diff().iloc[1:] < 0).all())
        return holds, text, "" if holds else f"computed order: {text}"
    candidates = per_key[per_key.index != MARGIN]
    if len(candidates) < len(expected):
        raise _NotComputable(f"only {len(candidates)} candidates for {len(expected)} expected")
    ordered = candidates.sort_values(ascending=fig["expect"] == "argmin", kind="stable")
    cutoff = ordered.iloc[len(expected) - 1]
    # Ties at the cut-off widen the computed set, so a shared first place never passes as sole.
    if fig["expect"] == "argmax":
        chosen = ordered[ordered >= cutoff]
    else:
        chosen = ordered[ordered <= cutoff]
    holds = set(chosen.index) == set(expected)
    head = ", ".join(f"{k} {v:.4g}" for k, v in ordered.head(len(expected) + 2).items())
    return holds, ", ".join(chosen.index), "" if holds else f"computed: {head}"


def _evaluate_numeric(fig: Mapping[str, Any], computed: Decimal) -> tuple[bool, str, str]:
    """(holds, computed text, detail) of a printed number or a threshold claim."""
    expect, value = fig.get("expect", "equal"), fig["value"]
    if expect == "equal":
        shown = round_printed(computed, fig["decimals"], fig["rounding"])
        holds = shown == round_printed(_dec(value), fig["decimals"], "round")
        text = _fmt(shown, fig["decimals"])
        how = "rounds" if fig["rounding"] == "round" else "truncates"
        detail = f"computed {_fmt_detail(computed)} {how} to {text}, printed {_published_text(fig)}"
        return holds, text, "" if holds else detail
    if expect == "greater":
        holds = computed > _dec(value)
    elif expect == "less":
        holds = computed < _dec(value)
    else:
        holds = _dec(value[0]) <= computed <= _dec(value[1])
    text = _fmt_detail(computed)
    return holds, text, "" if holds else f"computed {text}, printed {_published_text(fig)}"


def evaluate_figure(fig: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """One row of the reproduction table for one figure."""
    expect = fig.get("expect", "equal")
    numeric = expect not in KEYED_EXPECTS
    published = float(fig["value"]) if numeric and expect != "between" else float("nan")
    computed = float("nan")
    computed_text = ""
    try:
        if numeric:
            value = compute_value(fig, tables)
            computed = float(value)
            holds, computed_text, detail = _evaluate_numeric(fig, value)
        else:
            holds, computed_text, detail = _evaluate_keyed(fig, tables)
        status = "match" if holds else "mismatch"
    except _NotComputable as exc:
        status, detail = "not_computable", str(exc)
    own_note = str(fig.get("note") or "").strip()
    if not fig["consistent"]:
        own_note = f"bulletin inconsistent: {own_note}"
    return {
        "figure_id": fig["id"],
        "published": published,
        "computed": computed,
        "unit": fig["unit"],
        "status": status,
        "note": " | ".join(p for p in (detail, own_note) if p),
        "part": fig["part"],
        "table": fig["table"] if fig["table"] is not None else "",
        "column": fig["column"] if fig["column"] is not None else "",
        "expect": expect,
        "published_text": _published_text(fig),
        "computed_text": computed_text,
        "consistent": bool(fig["consistent"]),
        "quote": fig["quote"],
    }


def evaluate(figures: list[dict], tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The reproduction table: each published figure with its computed value and status."""
    validate_figures(figures)
    rows = [evaluate_figure(fig, tables) for fig in figures]
    out = pd.DataFrame(rows, columns=list(REPRODUCTION_COLUMNS))
    return out.astype(
        {
            "figure_id": str,
            "published": "float64",
            "computed": "float64",
            "unit": str,
            "status": str,
            "note": str,
            "part": str,
            "table": str,
            "column": str,
            "expect": str,
            "published_text": str,
            "computed_text": str,
            "consistent": bool,
            "quote": str,
        }
    )


def run_reproduction(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake entry point: figures YAML + the metric tables given by name -> reproduction table."""
    named = dict(input.items())
    figures = load_figures(named.pop("figures"))
    tables = {name: read_table(path) for name, path in named.items()}
    write_table(evaluate(figures, tables), output["reproduction"], "reproduction")
