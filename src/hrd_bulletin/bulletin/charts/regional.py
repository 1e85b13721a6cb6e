"""Chart of part V: the levels of the risk indices."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Translate,
    bar_chart_height,
    figure_legend,
    new_figure,
    no_data_figure,
    pooled_text,
    put_subtitle,
    put_title,
    stacked_shares,
    styled,
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
    grid_of,
    in_order,
    latest_wave,
    rows_where,
    unique_n,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import FULL_WIDTH, sequential
from hrd_bulletin.contract.vocabulary import (
    ALL,
    INDEX_LEVELS,
    INDICES,
)


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

    fig = new_figure(FULL_WIDTH, bar_chart_height(len(names) * 2))
    put_title(fig, title)
    ax = fig.add_subplot()
    n = unique_n(df["n"])
    put_subtitle(ax, pooled_text(wave, n, labels, _))
    handles = stacked_shares(
        ax, [wrap(_(INDEX_NAMES.get(i, i)), 22) for i in names], shares, sequential(len(levels)), labels
    )
    figure_legend(fig, handles, [_(INDEX_LEVEL_NAMES.get(lv, lv)) for lv in levels])
    return fig
