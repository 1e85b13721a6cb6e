"""Example editions: datasets of a later bulletin, to exercise the edition-to-edition comparison.

``2018``: the bundled two seasons byte for byte, a third season (April 2017 - March 2018) and a
few incidents of season 2 reported late (logged after the 2017 edition, so that the comparison
with the bundled edition's release finds revisions). The survey is the bundled one: the
generator designs its two waves by hand and has no third.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from hrd_bulletin.reconstruct import BULLETIN_SEASONS, build_dataset, to_csv_bytes, write_files

SEASON_3: dict[str, str] = {"id": "S3", "start": "2017-04-01", "end": "2018-03-31"}
EXAMPLE_SEASONS: dict[str, list[dict[str, str]]] = {"2018": [*BULLETIN_SEASONS, SEASON_3]}

# The late-reported incidents of season 2: their dates (one a row), each a copy of the
# attributes and violations of one season-3 incident (its position in season 3), with ids after
# every other incident's.
LATE_INCIDENTS: tuple[tuple[str, int], ...] = (
    ("2016-09-14", 0),
    ("2016-11-03", 10),
    ("2017-01-20", 20),
    ("2017-03-02", 30),
)

_EVENT_TABLES = ("incidents.csv", "violations.csv", "court_cases.csv", "media.csv")


def _later_rows(bundled: pd.DataFrame, extended: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows of ``extended`` after the bundled ones (the extended build repeats those ids)."""
    known = set(bundled[key])
    return extended[~extended[key].isin(known)]


def _late_incidents(
    season3: pd.DataFrame, violations: pd.DataFrame, first_number: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The late-reported season-2 incidents and their violations."""
    incidents, kinds = [], []
    for k, (date, position) in enumerate(LATE_INCIDENTS):
        source = season3.iloc[position]
        new_id = f"I{first_number + k:06d}"
        row = source.copy()
        row["incident_id"], row["date"] = new_id, date
        row["source_url"] = f"https://monitoring.example.org/incidents/{new_id}" if source["source_url"] else ""
        incidents.append(row)
        own = violations[violations["incident_id"] == source["incident_id"]].copy()
        own["incident_id"] = new_id
        kinds.append(own)
    return pd.DataFrame(incidents), pd.concat(kinds)


def build_example(name: str) -> dict[str, pd.DataFrame]:
    """Every raw table of example edition ``name`` as text frames, keyed by relative path."""
    if name not in EXAMPLE_SEASONS:
        raise ValueError(f"unknown example edition {name!r} (known: {', '.join(sorted(EXAMPLE_SEASONS))})")
    bundled = build_dataset()
    extended = build_dataset(seasons=EXAMPLE_SEASONS[name])
    tables = dict(bundled)
    keys = {"incidents.csv": "incident_id", "court_cases.csv": "case_id", "media.csv": "material_id"}
    later = {table: _later_rows(bundled[table], extended[table], key) for table, key in keys.items()}
    season3_ids = set(later["incidents.csv"]["incident_id"])
    later["violations.csv"] = extended["violations.csv"][extended["violations.csv"]["incident_id"].isin(season3_ids)]
    last = int(later["incidents.csv"]["incident_id"].str[1:].astype(int).max())
    late, late_violations = _late_incidents(later["incidents.csv"], later["violations.csv"], last + 1)
    later["incidents.csv"] = pd.concat([later["incidents.csv"], late])
    later["violations.csv"] = pd.concat([later["violations.csv"], late_violations])
    for table in _EVENT_TABLES:
        tables[table] = pd.concat([bundled[table], later[table]], ignore_index=True)
    return tables


def write_example(out_dir: str | os.PathLike[str], name: str = "2018") -> list[Path]:
    """Write example edition ``name`` under ``out_dir`` (data/examples/<name>/raw in the repo)."""
    tables = build_example(name)
    return write_files(Path(out_dir), {path: to_csv_bytes(df) for path, df in tables.items()})
