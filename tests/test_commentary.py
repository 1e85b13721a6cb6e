"""Editorial commentary: the Markdown subset, figure references and the errors (expected HTML by hand)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrd_bulletin.bulletin.commentary import (
    SECTIONS,
    CommentaryError,
    figure_names,
    load_commentary,
    load_section,
    render,
)

NB = "\u00a0"
REPO = Path(__file__).resolve().parents[1]


def test_paragraphs_headings_lists() -> None:
    text = (
        "Первая строка\nпродолжение абзаца.\n\nВторой абзац.\n\n## Правительству\n\n### Подраздел\n\n"
        "- пункт\n  продолжение пункта\n- второй\n\n1. первый\n2. второй\n"
    )
    assert render(text, {}, "ru") == (
        "<p>Первая строка продолжение абзаца.</p>\n<p>Второй абзац.</p>\n<h3>Правительству</h3>\n"
        "<h4>Подраздел</h4>\n<ul><li>пункт продолжение пункта</li><li>второй</li></ul>\n"
        "<ol><li>первый</li><li>второй</li></ol>"
    )


def test_inline_markup_quotes_and_links() -> None:
    text = 'Это *важно* и **очень**; "остров свободы", «ЭХО», [сайт](https://example.org/a?b=1&c=2).'
    assert render(text, {}, "ru") == (
        "<p>Это <em>важно</em> и <strong>очень</strong>; «остров свободы», «ЭХО», "
        '<a href="https://example.org/a?b=1&amp;c=2">сайт</a>.</p>'
    )
    assert render('An "island of freedom".', {}, "en") == "<p>An “island of freedom”.</p>"


def test_raw_html_is_escaped_text() -> None:
    assert render("Text <b>bold</b> & <script>x</script>", {}, "en") == (
        "<p>Text &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_escapes_and_years() -> None:
    assert render(r"Звёздочка \* и в августе 2013 года.", {}, "ru") == "<p>Звёздочка * и в августе 2013 года.</p>"


def test_figure_references() -> None:
    figures = {"observers": 16, "regions": 14, "share": 0.122, "period": "август 2015 — март 2017", "mean": 3.44}
    text = (
        "Подготовлено {{ figure.observers | count: наблюдатель }} в {{ figure.regions | count: область, loct }}; "
        "{{ figure.share | pct }}, {{figure.mean}}, {{ figure.mean | num: 2 }}, {{ figure.period }}."
    )
    assert render(text, figures, "ru") == (
        f"<p>Подготовлено 16{NB}наблюдателей в 14{NB}областях; 12,2\u202f%, 3,4, 3,44, август 2015 — март 2017.</p>"
    )
    english = "{{ figure.observers | count: observer }}, {{ figure.regions | count: region }}, {{ figure.share | pct }}"
    assert render(english, figures, "en") == f"<p>16{NB}observers, 14{NB}regions, 12.2%</p>"


def test_figure_values_are_escaped() -> None:
    assert render("{{ figure.x }}", {"x": "<b>"}, "en") == "<p>&lt;b&gt;</p>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Абзац.\n\nИз {{ figure.missing }}.", r"^f\.md:3: unknown figure 'missing' \(known: x\)$"),
        ("# Заголовок", r"^f\.md:1: only '##' and '###' headings are supported, not '#'$"),
        ("#### Заголовок", r"^f\.md:1: only '##' and '###' headings"),
        ("Текст\n\n| a | b |\n|---|---|", r"^f\.md:3: tables are not supported"),
        ("![схема](https://example.org/a.png)", r"^f\.md:1: images are not supported"),
        ("Абзац\n\n<div>блок</div>", r"^f\.md:3: raw HTML are not supported"),
        ("> цитата", r"^f\.md:1: block quotes"),
        ("```\ncode\n```", r"^f\.md:1: code blocks"),
        ("Текст с `кодом`", r"^f\.md:1: code \(backticks\)"),
        ("---", r"^f\.md:1: horizontal rules"),
        ("* пункт", r"^f\.md:1: '\*' and '\+' bullets \(use '-'\)"),
        ("- пункт\n  - вложенный", r"^f\.md:2: nested lists"),
        ("    отступ", r"^f\.md:1: indented code blocks"),
        ("[ссылка](javascript:alert(1))", r"^f\.md:1: links must go to an http\(s\) address"),
        ("[ссылка](page.html)", r"^f\.md:1: links must go to an http\(s\) address, not 'page.html'"),
        ("Строка\nи *незакрытый", r"^f\.md:2: '\*' is never closed$"),
        ("Вышло 351 материал.", r"^f\.md:1: the number 351 is typed in"),
        ("{{ x }}", r"^f\.md:1: malformed figure reference"),
        ("{% if x %}", r"^f\.md:1: '\{%' without a figure reference"),
        ("{{ figure.x | bold }}", r"^f\.md:1: figure 'x': unknown filter 'bold'"),
        ('Кавычка " без пары', r"^f\.md:1: a straight quote \(\"\) is never closed$"),
    ],
)
def test_unsupported_constructs_stop_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(CommentaryError, match=message) as caught:
        render(text, {"x": 1}, "ru", "f.md")
    assert "\n" not in str(caught.value)


def _edition(tmp_path: Path, langs: tuple[str, ...] = ("ru", "en")) -> Path:
    for lang in langs:
        folder = tmp_path / "2017" / lang
        folder.mkdir(parents=True)
        for section in SECTIONS:
            (folder / f"{section}.md").write_text(f"{section} {{{{ figure.n }}}}\n", encoding="utf-8")
    return tmp_path


def test_load_commentary(tmp_path: Path) -> None:
    content = _edition(tmp_path)
    sections = load_commentary(content, "2017", "en", {"n": 1046})
    assert list(sections) == list(SECTIONS)
    assert sections["closing"] == "<p>closing 1,046</p>"
    assert load_section(content, "2017", "ru", "coalition", {"n": 1046}) == f"<p>coalition 1{NB}046</p>"
    assert figure_names(content, "2017") == {"n"}


def test_a_missing_language_or_section_stops(tmp_path: Path) -> None:
    content = _edition(tmp_path, ("ru",))
    with pytest.raises(CommentaryError, match=r"2017/en/introduction\.md: missing"):
        load_commentary(content, "2017", "ru", {"n": 1})
    with pytest.raises(CommentaryError, match=r"2017/en/closing\.md: missing"):
        load_section(content, "2017", "en", "closing", {"n": 1})
    with pytest.raises(CommentaryError, match="unknown commentary section 'summary'"):
        load_section(content, "2017", "ru", "summary", {"n": 1})


def test_an_unknown_file_is_refused(tmp_path: Path) -> None:
    content = _edition(tmp_path)
    (content / "2017" / "en" / "introducton.md").write_text("typo\n", encoding="utf-8")
    with pytest.raises(CommentaryError, match=r"introducton\.md: not a commentary section"):
        load_commentary(content, "2017", "en", {"n": 1})


# The bundled edition's figures, with the 2017 bulletin's values (hand-copied from the original).
BUNDLED_FIGURES = {
    "observers": 16,
    "regions_observed": 14,
    "months_observed": 20,
    "respondents": 131,
    "coalition_members": 0.122,
    "coalition_non_members": 0.66,
    "coalition_unaware": 0.22,
    "takedown_demands": 35,
    "threats_from_state": 400,
    "complaints_about_state": 13,
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_bundled_edition_renders(lang: str) -> None:
    sections = load_commentary(REPO / "content", "2017", lang, BUNDLED_FIGURES)
    assert all(sections[s] for s in SECTIONS)
    assert figure_names(REPO / "content", "2017") == set(BUNDLED_FIGURES)


def test_the_bundled_russian_commentary_agrees() -> None:
    from russian_agreement import disagreements

    text = " ".join(load_commentary(REPO / "content", "2017", "ru", BUNDLED_FIGURES).values())
    assert [str(d) for d in disagreements(text)] == []


def test_the_bundled_english_commentary_is_british_and_latin() -> None:
    from hrd_bulletin.bulletin.glossary import american_spellings, cyrillic_outside_quotes

    text = " ".join(load_commentary(REPO / "content", "2017", "en", BUNDLED_FIGURES).values())
    assert american_spellings(text) == []
    assert cyrillic_outside_quotes(text) == []
    assert "human-rights" not in text.lower() and "public defender" not in text.lower()


def test_the_bundled_bulletins_carry_the_commentary_with_figures_from_the_data(bundled) -> None:
    """The fieldwork comes from the publisher config, the rest from the metric tables: the 2017
    bulletin's 16 observers, 14 oblasts, 131 respondents and 35 takedown demands."""
    build = Path(bundled) / "reports" / "build"
    en = (build / "bulletin_en.html").read_text(encoding="utf-8")
    # Line breaks of the source are spaces; the no-break spaces of "16 observers" stay.
    en = re.sub(r"[ \n]+", " ", en)
    assert "the project trained 16\u00a0observers, who worked in 14\u00a0regions" in en
    assert "35\u00a0cases" in en
    ru = re.sub(r"[ \n]+", " ", (build / "bulletin_ru.html").read_text(encoding="utf-8"))
    assert "подготовил 16\u00a0наблюдателей: они работали в 14\u00a0областях" in ru
    assert "всего 131\u00a0респондент" in ru
    # The reviewers' report is for checking numbers: no commentary in it.
    review = (build / "review_en.html").read_text(encoding="utf-8")
    assert "the project trained" not in review
