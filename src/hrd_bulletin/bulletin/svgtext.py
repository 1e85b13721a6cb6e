"""SVG text in WeasyPrint as whole runs, not letter by letter.

WeasyPrint 70 draws every ``<text>`` of an SVG image one character at a time: a Pango layout,
a line break and a text-show operator per letter, so that per-letter ``x``/``dx``/``rotate``
lists can be honoured. The charts never use those lists (matplotlib writes one ``x`` and one
``y`` per label), and letter by letter costs three ways:

* time: about 22 layouts per label, some 2 s of the 5 s a bulletin's PDF takes to write;
* type: no kerning between letters, so chart labels are set more loosely than body text;
* text: the PDF holds each letter as its own show operator, which text extraction and screen
  readers must glue back into words.

``install()`` wraps WeasyPrint's SVG text function: a label with at most one ``x`` and one
``y`` and none of the per-letter attributes is handed over as a single run (a string whose
iteration yields itself), so the unchanged WeasyPrint code lays it out and draws it once;
every other label goes through the original path untouched. The wrapper is installed only on
the WeasyPrint version it was written against (pinned in pyproject.toml).
"""

from __future__ import annotations

from typing import Any

WEASYPRINT_VERSION = "70.0"
# Attributes that position or stretch single letters: with any of them, the original path.
PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")


class _Run(str):
    """A label that iterates as one item, so WeasyPrint's letter loop sees a single 'letter'."""

    __slots__ = ()

    def __iter__(self) -> Any:
        yield str(self)


def _single(value: str | None) -> bool:
    return value is None or len(value.replace(",", " ").split()) <= 1


def is_whole_run(node: Any) -> bool:
    """True when ``node`` may be drawn as one run: no per-letter positions or spacing."""
    attrib = node.attrib
    if any(name in attrib for name in PER_LETTER):
        return False
    return _single(attrib.get("x")) and _single(attrib.get("y"))


def _wrap(original: Any) -> Any:
    def text(svg: Any, node: Any, font_size: float) -> Any:
        element = node._etree_node
        label = element.text
        if not label or len(label) < 2 or not is_whole_run(node):
            return original(svg, node, font_size)
        element.text = _Run(label)
        try:
            return original(svg, node, font_size)
        finally:
            element.text = label

    text.__wrapped__ = original  # type: ignore[attr-defined]
    return text


def install() -> bool:
    """Install the wrapper once; False (and nothing changed) on another WeasyPrint version."""
    import weasyprint
    import weasyprint.svg as svg

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return False
    original = svg.text
    if hasattr(original, "__wrapped__"):
        return True
    wrapped = _wrap(original)
    # draw_node tells text nodes apart by comparing TAGS entries with the module's ``text``:
    # both must name the wrapper.
    for tag, function in list(svg.TAGS.items()):
        if function is original:
            svg.TAGS[tag] = wrapped
    svg.text = wrapped
    return True
