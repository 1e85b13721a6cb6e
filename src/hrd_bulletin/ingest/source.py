"""Where a raw table comes from (a CSV, or a sheet of a workbook) and reading it as text."""

from __future__ import annotations

from pathlib import Path

from hrd_bulletin import contract
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest import platforms
from hrd_bulletin.ingest.csvfile import read_csv
from hrd_bulletin.ingest.rawtable import RawTable
from hrd_bulletin.ingest.xlsxfile import read_workbook, workbook_sheets


def read_raw(path: str | Path, table: str | None = None) -> RawTable:
    """Read a raw CSV (or the sheet ``table`` of an XLSX workbook) as text, with each record's line."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        # a KoboToolbox export names its sheets after the form and its repeat groups
        sheet = platforms.export_sheet(path, table)
        raw = read_workbook(path, table if sheet is None else sheet)
    else:
        raw = read_csv(path)
    return platforms.from_export(raw, path, table)


def raw_source(raw_dir: str | Path, table: str) -> Path:
    """The file holding raw ``table``: ``<table>.csv`` if present, else the ``*.xlsx`` with a sheet ``table``."""
    raw_dir = Path(raw_dir)
    csv_path = raw_dir / contract.path(table)
    if csv_path.is_file():
        return csv_path
    # "~$name.xlsx" is the lock file a spreadsheet program leaves next to an open workbook
    books = sorted(p for p in raw_dir.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$"))
    holders = [p for p in books if table in workbook_sheets(p)]
    if len(holders) > 1:
        books_text = ", ".join(p.name for p in holders)
        raise msg.file_error(raw_dir, msg.SEVERAL_WORKBOOKS, sheet=table, books=books_text)
    if not holders and (raw_dir / f"{table}.xlsx").is_file():
        return raw_dir / f"{table}.xlsx"  # a platform's export, dropped in as the table's file
    if not holders:
        raise msg.file_error(csv_path, msg.NO_SOURCE, raw_dir=raw_dir, sheet=table)
    return holders[0]
