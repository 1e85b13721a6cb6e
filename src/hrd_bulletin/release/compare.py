"""Edition to edition: what changed between a previous open-data release and this one.

Both sides are released figures only (``figures.csv`` of hrd_bulletin.release.figures): the
comparison never reads microdata, so it discloses nothing the two releases did not. One row per
published value, named by ``figure_id`` and ``column``:

- ``new``: only the current edition publishes it (a new season, a new region, a new table);
- ``discontinued``: only the previous edition published it (or it is now withheld);
- ``unchanged``: both publish the same value;
- ``revised``: both publish it, the value differs, and the period it names (``season:S1``,
  ``wave:2``) is one both editions cover: the same period re-counted (late reports, corrections);
- ``changed``: both publish it, the value differs, and it names no period both cover (a total
  over all periods): a change between editions, not a revision.

``abs_change`` is current - previous; ``rel_change`` is abs_change / |previous|, null when
|previous| < min_base (the low-baseline rule: a relative change from a small base is shown as an
absolute change only) or when either side is missing. No significance is claimed here.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hrd_bulletin.errors import UserError
from hrd_bulletin.ingest import limits
from hrd_bulletin.release.figures import FIGURE_COLUMNS, FIGURES, PERIOD_SEPARATOR
from hrd_bulletin.release.tables import FIGURE_ID

DATAPACKAGE = "datapackage.json"
STATUSES: tuple[str, ...] = ("new", "discontinued", "changed", "unchanged", "revised")
CHANGE_COLUMNS: tuple[str, ...] = (
    FIGURE_ID,
    "column",
    "table",
    "unit",
    "period",
    "previous",
    "current",
    "abs_change",
    "rel_change",
    "status",
    "previous_edition",
    "current_edition",
)
DEFAULT_MIN_BASE = 10.0


class ReleaseReadError(UserError):
    """A previous edition's release cannot be read (missing, not a release, malformed)."""


@dataclass(frozen=True)
class Release:
    """One edition's released figures: its edition record (datapackage x-edition) and figures."""

    edition: Mapping[str, Any]
    figures: list[dict[str, str]]

    @property
    def edition_id(self) -> str:
        return str(self.edition.get("id") or "")


# ---------------------------------------------------------------- reading a release
def _parse(path: str, package_text: bytes, figures_text: bytes) -> Release:
    try:
        descriptor = json.loads(package_text.decode("utf-8"))
        rows = list(csv.DictReader(io.StringIO(figures_text.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise ReleaseReadError(f"{path}: not a readable open-data release ({exc.__class__.__name__})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("x-edition"), dict):
        raise ReleaseReadError(f"{path}: {DATAPACKAGE} has no x-edition record (not an edition's release)")
    missing = [c for c in FIGURE_COLUMNS if rows and c not in rows[0]]
    if missing:
        raise ReleaseReadError(f"{path}: {FIGURES} lacks column(s) {', '.join(missing)}")
    for line, row in enumerate(rows, start=2):
        if not _is_number(row["value"]):
            raise ReleaseReadError(f"{path}: {FIGURES} line {line}: value {row['value']!r} is not a number")
    return Release(descriptor["x-edition"], rows)


def _is_number(text: str | None) -> bool:
    try:
        return text is not None and math.isfinite(float(text))
    except ValueError:
        return False


def _member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One member, expanded within the ingest limits (ingest.max_unzipped_bytes, max_zip_ratio):
    a previous release is a user's file, and a zip bomb stops here in one line."""
    bounds = limits.current()
    info = archive.getinfo(name)
    cap = min(
        bounds.max_unzipped_bytes,
        max(bounds.max_zip_ratio * max(info.compress_size, 1), limits.RATIO_FLOOR_BYTES),
    )
    with archive.open(info) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ReleaseReadError(f"{path}: {name} expands beyond the ingest limits: refused as a possible zip bomb")
    return data


def _read_zip(path: Path) -> Release:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            packages = sorted((n for n in names if n.split("/")[-1] == DATAPACKAGE), key=lambda n: n.count("/"))
            if not packages:
                raise ReleaseReadError(f"{path}: no {DATAPACKAGE} in the zip (not an open-data release)")
            prefix = packages[0][: -len(DATAPACKAGE)]
            if prefix + FIGURES not in names:
                raise ReleaseReadError(f"{path}: no {FIGURES} in the zip (a release before figures.csv?)")
            return _parse(str(path), _member(path, archive, packages[0]), _member(path, archive, prefix + FIGURES))
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise ReleaseReadError(f"{path}: not a readable zip ({exc.__class__.__name__})") from None


def read_release(path: str | Path) -> Release:
    """The figures of an open-data release, from its directory or its zip; one-line error else."""
    path = Path(path)
    if not path.exists():
        raise ReleaseReadError(f"{path}: previous_edition does not exist")
    if path.is_file():
        return _read_zip(path)
    for name in (DATAPACKAGE, FIGURES):
        if not (path / name).is_file():
            raise ReleaseReadError(f"{path}: no {name} (not an open-data release directory)")
    return _parse(str(path), (path / DATAPACKAGE).read_bytes(), (path / FIGURES).read_bytes())


# ---------------------------------------------------------------- the comparison
def _number(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    return float(text)


def _periods(figures: Iterable[Mapping[str, str]]) -> set[str]:
    """Every period an edition's figures name (``season:S1``, ``wave:2``)."""
    return {p for row in figures for p in (row.get("period") or "").split(PERIOD_SEPARATOR) if p}


def _status(previous: float | None, current: float | None, period: str, covered: set[str]) -> str:
    if previous is None:
        return "new"
    if current is None:
        return "discontinued"
    if previous == current:
        return "unchanged"
    parts = [p for p in period.split(PERIOD_SEPARATOR) if p]
    return "revised" if parts and all(p in covered for p in parts) else "changed"


def _changes(previous: float | None, current: float | None, min_base: float) -> tuple[float | None, float | None]:
    if previous is None or current is None:
        return None, None
    absolute = current - previous
    if abs(previous) < min_base or previous == 0:
        return absolute, None
    return absolute, absolute / abs(previous)


def _by_key(figures: Sequence[Mapping[str, str]], side: str) -> dict[tuple[str, str], Mapping[str, str]]:
    out: dict[tuple[str, str], Mapping[str, str]] = {}
    for row in figures:
        key = (row[FIGURE_ID], row["column"])
        if key in out:
            raise ReleaseReadError(f"{side} release: figure {key[0]} column {key[1]} appears twice in {FIGURES}")
        out[key] = row
    return out


def compare(previous: Release, current: Release, min_base: float = DEFAULT_MIN_BASE) -> pd.DataFrame:
    """The comparison table (CHANGE_COLUMNS), one row per value either edition publishes,
    sorted by figure id and column."""
    before, after = _by_key(previous.figures, "previous"), _by_key(current.figures, "current")
    covered = _periods(previous.figures) & _periods(current.figures)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        meta = new if new is not None else old
        value_old = _number(old["value"]) if old is not None else None
        value_new = _number(new["value"]) if new is not None else None
        absolute, relative = _changes(value_old, value_new, min_base)
        rows.append(
            {
                FIGURE_ID: key[0],
                "column": key[1],
                "table": meta["table"],
                "unit": meta["unit"],
                "period": meta["period"],
                "previous": value_old,
                "current": value_new,
                "abs_change": absolute,
                "rel_change": relative,
                "status": _status(value_old, value_new, meta["period"], covered),
                "previous_edition": previous.edition_id,
                "current_edition": current.edition_id,
            }
        )
    frame = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    for column in ("previous", "current", "abs_change", "rel_change"):
        frame[column] = frame[column].astype("float64")
    return frame


def summary(changes: pd.DataFrame) -> dict[str, int]:
    """How many values have each status (every status, zero included)."""
    counts = changes["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}
