"""Choropleth maps of the 16 regions of 2015-2017: the risk indices and the incidents per season.

Maps draw metric tables, never compute a statistic: values come from ``regional_indices``
(latest wave) and ``incidents_by_region`` as they are, and are only formatted here.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from shapely.ops import polylabel

from hrd_bulletin import i18n
from hrd_bulletin.boundaries import ALBERS_KZ
from hrd_bulletin.bulletin import style
from hrd_bulletin.bulletin.catalog import Drawing
from hrd_bulletin.bulletin.msgids import keyed
from hrd_bulletin.contract.vocabulary import ALL, INDICES

Gettext = Callable[[str], str]

# The index each index map of the catalog shows (the other map, map_incidents, is per season).
INDEX_MAPS: Mapping[str, str] = {
    "map_threats": "threats",
    "map_vulnerability": "vulnerability",
    "map_resources": "resources",
    "map_risk": "risk",
    "map_security": "security",
}

# The two cities are a few pixels wide: their labels sit outside, joined by a leader line.
# Offsets in metres in the map projection (Albers, x east, y north), chosen by eye: Astana's
# label goes south-east into Karaganda's empty north, clear of Akmola's and Pavlodar's labels;
# Almaty's south over the border, where the map is empty.
CITY_LABEL_OFFSETS: dict[str, tuple[float, float]] = {
    "AST": (160_000.0, -160_000.0),
    "ALA": (60_000.0, -150_000.0),
}
# Label positions that the pole of inaccessibility puts badly (metres): South Kazakhstan's
# pole sits low on the neck between its two lobes.
LABEL_NUDGES: dict[str, tuple[float, float]] = {
    "YUZ": (30_000.0, 30_000.0),
    # Karaganda's label moves south, making room for Astana's.
    "KAR": (0.0, -130_000.0),
}

FIGSIZE = (style.FULL_WIDTH, 10 * style.CM)
CMAP = LinearSegmentedColormap.from_list("hrd_sequential", list(style.SEQUENTIAL))
SUPPRESSED_FACE = "#e0e0e0"
SUPPRESSED_HATCH = "/////"
BORDER = "#ffffff"
NAME_SIZE = 5.2
VALUE_SIZE = 7.0
NAME_WIDTH = 14  # characters per line of a region name on the map


class RegionLabels(Protocol):
    """What the maps need to name things: region names and the edition's locale."""

    @property
    def locale(self) -> str:
        """Babel locale of the edition ("ru" / "en")."""
        ...

    def region(self, code: str) -> str:
        """Name of a region code in the edition's language."""
        ...


def read_boundaries(path: str) -> gpd.GeoDataFrame:
    """Read ``regions_2015.geojson`` (columns ``region``, ``geometry``), sorted by region."""
    frame = gpd.read_file(path)
    return frame[["region", "geometry"]].sort_values("region", ignore_index=True)


# --------------------------------------------------------------------------- geometry


def _ring_path(ring: Any) -> MplPath:
    return MplPath(np.asarray(ring.coords)[:, :2], closed=True)


def _geometry_path(geom: Any) -> MplPath:
    # Exteriors counter-clockwise, holes clockwise: the non-zero fill rule leaves Akmola's
    # hole (Astana) empty.
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    rings = [_ring_path(ring) for part in shapely.get_parts(oriented) for ring in (part.exterior, *part.interiors)]
    return MplPath.make_compound_path(*rings)


def _anchor(geom: Any) -> tuple[float, float]:
    # The pole of inaccessibility of the largest part: inside the shape and away from its
    # edges (a centroid of Akmola would fall on Astana).
    largest = max(shapely.get_parts(geom), key=lambda part: part.area)
    point = polylabel(largest, tolerance=1_000.0)
    return point.x, point.y


def _projected(boundaries: gpd.GeoDataFrame, codes: Sequence[str]) -> gpd.GeoDataFrame:
    present = set(boundaries["region"])
    missing = [code for code in codes if code not in present]
    if missing:
        raise ValueError(f"no boundary for region(s) {missing}")
    return boundaries.to_crs(ALBERS_KZ).set_index("region")


# --------------------------------------------------------------------------- drawing


def _norm_for_indices(values: np.ndarray) -> Normalize:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return Normalize(1.0, 5.0)
    # Half-point steps keep the colour bar's ends readable (2,5 - 3,5).
    low = math.floor(finite.min() * 2) / 2
    high = math.ceil(finite.max() * 2) / 2
    if high <= low:
        high = low + 0.5
    return Normalize(low, high)


def _norm_for_counts(values: np.ndarray) -> Normalize:
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 0.0
    return Normalize(0.0, max(top, 1.0))


def _short_names(codes: Sequence[str], labels: RegionLabels, _: Gettext) -> dict[str, str]:
    # On a map of oblasts the word "Region" / "область" only costs room; the translated msgid
    # says which word to drop, so this works for every edition. A name that would then read
    # like another unit's (Almaty Region -> Almaty, the city) keeps the word.
    word = " " + _("Region")
    full = {code: labels.region(code) for code in codes}
    taken = set(full.values())
    short = {}
    for code, name in full.items():
        cut = name[: -len(word)] if name.endswith(word) else name
        short[code] = name if cut != name and cut in taken else cut
    return {code: "\n".join(textwrap.wrap(name, NAME_WIDTH, break_long_words=False)) for code, name in short.items()}


def _draw_map(
    boundaries: gpd.GeoDataFrame,
    values: Mapping[str, float | None],
    texts: Mapping[str, str | None],
    norm: Normalize,
    labels: RegionLabels,
    _: Gettext,
) -> tuple[Figure, Any]:
    """The common map: regions filled by value (hatched where the value is None), names, values."""
    codes = sorted(values)
    shapes = _projected(boundaries, codes)
    names = _short_names(codes, labels, _)
    with style.chart_style():
        fig = Figure(figsize=FIGSIZE)
        ax = fig.add_subplot()
        ax.set_aspect("equal")
        ax.set_axis_off()
        for code in codes:
            value = values[code]
            suppressed = value is None or not math.isfinite(value)
            face = SUPPRESSED_FACE if suppressed else to_hex(CMAP(norm(value)))
            patch = PathPatch(
                _geometry_path(shapes.geometry[code]),
                facecolor=face,
                edgecolor=BORDER,
                linewidth=0.6,
                hatch=SUPPRESSED_HATCH if suppressed else None,
                hatchcolor=style.MUTED if suppressed else None,
                gid=f"region-{code}",
            )
            # add_artist, not add_patch: add_patch walks every Bezier segment of the border in
            # Python to grow the data limits (a second per job), and the limits are set below.
            ax.add_artist(patch)
            ink = "#ffffff" if style.is_dark(face) else style.INK
            x, y = _anchor(shapes.geometry[code])
            dx, dy = LABEL_NUDGES.get(code, (0.0, 0.0))
            if code in CITY_LABEL_OFFSETS:
                _city_label(ax, code, (x, y), texts[code], names[code], face)
            else:
                _region_label(ax, code, (x + dx, y + dy), texts[code], names[code], ink)
        xmin, ymin, xmax, ymax = shapes.total_bounds
        pad = 0.03 * (xmax - xmin)
        ax.set_xlim(xmin - pad, xmax + pad)
        ax.set_ylim(ymin - 2 * pad, ymax + pad)
    return fig, ax


def _region_label(ax: Any, code: str, xy: tuple[float, float], text: str | None, name_text: str, ink: str) -> None:
    name = ax.text(
        *xy,
        name_text,
        ha="center",
        va="bottom",
        fontsize=NAME_SIZE,
        color=ink,
        linespacing=1.0,
        gid=f"name-{code}",
    )
    name.set_in_layout(False)
    if text is not None:
        value = ax.text(
            *xy,
            text,
            ha="center",
            va="top",
            fontsize=VALUE_SIZE,
            fontweight="bold",
            color=ink,
            gid=f"value-{code}",
        )
        value.set_in_layout(False)


def _city_label(ax: Any, code: str, xy: tuple[float, float], text: str | None, name_text: str, face: str) -> None:
    dx, dy = CITY_LABEL_OFFSETS[code]
    target = (xy[0] + dx, xy[1] + dy)
    # A white halo keeps the label legible over any fill it lands on.
    halo = [patheffects.withStroke(linewidth=2.2, foreground="#ffffff")]
    ax.annotate(
        "",
        xy=xy,
        xytext=target,
        gid=f"leader-{code}",
        arrowprops={"arrowstyle": "-", "color": style.INK, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 0},
    ).set_in_layout(False)
    # The city itself is a few pixels: a dot in its fill colour carries the value's shade.
    ax.plot(
        *xy,
        marker="o",
        markersize=4.5,
        markerfacecolor=face,
        markeredgecolor=style.INK,
        markeredgewidth=0.6,
        gid=f"city-{code}",
    )
    # The leader ends at the label block's edge nearest to the city: the block hangs below
    # the end of the line when it goes south, sits on top of it otherwise.
    below = dy < 0
    first, second = ("top", -1.0) if below else ("bottom", 1.0)
    lines = [(name_text, NAME_SIZE + 0.6, "normal", f"name-{code}")]
    if text is not None:
        lines.append((text, VALUE_SIZE, "bold", f"value-{code}"))
    if not below:
        lines.reverse()
    offset = 0.0
    for content, size, weight, gid in lines:
        artist = ax.annotate(
            content,
            xy=target,
            xytext=(0.0, offset),
            textcoords="offset points",
            ha="center",
            va=first,
            fontsize=size,
            fontweight=weight,
            color=style.INK,
            path_effects=halo,
            gid=gid,
        )
        artist.set_in_layout(False)
        offset += second * size * 1.2


def _colorbar(fig: Figure, ax: Any, norm: Normalize, label: str, fmt: Callable[[float], str], integer: bool) -> None:
    mappable = ScalarMappable(norm=norm, cmap=CMAP)
    bar = fig.colorbar(mappable, ax=ax, orientation="horizontal", shrink=0.45, aspect=30, pad=0.02)
    bar.outline.set_linewidth(0.4)
    bar.ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=integer))
    bar.ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v)))
    bar.ax.tick_params(labelsize=6.5, length=2)
    bar.set_label(label, fontsize=7)


def _values(frame: pd.DataFrame, column: str, codes: Sequence[str]) -> dict[str, float | None]:
    series = frame.set_index("region")[column].reindex(list(codes))
    numbers = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return {code: (None if np.isnan(v) else float(v)) for code, v in zip(codes, numbers, strict=True)}


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
    """Choropleth of one regional index (latest wave); suppressed regions hatched, national in the legend."""
    if index not in INDICES:
        raise ValueError(f"unknown index {index!r}; expected one of {list(INDICES)}")
    latest = regional[regional["wave"] == regional["wave"].max()]
    codes = sorted(str(c) for c in latest["region"] if str(c) != ALL)
    lang = labels.locale
    values = _values(latest, index, codes)
    suppressed_flags = latest.set_index("region")["suppressed"].reindex(codes).fillna(False).astype(bool)
    for code in codes:
        if bool(suppressed_flags[code]):
            values[code] = None
    texts = {code: None if v is None else i18n.fmt_decimal(v, lang, 1) for code, v in values.items()}
    national = _values(latest, index, [ALL])[ALL]
    array = np.array([np.nan if v is None else v for v in [*values.values(), national]], dtype=float)
    norm = _norm_for_indices(array)
    fig, ax = _draw_map(boundaries, values, texts, norm, labels, _)
    with style.chart_style():
        ax.set_title(_index_title(index, _))
        handles = []
        if national is not None:
            handles.append(
                Patch(
                    facecolor=to_hex(CMAP(norm(national))),
                    edgecolor=style.MUTED,
                    linewidth=0.5,
                    label=_("Kazakhstan overall: {value}").format(value=i18n.fmt_decimal(national, lang, 1)),
                )
            )
        if any(v is None for v in values.values()):
            handles.append(
                Patch(
                    facecolor=SUPPRESSED_FACE,
                    hatch=SUPPRESSED_HATCH,
                    edgecolor=style.MUTED,
                    linewidth=0.5,
                    label=_("suppressed: too few respondents"),
                )
            )
        if handles:
            ax.legend(handles=handles, loc="lower left", fontsize=6.5)
        _colorbar(
            fig,
            ax,
            norm,
            _("Mean of the index (1 = low, 5 = high)")
            if index != "risk"
            else _("Risk = threats × vulnerability / resources"),
            lambda v: i18n.fmt_decimal(v, lang, 1),
            integer=False,
        )
    return fig


def incidents_map(
    by_region: pd.DataFrame,
    season: str,
    boundaries: gpd.GeoDataFrame,
    labels: RegionLabels,
    _: Gettext,
    season_label: str | None = None,
) -> Figure:
    """Choropleth of the incidents of one season (``all`` = whole period) per region, counts printed."""
    rows = by_region[(by_region["season"].astype(str) == season) & (by_region["region"].astype(str) != ALL)]
    if rows.empty:
        raise ValueError(f"incidents_by_region has no rows for season {season!r}")
    codes = sorted(rows["region"].astype(str))
    lang = labels.locale
    values = _values(rows.assign(region=rows["region"].astype(str)), "incidents", codes)
    texts = {code: None if v is None else i18n.fmt_int(v, lang) for code, v in values.items()}
    array = np.array([np.nan if v is None else v for v in values.values()], dtype=float)
    norm = _norm_for_counts(array)
    fig, ax = _draw_map(boundaries, values, texts, norm, labels, _)
    with style.chart_style():
        if season == ALL:
            title = _("Incidents by region, whole period")
        else:
            title = _("Incidents by region, {season}").format(season=season_label or season)
        ax.set_title(title)
        _colorbar(fig, ax, norm, _("Number of incidents"), lambda v: i18n.fmt_int(v, lang), integer=True)
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
    if drawing.season is not None:
        return incidents_map(tables[table], drawing.season, boundaries, labels, _, season_label=season_label)
    return index_map(tables[table], INDEX_MAPS[drawing.figure.name], boundaries, labels, _)
