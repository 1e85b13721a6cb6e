"""The chart of "What changed since the last edition": the new season against the one before,
drawn from period_changes (hrd_bulletin.release.periods) only: rows are selected and ordered."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from hrd_bulletin.bulletin.charts.draw import (
    DUMBBELL_EARLIER,
    DUMBBELL_LATER,
    Translate,
    bar_chart_height,
    blocks_of,
    dumbbells,
    new_figure,
    no_data_figure,
    styled,
    value_axis,
)
from hrd_bulletin.bulletin.charts.labels import Labels
from hrd_bulletin.bulletin.charts.selection import Tables, as_floats, as_text
from hrd_bulletin.contract.vocabulary import ALPHA

TABLE = "period_changes"
# The sources drawn: the largest in either season (the rest are a few incidents each; every
# source is in figures.csv and in the reviewers' report).
TOP_SOURCES = 8  # the block title says "the eight largest"
FIGURE = "period_changes"


def _rows(df: pd.DataFrame, table: str, column: str) -> pd.DataFrame:
    rows = df[(as_text(df["table"]) == table) & (as_text(df["column"]) == column)]
    # Largest in the new season first; ties by key, so that the order never depends on the file.
    return rows.assign(_v=-as_floats(rows["value_to"])).sort_values(["_v", "key"], kind="mergesort")


def _seasons(df: pd.DataFrame) -> tuple[str, str]:
    before, after = (as_text(df[c]).iloc[0].partition(":")[2] for c in ("period_from", "period_to"))
    return before, after


@styled
def period_changes(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents by region, and the shares of incidents by source of threats, in the earlier and
    the new season; a share that moved by more than chance would explain is printed in bold."""
    title = _("The new season against the one before")
    df = tables.get(TABLE)
    if df is None or df.empty or not as_text(df["period_from"]).str.startswith("season:").any():
        return no_data_figure(title, _)
    df = df[as_text(df["period_from"]).str.startswith("season:")]
    before, after = _seasons(df)
    regions = _rows(df, "incidents_by_region", "incidents")
    sources = _rows(df, "threat_sources", "share")
    biggest = np.fmax(as_floats(sources["value_from"]), as_floats(sources["value_to"]))
    sources = sources.iloc[sorted(np.argsort(-biggest, kind="stable")[:TOP_SOURCES])]
    p = as_floats(sources["p_value"])
    significant = [bool(v < ALPHA) for v in p]  # NaN (no test) compares False: nothing claimed
    if any(significant):
        what = _("Shares whose change is significant are in bold (two-proportion test, p < 0.05)")
    else:
        what = _("No share changed significantly (two-proportion test, p < 0.05)")
    fig, body = new_figure(bar_chart_height(len(regions) + len(sources), per_bar_cm=0.34), title, what)
    top, bottom = blocks_of(
        body,
        [len(regions), len(sources)],
        [_("Incidents by region"), _("Share of incidents by source of threats: the eight largest sources")],
    )
    ax = top.add_subplot()
    b, a = as_floats(regions["value_from"]), as_floats(regions["value_to"])
    dumbbells(ax, [labels.region(k) for k in as_text(regions["key"])], b, a, labels, fmt=lambda v: labels.number(v))
    limit = float(np.nanmax(np.fmax(b, a))) * 1.15
    value_axis(ax, labels, horizontal=True, share=False, limit=limit)
    # Room left of zero for the earlier value of a row near zero, clear of the category names.
    ax.set_xlim(-0.08 * limit, limit)
    ax = bottom.add_subplot()
    b, a = as_floats(sources["value_from"]), as_floats(sources["value_to"])
    names = [labels.actor(k) for k in as_text(sources["key"])]
    dumbbells(ax, names, b, a, labels, fmt=lambda v: labels.percent(v), bold=significant)
    limit = min(1.0, float(np.nanmax(np.fmax(b, a))) * 1.2)
    value_axis(ax, labels, horizontal=True, share=True, limit=limit)
    ax.set_xlim(-0.1 * limit, limit)
    colours = (DUMBBELL_EARLIER, DUMBBELL_LATER)
    keys = [Line2D([], [], marker="o", color=c, linestyle="none", markersize=5) for c in colours]
    top.legend(keys, [labels.season(before), labels.season(after)], loc="outside upper right", ncols=2)
    return fig
