"""Charts of part V: the levels of the risk indices and their change between survey waves."""

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
    pooled_text,
    scale_legend,
    stacked_shares,
    styled,
    value_axis,
)
from hrd_bulletin.bulletin.charts.labels import (
    INDEX_LEVEL_NAMES,
    INDEX_NAMES,
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
    INDEX_LEVELS,
    INDICES,
)

# The indices scored on 1-5 scales; risk (threats x vulnerability / resources) is a ratio.
RISK = "risk"
SCALED = tuple(i for i in INDICES if i != RISK)
# Wave colours: the earlier wave light, the later one dark (draw.dumbbells).
EARLIER, LATER = DUMBBELL_EARLIER, DUMBBELL_LATER


@styled
def index_levels(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Distribution of low / medium / high levels of each index (latest wave, all respondents)."""
    title = _("Levels of the risk indices")
    df = usable(tables, "index_levels", ["wave", "index", "level", "group", "n", "share"])
    wave = None
    if df is not None:
        df, wave = latest_wave(rows_where(df, "group", ALL))
    if df is None or len(df) == 0 or np.isnan(as_floats(df["share"])).all():
        return no_data_figure(title, _)
    names = in_order(as_text(df["index"]), list(INDICES))
    levels = in_order(as_text(df["level"]), list(INDEX_LEVELS))
    shares = grid_of(df, "index", "level", "share", names, levels)

    n = unique_n(df["n"])
    fig, body = new_figure(bar_chart_height(len(names) * 2), title, pooled_text(wave, n, labels, _))
    ax = body.add_subplot()
    handles = stacked_shares(
        ax, [wrap(_(INDEX_NAMES.get(i, i)), 22) for i in names], shares, sequential(len(levels)), labels
    )
    scale_legend(body, handles, [_(INDEX_LEVEL_NAMES.get(lv, lv)) for lv in levels])
    return fig


def _wave_values(df: pd.DataFrame, index: str, regions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    rows = df[as_text(df["index"]) == index]
    before = grid_of(rows, "region", "index", "value_from", regions, [index])[:, 0]
    after = grid_of(rows, "region", "index", "value_to", regions, [index])[:, 0]
    return before, after


@styled
def index_dynamics(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """The indices in the last two survey waves: nationally, and the risk index by region."""
    title = _("The indices in the two survey waves")
    df = usable(tables, "index_dynamics", ["region", "index", "wave_from", "wave_to", "value_from", "value_to"])
    if df is None or np.isnan(as_floats(df["value_to"])).all():
        return no_data_figure(title, _)
    w0, w1 = int(np.nanmin(as_floats(df["wave_from"]))), int(np.nanmax(as_floats(df["wave_to"])))
    if w0 > 1:
        # Waves are numbered from 1: a later first wave means the survey has more than these two.
        title = _("The indices in survey waves {before} and {after}").format(before=w0, after=w1)
    regions = [r for r in in_order(as_text(df["region"]), list(labels.regions)) if r != ALL]
    scaled = [i for i in SCALED if i in set(as_text(df["index"]))]
    before, after = _wave_values(df, RISK, regions)
    order = by_value(after)
    regions = [ALL] + [regions[i] for i in order]
    what = _("Mean index of the respondents; — : withheld (too few respondents in the region)")
    fig, body = new_figure(bar_chart_height(len(scaled) + len(regions) + 4, per_bar_cm=0.4), title, what)
    top, bottom = blocks_of(
        body,
        [len(scaled) + 2, len(regions)],
        [_("Kazakhstan: indices on a 1-5 scale"), _("Risk index by region (threats × vulnerability / resources)")],
    )
    national = [_wave_values(df, i, [ALL]) for i in scaled]
    ax = top.add_subplot()
    dumbbells(
        ax,
        [_(INDEX_NAMES.get(i, i)) for i in scaled],
        np.array([b[0] for b, _a in national]),
        np.array([a[0] for _b, a in national]),
        labels,
    )
    ax.set_xlim(1, 5)
    ax.set_xticks([1, 2, 3, 4, 5], [labels.number(v) for v in (1, 2, 3, 4, 5)])
    before, after = _wave_values(df, RISK, regions)
    ax = bottom.add_subplot()
    names = [_("Kazakhstan") if r == ALL else labels.region(r) for r in regions]
    dumbbells(ax, names, before, after, labels)
    ax.get_yticklabels()[0].set_fontweight("bold")
    value_axis(ax, labels, horizontal=True, share=False, limit=float(np.nanmax(np.fmax(before, after))) * 1.15)
    wave = _("Survey wave")
    keys = [Line2D([], [], marker="o", color=c, linestyle="none", markersize=5) for c in (EARLIER, LATER)]
    top.legend(keys, [f"{wave} {w0}", f"{wave} {w1}"], loc="outside upper right", ncols=2)
    return fig
