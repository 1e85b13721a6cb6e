"""Both survey waves as columns of Python values (None = missing), one row per respondent."""

from __future__ import annotations

import functools

import numpy as np

from hrd_bulletin.reconstruct.survey.allocation import positions, spread_over
from hrd_bulletin.reconstruct.survey.answers import wave2_answers
from hrd_bulletin.reconstruct.survey.background import police_appeals, security_self_rating, specializations
from hrd_bulletin.reconstruct.survey.respondents import ATTACK_TYPES, IND, N


def wave2() -> dict[str, np.ndarray]:
    """Every column of wave 2 as Python values (None = missing), respondents in design order."""
    # The design does not depend on the seed, and its search takes about a second: build once.
    return {col: values.copy() for col, values in _wave2_design().items()}


@functools.cache
def _wave2_design() -> dict[str, np.ndarray]:
    """The wave-2 columns, computed once per process (callers get copies from wave2)."""
    data, scores, region = wave2_answers()
    risk = scores["threats"] * scores["vulnerability"] / scores["resources"]
    data["respondent_type"] = np.where(IND, "individual", "organization").astype(object)
    data["region"] = region
    data["security_self_rating"] = security_self_rating(risk, data["region"])
    data["gender"] = spread_over([("female", 43, 28), ("male", 36, 24)], 1)
    data["ethnicity"] = spread_over([("kazakh", 34, 22), ("russian", 33, 22), ("other", 12, 8)], 2)
    data["education"] = spread_over([("higher", 67, 47), ("vocational", 9, 4), ("secondary", 3, 1)], 3)
    data["specializations"] = specializations()
    data["police_appeal"], data["police_appeal_result"] = police_appeals(data)
    return data


# Respondents first interviewed in wave 2, per region: Kyzylorda falls to 4 in wave 1 (a
# suppressed cell), every other region keeps at least 5. Six wave-1 respondents left.
_NEW_IN_WAVE2 = {"KZY": 4, "ALA": 5, "VOS": 2, "ZAP": 2, "ALM": 2, "PAV": 1, "YUZ": 2, "KUS": 1}
WAVE1_ONLY = 6


def _wave1_respondents(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Design positions wave 1 is derived from, and the mask of those new in wave 2."""
    pos = np.arange(N)
    new = np.zeros(N, dtype=bool)
    for code, count in _NEW_IN_WAVE2.items():
        new[pos[region == code][1::2][:count]] = True
    kept = pos[~new]
    # Wave-1-only respondents reuse answer profiles of wave-2 respondents of large regions.
    large = pos[np.isin(region, ["ALA", "VOS", "YUZ", "PAV"])]
    leavers = large[positions(len(large), WAVE1_ONLY, 5)]
    return np.concatenate([kept, leavers]), new


def _lower(values: np.ndarray, mask: np.ndarray, floor: int) -> np.ndarray:
    """``values`` one lower where ``mask`` holds and the value is above ``floor``."""
    out = values.copy()
    hit = mask & np.array([v is not None and v > floor for v in values])
    out[hit] = np.array([v - 1 for v in values[hit]], dtype=object)
    return out


def _a_year_earlier(w1: dict[str, np.ndarray]) -> None:
    """Than in wave 2: a few attacks and threats fewer; funding, activity and security knowledge better."""
    n1 = len(w1["respondent_type"])
    i = np.arange(n1)
    for kind in ATTACK_TYPES:
        w1[f"likelihood_{kind}"] = _lower(w1[f"likelihood_{kind}"], i % 6 == 1, 1)
        w1[f"attacks_{kind}"] = _lower(w1[f"attacks_{kind}"], i % 3 == 0, 1)
    w1["threats"] = _lower(w1["threats"], i % 2 == 0, 1)
    w1["experience_years"] = _lower(w1["experience_years"], np.ones(n1, bool), 0)
    org = w1["respondent_type"] == "organization"
    w1["annual_budget_usd"] = np.array(
        [None if v is None else int(round(v * 1.25, -2)) for v in w1["annual_budget_usd"]], dtype=object
    )
    projects = w1["projects_per_year"]
    more = org & (i % 2 == 0) & np.array([v is not None and v < 7 for v in projects])
    projects = projects.copy()
    projects[more] = np.array([v + 1 for v in projects[more]], dtype=object)
    w1["projects_per_year"] = projects
    for col, every in (("needs_training", 4), ("needs_information", 5)):
        values = w1[col].copy()
        values[(i % every == 0) & np.array([v is True for v in values])] = False
        w1[col] = values


def wave1(wave2: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Wave 1: shared respondents a year earlier, plus a few who later dropped out.

    Returns the wave-1 columns and the mask of wave-2 respondents new in wave 2.
    """
    source, new = _wave1_respondents(wave2["region"])
    w1 = {col: np.array(values, dtype=object)[source].copy() for col, values in wave2.items()}
    _a_year_earlier(w1)
    return w1, new
