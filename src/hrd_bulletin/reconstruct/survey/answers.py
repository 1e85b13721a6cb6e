"""Answers of the index items: a greedy fill toward each respondent's target, then the search."""

from __future__ import annotations

import numpy as np

from hrd_bulletin.reconstruct.survey.allocation import fill
from hrd_bulletin.reconstruct.survey.design import region_design, targets
from hrd_bulletin.reconstruct.survey.items import Item, index_items, placeholders
from hrd_bulletin.reconstruct.survey.respondents import IND, N
from hrd_bulletin.reconstruct.survey.search import Search


def _fill_index(
    data: dict[str, np.ndarray],
    targets: np.ndarray,
    items: list[Item],
) -> None:
    """Place the answers of an index's items so that each respondent approaches its target.

    ``items`` are (column, weight, score, values): values either a pair of per-group
    multisets or one pooled multiset. Respondents with a missing answer (None already in
    ``data``) are skipped.
    """
    answered = {
        col: np.array([v is not None for v in data[col]]) if col in data else np.ones(N, bool) for col, *_ in items
    }
    weight_sum = sum(w * answered[col] for col, w, *_ in items)
    lowest = {
        col: np.nanmin(score(np.concatenate(vals) if isinstance(vals, tuple) else vals))
        for col, _, score, vals in items
    }
    floor = sum(w * lowest[col] * answered[col] for col, w, *_ in items)
    have = np.zeros(N)
    goal = targets * weight_sum
    for col, weight, score, values in items:
        floor = floor - weight * lowest[col] * answered[col]
        need = goal - have - floor
        if isinstance(values, tuple):
            out = np.full(N, None, dtype=object)
            for group, vals in zip((IND, ~IND), values):
                part = fill(need, answered[col] & group, vals, score)
                out[group & answered[col]] = part[group & answered[col]]
        else:
            out = fill(need, answered[col], values, score)
        data[col] = out
        have = have + np.where(answered[col], weight * np.nan_to_num(score(out)), 0.0)


def _index_scores(data: dict[str, np.ndarray], items: list[Item]) -> np.ndarray:
    """Weighted mean item score over answered items (mirror of hrd_bulletin.metrics.indices)."""
    total = np.zeros(N)
    weights = np.zeros(N)
    for col, weight, score, _ in items:
        s = score(data[col])
        ok = ~np.isnan(s)
        total += np.where(ok, weight * s, 0.0)
        weights += np.where(ok, weight, 0.0)
    return total / weights


def wave2_answers(search_seed: int = 0) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Answers of the items behind the indices, the resulting index scores and the regions.

    ``search_seed`` drives the search's proposals only; the targets do not depend on it.
    """
    groups = index_items()
    data = placeholders(groups)
    region = region_design()
    goal = targets(region)
    for name, items in groups.items():
        _fill_index(data, goal[name], items)
    search = Search(data, groups, region)
    left = search.run(seed=search_seed)
    if left != 0:
        raise RuntimeError(f"survey reconstruction: search stopped {left:.3f} away from the targets")
    scores = {name: _index_scores(data, items) for name, items in groups.items()}
    return data, scores, search.regions()
