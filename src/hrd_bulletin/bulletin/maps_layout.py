"""Drawing pieces of the regional maps: the direction-aware colour scale, regions with their labels,
the two cities as inset discs, the ranked bar beside a map and the colour bar.

Everything here draws values it is given; what the values are is maps.py's business.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, LinearSegmentedColormap, Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FixedLocator, FuncFormatter
from shapely.ops import polylabel

from hrd_bulletin.boundaries import ALBERS_KZ
from hrd_bulletin.bulletin import style

Gettext = Callable[[str], str]

# Light sand to dark wine in clear lightness steps (L* about 96, 86, 72, 57, 40, 22), so that
# "darker = more risk" survives a greyscale print; warm, so that it reads as danger.
MAP_SEQUENTIAL: tuple[str, ...] = ("#fbf3e9", "#f5d3b3", "#e8a27a", "#cf6c4d", "#a23b35", "#5e1f28")
SUPPRESSED_FACE = "#e0e0e0"
SUPPRESSED_HATCH = "/////"
BORDER = "#ffffff"

NAME_SIZE = 6.5  # points at print size (the SVG is printed at its own size)
VALUE_SIZE = 7.5
SMALL_VALUE_SIZE = 6.5
NAME_WIDTH = 14  # characters per line of a region name on the map

# Almaty and Astana are a few pixels wide: each gets a disc the size of a small region, coloured
# on the map's scale with its value inside, joined to the city by a leader line. Offsets in
# metres in the map projection (Albers, x east, y north), chosen by eye: Astana's disc sits in
# Karaganda's empty north, Almaty's south of the border, where the map is empty.
CITY_DISCS: Mapping[str, tuple[float, float]] = {
    "AST": (150_000.0, -190_000.0),
    "ALA": (-60_000.0, -200_000.0),
}
DISC_DIAMETER = 21.0  # points
SMALL_DISC_DIAMETER = 16.0
# The colour bar sits in the map's empty south-west corner (axes fraction: x0, y0, width, height).
COLORBAR_BOUNDS = (0.12, 0.13, 0.25, 0.03)
# Label positions that the pole of inaccessibility puts badly (metres).
LABEL_NUDGES: Mapping[str, tuple[float, float]] = {
    # South Kazakhstan's pole sits low on the neck between its two lobes.
    "YUZ": (40_000.0, 60_000.0),
    # Karaganda's label moves south-west, leaving its north to Astana's disc.
    "KAR": (-60_000.0, -90_000.0),
    # North Kazakhstan's pole is near the border: down, so the name stays inside the frame.
    "SEV": (10_000.0, -5_000.0),
    "AKM": (-40_000.0, -20_000.0),
    "PAV": (0.0, -40_000.0),
    "KUS": (-10_000.0, -60_000.0),
    "ALM": (60_000.0, 40_000.0),
}


@dataclass(frozen=True)
class Scale:
    """A colour scale whose dark end always means more risk.

    ``better`` is the end of the values that is good for defenders: ``"low"`` (threats, risk,
    incidents: darker = higher) or ``"high"`` (resources, security: the scale is flipped so that
    darker = lower), or None when the scale has no good end.
    """

    norm: Normalize
    better: str | None = "low"

    @property
    def cmap(self) -> Colormap:
        ramp = list(MAP_SEQUENTIAL)
        if self.better == "high":
            ramp.reverse()
        return LinearSegmentedColormap.from_list("hrd_map", ramp)

    def face(self, value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return SUPPRESSED_FACE
        return to_hex(self.cmap(float(np.clip(self.norm(value), 0.0, 1.0))))


def nice_ceiling(top: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``top`` (at least 1)."""
    if top <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(top))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= top - 1e-9:
            return step * power
    return 10.0 * power


def ink_on(face: str) -> str:
    return "#ffffff" if style.is_dark(face) else style.INK


# --------------------------------------------------------------------------- geometry


def projected(boundaries: gpd.GeoDataFrame, codes: Sequence[str]) -> gpd.GeoDataFrame:
    """The boundaries in the map projection, indexed by region; every code must have one."""
    present = set(boundaries["region"])
    missing = [code for code in codes if code not in present]
    if missing:
        raise ValueError(f"no boundary for region(s) {missing}")
    return boundaries.to_crs(ALBERS_KZ).set_index("region")


def _ring_path(ring: Any) -> MplPath:
    return MplPath(np.asarray(ring.coords)[:, :2], closed=True)


def geometry_path(geom: Any) -> MplPath:
    # Exteriors counter-clockwise, holes clockwise: the non-zero fill rule leaves Akmola's
    # hole (Astana) empty.
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    rings = [_ring_path(ring) for part in shapely.get_parts(oriented) for ring in (part.exterior, *part.interiors)]
    return MplPath.make_compound_path(*rings)


def anchor(code: str, geom: Any) -> tuple[float, float]:
    """Where a region's label goes: the pole of inaccessibility of its largest part, nudged."""
    # Inside the shape and away from its edges (a centroid of Akmola would fall on Astana).
    largest = max(shapely.get_parts(geom), key=lambda part: part.area)
    point = polylabel(largest, tolerance=1_000.0)
    dx, dy = LABEL_NUDGES.get(code, (0.0, 0.0))
    return point.x + dx, point.y + dy


def short_names(codes: Sequence[str], region: Callable[[str], str], _: Gettext) -> dict[str, str]:
    """Region names without the word "Region" / "область" (kept where the name would then read
    like another unit's: Almaty Region -> Almaty, the city).

    The translated pattern "{name} Region" says where the word is in each language.
    """
    prefix, _sep, suffix = _("{name} Region").partition("{name}")
    full = {code: region(code) for code in codes}
    taken = set(full.values())
    short = {}
    for code, name in full.items():
        fits = len(name) > len(prefix) + len(suffix) and name.startswith(prefix) and name.endswith(suffix)
        cut = name[len(prefix) : len(name) - len(suffix)] if fits else name
        short[code] = name if cut != name and cut in taken else cut
    return short


def wrapped(name: str) -> str:
    return "\n".join(textwrap.wrap(name, NAME_WIDTH, break_long_words=False, break_on_hyphens=True))


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class MapCells:
    """What one map shows: a value per region (None = suppressed), its printed text, names."""

    values: Mapping[str, float | None]
    texts: Mapping[str, str | None]
    names: Mapping[str, str] | None = None  # None: values only (small multiples)


def draw_regions(ax: Any, shapes: gpd.GeoDataFrame, cells: MapCells, scale: Scale, small: bool = False) -> None:
    """Fill every region by its value (hatched where suppressed), label it, disc the cities."""
    ax.set_aspect("equal")
    ax.set_axis_off()
    for code in sorted(cells.values):
        value = cells.values[code]
        face = scale.face(value)
        suppressed = face == SUPPRESSED_FACE
        patch = PathPatch(
            geometry_path(shapes.geometry[code]),
            facecolor=face,
            edgecolor=BORDER,
            linewidth=0.6 if not small else 0.4,
            hatch=SUPPRESSED_HATCH if suppressed else None,
            hatchcolor=style.MUTED if suppressed else None,
            gid=f"region-{code}",
        )
        # add_artist, not add_patch: add_patch walks every Bezier segment of the border in
        # Python to grow the data limits (a second per job), and the limits are set below.
        ax.add_artist(patch)
        name = None if cells.names is None else cells.names[code]
        if code in CITY_DISCS:
            _city_disc(ax, code, shapes.geometry[code], face, cells.texts[code], name, small)
        else:
            _region_label(ax, code, anchor(code, shapes.geometry[code]), cells.texts[code], name, ink_on(face), small)
    xlim, ylim = map_limits(shapes)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    keep_labels_legible(ax, shapes, cells, scale)


def keep_labels_legible(ax: Any, shapes: gpd.GeoDataFrame, cells: MapCells, scale: Scale) -> None:
    """Back a region's name or value with its region's colour where the text leaves the region.

    The ink is chosen for the region's own colour; where a long name runs over the border, the
    part outside would be white on white paper or on a light neighbour. A box of the region's
    colour behind that text (and only that text) keeps every label readable, in any language.
    """
    ax.apply_aspect()  # the equal aspect moves the axes at draw time: measure where it will be
    renderer = renderer_of(ax.figure)
    to_data = ax.transData.inverted()
    for text in ax.texts:
        kind, _sep, code = (text.get_gid() or "").partition("-")
        if kind not in ("name", "value") or code in CITY_DISCS or code not in cells.values:
            continue
        box = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        if not shapes.geometry[code].contains(shapely.box(x0, y0, x1, y1)):
            face = scale.face(cells.values[code])
            text.set_bbox({"boxstyle": "round,pad=0.12", "facecolor": face, "edgecolor": "none"})


def map_limits(shapes: gpd.GeoDataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """The map's data limits: the country with a small margin, and room below it for Almaty's disc."""
    xmin, ymin, xmax, ymax = shapes.total_bounds
    pad = 0.015 * (xmax - xmin)
    return (xmin - pad, xmax + pad), (ymin - 0.1 * (ymax - ymin), ymax + pad)


def map_aspect(shapes: gpd.GeoDataFrame) -> float:
    """Width over height of the map's data limits."""
    (x0, x1), (y0, y1) = map_limits(shapes)
    return (x1 - x0) / (y1 - y0)


def _region_label(
    ax: Any, code: str, xy: tuple[float, float], text: str | None, name: str | None, ink: str, small: bool
) -> None:
    # The name sits just above the anchor and the value just below: offsets in points, so the
    # block keeps its shape at any map size.
    if name is not None:
        ax.annotate(
            wrapped(name),
            xy=xy,
            xytext=(0.0, 0.5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=NAME_SIZE,
            color=ink,
            linespacing=0.95,
            gid=f"name-{code}",
        ).set_in_layout(False)
    if text is not None:
        ax.annotate(
            text,
            xy=xy,
            xytext=(0.0, -0.5 if name is not None else 0.0),
            textcoords="offset points",
            ha="center",
            va="top" if name is not None else "center",
            fontsize=SMALL_VALUE_SIZE if small else VALUE_SIZE,
            fontweight="bold",
            color=ink,
            gid=f"value-{code}",
        ).set_in_layout(False)


def _city_disc(ax: Any, code: str, geom: Any, face: str, text: str | None, name: str | None, small: bool) -> None:
    site = geom.representative_point()
    dx, dy = CITY_DISCS[code]
    centre = (site.x + dx, site.y + dy)
    diameter = SMALL_DISC_DIAMETER if small else DISC_DIAMETER
    ax.annotate(
        "",
        xy=(site.x, site.y),
        xytext=centre,
        gid=f"leader-{code}",
        arrowprops={
            "arrowstyle": "-",
            "color": style.INK,
            "linewidth": 0.6,
            "shrinkA": diameter / 2,
            "shrinkB": 1.5,
        },
    ).set_in_layout(False)
    ring = {"marker": "o", "markerfacecolor": face, "markeredgecolor": style.INK, "markeredgewidth": 0.6}
    # Where the city is: a small ring, so the leader line visibly ends somewhere.
    ax.plot(site.x, site.y, markersize=3.0, gid=f"site-{code}", **ring)
    ax.plot(*centre, markersize=diameter, gid=f"city-{code}", zorder=3, **ring)
    if text is not None:
        ax.annotate(
            text,
            xy=centre,
            ha="center",
            va="center_baseline",
            fontsize=SMALL_VALUE_SIZE if small else VALUE_SIZE,
            fontweight="bold",
            color=ink_on(face),
            gid=f"value-{code}",
            zorder=4,
        ).set_in_layout(False)
    if name is not None:
        ax.annotate(
            name,
            xy=centre,
            xytext=(diameter / 2 + 2.0, 0.0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=NAME_SIZE + 0.5,
            fontweight="bold",
            color=style.INK,
            gid=f"name-{code}",
            zorder=4,
        ).set_in_layout(False)


# --------------------------------------------------------------------------- beside the map


@dataclass(frozen=True)
class Ranked:
    """The ranked bar beside a map: rows worst first, suppressed rows last (no bar, a dash)."""

    codes: tuple[str, ...]
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    names: tuple[str, ...]


def ranked(cells: MapCells, names: Mapping[str, str], scale: Scale) -> Ranked:
    """The regions in order of risk: highest value first, or lowest when high is better; ties by name."""
    sign = 1.0 if scale.better == "high" else -1.0
    shown = sorted(
        (c for c, v in cells.values.items() if v is not None), key=lambda c: (sign * cells.values[c], names[c])
    )
    hidden = sorted((c for c, v in cells.values.items() if v is None), key=lambda c: names[c])
    codes = (*shown, *hidden)
    return Ranked(
        codes=codes,
        values=tuple(cells.values[c] for c in codes),
        texts=tuple(cells.texts[c] or "—" for c in codes),
        names=tuple(names[c] for c in codes),
    )


def draw_ranked(ax: Any, rows: Ranked, scale: Scale, national: tuple[float, str] | None = None) -> None:
    """Horizontal bars in the map's colours, names at the axis, values at the bar ends."""
    y = np.arange(len(rows.codes))
    lengths = [0.0 if v is None else v for v in rows.values]
    faces = [scale.face(v) for v in rows.values]
    bars = ax.barh(y, lengths, height=0.72, color=faces, edgecolor=style.MUTED, linewidth=0.3)
    for bar, code in zip(bars, rows.codes, strict=True):
        bar.set_gid(f"bar-{code}")
    top = max([*lengths, national[0] if national else 0.0, 1e-9])
    ax.set_xlim(0.0, top * 1.32)
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_yticks(y, labels=list(rows.names), fontsize=NAME_SIZE)
    ax.tick_params(axis="y", length=0, pad=2)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_linewidth(0.5)
    # A white backing keeps a value legible where the national line crosses it. Not a stroke
    # path effect: matplotlib draws text with path effects as glyph outlines, which the PDF
    # then holds as shapes, not as text a reader can select or a screen reader can read.
    backing = {"boxstyle": "square,pad=0.05", "facecolor": "#ffffff", "edgecolor": "none"}
    for i, (length, text) in enumerate(zip(lengths, rows.texts, strict=True)):
        ax.annotate(
            text,
            xy=(length, i),
            xytext=(2.0, 0.0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=NAME_SIZE,
            color=style.INK,
            bbox=backing,
            zorder=5,
            gid=f"bar-value-{rows.codes[i]}",
        )
    if national is not None:
        value, label = national
        ax.axvline(value, color=style.INK, linewidth=0.6, linestyle=(0, (2, 1.5)), zorder=4, gid="national")
        ax.annotate(
            label,
            xy=(value, -0.5),
            xytext=(0.0, 2.0),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=NAME_SIZE,
            color=style.INK,
            gid="national-label",
        )


def draw_colorbar(
    ax: Any, scale: Scale, label: str, fmt: Callable[[float], str], ticks: Sequence[float], better: str
) -> Any:
    """A horizontal colour bar in the map's empty south-west corner, "better" with an arrow at the
    good end."""
    cax = ax.inset_axes(COLORBAR_BOUNDS, gid="colorbar")
    bar = ax.figure.colorbar(ScalarMappable(norm=scale.norm, cmap=scale.cmap), cax=cax, orientation="horizontal")
    bar.outline.set_linewidth(0.4)
    cax.xaxis.set_major_locator(FixedLocator(list(ticks)))
    cax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v)))
    cax.tick_params(labelsize=NAME_SIZE, length=2, pad=1.5)
    cax.set_xlabel(label, fontsize=NAME_SIZE, labelpad=2)
    if scale.better is not None:
        # Beside the good end, outside the bar: "better <-|bar" or "bar|-> better".
        right = scale.better == "high"
        sign = 1.0 if right else -1.0
        edge = 1.0 if right else 0.0
        cax.annotate(
            "",
            xy=(edge + sign * 0.16, 0.5),
            xytext=(edge + sign * 0.03, 0.5),
            xycoords="axes fraction",
            arrowprops={"arrowstyle": "-|>,head_length=0.35,head_width=0.2", "color": style.INK, "linewidth": 0.6},
            gid="better-arrow",
        )
        cax.annotate(
            better,
            xy=(edge + sign * 0.17, 0.5),
            xycoords="axes fraction",
            xytext=(sign * 1.5, 0.0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize=NAME_SIZE,
            color=style.INK,
            gid="better",
        )
    return cax


def ticks_for(norm: Normalize, step: float) -> list[float]:
    """Ticks every ``step`` from vmin to vmax."""
    count = round((norm.vmax - norm.vmin) / step)
    return [norm.vmin + i * step for i in range(count + 1)]


def renderer_of(fig: Figure) -> Any:
    """A renderer to measure text with (an Agg canvas: the same font metrics as the SVG's)."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def fit_ranked_axes(fig: Figure, ax: Any, left: float, right: float) -> None:
    """Move the ranked bar's axes right of ``left`` (figure fraction) by its widest name."""
    renderer = renderer_of(fig)
    widest = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0.0)
    pad = 4.0 * fig.dpi / 72.0
    start = left + (widest + pad) / (fig.get_figwidth() * fig.dpi)
    _x0, y0, _w, h = ax.get_position().bounds
    ax.set_position([start, y0, right - start, h])


def frame_titles(fig: Figure, title: str, subtitle: str | None) -> None:
    """The figure's title (bold) and subtitle (muted) at the top left, inside the frame."""
    height = fig.get_figheight() * 72.0  # points
    top = 1.0 - 3.0 / height
    fig.text(0.008, top, title, ha="left", va="top", fontsize=8.5, fontweight="bold", color=style.INK, gid="title")
    if subtitle:
        below = top - 12.5 / height
        fig.text(0.008, below, subtitle, ha="left", va="top", fontsize=7.0, color=style.MUTED, gid="subtitle")
