"""Configured seasons mapped onto the two profiles, and a profile's counts scaled to a season."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hrd_bulletin.reconstruct.events.profiles import INCIDENTS, PROFILE_MONTHS


class Stream(enum.IntEnum):
    """The random stream of each attribute within a season.

    Each attribute draws from a generator of its own, so adding a draw to one leaves the others
    untouched. The numbers are part of the output: renumbering one changes the generated files.
    """

    SETTLEMENT = 1
    VICTIM = 2
    ACTOR = 3
    RESPONSE = 4
    DATE = 5
    VIOLATION_STRUCTURE = 6
    VIOLATION_PLACEMENT = 7
    COURT_LINK = 8
    COURT = 9
    MEDIA = 10


@dataclass(frozen=True)
class Season:
    """One configured season as the generator sees it."""

    position: int  # in the configured list; seeds the season's streams
    profile: int  # which column of the profiles
    factor: float  # months touched by the season / months of its profile
    days: int
    iso: np.ndarray  # ISO text of each day of the season
    incidents: int  # per replica
    offset: int  # incident rows of the earlier seasons, all replicas
    scale: int
    seed: int

    def rng(self, stream: Stream) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.position, int(stream)])

    def counts(
        self, table: Mapping[str, Sequence[int]], total: int | None = None, column: int | None = None
    ) -> np.ndarray:
        """The profile's counts of ``table`` scaled to this season (to ``total`` when given)."""
        return _profile_counts(table, self.profile, self.factor, total, column)


def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):  # also pd.Timestamp
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _iso_days(start: dt.date, n_days: int) -> np.ndarray:
    days = np.datetime64(start.isoformat(), "D") + np.arange(n_days)
    return np.datetime_as_string(days, unit="D").astype(object)


def apportion(counts: Sequence[int], total: int) -> np.ndarray:
    """Scale ``counts`` to sum to ``total`` by largest remainders (ties to the earlier entry)."""
    counts = np.asarray(counts, dtype=np.int64)
    base = int(counts.sum())
    if base == total:
        return counts.copy()
    if base == 0 or total <= 0:
        return np.zeros_like(counts)
    quota = counts * total / base
    out = np.floor(quota).astype(np.int64)
    order = np.argsort(-(quota - out), kind="stable")
    out[order[: total - int(out.sum())]] += 1
    return out


def _profile_counts(
    table: Mapping[str, Sequence[int]], profile: int, factor: float, total: int | None = None, column: int | None = None
) -> np.ndarray:
    col = profile if column is None else column
    counts = [row[col] for row in table.values()]
    target = total if total is not None else round(sum(counts) * factor)
    return apportion(counts, target)


def configured_seasons(seasons: Sequence[Mapping[str, Any]], scale: int, seed: int) -> list[Season]:
    """The configured seasons in order; the first takes profile 0, every later one profile 1."""
    out = []
    offset = 0
    for position, season in enumerate(seasons):
        start, end = _as_date(season["start"]), _as_date(season["end"])
        profile = 0 if position == 0 else 1
        factor = _months_touched(start, end) / PROFILE_MONTHS[profile]
        days = (end - start).days + 1
        incidents = round(INCIDENTS[profile] * factor)
        out.append(Season(position, profile, factor, days, _iso_days(start, days), incidents, offset, scale, seed))
        offset += scale * incidents
    return out
