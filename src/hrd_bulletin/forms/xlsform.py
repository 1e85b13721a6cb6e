"""The XLSForm workbooks (``survey``, ``choices``, ``settings`` sheets) of the field forms.

Built with openpyxl and saved with fixed timestamps (``hrd_bulletin.workbook.save_workbook``), so
the same contract and reference tables give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hrd_bulletin.forms.labels import CONSTRAINT_MESSAGES, TITLES
from hrd_bulletin.forms.questions import FORMS, Question, choices, contract_version, repeat_of, sections
from hrd_bulletin.forms.questions import questions as table_questions
from hrd_bulletin.workbook import CREATOR, TIMESTAMP, save_workbook

RU, EN = "Русский (ru)", "English (en)"
SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{RU}",
    f"label::{EN}",
    f"hint::{RU}",
    f"hint::{EN}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{RU}",
    f"constraint_message::{EN}",
)
CHOICE_COLUMNS = ("list_name", "name", f"label::{RU}", f"label::{EN}")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "allow_choice_duplicates")
# Device metadata every submission carries (ingest drops them from the raw tables).
_METADATA = (("start", "start"), ("end", "end"))


def form_id(form: str) -> str:
    """The form's id: its name and the contract version (``hrd_survey_1_0_0``)."""
    return f"hrd_{form}_" + contract_version().replace(".", "_")


def _question_row(q: Question) -> list[str]:
    message = CONSTRAINT_MESSAGES["pattern" if "regex(" in q.constraint else "range"] if q.constraint else ("", "")
    return [
        q.type,
        q.name,
        q.label_ru,
        q.label_en,
        q.hint_ru,
        q.hint_en,
        "yes" if q.required else "",
        q.relevant,
        q.constraint,
        *message,
    ]


def _group_rows(kind: str, name: str, ru: str, en: str, rows: Sequence[list[str]]) -> list[list[str]]:
    width = len(SURVEY_COLUMNS)
    begin = [f"begin_{kind}", name, ru, en] + [""] * (width - 4)
    end = [f"end_{kind}", name] + [""] * (width - 2)
    return [begin, *rows, end]


def survey_rows(form: str) -> list[list[str]]:
    """The rows of the ``survey`` sheet: metadata, the main table by section, the repeats."""
    main, *repeats = FORMS[form]
    rows = [[kind, name] + [""] * (len(SURVEY_COLUMNS) - 2) for kind, name in _METADATA]
    for name, ru, en, qs in sections(main):
        rows += _group_rows("group", name, ru, en, [_question_row(q) for q in qs])
    for table in repeats:
        name, ru, en = repeat_of(table)
        rows += _group_rows("repeat", name, ru, en, [_question_row(q) for q in table_questions(table)])
    return rows


def choice_rows(form: str, reference: Mapping[str, pd.DataFrame]) -> list[list[str]]:
    """The rows of the ``choices`` sheet: every list a question of the form selects from, once."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    for table in FORMS[form]:
        for q in table_questions(table):
            list_name = q.list_name
            if list_name is None or list_name in seen:
                continue
            seen.add(list_name)
            rows += [[list_name, *choice] for choice in choices(list_name, table, reference)]
    return rows


def _sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            if value == "":
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = str(value)
            cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "A2"


def build_form(form: str, reference: Mapping[str, pd.DataFrame]) -> Workbook:
    """The XLSForm workbook of ``form`` (``survey`` or ``incidents``)."""
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    _sheet(survey, SURVEY_COLUMNS, survey_rows(form))
    _sheet(wb.create_sheet("choices"), CHOICE_COLUMNS, choice_rows(form, reference))
    title_ru, _ = TITLES[form]
    settings = [title_ru, form_id(form), contract_version(), RU, "no"]
    _sheet(wb.create_sheet("settings"), SETTINGS_COLUMNS, [settings])
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = title_ru
    props.created = TIMESTAMP
    props.modified = TIMESTAMP
    return wb


def write_forms(out_dir: str | Path, reference: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write ``survey.xlsx`` and ``incidents.xlsx`` into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    return [save_workbook(build_form(form, reference), out / f"{form}.xlsx") for form in FORMS]
