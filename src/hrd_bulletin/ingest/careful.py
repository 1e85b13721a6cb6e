"""The careful CSV reader: record by record, resuming after a malformed one.

A quoted field must end with a quote just before a delimiter or a line end (``""`` inside it is a
quote). A record that breaks this rule - an unclosed quote, a stray one after a closing quote - or
a record that spans several lines with the wrong number of fields (a quote that swallowed the
lines after it) is rejected alone: its first physical line, kind "quote". Reading resumes on the
next line, so the valid rows after it are read as rows. Line ends are LF, CRLF or a lone CR
(old Mac exports), mixed in any way. ``well_formed`` tells whether a whole file keeps the rule, so
that the fast reader (pyarrow) may read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

_LINE_END = re.compile(r"\r\n|\r|\n")
_BREAKS = re.compile(r"\r\n|\r|\n")


@cache
def _field(delimiter: str) -> str:
    d = re.escape(delimiter)
    # quoted (possessive: linear time, no backtracking), unquoted (a quote inside is text), empty
    return f'"(?:[^"]++|"")*+"|[^{d}"\\r\\n][^{d}\\r\\n]*+|'


@cache
def _record(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    f = _field(delimiter)
    return re.compile(f"(?>(?:{f})(?:{d}(?:{f}))*+)(?:\\r\\n|\\r|\\n|\\Z)")


@cache
def _well_formed_bytes(delimiter: str) -> re.Pattern[bytes]:
    record = _record(delimiter).pattern
    return re.compile(f"(?:{record})*+".encode())


@cache
def _cell(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    return re.compile(f'"((?:[^"]++|"")*+)"|([^{d}"][^{d}]*+)?')


def well_formed(data: bytes, delimiter: str) -> bool:
    """Whether every quoted field of ``data`` is closed just before a delimiter or a line end."""
    if b'"' not in data:
        return True
    return _well_formed_bytes(delimiter).fullmatch(data) is not None


def split_record(content: str, delimiter: str) -> list[str]:
    """The fields of one well-formed record (without its line end)."""
    if '"' not in content:
        return content.split(delimiter)
    cell = _cell(delimiter)
    out: list[str] = []
    pos = 0
    while True:
        m = cell.match(content, pos)
        assert m is not None  # the empty alternative always matches
        quoted, plain = m.group(1), m.group(2)
        out.append(quoted.replace('""', '"') if quoted is not None else (plain or ""))
        pos = m.end()
        if pos >= len(content):
            return out
        pos += 1  # the delimiter


def _breaks(text: str) -> int:
    return len(_BREAKS.findall(text))


@dataclass
class Records:
    """What the careful reader found after the header: rows and malformed lines, with lines."""

    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    bad_text: list[str] = field(default_factory=list)  # a malformed record's first line, as written
    bad_lines: list[int] = field(default_factory=list)


def read_records(text: str, delimiter: str, width: int, start: int, first_line: int) -> Records:
    """Every record of ``text`` from offset ``start`` (a line start, line ``first_line``)."""
    record = _record(delimiter)
    out = Records()
    pos, line, end = start, first_line, len(text)
    while pos < end:
        m = record.match(text, pos)
        body = m.group(0) if m is not None else ""
        content = body[: len(body) - _eol_length(body)]
        if m is not None and body:
            fields = split_record(content, delimiter) if content else []
            spans = _breaks(content) + 1
            if spans == 1 or len(fields) == width:
                if fields:  # a blank line is no record
                    out.rows.append(fields)
                    out.lines.append(line)
                pos = m.end()
                line += _breaks(body)
                continue
        # malformed: its first physical line alone is rejected, the next line starts afresh
        next_end = _LINE_END.search(text, pos)
        stop = end if next_end is None else next_end.start()
        out.bad_text.append(text[pos:stop])
        out.bad_lines.append(line)
        pos = end if next_end is None else next_end.end()
        line += 1
    return out


def _eol_length(body: str) -> int:
    if body.endswith("\r\n"):
        return 2
    return 1 if body.endswith(("\r", "\n")) else 0


def first_line_end(text: str) -> tuple[int, int]:
    """(end of the first line, start of the second) in ``text``: LF, CRLF or a lone CR."""
    m = _LINE_END.search(text)
    return (len(text), len(text)) if m is None else (m.start(), m.end())
