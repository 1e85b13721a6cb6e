"""Item scores of config/indices.yaml, for placing answers.

The reconstruction is built for that operationalisation; tests/test_indices.py checks the
targets with the real spec.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def bands(values: np.ndarray) -> np.ndarray:
    counts = np.array([np.nan if v is None else v for v in values], dtype=float)
    scores = np.select([counts >= 5, counts >= 2, counts >= 1], [5.0, 4.0, 3.0], 1.0)
    return np.where(np.isnan(counts), np.nan, scores)


def linear(low: float, high: float) -> Callable[[np.ndarray], np.ndarray]:
    def score(values: np.ndarray) -> np.ndarray:
        numbers = np.array([np.nan if v is None else v for v in values], dtype=float)
        return 1 + 4 * (np.clip(numbers, low, high) - low) / (high - low)

    return score


def mapped(mapping: dict) -> Callable[[np.ndarray], np.ndarray]:
    def score(values: np.ndarray) -> np.ndarray:
        return np.array([np.nan if v is None else mapping[v] for v in values], dtype=float)

    return score


# "5 when true" / "5 when false": the direction depends on the index (bad for vulnerability,
# good for resources).
FIVE_IF_TRUE = mapped({True: 5.0, False: 1.0})
FIVE_IF_FALSE = mapped({True: 1.0, False: 5.0})


def budget_score(values: np.ndarray) -> np.ndarray:
    usd = np.array([np.nan if v is None else v for v in values], dtype=float)
    scores = np.select([usd >= 100000, usd >= 40000, usd >= 15000, usd >= 5000], [5.0, 4.0, 3.0, 2.0], 1.0)
    return np.where(np.isnan(usd), np.nan, scores)
