"""Replica blocks: ``scale`` copies of a season, each with the same counts in its own order."""

from __future__ import annotations

import numpy as np


def block_perms(n: int, scale: int, rng: np.random.Generator) -> np.ndarray:
    """One independent permutation of ``range(n)`` per replica, shape (scale, n)."""
    return np.argsort(rng.random((scale, n)), axis=1, kind="stable")


def _permuted(values: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Each replica block holds ``values`` in its own order; flattened to scale * len(values)."""
    return values[block_perms(len(values), scale, rng)].ravel()


def categories(counts: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Category ``i`` exactly ``counts[i]`` times in every replica, each replica in its own order."""
    return _permuted(np.repeat(np.arange(len(counts)), counts), scale, rng)


def sorted_days(scale: int, n: int, days: int, rng: np.random.Generator) -> np.ndarray:
    """Day offsets of ``n`` rows per replica, ascending within each replica, shape (scale, n)."""
    return np.sort(rng.integers(0, days, size=(scale, n)), axis=1)
