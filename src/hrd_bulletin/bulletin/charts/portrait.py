"""Charts of part I: who the respondents are and the means of protection they have."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Translate,
    bar_chart_height,
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
    wave_text,
)
from hrd_bulletin.bulletin.charts.labels import (
    EXPERIENCE_ITEM,
    GROUP_NAMES,
    PORTRAIT_ITEMS,
    SECURITY_ITEMS,
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
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import CM, FULL_WIDTH, INK, MUTED, series_style
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS_AND_ALL,
)


@styled
def portrait(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Who the respondents are: gender, ethnicity, education (shares) and experience (mean, range)."""
    fig = new_figure(FULL_WIDTH, 12 * CM)
    put_title(fig, _("Portrait of the respondents"))
    axes = fig.subplots(2, 2)
    shares = usable(tables, "survey_shares", ["wave", "item", "value", "group", "share"])
    if shares is not None:
        shares, _wave = latest_wave(rows_where(shares, "group", ALL))
    for ax, (item, (panel, values)) in zip(axes.flat, PORTRAIT_ITEMS.items()):
        ax.set_title(wrap(_(panel), 34))
        rows = None if shares is None else shares[as_text(shares["item"]) == item]
        if rows is None or len(rows) == 0 or np.isnan(as_floats(rows["share"])).all():
            no_data(ax, _)
            continue
        codes = in_order(as_text(rows["value"]), list(values))
        share = grid_of(rows.assign(_one="x"), "value", "_one", "share", codes, ["x"])[:, 0]
        _handles, extent = grouped_bars(
            ax,
            [wrap(_(values.get(c, c)), 14) for c in codes],
            [share],
            [series_style(0)],
            [shares_text(share, labels)],
        )
        value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.35, 1.35))
    _experience_panel(axes.flat[3], tables, labels, _)
    return fig


def _experience_panel(ax: Axes, tables: Tables, labels: Labels, _: Translate) -> None:
    """Years of experience by group: the range as a line, the mean as a dot, all three printed."""
    ax.set_title(wrap(_("Experience, years: mean (dot) and range"), 34))
    stats = usable(tables, "survey_stats", ["wave", "item", "group", "mean", "min", "max"])
    if stats is not None:
        stats, _wave = latest_wave(stats[as_text(stats["item"]) == EXPERIENCE_ITEM])
    if stats is None or len(stats) == 0 or np.isnan(as_floats(stats["mean"])).all():
        no_data(ax, _)
        return
    groups = in_order(as_text(stats["group"]), list(GROUPS_AND_ALL))
    values = {c: grid_of(stats, "group", "item", c, groups, [EXPERIENCE_ITEM])[:, 0] for c in ("mean", "min", "max")}
    pos = np.arange(len(groups), dtype="float64")
    ax.hlines(pos, values["min"], values["max"], color=MUTED, linewidth=1.2)
    ax.plot(values["min"], pos, "|", values["max"], pos, "|", color=MUTED, markersize=6)
    ax.plot(values["mean"], pos, "o", color=INK, markersize=4)
    for y, mean, lo, hi in zip(pos, values["mean"], values["min"], values["max"]):
        if np.isnan(mean):
            continue
        ax.annotate(
            labels.number(mean, 1),
            (mean, y),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=6.5,
        )
        for end in (lo, hi):
            if not np.isnan(end):
                ax.annotate(
                    labels.number(end, 0),
                    (end, y),
                    xytext=(0, -4),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=6,
                    color=MUTED,
                )
    ax.set_yticks(pos, [wrap(_(GROUP_NAMES.get(g, g)), 14) for g in groups])
    ax.set_ylim(len(groups) - 0.4, -0.6)
    top = np.nanmax(values["max"]) if not np.isnan(values["max"]).all() else np.nanmax(values["mean"])
    value_axis(ax, labels, horizontal=True, share=False, limit=max(top, 1.0) * 1.12)


@styled
def security_resources(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Shares answering yes to the security items (training, needs, protocol, ...) by group."""
    title = _("Security resources and needs")
    df = usable(tables, "survey_shares", ["wave", "item", "value", "group", "n", "share"])
    wave = None
    if df is not None:
        df, wave = latest_wave(df)
        key = as_text(df["item"]) + "=" + as_text(df["value"])
        df = df[key.isin([f"{item}={value}" for item, value, _label in SECURITY_ITEMS])]
    if df is None or len(df) == 0 or np.isnan(as_floats(df["share"])).all():
        return no_data_figure(title, _)
    items = [(item, label) for item, _value, label in SECURITY_ITEMS if item in set(as_text(df["item"]))]
    groups = in_order(as_text(df["group"]), list(GROUPS_AND_ALL))
    share = grid_of(df, "item", "group", "share", [i for i, _l in items], groups)

    fig = new_figure(FULL_WIDTH, bar_chart_height(len(items) * len(groups), per_bar_cm=0.32))
    put_title(fig, title)
    ax = fig.add_subplot()
    what = _("Share answering yes, among respondents who answered the question")
    put_subtitle(ax, f"{wave_text(wave, _)}. {what}")
    series = [share[:, j] for j in range(len(groups))]
    handles, extent = grouped_bars(
        ax,
        [wrap(_(label), 30) for _i, label in items],
        series,
        [series_style(j) for j in range(len(groups))],
        [shares_text(s, labels) for s in series],
    )
    value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.18, 1.18))
    figure_legend(fig, handles, [_(GROUP_NAMES.get(g, g)) for g in groups])
    return fig
