"""Chart of part IV: the media monitoring."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hrd_bulletin.bulletin.charts.draw import (
    Bars,
    Block,
    Translate,
    bar_chart_height,
    counts_text,
    new_figure,
    no_data_figure,
    panel_grid,
    styled,
)
from hrd_bulletin.bulletin.charts.labels import (
    CHANNEL_NAMES,
    TONE_NAMES,
    Labels,
)
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_text,
    by_value,
    grid_of,
    in_order,
    seasons_of,
    usable,
    wrap,
)
from hrd_bulletin.contract.vocabulary import (
    ALL,
    CHANNELS,
    TONES,
)
from hrd_bulletin.metrics.media import UNCODED


@styled
def media(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Media materials by channel and by tone, one panel per season (media_summary margins)."""
    df = usable(tables, "media_summary", ["season", "channel", "region", "tone", "materials"])
    seasons = [] if df is None else seasons_of(df)
    title = _("Media coverage of defenders")
    if not seasons:
        return no_data_figure(title, _)
    region_all = df[as_text(df["region"]) == ALL]
    blocks = []
    # Channels have no order: the largest first. Tones keep theirs (supportive to hostile).
    for name, dim, known, names, other, sort in (
        (_("Media items by channel"), "channel", CHANNELS, CHANNEL_NAMES, "tone", True),
        (_("Media items by tone"), "tone", (*TONES, UNCODED), TONE_NAMES, "channel", False),
    ):
        rows = region_all[(as_text(region_all[other]) == ALL) & (as_text(region_all[dim]) != ALL)]
        codes = in_order(as_text(rows[dim]), list(known))
        if not codes:
            continue
        # The cube is sparse: a combination without material has no row, i.e. 0 materials.
        grid = np.nan_to_num(grid_of(rows, dim, "season", "materials", codes, seasons), nan=0.0)
        if sort:
            order = by_value(grid.sum(axis=1))
            codes, grid = [codes[i] for i in order], grid[order]
        bars = [Bars(grid[:, j], counts_text(grid[:, j], labels)) for j in range(len(seasons))]
        blocks.append(Block(name, [wrap(_(names.get(c, c)), 24) for c in codes], bars))
    if not blocks:
        return no_data_figure(title, _)
    top = max(float(np.max(b.ends())) for block in blocks for b in block.bars)
    n_rows = sum(len(b.categories) + 2 for b in blocks)
    fig, body = new_figure(bar_chart_height(n_rows, per_bar_cm=0.42), title, _("Number of media items"))
    panel_grid(body, blocks, [labels.season(s) for s in seasons], labels, share=False, limit=max(top, 1.0) * 1.18)
    return fig
