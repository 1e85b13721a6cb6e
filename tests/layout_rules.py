"""Layout rules of the bulletin, checked on WeasyPrint's own layout (page boxes after render()).

Each rule returns a list of violations (text naming the page and the element), empty when the
document keeps the rule. The rules read only the box tree, never the PDF's pixels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

EPS = 0.5  # CSS px: rounding of WeasyPrint's float positions
MIN_FILL = 1 / 3


@dataclass
class Placed:
    """Where each element's boxes fall: element -> pages; and what each page holds."""

    pages_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    element: dict[int, Any] = field(default_factory=dict)
    boxes: list[tuple[int, Any]] = field(default_factory=list)
    parent: dict[int, Any] = field(default_factory=dict)


def _content_root(page: Any) -> Any | None:
    for child in page._page_box.children:
        if getattr(child, "element_tag", None) == "html":
            return child
    return None


def place(document: Any) -> Placed:
    placed = Placed()
    for number, page in enumerate(document.pages):
        root = _content_root(page)
        if root is None:
            continue
        if not placed.parent:
            # ElementTree keeps no parent links: map them once from the document's root.
            placed.parent = {id(c): e for e in root.element.iter() for c in e}
        for box in root.descendants():
            element = getattr(box, "element", None)
            if element is None:
                continue
            placed.pages_of[id(element)].add(number)
            placed.element[id(element)] = element
            placed.boxes.append((number, box))
    return placed


def _label(element: Any) -> str:
    ident = element.get("id") or element.get("class") or ""
    text = " ".join("".join(element.itertext()).split())[:50]
    return f"<{element.tag}{' ' + ident if ident else ''}> «{text}»"


def captions_beside_their_figures(document: Any) -> list[str]:
    """A caption starts on the page where its figure or table starts, and a figure is not split."""
    placed = place(document)
    problems = []
    for key, element in placed.element.items():
        if element.tag not in ("figcaption", "caption"):
            continue
        parent = placed.parent[key]
        caption_pages = placed.pages_of[key]
        parent_pages = placed.pages_of[id(parent)]
        if parent.tag == "table":
            # The table's wrapper box starts with the caption: where its first row lands is what counts.
            rows = [placed.pages_of[id(tr)] for tr in parent.iter("tr") if placed.pages_of[id(tr)]]
            parent_pages = set().union(*rows) if rows else parent_pages
        if min(caption_pages) != min(parent_pages):
            problems.append(f"page {min(caption_pages) + 1}: caption {_label(element)} apart from its {parent.tag}")
        if parent.tag == "figure" and len(parent_pages) > 1:
            problems.append(f"pages {sorted(p + 1 for p in parent_pages)}: figure {_label(element)} split")
    return problems


def tables_break_between_rows(document: Any, min_rows: int = 2) -> list[str]:
    """No row is split; a split table repeats its header and leaves at least ``min_rows`` rows a page."""
    placed = place(document)
    problems = []
    for key, element in placed.element.items():
        in_head = placed.parent.get(key) is not None and placed.parent[key].tag == "thead"
        if element.tag == "tr" and not in_head and len(placed.pages_of[key]) > 1:
            problems.append(f"pages {sorted(p + 1 for p in placed.pages_of[key])}: row {_label(element)} split")
        if element.tag != "table" or len(placed.pages_of[key]) < 2:
            continue
        body_rows = [tr for tbody in element.iter("tbody") for tr in tbody.iter("tr")]
        has_head = element.find("thead") is not None
        for page in sorted(placed.pages_of[key]):
            rows = [tr for tr in body_rows if page in placed.pages_of[id(tr)]]
            if not rows:
                continue
            if len(rows) < min(min_rows, len(body_rows)):
                problems.append(f"page {page + 1}: table {_label(element)} leaves {len(rows)} row(s) alone")
            heads = [b for n, b in placed.boxes if n == page and getattr(b, "element_tag", None) == "thead"]
            if has_head and not any(placed.parent.get(id(b.element)) is element for b in heads):
                problems.append(f"page {page + 1}: table {_label(element)} continues without its header")
    return problems


def _is_free_page(root: Any) -> bool:
    # Pages laid out as a whole (cover, back cover, key figures, contents) mark their section
    # data-page="free".
    return any(
        getattr(b, "element", None) is not None and b.element.get("data-page") == "free" for b in root.descendants()
    )


def _starts_part(page: Any) -> bool:
    root = _content_root(page)
    if root is None:
        return False
    for box in root.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.tag not in ("html", "body", "main"):
            classes = (element.get("class") or "").split()
            return bool({"part", "part-title"} & set(classes)) or element.get("data-page") == "free"
    return False


def pages_are_filled(document: Any, min_fill: float = MIN_FILL) -> list[str]:
    """Every content page is at least ``min_fill`` full, except before a part title and at the end."""
    problems = []
    pages = document.pages
    for number, page in enumerate(pages[:-1]):
        root = _content_root(page)
        if root is None or _is_free_page(root) or _starts_part(pages[number + 1]):
            continue
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottoms = [
            b.position_y + b.margin_height()
            for b in root.descendants()
            if not getattr(b, "children", None) and getattr(b, "element_tag", None) not in (None, "html", "body")
        ]
        fill = (max(bottoms, default=top) - top) / height
        if fill < min_fill:
            problems.append(f"page {number + 1}: {fill:.0%} full")
    return problems


def nothing_outside_the_page(document: Any) -> list[str]:
    """Every box lies inside its page's content area."""
    problems = []
    for number, page in enumerate(document.pages):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        right, bottom = left + box.width, top + box.height
        root = _content_root(page)
        if root is None:
            continue
        for b in root.descendants():
            if getattr(b, "element_tag", None) in (None, "html", "body") or b.width is None:
                continue
            x, y = b.border_box_x(), b.border_box_y()
            # A run of text may rise above its line by the font's ascent (tight leading of a
            # heading): for text only the horizontal extent counts; its line is checked whole.
            inline = type(b).__name__ in ("TextBox", "InlineBox")
            vertical_out = not inline and (y < top - EPS or y + b.border_height() > bottom + EPS)
            if x < left - EPS or x + b.border_width() > right + EPS or vertical_out:
                problems.append(f"page {number + 1}: {_label(b.element)} outside the page's content area")
                break
    return problems


RULES = {
    "captions beside their figures": captions_beside_their_figures,
    "tables break between rows": tables_break_between_rows,
    "pages are filled": pages_are_filled,
    "nothing outside the page": nothing_outside_the_page,
}
