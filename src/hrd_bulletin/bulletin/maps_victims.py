"""The map of victim categories by region (the original bulletin's "map of categories"):
small multiples of the four categories with the most incidents, from ``victims_by_region``.

Journalists are the largest category in nearly every region, so a map of the dominant category
would be one colour; four maps side by side show where each group is attacked. Each map has its
own scale (the counts differ by an order of magnitude) and prints its counts; the panel title
gives the category's national total and share, a note the categories left out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from hrd_bulletin import i18n
from hrd_bulletin.bulletin import style
from hrd_bulletin.bulletin.maps_layout import MapCells, Scale, draw_regions, frame_titles, projected
from hrd_bulletin.contract.vocabulary import ALL

Gettext = Callable[[str], str]

PANELS = 4
VICTIMS_FIGSIZE = (style.FULL_WIDTH, 11.5 * style.CM)
# Figure fractions of the 2 x 2 panels: (left, bottom) of each, one width and height.
PANEL_ORIGINS = ((0.0, 0.49), (0.5, 0.49), (0.0, 0.085), (0.5, 0.085))
PANEL_SIZE = (0.5, 0.33)
PANEL_TITLE_WIDTH = 52  # characters per line of a panel title


def _season_rows(table: pd.DataFrame, season: str) -> pd.DataFrame:
    rows = table[table["season"].astype(str) == season]
    if rows.empty:
        raise ValueError(f"victims_by_region has no rows for season {season!r}")
    return rows.assign(region=rows["region"].astype(str), victim_category=rows["victim_category"].astype(str))


def top_categories(rows: pd.DataFrame, k: int = PANELS) -> tuple[list[str], list[str]]:
    """The ``k`` categories with the most incidents nationally (ties in table order), and the rest."""
    national = rows[(rows["region"] == ALL) & (rows["victim_category"] != ALL)]
    order = national.assign(_pos=np.arange(len(national))).sort_values(
        ["incidents", "_pos"], ascending=[False, True], kind="stable"
    )
    codes = list(order["victim_category"])
    return codes[:k], codes[k:]


def _panel_title(code: str, national: pd.Series, labels: Any, lang: str) -> str:
    count = i18n.fmt_int(national["incidents"], lang)
    share = "" if pd.isna(national["share"]) else f" ({i18n.fmt_percent(national['share'], lang, 0)})"
    text = f"{labels.victim_category(code)}: {count}{share}"
    return "\n".join(textwrap.wrap(text, PANEL_TITLE_WIDTH, break_long_words=False, break_on_hyphens=False))


def _panel(fig: Figure, i: int, shapes: gpd.GeoDataFrame, rows: pd.DataFrame, code: str, labels: Any) -> None:
    lang = labels.locale
    mine = rows[(rows["victim_category"] == code) & (rows["region"] != ALL)].set_index("region")
    values = {str(r): float(v) for r, v in mine["incidents"].items()}
    texts = {r: i18n.fmt_int(v, lang) for r, v in values.items()}
    # Its own scale, up to its largest count: the darkest region is where the group is hit most.
    scale = Scale(norm=Normalize(0.0, max([*values.values(), 1.0])), better=None)
    left, bottom = PANEL_ORIGINS[i]
    ax = fig.add_axes((left, bottom, *PANEL_SIZE), gid=f"panel-{code}")
    draw_regions(ax, shapes, MapCells(values, texts), scale, small=True)
    national = rows[(rows["victim_category"] == code) & (rows["region"] == ALL)].iloc[0]
    fig.text(
        left + 0.008,
        bottom + PANEL_SIZE[1] + 0.005,
        _panel_title(code, national, labels, lang),
        ha="left",
        va="bottom",
        fontsize=7.0,
        fontweight="bold",
        color=style.INK,
        linespacing=1.0,
        gid=f"panel-title-{code}",
    )


def victims_map(table: pd.DataFrame, season: str, boundaries: gpd.GeoDataFrame, labels: Any, _: Gettext) -> Figure:
    """Four small maps: incidents against each of the four largest victim categories, by region."""
    rows = _season_rows(table, season)
    shown, rest = top_categories(rows)
    codes = sorted(set(rows["region"]) - {ALL})
    shapes = projected(boundaries, codes)
    lang = labels.locale
    with style.chart_style():
        fig = Figure(figsize=VICTIMS_FIGSIZE, layout="none")
        title = _("Who was targeted, and where: incidents by victim category and region")
        frame_titles(fig, title, _("Whole period; each map has its own scale, darker = more incidents"))
        for i, code in enumerate(shown):
            _panel(fig, i, shapes, rows, code, labels)
        national = rows[rows["region"] == ALL].set_index("victim_category")
        if rest:
            others = "; ".join(
                f"{labels.victim_category(c)}: {i18n.fmt_int(national.loc[c, 'incidents'], lang)}" for c in rest
            )
            note = "\n".join(textwrap.wrap(_("Other categories: {list}").format(list=others), 125))
            fig.text(0.008, 0.012, note, ha="left", va="bottom", fontsize=6.5, color=style.MUTED, gid="note")
    return fig
