"""A raw file read as text (``RawTable``), and what the CSV and workbook readers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    bad_rows: pd.DataFrame  # records with a wrong number of fields: header columns + line, fields
    encoding: str
    delimiter: str
    sha256: str

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
    header: Sequence[str], padded: Sequence[Sequence[str]], lines: Sequence[int], fields: Sequence[int]
) -> pd.DataFrame:
    """The wrong-width records: their text fitted to the header, their line and field count."""
    if padded:
        frame = pd.DataFrame(padded, columns=list(header), dtype="str")
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in header})
    frame["line"] = pd.Series(list(lines), dtype="int64")
    frame["fields"] = pd.Series(list(fields), dtype="int64")
    return frame
