"""The bundled survey and incident log as a KoboToolbox or an ODK Central export of the field forms.

``python -m hrd_bulletin.reconstruct OUT --as kobo|odk`` writes them in place of ``survey.csv``,
``incidents.csv`` and ``violations.csv``, as a monitor would drop the platform's export into the
raw directory; ingest (``hrd_bulletin.ingest.platforms``) must give the same clean tables. The
layout follows the platforms' exports: KoboToolbox's (formpack) metadata ``_id``, ``_uuid``,
``_submission_time``, ``_validation_status``, ``_index``, a repeat group's sheet joined by
``_parent_index``, group prefixes ``group/``, multi-selects both as one column and as 0/1
columns; ODK Central's ``SubmissionDate``, ``group-`` paths, ``meta-instanceID``, ``KEY``,
``ReviewState`` and a repeat's own file joined by ``PARENT_KEY``. Ids and times are derived from
the rows (uuid5 of the key, the interview or incident date), so the same data give the same bytes.
"""

from __future__ import annotations

import csv
import io
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.forms.labels import TITLES
from hrd_bulletin.forms.questions import FORMS, Question, choices, questions, repeat_of, sections
from hrd_bulletin.forms.xlsform import form_id

_NAMESPACE = uuid.UUID("6f1d2a4e-5b1c-4e0a-9d3f-2c7b8e9a0d11")
_TRUE = {"1", "true", "yes", "да"}
_KOBO_META = ("__version__", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status")
_KOBO_TAIL = ("_submitted_by", "_tags", "_index")
_KOBO_CHILD = ("_index", "_parent_table_name", "_parent_index")
_ODK_TAIL = (
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)


def _uuid(table: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{table}:{key}"))


def _keys(table: str, frame: pd.DataFrame) -> list[str]:
    key = contract.primary_key(table)
    return ["|".join(parts) for parts in frame[key].astype("str").itertuples(index=False, name=None)]


def _times(table: str, frame: pd.DataFrame) -> list[str]:
    dates = [c for c in contract.columns(table) if contract.field(table, c)["type"] == "date"]
    day = frame[dates[0]] if dates else pd.Series("", index=frame.index)
    return [f"{d or '2017-01-01'}T10:00:00" for d in day.astype("str")]


class _Words:
    """Answers as the export writes them: XML values, or the labels of one language."""

    def __init__(self, lang: str | None, reference: Mapping[str, pd.DataFrame]) -> None:
        self.lang = lang
        self.reference = reference

    def header(self, q: Question, group: tuple[str, str, str] | None, sep: str) -> str:
        name = q.name if self.lang is None else (q.label_ru if self.lang == "ru" else q.label_en)
        if group is None:
            return name
        label = group[0] if self.lang is None else (group[1] if self.lang == "ru" else group[2])
        return f"{label}{sep}{name}"

    def labels(self, q: Question, table: str) -> dict[str, str]:
        if q.list_name is None:
            return {}
        listed = choices(q.list_name, table, self.reference)
        pick = {None: 0, "ru": 1, "en": 2}[self.lang]
        return {c[0]: c[pick] for c in listed}

    def value(self, q: Question, table: str, text: str, labels: Mapping[str, str]) -> str:
        if not text:
            return ""
        if q.type == "select_one yes_no":
            text = "yes" if text.strip().casefold() in _TRUE else "no"
        if q.multiple:
            return " ".join(labels.get(code, code) for code in text.split(";"))
        return labels.get(text, text) if q.list_name is not None else text


def _question_columns(frame: pd.DataFrame, table: str, words: _Words, sep: str, split: bool) -> dict[str, list[str]]:
    """The answer columns of the main table, section by section (with 0/1 option columns)."""
    out: dict[str, list[str]] = {}
    for group, ru, en, qs in sections(table):
        for q in qs:
            labels = words.labels(q, table)
            header = words.header(q, (group, ru, en), sep)
            cells = frame[q.name].astype("str").tolist()
            out[header] = [words.value(q, table, c, labels) for c in cells]
            if q.multiple and split:
                for code, label in labels.items():
                    out[f"{header}{sep}{label}"] = [
                        "" if not c else ("1" if code in c.split(";") else "0") for c in cells
                    ]
    return out


def _repeat_columns(frame: pd.DataFrame, table: str, words: _Words, prefix: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    name, ru, en = repeat_of(table)
    for q in questions(table):
        labels = words.labels(q, table)
        header = words.header(q, (name, ru, en), "/") if prefix else words.header(q, None, "")
        out[header] = [words.value(q, table, c, labels) for c in frame[q.name].astype("str")]
    return out


def _parent_rows(tables: Mapping[str, pd.DataFrame], form: str, child: str) -> list[int]:
    """The position of each repeat row's parent among the main table's rows."""
    main = FORMS[form][0]
    fk = next(f for f in contract.foreign_keys(child) if f["reference"]["resource"] == main)
    position = {key: i for i, key in enumerate(tables[main][fk["reference"]["fields"]].astype("str"))}
    return [position[k] for k in tables[child][fk["fields"]].astype("str")]


# --------------------------------------------------------------------------- KoboToolbox
def kobo_sheets(
    tables: Mapping[str, pd.DataFrame],
    form: str,
    reference: Mapping[str, pd.DataFrame],
    *,
    lang: str | None = None,
    sep: str = "/",
) -> dict[str, pd.DataFrame]:
    """The sheets of a KoboToolbox export of ``form``: the submissions, then each repeat group."""
    main, *repeats = FORMS[form]
    frame = tables[main].reset_index(drop=True)
    words = _Words(lang, reference)
    n = len(frame)
    ids = [_uuid(main, k) for k in _keys(main, frame)]
    times = _times(main, frame)
    version = form_id(form)
    meta = {
        "__version__": [version] * n,
        "_id": [str(i + 1) for i in range(n)],
        "_uuid": ids,
        "_submission_time": times,
        "_validation_status": [""] * n,
        "_notes": [""] * n,
        "_status": ["submitted_via_web"] * n,
        "_submitted_by": [""] * n,
        "_tags": [""] * n,
        "_index": [str(i + 1) for i in range(n)],
    }
    columns = {"start": [f"{t}.000+06:00" for t in times], "end": [f"{t}.000+06:00" for t in times]}
    columns.update(_question_columns(frame, main, words, sep, split=True))
    columns.update(meta)
    title = (TITLES[form][0] if lang != "en" else TITLES[form][1])[:31]
    sheets = {title: pd.DataFrame(columns)}
    for child in repeats:
        parents = _parent_rows(tables, form, child)
        rows = tables[child].reset_index(drop=True)
        cols = _repeat_columns(rows, child, words, prefix=sep)
        cols["_index"] = [str(i + 1) for i in range(len(rows))]
        cols["_parent_table_name"] = [title] * len(rows)
        cols["_parent_index"] = [meta["_index"][p] for p in parents]
        for name in (*_KOBO_META[1:], "_submitted_by", "_tags", "__version__"):
            cols[f"_submission_{name}"] = [meta[name][p] for p in parents]
        sheets[repeat_of(child)[0]] = pd.DataFrame(cols)
    return sheets


def kobo_csv(sheet: pd.DataFrame, sep: str = ";") -> bytes:
    """A KoboToolbox CSV export: every field quoted, ``;`` by default, CRLF line ends."""
    buf = io.StringIO()
    sheet.to_csv(buf, index=False, sep=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8")


def kobo_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A KoboToolbox XLSX export: one sheet per section, every answer a text cell."""
    from openpyxl import Workbook

    from hrd_bulletin.workbook import CREATOR, TIMESTAMP, save_workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(name)
        for c, header in enumerate(frame.columns, start=1):
            ws.cell(row=1, column=c, value=str(header)).data_type = "s"
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for c, value in enumerate(row, start=1):
                if value != "":
                    cell = ws.cell(row=r, column=c)
                    cell.value = str(value)
                    cell.data_type = "s"
    wb.properties.creator = CREATOR
    wb.properties.created = wb.properties.modified = TIMESTAMP
    with tempfile.TemporaryDirectory() as tmp:
        path = save_workbook(wb, Path(tmp) / "export.xlsx")
        return path.read_bytes()


# --------------------------------------------------------------------------- ODK Central
def odk_files(
    tables: Mapping[str, pd.DataFrame], form: str, reference: Mapping[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """ODK Central's CSV files of ``form`` keyed by raw table: submissions, then each repeat."""
    main, *repeats = FORMS[form]
    frame = tables[main].reset_index(drop=True)
    words = _Words(None, reference)
    n = len(frame)
    keys = [f"uuid:{_uuid(main, k)}" for k in _keys(main, frame)]
    times = [f"{t}.000Z" for t in _times(main, frame)]
    columns = {"SubmissionDate": times, "start": times, "end": times}
    columns.update(_question_columns(frame, main, words, "-", split=False))
    tail = {name: [""] * n for name in _ODK_TAIL}
    tail.update({"meta-instanceID": keys, "KEY": keys, "SubmitterID": ["1"] * n, "SubmitterName": ["monitor"] * n})
    tail.update({"AttachmentsPresent": ["0"] * n, "AttachmentsExpected": ["0"] * n, "Edits": ["0"] * n})
    tail["FormVersion"] = [form_id(form)] * n
    columns.update(tail)
    files = {main: pd.DataFrame(columns)}
    for child in repeats:
        parents = _parent_rows(tables, form, child)
        rows = tables[child].reset_index(drop=True)
        cols = _repeat_columns(rows, child, words, prefix="")
        counts: dict[int, int] = {}
        own = []
        for p in parents:
            counts[p] = counts.get(p, 0) + 1
            own.append(f"{keys[p]}/{repeat_of(child)[0]}[{counts[p]}]")
        cols["PARENT_KEY"] = [keys[p] for p in parents]
        cols["KEY"] = own
        files[child] = pd.DataFrame(cols)
    return files


def odk_csv(frame: pd.DataFrame) -> bytes:
    """An ODK Central CSV: ``,``, quoted only where needed, LF line ends."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- the dataset
def _reference(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: tables[contract.path(name)] for name in contract.REFERENCE_TABLES if contract.path(name) in tables}


def export_files(
    tables: Mapping[str, pd.DataFrame], platform: str, *, fmt: str = "xlsx", lang: str | None = None, sep: str = ";"
) -> dict[str, bytes]:
    """The form tables of ``tables`` (keyed by raw path) as ``platform``'s export files, keyed by name.

    ``kobo``: ``survey.xlsx`` and ``incidents.xlsx`` (the violations a second sheet), or with
    ``fmt="csv"`` ``survey.csv``, ``incidents.csv`` and the repeat sheet as ``violations.csv``
    (``lang`` ``ru``/``en``: labels for headers and answers; ``sep`` the delimiter). ``odk``:
    ``survey.csv``, ``incidents.csv``, ``violations.csv``.
    """
    by_table = {name: tables[contract.path(name)] for name in contract.RAW_TABLES if contract.path(name) in tables}
    reference = _reference(tables)
    files: dict[str, bytes] = {}
    for form, form_tables in FORMS.items():
        if platform == "odk":
            for table, frame in odk_files(by_table, form, reference).items():
                files[f"{table}.csv"] = odk_csv(frame)
            continue
        sheets = kobo_sheets(by_table, form, reference, lang=lang)
        if fmt == "xlsx":
            files[f"{form}.xlsx"] = kobo_xlsx(sheets)
            continue
        for table, sheet in zip(form_tables, sheets.values()):
            files[f"{table}.csv"] = kobo_csv(sheet, sep)
    return files


def replaced_tables(platform: str) -> Sequence[str]:
    """The raw paths an export stands for (not written beside it)."""
    return [contract.path(t) for tables in FORMS.values() for t in tables] if platform in ("kobo", "odk") else []
