"""Chart labels are drawn as whole runs; per-letter positioned SVG text keeps WeasyPrint's path."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from hrd_bulletin.bulletin import pdf, svgtext

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
<text x="10" y="20" style="font: 10px 'Bulletin Sans'">Алматы 190</text>
<text x="10 20 30" y="40" style="font: 10px 'Bulletin Sans'">abc</text>
</svg>"""


def _shows(path: Path) -> int:
    """Text-show operators (Tj/TJ) on the first page, form XObjects included."""
    document = pikepdf.open(path)
    count = 0

    def walk(stream: object, resources: pikepdf.Dictionary) -> None:
        nonlocal count
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) in ("Tj", "TJ"):
                count += 1
            elif str(operator) == "Do":
                xobject = resources.XObject[operands[0]]
                walk(xobject, xobject.get("/Resources", resources))

    page = document.pages[0]
    walk(page.obj, page.Resources)
    return count


@pytest.mark.parametrize(
    ("attrib", "expected"),
    [
        ({"x": "10", "y": "20"}, True),
        ({}, True),
        ({"x": "10 20 30", "y": "20"}, False),
        ({"x": "10,20", "y": "20"}, False),
        ({"x": "10", "y": "20", "dx": "1"}, False),
        ({"x": "10", "y": "20", "rotate": "0 10"}, False),
        ({"x": "10", "y": "20", "letter-spacing": "1"}, False),
        ({"x": "10", "y": "20", "textLength": "50"}, False),
    ],
)
def test_whole_run_only_without_per_letter_attributes(attrib: dict[str, str], expected: bool) -> None:
    assert svgtext.is_whole_run(SimpleNamespace(attrib=attrib)) is expected


def test_label_is_one_text_run_and_per_letter_text_keeps_its_letters(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_text(SVG, encoding="utf-8")
    out = tmp_path / "chart.pdf"
    pdf.render_pdf('<img src="chart.svg">', tmp_path, out, roots=[tmp_path], epoch=0)
    # "Алматы 190": one show operator; "abc" with three x positions: one per letter.
    assert _shows(out) == 1 + 3
    from pypdf import PdfReader

    text = PdfReader(out).pages[0].extract_text()
    assert "Алматы 190" in text


def test_wrapper_is_installed_once() -> None:
    pdf.import_weasyprint()
    import weasyprint.svg as svg

    assert svg.TAGS["text"] is svg.text
    assert hasattr(svg.text, "__wrapped__")
    assert not hasattr(svg.text.__wrapped__, "__wrapped__")
    assert svgtext.install() is True
    assert not hasattr(svg.text.__wrapped__, "__wrapped__")
