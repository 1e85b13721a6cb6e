"""Formatting (Babel), plural forms and the gettext catalogs of the two editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hrd_bulletin import i18n
from hrd_bulletin.i18n import fmt_date, fmt_decimal, fmt_int, fmt_percent, get_translations, jinja_filters, plural

NBSP = "\u00a0"
NNBSP = "\u202f"
LOCALE = Path(i18n.__file__).resolve().parent / "locale"


def test_russian_percent_uses_decimal_comma_and_narrow_nbsp() -> None:
    assert fmt_percent(0.328, "ru") == f"32,8{NNBSP}%"
    assert fmt_percent(0.61, "ru", 0) == f"61{NNBSP}%"


def test_percent_rounds_half_up_from_shortest_repr() -> None:
    # 0.3285 is 32,85 % exactly; half-even would give 32,8.
    assert fmt_percent(0.3285, "ru") == f"32,9{NNBSP}%"
    assert fmt_percent(0.0005, "en", 1) == "0.1%"


def test_russian_integers_group_with_nbsp() -> None:
    assert fmt_int(27867, "ru") == f"27{NBSP}867"
    assert fmt_int(250000, "ru") == f"250{NBSP}000"
    assert fmt_int(967, "ru") == "967"


def test_english_formats() -> None:
    assert fmt_percent(0.328, "en") == "32.8%"
    assert fmt_int(27867, "en") == "27,867"
    assert fmt_decimal(3.45, "en", 1) == "3.5"
    assert fmt_decimal(10.7, "ru", 1) == "10,7"


def test_missing_values_print_as_dash() -> None:
    assert fmt_percent(None, "ru") == "—"
    assert fmt_int(float("nan"), "en") == "—"


def test_negative_zero_has_no_sign() -> None:
    assert fmt_decimal(-0.04, "ru", 1) == "0,0"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "атака"), (2, "атаки"), (5, "атак"), (21, "атака"), (11, "атак"), (22, "атаки"), (112, "атак")],
)
def test_russian_plural_forms(n: int, expected: str) -> None:
    assert plural(n, "атака", "атаки", "атак", lang="ru") == expected


def test_english_plural_forms() -> None:
    assert plural(1, "attack", "attacks", lang="en") == "attack"
    assert plural(2, "attack", "attacks", lang="en") == "attacks"


def test_plural_needs_the_right_number_of_forms() -> None:
    with pytest.raises(ValueError):
        plural(2, "attack", "attacks", lang="ru")


def test_russian_dates() -> None:
    assert fmt_date("2015-08-01", "ru") == f"1 августа 2015{NNBSP}г."
    assert fmt_date("2015-08-01", "ru", "month") == "август 2015"
    assert fmt_date("2017-03-31", "en") == "March 31, 2017"


def test_jinja_filters_are_bound_to_the_language() -> None:
    ru = jinja_filters("ru")
    assert set(ru) == {"pct", "num", "int", "date", "plural"}
    assert ru["pct"](0.305) == f"30,5{NNBSP}%"
    assert ru["int"](1046) == f"1{NBSP}046"
    assert ru["plural"](21, "атака", "атаки", "атак") == "атака"
    assert jinja_filters("en")["num"](3.44, 1) == "3.4"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        fmt_int(1, "kk")


def test_english_is_the_identity_catalog() -> None:
    assert get_translations("en").gettext("Contents") == "Contents"


def test_russian_catalog_is_compiled_and_loaded() -> None:
    ru = get_translations("ru")
    assert ru.gettext("Contents") == "Содержание"
    assert ru.gettext("Conclusions") == "Выводы по результатам исследования"


def test_catalog_plural_forms_follow_russian_rules() -> None:
    # The bulletin's counts go through the morphological helper (hrd_bulletin.russian), not
    # ngettext; the catalog's Plural-Forms still follow Russian: 21 -> one, 2 -> few, 11 -> many.
    ru = get_translations("ru")
    assert [ru.plural(n) for n in (1, 21, 2, 24, 5, 11, 12, 111)] == [0, 0, 1, 1, 2, 2, 2, 2]


def test_every_msgid_of_the_template_has_a_russian_translation() -> None:
    with open(LOCALE / "messages.pot", "rb") as fh:
        template = read_po(fh)
    with open(LOCALE / "ru" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        russian = read_po(fh, locale="ru")
    untranslated = []
    for message in template:
        if not message.id:
            continue
        translated = russian.get(message.id)
        strings = translated.string if translated is not None else None
        forms = strings if isinstance(strings, tuple) else (strings,)
        if translated is None or not all(forms) or translated.fuzzy:
            untranslated.append(message.id)
    assert untranslated == []
    assert len(template) > 100


def test_compiled_catalog_is_not_older_than_the_po() -> None:
    po = LOCALE / "ru" / "LC_MESSAGES" / "messages.po"
    mo = LOCALE / "ru" / "LC_MESSAGES" / "messages.mo"
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale="ru")
    loaded = get_translations("ru")
    stale = [m.id for m in catalog if m.id and isinstance(m.id, str) and loaded.gettext(m.id) != m.string]
    assert mo.is_file()
    assert stale == []


@pytest.mark.parametrize(
    "russian, latin",
    [
        ("Алматы", "Almaty"),
        ("Костанай", "Kostanay"),
        ("Уральск", "Uralsk"),
        ("Усть-Каменогорск", "Ust-Kamenogorsk"),
        ("Жанаозен", "Zhanaozen"),
        ("Щучинск", "Shchuchinsk"),
        ("Қызылорда", "Kyzylorda"),
        ("<b>Тараз</b>", "<b>Taraz</b>"),  # not Cyrillic: kept as it is (and escaped later)
    ],
)
def test_place_names_are_spelled_in_latin_for_the_english_edition(russian, latin):
    assert i18n.transliterate(russian) == latin


def test_a_season_label_keeps_its_dash_off_the_start_of_a_line() -> None:
    from hrd_bulletin.i18n import season_label

    season = {"id": "S2", "label_ru": "Второй сезон (май 2016 – март 2017)", "label_en": ""}
    assert season_label(season, "ru") == "Второй сезон (май 2016\u00a0– март 2017)"
    assert season_label(season, "en") == "S2"
