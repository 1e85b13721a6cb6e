"""Example editions: datasets of a later bulletin, to exercise the edition-to-edition comparison.

``2018``: the bundled two seasons byte for byte, a third season (April 2017 - March 2018) and a
few incidents of season 2 reported late (logged after the 2017 edition, so that the comparison
with the bundled edition's release finds revisions), and a third survey wave at the end of
season 3 (:func:`wave3`): the bundled waves 1 and 2 byte for byte, then wave 3, derived from
wave 2's respondents by a fixed, stated set of changes (no randomness).
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

# Survey wave 3, at the end of season 3: interviews from 1 December 2017 over 120 days (to
# 30 March 2018), as wave 2's ran from 1 November 2016 over 120 days.
WAVE3_START, WAVE3_DAYS = "2017-12-01", 120
# Wave-2 respondents not re-interviewed: the last by id in each of these (large) regions, so
# that every region keeps at least 5 respondents (config disclosure.min_cell).
WAVE3_LEAVERS: tuple[str, ...] = ("ALA", "ALM", "VOS", "YUZ", "PAV")
# New respondents of wave 3: each copies the answers of the first wave-2 respondent (by id) of
# its region who is re-interviewed, as a newcomer (experience_years at most 2), with ids after
# every earlier respondent's.
WAVE3_NEWCOMERS: tuple[str, ...] = ("AKT", "ATY", "MAN", "SEV", "ZHA", "KZY")
ATTACK_KINDS: tuple[str, ...] = ("information", "reputational", "physical", "technical")


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


def _shift(values: pd.Series, mask: pd.Series, step: int, low: int, high: int | None = None) -> pd.Series:
    """Integer text cells moved by ``step`` where ``mask`` holds, kept within [low, high]; '' stays ''."""

    def moved(cell: str) -> str:
        value = int(cell) + step
        value = max(value, low) if high is None else min(max(value, low), high)
        return str(value)

    out = values.copy()
    hit = mask & (values != "")
    out[hit] = values[hit].map(moved)
    return out


def _a_year_later(w3: pd.DataFrame) -> pd.DataFrame:
    """The re-interviewed respondents of wave 2 a year on (``k`` = position by respondent id):

    - everyone's experience one year longer;
    - one attack more of each kind for every twelfth (k % 12 == 3 x the kind's position in
      ``ATTACK_KINDS``), one threat more for every eighth (k % 8 == 1): they only ever grow;
    - each kind of attack one level likelier (at most 4) for every sixth (k % 6 == 2);
    - security self-rating one lower (at least 1) for every seventh (k % 7 == 0);
    - organizations' budgets 10 % lower (to the nearest 100 USD);
    - security training had by every eighth who had none (k % 8 == 0); training needed by every
      fifth who did not need it (k % 5 == 0). Missing answers stay missing.
    """
    out = w3.copy()
    k = pd.Series(range(len(out)), index=out.index)
    out["experience_years"] = _shift(out["experience_years"], k >= 0, 1, 0)
    for position, kind in enumerate(ATTACK_KINDS):
        out[f"attacks_{kind}"] = _shift(out[f"attacks_{kind}"], k % 12 == 3 * position, 1, 0)
        out[f"likelihood_{kind}"] = _shift(out[f"likelihood_{kind}"], k % 6 == 2, 1, 1, 4)
    out["threats"] = _shift(out["threats"], k % 8 == 1, 1, 0)
    out["security_self_rating"] = _shift(out["security_self_rating"], k % 7 == 0, -1, 1, 5)
    budget = out["annual_budget_usd"]
    has_budget = budget != ""
    out.loc[has_budget, "annual_budget_usd"] = budget[has_budget].map(lambda v: str(int(round(int(v) * 0.9, -2))))
    out.loc[(k % 8 == 0) & (out["security_training"] == "false"), "security_training"] = "true"
    out.loc[(k % 5 == 0) & (out["needs_training"] == "false"), "needs_training"] = "true"
    return out


def wave3(survey: pd.DataFrame) -> pd.DataFrame:
    """Survey wave 3 (raw text, rows by respondent id) derived from wave 2 of ``survey``.

    Wave 2's respondents but the five ``WAVE3_LEAVERS``, a year on (:func:`_a_year_later`), and
    the six ``WAVE3_NEWCOMERS``; interviews spread over ``WAVE3_DAYS`` days from ``WAVE3_START``
    like the bundled waves' (every 47th day, in id order).
    """
    second = survey[survey["wave"] == "2"].sort_values("respondent_id", kind="stable")
    leaving = [second.index[second["region"] == code][-1] for code in WAVE3_LEAVERS]
    kept = _a_year_later(second.drop(index=leaving).reset_index(drop=True))
    first_number = int(survey["respondent_id"].str[1:].astype(int).max()) + 1
    newcomers = []
    for k, code in enumerate(WAVE3_NEWCOMERS):
        row = kept[kept["region"] == code].iloc[0].copy()
        row["respondent_id"] = f"R{first_number + k:04d}"
        if row["experience_years"] != "":
            row["experience_years"] = str(min(int(row["experience_years"]), 2))
        newcomers.append(row)
    out = pd.concat([kept, pd.DataFrame(newcomers)], ignore_index=True)
    out = out.sort_values("respondent_id", kind="stable", ignore_index=True)
    out["wave"] = "3"
    offsets = (pd.RangeIndex(len(out)) * 47) % WAVE3_DAYS
    dates = pd.Timestamp(WAVE3_START) + pd.to_timedelta(offsets, unit="D")
    out["interview_date"] = dates.strftime("%Y-%m-%d")
    return out[list(survey.columns)]


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
    tables["survey.csv"] = pd.concat([bundled["survey.csv"], wave3(bundled["survey.csv"])], ignore_index=True)
    return tables


def write_example(out_dir: str | os.PathLike[str], name: str = "2018") -> list[Path]:
    """Write example edition ``name`` under ``out_dir`` (data/examples/<name>/raw in the repo)."""
    tables = build_example(name)
    return write_files(Path(out_dir), {path: to_csv_bytes(df) for path, df in tables.items()})
