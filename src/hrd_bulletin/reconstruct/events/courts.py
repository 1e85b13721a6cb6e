"""Court cases: outcome, type and role counts exact; some decide a court_proceedings incident."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.profiles import COURT_LINKED, COURT_OUTCOME, COURT_ROLE, COURT_TYPE, VIOLATIONS
from hrd_bulletin.reconstruct.events.replicas import categories
from hrd_bulletin.reconstruct.events.seasons import Season, Stream
from hrd_bulletin.reconstruct.events.text import ids, linked_ids, take
from hrd_bulletin.reconstruct.events.violations import SeasonViolations

_COURT_COLUMNS = ["case_id", "incident_id", "decision_date", "case_type", "hrd_role", "outcome"]
_COURT_PROCEEDINGS = list(VIOLATIONS).index("court_proceedings")
_MAX_DAYS_TO_DECISION = 60


def _linked_positions(season: Season, violations: SeasonViolations, n_cases: int) -> np.ndarray:
    """Season positions (scale, k) of the incidents the first k cases of each replica decide."""
    has_court = np.zeros(season.incidents, dtype=bool)
    has_court[violations.primary == _COURT_PROCEEDINGS] = True
    has_court[violations.extra_incident[violations.extra_type == _COURT_PROCEEDINGS]] = True
    candidates = np.flatnonzero(has_court)
    candidates = candidates[season.rng(Stream.COURT_LINK).permutation(len(candidates))]
    n_linked = min(round(COURT_LINKED[season.profile] * season.factor), len(candidates), n_cases)
    replica_start = (np.arange(season.scale) * season.incidents)[:, None]
    return violations.position[:, candidates[:n_linked]] + replica_start


def place_court_cases(season: Season, violations: SeasonViolations, incident_day: np.ndarray) -> dict[str, np.ndarray]:
    """The season's cases; a linked case is decided within two months of its incident."""
    scale = season.scale
    outcome_counts = season.counts(COURT_OUTCOME)
    k = int(outcome_counts.sum())
    linked = _linked_positions(season, violations, k)
    n_linked = linked.shape[1]
    rng = season.rng(Stream.COURT)
    day = rng.integers(0, season.days, size=(scale, k))
    incident = np.full((scale, k), -1, dtype=np.int64)
    incident[:, :n_linked] = linked
    delay = rng.integers(0, _MAX_DAYS_TO_DECISION + 1, size=(scale, n_linked))
    day[:, :n_linked] = np.minimum(incident_day[linked] + delay, season.days - 1)
    incident = incident.ravel()
    return {
        "day": day.ravel(),
        "iso": season.iso,
        "rep": np.repeat(np.arange(scale), k),
        "inc": np.where(incident >= 0, incident + season.offset, -1),
        "outcome": categories(outcome_counts, scale, rng),
        "type": categories(season.counts(COURT_TYPE, total=k), scale, rng),
        "role": categories(season.counts(COURT_ROLE, total=k), scale, rng),
    }


def court_frame(parts: list[dict[str, np.ndarray]], incident_ids: np.ndarray) -> pd.DataFrame:
    """The court_cases table: by season, replica and decision date."""
    dates = np.concatenate([p["iso"][p["day"]] for p in parts])
    season = np.concatenate([np.full(len(p["day"]), i) for i, p in enumerate(parts)])
    rep = np.concatenate([p["rep"] for p in parts])
    day = np.concatenate([p["day"] for p in parts])
    order = np.lexsort((day, rep, season))

    def column(key: str) -> np.ndarray:
        return np.concatenate([p[key] for p in parts])[order]

    return pd.DataFrame(
        {
            "case_id": ids("C", len(order), 5),
            "incident_id": linked_ids(column("inc"), incident_ids),
            "decision_date": dates[order],
            "case_type": take(list(COURT_TYPE), column("type")),
            "hrd_role": take(list(COURT_ROLE), column("role")),
            "outcome": take(list(COURT_OUTCOME), column("outcome")),
        },
        columns=_COURT_COLUMNS,
    )
