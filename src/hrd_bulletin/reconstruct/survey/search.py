"""The annealing search that moves answers and regions until every published target holds."""

from __future__ import annotations

import math

import numpy as np

from hrd_bulletin.reconstruct.survey.design import (
    ASTANA_MARGIN,
    LEVEL_EDGES,
    LEVEL_TARGETS,
    NATIONAL,
    OTHER_REGIONAL_RISK,
    REGION_PLAN,
    REGIONAL_RISK,
    level_of,
    outside,
)
from hrd_bulletin.reconstruct.survey.respondents import IND, N_IND, N

_SEARCH_STEPS = 200_000
_HOT, _COLD = 1.0, 0.01  # annealing temperatures, in loss units


class Search:
    """Local search over who gives which answer, and which of two respondents of the same type
    sits in which region. Marginals and region sizes stay exact; the loss measures the distance
    from every target (LEVEL_TARGETS in respondents; REGIONAL_RISK, Astana's profile and
    NATIONAL in index points x 10), so loss 0 means every target holds."""

    NAMES = ("threats", "vulnerability", "resources")

    def __init__(self, data: dict[str, np.ndarray], groups: dict[str, list], region: np.ndarray) -> None:
        self.data = data
        self.items = []
        num = {n: np.zeros(N) for n in self.NAMES}
        den = {n: np.zeros(N) for n in self.NAMES}
        for name, its in groups.items():
            for col, w, score, vals in its:
                s = score(data[col])
                num[name] += w * np.nan_to_num(s)
                den[name] += w * ~np.isnan(s)
                answered = ~np.isnan(s)
                # Group-split tallies swap within a group; pooled ones (likelihood) anywhere.
                split = (IND, ~IND) if isinstance(vals, tuple) else (np.ones(N, bool),)
                pools = [np.flatnonzero(g & answered) for g in split]
                self.items.append((name, col, w, s.tolist(), [p for p in pools if len(p) > 1]))
        self.num = {n: num[n].tolist() for n in self.NAMES}
        self.den = {n: den[n].tolist() for n in self.NAMES}
        self.value = {n: (num[n] / den[n]).tolist() for n in self.NAMES}
        self.codes = list(REGION_PLAN)
        self.region = [self.codes.index(r) for r in region]
        self.size = [float(v) for v in np.bincount(self.region, minlength=len(self.codes))]
        self.sums = {n: np.bincount(self.region, num[n] / den[n], len(self.codes)).tolist() for n in self.NAMES}
        self.levels = {n: [level_of(v, LEVEL_EDGES[n]) for v in self.value[n]] for n in self.NAMES}
        self.levels["risk"] = [level_of(self._risk(self.value, p), LEVEL_EDGES["risk"]) for p in range(N)]
        self.counts = {n: np.bincount(lv, minlength=3).tolist() for n, lv in self.levels.items()}
        self.bounds = [REGIONAL_RISK.get(c, OTHER_REGIONAL_RISK) for c in self.codes]
        self.astana = self.codes.index("AST")
        self.groups = [np.flatnonzero(IND), np.flatnonzero(~IND)]
        self.terms = self._terms(self.sums, ())

    @staticmethod
    def _risk(values: dict[str, list], p: int) -> float:
        return values["threats"][p] * values["vulnerability"][p] / values["resources"][p]

    def _miss(self, counts: dict[str, list]) -> int:
        return sum(abs(c - t) for n in counts for c, t in zip(counts[n], LEVEL_TARGETS[n]))

    def _means(self, sums: dict[str, list], r: int) -> tuple[float, float, float]:
        k = self.size[r]
        return sums["threats"][r] / k, sums["vulnerability"][r] / k, sums["resources"][r] / k

    def _gap(self, mean: tuple[float, float, float], astana: tuple[float, float, float]) -> float:
        """How far a region is from leaving Astana the highest threats and vulnerability and
        the lowest resources."""
        return (
            max(mean[0] - astana[0] + ASTANA_MARGIN, 0.0)
            + max(mean[1] - astana[1] + ASTANA_MARGIN, 0.0)
            + max(astana[2] - mean[2] + ASTANA_MARGIN, 0.0)
        )

    def _terms(self, sums: dict[str, list], touched: tuple[int, ...], base: tuple | None = None) -> tuple:
        """Per-region means, bound and Astana terms, recomputed for the touched regions only."""
        if base is None:
            touched = tuple(range(len(self.codes)))
            means, bound, gap = [None] * len(self.codes), [0.0] * len(self.codes), [0.0] * len(self.codes)
        else:
            means, bound, gap = (list(x) for x in base)
        for r in touched:
            means[r] = m = self._means(sums, r)
            bound[r] = outside(m[0] * m[1] / m[2], self.bounds[r])
        a = self.astana
        for r in range(len(self.codes)) if a in touched else touched:
            gap[r] = 0.0 if r == a else self._gap(means[r], means[a])
        return means, bound, gap

    def _off(self, sums: dict[str, list], terms: tuple) -> float:
        """Regional risk bounds, Astana's lead on every component and the national means."""
        _, bound, gap = terms
        t, v, res = (sum(sums[n]) / N for n in self.NAMES)
        national = (
            outside(t, NATIONAL["threats"])
            + outside(v, NATIONAL["vulnerability"])
            + outside(res, NATIONAL["resources"])
            + outside(t * v / res, NATIONAL["risk"])
        )
        return sum(bound) + sum(gap) + national

    def loss(self, counts: dict[str, list], sums: dict[str, list], terms: tuple) -> float:
        """Distance from every target (0 when all hold)."""
        return self._miss(counts) + 10 * self._off(sums, terms)

    def run(self, steps: int = _SEARCH_STEPS, seed: int = 0) -> float:
        """Anneal until the loss is 0 (every target holds); returns the final loss.

        A proposal that does not raise the loss is always taken, a worse one with probability
        exp(-increase / temperature), the temperature falling geometrically to near zero, so
        that the search leaves the local minima a pure descent gets stuck in.
        """
        rng = np.random.default_rng(seed)
        current = self.loss(self.counts, self.sums, self.terms)
        chunk = 4096
        for start in range(0, steps, chunk):
            draws = rng.random((chunk, 5))
            temperature = _HOT * (_COLD / _HOT) ** (start / steps)
            for u_kind, u_item, u_a, u_b, u_accept in draws.tolist():
                if current == 0:
                    return 0.0
                limit = current - temperature * math.log(u_accept + 1e-300)
                if u_kind < 0.25:
                    current = self._swap_regions(u_item, u_a, u_b, current, limit)
                else:
                    current = self._swap_answers(u_item, u_a, u_b, current, limit)
        return current

    def _swap_regions(self, u_group: float, u_a: float, u_b: float, current: float, limit: float) -> float:
        pool = self.groups[u_group >= N_IND / N]
        a, b = int(pool[int(u_a * len(pool))]), int(pool[int(u_b * len(pool))])
        ra, rb = self.region[a], self.region[b]
        if ra == rb:
            return current
        sums = {n: list(s) for n, s in self.sums.items()}
        for n in self.NAMES:
            d = self.value[n][b] - self.value[n][a]
            sums[n][ra] += d
            sums[n][rb] -= d
        terms = self._terms(sums, (ra, rb), self.terms)
        new = self.loss(self.counts, sums, terms)
        if new > limit:
            return current
        self.sums, self.terms = sums, terms
        self.region[a], self.region[b] = rb, ra
        return new

    def _swap_answers(self, u_item: float, u_a: float, u_b: float, current: float, limit: float) -> float:
        name, col, w, s, pools = self.items[int(u_item * len(self.items))]
        if not pools:
            return current
        # The group half of u_a picks the pool, the rest of it the first respondent.
        pool = pools[0] if len(pools) == 1 or u_a < 0.5 else pools[1]
        u_a = (u_a * 2) % 1 if len(pools) == 2 else u_a
        a, b = int(pool[int(u_a * len(pool))]), int(pool[int(u_b * len(pool))])
        if s[a] == s[b]:
            return current
        delta = w * (s[b] - s[a])
        values = dict(self.value)
        values[name] = list(self.value[name])
        values[name][a] = (self.num[name][a] + delta) / self.den[name][a]
        values[name][b] = (self.num[name][b] - delta) / self.den[name][b]
        counts = {n: list(c) for n, c in self.counts.items()}
        changed = []
        for p in (a, b):
            for n, v in ((name, values[name][p]), ("risk", self._risk(values, p))):
                old, new_level = self.levels[n][p], level_of(v, LEVEL_EDGES[n])
                if new_level != old:
                    counts[n][old] -= 1
                    counts[n][new_level] += 1
                    changed.append((n, p, new_level))
        sums = dict(self.sums)
        sums[name] = list(self.sums[name])
        sums[name][self.region[a]] += values[name][a] - self.value[name][a]
        sums[name][self.region[b]] += values[name][b] - self.value[name][b]
        terms = self._terms(sums, (self.region[a], self.region[b]), self.terms)
        new = self.loss(counts, sums, terms)
        if new > limit:
            return current
        self.value, self.counts, self.sums, self.terms = values, counts, sums, terms
        self.num[name][a] += delta
        self.num[name][b] -= delta
        for n, p, level in changed:
            self.levels[n][p] = level
        s[a], s[b] = s[b], s[a]
        self.data[col][a], self.data[col][b] = self.data[col][b], self.data[col][a]
        return new

    def regions(self) -> np.ndarray:
        """The region code of every design position."""
        return np.array(self.codes, dtype=object)[self.region]
