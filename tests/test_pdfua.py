"""The PDF editions are tagged PDF/UA-1: structure, language, title, metadata, bookmarks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

DOCUMENTS = ["bulletin_ru", "bulletin_en", "review_ru", "review_en"]


@pytest.fixture(scope="module", params=DOCUMENTS)
def opened(request, bundled):
    path = Path(bundled) / "reports" / "build" / f"{request.param}.pdf"
    with pikepdf.open(path) as pdf:
        yield request.param, pdf


def _elements(pdf: pikepdf.Pdf) -> Counter:
    """Structure element types of the tag tree, by a walk from /StructTreeRoot."""
    seen: Counter = Counter()
    todo = [pdf.Root.StructTreeRoot.K]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            seen[str(node.S)] += 1
            if "/K" in node:
                todo.append(node.K)
    return seen


def test_tagged_with_language_title_and_pdfua_identifier(opened) -> None:
    name, pdf = opened
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == name.rsplit("_", 1)[1]
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    meta = pdf.open_metadata()
    assert meta.get("pdfuaid:part") == "1"
    title = str(pdf.docinfo["/Title"])
    assert title and meta.get("dc:title") == title


def test_author_subject_and_keywords_from_the_publisher(opened) -> None:
    name, pdf = opened
    info = pdf.docinfo
    # The bundled publisher config names the Legal Policy Research Centre and ECHO.
    author = str(info["/Author"])
    if name.endswith("_ru"):
        assert "Центр исследования правовой политики" in author and "ЭХО" in author
        assert "Казахстан" in str(info["/Subject"])
    else:
        assert "Legal Policy Research Centre" in author and "Echo" in author
        assert "Kazakhstan" in str(info["/Subject"])
    assert str(info["/Keywords"])
    # The creation date is the end of the edition's period, not the time of the build.
    assert str(info["/CreationDate"]).startswith("D:20170331")


def test_structure_has_headings_figures_and_header_cells(opened) -> None:
    name, pdf = opened
    elements = _elements(pdf)
    assert elements["/H1"] >= 1 and elements["/H2"] >= 5
    assert elements["/TH"] >= 1 and elements["/Table"] >= 1
    if name.startswith("bulletin"):
        assert elements["/Figure"] >= 19
    with pdf.open_outline() as outline:
        items, todo = 0, list(outline.root)
        while todo:
            item = todo.pop()
            items += 1
            todo.extend(item.children)
    assert items >= 5  # bookmarks: the title and at least the parts


def test_running_heads_and_page_numbers_are_artifacts(opened) -> None:
    _name, pdf = opened
    page = pdf.pages[1]
    stream = (
        page.Contents.read_bytes()
        if isinstance(page.Contents, pikepdf.Stream)
        else b"".join(c.read_bytes() for c in page.Contents)
    )
    assert re.search(rb"/Artifact\s*(<<[^>]*>>\s*)?BDC|/Artifact\s+BMC", stream)


def test_no_link_points_into_the_build_machine(opened) -> None:
    _name, pdf = opened
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            assert not uri.startswith("file:"), uri
