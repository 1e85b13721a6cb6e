"""One visual style for every chart of the bulletin: print-safe palette, A4 sizes, byte-stable SVG."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from hrd_bulletin.io import atomic_write

CM = 1 / 2.54
# An A4 page with the usual margins leaves a 16 cm text column.
FULL_WIDTH = 16 * CM
MAX_HEIGHT = 22 * CM

# Chart text in the SVG names "Bulletin Sans" first: the family that pdf.font_css binds to
# matplotlib's DejaVu files by @font-face. Naming "DejaVu Sans" alone would let fontconfig pick
# an installed DejaVu (another version: another PDF); browsers fall through to DejaVu Sans.
SVG_FONT_FAMILY = "'Bulletin Sans', 'DejaVu Sans', sans-serif"
_MPL_FAMILY = "font-family: 'DejaVu Sans'"

INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"

# Light to dark in clearly separated lightness steps (about 91, 76, 61, 45, 27 % L*), so an
# ordered scale (likelihood, index levels) survives a greyscale print.
SEQUENTIAL: tuple[str, ...] = ("#dce6f0", "#a9c0d8", "#7497bd", "#456f9a", "#1f3f63")


@dataclass(frozen=True)
class SeriesStyle:
    """Fill, hatch and hatch colour of one series that must stay distinguishable in greyscale."""

    face: str
    hatch: str

    @property
    def hatch_color(self) -> str:
        """White hatching on dark fills, ink on light ones, so the hatch is always visible."""
        return "#ffffff" if is_dark(self.face) else INK

    def bar_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Axes.bar``/``barh`` drawing this series."""
        return {
            "color": self.face,
            "hatch": self.hatch or None,
            "hatchcolor": self.hatch_color,
            "edgecolor": INK,
            "linewidth": 0.5,
        }


# Neighbouring series differ in lightness *and* pattern; the first is solid dark. Line hatches
# only: a dotted tile is thousands of tiny curves that a PDF renderer redraws for every bar.
SERIES: tuple[SeriesStyle, ...] = (
    SeriesStyle("#1f3f63", ""),
    SeriesStyle("#a9c0d8", "////"),
    SeriesStyle("#ffffff", "||||"),
    SeriesStyle("#5f86ae", "xxx"),
    SeriesStyle("#dce6f0", "----"),
    SeriesStyle("#34577d", "\\\\\\\\"),
    SeriesStyle("#8fabc9", "++"),
)


def series_style(i: int) -> SeriesStyle:
    """Style of the i-th series (cycles, with a denser hatch on the second round)."""
    base = SERIES[i % len(SERIES)]
    rounds = i // len(SERIES)
    if rounds == 0:
        return base
    return SeriesStyle(base.face, (base.hatch or "|") * (rounds + 1))


def sequential(n: int) -> list[str]:
    """n fills from light to dark, evenly picked from the sequential scale (n >= 1)."""
    if n <= 1:
        return [SEQUENTIAL[-1]]
    if n <= len(SEQUENTIAL):
        idx = [round(i * (len(SEQUENTIAL) - 1) / (n - 1)) for i in range(n)]
        return [SEQUENTIAL[i] for i in idx]
    cmap = mpl.colors.LinearSegmentedColormap.from_list("hrd", list(SEQUENTIAL))
    return [mpl.colors.to_hex(cmap(i / (n - 1))) for i in range(n)]


def is_dark(color: str) -> bool:
    """True when text on this fill should be white (relative luminance below one half)."""
    r, g, b = to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


RC: dict[str, Any] = {
    # DejaVu Sans ships with matplotlib and has Cyrillic glyphs.
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.titlelocation": "left",
    "axes.titleweight": "bold",
    "axes.labelsize": 7.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=[s.face for s in SERIES]),
    "figure.titlesize": 9,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "hatch.linewidth": 0.6,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "legend.handlelength": 1.6,
    "legend.handleheight": 1.0,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "savefig.facecolor": "white",
    # Text as <text> elements: a few hundred characters instead of ~40 000 glyph path points
    # per chart, which WeasyPrint's pure-Python SVG drawing turns into seconds. save_svg names
    # the font SVG_FONT_FAMILY so that the PDF draws it from the same files as the body text.
    "svg.fonttype": "none",
    # Fixed salt: clip-path and hatch ids no longer depend on a random seed.
    "svg.hashsalt": "hrd-bulletin",
}


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the bulletin's rcParams inside the ``with`` block."""
    with mpl.rc_context(RC):
        yield


def save_svg(fig: Figure, path: str | os.PathLike[str]) -> None:
    """Write ``fig`` as SVG atomically; no date in the metadata, so reruns give identical bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    with chart_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().replace(_MPL_FAMILY, f"font-family: {SVG_FONT_FAMILY}")
    atomic_write(path, lambda tmp: Path(tmp).write_text(svg, encoding="utf-8", newline=""))
