"""The Snakemake entry points of ingest, ``(input, output, params)`` as hrd_bulletin.stage calls them."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.ingest import limits
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.clean import clean_table, load_reference_files
from hrd_bulletin.ingest.source import read_raw
from hrd_bulletin.io import read_table, write_table

LOGGER = logging.getLogger("hrd_bulletin.ingest")


def _as_paths(value: Any) -> list[str]:
    # Snakemake hands a named input as one path or as a list of them
    if isinstance(value, (str, Path)):
        return [str(value)]
    return [str(v) for v in value]


def _one(value: Any) -> str:
    return _as_paths(value)[0]


def _limits(params: Mapping[str, Any]) -> limits.Limits:
    # a rule may pass the config's ``ingest`` section as a param; else the start-up's (environment)
    section = params.get("ingest")
    return limits.Limits.from_mapping(section) if section is not None else limits.from_environment()


def run_ingest_reference(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: validate the reference tables (one input per table) to Parquet."""
    paths = {name: _one(input[name]) for name in contract.REFERENCE_TABLES if name in input}
    with limits.using(_limits(params)), msg.guarded(Path(next(iter(paths.values()), ".")).parent):
        tables = load_reference_files(paths)
    for name, frame in tables.items():
        write_table(frame, _one(output[name]), name, "reference")
        LOGGER.info("reference %s: %d codes", name, len(frame))


def _read_reference_parquet(value: Any) -> dict[str, pd.DataFrame]:
    return {Path(item).name.removesuffix(".parquet"): read_table(item) for item in _as_paths(value)}


def _summary_row(summary: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": pd.Series([summary["table"]], dtype="str"),
            "raw_rows": pd.Series([summary["raw_rows"]], dtype="int64"),
            "clean_rows": pd.Series([summary["clean_rows"]], dtype="int64"),
            "rejected_rows": pd.Series([summary["rejected_rows"]], dtype="int64"),
            "sha256": pd.Series([summary["sha256"]], dtype="str"),
            "encoding": pd.Series([summary["encoding"]], dtype="str"),
            "delimiter": pd.Series([summary["delimiter"]], dtype="str"),
            "extra_columns": pd.Series([";".join(summary["extra_columns"])], dtype="str"),
            "reasons": pd.Series([json.dumps(summary["reasons"], ensure_ascii=False)], dtype="str"),
        }
    )


def run_ingest_table(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: ingest one raw table (params ``table``, ``seasons``) to clean, rejected, summary.

    Inputs: ``raw``, ``reference`` (the reference Parquet files) and, for a table whose keys point
    at other raw tables (``contract.raw_parents``), ``incidents``: the clean incidents.
    """
    table = str(params["table"])
    reference = _read_reference_parquet(input["reference"])
    missing = [n for n in contract.REFERENCE_TABLES if n not in reference]
    if missing:
        raise ValueError(f"run_ingest_table: reference Parquet files missing for {', '.join(missing)}")
    incidents = read_table(_one(input["incidents"])) if "incidents" in input else None
    with limits.using(_limits(params)), msg.guarded(_one(input["raw"])):
        raw = read_raw(_one(input["raw"]), table)
        result = clean_table(table, raw, reference, list(params["seasons"]), incidents)
    write_table(result.clean, _one(output["clean"]), table, "clean")
    write_table(result.rejected, _one(output["rejected"]), table, "rejected")
    write_table(_summary_row(result.summary), _one(output["summary"]), table, "summary")
    s = result.summary
    LOGGER.info(
        "%s: %d raw rows (%s, delimiter %r): %d clean, %d rejected",
        table,
        s["raw_rows"],
        s["encoding"],
        s["delimiter"],
        s["clean_rows"],
        s["rejected_rows"],
    )
    for reason, count in list(s["reasons"].items())[:10]:
        LOGGER.warning("%s: %d row(s) rejected for %s", table, count, reason)


def run_ingest_summary(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake: combine the per-table summaries (input ``summaries``) into ``ingest_summary.parquet``."""
    frame = pd.concat([read_table(p) for p in _as_paths(input["summaries"])], ignore_index=True)
    order = {name: i for i, name in enumerate(contract.RAW_TABLES)}
    frame = frame.sort_values("table", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    broken = frame[frame["raw_rows"] != frame["clean_rows"] + frame["rejected_rows"]]
    if len(broken):
        raise AssertionError(f"ingest summary: rows not conserved for {', '.join(broken['table'])}")
    write_table(frame, _one(output["summary"]), "ingest_summary")
    LOGGER.info(
        "ingest summary: %s",
        ", ".join(f"{t} {c}/{r}" for t, c, r in zip(frame["table"], frame["clean_rows"], frame["raw_rows"])),
    )
