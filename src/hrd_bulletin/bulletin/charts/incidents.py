"""Charts of part III: incidents and violations, victims, threat types and sources, state and courts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Translate,
    axes_legend,
    bar_chart_height,
    counts_text,
    figure_legend,
    grouped_bars,
    new_figure,
    no_data,
    no_data_figure,
    put_subtitle,
    put_title,
    shares_text,
    styled,
    value_axis,
)
from hrd_bulletin.bulletin.charts.labels import (
    COURT_OUTCOME_NAMES,
    RESPONSE_NAMES,
    Labels,
)
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_floats,
    as_text,
    capitalised,
    grid_of,
    in_order,
    seasons_of,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import CM, FULL_WIDTH, series_style
from hrd_bulletin.contract.vocabulary import (
    ALL,
)


@styled
def incidents_by_season(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents and violations per season, and incidents per month."""
    title = _("Incidents and violations by season")
    df = usable(tables, "incidents_by_season", ["season", "incidents", "violations"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    fig = new_figure(FULL_WIDTH, 9 * CM)
    put_title(fig, title)
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    ticks = [wrap(labels.season(s), max(12, 36 // len(seasons))) for s in seasons]
    rows = df.set_index(as_text(df["season"]))
    counts = [as_floats(rows["incidents"].reindex(seasons)), as_floats(rows["violations"].reindex(seasons))]
    left.set_title(_("Incidents and violations"))
    handles, extent = grouped_bars(
        left,
        ticks,
        counts,
        [series_style(0), series_style(1)],
        [counts_text(c, labels) for c in counts],
        horizontal=False,
    )
    value_axis(left, labels, horizontal=False, share=False, limit=extent * 1.15)
    left.legend(handles, [_("Incidents"), _("Violations")], loc="upper left")

    right.set_title(_("Incidents per month"))
    per_month = (
        as_floats(rows["incidents_per_month"].reindex(seasons))
        if "incidents_per_month" in rows
        else np.full(len(seasons), np.nan)
    )
    if np.isnan(per_month).all():
        no_data(right, _)
        return fig
    _handles, extent = grouped_bars(
        right,
        ticks,
        [per_month],
        [series_style(0)],
        [[("" if np.isnan(v) else labels.number(v, 1)) for v in per_month]],
        horizontal=False,
    )
    value_axis(right, labels, horizontal=False, share=False, limit=extent * 1.15)
    return fig


def _season_series(
    df: pd.DataFrame, key: str, value: str, codes: Sequence[str], seasons: Sequence[str]
) -> list[np.ndarray]:
    """One array per season of ``value`` over ``codes`` (NaN where absent)."""
    grid = grid_of(df, key, "season", value, codes, seasons)
    return [grid[:, j] for j in range(len(seasons))]


@styled
def victim_categories(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share of incidents by victim category, per season."""
    title = _("Who was targeted: incidents by category of victim")
    df = usable(tables, "victim_categories", ["season", "victim_category", "share"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    codes = in_order(as_text(df["victim_category"]), list(labels.victim_categories))
    series = _season_series(df, "victim_category", "share", codes, seasons)
    fig = new_figure(FULL_WIDTH, bar_chart_height(len(codes) * len(seasons)))
    put_title(fig, title)
    ax = fig.add_subplot()
    put_subtitle(ax, _("Share of the season's incidents"))
    handles, extent = grouped_bars(
        ax,
        [wrap(labels.victim_category(c), 32) for c in codes],
        series,
        [series_style(j) for j in range(len(seasons))],
        [shares_text(s, labels) for s in series],
    )
    value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.2, 1.2))
    figure_legend(fig, handles, [labels.season(s) for s in seasons], ncols=min(len(seasons), 2))
    return fig


@styled
def top_threat_types(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """The ten most frequent threat types over the whole period, coloured by category."""
    title = _("The ten most frequent types of threats, whole period")
    df = usable(tables, "threat_types", ["season", "threat_type", "category", "violations"])
    if df is not None:
        df = df[as_text(df["season"]) == ALL]
        counts = as_floats(df["violations"])
        df = df.assign(_count=counts)[counts > 0]
        # Stable sort keeps reference order among ties.
        df = df.sort_values("_count", ascending=False, kind="stable").head(10)
    if df is None or len(df) == 0:
        return no_data_figure(title, _)
    types = list(as_text(df["threat_type"]))
    cats = list(as_text(df["category"]))
    known = list(labels.threat_categories)
    cat_order = in_order(cats, known)
    # A category keeps its reference position, so it has the same pattern in every edition.
    style_of = {c: series_style(known.index(c) if c in known else len(known) + cat_order.index(c)) for c in cat_order}

    fig = new_figure(FULL_WIDTH, bar_chart_height(len(types), per_bar_cm=0.6) + 0.5 * CM * ((len(cat_order) + 1) // 2))
    put_title(fig, title)
    ax = fig.add_subplot()
    put_subtitle(ax, _("Number of violations"))
    pos = np.arange(len(types), dtype="float64")
    count = df["_count"].to_numpy()
    for y, v, c in zip(pos, count, cats):
        ax.barh(y, v, height=0.7, **style_of[c].bar_kwargs())
        ax.annotate(
            labels.number(v, 0), (v, y), xytext=(2, 0), textcoords="offset points", ha="left", va="center", fontsize=6.5
        )
    ax.set_yticks(pos, [wrap(capitalised(labels.threat_type(t)), 42) for t in types])
    ax.set_ylim(len(types) - 0.5, -0.5)
    value_axis(ax, labels, horizontal=True, share=False, limit=float(count.max()) * 1.15)
    handles = [ax.bar(0, 0, width=0, **style_of[c].bar_kwargs()) for c in cat_order]
    figure_legend(fig, handles, [labels.threat_category(c) for c in cat_order], ncols=2)
    return fig


@styled
def threat_sources(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents by source actor per season, state bodies and non-state actors in separate panels."""
    title = _("Where the threats came from: incidents by source")
    df = usable(tables, "threat_sources", ["season", "source_actor", "is_state", "incidents"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    actors = in_order(as_text(df["source_actor"]), list(labels.actors))
    state_of = dict(zip(as_text(df["source_actor"]), df["is_state"].astype("boolean").fillna(False).astype(bool)))
    blocks = [
        (_("State bodies"), [a for a in actors if state_of.get(a, False)]),
        (_("Non-state actors"), [a for a in actors if not state_of.get(a, False)]),
    ]
    blocks = [(name, codes) for name, codes in blocks if codes]
    n_bars = sum(len(codes) for _n, codes in blocks) * len(seasons)
    fig = new_figure(FULL_WIDTH, bar_chart_height(n_bars, fixed_cm=5.0, per_bar_cm=0.3))
    put_title(fig, title)
    axes = fig.subplots(len(blocks), 1, sharex=True, height_ratios=[len(c) for _n, c in blocks], squeeze=False)
    extent = 0.0
    handles: list[Any] = []
    for ax, (name, codes) in zip(axes[:, 0], blocks):
        ax.set_title(name)
        series = _season_series(df, "source_actor", "incidents", codes, seasons)
        handles, ext = grouped_bars(
            ax,
            [wrap(labels.actor(a), 28) for a in codes],
            series,
            [series_style(j) for j in range(len(seasons))],
            [counts_text(s, labels) for s in series],
        )
        extent = max(extent, ext)
    for ax in axes[:, 0]:
        value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
    axes[-1, 0].set_xlabel(_("Incidents"))
    figure_legend(fig, handles, [labels.season(s) for s in seasons], ncols=min(len(seasons), 2))
    return fig


def _counts_panel(
    ax: Axes, df: pd.DataFrame | None, columns: Mapping[str, str], xlabel: str, labels: Labels, _: Translate
) -> None:
    """Grouped horizontal bars: seasons as categories, one series per count column."""
    seasons = [] if df is None else seasons_of(df)
    present = [c for c in columns if df is not None and c in df.columns]
    if not seasons or not present:
        no_data(ax, _)
        return
    rows = df.set_index(as_text(df["season"]))
    series = [as_floats(rows[c].reindex(seasons)) for c in present]
    handles, extent = grouped_bars(
        ax,
        [wrap(labels.season(s), 22) for s in seasons],
        series,
        [series_style(j) for j in range(len(present))],
        [counts_text(s, labels) for s in series],
    )
    value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
    axes_legend(ax, handles, [_(columns[c]) for c in present])
    ax.set_xlabel(xlabel)


@styled
def state_response_courts(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """State response to incidents and court outcomes per season (two panels)."""
    response = usable(tables, "state_response", ["season"])
    courts = usable(tables, "court_outcomes", ["season"])
    n_seasons = max(len(seasons_of(t)) if t is not None else 0 for t in (response, courts))
    fig = new_figure(FULL_WIDTH, bar_chart_height(max(n_seasons, 1) * 7, fixed_cm=5.0, per_bar_cm=0.3))
    put_title(fig, _("State response and court decisions"))
    top, bottom = fig.subplots(2, 1)
    top.set_title(_("State response to incidents"))
    _counts_panel(top, response, RESPONSE_NAMES, _("Incidents"), labels, _)
    bottom.set_title(_("Court decisions in cases involving defenders"))
    _counts_panel(bottom, courts, COURT_OUTCOME_NAMES, _("Court decisions"), labels, _)
    return fig
