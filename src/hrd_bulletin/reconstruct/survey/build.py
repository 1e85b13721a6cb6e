"""``build_survey``: both waves as the contract's survey.csv text, and scaled copies of it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.reconstruct.survey.respondents import N
from hrd_bulletin.reconstruct.survey.waves import WAVE1_ONLY, wave1, wave2

COLUMNS: tuple[str, ...] = tuple(contract.columns("survey"))


def _dates(start: str, days: int, n: int, stride: int) -> np.ndarray:
    """Interview dates spread over ``days`` days from ``start``."""
    offsets = (np.arange(n) * stride) % days
    return (np.datetime64(start) + offsets.astype("timedelta64[D]")).astype(str).astype(object)


def _text(values: np.ndarray) -> np.ndarray:
    """Raw CSV text of one column: true/false, integers, '' for missing."""

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, (bool, np.bool_)):
            return "true" if v else "false"
        if isinstance(v, (float, np.floating)):
            return str(int(v)) if float(v).is_integer() else str(v)
        return str(v)

    return np.array([cell(v) for v in values], dtype=object)


def _wave_frame(
    wave: int, data: dict[str, np.ndarray], person: np.ndarray, numbers: np.ndarray, first_day: str, days: int
) -> pd.DataFrame:
    """One wave as raw text, rows by respondent id, with its people's numbers (0-based)."""
    columns = {
        col: _text(np.asarray(data[col], dtype=object))
        for col in COLUMNS
        if col not in ("respondent_id", "wave", "interview_date")
    }
    frame = pd.DataFrame(columns)
    frame.insert(0, "respondent_id", [f"R{k:04d}" for k in numbers[person]])
    frame.insert(1, "wave", str(wave))
    order = np.argsort(numbers[person], kind="stable")
    frame.insert(2, "interview_date", _dates(first_day, days, len(person), 47)[np.argsort(order)])
    frame["_person"] = numbers[person] - 1
    return frame.iloc[order]


def _base(seed: int) -> pd.DataFrame:
    """Both waves at scale 1 as raw text, with a person number per row (0-based)."""
    second = wave2()
    first, new = wave1(second)
    # Person numbers: wave-2 respondents 0..130 by design position, wave-1 leavers after.
    person1 = np.concatenate([np.flatnonzero(~new), N + np.arange(WAVE1_ONLY)])
    person2 = np.arange(N)
    # Which id each person gets: a permutation driven by the seed.
    numbers = np.random.default_rng(seed).permutation(N + WAVE1_ONLY) + 1
    frames = [
        _wave_frame(1, first, person1, numbers, "2015-09-01", 111),
        _wave_frame(2, second, person2, numbers, "2016-11-01", 120),
    ]
    return pd.concat(frames, ignore_index=True)[["_person", *COLUMNS]]


# Person-level attributes that the scaled copies shuffle among their respondents.
_PERSON_COLUMNS: tuple[str, ...] = ("gender", "ethnicity", "education", "specializations")


def build_survey(scale: int = 1, seed: int = 0) -> pd.DataFrame:
    """The contract's survey.csv as raw text; scale 1 reproduces the bulletin's figures."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    base = _base(seed)
    if scale == 1:
        return base[list(COLUMNS)].reset_index(drop=True)
    return _scaled_copies(base, scale, seed)


def _scaled_copies(base: pd.DataFrame, scale: int, seed: int) -> pd.DataFrame:
    """``scale`` copies of the base waves with fresh respondent ids.

    Copies after the first swap person-level attributes among their people (the same person
    keeps them in both waves) and move the interview dates by a few days.
    """
    people = int(base["_person"].max()) + 1
    rows = len(base)
    block = np.repeat(np.arange(scale), rows)
    tiled = base.iloc[np.tile(np.arange(rows), scale)].reset_index(drop=True)
    person = tiled["_person"].to_numpy()
    number = block * people + person + 1
    width = max(4, len(str(scale * people)))
    out = tiled[list(COLUMNS)].copy()
    out["respondent_id"] = pd.Series(number).map(lambda k: f"R{k:0{width}d}").to_numpy()
    rng = np.random.default_rng([seed, scale])
    shuffle = np.argsort(rng.random((scale, people)), axis=1)
    shuffle[0] = np.arange(people)
    by_person = base.drop_duplicates("_person").set_index("_person").sort_index()
    donor = shuffle[block, person]
    for col in _PERSON_COLUMNS:
        out[col] = by_person[col].to_numpy()[donor]
    shift = (block * 3) % 11
    dates = pd.to_datetime(out["interview_date"]) + pd.to_timedelta(shift, unit="D")
    out["interview_date"] = dates.dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)
