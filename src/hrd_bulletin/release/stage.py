"""The Snakemake entry of rule ``open_data``: metric tables -> ``<report_dir>/open-data/`` and its zip."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import atomic_write
from hrd_bulletin.release import package
from hrd_bulletin.release.figures import FIGURE_COLUMNS, FIGURES, figures_resource, long_rows
from hrd_bulletin.release.readme import readme_text
from hrd_bulletin.release.tables import ID_PREFIX, cell_text, csv_bytes, open_table

LOGGER = logging.getLogger("hrd_bulletin.release")
README = "README.md"
DATAPACKAGE = "datapackage.json"


def release_files() -> list[str]:
    """Every file of the release, relative to its directory, in the zip's order."""
    tables = [f"{t}.csv" for t in catalog.open_data_tables()]
    references = [f"reference/{r}.csv" for r in catalog.REFERENCE_TABLES]
    return [README, DATAPACKAGE, FIGURES, *tables, *references]


def _check_publisher(publisher: Mapping[str, Any]) -> None:
    licence = publisher.get("licence") or {}
    if not licence.get("name") or not licence.get("url"):
        raise ConfigError("config: publisher.licence needs name and url: open data is not released without a licence")
    if not publisher.get("edition") or not publisher.get("organisations"):
        raise ConfigError("config: publisher.edition and publisher.organisations are needed for the open-data release")


def _write(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: Path(tmp).write_bytes(data), mode=0o644)


def _metric_files(input: Mapping[str, Any], edition: str) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The metric CSVs and, from their text, figures.csv (first of the returned resources)."""
    files, resources, figures = {}, [], []
    for table in catalog.open_data_tables():
        header, rows = open_table(table, pq.read_table(str(input[table])))
        data = csv_bytes(header, rows)
        files[f"{table}.csv"] = data
        resource = package.metric_resource(table, ID_PREFIX[table], header[1:], data)
        resources.append(resource)
        schema = resource["schema"]
        by_name = [dict(zip(header, row)) for row in rows]
        figures += long_rows(table, schema["fields"], schema["primaryKey"], by_name, edition)
        LOGGER.info("open data: %s.csv, %d rows", table, len(rows))
    data = csv_bytes(FIGURE_COLUMNS, figures)
    files[FIGURES] = data
    LOGGER.info("open data: %s, %d values", FIGURES, len(figures))
    return files, [figures_resource(data, package.file_facts(data)), *resources]


def _reference_files(paths: Sequence[str]) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    files, resources = {}, []
    for name, path in zip(catalog.REFERENCE_TABLES, paths, strict=True):
        table = pq.read_table(str(path))
        rows = [[cell_text(v) for v in row.values()] for row in table.to_pylist()]
        data = csv_bytes(table.column_names, rows)
        files[f"reference/{name}.csv"] = data
        resources.append(package.reference_resource(name, table.column_names, data))
    return files, resources


def run_open_data(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of rule ``open_data``.

    input: every table of catalog.open_data_tables() by name; ``reference``: the reference
    tables' Parquet files in catalog.REFERENCE_TABLES order.
    output: ``datapackage`` (``<report_dir>/open-data/datapackage.json``; the other files are
    written beside it, as release_files() lists them) and ``zip``.
    params: publisher, seasons, min_cell, reconstructed, git_commit (the release records it).
    """
    publisher = params.get("publisher") or {}
    _check_publisher(publisher)
    root = Path(str(output["datapackage"])).parent
    record = package.edition_record(publisher, params.get("seasons") or [], params.get("git_commit") or "unknown")
    metric, metric_resources = _metric_files(input, record["id"])
    references, reference_resources = _reference_files([str(p) for p in input["reference"]])
    descriptor = package.descriptor(publisher, [*metric_resources, *reference_resources], record)
    tables = catalog.open_data_tables()
    files = {
        README: readme_text(tables, params).encode("utf-8"),
        DATAPACKAGE: package.descriptor_bytes(descriptor),
        **metric,
        **references,
    }
    for name in release_files():
        _write(root / name, files[name])
    atomic_write(str(output["zip"]), lambda tmp: package.write_zip(root, release_files(), tmp), mode=0o644)
    LOGGER.info("open data: %d files in %s and %s", len(files), root, output["zip"])
