"""Drawing helpers every chart shares: frame and titles, value axes, directly labelled bars.

Charts carry no legend where a label can say the same: the value is printed at the end of its
bar, the category at the axis, and series are told apart by small multiples (one panel per
group or season, its name above the panel) rather than by a key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Polygon
from matplotlib.ticker import FuncFormatter, MaxNLocator

from hrd_bulletin.bulletin.charts.labels import Labels
from hrd_bulletin.bulletin.charts.selection import Tables, wrap
from hrd_bulletin.bulletin.style import (
    CATEGORICAL,
    CM,
    FULL_WIDTH,
    GRID,
    INK,
    INTERVAL,
    MAX_HEIGHT,
    MUTED,
    chart_style,
    is_dark,
)

Translate = Callable[[str], str]
# Every chart function: (tables, labels, _) -> Figure, where ``_`` is the edition's gettext.
Chart = Callable[[Tables, Labels, Translate], Figure]
Panel = Figure | SubFigure

VALUE_SIZE = 7
# Characters a line of the title (10 pt bold) and of the subtitle (7.5 pt) hold across 16 cm.
TITLE_CHARS = 78
SUBTITLE_CHARS = 110


def new_figure(height: float, title: str, subtitle: str | None = None) -> tuple[Figure, SubFigure]:
    """A full-width figure with its title and subtitle; returns it and the body to draw in."""
    fig = Figure(figsize=(FULL_WIDTH, min(height, MAX_HEIGHT)), layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, hspace=0.03, wspace=0.03)
    fig.suptitle(wrap(title, TITLE_CHARS), x=0.0, ha="left")
    body = fig.subfigures(1, 1)
    if subtitle:
        body.suptitle(wrap(subtitle, SUBTITLE_CHARS), x=0.0, ha="left", fontsize=7.5, color=MUTED, fontweight="normal")
    return fig, body


def blocks_of(body: SubFigure, sizes: Sequence[int], titles: Sequence[str | None]) -> list[SubFigure]:
    """The body split into stacked blocks (height in proportion to ``sizes``), each titled."""
    parts = body.subfigures(len(sizes), 1, height_ratios=[max(s, 1) + 1.2 for s in sizes], squeeze=False)[:, 0]
    for part, title in zip(parts, titles):
        if title:
            part.suptitle(wrap(title, TITLE_CHARS), x=0.0, ha="left", fontsize=8.5, fontweight="bold")
    return list(parts)


def bar_chart_height(n_bars: int, fixed_cm: float = 3.6, per_bar_cm: float = 0.42, minimum_cm: float = 6.0) -> float:
    """Figure height (inches) for a horizontal bar chart: room per bar plus the titles."""
    return max(minimum_cm, fixed_cm + per_bar_cm * n_bars) * CM


def survey_base(wave: int | None, n: int | None, labels: Labels, _: Translate) -> str:
    """ "Survey wave 2, n = 131": the base of a survey chart's subtitle."""
    base = f", n = {labels.number(n)}" if n is not None else ""
    return f"{wave_text(wave, _)}{base}"


def wave_text(wave: int | None, _: Translate) -> str:
    # Babel does not look inside f-strings: every msgid stays a plain _() call.
    label = _("Survey wave")
    return f"{label} {wave}"


def pooled_text(wave: int | None, n: int | None, labels: Labels, _: Translate) -> str:
    """Subtitle of a pooled-group survey chart: wave, all respondents, n when it is one number."""
    everyone = _("all respondents")
    base = f", n = {labels.number(n)}" if n is not None else ""
    return f"{wave_text(wave, _)}, {everyone}{base}"


def no_data(ax: Axes, _: Translate) -> None:
    """Replace an empty panel by a centred note."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, _("No data"), transform=ax.transAxes, ha="center", va="center", color=MUTED)


def no_data_figure(title: str, _: Translate, height: float = 6 * CM) -> Figure:
    fig, body = new_figure(height, title)
    no_data(body.add_subplot(), _)
    return fig


def value_axis(ax: Axes, labels: Labels, *, horizontal: bool, share: bool, limit: float) -> None:
    """Value axis from 0 with room for the value labels, locale-formatted ticks and a light grid."""
    limit = limit if np.isfinite(limit) and limit > 0 else 1.0
    if share:
        fmt = FuncFormatter(lambda v, _pos: labels.percent(v, 0))
    else:
        fmt = FuncFormatter(lambda v, _pos: labels.number(v, 0))
    axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_major_formatter(fmt)
    axis.set_major_locator(MaxNLocator(nbins=4, integer=not share, steps=[1, 2, 2.5, 5, 10]))
    if horizontal:
        ax.set_xlim(0, limit)
        ax.grid(axis="x")
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_ylim(0, limit)
        ax.grid(axis="y")
        ax.tick_params(axis="x", length=0)


@dataclass
class Bars:
    """One panel's horizontal bars: values, their printed texts, optional interval ends."""

    values: np.ndarray
    texts: Sequence[str]
    color: str | Sequence[str] = CATEGORICAL[0]
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    # Values beyond ``cap`` are drawn broken at the cap (their label says the true value).
    cap: float | None = None
    thickness: float = 0.66

    def ends(self) -> np.ndarray:
        """Where each bar, or its interval, ends (the value label goes beyond it)."""
        ends = np.nan_to_num(self.values, nan=0.0)
        if self.low is not None and self.high is not None:
            ends = np.fmax(ends, np.nan_to_num(self.high, nan=0.0))
        if self.cap is not None:
            ends = np.minimum(ends, self.cap)
        return ends


def hbars(ax: Axes, categories: Sequence[str], bars: Bars) -> float:
    """Horizontal bars (first category on top), interval lines, value labels; returns the largest end."""
    pos = np.arange(len(categories), dtype="float64")
    heights = np.nan_to_num(bars.values, nan=0.0)
    drawn = heights if bars.cap is None else np.minimum(heights, bars.cap)
    colors = [bars.color] * len(pos) if isinstance(bars.color, str) else list(bars.color)
    ax.barh(pos, drawn, height=bars.thickness, color=colors, linewidth=0, zorder=2)
    if bars.low is not None and bars.high is not None:
        ok = ~(np.isnan(bars.values) | np.isnan(bars.low) | np.isnan(bars.high))
        ax.hlines(pos[ok], bars.low[ok], bars.high[ok], color=INTERVAL, linewidth=0.8, zorder=3, capstyle="butt")
    ends = bars.ends()
    for p, value, end, text, color in zip(pos, heights, ends, bars.texts, colors):
        if not text:
            continue
        if bars.cap is not None and value > bars.cap:
            _broken_end(ax, p, bars.cap, bars.thickness, text, color)
            continue
        ax.annotate(
            text, (end, p), xytext=(2.5, 0), textcoords="offset points", ha="left", va="center", fontsize=VALUE_SIZE
        )
    ax.set_yticks(pos, list(categories))
    ax.set_ylim(len(categories) - 0.5, -0.5)
    return float(np.max(ends)) if len(ends) else 0.0


def _broken_end(ax: Axes, y: float, cap: float, thickness: float, text: str, color: str) -> None:
    """A bar cut short at ``cap``: a white slanted gap near its end and the true value inside it."""
    half, width = thickness / 2 + 0.04, cap * 0.025
    left = cap * 0.70
    gap = [(left, y + half), (left + width, y + half), (left + 2 * width, y - half), (left + width, y - half)]
    ax.add_patch(Polygon(gap, closed=True, facecolor="white", edgecolor="none", zorder=2.5))
    ink = "white" if is_dark(color) else INK
    ax.annotate(
        text,
        (cap, y),
        xytext=(-3, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=VALUE_SIZE,
        fontweight="bold",
        color=ink,
        zorder=4,
    )


@dataclass
class Block:
    """One row of small multiples: its title (None for a single row), categories, one Bars per column."""

    title: str | None
    categories: Sequence[str]
    bars: Sequence[Bars]


def panel_grid(
    part: Panel, blocks: Sequence[Block], columns: Sequence[str], labels: Labels, *, share: bool, limit: float
) -> list[list[Axes]]:
    """Small multiples: one column of panels per column name (named above each panel), one row
    per block (its title above the row), the same scale everywhere, categories shared along a row.
    One grid, so the panels of different blocks line up."""
    ratios = [len(b.categories) + (1.6 if b.title else 0.6) for b in blocks]
    grid = part.subplots(len(blocks), len(columns), sharex="all", sharey="row", squeeze=False, height_ratios=ratios)
    for row, block in zip(grid, blocks):
        for ax, name, bars in zip(row, columns, block.bars):
            ax.set_title(wrap(name, max(16, 100 // len(columns))), fontsize=7.5)
            hbars(ax, block.categories, bars)
            value_axis(ax, labels, horizontal=True, share=share, limit=limit)
            ax.tick_params(axis="x", labelbottom=True)
        for ax in row[1:]:
            ax.tick_params(axis="y", labelleft=False)
        if block.title:
            row[0].annotate(
                wrap(block.title, TITLE_CHARS),
                (0.0, 1.0),
                xycoords=("figure fraction", "axes fraction"),
                xytext=(0, 15),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=8.5,
                fontweight="bold",
            )
    return [list(row) for row in grid]


def panel_row(
    part: Panel,
    categories: Sequence[str],
    columns: Sequence[str],
    bars: Sequence[Bars],
    labels: Labels,
    *,
    share: bool,
    limit: float,
) -> list[Axes]:
    """Small multiples side by side: one panel per column (its name above), categories shared."""
    return panel_grid(part, [Block(None, categories, bars)], columns, labels, share=share, limit=limit)[0]


def vbars(ax: Axes, categories: Sequence[str], series: Sequence[Bars], names: Sequence[str]) -> float:
    """Vertical grouped bars; each series is named inside its bars, values on top. Returns the top."""
    n_ser = max(len(series), 1)
    thickness = 0.8 / n_ser
    base = np.arange(len(categories), dtype="float64")
    top = 0.0
    for i, (bars, name) in enumerate(zip(series, names)):
        pos = base - 0.4 + thickness * (i + 0.5)
        heights = np.nan_to_num(bars.values, nan=0.0)
        color = bars.color if isinstance(bars.color, str) else bars.color[0]
        ax.bar(pos, heights, width=thickness * 0.92, color=color, linewidth=0, zorder=2)
        ink = "white" if is_dark(color) else INK
        for p, h, text in zip(pos, heights, bars.texts):
            if text:
                ax.annotate(text, (p, h), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom")
            if name and h > 0:
                ax.annotate(
                    name,
                    (p, h),
                    xytext=(0, -4),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    color=ink,
                    fontsize=6.5,
                )
        top = max(top, float(heights.max()) if len(heights) else 0.0)
    ax.set_xticks(base, list(categories))
    ax.set_xlim(-0.5, len(categories) - 0.5)
    return top


def stacked_shares(
    ax: Axes, categories: Sequence[str], shares: np.ndarray, colors: Sequence[str], labels: Labels
) -> list[Any]:
    """100 % stacked horizontal bars (rows = categories, columns = segments) with inside labels."""
    handles = []
    narrow = [0] * len(categories)
    left = np.zeros(len(categories))
    base = np.arange(len(categories), dtype="float64")
    for j, color in enumerate(colors):
        width = np.nan_to_num(shares[:, j], nan=0.0)
        bars = ax.barh(base, width, left=left, height=0.62, color=color, edgecolor="white", linewidth=0.6)
        handles.append(bars)
        text_color = "white" if is_dark(color) else INK
        for y, x0, w in zip(base, left, width):
            if w >= 0.07:
                ax.text(x0 + w / 2, y, labels.percent(w, 1), ha="center", va="center", fontsize=7, color=text_color)
            elif w > 0:
                # Too narrow for the label: beside the bar, alternating above and below.
                narrow[int(y)] += 1
                above = narrow[int(y)] % 2 == 1
                ax.annotate(
                    labels.percent(w, 1),
                    (x0 + w / 2, y + (-0.31 if above else 0.31)),
                    xytext=(0, 1 if above else -1),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=6.5,
                )
        left = left + width
    ax.set_yticks(base, list(categories))
    ax.set_ylim(len(categories) - 0.4, -0.6)
    value_axis(ax, labels, horizontal=True, share=True, limit=1.0)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    return handles


def scale_legend(part: Panel, handles: Sequence[Any], names: Sequence[str]) -> None:
    """The key of an ordered scale (stacked shares), in scale order on one line below the bars."""
    if handles:
        part.legend(list(handles), [wrap(n, 30) for n in names], loc="outside lower left", ncols=len(handles))


# Two periods in one row: the earlier light, the later dark.
DUMBBELL_EARLIER, DUMBBELL_LATER = CATEGORICAL[3], CATEGORICAL[0]


def dumbbells(
    ax: Axes,
    names: list[str],
    before: np.ndarray,
    after: np.ndarray,
    labels: Labels,
    fmt: Callable[[float], str] | None = None,
    bold: Sequence[bool] | None = None,
) -> None:
    """One row per name: the earlier period's dot, a line to the later period's dot, both values
    printed (``fmt``, by default two decimals; the later value in bold where ``bold`` says)."""
    fmt = fmt or (lambda v: labels.number(v, 2))
    pos = np.arange(len(names), dtype="float64")
    ax.hlines(pos, np.fmin(before, after), np.fmax(before, after), color=GRID, linewidth=2.2, zorder=1)
    ax.plot(before, pos, "o", color=DUMBBELL_EARLIER, markersize=5, zorder=2, linestyle="none")
    ax.plot(after, pos, "o", color=DUMBBELL_LATER, markersize=5, zorder=3, linestyle="none")
    for i, (y, b, a) in enumerate(zip(pos, before, after)):
        if np.isnan(a):
            continue
        # Each value beside its own dot, on the outer side: the later one to the right when it is
        # the larger (or the only one), to the left when it fell.
        fell = not np.isnan(b) and a < b
        weight = "bold" if bold is not None and bold[i] else "normal"
        later = {"xytext": (-5, 0), "ha": "right"} if fell else {"xytext": (5, 0), "ha": "left"}
        ax.annotate(fmt(a), (a, y), textcoords="offset points", va="center", fontweight=weight, **later)
        earlier = {"xytext": (5, 0), "ha": "left"} if fell else {"xytext": (-5, 0), "ha": "right"}
        ax.annotate(
            "—" if np.isnan(b) else fmt(b),
            (a if np.isnan(b) else b, y),
            textcoords="offset points",
            va="center",
            color=MUTED,
            **earlier,
        )
    ax.set_yticks(pos, names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.grid(axis="x")
    ax.tick_params(axis="y", length=0)


def counts_text(values: np.ndarray, labels: Labels) -> list[str]:
    return ["" if np.isnan(v) else labels.number(v, 0) for v in values]


def shares_text(values: np.ndarray, labels: Labels, decimals: int = 1) -> list[str]:
    return ["" if np.isnan(v) else labels.percent(v, decimals) for v in values]


def styled(func: Chart) -> Chart:
    """Draw a chart inside the bulletin style (rcParams are read when artists are created)."""

    @functools.wraps(func)
    def wrapper(tables: Tables, labels: Labels, _: Translate) -> Figure:
        with chart_style():
            return func(tables, labels, _)

    return wrapper
