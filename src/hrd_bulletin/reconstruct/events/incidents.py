"""Incidents: settlement, victim, state response and date counts exact; pseudonymous victims."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.codes import ReferenceCodes
from hrd_bulletin.reconstruct.events.profiles import SETTLEMENTS, STATE_RESPONSE, VICTIMS
from hrd_bulletin.reconstruct.events.replicas import categories, sorted_days
from hrd_bulletin.reconstruct.events.seasons import Season, Stream
from hrd_bulletin.reconstruct.events.text import bool_text, ids, take

_SOURCE_URL_SHARE = 0.75  # incidents with a stored source link
_VICTIM_ID_SHARE = 0.85  # incidents whose victim has a pseudonymous id
_VICTIM_POOL_SHARE = 0.6  # distinct victims per incident of a category: people recur
# A stream apart from every season's: no configured list reaches season 99 999.
_FRAME_STREAM = (99_999, 11)

_VICTIM_WORD: dict[str, str] = {
    "journalist": "журналист",
    "hrd": "правозащитник",
    "activist": "активист",
    "ngo": "НПО",
    "trade_unionist": "профсоюзный активист",
    "convicted_activist": "осуждённый активист",
    "lawyer": "адвокат",
}

_INCIDENT_COLUMNS = [
    "incident_id",
    "date",
    "region",
    "settlement",
    "victim_category",
    "victim_id",
    "source_actor",
    "state_response",
    "complaint_filed",
    "description",
    "source_url",
]


def place_incidents(season: Season, codes: ReferenceCodes) -> dict[str, np.ndarray]:
    """Every attribute a replica-wise permutation of its exact counts; days sorted per replica."""
    n, scale = season.incidents, season.scale
    settlement_counts = season.counts({s[0]: s[2:] for s in SETTLEMENTS}, total=n)
    victim_counts = season.counts(VICTIMS, total=n)
    return {
        "settlement": categories(settlement_counts, scale, season.rng(Stream.SETTLEMENT)),
        "victim": codes.victim[categories(victim_counts, scale, season.rng(Stream.VICTIM))],
        "response": categories(season.counts(STATE_RESPONSE, total=n), scale, season.rng(Stream.RESPONSE)),
        "day": sorted_days(scale, n, season.days, season.rng(Stream.DATE)).ravel(),
        "rep": np.repeat(np.arange(scale), n),
    }


def _victim_ids(
    victim: np.ndarray, rep: np.ndarray, n_categories: int, scale: int, rng: np.random.Generator
) -> np.ndarray:
    """A per-replica pool of people per category, so that a person recurs across incidents."""
    total = len(victim)
    cat_counts = np.bincount(victim, minlength=n_categories) / scale
    pool = np.maximum(1, np.ceil(cat_counts * _VICTIM_POOL_SHARE)).astype(np.int64)
    pool_start = np.concatenate([[0], np.cumsum(pool)[:-1]])
    per_rep = int(pool.sum())
    victim_no = rep * per_rep + pool_start[victim] + np.floor(rng.random(total) * pool[victim]).astype(np.int64)
    victim_ids = ids("V", per_rep * scale, 4)[victim_no]
    return np.where(rng.random(total) < _VICTIM_ID_SHARE, victim_ids, "")


def _description_table(codes: ReferenceCodes) -> np.ndarray:
    """Description text by (threat type, victim category), both as reference indices."""
    labels = [codes.threat_labels[c] for c in codes.threat_types]
    return np.array(
        [
            [f"{lab[:1].upper()}{lab[1:]}; пострадавший: {_VICTIM_WORD.get(v, v)}" for v in codes.victims]
            for lab in labels
        ],
        dtype=object,
    )


def incident_frame(
    parts: list[dict[str, np.ndarray]], codes: ReferenceCodes, scale: int, seed: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """The incidents table of every season in order, and its incident ids."""
    cat = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    total = len(cat["date"])
    incident_ids = ids("I", total, 6)
    rng = np.random.default_rng([seed, *_FRAME_STREAM])
    victim_ids = _victim_ids(cat["victim"], cat["rep"], len(codes.victims), scale, rng)
    source_url = np.where(
        rng.random(total) < _SOURCE_URL_SHARE, "https://monitoring.example.org/incidents/" + incident_ids, ""
    )
    frame = pd.DataFrame(
        {
            "incident_id": incident_ids,
            "date": cat["date"],
            "region": take(codes.regions, codes.settlement_region[cat["settlement"]]),
            "settlement": take([s[0] for s in SETTLEMENTS], cat["settlement"]),
            "victim_category": take(codes.victims, cat["victim"]),
            "victim_id": victim_ids.astype(object),
            "source_actor": take(codes.actors, cat["actor"]),
            "state_response": take(list(STATE_RESPONSE), cat["response"]),
            "complaint_filed": bool_text(cat["complaint"]),
            "description": _description_table(codes)[cat["primary"], cat["victim"]],
            "source_url": source_url.astype(object),
        },
        columns=_INCIDENT_COLUMNS,
    )
    return frame, incident_ids
