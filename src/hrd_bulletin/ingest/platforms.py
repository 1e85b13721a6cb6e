"""Exports of KoboToolbox and ODK Central, recognised by their headers and mapped onto raw tables.

A monitor drops an export into the raw directory as the table's file (``survey.csv``,
``survey.xlsx``, ...). ``from_export`` sees from the header whether a file is a platform's export:

- KoboToolbox (CSV or XLSX): metadata ``_uuid`` and ``_submission_time`` (a repeat group's sheet:
  ``_parent_index`` and ``_index``); review state in ``_validation_status``.
- ODK Central (CSV): ``SubmissionDate`` and ``KEY`` (a repeat group's file: ``PARENT_KEY`` and
  ``KEY``); review state in ``ReviewState``.

and maps it onto the contract's table: a header is a question's name or label (Russian or
English, ``hrd_bulletin.forms``), after group prefixes (``group/``, ``group-``); answers are XML
values or labels; a ``select_multiple`` is space-separated values or one 0/1 column per option;
metadata are dropped; a repeat group's rows get the key of their submission from the parent
export (``_parent_index`` -> ``_index``, ``PARENT_KEY`` -> ``KEY``). The result is a
``PlatformTable``: a RawTable in contract terms that also knows each column's own name in the
export (so messages name the question), each row's submission id (kept in the clean table as
``submission_id``, never printed) and review state (rejected or not approved: quarantined).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.forms.questions import REPEAT_PARENT, choices, question
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.csvfile import decode, parse_header, read_csv
from hrd_bulletin.ingest.failures import Failures
from hrd_bulletin.ingest.rawtable import RawTable, read_bytes
from hrd_bulletin.ingest.xlsxfile import sheet_rows, workbook_header, workbook_sheets

PROVENANCE_COLUMN = "submission_id"
_SEPARATORS = ("/", "-")
# Device and server metadata a form or platform adds (besides every column starting with "_").
_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "__version__",
    "SubmissionDate",
    "KEY",
    "PARENT_KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
}
# Review states that keep a submission out of the tables (normalised: lower case, no spaces or _).
_REJECTED = {"notapproved", "rejected", "неодобрено", "отклонено"}
_TRUE_CELLS = {"1", "true", "yes", "да"}


@dataclass(frozen=True)
class Platform:
    """What tells one platform's export: its metadata columns and keys."""

    name: str
    marks: tuple[frozenset[str], ...]  # any of these sets of columns, all present, marks an export
    submission: tuple[str, ...]  # the submission id, first present
    review: tuple[str, ...]  # the review state, first present
    key: str  # a row's own key, which the rows of its repeat groups point at
    parent_key: str  # in a repeat group's rows: the key of their parent row


KOBO = Platform(
    "KoboToolbox",
    (frozenset({"_uuid", "_submission_time"}), frozenset({"_parent_index", "_index"})),
    ("_uuid", "_submission__uuid"),
    ("_validation_status", "_submission__validation_status"),
    "_index",
    "_parent_index",
)
ODK = Platform(
    "ODK Central",
    (frozenset({"SubmissionDate", "KEY"}), frozenset({"PARENT_KEY", "KEY"})),
    ("meta-instanceID", "KEY"),
    ("ReviewState",),
    "KEY",
    "PARENT_KEY",
)
PLATFORMS = (ODK, KOBO)


@dataclass(frozen=True)
class PlatformTable(RawTable):
    """A platform's export mapped onto a raw table (``text`` has the contract's column names)."""

    platform: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)  # contract column -> the export's header
    submission: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    review: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    review_column: str = ""
    keys: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))


def detect(header: Sequence[str]) -> Platform | None:
    """The platform whose export has this header, or None (a plain table)."""
    names = set(header)
    for platform in PLATFORMS:
        if any(mark <= names for mark in platform.marks):
            return platform
    return None


def _is_metadata(name: str) -> bool:
    return name.startswith("_") or name in _METADATA or name.startswith(("meta/", "meta-"))


# --------------------------------------------------------------------------- headers
def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _column_keys(table: str) -> dict[str, str]:
    """Name and labels (normalised) of each column -> the column."""
    keys: dict[str, str] = {}
    for column in contract.columns(table):
        q = question(table, column)
        for key in (q.label_en, q.label_ru, column):
            keys[_norm(key)] = column
    return keys


def _resolve(header: str, keys: Mapping[str, str]) -> str | None:
    """The column a header names: whole, or after a group prefix (the shortest suffix last)."""
    text = _norm(header)
    if text in keys:
        return keys[text]
    for i, char in enumerate(text):
        if char in _SEPARATORS and text[i + 1 :] in keys:
            return keys[text[i + 1 :]]
    return None


def _option_keys(table: str, column: str) -> dict[str, str]:
    q = question(table, column)
    if not q.multiple or q.list_name is None:
        return {}
    out: dict[str, str] = {}
    for code, ru, en in choices(q.list_name, table, {}):
        out.update({_norm(en): code, _norm(ru): code})
    out.update({_norm(code): code for code, _, _ in choices(q.list_name, table, {})})
    return out


def _option_of(header: str, keys: Mapping[str, str], table: str) -> tuple[str, str] | None:
    """(column, option code) of a select_multiple's 0/1 column ``question/option``, or None."""
    text = _norm(header)
    for i, char in enumerate(text):
        if char not in _SEPARATORS:
            continue
        column = _resolve(text[:i], keys)
        if column is not None:
            code = _option_keys(table, column).get(text[i + 1 :])
            if code is not None:
                return column, code
    return None


@dataclass
class _Layout:
    direct: dict[str, str] = field(default_factory=dict)  # column -> header
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> {code: header}
    extras: list[str] = field(default_factory=list)


def _layout(header: Sequence[str], table: str) -> _Layout:
    keys = _column_keys(table)
    layout = _Layout()
    for name in header:
        if _is_metadata(name):
            continue
        # an option column first: an option may share its name with a column ("gender")
        option = _option_of(name, keys, table)
        column = None if option is not None else _resolve(name, keys)
        if option is not None:
            layout.options.setdefault(option[0], {})[option[1]] = name
        elif column is not None and column not in layout.direct:
            layout.direct[column] = name
        else:
            layout.extras.append(name)
    return layout


# --------------------------------------------------------------------------- answers
def _reference_dir(path: Path) -> Path:
    return path.parent / "reference"


def _value_keys(table: str, column: str, ref_dir: Path) -> dict[str, str] | None:
    """Normalised code or label -> code, for a select question (None for other questions)."""
    q = question(table, column)
    list_name = q.list_name
    if list_name is None:
        return None
    reference: dict[str, pd.DataFrame] = {}
    if list_name in contract.REFERENCE_TABLES:
        ref_path = ref_dir / Path(contract.path(list_name)).name
        if not ref_path.is_file():
            return {}
        reference[list_name] = read_csv(ref_path).text
    out: dict[str, str] = {}
    listed = choices(list_name, table, reference)
    for code, ru, en in listed:
        out.update({_norm(en): code, _norm(ru): code})
    out.update({_norm(code): code for code, _, _ in listed})
    return out


def _split_labels(text: str, keys: Mapping[str, str]) -> list[str] | None:
    """Space-separated choices (values or labels, labels may hold spaces) -> codes, or None."""
    words = _norm(text).split(" ")
    codes: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            code = keys.get(" ".join(words[start:end]))
            if code is not None:
                codes.append(code)
                start = end
                break
        else:
            return None
    return codes


def _multi_text(values: pd.Series, keys: Mapping[str, str], order: Sequence[str]) -> pd.Series:
    """A select_multiple's answers as the contract's ``;``-separated codes (unknown text kept)."""

    def one(text: str) -> str | None:
        if not text.strip():
            return ""
        codes = _split_labels(text, keys)
        return None if codes is None else ";".join(sorted(set(codes), key=order.index))

    lookup = {v: one(v) for v in values.unique()}
    return values.map(lambda v: v if lookup[v] is None else lookup[v]).astype("str")


def _from_options(frame: pd.DataFrame, headers: Mapping[str, str], order: Sequence[str]) -> pd.Series:
    """One 0/1 column per option -> ``;``-separated codes; all cells empty = not answered."""
    picked = pd.Series("", index=frame.index, dtype="str")
    for code in order:
        if code in headers:
            on = frame[headers[code]].str.strip().str.casefold().isin(_TRUE_CELLS)
            picked = picked.where(~on, picked + np.where(picked == "", "", ";") + code)
    return picked


def _column_text(frame: pd.DataFrame, table: str, column: str, layout: _Layout, ref_dir: Path) -> pd.Series:
    keys = _value_keys(table, column, ref_dir)
    header = layout.direct.get(column)
    values = frame[header].astype("str") if header is not None else None
    if question(table, column).multiple:
        order = contract.multi_select_of(table, column) or []
        from_summary = None if values is None else _multi_text(values, keys or {}, order)
        if column not in layout.options:
            return from_summary
        from_options = _from_options(frame, layout.options[column], order)
        if from_summary is None:
            return from_options
        # the summary holds labels joined by spaces when exported with labels: options decide then
        return from_summary.where(from_summary.str.fullmatch(r"[a-z0-9_;]*"), from_options)
    if keys:
        lookup = {v: keys.get(_norm(v), v) for v in values.unique()}
        return values.map(lookup).astype("str")
    return values


# --------------------------------------------------------------------------- the table
def _first(frame: pd.DataFrame, names: Sequence[str]) -> tuple[str, np.ndarray]:
    """The first of ``names`` the frame has, and its cells (empty when none is there)."""
    for name in names:
        if name in frame.columns:
            return name, frame[name].astype("str").str.strip().to_numpy(dtype=object)
    return "", np.full(len(frame), "", dtype=object)


def _renamed(frame: pd.DataFrame, header: Sequence[str], layout: _Layout) -> pd.DataFrame:
    """Wrong-width records with the contract's names for the columns read as they are."""
    names = {h: column for column, h in layout.direct.items()}
    keep = [c for c in frame.columns if c in names or c in layout.extras or c not in header]
    return frame[keep].rename(columns=names)


def _map_table(raw: RawTable, path: Path, table: str, platform: Platform) -> PlatformTable:
    frame = raw.text.reset_index(drop=True)
    header = list(frame.columns)
    layout = _layout(header, table)
    ref_dir = _reference_dir(path)
    columns: dict[str, pd.Series] = {}
    for column in contract.columns(table):
        if column in layout.direct or column in layout.options:
            columns[column] = _column_text(frame, table, column, layout, ref_dir)
    for name in layout.extras:
        columns[name] = frame[name]
    fields = dict(layout.direct)
    fields.update({c: next(iter(h.values())) for c, h in layout.options.items() if c not in fields})
    # every field of the reader's table, in contract terms (whatever fields the reader has)
    base = {f.name: getattr(raw, f.name) for f in dataclasses.fields(RawTable)}
    base["text"] = pd.DataFrame(columns, index=frame.index)
    base["bad_rows"] = _renamed(raw.bad_rows, header, layout)
    if "problems" in base:  # cell problems the reader found name the export's headers
        own = {h: c for c, h in fields.items()}
        base["problems"] = base["problems"].assign(column=base["problems"]["column"].map(lambda c: own.get(c, c)))
    _, submission = _first(frame, platform.submission)
    review_column, review = _first(frame, platform.review)
    _, keys = _first(frame, (platform.key,))
    return PlatformTable(
        **base,
        platform=platform.name,
        fields=fields,
        submission=submission,
        review=review,
        review_column=review_column or platform.review[0],
        keys=keys,
    )


def _parent_export(path: Path, raw: RawTable, table: str) -> PlatformTable:
    """The export of the submissions a repeat group's rows belong to."""
    from hrd_bulletin.ingest.source import raw_source, read_raw

    parent = REPEAT_PARENT[table]
    source = path if path.suffix.lower() == ".xlsx" else raw_source(path.parent, parent)
    found = read_raw(source, parent)
    if not isinstance(found, PlatformTable):
        raise msg.file_error(raw.path, msg.EXPORT_NO_PARENT, parent=parent, path=found.path)
    return found


def _join_parent(table: PlatformTable, path: Path, name: str, platform: Platform, raw: RawTable) -> PlatformTable:
    """A repeat group's rows with their submission's key, id and review state."""
    if platform.parent_key not in raw.text.columns:
        raise msg.file_error(raw.path, msg.MISSING_COLUMN, line=1, column=platform.parent_key)
    parent = _parent_export(path, raw, name)
    if not parent.keys.size or not any(parent.keys):
        raise msg.file_error(parent.path, msg.MISSING_COLUMN, line=1, column=platform.key)
    pointer = raw.text[platform.parent_key].astype("str").str.strip().to_numpy(dtype=object)
    position = pd.Series(np.arange(len(parent.keys)), index=pd.Index(parent.keys)).groupby(level=0).first()
    at = pd.Series(pointer).map(position)
    found = at.notna().to_numpy()
    rows = at.fillna(0).to_numpy(dtype=np.int64)
    text = table.text.copy()
    fields = dict(table.fields)
    for fk in contract.foreign_keys(name):
        if fk["reference"]["resource"] == REPEAT_PARENT[name]:
            values = parent.text[fk["reference"]["fields"]].to_numpy(dtype=object)[rows]
            text[fk["fields"]] = pd.Series(np.where(found, values, ""), index=text.index, dtype="str")
            fields[fk["fields"]] = platform.parent_key
    text = text[
        [c for c in contract.columns(name) if c in text.columns]
        + [c for c in text.columns if c not in contract.columns(name)]
    ]
    inherited = np.where(found, parent.submission[rows], table.submission)
    own_review = table.review if table.review.size and any(table.review) else None
    review = own_review if own_review is not None else np.where(found, parent.review[rows], "")
    review_column = table.review_column if own_review is not None else parent.review_column
    return replace(table, text=text, fields=fields, submission=inherited, review=review, review_column=review_column)


def from_export(raw: RawTable, path: Path, table: str | None) -> RawTable:
    """``raw`` mapped onto ``table`` when it is a platform's export; otherwise ``raw`` itself."""
    name = table if table is not None else path.stem
    platform = detect(list(raw.text.columns))
    if platform is None or name not in contract.RAW_TABLES:
        return raw
    mapped = _map_table(raw, path, name, platform)
    if name in REPEAT_PARENT:
        mapped = _join_parent(mapped, path, name, platform, raw)
    return mapped


def _first_row(path: Path, sheet: str) -> list[str]:
    """The header of a sheet, or no names when its first row is empty."""
    try:
        return workbook_header(f"{path}[{sheet}]", sheet_rows(path, sheet, limit=1))
    except msg.FileError:
        return []


def export_sheet(path: Path, table: str | None) -> str | None:
    """The sheet of a platform's XLSX export holding ``table``, or None (not such an export)."""
    if table is None:
        return None
    sheets = workbook_sheets(path)
    if table in REPEAT_PARENT:
        candidates = [s for s in sheets if s == table] + [s for s in sheets if s != table]
        repeats = [s for s in candidates if detect(_first_row(path, s)) and "_parent_index" in _first_row(path, s)]
        return repeats[0] if repeats else None
    return sheets[0] if sheets and detect(_first_row(path, sheets[0])) else None


# --------------------------------------------------------------------------- ingest's hooks
def preflight_export(path: Path, table: str) -> bool:
    """Whether the file is a platform's export; if so, its required questions must be there."""
    if path.suffix.lower() == ".xlsx":
        sheet = export_sheet(path, table)
        if sheet is None:
            return False
        header, where = _first_row(path, sheet), f"{path}[{sheet}]"
    else:
        data = read_bytes(path, limit=64 * 1024)
        text, _ = decode(path, data, partial=True)
        header, _ = parse_header(path, text)
        where = str(path)
    platform = detect(header)
    if platform is None:
        return False
    layout = _layout(header, table)
    joined = REPEAT_PARENT.get(table)
    for column in contract.required_columns(table):
        keyed = joined is not None and any(fk["fields"] == column for fk in contract.foreign_keys(table))
        if column not in layout.direct and column not in layout.options and not keyed:
            raise msg.file_error(where, msg.MISSING_COLUMN, line=1, column=column)
    return True


def _review_state(value: str) -> str:
    text = _norm(value).removeprefix("validation_status_")
    return text.replace(" ", "").replace("_", "")


def failure_frame(raw: RawTable, failures: Failures, order: Sequence[str]) -> pd.DataFrame:
    """``failures.frame(order)``; for an export, with rejected submissions and its own field names."""
    if not isinstance(raw, PlatformTable):
        return failures.frame(order)
    rejected = np.array([_review_state(v) in _REJECTED for v in raw.review], dtype=bool)
    found = pd.Series(raw.review, dtype="str")
    failures.add(rejected, raw.review_column, "review", expected=raw.platform, found=found)
    frame = failures.frame(order)
    frame["column"] = frame["column"].map(lambda c: raw.fields.get(c, c)).astype("str")
    return frame


def with_provenance(raw: RawTable, clean: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The clean rows of an export with each one's submission id (``submission_id``)."""
    if not isinstance(raw, PlatformTable):
        return clean
    out = clean.copy()
    out[PROVENANCE_COLUMN] = pd.Series(raw.submission[keep], dtype="str").replace("", pd.NA).astype("str")
    return out
