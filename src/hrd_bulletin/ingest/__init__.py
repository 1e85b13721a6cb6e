"""Ingest: messy raw CSV files -> typed, validated clean tables, with every bad row quarantined.

Reading accepts what monitors really send (UTF-8 with or without BOM or Windows-1251; ``,``,
``;`` or tab; quoted newlines), or the sheets of a filled data-entry workbook (``raw_source`` finds
``<table>.csv`` or an ``*.xlsx`` with a sheet ``<table>``; cells become the text a CSV export would
hold, lines are sheet rows). Typing and validation follow the data contract
(``hrd_bulletin.contract``, i.e. ``datapackage.json``). A problem with one row rejects that row,
with its line number and a reason (also in structured form: ``IngestResult.failures``); only a
problem with the whole file raises ``DataError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from charset_normalizer import from_bytes

from hrd_bulletin import contract
from hrd_bulletin.errors import DataError
from hrd_bulletin.io import read_table, write_table

LOGGER = logging.getLogger("hrd_bulletin.ingest")

_NOT_TEXT = "not a text CSV in UTF-8 or Windows-1251"
_DELIMITERS: tuple[str, ...] = tuple(contract.RAW_FORMAT["delimiters"])
_TRUE = frozenset(contract.RAW_FORMAT["true_values"])
_FALSE = frozenset(contract.RAW_FORMAT["false_values"])
_GROUP_CHARS = "".join(contract.RAW_FORMAT["group_chars"])
_DATE_FORMATS: tuple[str, ...] = tuple(contract.RAW_FORMAT["date_formats"])
_PREFLIGHT_BYTES = 64 * 1024
_SUMMARY_COLUMNS = ["table", "raw_rows", "clean_rows", "rejected_rows", "sha256"]
# IngestResult.failures: kind is one of type, range, enum, reference, multi-select, required,
# pattern, duplicate key, incident not found, applies to, requires, season, field count.
FAILURE_COLUMNS = ["line", "column", "kind", "expected", "found", "detail", "message"]


# --------------------------------------------------------------------------- data classes
@dataclass(frozen=True)
class RawTable:
    """A raw file read as text: one str cell per field, with each record's source line."""

    path: str
    text: pd.DataFrame  # header columns (as in the file), every cell a str ("" = empty)
    lines: np.ndarray  # int64, line of each row of ``text`` in the file (header = 1)
    bad_rows: pd.DataFrame  # records with a wrong number of fields: header columns + line, fields
    encoding: str
    delimiter: str
    sha256: str

    @property
    def raw_rows(self) -> int:
        """Number of data records in the file (well-formed or not)."""
        return len(self.text) + len(self.bad_rows)


@dataclass(frozen=True)
class IngestResult:
    """The clean table, the rejected rows and a summary of one ingested table."""

    clean: pd.DataFrame
    rejected: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    # one row per failed cell (FAILURE_COLUMNS): the rejected reasons in structured form
    failures: pd.DataFrame = field(default_factory=lambda: _empty_failures())


# --------------------------------------------------------------------------- reading
def _read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    if not path.is_file():
        raise DataError(str(path), "file not found")
    with path.open("rb") as fh:
        data = fh.read() if limit is None else fh.read(limit)
    if not data:
        raise DataError(str(path), "empty file (0 bytes); expected at least a header row")
    return data


def _looks_cp1251(data: bytes) -> bool:
    # Short Cyrillic samples fool a free guess (they come out as big5 or cp932), so ask
    # charset-normalizer only whether Windows-1251 reads as plausible text.
    match = from_bytes(data[: 1 << 20], cp_isolation=["cp1251"]).best()
    return match is not None


def _decode(path: Path, data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Bytes -> (text without BOM, encoding name); ``partial`` tolerates a cut last character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(str(path), f"{_NOT_TEXT} (found a UTF-16/32 byte-order mark)", line=1)
    if b"\x00" in data:
        raise DataError(str(path), f"{_NOT_TEXT} (found NUL bytes: UTF-16 or binary data)")
    errors = "ignore" if partial else "strict"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _utf8(data[3:], partial), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DataError(
                str(path), f"{_NOT_TEXT} (a UTF-8 BOM, then invalid UTF-8)", line=data[: exc.start + 3].count(b"\n") + 1
            ) from None
    try:
        return _utf8(data, partial), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # valid UTF-8 up to a character cut in half: a truncated copy, not another encoding
            raise DataError(
                str(path), "the file ends in the middle of a UTF-8 character (truncated copy?)", line=bad_line
            ) from None
    if _looks_cp1251(data):
        try:
            return data.decode("cp1251", errors=errors), "cp1251"
        except UnicodeDecodeError:
            pass
    raise DataError(str(path), f"{_NOT_TEXT} (invalid UTF-8 from this line on)", line=bad_line)


def _utf8(data: bytes, partial: bool) -> str:
    if partial:
        # a sample may end in the middle of a multi-byte character
        for cut in range(4):
            try:
                return data[: len(data) - cut].decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < len(data) - 4:
                    raise
        raise UnicodeDecodeError("utf-8", data, 0, len(data), "invalid UTF-8")
    return data.decode("utf-8")


def _detect_delimiter(first_line: str) -> str:
    counts = [first_line.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: counts[i])
    return _DELIMITERS[best] if counts[best] else ","


def _parse_header(path: Path, text: str) -> tuple[list[str], str]:
    end = text.find("\n")
    first_line = (text if end < 0 else text[:end]).rstrip("\r")
    if not first_line.strip():
        raise DataError(str(path), "no header row (the first line is empty)", line=1)
    delimiter = _detect_delimiter(first_line)
    names = next(csv.reader([first_line], delimiter=delimiter))
    return _header_names(str(path), names), delimiter


def _header_names(where: str, names: Sequence[str]) -> list[str]:
    header = [n.strip() or f"_unnamed_{i + 1}" for i, n in enumerate(names)]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(where, "duplicate column name in the header", line=1, column=name)
        seen.add(name)
    return header


def _fast_parse(data: bytes, header: list[str], delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Multithreaded pyarrow parse, or None when line numbers cannot be derived exactly."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # old-Mac line ends: the csv module counts those lines
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pyarrow.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pyarrow.ArrowException:
        return None  # a row of the wrong width, or invalid UTF-8: the slow path reports it
    # Records tile the lines after the header. A record spans one line plus the newlines
    # inside its quoted fields, so if those spans add up to the file's line count there is
    # no blank line (which pyarrow would skip silently) and each start line is exact.
    if table.num_rows == n_lines - 1:
        return table.to_pandas(), np.arange(2, table.num_rows + 2, dtype=np.int64)
    spans = np.ones(table.num_rows, dtype=np.int64)
    for column in table.columns:
        spans += pc.count_substring(column, "\n").to_numpy().astype(np.int64)
    if 1 + int(spans.sum()) == n_lines:
        lines = 2 + np.concatenate([[0], np.cumsum(spans)[:-1]]).astype(np.int64)
        return table.to_pandas(), lines
    if (spans == 1).all():
        # no value holds a newline, so every empty line is a real blank line (e.g. trailing
        # ones from a spreadsheet): records sit on the non-blank lines after the header
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        starts = np.concatenate([[0], ends + 1])
        ends = np.concatenate([ends, [len(data)]])
        length = ends - starts
        last = np.frombuffer(data, dtype=np.uint8)[np.maximum(ends - 1, 0)]
        blank = (length == 0) | ((length == 1) & (last == 13))
        filled = np.flatnonzero(~blank) + 1
        if len(filled) == table.num_rows + 1 and filled[0] == 1:
            return table.to_pandas(), filled[1:].astype(np.int64)
    return None


def _slow_parse(text: str, header: list[str], delimiter: str) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """The csv module, tracking the first line of each record; wrong-width records kept apart."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    records: list[list[str]] = []
    starts: list[int] = []
    previous = reader.line_num
    for record in reader:
        if record:  # a blank line is no record
            records.append(record)
            starts.append(previous + 1)
        previous = reader.line_num
    width = len(header)
    good = [i for i, r in enumerate(records) if len(r) == width]
    bad = [i for i, r in enumerate(records) if len(r) != width]
    if len(good) == len(records):
        columns = list(zip(*records)) if records else [() for _ in header]
    else:
        columns = list(zip(*(records[i] for i in good))) if good else [() for _ in header]
    frame = pd.DataFrame({name: pd.Series(list(col), dtype="str") for name, col in zip(header, columns)})
    lines = np.array([starts[i] for i in good], dtype=np.int64)
    # keep a bad record's whole text: surplus fields join the last column
    padded = [
        [*records[i][: width - 1], delimiter.join(records[i][width - 1 :])]
        if len(records[i]) >= width
        else [*records[i], *[""] * (width - len(records[i]))]
        for i in bad
    ]
    bad_rows = (
        pd.DataFrame(padded, columns=header, dtype="str")
        if padded
        else pd.DataFrame({name: pd.Series([], dtype="str") for name in header})
    )
    bad_rows["line"] = pd.Series([starts[i] for i in bad], dtype="int64")
    bad_rows["fields"] = pd.Series([len(records[i]) for i in bad], dtype="int64")
    return frame, lines, bad_rows


def read_raw(path: str | Path, table: str | None = None) -> RawTable:
    """Read a raw CSV (or the sheet ``table`` of an XLSX workbook) as text, with each record's line."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path, table)
    data = _read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    fast = None
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data:
        # Most files are UTF-8: let pyarrow validate it while parsing instead of decoding twice.
        bom = data.startswith(b"\xef\xbb\xbf")
        body = data[3:] if bom else data
        end = body.find(b"\n")
        try:
            head = (body if end < 0 else body[:end]).decode("utf-8")
        except UnicodeDecodeError:
            head = None
        if head is not None and head.strip():
            header, delimiter = _parse_header(path, head)
            fast = _fast_parse(body, header, delimiter)
            encoding = "utf-8-sig" if bom else "utf-8"
    if fast is None:
        text, encoding = _decode(path, data)
        header, delimiter = _parse_header(path, text)
        if encoding == "cp1251":
            fast = _fast_parse(text.encode("utf-8"), header, delimiter)
    if fast is not None:
        frame, lines = fast
        bad_rows = _empty_text_frame(header)
        bad_rows["line"] = pd.Series([], dtype="int64")
        bad_rows["fields"] = pd.Series([], dtype="int64")
    else:
        frame, lines, bad_rows = _slow_parse(text, header, delimiter)
    return RawTable(str(path), frame, lines, bad_rows, encoding, delimiter, sha256)


# --------------------------------------------------------------------------- workbooks
_NOT_XLSX = "not a readable XLSX workbook"


def _open_workbook(path: Path, data: bytes | None = None) -> Any:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    source: Any = io.BytesIO(data) if data is not None else path
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise DataError(str(path), _NOT_XLSX) from None


def _sheet_label(path: Path, sheet: str) -> str:
    return f"{path}[{sheet}]"


def _float_text(value: float) -> str:
    # a spreadsheet's CSV export shows at most 15 significant digits, never an exponent
    return str(np.format_float_positional(float(f"{value:.15g}"), trim="-"))


def _cell_text(value: Any) -> str:
    """One cell as a CSV export of the sheet would write it (dates ISO, 3.0 as 3)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet_rows(path: Path, sheet: str, data: bytes | None = None, limit: int | None = None) -> list[tuple[Any, ...]]:
    workbook = _open_workbook(path, data)
    try:
        if sheet not in workbook.sheetnames:
            raise DataError(str(path), f"no sheet '{sheet}' in the workbook (sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()  # the stored dimension may be wrong; read every row
        rows = worksheet.iter_rows(values_only=True, max_row=limit)
        return [tuple(row) for row in rows]
    finally:
        workbook.close()


def _workbook_header(where: str, rows: Sequence[tuple[Any, ...]]) -> list[str]:
    names = [_cell_text(v) for v in rows[0]] if rows else []
    while names and not names[-1].strip():
        names.pop()  # formatted but empty columns at the right
    if not names:
        raise DataError(where, "no header row (the first row is empty)", line=1)
    return _header_names(where, names)


def _read_workbook(path: Path, table: str | None) -> RawTable:
    """The sheet ``table`` of a workbook as a RawTable: line = sheet row number."""
    data = _read_bytes(path)
    sheet = table if table is not None else path.stem
    rows = _sheet_rows(path, sheet, data)
    where = _sheet_label(path, sheet)
    header = _workbook_header(where, rows)
    width = len(header)
    # Cell conversion is per cell by nature (openpyxl yields Python objects); workbooks typed
    # by hand are small.
    text_rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[tuple[int, list[str], int]] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row]
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            continue  # an empty row is no record
        if filled[-1] >= width:
            bad.append((number, cells, filled[-1] + 1))
            continue
        text_rows.append([*cells[:width], *[""] * (width - len(cells))])
        starts.append(number)
    columns = list(zip(*text_rows)) if text_rows else [() for _ in header]
    frame = pd.DataFrame({name: pd.Series(list(col), dtype="str") for name, col in zip(header, columns)})
    padded = [[*cells[: width - 1], ",".join(c for c in cells[width - 1 : fields])] for _, cells, fields in bad]
    bad_rows = pd.DataFrame(padded, columns=header, dtype="str") if padded else _empty_text_frame(header)
    bad_rows["line"] = pd.Series([b[0] for b in bad], dtype="int64")
    bad_rows["fields"] = pd.Series([b[2] for b in bad], dtype="int64")
    return RawTable(
        where, frame, np.array(starts, dtype=np.int64), bad_rows, "xlsx", "", hashlib.sha256(data).hexdigest()
    )


def _workbook_sheets(path: Path) -> list[str]:
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def raw_source(raw_dir: str | Path, table: str) -> Path:
    """The file holding raw ``table``: ``<table>.csv`` if present, else the ``*.xlsx`` with a sheet ``table``."""
    raw_dir = Path(raw_dir)
    csv_path = raw_dir / contract.path(table)
    if csv_path.is_file():
        return csv_path
    # "~$name.xlsx" is the lock file a spreadsheet program leaves next to an open workbook
    books = sorted(p for p in raw_dir.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$"))
    holders = [p for p in books if table in _workbook_sheets(p)]
    if len(holders) > 1:
        raise DataError(
            str(raw_dir), f"several workbooks have a sheet '{table}': {', '.join(p.name for p in holders)}; keep one"
        )
    if not holders:
        raise DataError(str(csv_path), f"file not found (nor a workbook *.xlsx in {raw_dir} with a sheet '{table}')")
    return holders[0]


# --------------------------------------------------------------------------- typing
@dataclass
class _Failures:
    """Row failures collected column by column: (row position, column, kind, message, structure)."""

    rows: list[np.ndarray] = field(default_factory=list)
    columns: list[str | None] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    messages: list[np.ndarray] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    found: list[np.ndarray] = field(default_factory=list)
    detail: list[np.ndarray] = field(default_factory=list)

    @staticmethod
    def _text(part: str | pd.Series, rows: np.ndarray) -> np.ndarray:
        if isinstance(part, str):
            return np.full(rows.size, part, dtype=object)
        values = pd.Series(part).iloc[rows].astype("str").str.strip().fillna("")
        return values.to_numpy(dtype=object)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str | None,
        kind: str,
        *parts: str | pd.Series,
        expected: str = "",
        found: str | pd.Series = "",
        detail: str | pd.Series = "",
    ) -> None:
        """Record a message for the rows in ``mask``: text parts and per-row Series (stripped) joined.

        ``expected`` / ``found`` / ``detail`` keep the message's pieces apart (for translation).
        """
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not rows.size:
            return
        # build the text only for the flagged rows: a million clean rows cost nothing here
        text = np.full(rows.size, "", dtype=object)
        for part in parts:
            text = text + self._text(part, rows)
        self.rows.append(rows)
        self.columns.append(column)
        self.kinds.append(kind)
        self.messages.append(text)
        self.expected.append(expected)
        self.found.append(self._text(found, rows))
        self.detail.append(self._text(detail, rows))

    def frame(self, order: Sequence[str]) -> pd.DataFrame:
        """One row per failure, first per (row, column) kept, sorted by row and column order."""
        if not self.rows:
            return pd.DataFrame(
                {
                    "row": pd.Series([], dtype="int64"),
                    "column": pd.Series([], dtype="str"),
                    "kind": pd.Series([], dtype="str"),
                    "message": pd.Series([], dtype="str"),
                    "expected": pd.Series([], dtype="str"),
                    "found": pd.Series([], dtype="str"),
                    "detail": pd.Series([], dtype="str"),
                    "rank": pd.Series([], dtype="int64"),
                    "seq": pd.Series([], dtype="int64"),
                }
            )
        position = {name: i for i, name in enumerate(order)}
        parts = []
        for seq, (rows, column, kind, message, expected, found, detail) in enumerate(
            zip(self.rows, self.columns, self.kinds, self.messages, self.expected, self.found, self.detail)
        ):
            parts.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "column": column,
                        "kind": kind,
                        "message": message,
                        "expected": expected,
                        "found": found,
                        "detail": detail,
                        "rank": position.get(column, -1) if column is not None else -1,
                        "seq": seq,
                    }
                )
            )
        out = pd.concat(parts, ignore_index=True)
        out = out.sort_values(["row", "rank", "seq"], kind="stable")
        return out.drop_duplicates(["row", "column"], keep="first").reset_index(drop=True)


def _blank_to_na(series: pd.Series) -> pd.Series:
    stripped = series.astype("str").str.strip()
    return stripped.mask(stripped == "")


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


def _season_codes(dates: pd.Series, seasons: Sequence[Mapping[str, Any]]) -> np.ndarray:
    codes = np.full(len(dates), -1, dtype=np.int64)
    values = dates.to_numpy(dtype="datetime64[ms]")
    for i, season in enumerate(seasons):
        start = np.datetime64(pd.Timestamp(season["start"]).date(), "ms")
        end = np.datetime64(pd.Timestamp(season["end"]).date(), "ms")
        inside = (values >= start) & (values <= end) & (codes < 0)
        codes[inside] = i
    return codes


def _describe_seasons(seasons: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(f"{s['id']} {pd.Timestamp(s['start']).date()}..{pd.Timestamp(s['end']).date()}" for s in seasons)


def _range_text(column_field: Mapping[str, Any]) -> str:
    cons = column_field.get("constraints", {})
    low, high = cons.get("minimum"), cons.get("maximum")
    if low is not None and high is not None:
        return f"a value from {low} to {high}"
    if low is not None:
        return f"a value >= {low}"
    return f"a value <= {high}"


def _range_bounds(column_field: Mapping[str, Any]) -> str:
    """``low..high`` with an empty side when unbounded (``0..``, ``1..5``): the range, structured."""
    cons = column_field.get("constraints", {})
    low, high = cons.get("minimum"), cons.get("maximum")
    return f"{'' if low is None else low}..{'' if high is None else high}"


_EXPECTED = {
    "integer": "an integer",
    "number": "a number (decimal point or comma)",
    "date": "a date YYYY-MM-DD or DD.MM.YYYY",
    "boolean": "a boolean (1/0, true/false, yes/no, да/нет)",
}


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


def _type_columns(
    table: str, raw: pd.DataFrame, reference: Mapping[str, pd.DataFrame] | None, failures: _Failures
) -> pd.DataFrame:
    """Type every contract column (absent optional columns become all-missing)."""
    n = len(raw)
    typed: dict[str, pd.Series] = {}
    for name in contract.columns(table):
        spec = contract.field(table, name)
        if name in raw.columns:
            values = _blank_to_na(raw[name])
        else:
            values = pd.Series(np.full(n, np.nan, dtype=object), index=raw.index, dtype="str")
        kind = spec["type"]
        if kind == "string":
            values = _apply_case(values, spec.get("x-case"))
            options = spec.get("x-multi-select")
            if options is not None:
                values, bad, found = _parse_multi(values, options)
                failures.add(
                    bad,
                    name,
                    "multi-select",
                    f"expected ;-separated options among {', '.join(options)}, found unknown '",
                    found,
                    "'",
                    expected=", ".join(options),
                    found=found,
                )
            typed[name] = values
            continue
        parsed, bad = {
            "integer": _parse_integer,
            "number": _parse_number,
            "date": _parse_date,
            "boolean": _parse_boolean,
        }[kind](values)
        found = raw[name] if name in raw.columns else values
        failures.add(bad, name, "type", f"expected {_EXPECTED[kind]}, found '", found, "'", expected=kind, found=found)
        typed[name] = parsed
    frame = pd.DataFrame(typed, index=raw.index)
    if table in contract.RAW_TABLES:
        for name in contract.code_fields(table):
            frame[name] = _categorical(frame[name], contract.codes(table, name, reference))
    return frame


def _pandera_failures(
    table: str,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    reference: Mapping[str, pd.DataFrame] | None,
    failures: _Failures,
) -> None:
    import pandera.errors  # lazily, as in contract.pandera_schema

    schema = contract.pandera_schema(table, reference, unique=False)
    try:
        schema.validate(typed, lazy=True)
        return
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    whole = cases["index"].isna() | cases["column"].isna()
    if whole.any():
        # ingest builds every column with its clean dtype, so this is a bug, not bad data
        raise RuntimeError(f"{table}: typed frame does not fit its schema:\n{cases[whole]}")
    for (name, check), group in cases.groupby(["column", "check"], sort=False):
        rows = np.zeros(len(typed), dtype=bool)
        rows[group["index"].astype(np.int64).to_numpy()] = True
        found = raw[name] if name in raw.columns else pd.Series("", index=raw.index)
        spec = contract.field(table, name)
        check = str(check)
        if check == "not_nullable":
            failures.add(rows, name, "required", "a value is required, found an empty cell")
        elif check.startswith("isin"):
            target = contract.reference_of(table, name)
            if target is not None:
                failures.add(
                    rows,
                    name,
                    "reference",
                    f"expected a code of the reference table {target}, found '",
                    found,
                    "'",
                    expected=target,
                    found=found,
                )
            else:
                enum = contract.enum_of(table, name) or []
                failures.add(
                    rows,
                    name,
                    "enum",
                    f"expected one of {', '.join(enum)}, found '",
                    found,
                    "'",
                    expected=", ".join(enum),
                    found=found,
                )
        elif check.startswith(("in_range", "greater_than", "less_than")):
            failures.add(
                rows,
                name,
                "range",
                f"expected {_range_text(spec)}, found '",
                found,
                "'",
                expected=_range_bounds(spec),
                found=found,
            )
        elif check.startswith("str_matches"):
            pattern = spec.get("constraints", {}).get("pattern", "")
            failures.add(
                rows,
                name,
                "pattern",
                f"expected text matching {pattern}, found '",
                found,
                "'",
                expected=pattern,
                found=found,
            )
        elif check == "field_uniqueness":
            failures.add(
                rows, name, "duplicate key", "expected unique values, found '", found, "'", expected=name, found=found
            )
        else:
            failures.add(
                rows, name, check, f"failed the check {check}, found '", found, "'", expected=check, found=found
            )


def _duplicate_keys(table: str, typed: pd.DataFrame, lines: np.ndarray, failures: _Failures) -> None:
    key = contract.primary_key(table)
    keys = typed[key]
    complete = keys.notna().all(axis=1).to_numpy()
    if not complete.any():
        return
    # ngroup gives NaN (a float array) for rows with a missing key part: those are no group
    group = keys.groupby(key, sort=False, dropna=True, observed=True).ngroup()
    group = np.where(complete, group.fillna(-1).to_numpy(dtype=np.int64), -1)
    valid = np.flatnonzero(complete)
    _, first_pos = np.unique(group[valid], return_index=True)
    first_of_group = np.full(group.max() + 1, -1, dtype=np.int64)
    first_of_group[group[valid][first_pos]] = valid[first_pos]
    first_row = np.where(complete, first_of_group[np.maximum(group, 0)], -1)
    repeated = complete & (first_row != np.arange(len(typed)))
    if not repeated.any():
        return
    first_line = pd.Series(lines[np.maximum(first_row, 0)], index=typed.index)
    values = keys[key[0]].astype("str").str.strip()
    for name in key[1:]:
        values = values + ", " + keys[name].astype("str").str.strip()
    if len(key) == 1:
        what: list[str | pd.Series] = ["duplicate key '", values, "'"]
    else:
        what = [f"duplicate ({', '.join(key)}) (", values, ")"]
    failures.add(
        repeated,
        key[0],
        "duplicate key",
        *what,
        " (first on line ",
        first_line,
        ")",
        expected=", ".join(key),
        found=values,
        detail=first_line,
    )


def _isin_text(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """Membership of text values in ``allowed`` (pyarrow: pandas' str ``isin`` loops in Python)."""
    left = pyarrow.array(values.astype("str"))
    right = pyarrow.array(allowed.astype("str").dropna())
    return pc.fill_null(pc.is_in(left, value_set=right), False).to_numpy(zero_copy_only=False)


def _row_rules(
    table: str,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    failures: _Failures,
    incidents: pd.DataFrame | None,
    seasons: Sequence[Mapping[str, Any]],
) -> np.ndarray | None:
    """Rules across columns and tables; returns the season code of each row (or None)."""

    def found(name: str) -> pd.Series:
        return raw[name] if name in raw.columns else pd.Series("", index=raw.index)

    if "incident_id" in typed.columns and table != "incidents":
        if incidents is None and table == "violations":
            raise ValueError("violations can only be checked against the clean incidents")
        if incidents is not None:
            known = _isin_text(typed["incident_id"], incidents["incident_id"])
            missing = typed["incident_id"].notna().to_numpy() & ~known
            failures.add(
                missing,
                "incident_id",
                "incident not found",
                "expected an incident_id of the clean incidents, found '",
                found("incident_id"),
                "'",
                expected="incidents",
                found=found("incident_id"),
            )

    if table == "survey":
        kind = typed["respondent_type"].astype("str")
        # an unknown respondent_type is reported once, in its own column, not for every item
        known_kind = kind.isin(contract.enum_of(table, "respondent_type") or [])
        for name in contract.columns(table):
            only = contract.applies_to(table, name)
            if only is not None:
                other = known_kind & (kind != only)
                filled = typed[name].notna()
                failures.add(
                    other & filled,
                    name,
                    "applies to",
                    f"asked of {only} respondents only, found '",
                    found(name),
                    "' for respondent_type '",
                    kind,
                    "'",
                    expected=only,
                    found=found(name),
                    detail=kind,
                )
    for name in contract.columns(table):
        needed = contract.requires(table, name)
        if needed is not None:
            violated = typed[name].notna() & ~typed[needed].fillna(False).astype(bool)
            failures.add(
                violated,
                name,
                "requires",
                f"filled only when {needed} is true, found '",
                found(name),
                f"' with {needed} '",
                found(needed),
                "'",
                expected=needed,
                found=found(name),
                detail=found(needed),
            )

    date_column = contract.season_date(table)
    if date_column is None:
        return None
    codes = _season_codes(typed[date_column], seasons)
    outside = typed[date_column].notna().to_numpy() & (codes < 0)
    failures.add(
        outside,
        date_column,
        "season",
        f"expected a date within a season ({_describe_seasons(seasons)}), found '",
        found(date_column),
        "'",
        expected=_describe_seasons(seasons),
        found=found(date_column),
    )
    return codes


def _empty_text_frame(names: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype="str") for name in names})


def _rejected_frame(table: str, raw: RawTable, failures: pd.DataFrame) -> pd.DataFrame:
    extras = [c for c in raw.text.columns if c not in contract.columns(table)]
    text_columns = [*contract.columns(table), *extras]
    rows = failures["row"].to_numpy()
    unique_rows = np.unique(rows)
    grouped = failures.assign(reason="column '" + failures["column"].astype(str) + "': " + failures["message"])
    reasons = grouped.groupby("row", sort=True)["reason"].agg("; ".join)
    first_column = grouped.groupby("row", sort=True)["column"].first()
    body = raw.text.iloc[unique_rows].reset_index(drop=True)
    out = pd.DataFrame(
        {c: (body[c] if c in body.columns else pd.Series(np.nan, index=body.index)) for c in text_columns},
        index=body.index,
    ).astype("str")
    out["line"] = raw.lines[unique_rows].astype(np.int64)
    out["column"] = first_column.to_numpy().astype(object)
    out["reason"] = reasons.to_numpy().astype(object)

    bad = raw.bad_rows
    if len(bad):
        width = len(raw.text.columns)
        bad_out = pd.DataFrame(
            {c: (bad[c] if c in bad.columns else pd.Series(np.nan, index=bad.index)) for c in text_columns},
            index=bad.index,
        ).astype("str")
        bad_out["line"] = bad["line"].to_numpy(dtype=np.int64)
        bad_out["column"] = np.nan
        bad_out["reason"] = (
            "expected " + str(width) + " fields as in the header, found " + bad["fields"].astype(str) + " fields"
        )
        out = pd.concat([out, bad_out], ignore_index=True) if len(out) else bad_out
        out = out.sort_values("line", kind="stable").reset_index(drop=True)
    out["line"] = out["line"].astype("int64")
    out["column"] = out["column"].astype("str")
    out["reason"] = out["reason"].astype("str")
    return out.reset_index(drop=True)


def _empty_failures() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in FAILURE_COLUMNS})
    frame["line"] = frame["line"].astype("int64")
    return frame


def _failure_records(raw: RawTable, failures: pd.DataFrame) -> pd.DataFrame:
    """The failures with source lines (wrong-width records included), in file order."""
    cell = pd.DataFrame(
        {
            "line": raw.lines[failures["row"].to_numpy(dtype=np.int64)].astype(np.int64),
            "column": failures["column"].astype("str"),
            "kind": failures["kind"].astype("str"),
            "expected": failures["expected"].astype("str"),
            "found": failures["found"].astype("str"),
            "detail": failures["detail"].astype("str"),
            "message": failures["message"].astype("str"),
        }
    )
    bad = raw.bad_rows
    if len(bad):
        width = str(len(raw.text.columns))
        fields = bad["fields"].astype("str").to_numpy(dtype=object)
        record = pd.DataFrame(
            {
                "line": bad["line"].to_numpy(dtype=np.int64),
                "column": pd.Series(pd.NA, index=bad.index, dtype="str"),
                "kind": "field count",
                "expected": width,
                "found": fields,
                "detail": "",
                "message": "expected " + width + " fields as in the header, found " + fields + " fields",
            }
        )
        cell = pd.concat([cell, record], ignore_index=True) if len(cell) else record
        cell = cell.sort_values("line", kind="stable")
    out = cell.reset_index(drop=True)
    if not len(out):
        return _empty_failures()
    return out.astype({"line": "int64", **dict.fromkeys(FAILURE_COLUMNS[1:], "str")})


def _check_header(table: str, raw: RawTable) -> list[str]:
    """Raise for a missing required column; return the extra columns (kept out of the clean table)."""
    for name in contract.required_columns(table):
        if name not in raw.text.columns:
            raise DataError(raw.path, "missing required column", line=1, column=name)
    return [c for c in raw.text.columns if c not in contract.columns(table)]


def clean_table(
    name: str,
    raw: RawTable,
    reference: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    incidents: pd.DataFrame | None = None,
) -> IngestResult:
    """Type and validate one raw table; bad rows go to ``rejected`` with line, column and reason."""
    if name not in contract.RAW_TABLES:
        raise KeyError(f"{name!r} is not a raw table of the contract")
    extras = _check_header(name, raw)
    if extras:
        LOGGER.warning(
            "%s: extra column(s) not in the contract, kept out of the clean table: %s", raw.path, ", ".join(extras)
        )
    missing = [c for c in contract.columns(name) if c not in raw.text.columns]
    if missing:
        LOGGER.warning("%s: optional column(s) absent, taken as all missing: %s", raw.path, ", ".join(missing))
    text = raw.text.reset_index(drop=True)
    failures = _Failures()
    typed = _type_columns(name, text, reference, failures)
    # A cell that failed typing is NA in ``typed``; a later check firing on the same cell (e.g.
    # "required") is dropped by _Failures.frame, which keeps the first reason per cell.
    _pandera_failures(name, typed, text, reference, failures)
    _duplicate_keys(name, typed, raw.lines, failures)
    season_codes = _row_rules(name, typed, text, failures, incidents, seasons)

    table_failures = failures.frame(contract.columns(name))
    bad = np.zeros(len(typed), dtype=bool)
    bad[table_failures["row"].to_numpy(dtype=np.int64)] = True
    clean = typed.loc[~bad].copy()
    for column in contract.code_fields(name):
        clean[column] = clean[column].cat.set_categories(contract.codes(name, column, reference))
    if season_codes is not None:
        ids = [str(s["id"]) for s in seasons]
        clean["season"] = pd.Categorical.from_codes(season_codes[~bad], categories=ids)
    clean = clean.reset_index(drop=True)
    rejected = _rejected_frame(name, raw, table_failures)
    structured = _failure_records(raw, table_failures)

    reasons = Counter((table_failures["column"].astype(str) + ": " + table_failures["kind"]).tolist())
    if len(raw.bad_rows):
        reasons["row: field count"] += len(raw.bad_rows)
    summary = {
        "table": name,
        "raw_rows": raw.raw_rows,
        "clean_rows": len(clean),
        "rejected_rows": len(rejected),
        "sha256": raw.sha256,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "extra_columns": extras,
        "reasons": dict(reasons.most_common()),
    }
    if summary["raw_rows"] != summary["clean_rows"] + summary["rejected_rows"]:
        raise AssertionError(f"{name}: rows not conserved: {summary}")
    return IngestResult(clean, rejected, summary, structured)


# --------------------------------------------------------------------------- reference tables
def _reference_paths(ref_dir: str | Path) -> dict[str, Path]:
    return {name: Path(ref_dir) / Path(contract.path(name)).name for name in contract.REFERENCE_TABLES}


def _clean_reference(name: str, raw: RawTable, reference: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Type and validate one reference table; any bad row is fatal (every code depends on it)."""
    _check_header(name, raw)
    if len(raw.bad_rows):
        first = raw.bad_rows.iloc[0]
        raise DataError(
            raw.path,
            f"expected {len(raw.text.columns)} fields as in the header, found {first['fields']}",
            line=int(first["line"]),
        )
    text = raw.text.reset_index(drop=True)
    failures = _Failures()
    typed = _type_columns(name, text, None, failures)
    _pandera_failures(name, typed, text, reference, failures)
    _duplicate_keys(name, typed, raw.lines, failures)
    found = failures.frame(contract.columns(name))
    if len(found):
        first = found.iloc[0]
        raise DataError(
            raw.path, str(first["message"]), line=int(raw.lines[int(first["row"])]), column=str(first["column"])
        )
    if len(typed) == 0:
        raise DataError(raw.path, "the reference table has no rows", line=1)
    return typed.reset_index(drop=True)


def load_reference_files(paths: Mapping[str, str | Path]) -> dict[str, pd.DataFrame]:
    """Read and validate the reference tables from explicit paths (keyed by table name)."""
    out: dict[str, pd.DataFrame] = {}
    # threat_categories first: threat_types.category must be one of its codes
    order = sorted(contract.REFERENCE_TABLES, key=lambda n: n != "threat_categories")
    for name in order:
        if name not in paths or not Path(paths[name]).is_file():
            where = paths.get(name, contract.path(name))
            raise DataError(str(where), f"missing reference table '{name}'")
        out[name] = _clean_reference(name, read_raw(paths[name]), out)
    return {name: out[name] for name in contract.REFERENCE_TABLES}


def load_reference(ref_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the five reference tables of ``ref_dir`` (plain str columns, is_state boolean)."""
    return load_reference_files(_reference_paths(ref_dir))


# --------------------------------------------------------------------------- preflight
def _preflight_file(path: Path, table: str) -> None:
    data = _read_bytes(path, limit=_PREFLIGHT_BYTES)
    text, _ = _decode(path, data, partial=len(data) == _PREFLIGHT_BYTES)
    header, _ = _parse_header(path, text)
    for name in contract.required_columns(table):
        if name not in header:
            raise DataError(str(path), "missing required column", line=1, column=name)


def _preflight_workbook(path: Path, table: str) -> None:
    where = _sheet_label(path, table)
    header = _workbook_header(where, _sheet_rows(path, table, limit=1))
    for name in contract.required_columns(table):
        if name not in header:
            raise DataError(where, "missing required column", line=1, column=name)


def preflight(raw_dir: str | Path) -> None:
    """Cheap file-level checks of every raw and reference file (exists, decodable header, required columns)."""
    raw_dir = Path(raw_dir)
    for table in (*contract.RAW_TABLES, *contract.REFERENCE_TABLES):
        if table in contract.REFERENCE_TABLES:
            path = raw_dir / contract.path(table)
            if not path.is_file():
                raise DataError(str(path), f"missing reference table '{table}'")
        else:
            path = raw_source(raw_dir, table)
            if path.suffix.lower() == ".xlsx":
                _preflight_workbook(path, table)
                continue
        _preflight_file(path, table)


# --------------------------------------------------------------------------- Snakemake entry points
def _get(mapping: Any, key: str) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(mapping, key, None)


def _as_paths(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [str(value)]
    return [str(v) for v in value]


def run_ingest_reference(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: validate the reference tables (``ref_dir`` or one input per table) to Parquet."""
    ref_dir = _get(input, "ref_dir")
    if ref_dir is not None:
        paths: dict[str, str | Path] = dict(_reference_paths(_as_paths(ref_dir)[0]))
    else:
        paths = {
            name: _as_paths(_get(input, name))[0] for name in contract.REFERENCE_TABLES if _get(input, name) is not None
        }
    tables = load_reference_files(paths)
    for name, frame in tables.items():
        write_table(frame, _as_paths(_get(output, name))[0])
        LOGGER.info("reference %s: %d codes", name, len(frame))


def _read_reference_parquet(value: Any) -> dict[str, pd.DataFrame]:
    out: dict[str, pd.DataFrame] = {}
    for item in _as_paths(value):
        path = Path(item)
        if path.is_dir():
            for name in contract.REFERENCE_TABLES:
                out[name] = read_table(path / f"{name}.parquet")
        else:
            out[path.name.removesuffix(".parquet")] = read_table(path)
    return out


def _summary_row(summary: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": pd.Series([summary["table"]], dtype="str"),
            "raw_rows": pd.Series([summary["raw_rows"]], dtype="int64"),
            "clean_rows": pd.Series([summary["clean_rows"]], dtype="int64"),
            "rejected_rows": pd.Series([summary["rejected_rows"]], dtype="int64"),
            "sha256": pd.Series([summary["sha256"]], dtype="str"),
            "encoding": pd.Series([summary["encoding"]], dtype="str"),
            "delimiter": pd.Series([summary["delimiter"]], dtype="str"),
            "extra_columns": pd.Series([";".join(summary["extra_columns"])], dtype="str"),
            "reasons": pd.Series([json.dumps(summary["reasons"], ensure_ascii=False)], dtype="str"),
        }
    )


def run_ingest_table(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: ingest one raw table (params ``table``, ``seasons``) to clean, rejected, summary."""
    table = str(params["table"])
    reference = _read_reference_parquet(_get(input, "reference"))
    missing = [n for n in contract.REFERENCE_TABLES if n not in reference]
    if missing:
        raise ValueError(f"run_ingest_table: reference Parquet files missing for {', '.join(missing)}")
    incidents_path = _as_paths(_get(input, "incidents"))
    incidents = read_table(incidents_path[0]) if incidents_path else None
    raw = read_raw(_as_paths(_get(input, "raw"))[0], table)
    result = clean_table(table, raw, reference, list(params["seasons"]), incidents)
    write_table(result.clean, _as_paths(_get(output, "clean"))[0])
    write_table(result.rejected, _as_paths(_get(output, "rejected"))[0])
    write_table(_summary_row(result.summary), _as_paths(_get(output, "summary"))[0])
    s = result.summary
    LOGGER.info(
        "%s: %d raw rows (%s, delimiter %r): %d clean, %d rejected",
        table,
        s["raw_rows"],
        s["encoding"],
        s["delimiter"],
        s["clean_rows"],
        s["rejected_rows"],
    )
    for reason, count in list(s["reasons"].items())[:10]:
        LOGGER.warning("%s: %d row(s) rejected for %s", table, count, reason)


def run_ingest_summary(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: combine the per-table summaries into ``ingest_summary.parquet``."""
    paths = _as_paths(_get(input, "summaries")) or _as_paths(input)
    frame = pd.concat([read_table(p) for p in paths], ignore_index=True)
    order = {name: i for i, name in enumerate(contract.RAW_TABLES)}
    frame = frame.sort_values("table", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    broken = frame[frame["raw_rows"] != frame["clean_rows"] + frame["rejected_rows"]]
    if len(broken):
        raise AssertionError(f"ingest summary: rows not conserved for {', '.join(broken['table'])}")
    target = _get(output, "summary")
    write_table(frame, _as_paths(target)[0] if target is not None else _as_paths(output)[0])
    LOGGER.info(
        "ingest summary: %s",
        ", ".join(f"{t} {c}/{r}" for t, c, r in zip(frame["table"], frame["clean_rows"], frame["raw_rows"])),
    )
