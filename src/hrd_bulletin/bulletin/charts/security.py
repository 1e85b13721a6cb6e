"""Charts of part II: attacks suffered and how likely defenders find each kind."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Translate,
    bar_chart_height,
    figure_legend,
    grouped_bars,
    new_figure,
    no_data_figure,
    pooled_text,
    put_subtitle,
    put_title,
    shares_text,
    stacked_shares,
    styled,
    value_axis,
    wave_text,
)
from hrd_bulletin.bulletin.charts.labels import (
    ATTACK_NAMES,
    GROUP_NAMES,
    LIKELIHOOD_NAMES,
    Labels,
)
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_floats,
    as_text,
    grid_of,
    in_order,
    latest_wave,
    rows_where,
    unique_n,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import FULL_WIDTH, sequential, series_style
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS_AND_ALL,
    LIKELIHOOD_LEVELS,
    PREVALENCE_TYPES,
)


@styled
def attack_prevalence(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share attacked by attack type, individuals vs organizations vs all, Wilson whiskers (latest wave)."""
    title = _("Defenders who suffered attacks or threats, by type")
    df = usable(tables, "attack_prevalence", ["wave", "attack_type", "group", "n", "share", "ci_low", "ci_high"])
    wave = None
    if df is not None:
        df, wave = latest_wave(df)
    if df is None or len(df) == 0 or np.isnan(as_floats(df["share"])).all():
        return no_data_figure(title, _)
    types = in_order(as_text(df["attack_type"]), list(PREVALENCE_TYPES))
    groups = in_order(as_text(df["group"]), list(GROUPS_AND_ALL))
    share = grid_of(df, "attack_type", "group", "share", types, groups)
    low = grid_of(df, "attack_type", "group", "ci_low", types, groups)
    high = grid_of(df, "attack_type", "group", "ci_high", types, groups)

    fig = new_figure(FULL_WIDTH, bar_chart_height(len(types) * len(groups)))
    put_title(fig, title)
    ax = fig.add_subplot()
    what = _("Share of respondents with at least one attack; whiskers: 95-percent confidence interval")
    put_subtitle(ax, f"{wave_text(wave, _)}. {what}")
    series = [share[:, j] for j in range(len(groups))]
    handles, extent = grouped_bars(
        ax,
        [wrap(_(ATTACK_NAMES.get(t, t)), 22) for t in types],
        series,
        [series_style(j) for j in range(len(groups))],
        [shares_text(s, labels) for s in series],
        lows=[low[:, j] for j in range(len(groups))],
        highs=[high[:, j] for j in range(len(groups))],
    )
    value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.25, 1.25))
    names = []
    for g in groups:
        n = unique_n(rows_where(df, "group", g)["n"])
        names.append(_(GROUP_NAMES.get(g, g)) + (f" (n = {labels.number(n)})" if n is not None else ""))
    figure_legend(fig, handles, names)
    return fig


@styled
def likelihood(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """How likely respondents find each attack type: 100 % stacked bars of the four levels (latest wave, all)."""
    title = _("How likely respondents consider an attack")
    df = usable(tables, "likelihood", ["wave", "attack_type", "level", "n", "share"])
    wave = None
    if df is not None:
        df, wave = latest_wave(rows_where(df, "group", ALL))
    if df is None or len(df) == 0 or np.isnan(as_floats(df["share"])).all():
        return no_data_figure(title, _)
    types = in_order(as_text(df["attack_type"]), list(PREVALENCE_TYPES))
    levels = [str(level) for level in LIKELIHOOD_LEVELS]
    shares = grid_of(df, "attack_type", "level", "share", types, levels)

    fig = new_figure(FULL_WIDTH, bar_chart_height(len(types) * 2))
    put_title(fig, title)
    ax = fig.add_subplot()
    n = unique_n(df["n"])
    put_subtitle(ax, pooled_text(wave, n, labels, _))
    handles = stacked_shares(
        ax, [wrap(_(ATTACK_NAMES.get(t, t)), 22) for t in types], shares, sequential(len(levels)), labels
    )
    figure_legend(fig, handles, [_(LIKELIHOOD_NAMES[level]) for level in LIKELIHOOD_LEVELS])
    return fig
