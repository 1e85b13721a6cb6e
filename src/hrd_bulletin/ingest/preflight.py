"""The start-up check of a raw directory: every file there, readable, with its required columns.

It reads only the head of each file, so that a user's mistake stops a run before any job starts;
a bad row far down is ingest's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hrd_bulletin import contract
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest import platforms
from hrd_bulletin.ingest.csvfile import decode, parse_header
from hrd_bulletin.ingest.rawtable import read_bytes
from hrd_bulletin.ingest.source import raw_source
from hrd_bulletin.ingest.xlsxfile import sheet_label, sheet_rows, workbook_header

_PREFLIGHT_BYTES = 64 * 1024


def _require_columns(where: str | Path, table: str, header: Sequence[str]) -> None:
    for name in contract.required_columns(table):
        if name not in header:
            raise msg.file_error(where, msg.MISSING_COLUMN, line=1, column=name)


def _preflight_file(path: Path, table: str) -> None:
    data = read_bytes(path, limit=_PREFLIGHT_BYTES)
    text, _ = decode(path, data, partial=len(data) == _PREFLIGHT_BYTES)
    header, _ = parse_header(path, text)
    _require_columns(path, table, header)


def _preflight_workbook(path: Path, table: str) -> None:
    where = sheet_label(path, table)
    _require_columns(where, table, workbook_header(where, sheet_rows(path, table, limit=1)))


def preflight(raw_dir: str | Path) -> None:
    """Cheap file-level checks of every raw and reference file (exists, decodable header, required columns)."""
    raw_dir = Path(raw_dir)
    for table in contract.RAW_TABLES:
        path = raw_source(raw_dir, table)
        if platforms.preflight_export(path, table):
            continue  # a KoboToolbox or ODK Central export, its questions checked
        if path.suffix.lower() == ".xlsx":
            _preflight_workbook(path, table)
        else:
            _preflight_file(path, table)
    for table in contract.REFERENCE_TABLES:
        path = raw_dir / contract.path(table)
        if not path.is_file():
            raise msg.file_error(path, msg.REFERENCE_MISSING, table=table)
        _preflight_file(path, table)
