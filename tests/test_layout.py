"""The bulletin's layout rules, on WeasyPrint's own page boxes of the bundled editions.

The rules themselves (tests/layout_rules.py) are checked on small documents made to break them.
"""

from __future__ import annotations

import pytest

import layout_rules as rules
from hrd_bulletin.bulletin.html import TEMPLATES_DIR
from hrd_bulletin.bulletin.pdf import layout


def _document(html: str):
    document, _fetcher, _fonts = layout(html, TEMPLATES_DIR, roots=[TEMPLATES_DIR])
    return document


@pytest.fixture(scope="module", params=["bulletin_ru", "bulletin_en", "review_ru", "review_en"])
def built(request, bundled):
    html = (bundled / "reports" / "build" / f"{request.param}.html").read_text(encoding="utf-8")
    return request.param, _document(html)


@pytest.mark.parametrize("rule", list(rules.RULES))
def test_the_bundled_documents_keep_the_layout_rules(built, rule) -> None:
    name, document = built
    if rule == "pages are filled" and name.startswith("review"):
        pytest.skip("the reviewers' report is a reference document: its tables may end a page early")
    problems = rules.RULES[rule](document)
    assert not problems, f"{name}: {rule}: {problems}"


PAGE = "<style>@page { size: 100mm 100mm; margin: 10mm } body { margin: 0; font-size: 10pt }</style>"


def test_a_caption_stranded_from_its_table_is_found() -> None:
    filler = "<div style='height: 70mm'></div>"
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(8))
    table = f"<table><caption>Table 1</caption><thead><tr><th>h</th></tr></thead><tbody>{rows}</tbody></table>"
    html = f"{PAGE}{filler}{table}"
    problems = rules.captions_beside_their_figures(_document(html))
    assert problems and "apart from its table" in problems[0]


def test_a_lone_row_and_a_missing_header_are_found() -> None:
    filler = "<div style='height: 62mm'></div>"
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(3))
    html = f"{PAGE}{filler}<table><thead><tr><th>h</th></tr></thead><tbody>{rows}</tbody></table>"
    problems = rules.tables_break_between_rows(_document(html))
    assert any("row(s) alone" in p for p in problems)


def test_a_near_empty_page_is_found_but_not_before_a_part_title() -> None:
    text = "<p>short</p><div style='break-before: page'>next</div><p>end</p>"
    problems = rules.pages_are_filled(_document(PAGE + text))
    assert len(problems) == 1 and problems[0].startswith("page 1: ")
    part = (
        "<p>short</p><section class='part' style='break-before: page'><h2 class='part-title'>II</h2></section><p>e</p>"
    )
    assert rules.pages_are_filled(_document(PAGE + part)) == []


def test_a_box_outside_the_page_is_found() -> None:
    html = f"{PAGE}<div style='width: 120mm'>wide</div>"
    problems = rules.nothing_outside_the_page(_document(html))
    assert problems and "outside" in problems[0]


def test_a_tidy_document_keeps_every_rule() -> None:
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(3))
    html = (
        f"{PAGE}<p>text</p><table><caption>T</caption><thead><tr><th>h</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    document = _document(html)
    assert all(rule(document) == [] for rule in rules.RULES.values())
