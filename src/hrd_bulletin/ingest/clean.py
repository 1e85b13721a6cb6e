"""One raw table -> its clean table, its rejected rows (with line, column and reason) and a
summary; and the reference tables, where any bad row is fatal."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest import platforms
from hrd_bulletin.ingest.checks import duplicate_keys, pandera_failures, row_rules
from hrd_bulletin.ingest.coerce import type_columns
from hrd_bulletin.ingest.failures import (
    Failures,
    add_reader_problems,
    empty_failures,
    failure_records,
    field_count_reasons,
)
from hrd_bulletin.ingest.rawtable import RawTable
from hrd_bulletin.ingest.source import read_raw

LOGGER = logging.getLogger("hrd_bulletin.ingest")


@dataclass(frozen=True)
class IngestResult:
    """The clean table, the rejected rows and a summary of one ingested table."""

    clean: pd.DataFrame
    rejected: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    # one row per failed cell (FAILURE_COLUMNS): the rejected reasons in structured form
    failures: pd.DataFrame = field(default_factory=empty_failures)


def _text_columns(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    # a column the file lacks is all missing, as in the clean table
    return pd.DataFrame(
        {c: (frame[c] if c in frame.columns else pd.Series(np.nan, index=frame.index)) for c in columns},
        index=frame.index,
    ).astype("str")


def _rejected_frame(table: str, raw: RawTable, failures: pd.DataFrame) -> pd.DataFrame:
    extras = [c for c in raw.text.columns if c not in contract.columns(table)]
    text_columns = [*contract.columns(table), *extras]
    unique_rows = np.unique(failures["row"].to_numpy())
    grouped = failures.assign(reason="column '" + failures["column"].astype(str) + "': " + failures["message"])
    reasons = grouped.groupby("row", sort=True)["reason"].agg("; ".join)
    first_column = grouped.groupby("row", sort=True)["column"].first()
    out = _text_columns(raw.text.iloc[unique_rows].reset_index(drop=True), text_columns)
    out["line"] = raw.lines[unique_rows].astype(np.int64)
    out["column"] = first_column.to_numpy().astype(object)
    out["reason"] = reasons.to_numpy().astype(object)
    bad = raw.bad_rows
    if len(bad):
        bad_out = _text_columns(bad, text_columns)
        bad_out["line"] = bad["line"].to_numpy(dtype=np.int64)
        bad_out["column"] = np.nan
        bad_out["reason"] = field_count_reasons(raw)
        out = pd.concat([out, bad_out], ignore_index=True) if len(out) else bad_out
        out = out.sort_values("line", kind="stable").reset_index(drop=True)
    out["line"] = out["line"].astype("int64")
    out["column"] = out["column"].astype("str")
    out["reason"] = out["reason"].astype("str")
    return out.reset_index(drop=True)


def _check_header(table: str, raw: RawTable) -> list[str]:
    """Raise for a missing required column; return the extra columns (kept out of the clean table)."""
    for name in contract.required_columns(table):
        if name not in raw.text.columns:
            raise msg.file_error(raw.path, msg.MISSING_COLUMN, line=1, column=name)
    return [c for c in raw.text.columns if c not in contract.columns(table)]


def _log_columns(name: str, raw: RawTable, extras: Sequence[str]) -> None:
    if extras:
        LOGGER.warning(
            "%s: extra column(s) not in the contract, kept out of the clean table: %s", raw.path, ", ".join(extras)
        )
    missing = [c for c in contract.columns(name) if c not in raw.text.columns]
    if missing:
        LOGGER.warning("%s: optional column(s) absent, taken as all missing: %s", raw.path, ", ".join(missing))


def _summary(
    name: str, raw: RawTable, clean: pd.DataFrame, rejected: pd.DataFrame, failures: pd.DataFrame, extras: list[str]
) -> dict[str, Any]:
    reasons = Counter((failures["column"].astype(str) + ": " + failures["kind"]).tolist())
    if len(raw.bad_rows):
        kinds = raw.bad_rows["kind"] if "kind" in raw.bad_rows else pd.Series(["field count"] * len(raw.bad_rows))
        for kind, count in kinds.value_counts(sort=False).items():
            reasons[f"row: {kind}"] += int(count)
    summary = {
        "table": name,
        "raw_rows": raw.raw_rows,
        "clean_rows": len(clean),
        "rejected_rows": len(rejected),
        "sha256": raw.sha256,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "extra_columns": extras,
        "reasons": dict(reasons.most_common()),
    }
    if summary["raw_rows"] != summary["clean_rows"] + summary["rejected_rows"]:
        raise AssertionError(f"{name}: rows not conserved: {summary}")
    return summary


def clean_table(
    name: str,
    raw: RawTable,
    reference: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    incidents: pd.DataFrame | None = None,
) -> IngestResult:
    """Type and validate one raw table; bad rows go to ``rejected`` with line, column and reason."""
    if name not in contract.RAW_TABLES:
        raise KeyError(f"{name!r} is not a raw table of the contract")
    extras = _check_header(name, raw)
    _log_columns(name, raw, extras)
    text = raw.text.reset_index(drop=True)
    failures = Failures()
    add_reader_problems(raw, failures)  # first: its reason is the one kept for the cell
    typed = type_columns(name, text, reference, failures)
    # A cell that failed typing is NA in ``typed``; a later check firing on the same cell (e.g.
    # "required") is dropped by Failures.frame, which keeps the first reason per cell.
    pandera_failures(name, typed, text, reference, failures)
    duplicate_keys(name, typed, raw.lines, failures)
    season_codes = row_rules(name, typed, text, failures, incidents, seasons)

    table_failures = platforms.failure_frame(raw, failures, contract.columns(name))
    bad = np.zeros(len(typed), dtype=bool)
    bad[table_failures["row"].to_numpy(dtype=np.int64)] = True
    clean = typed.loc[~bad].copy()
    for column in contract.code_fields(name):
        clean[column] = clean[column].cat.set_categories(contract.codes(name, column, reference))
    if season_codes is not None:
        ids = [str(s["id"]) for s in seasons]
        clean["season"] = pd.Categorical.from_codes(season_codes[~bad], categories=ids)
    clean = platforms.with_provenance(raw, clean.reset_index(drop=True), ~bad)
    rejected = _rejected_frame(name, raw, table_failures)
    summary = _summary(name, raw, clean, rejected, table_failures, extras)
    return IngestResult(clean, rejected, summary, failure_records(raw, table_failures))


# --------------------------------------------------------------------------- reference tables
def reference_paths(ref_dir: str | Path) -> dict[str, Path]:
    """The file of each reference table in the directory ``ref_dir``."""
    return {name: Path(ref_dir) / Path(contract.path(name)).name for name in contract.REFERENCE_TABLES}


def _clean_reference(name: str, raw: RawTable, reference: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Type and validate one reference table; any bad row is fatal (every code depends on it)."""
    _check_header(name, raw)
    if len(raw.bad_rows):
        first = raw.bad_rows.iloc[0]
        if first.get("kind", "field count") != "field count":
            raise msg.file_error(raw.path, msg.REFERENCE_QUOTE, line=int(first["line"]))
        raise msg.file_error(
            raw.path,
            msg.REFERENCE_FIELD_COUNT,
            line=int(first["line"]),
            expected=len(raw.text.columns),
            found=first["fields"],
        )
    text = raw.text.reset_index(drop=True)
    failures = Failures()
    add_reader_problems(raw, failures)
    typed = type_columns(name, text, None, failures)
    pandera_failures(name, typed, text, reference, failures)
    duplicate_keys(name, typed, raw.lines, failures)
    found = failures.frame(contract.columns(name))
    if len(found):
        first = found.iloc[0]
        raise msg.row_error(raw.path, first, line=int(raw.lines[int(first["row"])]))
    if len(typed) == 0:
        raise msg.file_error(raw.path, msg.REFERENCE_EMPTY, line=1)
    return typed.reset_index(drop=True)


def load_reference_files(paths: Mapping[str, str | Path]) -> dict[str, pd.DataFrame]:
    """Read and validate the reference tables from explicit paths (keyed by table name)."""
    out: dict[str, pd.DataFrame] = {}
    # threat_categories first: threat_types.category must be one of its codes
    order = sorted(contract.REFERENCE_TABLES, key=lambda n: n != "threat_categories")
    for name in order:
        if name not in paths or not Path(paths[name]).is_file():
            where = paths.get(name, contract.path(name))
            raise msg.file_error(where, msg.REFERENCE_MISSING, table=name)
        out[name] = _clean_reference(name, read_raw(paths[name]), out)
    return {name: out[name] for name in contract.REFERENCE_TABLES}


def load_reference(ref_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the five reference tables of ``ref_dir`` (plain str columns, is_state boolean)."""
    return load_reference_files(reference_paths(ref_dir))
