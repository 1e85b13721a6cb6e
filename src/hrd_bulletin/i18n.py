"""Locale-aware formatting (Babel) and the gettext catalogs of the two editions (ru, en).

Typography decisions, used everywhere:

* Russian thousands are grouped with a no-break space (CLDR: ``27 867``), English with a comma;
* a Russian percent sign is preceded by a narrow no-break space (U+202F: ``32,8 %``), as in
  Russian typography; English has none (``32.8%``);
* numbers are rounded half up from their shortest decimal representation (a share 0.3285 is
  32,9 %), the rule the reproduction audit uses, not Babel's default half-even.
"""

from __future__ import annotations

import datetime as dt
import gettext
import math
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES: tuple[str, ...] = ("ru", "en")

# Russian Cyrillic (with the Kazakh letters used in place names) to Latin for the English edition,
# close to the BGN/PCGN practice behind the usual English spellings (Алматы -> Almaty, Костанай ->
# Kostanay, Уральск -> Uralsk); the soft and hard signs are dropped.
_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
NBSP = "\u00a0"
NNBSP = "\u202f"
MISSING = "—"


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {list(LANGUAGES)}")
    return lang


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas NA (a value that must print as a dash)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def to_decimal(value: Any) -> Decimal:
    """The exact decimal a table value stands for: its shortest repr (0.3285 -> 0.3285)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    number = float(value)
    if math.isinf(number):
        raise ValueError(f"cannot format an infinite value: {value!r}")
    return Decimal(repr(number))


def _quantized(value: Any, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    # -0,0 would print with a minus sign.
    return rounded + 0 if rounded == 0 else rounded


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def fmt_decimal(value: Any, lang: str, decimals: int = 1) -> str:
    """A number with ``decimals`` digits: ``2,8`` (ru) / ``2.8`` (en); a dash when missing."""
    _check_lang(lang)
    if is_missing(value):
        return MISSING
    return format_decimal(_quantized(value, decimals), format=_pattern(decimals), locale=lang)


def fmt_int(value: Any, lang: str) -> str:
    """A whole number: ``27 867`` (ru, no-break space) / ``27,867`` (en); a dash when missing."""
    return fmt_decimal(value, lang, 0)


def fmt_percent(share: Any, lang: str, decimals: int = 1) -> str:
    """A share in [0, 1] as a percent: ``32,8 %`` (ru, narrow no-break space) / ``32.8%`` (en)."""
    _check_lang(lang)
    if is_missing(share):
        return MISSING
    number = fmt_decimal(to_decimal(share) * 100, lang, decimals)
    return f"{number}{NNBSP}%" if lang == "ru" else f"{number}%"


def fmt_date(value: Any, lang: str, form: str = "long") -> str:
    """A date: ``1 августа 2015 г.`` / ``August 1, 2015`` (long) or ``август 2015`` (month)."""
    _check_lang(lang)
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    elif isinstance(value, dt.datetime):
        value = value.date()
    elif not isinstance(value, dt.date):
        # pandas Timestamp and numpy datetime64 both know their ISO form.
        value = dt.date.fromisoformat(str(value)[:10])
    if form == "long":
        return format_date(value, format="long", locale=lang)
    if form == "month":
        return format_date(value, format="LLLL y", locale=lang)
    raise ValueError(f"unknown date form {form!r}; expected 'long' or 'month'")


# Index of the form for each CLDR plural category, per language: Russian takes
# (one, few, many) -- 1 атака, 2 атаки, 5 атак; fractions ("other") read like "few"
# (1,5 атаки). English takes (one, other).
_PLURAL_SLOTS: dict[str, dict[str, int]] = {
    "ru": {"one": 0, "few": 1, "many": 2, "other": 1},
    "en": {"one": 0, "other": 1},
}


def plural(n: Any, *forms: str, lang: str = "ru") -> str:
    """The word form for ``n`` by Babel's plural rules: ru (one, few, many), en (one, other)."""
    _check_lang(lang)
    slots = _PLURAL_SLOTS[lang]
    if len(forms) != max(slots.values()) + 1:
        raise ValueError(f"{lang} needs {max(slots.values()) + 1} plural forms, got {len(forms)}")
    number = to_decimal(n)
    category = Locale(lang).plural_form(int(number) if number == number.to_integral() else float(number))
    return forms[slots.get(category, slots["other"])]


def get_translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (``locale/<lang>/LC_MESSAGES/messages.mo``); en = identity."""
    _check_lang(lang)
    if lang == "en":
        return gettext.NullTranslations()
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        raise FileNotFoundError(f"compiled catalog missing: {mo} (run pybabel compile)")
    translations = Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)
    if not isinstance(translations, Translations):
        raise FileNotFoundError(f"could not load the {lang} catalog from {LOCALE_DIR}")
    return translations


def season_label(season: Mapping[str, Any], lang: str) -> str:
    """A config season's label in ``lang`` (its id when it has none). A range's dash never starts
    a line («(май 2016 – март 2017)», and a chart's wrapped tick label): a no-break space before it."""
    return str(season.get(f"label_{lang}") or season["id"]).replace(" \u2013 ", "\u00a0\u2013 ")


def jinja_filters(lang: str) -> dict[str, Callable[..., str]]:
    """The template filters bound to ``lang``: pct, num, int, date, plural (and see ``agreement_filters``)."""
    _check_lang(lang)

    def pct(share: Any, decimals: int = 1) -> str:
        return fmt_percent(share, lang, decimals)

    def num(value: Any, decimals: int = 1) -> str:
        return fmt_decimal(value, lang, decimals)

    def integer(value: Any) -> str:
        return fmt_int(value, lang)

    def date(value: Any, form: str = "long") -> str:
        return fmt_date(value, lang, form)

    def plural_filter(n: Any, *forms: str) -> str:
        return plural(n, *forms, lang=lang)

    return {"pct": pct, "num": num, "int": integer, "date": date, "plural": plural_filter}


def agreement_filters(lang: str) -> dict[str, Callable[..., str]]:
    """The grammar filters bound to ``lang``: ``env.filters.update(agreement_filters(lang))``.

    * ``{{ n | count("респондент", "gent") }}`` -> ``131 респондента``; in English
      ``{{ n | count("respondent") }}`` -> ``131 respondents`` (the case is ignored; an irregular
      plural may be given: ``count("person", plural="people")``);
    * ``{{ label | inflect("gent") }}`` / ``inflect("datv", "plur")``: a reference label in that
      case, lower-cased unless a proper name; in English the label lower-cased the same way;
    * ``{{ label | midsentence }}``: the label lower-cased unless a proper name, case unchanged.
    """
    _check_lang(lang)
    from hrd_bulletin import russian

    def count(n: Any, noun: str, case: str = "nomn", plural: str | None = None, decimals: int | None = None) -> str:
        return russian.count_phrase(n, noun, case, lang=lang, plural=plural, decimals=decimals)

    def inflect(label: str, case: str = "nomn", number: str | None = None) -> str:
        if lang == "ru":
            return russian.inflect(label, case, number)
        return midsentence(label, lang)

    def mid(label: str) -> str:
        return midsentence(label, lang)

    return {"count": count, "inflect": inflect, "midsentence": mid}


# English plurals the -s/-es/-ies rules get wrong.
EN_IRREGULAR_PLURALS: dict[str, str] = {
    "person": "people",
    "child": "children",
    "analysis": "analyses",
    "criterion": "criteria",
    "index": "indices",
    "medium": "media",
    "life": "lives",
    "staff": "staff",
    "police": "police",
}


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower in EN_IRREGULAR_PLURALS:
        plural_form = EN_IRREGULAR_PLURALS[lower]
    elif len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        plural_form = lower[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        plural_form = lower + "es"
    else:
        plural_form = lower + "s"
    return word[:1] + plural_form[1:] if word[:1].isupper() else plural_form


def english_plural(noun: str) -> str:
    """The plural of an English noun phrase: its head (the word before "of", else the last) in plural.

    ``incident`` -> ``incidents``, ``case of threat`` -> ``cases of threat``, ``human rights
    defender`` -> ``human rights defenders``, ``body`` -> ``bodies``, ``person`` -> ``people``.
    """
    words = noun.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    words[head] = _plural_word(words[head])
    return " ".join(words)


def count_phrase_en(n: Any, noun: str, *, plural: str | None = None, decimals: int | None = None) -> str:
    """``1 incident``, ``2 incidents``, ``1.5 points`` (CLDR: singular only for a plain 1)."""
    value = to_decimal(n)
    if decimals is None:
        shown = fmt_int(value, "en") if value == value.to_integral_value() else fmt_decimal(value, "en", 1)
    else:
        shown = fmt_decimal(value, "en", decimals) if decimals > 0 else fmt_int(value, "en")
    word = noun if shown == "1" else (plural or english_plural(noun))
    return f"{shown}{NBSP}{word}"


def midsentence(label: str, lang: str, proper: bool | None = None) -> str:
    """A reference label as it stands mid-sentence: first letter lower-cased unless a proper name.

    Proper names are kept: regions, cities and organisations (the glossary's ``region.``,
    ``city.`` and ``org.`` terms), abbreviations (NGO, НПО) and, in English, labels with a
    capitalised word after the first ("National Security Committee").
    """
    _check_lang(lang)
    if proper is None:
        proper = _is_proper(label, lang)
    return label if proper else label[:1].lower() + label[1:]


def _is_proper(label: str, lang: str) -> bool:
    if lang == "ru":
        from hrd_bulletin.russian import is_proper

        return is_proper(label)
    from hrd_bulletin.bulletin.glossary import proper_names

    words = [w.strip(",.;:()") for w in label.split()]
    first = words[0] if words else ""
    if label in proper_names("en") or (len(first) > 1 and first.isupper()):
        return True
    return any(w[:1].isupper() for w in words[1:])


def transliterate(text: str) -> str:
    """Latin spelling of a Cyrillic place name for the English edition (other characters kept)."""
    out = []
    for char in str(text):
        latin = _TRANSLIT.get(char.lower())
        if latin is None:
            out.append(char)
        elif char.isupper():
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)
