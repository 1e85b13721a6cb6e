"""Grammatical agreement: every expected value below is Russian (or English) written by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hrd_bulletin.i18n import agreement_filters, count_phrase_en, english_plural, midsentence
from hrd_bulletin.russian import (
    RussianGrammarError,
    count_phrase,
    government,
    inflect,
    is_proper,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 респондент"),
        (2, "2 респондента"),
        (4, "4 респондента"),
        (5, "5 респондентов"),
        (11, "11 респондентов"),
        (12, "12 респондентов"),
        (14, "14 респондентов"),
        (21, "21 респондент"),
        (22, "22 респондента"),
        (101, "101 респондент"),
        (111, "111 респондентов"),
        (131, "131 респондент"),
        (0, "0 респондентов"),
        (1000, "1 000 респондентов"),
    ],
)
def test_nominative(n: int, expected: str) -> None:
    assert count_phrase(n, "респондент") == expected.replace(" ", NB)


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [
        (131, "gent", "131 респондента"),  # из 131 респондента
        (1, "gent", "1 респондента"),
        (2, "gent", "2 респондентов"),  # из 2 респондентов
        (5, "gent", "5 респондентов"),
        (11, "gent", "11 респондентов"),
        (21, "datv", "21 респонденту"),  # по 21 респонденту
        (5, "datv", "5 респондентам"),
        (5, "ablt", "5 респондентами"),  # с 5 респондентами
        (131, "ablt", "131 респондентом"),
        (391, "loct", "391 случае"),  # в 391 случае
        (576, "loct", "576 происшествиях"),
        (2, "accs", "2 респондентов"),  # опросили 2 респондентов (animate)
        (22, "accs", "22 респондента"),  # опросили 22 респондента (compound: inanimate form)
        (2, "accs", "2 респондентов"),
        (3, "accs", "3 случая"),  # inanimate: as the nominative
        (2000, "datv", "2 000 респондентов"),  # двум тысячам респондентов
        (351, "nomn", "351 материал"),
        (555, "gent", "555 материалов"),
        (20, "gent", "20 месяцев"),
        (400, "gent", "400 угроз"),  # более 400 угроз
        (27867, "nomn", "27 867 долларов"),
    ],
)
def test_oblique_cases(n: int, case: str, expected: str) -> None:
    noun = {"случае": "случай", "происшествиях": "происшествие", "случая": "случай"}
    word = expected.split(" ")[-1]
    lemma = {
        "материал": "материал",
        "материалов": "материал",
        "месяцев": "месяц",
        "угроз": "угроза",
        "долларов": "доллар",
    }.get(word, noun.get(word, "респондент"))
    assert count_phrase(n, lemma, case) == expected.replace(" ", NB, 1).replace(" ", NB)


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [
        (1, "nomn", "1 правозащитная организация"),
        (2, "nomn", "2 правозащитные организации"),  # feminine: adjective nominative plural
        (5, "nomn", "5 правозащитных организаций"),
        (5, "gent", "5 правозащитных организаций"),
        (131, "gent", "131 правозащитной организации"),
        (21, "ablt", "21 правозащитной организацией"),
        (3, "nomn", "3 новых вида"),  # masculine: adjective genitive plural
        (2, "datv", "2 физическим атакам"),  # подвергались 2 физическим атакам
    ],
)
def test_adjectives_agree(n: int, case: str, expected: str) -> None:
    phrase = expected.split(" ", 1)[1]
    lemma = {
        "правозащитная организация": "правозащитная организация",
        "правозащитные организации": "правозащитная организация",
        "правозащитных организаций": "правозащитная организация",
        "правозащитной организации": "правозащитная организация",
        "правозащитной организацией": "правозащитная организация",
        "новых вида": "новый вид",
        "физическим атакам": "физическая атака",
    }[phrase]
    assert count_phrase(n, lemma, case) == expected.replace(" ", NB, 1)


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [
        (1.5, "nomn", "1,5 балла"),
        (3.4, "nomn", "3,4 балла"),
        (3.4, "ablt", "3,4 балла"),  # decimals: genitive singular in every case
        (Decimal("10.7"), "nomn", "10,7 года"),
        (3.0, "nomn", "3 балла"),  # a whole float prints whole
    ],
)
def test_decimals_govern_the_genitive_singular(n: float, case: str, expected: str) -> None:
    noun = "год" if "года" in expected else "балл"
    assert count_phrase(n, noun, case) == expected.replace(" ", NB)


def test_decimals_shown_explicitly_read_as_fractions() -> None:
    assert count_phrase(3, "балл", decimals=1) == f"3,0{NB}балла"
    assert government("3,0", "nomn").noun == ("gent", "sing")


def test_lexicon_words() -> None:
    # акимат and маслихат: not in the dictionary; Шымкент parsed as a surname; Актобе indeclinable.
    assert count_phrase(5, "акимат") == f"5{NB}акиматов"
    assert count_phrase(2, "маслихат") == f"2{NB}маслихата"
    assert count_phrase(1, "медиа-материал", "datv") == f"1{NB}медиа-материалу"
    assert inflect("Шымкент", "loct") == "Шымкенте"
    assert inflect("Актобе", "loct") == "Актобе"
    assert inflect("Алматы", "gent") == "Алматы"


@pytest.mark.parametrize(
    ("label", "case", "number", "expected"),
    [
        ("Полиция", "gent", None, "полиции"),
        ("Суд", "ablt", None, "судом"),
        ("Акимат", "datv", None, "акимату"),
        ("Журналист, редакция, СМИ, блогер", "ablt", None, "журналистом, редакцией, СМИ, блогером"),
        ("Журналист, редакция, СМИ, блогер", "gent", "plur", "журналистов, редакций, СМИ, блогеров"),
        (
            "Правозащитник, член или глава правозащитной организации",
            "gent",
            None,
            "правозащитника, члена или главы правозащитной организации",
        ),
        ("НПО, группа деятелей, активистов", "gent", None, "НПО, группы деятелей, активистов"),
        (
            "Осужденный общественный деятель, правозащитник, активист",
            "gent",
            None,
            "осужденного общественного деятеля, правозащитника, активиста",
        ),
        ("Адвокат, юрист, общественный защитник", "datv", None, "адвокату, юристу, общественному защитнику"),
        ("физические или устные угрозы и давление", "ablt", None, "физическими или устными угрозами и давлением"),
        (
            "Ограничение доступа к информации и свободы слова",
            "gent",
            None,
            "ограничения доступа к информации и свободы слова",
        ),
        ("отказ в предоставлении информации", "ablt", None, "отказом в предоставлении информации"),
        ("Финансовое и имущественное давление", "gent", None, "финансового и имущественного давления"),
        ("Информационные атаки", "datv", None, "информационным атакам"),
        ("Иное", "gent", None, "иного"),
        ("Акмолинская область", "loct", None, "Акмолинской области"),
        ("Мангистауская область", "loct", None, "Мангистауской области"),
        ("Восточно-Казахстанская область", "gent", None, "Восточно-Казахстанской области"),
        ("Астана", "loct", None, "Астане"),
        ("Комитет национальной безопасности", "ablt", None, "Комитетом национальной безопасности"),
    ],
)
def test_inflect_labels(label: str, case: str, number: str | None, expected: str) -> None:
    assert inflect(label, case, number) == expected


def test_inflect_keeps_capitals_when_asked() -> None:
    assert inflect("Полиция", "gent", lower=False) == "Полиции"


def test_case_aliases_and_errors() -> None:
    assert inflect("Полиция", "род") == inflect("Полиция", "gent")
    with pytest.raises(RussianGrammarError, match="unknown case"):
        inflect("Полиция", "genitive")
    with pytest.raises(RussianGrammarError, match="no noun"):
        inflect("быстро", "gent")
    with pytest.raises(RussianGrammarError, match="needs a number"):
        count_phrase("5", "респондент")


def test_proper_names() -> None:
    assert is_proper("Алматы") and is_proper("Акмолинская область") and is_proper("НПО")
    assert not is_proper("Полиция") and not is_proper("Журналист, редакция, СМИ, блогер")
    assert midsentence("Полиция", "ru") == "полиция"
    assert midsentence("Астана", "ru") == "Астана"


def test_english_plurals() -> None:
    assert count_phrase(1, "incident", lang="en") == f"1{NB}incident"
    assert count_phrase(2, "incident", lang="en") == f"2{NB}incidents"
    assert count_phrase(0, "incident", lang="en") == f"0{NB}incidents"
    assert count_phrase_en(1.5, "point") == f"1.5{NB}points"
    assert count_phrase_en(27867, "case of threat") == f"27,867{NB}cases of threat"
    assert count_phrase_en(2, "person", plural="people") == f"2{NB}people"
    assert english_plural("human rights defender") == "human rights defenders"
    assert english_plural("body") == "bodies"
    assert english_plural("day") == "days"
    assert english_plural("search") == "searches"
    assert english_plural("analysis") == "analyses"


def test_english_midsentence() -> None:
    assert midsentence("Police", "en") == "police"
    assert midsentence("Akimat (local administration)", "en") == "akimat (local administration)"
    assert midsentence("National Security Committee", "en") == "National Security Committee"
    assert midsentence("Astana", "en") == "Astana"
    assert midsentence("NGO or group of activists", "en") == "NGO or group of activists"


def test_jinja_filters() -> None:
    ru, en = agreement_filters("ru"), agreement_filters("en")
    assert ru["count"](131, "респондент", "gent") == f"131{NB}респондента"
    assert ru["inflect"]("Полиция", "ablt") == "полицией"
    assert ru["midsentence"]("Суд") == "суд"
    assert en["count"](131, "respondent", "gent") == f"131{NB}respondents"
    assert en["inflect"]("Police", "ablt") == "police"
    assert set(ru) == set(en) == {"count", "inflect", "midsentence"}


# The agreement checker (tests/russian_agreement.py), on sentences written by hand.
CORRECT = [
    "Из 131 респондента восемьдесят ответили.",
    "Из 5 респондентов двое отказались.",
    "Опросили 2 респондентов.",
    "Вышел 351 материал, всего 555 материалов.",
    "В 391 случае и в 576 происшествиях.",
    "По 5 респондентам, по 21 респонденту.",
    "Вместе с 83 угрозами.",
    "Более 400 угроз со стороны государства.",
    "В 2016 году 2 правозащитные организации и 5 правозащитных организаций.",
    "Ещё 2 правозащитных организации.",
    "За 20 месяцев наблюдения.",
    "В 10 раз больше.",
    "Опыт от 1 года до 27 лет, в среднем 3,4 балла.",
    "21 респондент ответил.",
    "131 правозащитная организация.",
    "Подвергались 5 угрозам и 2 физическим атакам.",
    "36 видов угроз по 5 различным категориям.",
    "С 1 августа 2015 г. по 31 марта 2017 г.",
    "Зафиксировано 1\u00a0046 нарушений в 1 046 случаях.",
    "Бюллетень НПО: 3 НПО и 5 СМИ.",
    "Таблица 5 Доля респондентов.",
]
INCORRECT = [
    ("Из 131 респондентов ответили.", "из 131 респондентов"),
    ("Вышло 351 материалов.", "351 материалов"),
    ("Ответили 2 респондент.", "2 респондент"),
    ("Ответили 5 респондента.", "5 респондента"),
    ("Из 21 респондентов.", "из 21 респондентов"),
    ("Это было в 5 случае.", "в 5 случае"),
    ("Ещё 131 правозащитных организаций.", "131 правозащитных организаций"),
    ("В среднем 3,4 баллов.", "3,4 баллов"),
    ("Создана 2 правозащитная организация.", "2 правозащитная организация"),
    ("Из 2 респондента.", "из 2 респондента"),
    ("Работали 5 правозащитные организации.", "5 правозащитные организации"),
]


@pytest.mark.parametrize("sentence", CORRECT)
def test_checker_accepts_correct_russian(sentence: str) -> None:
    from russian_agreement import disagreements

    assert [str(d) for d in disagreements(sentence)] == []


@pytest.mark.parametrize(("sentence", "pair"), INCORRECT)
def test_checker_flags_disagreement(sentence: str, pair: str) -> None:
    from russian_agreement import disagreements

    assert [str(d.pair) for d in disagreements(sentence)] == [pair]


def test_checker_reads_a_text_layer() -> None:
    from russian_agreement import disagreements, pairs

    layer = "Из 131 ре-\nспондентов ответили; в 576\nпроисшествиях; медиа-\nматериал"
    assert [str(p) for p in pairs(layer)] == ["из 131 респондентов", "в 576 происшествиях"]
    assert len(disagreements(layer)) == 1


def test_everything_count_phrase_writes_passes_the_checker() -> None:
    from russian_agreement import disagreements

    text = " ".join(
        f"{prep} {count_phrase(n, noun, case)}."
        for n in (1, 2, 3, 5, 11, 12, 21, 22, 101, 131, 351, 1000, 1.5)
        for noun in ("респондент", "правозащитная организация", "материал", "случай")
        for prep, case in (("Всего", "nomn"), ("из", "gent"), ("по", "datv"), ("с", "ablt"), ("в", "loct"))
    )
    assert [str(d) for d in disagreements(text)] == []


# Both built Russian documents are checked in the normal suite: tests/test_prose.py.
