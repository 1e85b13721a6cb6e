"""Ingest: messy raw CSV files -> typed, validated clean tables, with every bad row quarantined.

Reading accepts what monitors really send (UTF-8 with or without BOM or Windows-1251; ``,``,
``;`` or tab; quoted newlines), or the sheets of a filled data-entry workbook (``raw_source`` finds
``<table>.csv`` or an ``*.xlsx`` with a sheet ``<table>``; cells become the text a CSV export would
hold, lines are sheet rows). Typing and validation follow the data contract
(``hrd_bulletin.contract``, i.e. ``datapackage.json``). A problem with one row rejects that row,
with its line number and a reason (also in structured form: ``IngestResult.failures``); only a
problem with the whole file raises ``DataError``.

Modules: ``source`` (which file, read as text: ``csvfile``, ``xlsxfile``, ``rawtable``),
``coerce`` (typing), ``checks`` and ``failures`` (validation), ``clean`` (a table's clean and
rejected rows; the reference tables), ``preflight`` (the start-up check), ``messages`` (every
text, in both languages) and ``stages`` (the Snakemake entry points).
"""

from __future__ import annotations

from hrd_bulletin.ingest.clean import IngestResult, clean_table, load_reference
from hrd_bulletin.ingest.preflight import preflight
from hrd_bulletin.ingest.rawtable import RawTable
from hrd_bulletin.ingest.source import raw_source, read_raw

__all__ = ["IngestResult", "RawTable", "clean_table", "load_reference", "preflight", "raw_source", "read_raw"]
