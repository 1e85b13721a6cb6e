"""Between periods: the new season (or survey wave) of this edition against the last one the
previous edition published, from released figures only.

A revision (hrd_bulletin.release.compare) is the same period counted again; this is the other
half of "what changed": how the period this edition adds differs from the one before it. Each
figure of the new period is paired with the figure of the same meaning in the earlier period
(the figure id with the period's component replaced: ``incidents.by_region.S3.ALA`` with
``incidents.by_region.S2.ALA``), both read from *this* edition's release, so that late reports of
the earlier period count on both sides alike (the previous edition's value of the earlier period
is its revision, reported apart).

Significance is claimed only where the metric has a test:

- a season's incidents and incidents per month: the rate-ratio test the release publishes with
  the new season (``rate_ratio_p_value`` of incidents_by_season, a test of the monthly rates of
  two seasons), when the earlier season is the one just before it;
- a share of a season's incidents (or violations) against the same share of the earlier season:
  the two-proportion z-test (pooled), when each of the four cells (part and rest, two seasons)
  holds at least ``MIN_CELL_FOR_TEST`` (the normal approximation needs them);
- nothing else, and nothing between survey waves: a wave re-interviews many of the same
  defenders, so two waves are not independent samples and a test of independent proportions
  would overstate what the data show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from statsmodels.stats.proportion import proportions_ztest

from hrd_bulletin.release.compare import DEFAULT_MIN_BASE, Release
from hrd_bulletin.release.figures import PERIOD_SEPARATOR
from hrd_bulletin.release.tables import FIGURE_ID, ID_PREFIX

# Values compared between periods: counts, shares and rates; never ranks, intervals, p-values,
# ratios or changes (a change between periods of a change says nothing a reader can use).
COMPARED_UNITS = frozenset({"count", "proportion", "value"})
# A share column, the count columns of the same row its numerator may be, and its denominator.
SHARE_PARTS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "share": (("incidents", "violations", "count", "n_attacked", "materials"), "n"),
    "share_ignored": (("ignored",), "incidents"),
    "share_effective_of_responded": (("effective",), "responded"),
}
# Columns of incidents_by_season the rate-ratio test speaks for: the monthly rate of incidents
# (a count of incidents differs also by the months observed; the test is of the rate).
RATE_COLUMNS = frozenset({"incidents", "incidents_per_month"})
RATE_TABLE = "incidents_by_season"
MIN_CELL_FOR_TEST = 5

PERIOD_CHANGE_COLUMNS: tuple[str, ...] = (
    FIGURE_ID,
    "figure_id_from",
    "column",
    "table",
    "key",
    "unit",
    "period_from",
    "period_to",
    "value_from",
    "value_to",
    "abs_change",
    "rel_change",
    "count_from",
    "base_from",
    "count_to",
    "base_to",
    "test",
    "p_value",
    "previous_edition",
    "current_edition",
)


def _kind_and_id(period: str) -> tuple[str, str] | None:
    """``season:S3`` -> ('season', 'S3'); None for a figure of several periods or none."""
    if not period or PERIOD_SEPARATOR in period or ":" not in period:
        return None
    kind, _, ident = period.partition(":")
    return kind, ident


def _periods_of(figures: Iterable[Mapping[str, str]], kind: str) -> list[str]:
    found = {p[1] for row in figures if (p := _kind_and_id(row.get("period") or "")) and p[0] == kind}
    return sorted(found, key=lambda x: (int(x) if x.isdigit() else math.inf, x))


def periods_of(release: Release, kind: str) -> list[str]:
    """The periods of one kind a release covers, in order: seasons as its edition record lists
    them (figures' order else), waves by number."""
    if kind == "season" and release.edition.get("seasons"):
        return [str(s) for s in release.edition["seasons"]]
    return _periods_of(release.figures, kind)


def pairs(previous: Release, current: Release) -> list[tuple[str, str, str]]:
    """(kind, earlier, new): for seasons and for waves, the previous edition's last period and
    this edition's last, when this edition's is one the previous edition did not cover."""
    out = []
    for kind in ("season", "wave"):
        before, after = periods_of(previous, kind), periods_of(current, kind)
        if before and after and after[-1] not in before:
            out.append((kind, before[-1], after[-1]))
    return out


def paired_id(figure_id: str, new: str, earlier: str) -> str | None:
    """The figure id of the same meaning in the earlier period: the one component naming the new
    period replaced; None when no component or several do (the pairing would be a guess)."""
    parts = figure_id.split(".")
    where = [i for i, part in enumerate(parts) if part == new]
    if len(where) != 1:
        return None
    parts[where[0]] = earlier
    return ".".join(parts)


def row_key(table: str, figure_id: str, period: str) -> str:
    """What a row is about, without its period: the figure id less its table's prefix
    (release.tables.ID_PREFIX) and the period's component (``incidents.by_region.S3.ALA`` ->
    ``ALA``; ``incidents.victims_by_region.S3.ALA.journalist`` -> ``ALA.journalist``)."""
    prefix = ID_PREFIX.get(table, "")
    rest = figure_id[len(prefix) + 1 :] if prefix and figure_id.startswith(prefix + ".") else figure_id
    return ".".join(part for part in rest.split(".") if part != period)


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """The two-sided p-value of the pooled two-proportion z-test, or None when a cell (part or
    rest, either period) is under MIN_CELL_FOR_TEST."""
    if min(x1, n1 - x1, x2, n2 - x2) < MIN_CELL_FOR_TEST:
        return None
    _, p_value = proportions_ztest([x2, x1], [n2, n1])
    return float(p_value)


def _share_parts(values: Mapping[tuple[str, str], float], figure_id: str, column: str) -> tuple[int, int] | None:
    """The share's numerator and denominator from its own row, if they give the share exactly."""
    if column not in SHARE_PARTS:
        return None
    candidates, denominator = SHARE_PARTS[column]
    base = values.get((figure_id, denominator))
    share = values.get((figure_id, column))
    if base is None or share is None or base <= 0:
        return None
    for name in candidates:
        count = values.get((figure_id, name))
        if count is not None and math.isclose(count / base, share, rel_tol=1e-9, abs_tol=1e-12):
            return int(count), int(base)
    return None


def _values(figures: Sequence[Mapping[str, str]]) -> dict[tuple[str, str], float]:
    return {(r[FIGURE_ID], r["column"]): float(r["value"]) for r in figures}


def between_periods(previous: Release, current: Release, min_base: float = DEFAULT_MIN_BASE) -> pd.DataFrame:
    """PERIOD_CHANGE_COLUMNS, one row per value of the new period(s) that has a counterpart in
    the earlier period, sorted by figure id and column."""
    values = _values(current.figures)
    seasons = periods_of(current, "season")
    rows = []
    for kind, earlier, new in pairs(previous, current):
        for figure in current.figures:
            if figure["period"] != f"{kind}:{new}" or figure["unit"] not in COMPARED_UNITS:
                continue
            origin = paired_id(figure[FIGURE_ID], new, earlier)
            column = figure["column"]
            if origin is None or (origin, column) not in values:
                continue
            value_from, value_to = values[(origin, column)], values[(figure[FIGURE_ID], column)]
            absolute = value_to - value_from
            relative = None if abs(value_from) < min_base or value_from == 0 else absolute / abs(value_from)
            parts_from, parts_to = _share_parts(values, origin, column), _share_parts(values, figure[FIGURE_ID], column)
            test, p_value = "", None
            if kind == "season" and parts_from and parts_to:
                p_value = two_proportion_p(*parts_from, *parts_to)
                test = "two_proportion" if p_value is not None else ""
            elif kind == "season" and figure["table"] == RATE_TABLE and column in RATE_COLUMNS:
                adjacent = earlier in seasons and new in seasons and seasons.index(new) == seasons.index(earlier) + 1
                p_value = values.get((figure[FIGURE_ID], "rate_ratio_p_value")) if adjacent else None
                test = "rate_ratio" if p_value is not None else ""
            rows.append(
                {
                    FIGURE_ID: figure[FIGURE_ID],
                    "figure_id_from": origin,
                    "column": column,
                    "table": figure["table"],
                    "key": row_key(figure["table"], figure[FIGURE_ID], new),
                    "unit": figure["unit"],
                    "period_from": f"{kind}:{earlier}",
                    "period_to": f"{kind}:{new}",
                    "value_from": value_from,
                    "value_to": value_to,
                    "abs_change": absolute,
                    "rel_change": relative,
                    "count_from": parts_from[0] if parts_from else None,
                    "base_from": parts_from[1] if parts_from else None,
                    "count_to": parts_to[0] if parts_to else None,
                    "base_to": parts_to[1] if parts_to else None,
                    "test": test,
                    "p_value": p_value,
                    "previous_edition": previous.edition_id,
                    "current_edition": current.edition_id,
                }
            )
    frame = pd.DataFrame(rows, columns=list(PERIOD_CHANGE_COLUMNS))
    frame = frame.sort_values([FIGURE_ID, "column"], kind="mergesort").reset_index(drop=True)
    for column in ("value_from", "value_to", "abs_change", "rel_change", "p_value"):
        frame[column] = frame[column].astype("float64")
    for column in ("count_from", "base_from", "count_to", "base_to"):
        frame[column] = frame[column].astype("Int64")
    return frame


def tested(frame: pd.DataFrame) -> dict[str, Any]:
    """How many values carry each test (the log line of the stage)."""
    counts = frame["test"].value_counts()
    return {name: int(counts.get(name, 0)) for name in ("rate_ratio", "two_proportion", "")}
