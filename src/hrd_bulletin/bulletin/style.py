"""One visual style for every chart of the bulletin: one palette, PT Sans, A4 sizes, byte-stable SVG."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from hrd_bulletin.io import atomic_write

CM = 1 / 2.54
# An A4 page with the usual margins leaves a 16 cm text column.
FULL_WIDTH = 16 * CM
MAX_HEIGHT = 22 * CM

# The charts' type: PT Sans (ParaType, SIL OFL), shipped with the package. Registered from the
# package's own files, so no system font is ever picked for measuring and laying out text. SVG
# text stays text (<text>), naming "Bulletin Sans": the PDF renderer binds that family to the
# same PT Sans files (bulletin.pdf), and text is several times faster for WeasyPrint to draw than
# glyph outlines (about 6 s less per edition) and stays searchable and selectable in the PDF.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES: tuple[str, ...] = ("PTS55F.ttf", "PTS56F.ttf", "PTS75F.ttf", "PTS76F.ttf")
FONT_FAMILY = "PT Sans"
# What an SVG's <text> names: the bulletin's @font-face family first, then PT Sans itself.
SVG_FONT_FAMILY = "'Bulletin Sans', 'Bulletin Fallback', 'PT Sans', sans-serif"
_MPL_FAMILY = "font-family: 'PT Sans'"


def register_fonts() -> None:
    """Make "PT Sans" mean the package's four files, whatever PT Sans the system has (idempotent)."""
    manager = font_manager.fontManager
    ours = {str((FONT_DIR / name).resolve()) for name in FONT_FILES}
    named = {str(Path(f.fname).resolve()) for f in manager.ttflist if f.name == FONT_FAMILY}
    if named == ours:
        return
    manager.ttflist = [f for f in manager.ttflist if f.name != FONT_FAMILY]
    for name in FONT_FILES:
        # addfont also clears findfont's cache.
        manager.addfont(str(FONT_DIR / name))


INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
# Confidence intervals: thin, light, behind the value labels.
INTERVAL = "#8c8c8c"

# The categorical palette: at most six hues, in the order charts use them, each at its own
# lightness (CIE L* about 26, 63, 49, 76, 38, 87), so that any two stay apart in a greyscale
# print (at least 10 L* units). Navy and ochre, the pair most charts use, are 37 apart.
CATEGORICAL: tuple[str, ...] = ("#1f3f63", "#d4863a", "#2f7f7a", "#9fbedd", "#93402e", "#f0d79f")

# Light to dark in clearly separated lightness steps (about 91, 76, 61, 45, 27 % L*), so an
# ordered scale (likelihood, index levels) survives a greyscale print.
SEQUENTIAL: tuple[str, ...] = ("#dce6f0", "#a9c0d8", "#7497bd", "#456f9a", "#1f3f63")

# Hatching is for "suppressed / no data" only: a light line hatch on white.
NO_DATA_FACE = "#ffffff"
NO_DATA_HATCH = "////"
NO_DATA_EDGE = MUTED


def categorical(i: int) -> str:
    """The i-th colour of the categorical palette (charts never need more than six)."""
    return CATEGORICAL[i % len(CATEGORICAL)]


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
    "font.family": FONT_FAMILY,
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
    "axes.prop_cycle": mpl.cycler(color=list(CATEGORICAL)),
    "figure.titlesize": 10,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "hatch.linewidth": 0.5,
    "hatch.color": NO_DATA_EDGE,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "legend.handlelength": 1.2,
    "legend.handleheight": 0.9,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
    # Labels are data: a "$" in a season label or place name is a character, never mathtext.
    "text.parse_math": False,
    # Fixed salt: clip-path, glyph and hatch ids no longer depend on a random seed.
    "svg.hashsalt": "hrd-bulletin",
}


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the bulletin's rcParams inside the ``with`` block."""
    register_fonts()
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
