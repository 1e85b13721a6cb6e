"""The generator of the bundled (reconstructed) dataset, and of larger or different ones.

The original microdata of the 2017 bulletin are not public. ``write_dataset`` writes microdata
whose aggregates reproduce every consistent published figure exactly (scale 1, seed 0), built
constructively by :mod:`.reference`, :mod:`.survey` and :mod:`.events`.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from hrd_bulletin import config
from hrd_bulletin.reconstruct.events import build_events
from hrd_bulletin.reconstruct.publisher import placeholder_files
from hrd_bulletin.reconstruct.reference import build_reference
from hrd_bulletin.reconstruct.survey import build_survey

# The two monitoring seasons of the 2017 bulletin (the bundled config/config.yaml has the same).
BULLETIN_SEASONS: list[dict[str, str]] = [dict(s) for s in config.BULLETIN_SEASONS]


def build_dataset(
    scale: int = 1, seed: int = 0, seasons: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, pd.DataFrame]:
    """Every raw table as text frames, keyed by path relative to the raw directory."""
    seasons = list(seasons) if seasons is not None else BULLETIN_SEASONS
    reference = build_reference()
    events = build_events(reference, [dict(s) for s in seasons], scale=scale, seed=seed)
    tables: dict[str, pd.DataFrame] = {f"reference/{k}.csv": v for k, v in reference.items()}
    tables["survey.csv"] = build_survey(scale=scale, seed=seed)
    tables.update({f"{k}.csv": v for k, v in events.items()})
    return tables


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Render a text frame as the contract's canonical CSV: UTF-8, ',', LF, minimal quoting."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, na_rep="")
    return buf.getvalue().encode("utf-8")


def datapackage_bytes() -> bytes:
    """The package's canonical datapackage.json, copied beside the bundled data."""
    return resources.files("hrd_bulletin.contract").joinpath("datapackage.json").read_bytes()


def write_dataset(
    out_dir: str | os.PathLike[str],
    scale: int = 1,
    seed: int = 0,
    seasons: Sequence[Mapping[str, Any]] | None = None,
    export: str = "csv",
) -> list[Path]:
    """Write the dataset under ``out_dir``; each file atomically. Returns the paths written.

    ``export`` ``kobo`` or ``odk``: the survey and the incident log as that platform's export of
    the field forms (``reconstruct.exports``) instead of ``survey.csv``, ``incidents.csv`` and
    ``violations.csv``.
    """
    out = Path(out_dir)
    tables = build_dataset(scale, seed, seasons)
    files = {name: to_csv_bytes(df) for name, df in tables.items()}
    if export != "csv":
        from hrd_bulletin.reconstruct.exports import export_files, replaced_tables

        for name in replaced_tables(export):
            del files[name]
        files.update(export_files(tables, export))
    return write_files(out, files)


def write_files(out: Path, tables: Mapping[str, bytes]) -> list[Path]:
    """Write ``tables`` (CSV bytes by relative path) with datapackage.json and the placeholder
    logos under ``out``; each file atomically. Returns the paths written, sorted."""
    files = dict(tables)
    files["datapackage.json"] = datapackage_bytes()
    files.update(placeholder_files())
    written = []
    for name, payload in sorted(files.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        shutil.move(tmp, path)
        written.append(path)
    return written
