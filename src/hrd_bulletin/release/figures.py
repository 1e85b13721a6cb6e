"""The release's long table of figures, ``figures.csv``: one row per published value.

Nothing is computed here: each row is one non-empty numeric cell of a released metric CSV, as
its text, named by the row's ``figure_id`` and the cell's column, with its unit, its table, the
period it refers to and the edition that publishes it. A withheld cell is empty in the metric
CSV and so is absent here; keys, flags and text columns are not values. An edition-to-edition
comparison (hrd_bulletin.release.compare) reads this table only: released figures, no microdata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hrd_bulletin.release.tables import FIGURE_ID

FIGURES = "figures.csv"
FIGURE_COLUMNS: tuple[str, ...] = (FIGURE_ID, "column", "value", "unit", "table", "period", "edition")
# Key columns that name a period, and how a period is written: ``season:S1``, ``wave:2``; a
# figure between two waves names both (``wave:1;wave:2``).
PERIOD_KEYS: Mapping[str, str] = {"season": "season", "wave": "wave", "wave_from": "wave", "wave_to": "wave"}
PERIOD_SEPARATOR = ";"
_NUMERIC = frozenset({"integer", "number"})


def unit_of(column: str, kind: str) -> str:
    """The unit of a value column, from its name and type (the schema declares no units)."""
    if column.endswith("p_value"):
        return "p-value"
    if column.startswith("share") or column.startswith("ci_"):
        return "proportion"
    if "ratio" in column:
        return "ratio"
    if column.startswith("change"):
        return "change"
    if column == "rank":
        return "rank"
    return "count" if kind == "integer" else "value"


def period_of(row: Mapping[str, str], keys: Sequence[str]) -> str:
    """The period a row refers to, from its key columns ('' when it names none)."""
    parts = [f"{PERIOD_KEYS[k]}:{row[k]}" for k in keys if k in PERIOD_KEYS and row[k] not in ("", "all")]
    return PERIOD_SEPARATOR.join(parts)


def long_rows(
    table: str,
    fields: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    rows: Sequence[Mapping[str, str]],
    edition: str,
) -> list[list[str]]:
    """The figures of one released table: ``fields`` its Frictionless fields (name, type),
    ``rows`` its CSV rows as text by column name (``figure_id`` included)."""
    values = [f for f in fields if f["type"] in _NUMERIC and f["name"] not in keys]
    out = []
    for row in rows:
        period = period_of(row, keys)
        for field in values:
            text = row[field["name"]]
            if text == "":
                continue
            unit = unit_of(field["name"], field["type"])
            out.append([row[FIGURE_ID], field["name"], text, unit, table, period, edition])
    return out


def figures_resource(data: bytes, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The data-package resource of ``figures.csv`` (``facts``: its bytes and hash)."""
    text = {"type": "string"}
    described = [
        (FIGURE_ID, text, "Row id of the value in its table (the table's figure_id).", "Идентификатор строки."),
        ("column", text, "Column of the value in its table.", "Столбец значения в таблице."),
        ("value", {"type": "number"}, "The value, as in its table.", "Значение, как в таблице."),
        ("unit", text, "count, proportion, ratio, p-value, change, rank or value.", "Единица значения."),
        ("table", text, "The released table (CSV) the value is in.", "Таблица (CSV), где значение."),
        ("period", text, "Period of the value: season:<id>, wave:<n>, ';'-joined.", "Период значения."),
        ("edition", text, "The edition that publishes the value (publisher.edition.id).", "Выпуск."),
    ]
    fields = [{"name": n, **t, "description": en, "description_ru": ru} for n, t, en, ru in described]
    return {
        "name": "figures",
        "path": FIGURES,
        "profile": "tabular-data-resource",
        "title": "Every published value, one per row",
        "title_ru": "Все опубликованные значения, по одному в строке",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **facts,
        "schema": {"fields": fields, "primaryKey": [FIGURE_ID, "column"]},
    }
