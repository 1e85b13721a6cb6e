"""The sheets of a filled data-entry workbook -> RawTable, cells as a CSV export would write them.

Before openpyxl opens a workbook, ``archive.check_archive`` bounds what its parts expand to and
refuses DTDs and entities (and openpyxl parses with defusedxml). openpyxl reads it read-only and
with cached values (``data_only``): formulas are never evaluated; a formula without a cached value
is a rejected cell ("formula"), never an empty one. A damaged archive or XML part is a file
error, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin.ingest import limits
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.archive import check_archive
from hrd_bulletin.ingest.rawtable import (
    RawTable,
    bad_rows_frame,
    header_names,
    oversized_cells,
    problems_frame,
    read_bytes,
    text_frame,
)
from hrd_bulletin.ingest.sheetxml import Formula, SheetRow, formula_rows


def _open_workbook(path: Path, data: bytes | None = None) -> Any:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(path, data)
    source: Any = io.BytesIO(data) if data is not None else path
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise msg.file_error(path, msg.NOT_XLSX) from None


def sheet_label(path: Path, sheet: str) -> str:
    """How messages name a sheet of a workbook: ``book.xlsx[sheet]``."""
    return f"{path}[{sheet}]"


def _float_text(value: float) -> str:
    # a spreadsheet's CSV export shows at most 15 significant digits, never an exponent
    return str(np.format_float_positional(float(f"{value:.15g}"), trim="-"))


def _cell_text(value: Any) -> str:
    """One cell as a CSV export of the sheet would write it (dates ISO, 3.0 as 3)."""
    if value is None or isinstance(value, Formula):
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


def sheet_rows(path: Path, sheet: str, data: bytes | None = None, limit: int | None = None) -> list[SheetRow]:
    """The sheet's rows that hold cells (the first ``limit`` rows): row number and cell values.

    A formula cell without a computed value holds a ``Formula``, never an empty value.
    """
    import zipfile

    workbook = _open_workbook(path, data)
    try:
        if sheet not in workbook.sheetnames:
            raise msg.file_error(path, msg.NO_SHEET, sheet=sheet, sheets=", ".join(workbook.sheetnames))
        # the stored dimension may be wrong: every row the sheet's XML holds is read
        return list(formula_rows(workbook, workbook[sheet], limit))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        # a damaged part (defusedxml's refusals are ValueErrors, expat's are SyntaxErrors)
        raise msg.file_error(path, msg.NOT_XLSX) from None
    finally:
        workbook.close()


def workbook_header(where: str, rows: Sequence[SheetRow]) -> list[str]:
    """The column names of the sheet's first row."""
    first = rows[0] if rows and rows[0][0] == 1 else None
    names = [_cell_text(v) for v in first[1]] if first is not None else []
    while names and not names[-1].strip():
        names.pop()  # formatted but empty columns at the right
    if not names:
        raise msg.file_error(where, msg.NO_HEADER_ROW, line=1)
    return header_names(where, names)


def read_workbook(path: Path, table: str | None) -> RawTable:
    """The sheet ``table`` of a workbook as a RawTable: line = sheet row number."""
    data = read_bytes(path)
    sheet = table if table is not None else path.stem
    rows = sheet_rows(path, sheet, data)
    where = sheet_label(path, sheet)
    header = workbook_header(where, rows)
    width = len(header)
    # Cell conversion is per cell by nature (openpyxl yields Python objects); workbooks typed
    # by hand are small.
    text_rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[tuple[int, list[str], int]] = []
    formulas: list[tuple[int, str, str]] = []
    for number, row in rows:
        if number == 1:
            continue
        cells = [_cell_text(v) for v in row]
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            continue  # an empty row is no record
        if filled[-1] >= width:
            bad.append((number, cells, filled[-1] + 1))
            continue
        formulas += [(len(text_rows), header[i], v.cell) for i, v in enumerate(row[:width]) if isinstance(v, Formula)]
        text_rows.append([*cells[:width], *[""] * (width - len(cells))])
        starts.append(number)
    frame = text_frame(header, list(zip(*text_rows)))
    padded = [[*cells[: width - 1], ",".join(c for c in cells[width - 1 : fields])] for _, cells, fields in bad]
    bad_rows = bad_rows_frame(header, padded, [b[0] for b in bad], [b[2] for b in bad])
    problems = _problems(frame, formulas)
    sha256 = hashlib.sha256(data).hexdigest()
    return RawTable(where, frame, np.array(starts, dtype=np.int64), bad_rows, "xlsx", "", sha256, problems)


def _problems(frame: pd.DataFrame, formulas: list[tuple[int, str, str]]) -> pd.DataFrame:
    """Formulas without a value, then fields over the size limit (sorted by row)."""
    sized = oversized_cells(frame, limits.current().max_field_bytes)
    found = problems_frame(
        [f[0] for f in formulas],
        [f[1] for f in formulas],
        ["formula"] * len(formulas),
        [""] * len(formulas),
        [f[2] for f in formulas],
    )
    if not len(found):
        return sized
    both = pd.concat([found, sized], ignore_index=True) if len(sized) else found
    return both.sort_values("row", kind="stable").reset_index(drop=True)


def workbook_sheets(path: Path) -> list[str]:
    """The names of the workbook's sheets."""
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()
