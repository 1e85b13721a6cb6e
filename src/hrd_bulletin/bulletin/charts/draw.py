"""Drawing helpers every chart shares: figure frame, titles, value axes, bars, legends."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from hrd_bulletin.bulletin.charts.labels import Labels
from hrd_bulletin.bulletin.charts.selection import Tables, wrap
from hrd_bulletin.bulletin.style import CM, FULL_WIDTH, INK, MAX_HEIGHT, MUTED, SeriesStyle, chart_style, is_dark

Translate = Callable[[str], str]
# Every chart function: (tables, labels, _) -> Figure, where ``_`` is the edition's gettext.
Chart = Callable[[Tables, Labels, Translate], Figure]


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, min(height, MAX_HEIGHT)), layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, hspace=0.04, wspace=0.04)
    return fig


def bar_chart_height(n_bars: int, fixed_cm: float = 4.2, per_bar_cm: float = 0.36, minimum_cm: float = 7.0) -> float:
    """Figure height (inches) for a horizontal bar chart: room per bar plus title and legend."""
    return max(minimum_cm, fixed_cm + per_bar_cm * n_bars) * CM


def put_title(fig: Figure, title: str) -> None:
    fig.suptitle(wrap(title, 85), x=0.01, ha="left")


def put_subtitle(ax: Axes, text: str) -> None:
    ax.set_title(wrap(text, 95), fontweight="normal", color=MUTED, fontsize=7)


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
    fig = new_figure(FULL_WIDTH, height)
    put_title(fig, title)
    no_data(fig.add_subplot(), _)
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
    axis.set_major_locator(MaxNLocator(nbins=5, integer=not share))
    if horizontal:
        ax.set_xlim(0, limit)
        ax.grid(axis="x")
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_ylim(0, limit)
        ax.grid(axis="y")
        ax.tick_params(axis="x", length=0)
    if share:
        # Ticks stop at 100 % even when the axis leaves room for a label beyond it.
        ticks = [t for t in np.linspace(0, 1, 6) if t <= limit + 1e-9]
        axis.set_ticks(ticks)


def _whiskers(
    ax: Axes, pos: np.ndarray, values: np.ndarray, low: np.ndarray, high: np.ndarray, *, horizontal: bool
) -> np.ndarray:
    """Interval whiskers on bars drawn at ``pos``; returns where each bar or whisker ends."""
    heights = np.nan_to_num(values, nan=0.0)
    ok = ~(np.isnan(values) | np.isnan(low) | np.isnan(high))
    err = np.vstack([np.clip(values - low, 0, None), np.clip(high - values, 0, None)])
    err[:, ~ok] = 0.0
    errkw = {"fmt": "none", "ecolor": INK, "elinewidth": 0.7, "capsize": 1.8, "capthick": 0.7}
    if horizontal:
        drawn = ax.errorbar(heights[ok], pos[ok], xerr=err[:, ok], **errkw)
    else:
        drawn = ax.errorbar(pos[ok], heights[ok], yerr=err[:, ok], **errkw)
    # A white halo keeps the whisker visible where it crosses a dark bar.
    for line in drawn.lines[1] + drawn.lines[2]:
        line.set_path_effects([patheffects.withStroke(linewidth=2.0, foreground="white")])
    return np.where(ok, np.maximum(heights, np.nan_to_num(high, nan=0.0)), heights)


def _bar_labels(ax: Axes, pos: np.ndarray, ends: np.ndarray, texts: Sequence[str], *, horizontal: bool) -> None:
    """Each value's text just beyond the end of its bar (or whisker)."""
    for p, end, label in zip(pos, ends, texts):
        if not label:
            continue
        if horizontal:
            ax.annotate(
                label, (end, p), xytext=(2, 0), textcoords="offset points", ha="left", va="center", fontsize=6.5
            )
        else:
            ax.annotate(
                label, (p, end), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=6.5
            )


def grouped_bars(
    ax: Axes,
    categories: Sequence[str],
    series: Sequence[np.ndarray],
    styles: Sequence[SeriesStyle],
    texts: Sequence[Sequence[str]],
    *,
    horizontal: bool = True,
    lows: Sequence[np.ndarray | None] | None = None,
    highs: Sequence[np.ndarray | None] | None = None,
) -> tuple[list[Any], float]:
    """Grouped bars (first category on top / left), optional interval whiskers, value labels.

    Returns the bar containers (legend handles) and the largest extent drawn (bar or whisker end).
    """
    n_cat, n_ser = len(categories), max(len(series), 1)
    group = 0.8 if n_ser > 1 else 0.6
    thickness = group / n_ser
    base = np.arange(n_cat, dtype="float64")
    handles = []
    extent = 0.0
    for i, values in enumerate(series):
        pos = base - group / 2 + thickness * (i + 0.5)
        heights = np.nan_to_num(values, nan=0.0)
        kwargs = styles[i].bar_kwargs()
        if horizontal:
            bars = ax.barh(pos, heights, height=thickness, **kwargs)
        else:
            bars = ax.bar(pos, heights, width=thickness, **kwargs)
        handles.append(bars)
        ends = heights.copy()
        low = lows[i] if lows else None
        high = highs[i] if highs else None
        if low is not None and high is not None:
            ends = _whiskers(ax, pos, values, low, high, horizontal=horizontal)
        _bar_labels(ax, pos, ends, texts[i], horizontal=horizontal)
        if len(ends):
            extent = max(extent, float(np.nanmax(ends)))
    if horizontal:
        ax.set_yticks(base, list(categories))
        ax.set_ylim(n_cat - 0.5, -0.5)
    else:
        ax.set_xticks(base, list(categories))
        ax.set_xlim(-0.5, n_cat - 0.5)
    return handles, extent


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
        bars = ax.barh(base, width, left=left, height=0.62, color=color, edgecolor=INK, linewidth=0.5)
        handles.append(bars)
        text_color = "white" if is_dark(color) else INK
        for y, x0, w in zip(base, left, width):
            if w >= 0.07:
                ax.text(x0 + w / 2, y, labels.percent(w, 1), ha="center", va="center", fontsize=6.5, color=text_color)
            elif w > 0:
                # Too narrow for the label: put it beside the bar, alternating above and below
                # so that two narrow neighbours do not overprint each other.
                narrow[int(y)] += 1
                above = narrow[int(y)] % 2 == 1
                ax.annotate(
                    labels.percent(w, 1),
                    (x0 + w / 2, y + (-0.31 if above else 0.31)),
                    xytext=(0, 1 if above else -1),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=6,
                )
        left = left + width
    ax.set_yticks(base, list(categories))
    ax.set_ylim(len(categories) - 0.4, -0.6)
    value_axis(ax, labels, horizontal=True, share=True, limit=1.0)
    return handles


def figure_legend(fig: Figure, handles: Sequence[Any], names: Sequence[str], ncols: int | None = None) -> None:
    if not handles:
        return
    fig.legend(
        list(handles), [wrap(n, 40) for n in names], loc="outside lower center", ncols=ncols or min(len(handles), 4)
    )


def axes_legend(ax: Axes, handles: Sequence[Any], names: Sequence[str]) -> None:
    ax.legend(list(handles), [wrap(n, 24) for n in names], loc="center left", bbox_to_anchor=(1.01, 0.5))


def counts_text(values: np.ndarray, labels: Labels) -> list[str]:
    return ["" if np.isnan(v) else labels.number(v, 0) for v in values]


def shares_text(values: np.ndarray, labels: Labels) -> list[str]:
    return ["" if np.isnan(v) else labels.percent(v, 1) for v in values]


def styled(func: Chart) -> Chart:
    """Draw a chart inside the bulletin style (rcParams are read when artists are created)."""

    @functools.wraps(func)
    def wrapper(tables: Tables, labels: Labels, _: Translate) -> Figure:
        with chart_style():
            return func(tables, labels, _)

    return wrapper
