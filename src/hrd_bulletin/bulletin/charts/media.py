"""Chart of part IV: the media monitoring."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Translate,
    axes_legend,
    bar_chart_height,
    counts_text,
    grouped_bars,
    new_figure,
    no_data,
    put_title,
    styled,
    value_axis,
)
from hrd_bulletin.bulletin.charts.labels import (
    CHANNEL_NAMES,
    TONE_NAMES,
    Labels,
)
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_text,
    grid_of,
    in_order,
    seasons_of,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import FULL_WIDTH, series_style
from hrd_bulletin.contract.vocabulary import (
    ALL,
    CHANNELS,
    TONES,
)
from hrd_bulletin.metrics.media import UNCODED


@styled
def media(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Media materials per season by channel and by tone (media_summary margins)."""
    df = usable(tables, "media_summary", ["season", "channel", "region", "tone", "materials"])
    seasons = [] if df is None else seasons_of(df)
    fig = new_figure(FULL_WIDTH, bar_chart_height(max(len(seasons), 1) * 7, fixed_cm=5.0, per_bar_cm=0.3))
    put_title(fig, _("Media coverage of defenders"))
    top, bottom = fig.subplots(2, 1)
    top.set_title(_("Materials by channel"))
    bottom.set_title(_("Materials by tone"))
    if not seasons:
        no_data(top, _)
        no_data(bottom, _)
        return fig
    region_all = df[as_text(df["region"]) == ALL]
    panels = (
        (top, "channel", CHANNELS, CHANNEL_NAMES, "tone"),
        (bottom, "tone", (*TONES, UNCODED), TONE_NAMES, "channel"),
    )
    for ax, dim, known, names, other in panels:
        rows = region_all[(as_text(region_all[other]) == ALL) & (as_text(region_all[dim]) != ALL)]
        codes = in_order(as_text(rows[dim]), list(known))
        if not codes:
            no_data(ax, _)
            continue
        # The cube is sparse: a combination without material has no row, i.e. 0 materials.
        grid = np.nan_to_num(grid_of(rows, dim, "season", "materials", codes, seasons), nan=0.0)
        series = [grid[i, :] for i in range(len(codes))]
        handles, extent = grouped_bars(
            ax,
            [wrap(labels.season(s), 22) for s in seasons],
            series,
            [series_style(i) for i in range(len(codes))],
            [counts_text(s, labels) for s in series],
        )
        value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
        axes_legend(ax, handles, [_(names.get(c, c)) for c in codes])
    bottom.set_xlabel(_("Number of materials"))
    return fig
