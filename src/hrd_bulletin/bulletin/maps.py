"""Choropleth maps of the 16 regions of 2015-2017: the risk indices, the incidents per season and
the victims of incidents by category.

Maps draw metric tables, never compute a statistic: values come from ``regional_indices``,
``incidents_by_region`` and ``victims_by_region`` as they are, and are only formatted here.
Each map has a ranked bar beside it; maps meant to be compared share one colour scale (every
season of the incident map; every wave of an index), and darker always means more risk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from hrd_bulletin import i18n
from hrd_bulletin.bulletin import style
from hrd_bulletin.bulletin.catalog import Drawing
from hrd_bulletin.bulletin.maps_layout import (
    SUPPRESSED_FACE,
    SUPPRESSED_HATCH,
    MapCells,
    Scale,
    draw_colorbar,
    draw_ranked,
    draw_regions,
    fit_ranked_axes,
    frame_titles,
    map_aspect,
    nice_ceiling,
    projected,
    ranked,
    short_names,
    ticks_for,
)
from hrd_bulletin.bulletin.maps_victims import victims_map
from hrd_bulletin.bulletin.msgids import keyed
from hrd_bulletin.contract.vocabulary import ALL, INDICES

Gettext = Callable[[str], str]

# The index each index map of the catalog shows (map_incidents is per season, map_victims by
# victim category).
INDEX_MAPS: Mapping[str, str] = {
    "map_threats": "threats",
    "map_vulnerability": "vulnerability",
    "map_resources": "resources",
    "map_risk": "risk",
    "map_security": "security",
}
# The maps are about 11 cm wide for 41 degrees of longitude: 0.05 degrees (Visvalingam-Whyatt,
# GEOS) moves no border by more than about 0.25 mm, and halves the points every PDF must draw.
SIMPLIFY_DEGREES = 0.05
# Indices where a high value is good for defenders: their scale is flipped (darker = lower).
HIGHER_IS_BETTER: frozenset[str] = frozenset({"resources", "security"})

# The figure: a band for the title, the map on the left (its colour bar inside its empty
# south-west corner), the ranked bar on the right. Lengths in cm, widths as figure fractions.
TITLE_BAND = 1.05
MAP_WIDTH = 0.69
RANKED_SPAN = (0.70, 0.99)
RANKED_TOP_GAP = 0.45  # room above the bars for the national value's label
RANKED_BOTTOM = (0.15, 0.6)  # without / with the "suppressed" legend under the bars


class RegionLabels(Protocol):
    """What the maps need to name things: region and victim-category names, the edition's locale."""

    @property
    def locale(self) -> str:
        """Babel locale of the edition ("ru" / "en")."""
        ...

    def region(self, code: str) -> str:
        """Name of a region code in the edition's language."""
        ...

    def victim_category(self, code: str) -> str:
        """Name of a victim category code in the edition's language."""
        ...


def read_boundaries(path: str) -> gpd.GeoDataFrame:
    """Read ``regions_2015.geojson`` (columns ``region``, ``geometry``), sorted by region, with
    the borders simplified for print (``SIMPLIFY_DEGREES``)."""
    frame = gpd.read_file(path)
    frame = frame[["region", "geometry"]].sort_values("region", ignore_index=True)
    # As one coverage, so that neighbours keep one shared border (no slivers or gaps).
    frame["geometry"] = shapely.coverage_simplify(frame.geometry.values, SIMPLIFY_DEGREES)
    return frame


# --------------------------------------------------------------------------- scales


def _finite(values: Sequence[float | None]) -> np.ndarray:
    array = np.array([np.nan if v is None else v for v in values], dtype=float)
    return array[np.isfinite(array)]


def index_norm(values: Sequence[float | None]) -> tuple[float, float]:
    """The scale of an index: its values of every wave, to the half point outside them."""
    finite = _finite(values)
    if finite.size == 0:
        return 1.0, 5.0
    low = math.floor(finite.min() * 2) / 2
    high = math.ceil(finite.max() * 2) / 2
    return low, max(high, low + 0.5)


def _index_step(low: float, high: float) -> float:
    return next(step for step in (0.5, 1.0, 2.0, 5.0) if (high - low) / step <= 6)


def count_norm(values: Sequence[float | None]) -> tuple[float, float]:
    """The scale of counts: from 0 to a round number at or above the largest."""
    finite = _finite(values)
    return 0.0, nice_ceiling(float(finite.max()) if finite.size else 0.0)


# --------------------------------------------------------------------------- the figure


def _skeleton(shapes: gpd.GeoDataFrame, legend: bool) -> tuple[Figure, Any, Any]:
    """The figure sized to the map's aspect, with the map's and the ranked bar's axes."""
    width = style.FULL_WIDTH / style.CM
    map_height = MAP_WIDTH * width / map_aspect(shapes)
    height = TITLE_BAND + map_height + 0.1
    # layout="none": the pieces are placed by hand, so that every label stays in the frame.
    fig = Figure(figsize=(style.FULL_WIDTH, height * style.CM), layout="none")
    ax = fig.add_axes((0.0, 0.1 / height, MAP_WIDTH, map_height / height), gid="map")
    bottom = RANKED_BOTTOM[legend] / height
    top = 1.0 - (TITLE_BAND + RANKED_TOP_GAP) / height
    bar_ax = fig.add_axes((RANKED_SPAN[0], bottom, RANKED_SPAN[1] - RANKED_SPAN[0], top - bottom), gid="ranked")
    return fig, ax, bar_ax


def _values(frame: pd.DataFrame, column: str, codes: Sequence[str]) -> dict[str, float | None]:
    series = frame.set_index("region")[column].reindex(list(codes))
    numbers = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return {code: (None if np.isnan(v) else float(v)) for code, v in zip(codes, numbers, strict=True)}


def _choropleth(
    boundaries: gpd.GeoDataFrame,
    cells: MapCells,
    scale: Scale,
    labels: RegionLabels,
    _: Gettext,
    national: tuple[float, str] | None = None,
) -> tuple[Figure, Any]:
    """The map with its ranked bar; returns the figure and the map's axes."""
    codes = sorted(cells.values)
    shapes = projected(boundaries, codes)
    names = short_names(codes, labels.region, _)
    cells = MapCells(cells.values, cells.texts, names)
    suppressed = any(v is None for v in cells.values.values())
    with style.chart_style():
        fig, ax, bar_ax = _skeleton(shapes, suppressed)
        draw_regions(ax, shapes, cells, scale)
        draw_ranked(bar_ax, ranked(cells, names, scale), scale, national)
        fit_ranked_axes(fig, bar_ax, left=RANKED_SPAN[0], right=RANKED_SPAN[1])
        if suppressed:
            fig.legend(
                handles=[_suppressed_patch(_)],
                loc="lower left",
                bbox_to_anchor=(RANKED_SPAN[0], 0.0),
                fontsize=6.5,
                handlelength=1.4,
                borderpad=0.2,
            )
    return fig, ax


def _suppressed_patch(_: Gettext) -> Patch:
    return Patch(
        facecolor=SUPPRESSED_FACE,
        hatch=SUPPRESSED_HATCH,
        edgecolor=style.MUTED,
        linewidth=0.5,
        label=_("suppressed: too few respondents"),
    )


def _index_title(index: str, _: Gettext) -> str:
    # Literal msgids inside _() so that the catalog extraction finds them.
    titles = keyed(
        INDICES,
        _("Threats index by region"),
        _("Vulnerability index by region"),
        _("Resources index by region"),
        _("Risk index by region"),
        _("Security self-rating by region"),
    )
    return titles[index]


def index_map(
    regional: pd.DataFrame,
    index: str,
    boundaries: gpd.GeoDataFrame,
    labels: RegionLabels,
    _: Gettext,
) -> Figure:
    """Choropleth of one regional index (latest wave) on the scale of every wave, ranked bar beside.

    Suppressed regions are hatched and ranked last; the national value is a line on the bar.
    """
    if index not in INDICES:
        raise ValueError(f"unknown index {index!r}; expected one of {list(INDICES)}")
    wave = regional["wave"].max()
    latest = regional[regional["wave"] == wave]
    codes = sorted(str(c) for c in latest["region"] if str(c) != ALL)
    lang = labels.locale
    values = _values(latest, index, codes)
    flags = latest.set_index("region")["suppressed"].reindex(codes).fillna(False).astype(bool)
    values.update({code: None for code in codes if bool(flags[code])})
    texts = {code: None if v is None else i18n.fmt_decimal(v, lang, 1) for code, v in values.items()}
    national = _values(latest, index, [ALL])[ALL]
    shown = regional[~regional["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    low, high = index_norm(list(shown[index].astype("Float64").to_numpy(dtype=float, na_value=np.nan)))
    scale = Scale(norm=Normalize(low, high), better="high" if index in HIGHER_IS_BETTER else "low")
    national_mark = None
    if national is not None:
        national_mark = (national, _("Kazakhstan: {value}").format(value=i18n.fmt_decimal(national, lang, 1)))
    fig, ax = _choropleth(boundaries, MapCells(values, texts), scale, labels, _, national_mark)
    n = _values(latest, "n", [ALL])[ALL]
    with style.chart_style():
        subtitle = _("Survey wave {wave}").format(wave=int(wave))
        if n is not None:
            subtitle = _("Survey wave {wave}, {n} respondents").format(wave=int(wave), n=i18n.fmt_int(n, lang))
        frame_titles(fig, _index_title(index, _), subtitle)
        label = _("Risk = threats × vulnerability / resources") if index == "risk" else _("Mean of the index (1–5)")
        ticks = ticks_for(scale.norm, _index_step(low, high))
        draw_colorbar(ax, scale, label, lambda v: i18n.fmt_decimal(v, lang, 1), ticks, _("better"))
    return fig


def incidents_map(
    by_region: pd.DataFrame,
    season: str,
    boundaries: gpd.GeoDataFrame,
    labels: RegionLabels,
    _: Gettext,
    season_label: str | None = None,
) -> Figure:
    """Choropleth of the incidents of one season (``all`` = whole period) per region, counts printed.

    The colour scale spans every season and the whole period, so that the maps compare.
    """
    rows = by_region[(by_region["season"].astype(str) == season) & (by_region["region"].astype(str) != ALL)]
    if rows.empty:
        raise ValueError(f"incidents_by_region has no rows for season {season!r}")
    codes = sorted(rows["region"].astype(str))
    lang = labels.locale
    values = _values(rows.assign(region=rows["region"].astype(str)), "incidents", codes)
    texts = {code: None if v is None else i18n.fmt_int(v, lang) for code, v in values.items()}
    every = by_region.loc[by_region["region"].astype(str) != ALL, "incidents"]
    low, high = count_norm(list(every.astype("Float64").to_numpy(dtype=float, na_value=np.nan)))
    scale = Scale(norm=Normalize(low, high), better=None)
    fig, ax = _choropleth(boundaries, MapCells(values, texts), scale, labels, _)
    with style.chart_style():
        if season == ALL:
            title = _("Incidents by region, whole period")
        else:
            title = _("Incidents by region, {season}").format(season=season_label or season)
        frame_titles(fig, title, _("One colour scale for every season and the whole period"))
        ticks = ticks_for(scale.norm, high / 4 if high >= 4 else 1.0)
        draw_colorbar(ax, scale, _("Number of incidents"), lambda v: i18n.fmt_int(v, lang), ticks, _("better"))
    return fig


def draw_map(
    drawing: Drawing,
    tables: Mapping[str, pd.DataFrame],
    boundaries: gpd.GeoDataFrame,
    labels: RegionLabels,
    _: Gettext,
    season_label: str | None = None,
) -> Figure:
    """The map of one drawing of the catalog, from the metric table the catalog names for it."""
    (table,) = drawing.figure.tables
    if drawing.figure.name == "map_victims":
        return victims_map(tables[table], ALL, boundaries, labels, _)
    if drawing.season is not None:
        return incidents_map(tables[table], drawing.season, boundaries, labels, _, season_label=season_label)
    return index_map(tables[table], INDEX_MAPS[drawing.figure.name], boundaries, labels, _)


__all__ = ["INDEX_MAPS", "RegionLabels", "draw_map", "incidents_map", "index_map", "read_boundaries", "victims_map"]
