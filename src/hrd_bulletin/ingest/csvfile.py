"""CSV bytes -> RawTable: encoding and delimiter detection, the header, records with their lines.

Monitors send UTF-8 with or without BOM or Windows-1251, with ``,``, ``;`` or tab, and quoted
newlines. Each record keeps the line it starts on, so a rejected row can be found in the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from charset_normalizer import from_bytes

from hrd_bulletin import contract
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.rawtable import RawTable, bad_rows_frame, header_names, read_bytes, text_frame

_DELIMITERS: tuple[str, ...] = tuple(contract.RAW_FORMAT["delimiters"])
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def _looks_cp1251(data: bytes) -> bool:
    # Short Cyrillic samples fool a free guess (they come out as big5 or cp932), so ask
    # charset-normalizer only whether Windows-1251 reads as plausible text.
    match = from_bytes(data[: 1 << 20], cp_isolation=["cp1251"]).best()
    return match is not None


def decode(path: Path, data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Bytes -> (text without BOM, encoding name); ``partial`` tolerates a cut last character."""
    if data.startswith(_WIDE_BOMS):
        raise msg.file_error(path, msg.NOT_TEXT_BOM, line=1)
    if b"\x00" in data:
        raise msg.file_error(path, msg.NOT_TEXT_NUL)
    errors = "ignore" if partial else "strict"
    if data.startswith(_UTF8_BOM):
        try:
            return _utf8(data[3:], partial), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = data[: exc.start + 3].count(b"\n") + 1
            raise msg.file_error(path, msg.NOT_TEXT_BOM_THEN_INVALID, line=line) from None
    try:
        return _utf8(data, partial), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # valid UTF-8 up to a character cut in half: a truncated copy, not another encoding
            raise msg.file_error(path, msg.CUT_CHARACTER, line=bad_line) from None
    if _looks_cp1251(data):
        try:
            return data.decode("cp1251", errors=errors), "cp1251"
        except UnicodeDecodeError:
            pass
    raise msg.file_error(path, msg.NOT_TEXT_INVALID, line=bad_line)


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


def parse_header(path: Path, text: str) -> tuple[list[str], str]:
    """The column names of the first line, and the delimiter they are separated by."""
    end = text.find("\n")
    first_line = (text if end < 0 else text[:end]).rstrip("\r")
    if not first_line.strip():
        raise msg.file_error(path, msg.NO_HEADER_LINE, line=1)
    delimiter = _detect_delimiter(first_line)
    names = next(csv.reader([first_line], delimiter=delimiter))
    return header_names(str(path), names), delimiter


def _arrow_table(data: bytes, header: list[str], delimiter: str) -> pyarrow.Table | None:
    try:
        return pacsv.read_csv(
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


def _filled_lines(data: bytes) -> np.ndarray:
    """Numbers of the non-blank lines (a line holding only CR is blank)."""
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(bytes_ == 10)
    starts = np.concatenate([[0], ends + 1])
    ends = np.concatenate([ends, [len(data)]])
    length = ends - starts
    last = bytes_[np.maximum(ends - 1, 0)]
    blank = (length == 0) | ((length == 1) & (last == 13))
    return np.flatnonzero(~blank) + 1


def _fast_parse(data: bytes, header: list[str], delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Multithreaded pyarrow parse, or None when line numbers cannot be derived exactly."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # old-Mac line ends: the csv module counts those lines
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    table = _arrow_table(data, header, delimiter)
    if table is None:
        return None
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
        filled = _filled_lines(data)
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
    frame = text_frame(header, list(zip(*(records[i] for i in good))))
    lines = np.array([starts[i] for i in good], dtype=np.int64)
    # keep a bad record's whole text: surplus fields join the last column
    padded = [
        [*records[i][: width - 1], delimiter.join(records[i][width - 1 :])]
        if len(records[i]) >= width
        else [*records[i], *[""] * (width - len(records[i]))]
        for i in bad
    ]
    bad_rows = bad_rows_frame(header, padded, [starts[i] for i in bad], [len(records[i]) for i in bad])
    return frame, lines, bad_rows


def _fast_utf8(path: Path, data: bytes) -> tuple[list[str], str, str, tuple[pd.DataFrame, np.ndarray]] | None:
    """Most files are UTF-8: let pyarrow validate it while parsing instead of decoding twice."""
    if data.startswith(_WIDE_BOMS) or b"\x00" in data:
        return None
    bom = data.startswith(_UTF8_BOM)
    body = data[3:] if bom else data
    end = body.find(b"\n")
    try:
        head = (body if end < 0 else body[:end]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not head.strip():
        return None
    header, delimiter = parse_header(path, head)
    fast = _fast_parse(body, header, delimiter)
    return None if fast is None else (header, delimiter, "utf-8-sig" if bom else "utf-8", fast)


def read_csv(path: Path) -> RawTable:
    """A raw CSV file as text, with each record's line."""
    data = read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _fast_utf8(path, data)
    if parsed is not None:
        header, delimiter, encoding, (frame, lines) = parsed
        return RawTable(str(path), frame, lines, bad_rows_frame(header, [], [], []), encoding, delimiter, sha256)
    text, encoding = decode(path, data)
    header, delimiter = parse_header(path, text)
    fast = _fast_parse(text.encode("utf-8"), header, delimiter) if encoding == "cp1251" else None
    if fast is not None:
        frame, lines = fast
        bad_rows = bad_rows_frame(header, [], [], [])
    else:
        frame, lines, bad_rows = _slow_parse(text, header, delimiter)
    return RawTable(str(path), frame, lines, bad_rows, encoding, delimiter, sha256)
