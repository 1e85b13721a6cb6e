"""CSV bytes -> RawTable: encoding and delimiter detection, the header, records with their lines.

Monitors send UTF-8 with or without BOM or Windows-1251, with ``,``, ``;`` or tab, quoted
newlines and LF, CRLF or lone-CR line ends. Each record keeps the line it starts on, so a rejected
row can be found in the file. A well-formed file is read by pyarrow; any other by the careful
reader (``careful``), which rejects a malformed record's line alone and reads on.
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
from hrd_bulletin.ingest import limits
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.careful import first_line_end, read_records, well_formed
from hrd_bulletin.ingest.rawtable import (
    RawTable,
    bad_rows_frame,
    fit_to_header,
    header_names,
    oversized_cells,
    read_bytes,
    text_frame,
)

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
    first_line = text[: first_line_end(text)[0]]
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
        return None  # old-Mac line ends: the careful reader counts those lines
    if not well_formed(data, delimiter):
        return None  # a quote out of place: the careful reader rejects its line alone
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
    """The careful reader: each record with its first line; malformed and wrong-width ones apart."""
    records = read_records(text, delimiter, len(header), first_line_end(text)[1], 2)
    width = len(header)
    good = [i for i, r in enumerate(records.rows) if len(r) == width]
    wrong = [i for i, r in enumerate(records.rows) if len(r) != width]
    frame = text_frame(header, list(zip(*(records.rows[i] for i in good))))
    lines = np.array([records.lines[i] for i in good], dtype=np.int64)
    # a bad record keeps its whole text: surplus fields join the last column
    bad = sorted(
        [
            (records.lines[i], fit_to_header(records.rows[i], width, delimiter), len(records.rows[i]), "field count")
            for i in wrong
        ]
        + [
            (line, fit_to_header(t.split(delimiter), width, delimiter), t.count(delimiter) + 1, "quote")
            for line, t in zip(records.bad_lines, records.bad_text)
        ]
    )
    bad_rows = bad_rows_frame(
        header, [b[1] for b in bad], [b[0] for b in bad], [b[2] for b in bad], [b[3] for b in bad]
    )
    return frame, lines, bad_rows


def _fast_utf8(path: Path, data: bytes) -> tuple[list[str], str, str, tuple[pd.DataFrame, np.ndarray]] | None:
    """Most files are UTF-8: let pyarrow validate it while parsing instead of decoding twice."""
    if data.startswith(_WIDE_BOMS) or b"\x00" in data:
        return None
    bom = data.startswith(_UTF8_BOM)
    body = data[3:] if bom else data
    ends = [i for i in (body.find(b"\n"), body.find(b"\r")) if i >= 0]
    end = min(ends) if ends else len(body)
    try:
        head = body[:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not head.strip():
        return None
    header, delimiter = parse_header(path, head)
    fast = _fast_parse(body, header, delimiter)
    return None if fast is None else (header, delimiter, "utf-8-sig" if bom else "utf-8", fast)


def read_csv(path: Path) -> RawTable:
    """A raw CSV file as text, with each record's line (and cells over the size limit)."""
    data = read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _fast_utf8(path, data)
    if parsed is not None:
        header, delimiter, encoding, (frame, lines) = parsed
        bad_rows = bad_rows_frame(header, [], [], [])
    else:
        text, encoding = decode(path, data)
        header, delimiter = parse_header(path, text)
        fast = _fast_parse(text.encode("utf-8"), header, delimiter) if encoding == "cp1251" else None
        if fast is not None:
            frame, lines = fast
            bad_rows = bad_rows_frame(header, [], [], [])
        else:
            frame, lines, bad_rows = _slow_parse(text, header, delimiter)
    problems = oversized_cells(frame, limits.current().max_field_bytes)
    return RawTable(str(path), frame, lines, bad_rows, encoding, delimiter, sha256, problems)
