"""The XLSX data-entry template: one sheet per raw table, with dropdowns and checks from the contract.

Monitors who prefer a spreadsheet fill ``monitoring_template.xlsx`` instead of writing CSV; ingest
reads the filled workbook (``hrd_bulletin.ingest.raw_source`` / ``read_raw``). The file is
deterministic: the same contract and reference tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from hrd_bulletin import contract
from hrd_bulletin.io import atomic_write

TEMPLATE_NAME = "monitoring_template.xlsx"
INSTRUCTIONS_SHEET = "Инструкция"
LISTS_SHEET = "lists"
CREATOR = "hrd-bulletin"
# Fixed workbook and archive timestamps: the same template is the same bytes.
TIMESTAMP = dt.datetime(2017, 1, 1, 0, 0, 0)
BOOLEAN_CHOICES = ("да", "нет")
# Validations cover every data row a sheet can have.
LAST_ROW = 1_048_576
# Dates accepted by the date validation (wide: seasons come from the config, not the template).
FIRST_DATE = dt.date(1990, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_REFERENCE_LABEL = {"regions": "name_ru"}  # the Russian label column of each reference table


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a leading ``'``."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _put(ws: Worksheet, row: int, column: int, value: str, *, bold: bool = False) -> Cell:
    """Write human text: neutralised and always stored as a string, never as a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = neutralise_formula(str(value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


# --------------------------------------------------------------------------- instructions
_INSTRUCTIONS: list[tuple[str, str]] = [
    ("Шаблон для ввода данных мониторинга", ""),
    ("", "Мониторинг угроз и рисков для правозащитников в Казахстане (hrd-bulletin)."),
    ("Как заполнять", ""),
    (
        "1",
        "Каждый лист — одна таблица. Одна строка — одна запись; первая строка листа — названия "
        "столбцов: не меняйте, не удаляйте и не переставляйте её.",
    ),
    ("2", "Наведите курсор на название столбца, чтобы увидеть пояснение."),
    (
        "3",
        "Коды выбирайте из выпадающего списка (регион, категория пострадавшего, источник угрозы, "
        "тип угрозы и др.). Не пишите названия вместо кодов.",
    ),
    ("4", "Даты вводите как даты (например, 2016-05-01 или 01.05.2016)."),
    ("5", "Вопросы «да/нет» — выберите да или нет. Числа — без единиц измерения и пояснений."),
    (
        "6",
        "Пустая ячейка означает «нет данных» (вопрос не задавался или неприменим). Не пишите "
        "«нет данных», «-» или 0 вместо пустой ячейки.",
    ),
    ("7", "Множественный выбор (specializations): коды через точку с запятой, например civil;labour."),
    (
        "8",
        "Идентификаторы (respondent_id, incident_id и др.) уникальны; в листе violations "
        "incident_id должен совпадать с идентификатором из листа incidents.",
    ),
    (
        "9",
        "Не вставляйте формулы и не объединяйте ячейки. Листы можно оставить пустыми, если "
        "таких данных нет (строка названий должна остаться).",
    ),
    ("Безопасность", ""),
    (
        "!",
        "Не вносите имена и фамилии, номера телефонов, адреса, номера удостоверений личности и "
        "другие персональные данные. Люди обозначаются только псевдонимными идентификаторами "
        "(например, R0001, V0001), таблица соответствия хранится отдельно и не передаётся.",
    ),
    ("!", "В описаниях указывайте факты без сведений, позволяющих установить личность."),
    ("Проверка", ""),
    ("", "Перед отправкой проверьте файл: hrd-bulletin validate ПАПКА_С_ФАЙЛОМ"),
]


def _code_labels(reference: Mapping[str, pd.DataFrame], table: str) -> list[tuple[str, str]]:
    frame = reference[table]
    labels = frame[_REFERENCE_LABEL.get(table, "label_ru")]
    return [(str(code), "" if pd.isna(label) else str(label)) for code, label in zip(frame["code"], labels)]


def _write_instructions(ws: Worksheet, reference: Mapping[str, pd.DataFrame]) -> None:
    row = 1
    for key, text in _INSTRUCTIONS:
        heading = key and not text
        _put(ws, row, 1, key, bold=bool(heading))
        if text:
            _put(ws, row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    _put(ws, row, 1, "Листы", bold=True)
    row += 1
    for table in contract.RAW_TABLES:
        resource = contract.resource(table)
        _put(ws, row, 1, table)
        _put(ws, row, 2, f"{resource.get('title_ru', '')}: {resource.get('description_ru', '')}")
        row += 1
    row += 1
    _put(ws, row, 1, "Коды", bold=True)
    row += 1
    for table in contract.RAW_TABLES:
        for column in contract.code_fields(table):
            if contract.reference_of(table, column) is not None:
                continue
            _put(ws, row, 1, f"{table}.{column}")
            _put(ws, row, 2, ", ".join(contract.codes(table, column)))
            row += 1
        for column in contract.columns(table):
            options = contract.multi_select_of(table, column)
            if options is not None:
                _put(ws, row, 1, f"{table}.{column}")
                _put(ws, row, 2, "; ".join(options) + " (несколько через ;)")
                row += 1
    for name in _list_tables():
        row += 1
        _put(ws, row, 1, f"Справочник {name}", bold=True)
        row += 1
        for code, label in _code_labels(reference, name):
            _put(ws, row, 1, code)
            _put(ws, row, 2, label)
            row += 1
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100


# --------------------------------------------------------------------------- data sheets
def _list_tables() -> list[str]:
    """Reference tables some raw column takes its codes from, in contract order."""
    used = {contract.reference_of(t, c) for t in contract.RAW_TABLES for c in contract.columns(t)}
    return [name for name in contract.REFERENCE_TABLES if name in used]


def _write_lists(ws: Worksheet, reference: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """One column of codes per reference table; returns the validation formula of each."""
    formulas: dict[str, str] = {}
    for index, name in enumerate(_list_tables(), start=1):
        letter = get_column_letter(index)
        _put(ws, 1, index, name, bold=True)
        codes = [str(c) for c in reference[name]["code"]]
        for row, code in enumerate(codes, start=2):
            _put(ws, row, index, code)
        formulas[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(codes) + 1}"
    ws.sheet_state = "hidden"
    return formulas


def _error(validation: DataValidation, text: str) -> DataValidation:
    validation.showErrorMessage = True
    validation.errorTitle = "Недопустимое значение"
    validation.error = text
    return validation


def _bounds(spec: Mapping[str, Any]) -> tuple[Any, Any]:
    cons = spec.get("constraints", {})
    return cons.get("minimum"), cons.get("maximum")


def _number_validation(kind: str, spec: Mapping[str, Any]) -> DataValidation:
    low, high = _bounds(spec)
    what = "целое число" if kind == "whole" else "число"
    if low is not None and high is not None:
        v = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        text = f"Введите {what} от {low} до {high}."
    elif low is not None:
        v = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        text = f"Введите {what} не меньше {low}."
    elif high is not None:
        v = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(high))
        text = f"Введите {what} не больше {high}."
    else:
        v = DataValidation(type=kind, operator="between", formula1="-2147483648", formula2="2147483647")
        text = f"Введите {what}."
    return _error(v, text)


def _validation(table: str, column: str, lists: Mapping[str, str]) -> DataValidation | None:
    """The data validation of one contract column, or None (free text, ids)."""
    spec = contract.field(table, column)
    kind = spec["type"]
    target = contract.reference_of(table, column)
    if target is not None:
        return _error(
            DataValidation(type="list", formula1=lists[target]), f"Выберите код из списка (справочник {target})."
        )
    enum = contract.enum_of(table, column)
    if enum is not None:
        return _error(
            DataValidation(type="list", formula1='"' + ",".join(enum) + '"'),
            "Выберите код из списка: " + ", ".join(enum) + ".",
        )
    if kind == "boolean":
        return _error(
            DataValidation(type="list", formula1='"' + ",".join(BOOLEAN_CHOICES) + '"'), "Выберите да или нет."
        )
    if kind == "integer":
        return _number_validation("whole", spec)
    if kind == "number":
        return _number_validation("decimal", spec)
    if kind == "date":
        v = DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(FIRST_DATE))),
            formula2=str(int(to_excel(LAST_DATE))),
        )
        return _error(v, f"Введите дату между {FIRST_DATE.isoformat()} и {LAST_DATE.isoformat()}.")
    options = contract.multi_select_of(table, column)
    if options is not None:
        v = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="1000")
        v.showInputMessage = True
        v.promptTitle = "Несколько кодов через ;"
        v.prompt = "; ".join(options)[:250]
        return v
    return None


def _header_comment(table: str, column: str) -> Comment:
    spec = contract.field(table, column)
    text = str(spec.get("description_ru", ""))
    if contract.is_required(table, column):
        text += " Обязательное поле."
    comment = Comment(text, CREATOR)
    comment.width, comment.height = 320, 120
    return comment


def _write_table_sheet(ws: Worksheet, table: str, lists: Mapping[str, str]) -> None:
    for index, column in enumerate(contract.columns(table), start=1):
        letter = get_column_letter(index)
        cell = _put(ws, 1, index, column, bold=True)
        cell.comment = _header_comment(table, column)
        dimension = ws.column_dimensions[letter]
        dimension.width = max(12, len(column) + 4)
        kind = contract.field(table, column)["type"]
        if kind == "date":
            dimension.number_format = "YYYY-MM-DD"
        elif kind == "string" and column not in contract.code_fields(table):
            dimension.number_format = "@"  # ids such as 007 stay text
        validation = _validation(table, column, lists)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"


def build_template(reference: Mapping[str, pd.DataFrame]) -> Workbook:
    """The blank data-entry workbook: instructions, one sheet per raw table, hidden code lists."""
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, reference)
    sheets = {table: wb.create_sheet(table) for table in contract.RAW_TABLES}
    lists = _write_lists(wb.create_sheet(LISTS_SHEET), reference)
    for table, ws in sheets.items():
        _write_table_sheet(ws, table, lists)
    wb.active = 0
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = "Шаблон ввода данных мониторинга"
    props.created = TIMESTAMP
    props.modified = TIMESTAMP
    return wb


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Save with fixed timestamps (document properties and zip entries), so equal books are equal bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    props = wb.properties
    props.modified = TIMESTAMP  # openpyxl stamps the time of saving
    core = b"<?xml version='1.0' encoding='UTF-8'?>\n" + tostring(props.to_tree())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(out.getvalue()), mode=0o644)


def write_template(out_dir: str | Path, reference: Mapping[str, pd.DataFrame]) -> Path:
    """Write ``monitoring_template.xlsx`` with the codes of ``reference`` into ``out_dir``; returns its path."""
    return save_workbook(build_template(reference), Path(out_dir) / TEMPLATE_NAME)
