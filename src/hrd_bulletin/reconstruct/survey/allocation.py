"""Integer tallies laid out over respondents: exact sums, greedy fills, even spreads."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hrd_bulletin.reconstruct.survey.respondents import N_IND, N_ORG, N


def spread(k: int, total: int, low: int, high: int) -> np.ndarray:
    """k integers in [low, high], descending, with min low, max high and the exact sum total."""
    if k == 1:
        return np.array([total])
    if not low * (k - 1) + high <= total <= high * (k - 1) + low:
        raise ValueError(f"cannot spread {total} over {k} values in [{low}, {high}]")
    position = np.arange(k) / (k - 1)

    def shape(power: float) -> np.ndarray:
        return np.rint(low + (high - low) * (1 - position) ** power).astype(int)

    lo_p, hi_p = 0.01, 100.0  # a larger power gives a smaller sum
    for _ in range(80):
        mid = (lo_p * hi_p) ** 0.5
        if shape(mid).sum() > total:
            lo_p = mid
        else:
            hi_p = mid
    values = shape(hi_p)
    values[0], values[-1] = high, low
    # Settle the rounding remainder one unit at a time on the interior values.
    step = 1 if values.sum() < total else -1
    i = 1
    while values.sum() != total:
        j = 1 + (i - 1) % (k - 2)
        if low <= values[j] + step <= high:
            values[j] += step
        i += 1
    return np.sort(values)[::-1]


def fill(
    need: np.ndarray,
    eligible: np.ndarray,
    values: np.ndarray,
    score: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Hand ``values`` (one per eligible respondent) out: highest score to the largest need."""
    out = np.full(len(need), None, dtype=object)
    idx = np.flatnonzero(eligible)
    if len(values) != len(idx):
        raise ValueError(f"{len(values)} values for {len(idx)} respondents")
    by_need = idx[np.argsort(-need[idx], kind="stable")]
    by_score = np.argsort(-score(np.asarray(values, dtype=object)), kind="stable")
    out[by_need] = np.asarray(values, dtype=object)[by_score]
    return out


def positions(n: int, count: int, first: int) -> np.ndarray:
    """``count`` positions spread evenly over 0..n-1, starting at ``first``."""
    return (first + (np.arange(count) * n) // count) % n


def spread_over(group_counts: list[tuple[object, int, int]], first: int = 0) -> np.ndarray:
    """Answers of a question with per-group tallies (value, individuals, organizations),
    spread evenly over each group's respondents."""
    out = np.full(N, None, dtype=object)
    for size, column in ((N_IND, 1), (N_ORG, 2)):
        start = 0 if column == 1 else N_IND
        free = np.ones(size, dtype=bool)
        for value, *counts in group_counts:
            count = counts[column - 1]
            slots = np.flatnonzero(free)
            take = slots[positions(len(slots), count, first % max(len(slots), 1))] if count else []
            free[take] = False
            out[start + np.asarray(take, dtype=int)] = value
    return out
