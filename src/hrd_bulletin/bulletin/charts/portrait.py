"""Charts of part I: who the respondents are and the means of protection they have."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Bars,
    Translate,
    bar_chart_height,
    hbars,
    new_figure,
    no_data,
    no_data_figure,
    panel_row,
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
from hrd_bulletin.bulletin.charts.security import group_columns
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_floats,
    as_text,
    by_value,
    grid_of,
    in_order,
    latest_wave,
    rows_where,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import CATEGORICAL, CM, MUTED
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS_AND_ALL,
)


@styled
def portrait(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Who the respondents are: gender, ethnicity, education (shares) and experience (mean, range)."""
    shares = usable(tables, "survey_shares", ["wave", "item", "value", "group", "share"])
    wave = None
    if shares is not None:
        shares, wave = latest_wave(rows_where(shares, "group", ALL))
    what = _("Share of respondents who answered the question")
    fig, body = new_figure(12 * CM, _("Portrait of the respondents"), f"{wave_text(wave, _)}. {what}")
    axes = body.subplots(2, 2)
    for ax, (item, (panel, values)) in zip(axes.flat, PORTRAIT_ITEMS.items()):
        ax.set_title(wrap(_(panel), 34))
        rows = None if shares is None else shares[as_text(shares["item"]) == item]
        if rows is None or len(rows) == 0 or np.isnan(as_floats(rows["share"])).all():
            no_data(ax, _)
            continue
        # The answers keep their order (education levels, the larger groups first).
        codes = in_order(as_text(rows["value"]), list(values))
        share = grid_of(rows.assign(_one="x"), "value", "_one", "share", codes, ["x"])[:, 0]
        end = hbars(ax, [wrap(_(values.get(c, c)), 14) for c in codes], Bars(share, shares_text(share, labels)))
        value_axis(ax, labels, horizontal=True, share=True, limit=min(max(end, 0.1) * 1.3, 1.3))
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
    ax.plot(values["mean"], pos, "o", color=CATEGORICAL[0], markersize=4.5)
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
    """Shares answering yes to the security items (training, needs, protocol, ...), one panel per group."""
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
    order = by_value(share[:, groups.index(ALL) if ALL in groups else 0])
    items, share = [items[i] for i in order], share[order]

    what = _("Share answering yes, among respondents who answered the question")
    fig, body = new_figure(bar_chart_height(len(items), per_bar_cm=0.62), title, f"{wave_text(wave, _)}. {what}")
    bars = [Bars(share[:, j], shares_text(share[:, j], labels)) for j in range(len(groups))]
    top = max(float(np.nanmax(b.ends())) for b in bars)
    panel_row(
        body,
        [wrap(_(label), 28) for _i, label in items],
        group_columns(df, groups, labels, _),
        bars,
        labels,
        share=True,
        limit=min(max(top, 0.1) * 1.35, 1.35),
    )
    return fig
