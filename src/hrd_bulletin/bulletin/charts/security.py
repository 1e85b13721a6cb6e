"""Charts of part II: attacks suffered and how likely defenders find each kind."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Bars,
    Translate,
    bar_chart_height,
    new_figure,
    no_data_figure,
    panel_row,
    pooled_text,
    scale_legend,
    shares_text,
    stacked_shares,
    styled,
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
    by_value,
    grid_of,
    in_order,
    latest_wave,
    rows_where,
    unique_n,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import sequential
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS_AND_ALL,
    LIKELIHOOD_LEVELS,
    PREVALENCE_TYPES,
)


def group_columns(df: pd.DataFrame, groups: list[str], labels: Labels, _: Translate) -> list[str]:
    """Panel names of the respondent groups, each with its n: "Individuals (n = 79)"."""
    names = []
    for g in groups:
        n = unique_n(rows_where(df, "group", g)["n"])
        names.append(_(GROUP_NAMES.get(g, g)) + (f" (n\u00a0=\u00a0{labels.number(n)})" if n is not None else ""))
    return names


@styled
def attack_prevalence(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share attacked by attack type, one panel per group, thin 95 % interval lines (latest wave)."""
    title = _("Defenders who suffered attacks or threats, by type")
    df = usable(tables, "attack_prevalence", ["wave", "attack_type", "group", "n", "share", "ci_low", "ci_high"])
    wave = None
    if df is not None:
        df, wave = latest_wave(df)
    if df is None or len(df) == 0 or np.isnan(as_floats(df["share"])).all():
        return no_data_figure(title, _)
    groups = in_order(as_text(df["group"]), list(GROUPS_AND_ALL))
    types = in_order(as_text(df["attack_type"]), list(PREVALENCE_TYPES))
    share = grid_of(df, "attack_type", "group", "share", types, groups)
    # Attack types have no order of their own: the most frequent (pooled group) first.
    order = by_value(share[:, groups.index(ALL) if ALL in groups else 0])
    types, share = [types[i] for i in order], share[order]
    low = grid_of(df, "attack_type", "group", "ci_low", types, groups)
    high = grid_of(df, "attack_type", "group", "ci_high", types, groups)

    what = _("Share of respondents with at least one attack; thin lines: 95-percent confidence interval")
    fig, body = new_figure(bar_chart_height(len(types)), title, f"{wave_text(wave, _)}. {what}")
    bars = [
        Bars(share[:, j], shares_text(share[:, j], labels), low=low[:, j], high=high[:, j]) for j in range(len(groups))
    ]
    top = max(float(np.nanmax(b.ends())) for b in bars)
    panel_row(
        body,
        [wrap(_(ATTACK_NAMES.get(t, t)), 20) for t in types],
        group_columns(df, groups, labels, _),
        bars,
        labels,
        share=True,
        limit=min(max(top, 0.1) * 1.3, 1.3),
    )
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
    # Most likely first: ordered by the share finding the attack highly likely.
    order = by_value(shares[:, -1])
    types, shares = [types[i] for i in order], shares[order]

    n = unique_n(df["n"])
    fig, body = new_figure(bar_chart_height(len(types) * 2), title, pooled_text(wave, n, labels, _))
    ax = body.add_subplot()
    handles = stacked_shares(
        ax, [wrap(_(ATTACK_NAMES.get(t, t)), 22) for t in types], shares, sequential(len(levels)), labels
    )
    scale_legend(body, handles, [_(LIKELIHOOD_NAMES[level]) for level in LIKELIHOOD_LEVELS])
    return fig
