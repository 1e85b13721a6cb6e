"""The questions of the field forms, derived from the contract: one per column, named as the column.

A form is a raw table (``survey``, ``incidents``) with, for ``incidents``, its ``violations`` as a
repeat group; each question's ``name`` is the contract's column name, so an export maps back to
the raw table without a lookup table. Ingest (``hrd_bulletin.ingest.platforms``) reads exports
with the same model: the labels here are the headers and values of a labelled export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.forms.labels import BOOLEAN_CHOICES, ENUM_LABELS, HINTS, REPEATS, SECTIONS

# Form -> the raw tables it fills: the main table first, then those of its repeat groups.
FORMS: dict[str, tuple[str, ...]] = {"survey": ("survey",), "incidents": ("incidents", "violations")}
# A repeat table -> the table of its submission (the one its rows join by the platform's keys).
REPEAT_PARENT: dict[str, str] = {t: tables[0] for tables in FORMS.values() for t in tables[1:]}
BOOLEAN_LIST = "yes_no"
_TYPES = {"integer": "integer", "number": "decimal", "date": "date", "string": "text"}
# The label column of each reference table (the others have label_ru and label_en).
_REFERENCE_LABELS = {"regions": ("name_ru", "name_en")}


@dataclass(frozen=True)
class Question:
    """One question of a form: the XLSForm row of a contract column."""

    name: str
    type: str  # XLSForm type: text, integer, decimal, date, select_one LIST, select_multiple LIST
    label_ru: str
    label_en: str
    required: bool
    constraint: str
    relevant: str
    hint_ru: str = ""
    hint_en: str = ""

    @property
    def list_name(self) -> str | None:
        """The choice list of a select question, or None."""
        kind, _, name = self.type.partition(" ")
        return name if kind in ("select_one", "select_multiple") else None

    @property
    def multiple(self) -> bool:
        return self.type.startswith("select_multiple ")


def contract_version() -> str:
    """The version of the contract the forms are built from (``datapackage.json``)."""
    return str(contract.package()["version"])


def _list_name(table: str, column: str) -> str | None:
    target = contract.reference_of(table, column)
    if target is not None:
        return target
    if contract.field(table, column)["type"] == "boolean":
        return BOOLEAN_LIST
    if contract.enum_of(table, column) is not None or contract.multi_select_of(table, column) is not None:
        return column
    return None


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def constraint_of(table: str, column: str) -> str:
    """The XLSForm constraint of a column: its range or its pattern."""
    cons = contract.field(table, column).get("constraints", {})
    parts = []
    if "minimum" in cons:
        parts.append(f". >= {_number(cons['minimum'])}")
    if "maximum" in cons:
        parts.append(f". <= {_number(cons['maximum'])}")
    if "pattern" in cons:
        parts.append(f"regex(., '{cons['pattern']}')")
    return " and ".join(parts)


def relevant_of(table: str, column: str) -> str:
    """When the question is shown: the respondent type it applies to, the boolean it requires."""
    parts = []
    only = contract.applies_to(table, column)
    if only is not None:
        parts.append(f"${{respondent_type}} = '{only}'")
    needed = contract.requires(table, column)
    if needed is not None:
        parts.append(f"${{{needed}}} = 'yes'")
    return " and ".join(parts)


def question(table: str, column: str) -> Question:
    """The question of ``table.column``."""
    spec = contract.field(table, column)
    list_name = _list_name(table, column)
    if list_name is None:
        kind = _TYPES[spec["type"]]
    else:
        kind = ("select_multiple " if contract.multi_select_of(table, column) else "select_one ") + list_name
    hint_ru, hint_en = HINTS.get(column, ("", ""))
    return Question(
        name=column,
        type=kind,
        label_ru=str(spec.get("description_ru", column)),
        label_en=str(spec.get("description", column)),
        required=contract.is_required(table, column),
        constraint=constraint_of(table, column),
        relevant=relevant_of(table, column),
        hint_ru=hint_ru,
        hint_en=hint_en,
    )


def repeat_columns(table: str) -> list[str]:
    """The columns of a repeat table asked in the repeat: all but the key to its parent."""
    parent = REPEAT_PARENT[table]
    joined = {fk["fields"] for fk in contract.foreign_keys(table) if fk["reference"]["resource"] == parent}
    return [c for c in contract.columns(table) if c not in joined]


def questions(table: str) -> list[Question]:
    """The questions a form asks for ``table`` (a repeat table: without its key to the parent)."""
    columns = repeat_columns(table) if table in REPEAT_PARENT else contract.columns(table)
    return [question(table, c) for c in columns]


def sections(table: str) -> list[tuple[str, str, str, list[Question]]]:
    """The groups of the main table's questions: (name, Russian, English, questions), in order."""
    starts = {first: (name, ru, en) for name, first, ru, en in SECTIONS.get(table, [])}
    out: list[tuple[str, str, str, list[Question]]] = []
    for q in questions(table):
        if q.name in starts:
            out.append((*starts[q.name], []))
        if not out:
            raise ValueError(f"{table}: the first column {q.name!r} opens no section")
        out[-1][3].append(q)
    return out


def repeat_of(table: str) -> tuple[str, str, str]:
    """(repeat name, Russian, English) of a repeat table."""
    return REPEATS[table]


def choices(list_name: str, table: str, reference: Mapping[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """The (name, Russian, English) choices of a list: reference codes, enum codes or yes/no."""
    if list_name == BOOLEAN_LIST:
        return [(code, ru, en) for code, (ru, en) in BOOLEAN_CHOICES.items()]
    if list_name in contract.REFERENCE_TABLES:
        frame = reference[list_name]
        ru_col, en_col = _REFERENCE_LABELS.get(list_name, ("label_ru", "label_en"))
        return [
            (str(code), _text(ru, code), _text(en, code))
            for code, ru, en in zip(frame["code"], frame[ru_col], frame[en_col])
        ]
    codes = contract.enum_of(table, list_name) or contract.multi_select_of(table, list_name) or []
    labels = ENUM_LABELS[(table, list_name)]
    return [(code, *labels[code]) for code in codes]


def _text(value: object, code: object) -> str:
    return str(code) if pd.isna(value) or not str(value).strip() else str(value)
