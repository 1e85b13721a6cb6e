"""Reading and writing the pipeline's Parquet tables, byte-stable and atomic."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# Fixed writer settings: the same frame must give the same bytes on every run.
_WRITE_OPTIONS = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
}


def _to_arrow(df: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(df, preserve_index=False)
    # The project has dates, never timestamps: store them as Parquet dates so
    # reviewers see 2016-05-01, not 2016-05-01 00:00:00.
    fields = []
    for field in table.schema:
        if pa.types.is_timestamp(field.type):
            fields.append(pa.field(field.name, pa.date32(), field.nullable))
        else:
            fields.append(field)
    schema = pa.schema(fields, metadata=table.schema.metadata)
    if schema != table.schema:
        table = table.cast(schema)
    return table


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], Any], *, mode: int | None = None) -> Path:
    """Call ``write(tmp)`` on a uniquely named file beside ``path``, then rename it over ``path``.

    Readers (and an interrupted run) never see a half-written output: the file appears whole or
    not at all, and a failed write leaves nothing behind. The temporary name is unique, so two
    jobs writing beside each other cannot collide. ``mode`` sets the permissions of the result
    (mkstemp creates files readable by the owner only).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A killed job (SIGKILL: no handler runs) leaves its temporary file behind; only one job
    # writes a given output at a time, so earlier temporaries of this name are stale.
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_table(df: pd.DataFrame, path: str | os.PathLike[str], table: str | None = None, kind: str = "metric") -> None:
    """Write ``df`` to ``path`` as Parquet, atomically and byte-stably.

    ``table`` names the processed table (of ``kind``, see hrd_bulletin.contract.processed): the
    file then has that table's declared types, keys, descriptions and title. The pipeline's
    stages always name it; without it the frame is written as it is.
    """
    arrow = _to_arrow(df)
    if table is not None:
        from hrd_bulletin.contract.processed import describe

        arrow = describe(arrow, table, kind)
    atomic_write(path, lambda tmp: pq.write_table(arrow, tmp, **_WRITE_OPTIONS))


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a Parquet table written by :func:`write_table` (dates back as datetime64)."""
    table = pq.read_table(path)
    df = table.to_pandas()
    for field in table.schema:
        if pa.types.is_date(field.type):
            df[field.name] = pd.to_datetime(df[field.name]).astype("datetime64[ms]")
    return df
