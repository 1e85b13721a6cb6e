"""A raw file read as text (``RawTable``), and what the CSV and workbook readers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hrd_bulletin.ingest import messages as msg


@dataclass(frozen=True)
class RawTable:
    """A raw file read as text: one str cell per field, with each record's source line."""

    path: str
    text: pd.DataFrame  # header columns (as in the file), every cell a str ("" = empty)
    lines: np.ndarray  # int64, line of each row of ``text`` in the file (header = 1)
    # records that are no row: header columns + line, fields and kind ("field count": a wrong
    # number of fields; "quote": a quoted field not closed where it should be)
    bad_rows: pd.DataFrame
    encoding: str
    delimiter: str
    sha256: str
    # cells the reader already found bad (row = position in ``text``): see ``problems_frame``
    problems: pd.DataFrame = field(default_factory=lambda: problems_frame([], [], [], [], []))

    @property
    def raw_rows(self) -> int:
        """Number of data records in the file (well-formed or not)."""
        return len(self.text) + len(self.bad_rows)


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes (the first ``limit`` of them); a missing or empty file is a file error."""
    if not path.is_file():
        raise msg.file_error(path, msg.FILE_NOT_FOUND)
    with path.open("rb") as fh:
        data = fh.read() if limit is None else fh.read(limit)
    if not data:
        raise msg.file_error(path, msg.EMPTY_FILE)
    return data


def header_names(where: str, names: Sequence[str]) -> list[str]:
    """Stripped column names; a blank one gets a placeholder name, a repeated one is an error."""
    header = [n.strip() or f"_unnamed_{i + 1}" for i, n in enumerate(names)]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise msg.file_error(where, msg.DUPLICATE_COLUMN, line=1, column=name)
        seen.add(name)
    return header


def text_frame(header: Sequence[str], columns: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Columns of cell texts as a frame of str columns (empty columns when there is no row)."""
    if not columns:
        columns = [() for _ in header]
    return pd.DataFrame({name: pd.Series(list(col), dtype="str") for name, col in zip(header, columns)})


def bad_rows_frame(
    header: Sequence[str],
    padded: Sequence[Sequence[str]],
    lines: Sequence[int],
    fields: Sequence[int],
    kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The records that are no row: their text fitted to the header, line, field count and kind."""
    if padded:
        frame = pd.DataFrame(padded, columns=list(header), dtype="str")
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in header})
    frame["line"] = pd.Series(list(lines), dtype="int64")
    frame["fields"] = pd.Series(list(fields), dtype="int64")
    frame["kind"] = pd.Series(["field count"] * len(frame) if kinds is None else list(kinds), dtype="str")
    return frame


def fit_to_header(values: Sequence[str], width: int, joiner: str) -> list[str]:
    """A record's fields fitted to ``width`` columns: surplus fields join the last one (text kept)."""
    if len(values) >= width:
        return [*values[: width - 1], joiner.join(values[width - 1 :])]
    return [*values, *[""] * (width - len(values))]


def problems_frame(
    rows: Sequence[int], columns: Sequence[str], kinds: Sequence[str], expected: Sequence[str], found: Sequence[str]
) -> pd.DataFrame:
    """Cell problems a reader found (a field over the size limit, a formula without a value)."""
    return pd.DataFrame(
        {
            "row": pd.Series(list(rows), dtype="int64"),
            "column": pd.Series(list(columns), dtype="str"),
            "kind": pd.Series(list(kinds), dtype="str"),
            "expected": pd.Series(list(expected), dtype="str"),
            "found": pd.Series(list(found), dtype="str"),
        }
    )


def oversized_cells(text: pd.DataFrame, max_bytes: int) -> pd.DataFrame:
    """The cells of ``text`` longer than ``max_bytes`` in UTF-8: "field size" problems."""
    rows: list[int] = []
    columns: list[str] = []
    sizes: list[str] = []
    for name in text.columns:
        chars = text[name].str.len().to_numpy(dtype=np.int64, na_value=0)
        # a character is 1 to 4 bytes: only cells of more than max_bytes / 4 characters can be over
        for row in np.flatnonzero(chars > max_bytes // 4):
            size = len(str(text[name].iat[row]).encode("utf-8"))
            if size > max_bytes:
                rows.append(int(row))
                columns.append(str(name))
                sizes.append(str(size))
    order = np.lexsort((np.arange(len(rows)), np.asarray(rows, dtype=np.int64))) if rows else []
    pick = [int(i) for i in order]
    return problems_frame(
        [rows[i] for i in pick],
        [columns[i] for i in pick],
        ["field size"] * len(pick),
        [str(max_bytes)] * len(pick),
        [sizes[i] for i in pick],
    )
