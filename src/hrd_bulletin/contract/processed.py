"""The schemas of the processed Parquet tables: types, keys and descriptions, one source for all.

Raw, clean, rejected and reference tables take their columns' descriptions from the raw data
package (``datapackage.json``); metric tables, the audit and the ingest summaries from their
declared schemas in ``processed.json``, which also fixes their types, so that a table has the
same Arrow schema whatever the data (a column that happens to be all null is still a string).

:func:`describe` gives a table written by :func:`hrd_bulletin.io.write_table` its schema:
every field carries ``description`` (English) and ``description_ru``; keys are non-nullable;
the schema metadata holds the table's title and the contract version, and repeats each
column's description under ``description.<column>`` / ``description_ru.<column>``, where
tools that do not read Arrow field metadata (DuckDB's ``parquet_kv_metadata``) see it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import pyarrow as pa

from hrd_bulletin import contract

# What a Parquet file holds: a table of the raw contract typed (clean, reference), its rejected
# rows as text, a metric table (or the audit) or an ingest summary.
KINDS: tuple[str, ...] = ("clean", "reference", "rejected", "metric", "summary")

_ARROW_TYPES: Mapping[str, pa.DataType] = {
    "string": pa.large_string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@cache
def _declared() -> dict[str, Any]:
    text = resources.files("hrd_bulletin.contract").joinpath("processed.json").read_text(encoding="utf-8")
    return json.loads(text)


def declared_tables() -> list[str]:
    """The tables with a declared schema (metric tables, the audit, the ingest summary), in file order."""
    return list(_declared()["tables"])


def table_schema(name: str) -> dict[str, Any]:
    """A copy of a declared table's Frictionless-style schema: title(s), primaryKey, fields."""
    try:
        return copy.deepcopy(_declared()["tables"][name])
    except KeyError:
        raise KeyError(f"no declared schema for the processed table {name!r}") from None


def derived_field(name: str) -> dict[str, Any]:
    """The description of a column that ingest adds to a raw table (``season``, ``line``, ...)."""
    return copy.deepcopy(_declared()["derived"][name])


def contract_version() -> str:
    """The version of the data contract the tables are written under (``datapackage.json``)."""
    return str(contract.package()["version"])


def _raw_fields(table: str, kind: str) -> dict[str, dict[str, Any]]:
    """Field descriptors of a raw or reference table in its clean or rejected form."""
    resource = contract.resource(table)
    keys = set(contract.primary_key(table))
    fields: dict[str, dict[str, Any]] = {}
    for f in resource["schema"]["fields"]:
        required = kind != "rejected" and (f["name"] in keys or f.get("constraints", {}).get("required", False))
        fields[f["name"]] = {**f, "type": None, "key": required}
    if kind == "clean" and contract.season_date(table) is not None:
        fields["season"] = {**derived_field("season"), "name": "season", "type": None, "key": True}
    if kind == "clean":
        fields["submission_id"] = {**derived_field("submission_id"), "name": "submission_id", "type": None}
    if kind == "rejected":
        for name in ("line", "column", "reason"):
            fields[name] = {**derived_field(name), "name": name, "type": None, "key": name == "line"}
    return fields


def _titles(table: str, kind: str) -> dict[str, str]:
    if kind in ("metric", "summary"):
        schema = table_schema("ingest_summary" if kind == "summary" else table)
        return {"title": schema["title"], "title_ru": schema["title_ru"]}
    resource = contract.resource(table)
    title, title_ru = str(resource.get("title", table)), str(resource.get("title_ru", table))
    if kind == "rejected":
        return {"title": f"{title}: rejected rows", "title_ru": f"{title_ru}: отклонённые строки"}
    return {"title": title, "title_ru": title_ru}


def fields_of(table: str, kind: str) -> dict[str, dict[str, Any]]:
    """Column name -> descriptor (``description``, ``description_ru``, ``type`` or None to keep
    the written type, ``key`` for a non-nullable column) of a processed table."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of processed table {kind!r}; expected one of {', '.join(KINDS)}")
    if kind in ("clean", "reference", "rejected"):
        return _raw_fields(table, kind)
    schema = table_schema("ingest_summary" if kind == "summary" else table)
    keys = set(schema.get("primaryKey", []))
    return {f["name"]: {**f, "key": f["name"] in keys} for f in schema["fields"]}


def _field(column: pa.ChunkedArray, name: str, spec: Mapping[str, Any]) -> tuple[pa.Field, pa.ChunkedArray]:
    if spec.get("type") is not None:
        column = column.cast(_ARROW_TYPES[spec["type"]])
    nullable = not spec.get("key", False)
    if not nullable and column.null_count:
        raise ValueError(f"column {name!r} is a key and must not be null ({column.null_count} null value(s))")
    metadata = {"description": spec["description"], "description_ru": spec["description_ru"]}
    return pa.field(name, column.type, nullable, metadata=metadata), column


def describe(table: pa.Table, name: str, kind: str) -> pa.Table:
    """``table`` with the declared types, nullability, descriptions and title (see the module doc).

    A metric or summary table must have exactly its declared columns; a rejected table may
    carry the raw file's extra columns (described as such).
    """
    specs = fields_of(name, kind)
    columns = list(table.column_names)
    unknown = [c for c in columns if c not in specs]
    if unknown and kind != "rejected":
        raise ValueError(f"{name} ({kind}): column(s) without a declared schema: {', '.join(unknown)}")
    missing = [c for c in specs if c not in columns and (kind in ("metric", "summary") or specs[c].get("key"))]
    if missing:
        raise ValueError(f"{name} ({kind}): declared column(s) missing: {', '.join(missing)}")
    extra = {**derived_field("extra"), "type": None}
    fields, arrays = [], []
    for column in columns:
        field, array = _field(table.column(column), column, specs.get(column, extra))
        fields.append(field)
        arrays.append(array)
    metadata = dict(table.schema.metadata or {})
    metadata.update({k.encode(): v.encode() for k, v in _titles(name, kind).items()})
    metadata[b"table"] = name.encode()
    metadata[b"contract_version"] = contract_version().encode()
    for field in fields:
        for key in (b"description", b"description_ru"):
            metadata[key + b"." + field.name.encode()] = field.metadata[key]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))
