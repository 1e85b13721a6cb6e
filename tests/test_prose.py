"""The bulletin's prose: agreement in both Russian documents, whole sentences per outcome
(one / several earlier seasons), claims decided once, glossary terms, no Cyrillic in English."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hrd_bulletin.bulletin.charts import labels as chart_labels
from hrd_bulletin.bulletin.context import build_context, findings
from hrd_bulletin.bulletin.glossary import cyrillic_outside_quotes, term
from hrd_bulletin.bulletin.html import render_html
from hrd_bulletin.i18n import get_translations
from russian_agreement import disagreements, normalise
from test_render import SEASONS, metric_tables, reference_tables

NB = "\u00a0"


def text_of(html: str) -> str:
    """The reader's text of an HTML document (tags dropped, entities decoded)."""
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def document_text(pdf: Path, first_page: int = 1) -> str:
    """A built document's text layer (pdftotext), or its HTML twin's text without poppler."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-enc", "UTF-8", "-f", str(first_page), str(pdf), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text_of(pdf.with_suffix(".html").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- agreement, built documents


@pytest.mark.parametrize("document", ["bulletin_ru", "review_ru"])
def test_both_russian_documents_agree(bundled: Path, document: str) -> None:
    text = document_text(bundled / "reports" / "build" / f"{document}.pdf")
    assert [str(d) for d in disagreements(text)] == []
    # The slot-filled sentences of issue 13 are gone in every form.
    for slot in (
        "месяцев наблюдения:",
        "в видов угроз",
        "материалов о давлении на правозащитников и угрозах в отношении них:",
        "стал регион",
        "зафиксировано здесь:",
        "правозащитники региона:",
        "атакам такого вида:",
        "подвергались —",
        "лидируют:",
        "чем в среднем по стране, уязвимость",
        "Из 131 респондентов",
        "351 материалов",
    ):
        assert slot not in normalise(text).replace("\n", " "), slot


def test_the_document_check_fails_on_a_reintroduced_error(bundled: Path) -> None:
    text = document_text(bundled / "reports" / "build" / "bulletin_ru.pdf")
    spoilt = text + "\nИз 131 респондентов 60,3 % работают самостоятельно; выявлено 351 материалов.\n"
    assert [str(d.pair) for d in disagreements(spoilt)] == ["из 131 респондентов", "351 материалов"]


@pytest.mark.parametrize("document", ["bulletin_en", "review_en"])
def test_english_documents_have_no_cyrillic_outside_quotes(bundled: Path, document: str) -> None:
    # Page 1 is the cover, whose publishers' logos carry their own (bilingual) names.
    text = normalise(document_text(bundled / "reports" / "build" / f"{document}.pdf", first_page=2))
    assert cyrillic_outside_quotes(" ".join(text.split())) == []


def test_cyrillic_check_catches_a_russian_word_in_english() -> None:
    assert cyrillic_outside_quotes("Most incidents were in Уральск; the original says 'в совокупности'.") == [
        "Уральск;"
    ]


# --------------------------------------------------------------------------- one fixture, three seasons


def _three_seasons(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The fixture of test_render with a third season S3 copied from S2 (its own counts below)."""
    out = dict(tables)
    for name, df in tables.items():
        if "season" in df.columns and (df["season"] == "S2").any():
            s3 = df[df["season"] == "S2"].assign(season="S3")
            out[name] = pd.concat([df[df["season"] != "all"], s3, df[df["season"] == "all"]], ignore_index=True)
    by_season = out["incidents_by_season"].set_index("season")
    # S3: 600 incidents, no new kinds of threat besides 4, rate not significant.
    by_season.loc["S3", ["incidents", "new_threat_types", "change_vs_previous"]] = [600, 4, 600 / 576 - 1]
    by_season.loc["S3", ["rate_ratio", "rate_ratio_p_value", "incidents_per_month"]] = [1.04, 0.52, 54.5]
    out["incidents_by_season"] = by_season.reset_index()
    return out


THREE = [
    *SEASONS,
    {"id": "S3", "start": "2017-04-01", "end": "2018-02-28", "label_ru": "Третий сезон", "label_en": "Season 3"},
]


def _render(lang: str, tables: dict[str, pd.DataFrame], seasons: list[dict[str, Any]]) -> str:
    ctx = build_context(tables, reference_tables(), lang=lang, seasons=seasons, min_cell=5, figures={})
    # Collapse ordinary white space only: the no-break spaces are part of what is checked.
    return re.sub(r"[ \t\r\n]+", " ", text_of(render_html(ctx, lang)))


def test_three_seasons_read_grammatically_in_russian() -> None:
    text = _render("ru", _three_seasons(metric_tables()), THREE)
    assert [str(d) for d in disagreements(text)] == []
    # S2 has one earlier season, S3 several.
    assert f"Впервые отмечено 20{NB}видов угроз, не встречавшихся в первом сезоне." in text
    assert f"Впервые отмечено 4{NB}вида угроз, не встречавшихся ни в одном из предыдущих сезонов." in text
    assert f"Наблюдатели зафиксировали в{NB}третьем сезоне 600{NB}происшествий" in text
    assert f"70 — в{NB}первом сезоне, 120 — во{NB}втором сезоне и 120 — в{NB}третьем сезоне" in text
    # S3 against S2: the monthly rate changed by no more than chance would explain.
    assert "частота происшествий изменилась не больше, чем можно объяснить случайностью" in text


def test_three_seasons_read_grammatically_in_english() -> None:
    text = _render("en", _three_seasons(metric_tables()), THREE)
    assert f"20{NB}kinds of threat appeared for the first time, not seen in the first season." in text
    assert f"4{NB}kinds of threat appeared for the first time, not seen in any earlier season." in text
    assert f"The monitors recorded 600{NB}incidents in Season 3," in text
    assert "of them 70 in Season 1, 120 in Season 2 and 120 in Season 3." in text


def test_one_earlier_season_never_says_any_earlier_season() -> None:
    text = _render("ru", metric_tables(), SEASONS)
    assert "ни в одном из предыдущих сезонов" not in text
    assert "не встречавшихся в первом сезоне" in text


# --------------------------------------------------------------------------- the claims, decided once


def _attack(kind: str, ind: float, org: float, p: float | None) -> dict[str, Any]:
    return {"label": kind, "more_exposed": "individual" if ind > org else "organization", "p_value": p}


def test_group_exposure_says_which_differences_are_significant() -> None:
    # The 2017 data: physical attacks (p = 0.39) are not significant, the other three are.
    attacks = [
        _attack("information", 0.405, 0.212, 0.024),
        _attack("reputational", 0.392, 0.173, 0.011),
        _attack("physical", 0.241, 0.173, 0.39),
        _attack("technical", 0.215, 0.077, 0.049),
    ]
    e = findings.group_exposure(attacks)
    assert e["kind"] == "mixed"
    assert [a["label"] for a in e["significant"]] == ["information", "reputational", "technical"]
    assert [a["label"] for a in e["not_significant"]] == ["physical"]
    assert findings.group_exposure(attacks[:2])["kind"] == "all_significant"
    assert findings.group_exposure([*attacks, _attack("x", 0.1, 0.2, 0.01)])["kind"] == "not_all"


def test_the_ru_text_never_says_all_then_not_significant() -> None:
    text = _render("ru", metric_tables(), SEASONS)
    assert "все виды атак шире распространены" not in text.lower()
    # information, reputational and technical are significant in the fixture, physical is not.
    assert "заметно чаще организаций подвергаются информационным атакам, репутационным атакам и техническим" in text
    assert "О физических атаках они тоже сообщают чаще, но эти различия невелики и могут быть случайными." in text
    assert "p = " not in text  # p-values are in the reviewers' report, not in the reader's text


def test_slight_change_comes_from_the_stated_threshold() -> None:
    assert findings.SLIGHT_INDEX_CHANGE == 0.5
    # 2.57 -> 2.88: up by 0.31 < 0.5 points: slight; 2.0 -> 2.6: up by 0.6: not slight.
    row = {"value_from": 2.57, "value_to": 2.88, "change": 0.31}
    assert findings.index_change(row)["direction"] == "up" and findings.index_change(row)["slight"] is True
    assert findings.index_change({"value_from": 2.0, "value_to": 2.6, "change": 0.6})["slight"] is False
    assert findings.index_change({"value_from": 2.0, "value_to": 2.0, "change": 0.0})["slight"] is False
    # Part V and the conclusions print the same sentence (fixture: 2.55 -> 2.89).
    text = _render("ru", metric_tables(), SEASONS)
    assert text.count("Между волнами опроса уровень риска правозащитников незначительно повысился.") == 2
    assert "0,5 пункта называется незначительным" in text


def test_a_change_from_a_later_wave_names_its_waves() -> None:
    # Waves 1 -> 2: the only two (waves are numbered from 1); 2 -> 3: the latest two of three.
    first = {"wave_from": 1, "wave_to": 2, "value_from": 2.57, "value_to": 2.88, "change": 0.31}
    assert findings.index_change(first)["name_waves"] is False
    assert findings.index_change({**first, "wave_from": 2, "wave_to": 3})["name_waves"] is True


def test_share_and_count_moving_apart_is_said() -> None:
    # The state: 215 of 391 (55.0 %) -> 252 of 576 (43.8 %): count up, share down.
    moved = findings.share_and_count({"incidents": 215, "share": 0.550}, {"incidents": 252, "share": 0.438})
    assert moved == {"count": "up", "share": "down", "opposite": True}
    text = _render("ru", metric_tables(), SEASONS)
    assert "выросло, но их доля снизилась" in text
    assert "с 55,0\u202f% до 43,8\u202f%" in text


def test_plain_words_for_ratios_and_fractions() -> None:
    assert findings.ratio_words(0.405, 0.212) == "twice"  # 1.91
    assert findings.ratio_words(0.215, 0.077) == "three_times"  # 2.79
    assert findings.ratio_words(0.241, 0.173) == "more"  # 1.39
    assert findings.ratio_words(0.2, 0.0) == "over_three"
    assert findings.ratio_words(0.1, 0.2) is None
    assert findings.plain_fraction(0.304) == "one_in_three"
    assert findings.plain_fraction(0.45) is None


def test_weak_compliance_points_name_the_share_that_does_not_comply() -> None:
    tables = metric_tables()
    shares = tables["survey_shares"]
    # licensed software: 2 of 4 comply, 2 do not; a safe: 1 of 4 complies, 3 do not.
    lacking = pd.DataFrame(
        [
            (2, "licensed_software", "false", "organization", 2, 4, 0.5),
            (2, "has_safe", "false", "organization", 3, 4, 0.75),
        ],
        columns=["wave", "item", "value", "group", "count", "n", "share"],
    )
    tables["survey_shares"] = pd.concat([shares, lacking], ignore_index=True)
    text = _render("ru", tables, SEASONS)
    assert "их не выполняют соответственно 50,0\u202f% и 75,0\u202f% организаций" in text


# --------------------------------------------------------------------------- glossary terms everywhere


@pytest.mark.parametrize(
    ("names", "domain", "codes"),
    [
        (chart_labels.ATTACK_NAMES, "attack", ["information", "reputational", "physical", "technical", "threats"]),
        (chart_labels.LIKELIHOOD_NAMES, "likelihood", [1, 2, 3, 4]),
        (chart_labels.CHANNEL_NAMES, "channel", ["press", "social", "hrd_site"]),
        (chart_labels.TONE_NAMES, "tone", ["supportive", "neutral", "hostile"]),
        (chart_labels.INDEX_NAMES, "index", ["threats", "vulnerability", "resources", "risk", "security"]),
        (chart_labels.INDEX_LEVEL_NAMES, "index_level", ["low", "medium", "high"]),
    ],
)
def test_chart_labels_are_the_glossary_terms(names: dict[Any, str], domain: str, codes: list[Any]) -> None:
    ru = get_translations("ru")
    for code in codes:
        assert names[code] == term(f"{domain}.{code}", "en")
        assert ru.gettext(names[code]) == term(f"{domain}.{code}", "ru")


def test_text_labels_and_places_come_from_the_glossary() -> None:
    ctx = build_context(metric_tables(), reference_tables(), lang="en", seasons=SEASONS, min_cell=5, figures={})
    assert [a["label"] for a in ctx["part2"]["attacks"]][-1] == "Attacks on equipment"
    assert ctx["part4"]["channel_labels"]["press"] == "News media"
    from hrd_bulletin.bulletin.context.incidents import english_place

    assert (english_place("Уральск"), english_place("Петропавловск"), english_place("Жанаозен")) == (
        "Oral",
        "Petropavl",
        "Zhanaozen",
    )


# --------------------------------------------------------------------------- leftovers of issue 13
def _snippet(lang: str, source: str, **context: Any) -> str:
    from hrd_bulletin.bulletin.html import make_environment

    return make_environment(lang).from_string(source).render(lang=lang, **context)


NEW_KINDS = (
    '{% trans count=k, n=k|count(_("kind of threat")) %}{{ n }} appeared for the first time, not seen in the first'
    " season.{% pluralize %}{{ n }} appeared for the first time, not seen in the first season.{% endtrans %}"
)


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, "Впервые отмечен 1\u00a0вид угроз, не встречавшийся в первом сезоне."),
        (3, "Впервые отмечено 3\u00a0вида угроз, не встречавшихся в первом сезоне."),
        (5, "Впервые отмечено 5\u00a0видов угроз, не встречавшихся в первом сезоне."),
        (21, "Впервые отмечен 21\u00a0вид угроз, не встречавшийся в первом сезоне."),
    ],
)
def test_the_participle_agrees_with_one_new_kind_of_threat(k: int, expected: str) -> None:
    assert _snippet("ru", NEW_KINDS, k=k) == expected


def test_a_list_of_places_says_in_once_in_english_and_every_time_in_russian() -> None:
    source = '{% from "macros.html" import places with context %}{{ places(names, _("settlement")) }}'
    assert _snippet("en", source, names=["Astana", "Pavlodar"]) == "in Astana and Pavlodar"
    assert _snippet("ru", source, names=["Астана", "Павлодар"]) == "в\u00a0Астане и в\u00a0Павлодаре"
    regions = '{% from "macros.html" import places with context %}{{ places(names) }}'
    assert _snippet("en", regions, names=["Almaty", "Pavlodar Region"]) == "in Almaty and Pavlodar Region"
    ru = _snippet("ru", regions, names=["Алматы", "Павлодарская область"])
    assert ru == "в\u00a0Алматы и в\u00a0Павлодарской области"


def test_the_introduction_says_the_seasons_in_a_sentence(bundled: Path) -> None:
    text = re.sub(r"[ \n]+", " ", normalise(document_text(bundled / "reports" / "build" / "bulletin_en.pdf")))
    assert "The monitoring covered 2 seasons: Season 1 (August 2015 – April 2016) and Season 2" in text
    assert "then in Astana and in Pavlodar" not in text
