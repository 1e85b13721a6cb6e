"""The data contract as code: tables, columns, codes and checks, all read from ``datapackage.json``.

``datapackage.json`` (a Frictionless data package shipped inside the package) is the single
description of the raw tables. Everything here is derived from it, so the documentation, the
ingest checks and the clean-table dtypes cannot drift apart.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

_PACKAGE: dict[str, Any] = json.loads(
    resources.files("hrd_bulletin.contract").joinpath("datapackage.json").read_text(encoding="utf-8")
)
_RESOURCES: dict[str, dict[str, Any]] = {r["name"]: r for r in _PACKAGE["resources"]}

RAW_TABLES: tuple[str, ...] = tuple(r["name"] for r in _PACKAGE["resources"] if not r["path"].startswith("reference/"))
REFERENCE_TABLES: tuple[str, ...] = tuple(
    r["name"] for r in _PACKAGE["resources"] if r["path"].startswith("reference/")
)
# What monitors may send (encodings, delimiters, boolean words, date formats).
RAW_FORMAT: Mapping[str, Any] = MappingProxyType(_PACKAGE["x-raw-format"])

# Frictionless type -> pandas dtype of the clean table (docs/conventions.md).
_CLEAN_DTYPES = {
    "string": "str",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ms]",
}


def package() -> dict[str, Any]:
    """A deep copy of the whole data package descriptor."""
    return copy.deepcopy(_PACKAGE)


def _resource(table: str) -> dict[str, Any]:
    try:
        return _RESOURCES[table]
    except KeyError:
        raise KeyError(f"no table {table!r} in the data contract") from None


def resource(table: str) -> dict[str, Any]:
    """A deep copy of one resource descriptor (path, titles, schema)."""
    return copy.deepcopy(_resource(table))


def path(table: str) -> str:
    """The table's file path relative to the raw directory (``incidents.csv``, ``reference/regions.csv``)."""
    return str(_resource(table)["path"])


def columns(table: str) -> list[str]:
    """The contract's columns of ``table``, in contract order."""
    return [f["name"] for f in _resource(table)["schema"]["fields"]]


def field(table: str, column: str) -> dict[str, Any]:
    """A copy of the Frictionless field descriptor of ``table.column``."""
    for f in _resource(table)["schema"]["fields"]:
        if f["name"] == column:
            return copy.deepcopy(f)
    raise KeyError(f"no column {column!r} in table {table!r}")


def _fields(table: str) -> list[dict[str, Any]]:
    return _resource(table)["schema"]["fields"]


def is_required(table: str, column: str) -> bool:
    """Whether a value is required in every row (the column must then be in the file too)."""
    return bool(field(table, column).get("constraints", {}).get("required", False))


def required_columns(table: str) -> list[str]:
    """Columns that must be present in the header (those with a required value)."""
    return [f["name"] for f in _fields(table) if f.get("constraints", {}).get("required", False)]


def primary_key(table: str) -> list[str]:
    """The primary-key columns of ``table``."""
    pk = _resource(table)["schema"].get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def foreign_keys(table: str) -> list[dict[str, Any]]:
    """The Frictionless foreign keys of ``table`` (copies)."""
    return copy.deepcopy(_resource(table)["schema"].get("foreignKeys", []))


def raw_parents(table: str) -> list[str]:
    """The raw tables (not reference tables) that ``table``'s foreign keys point at, in order.

    Ingest checks a table against the clean rows of these, so they must be ingested first.
    """
    parents = [fk["reference"]["resource"] for fk in _resource(table)["schema"].get("foreignKeys", [])]
    return [p for p in dict.fromkeys(parents) if p in RAW_TABLES and p != table]


def reference_of(table: str, column: str) -> str | None:
    """The reference table whose ``code`` the column must hold, or None."""
    for fk in _resource(table)["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"]
        if fk["fields"] == column and target in REFERENCE_TABLES:
            return str(target)
    return None


def enum_of(table: str, column: str) -> list[str] | None:
    """The fixed code list of an enum column, in contract order, or None."""
    enum = field(table, column).get("constraints", {}).get("enum")
    return list(enum) if enum is not None else None


def multi_select_of(table: str, column: str) -> list[str] | None:
    """The options of a multi-select column (``;``-separated codes), or None."""
    options = field(table, column).get("x-multi-select")
    return list(options) if options is not None else None


def code_fields(table: str) -> list[str]:
    """Columns of ``table`` holding a single code: an enum or a reference-table code."""
    return [
        f["name"]
        for f in _fields(table)
        if "enum" in f.get("constraints", {}) or reference_of(table, f["name"]) is not None
    ]


def codes(table: str, column: str, reference: Mapping[str, pd.DataFrame] | None = None) -> list[str]:
    """All codes a code column may hold, in reference/contract order (the clean categories)."""
    enum = enum_of(table, column)
    if enum is not None:
        return enum
    target = reference_of(table, column)
    if target is None:
        raise KeyError(f"{table}.{column} is not a code column")
    if reference is None or target not in reference:
        raise KeyError(f"{table}.{column} needs the reference table {target!r}")
    return [str(c) for c in reference[target]["code"]]


def is_free_text(table: str, column: str) -> bool:
    """Whether the column holds free text (``x-free-text``): kept byte-exact, never trimmed."""
    return bool(field(table, column).get("x-free-text", False))


def case_of(table: str, column: str) -> str | None:
    """How codes of the column are normalised before checking: ``lower``, ``upper`` or None."""
    return field(table, column).get("x-case")


def season_date(table: str) -> str | None:
    """The date column that places a row of ``table`` in a season, or None."""
    for f in _fields(table):
        if f.get("x-season-date"):
            return str(f["name"])
    return None


def applies_to(table: str, column: str) -> str | None:
    """``individual`` / ``organization`` for survey items asked of one respondent type only."""
    return field(table, column).get("x-applies-to")


def requires(table: str, column: str) -> str | None:
    """The boolean column that must be true for this column to be filled, or None."""
    return field(table, column).get("x-requires")


def clean_dtype(table: str, column: str) -> str:
    """The pandas dtype of ``table.column`` in the clean table (docs/conventions.md)."""
    if table in RAW_TABLES and column in code_fields(table):
        return "category"
    return _CLEAN_DTYPES[field(table, column)["type"]]


def _multi_select_check(options: list[str]) -> pa.Check:
    import pandera.pandas as pa

    allowed = set(options)

    def check(series: pd.Series) -> pd.Series:
        parts = series.str.split(";").explode()
        ok = parts.isna() | parts.isin(allowed)
        return ok.groupby(level=0, sort=False).all().reindex(series.index)

    return pa.Check(check, name="multi_select", error=f"options must be among {', '.join(options)}")


@cache
def _base_schema(table: str) -> pa.DataFrameSchema:
    from pandera.io.pandas_io import from_frictionless_schema

    return from_frictionless_schema(copy.deepcopy(_resource(table)["schema"]))


def pandera_schema(
    table: str,
    reference: Mapping[str, pd.DataFrame] | None = None,
    *,
    unique: bool = True,
) -> pa.DataFrameSchema:
    """A pandera schema of the clean (typed) table, built from the Frictionless schema.

    Required/range/enum/pattern constraints come from the contract; dtypes follow the clean
    conventions (no coercion: ingest types values itself, with its own error messages). With
    ``reference``, reference-code columns also get an ``isin`` check. ``unique=False`` drops the
    primary-key uniqueness (ingest reports duplicates itself, naming the first line).
    """
    # pandera (and frictionless, behind it) cost ~0.5 s to import: only the jobs that validate
    # pay it, not the Snakefile's start-up nor the ingest summary.
    import pandera.pandas as pa

    base = _base_schema(table)
    updates: dict[str, dict[str, Any]] = {}
    for name in columns(table):
        checks = list(base.columns[name].checks)
        target = reference_of(table, name)
        if target is not None and reference is not None and target in reference:
            checks.append(pa.Check.isin([str(c) for c in reference[target]["code"]]))
        options = multi_select_of(table, name)
        if options is not None:
            checks.append(_multi_select_check(options))
        updates[name] = {
            "dtype": clean_dtype(table, name),
            "coerce": False,
            "checks": checks,
            "unique": base.columns[name].unique if unique else False,
        }
    schema = base.update_columns(updates)
    extra: dict[str, pa.Column] = {}
    if season_date(table) is not None:
        extra["season"] = pa.Column("category", nullable=False, required=False, name="season")
    return pa.DataFrameSchema(
        columns={**schema.columns, **extra},
        coerce=False,
        strict=True,
        unique=schema.unique if unique else None,
        name=table,
        description=_resource(table).get("description"),
    )
