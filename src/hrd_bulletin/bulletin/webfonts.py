"""The HTML edition's fonts: WOFF subsets of the PDF's fonts, embedded in the page.

A browser shows the HTML edition in the bulletin's own type only if the fonts travel inside the
file (the edition makes no request to anywhere). The full TrueType files would add 4 MB to
each page; subsets to the characters a bulletin in Russian, Kazakh or English can use (Latin,
Latin-1 and Latin Extended-A, Cyrillic with its supplement, general punctuation, a few signs)
are about 30 KB a face. They are derived files, committed under ``fonts/web/`` so that no build
job spends the second it takes to make them; ``python -m hrd_bulletin.bulletin.webfonts``
remakes them byte for byte (a test checks that the committed files are what it makes).
Thin spaces (U+2009, U+202F, which Russian uses in numbers) are missing from PT's fonts: as in
the PDF, they come from a two-glyph subset of DejaVu Sans, the "Bulletin Fallback".
"""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from hrd_bulletin.bulletin.pdf import FONT_FILES, fallback_font, font_dir

WEB_DIR = "web"
UNICODES: tuple[int, ...] = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x400, 0x530),
    *range(0x2000, 0x2070),
    0x2116,  # numero sign
    0x2212,  # minus
    0x20AC,
    0x20B8,  # tenge
)
FALLBACK_UNICODES: tuple[int, ...] = (0x2009, 0x202F)
FALLBACK_FILE = "fallback.woff"
# Kerning, ligatures and the figure styles the CSS asks for; hinting is for screens of 2005.
FEATURES = ("kern", "liga", "lnum", "tnum", "pnum", "onum")


def web_name(ttf: str) -> str:
    return Path(ttf).with_suffix(".woff").name


def subset_woff(source: Path, unicodes: tuple[int, ...]) -> bytes:
    """``source`` cut to ``unicodes``, as WOFF, with no time stamp of its own (reproducible)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = list(FEATURES)
    options.hinting = False
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for u in unicodes if u in font.getBestCmap()])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out, reorderTables=True)
    return out.getvalue()


def derived() -> Iterator[tuple[str, bytes]]:
    """Every web font file by name, as this module makes it."""
    for ttf in sorted(set(FONT_FILES.values())):
        yield web_name(ttf), subset_woff(font_dir() / ttf, UNICODES)
    yield FALLBACK_FILE, subset_woff(fallback_font(), FALLBACK_UNICODES)


def font_face_css() -> str:
    """@font-face rules for the HTML edition, every font as a data: URI of the committed WOFF."""
    web = font_dir() / WEB_DIR
    rules = []
    for (family, weight, style), ttf in FONT_FILES.items():
        rules.append(_rule(family, weight, style, web / web_name(ttf)))
    rules.append(_rule("Bulletin Fallback", "normal", "normal", web / FALLBACK_FILE))
    return "\n".join(rules) + "\n"


def _rule(family: str, weight: str, style: str, path: Path) -> str:
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'font-display: swap; src: url("data:font/woff;base64,{payload}") format("woff"); }}'
    )


def main() -> int:
    web = font_dir() / WEB_DIR
    web.mkdir(exist_ok=True)
    for name, data in derived():
        (web / name).write_bytes(data)
        print(f"{web / name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
