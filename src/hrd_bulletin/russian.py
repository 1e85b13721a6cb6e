"""Russian grammatical agreement by a morphological engine (pymorphy3 with its Russian dictionary).

Two jobs, used by the bulletin's context and templates:

* ``count_phrase(131, "респондент", case="gent")`` -> ``131 респондента`` ("из 131 респондента"):
  the noun, and the adjectives before it, take the form the number governs in the case the
  sentence governs; the caller names that case (``из``/``более``/``около`` -> gent, ``по``/``к``
  -> datv, ``с`` -> ablt, ``в``/``о`` -> loct ...);
* ``inflect("Правозащитная организация", "gent")`` -> ``правозащитной организации``: a reference
  label put into a case for use mid-sentence, and lower-cased unless it is a proper name.

The rules of numeral government (Rosenthal's handbook), with ``n`` the integer shown:

==================  ====================  ==================================================
last digits         nominative, accus.    oblique cases (gent, datv, ablt, loct)
==================  ====================  ==================================================
1 (not 11)          nomn/accs singular    that case, singular (из 131 респондента)
2-4 (not 12-14)     noun gent singular;   that case, plural (из 2 респондентов)
                    adjectives gent plur
                    (nomn plur with a
                    feminine noun)
0, 5-9, 11-14       gent plural           that case, plural (по 5 респондентам)
==================  ====================  ==================================================

* animate nouns in the accusative after exactly 2, 3 or 4 take the genitive plural (опросили
  2 респондентов); after compound numbers (22, 33) the inanimate form (опросили 22 респондента);
* a number ending in three zeros (1000, 5000) or 0 itself is a noun (тысяча, ноль): the noun stands
  in the genitive plural in every case;
* decimals: a number shown with a fractional part (``1,5``, and ``3,0`` too, which is read "три
  целых ноль десятых") governs the genitive singular in every case (1,5 балла, с 3,4 балла).

The project lexicon (``LEXICON``) covers the words the dictionary lacks or mis-parses; see there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import pymorphy3

from hrd_bulletin.i18n import fmt_decimal, fmt_int, to_decimal

CASES: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# Case names a caller may use: pymorphy's, Russian school abbreviations, Latin ones.
CASE_ALIASES: dict[str, str] = {
    **{c: c for c in CASES},
    "им": "nomn",
    "род": "gent",
    "дат": "datv",
    "вин": "accs",
    "тв": "ablt",
    "пр": "loct",
    "nom": "nomn",
    "gen": "gent",
    "dat": "datv",
    "acc": "accs",
    "ins": "ablt",
    "loc": "loct",
    "prep": "loct",
}
# pymorphy's second genitive/locative/accusative (чаю, в лесу) count as the case itself.
_CASE_OF_TAG = {**{c: c for c in CASES}, "gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent"}
_PROPER_TAGS = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}
_AGREEING = {"ADJF", "PRTF", "NUMR"}


class RussianGrammarError(ValueError):
    """A phrase the engine cannot put into the requested form (no noun in it, an unknown case)."""


@dataclass(frozen=True)
class Government:
    """The forms a number governs in one case: the noun's (case, number) and the adjectives' options."""

    noun: tuple[str, str]
    adjectives: tuple[tuple[str, str], ...]


def _hard_masc(stem: str) -> dict[tuple[str, str], str]:
    """The paradigm of a masculine inanimate noun on a hard consonant (like «автомат»)."""
    endings = {
        ("nomn", "sing"): "",
        ("gent", "sing"): "а",
        ("datv", "sing"): "у",
        ("accs", "sing"): "",
        ("ablt", "sing"): "ом",
        ("loct", "sing"): "е",
        ("nomn", "plur"): "ы",
        ("gent", "plur"): "ов",
        ("datv", "plur"): "ам",
        ("accs", "plur"): "ы",
        ("ablt", "plur"): "ами",
        ("loct", "plur"): "ах",
    }
    return {key: stem + ending for key, ending in endings.items()}


def _fixed(word: str) -> dict[tuple[str, str], str]:
    """An indeclinable word: every case and number the same."""
    return {(c, n): word for c in CASES for n in ("sing", "plur")}


# The project lexicon: nouns the OpenCorpora dictionary lacks (акимат, маслихат: predicted only,
# маслихат wrongly as a feminine «маслихата» or a personal name), mis-parses (Шымкент as a surname,
# Актобе as a form of «актоба») or would decline although they do not (Facebook, ЭХО as the name of
# the NGO). Each entry: the forms by (case, number), whether the noun is animate, its gender, and
# whether it is a proper name (kept capitalised mid-sentence).
@dataclass(frozen=True)
class Entry:
    forms: dict[tuple[str, str], str]
    gender: str = "masc"
    animate: bool = False
    proper: bool = False


_GOD = {
    **_hard_masc("год"),
    ("loct", "sing"): "году",
    ("nomn", "plur"): "годы",
    ("gent", "plur"): "лет",
    ("accs", "plur"): "годы",
}

LEXICON: dict[str, Entry] = {
    # «27 лет», not the dictionary's «27 годов» (the genitive plural after a numeral is «лет»).
    "год": Entry(_GOD),
    "акимат": Entry(_hard_masc("акимат")),
    "маслихат": Entry(_hard_masc("маслихат")),
    "медиа-материал": Entry(_hard_masc("медиа-материал")),
    "шымкент": Entry(_hard_masc("Шымкент"), proper=True),
    "актобе": Entry(_fixed("Актобе"), gender="neut", proper=True),
    "усть-каменогорск": Entry(_hard_masc("Усть-Каменогорск"), proper=True),
    "семей": Entry(_fixed("Семей"), proper=True),
    "кокшетау": Entry(_fixed("Кокшетау"), proper=True),
    "алматы": Entry(_fixed("Алматы"), proper=True),
    "facebook": Entry(_fixed("Facebook"), proper=True),
    "эхо": Entry(_fixed("ЭХО"), gender="neut", proper=True),
}
# Names kept capitalised mid-sentence although no word in them is tagged as one.
PROPER_NAMES: frozenset[str] = frozenset(
    {
        "комитет национальной безопасности",
        "коалиция по вопросам безопасности и защиты правозащитников рк",
        "европейский союз",
        "центр исследования правовой политики",
    }
)
_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*|\s+|.", re.S)
_CONJUNCTIONS = {"и", "или", "а также"}


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared analyser (loading the dictionary takes a moment: done once)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


def case_code(case: str) -> str:
    """The pymorphy code of ``case`` (``из`` governs ``gent``; aliases: род, дат, вин, тв, пр)."""
    code = CASE_ALIASES.get(str(case).strip().lower())
    if code is None:
        raise RussianGrammarError(f"unknown case {case!r}; expected one of {sorted(CASE_ALIASES)}")
    return code


def government(shown: str, case: str, *, animate: bool = False, feminine: bool = False) -> Government:
    """What the number written ``shown`` ("131", "1,5", "27 867") governs in ``case``."""
    case = case_code(case)
    digits = re.sub(r"\D", "", shown.split(",")[0].split(".")[0])
    if not digits:
        raise RussianGrammarError(f"not a number: {shown!r}")
    if re.search(r"[.,]\d", shown):
        return Government(("gent", "sing"), (("gent", "sing"),))
    n = int(digits)
    if n % 1000 == 0:
        return Government(("gent", "plur"), (("gent", "plur"),))
    last, last2 = n % 10, n % 100
    if last == 1 and last2 != 11:
        return Government((case, "sing"), ((case, "sing"),))
    if case not in ("nomn", "accs"):
        return Government((case, "plur"), ((case, "plur"),))
    if 2 <= last <= 4 and not 12 <= last2 <= 14:
        if case == "accs" and animate and n in (2, 3, 4):
            return Government(("gent", "plur"), (("gent", "plur"),))
        adjective = ("nomn", "plur") if feminine else ("gent", "plur")
        return Government(("gent", "sing"), (adjective,))
    return Government(("gent", "plur"), (("gent", "plur"),))


def _restore_case(original: str, new: str) -> str:
    """``new`` spelt with ``original``'s capitals (per hyphen part; all caps stays all caps) and
    without «ё» unless ``original`` has one (the dictionary writes «осуждённый»)."""
    if "ё" not in original.lower():
        new = new.replace("ё", "е")
    if len(original) > 1 and original.isupper():
        return new.upper()
    old_parts, new_parts = original.split("-"), new.split("-")
    if len(old_parts) != len(new_parts):
        old_parts = old_parts[:1]
        new_parts = [new]
    out = [n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(old_parts, new_parts)]
    return "-".join(out)


@dataclass(frozen=True)
class _Word:
    """One word of a phrase with the analysis chosen for it (or a lexicon entry)."""

    text: str
    parse: Any = None
    entry: Entry | None = None

    @property
    def is_noun(self) -> bool:
        return self.entry is not None or (self.parse is not None and self.parse.tag.POS == "NOUN")

    @property
    def number(self) -> str:
        if self.entry is not None:
            return "sing"
        return self.parse.tag.number or "sing"

    @property
    def gender(self) -> str:
        if self.entry is not None:
            return self.entry.gender
        return self.parse.tag.gender or "masc"

    @property
    def animate(self) -> bool:
        if self.entry is not None:
            return self.entry.animate
        return self.parse.tag.animacy == "anim"

    @property
    def proper(self) -> bool:
        if self.entry is not None:
            return self.entry.proper
        return self.parse is not None and bool(_PROPER_TAGS & set(self.parse.tag.grammemes))

    def form(self, case: str, number: str) -> str:
        """This noun in (case, number)."""
        if self.entry is not None:
            return _restore_case(self.text, self.entry.forms[(case, number)])
        if self.parse.tag.POS != "NOUN":
            return _adjective_form(self, case, number, self)
        inflected = self.parse.inflect({case, number})
        if inflected is None:
            raise RussianGrammarError(f"pymorphy3 cannot put {self.text!r} into {case} {number}")
        return _restore_case(self.text, inflected.word)


def _nominative_parse(text: str, pos: set[str]) -> Any:
    """The best analysis of ``text`` as a nominative word of one of ``pos``, or None."""
    for parse in analyzer().parse(text):
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def _word(text: str, pos: set[str]) -> _Word | None:
    entry = LEXICON.get(text.lower())
    if entry is not None and "NOUN" in pos:
        return _Word(text, entry=entry)
    parse = _nominative_parse(text, pos)
    return _Word(text, parse) if parse is not None else None


def _reads_as_adjective(text: str) -> bool:
    """True when the likeliest reading of ``text`` is an adjective: «Алматинская» is also a
    surname, «Частное» a noun (a quotient), but in «Алматинская область», «Частное лицо» they
    agree with the noun after them (alone, the last adjective is the head: see ``_groups``)."""
    if text.lower() in LEXICON:
        return False
    best = next((p for p in analyzer().parse(text) if p.tag.POS in {"NOUN", *_AGREEING}), None)
    return best is not None and best.tag.POS in _AGREEING


def _has_oblique_reading(text: str) -> bool:
    return any(p.tag.POS == "NOUN" and p.tag.case not in (None, "nomn", "accs") for p in analyzer().parse(text))


@dataclass
class _Group:
    """An agreeing group: adjectives (token indices) and the head noun they agree with."""

    adjectives: list[int]
    head: int | None = None
    after_complement: bool = False
    has_complement: bool = False


def _groups(tokens: list[str]) -> list[_Group]:
    """Split a phrase into coordinated agreeing groups («физические или устные угрозы и давление»).

    A group's words before its head noun agree with it; the words after the head are a complement
    and stay as they are («отказ в предоставлении информации»). After a comma or a conjunction a
    new group starts if its first word reads as a nominative; after a complement, a noun that also
    reads as an oblique case («доступа к информации и свободы слова») continues the complement.
    """
    groups = [_Group([])]
    in_complement = False
    for i, token in enumerate(tokens):
        group = groups[-1]
        if token.strip() == "," or token.lower() in _CONJUNCTIONS:
            if group.head is not None or in_complement:
                after = group.has_complement or group.after_complement or in_complement
                groups.append(_Group([], after_complement=after))
                in_complement = False
            continue
        if in_complement or not token[:1].isalpha():
            continue
        if group.head is not None:
            group.has_complement = in_complement = True
        elif _word(token, {"NOUN"}) is not None and not _reads_as_adjective(token):
            if group.after_complement and _has_oblique_reading(token):
                group.adjectives.clear()
                group.has_complement = in_complement = True
            else:
                group.head = i
        elif _word(token, _AGREEING) is not None:
            group.adjectives.append(i)
        else:
            group.adjectives.clear()
            group.has_complement = in_complement = True
    found = [g for g in groups if g.head is not None]
    if not found and groups[-1].adjectives:
        # A substantivised adjective («Иное», «опрошенные»): the last one is the head.
        group = groups[-1]
        group.head = group.adjectives.pop()
        found = [group]
    return found


def _agree(phrase: str, noun: tuple[str | None, str | None], adjectives: Any = None) -> tuple[str, _Word]:
    """``phrase`` with every head noun in ``noun`` = (case, number) and its adjectives agreeing.

    ``number`` None keeps each head's own number; ``adjectives`` (a function of the head word
    giving the adjectives' (case, number)) defaults to the noun's.
    """
    tokens = _TOKEN.findall(phrase)
    groups = _groups(tokens)
    if not groups:
        raise RussianGrammarError(f"no noun in the nominative found in {phrase!r}")
    out = list(tokens)
    first: _Word | None = None
    for group in groups:
        head = _word(tokens[group.head], {"NOUN"}) or _word(tokens[group.head], _AGREEING)
        assert head is not None
        first = first or head
        case, number = noun[0], noun[1] or head.number
        out[group.head] = head.form(case, number)
        adj_case, adj_number = adjectives(head) if adjectives else (case, number)
        for i in group.adjectives:
            word = _word(tokens[i], _AGREEING)
            assert word is not None
            out[i] = _adjective_form(word, adj_case, adj_number, head)
    return "".join(out), first


def _adjective_form(word: _Word, case: str, number: str, head: _Word) -> str:
    """An adjective agreeing with ``head`` in (case, number), gender and, in the accusative, animacy."""
    grammemes = {case, number}
    if number == "sing" and head.gender in ("masc", "femn", "neut"):
        grammemes.add(head.gender)
    candidates = [grammemes | {"anim" if head.animate else "inan"}, grammemes] if case == "accs" else [grammemes]
    for wanted in candidates:
        inflected = word.parse.inflect(wanted)
        if inflected is not None:
            return _restore_case(word.text, inflected.word)
    raise RussianGrammarError(f"pymorphy3 cannot put {word.text!r} into {sorted(grammemes)}")


def is_proper(phrase: str) -> bool:
    """True for a proper name (a region, a city, an organisation): capitalised mid-sentence too."""
    text = " ".join(phrase.split())
    if text.lower() in PROPER_NAMES:
        return True
    words = _TOKEN.findall(text)
    first = next((w for w in words if w[:1].isalpha()), "")
    if len(first) > 1 and first.isupper():
        return True  # an abbreviation: НПО, СМИ, КНБ
    if re.search(r"\b[А-ЯЁ][а-яё-]+(?:ая|ий|ый|ой|ое) (?:область|город|район)\b", text):
        return True  # Акмолинская область, Северо-Казахстанская область
    head = _word(first, {"NOUN", *_AGREEING}) if first else None
    return head is not None and head.proper


def lower_first(text: str) -> str:
    """``text`` with its first letter lower-cased (the form of a label mid-sentence)."""
    return text[:1].lower() + text[1:]


def inflect(phrase: str, case: str = "nomn", number: str | None = None, *, lower: bool = True) -> str:
    """A label put into ``case`` (and ``number``: sing/plur; None keeps the label's own).

    ``inflect("Правозащитная организация", "gent")`` -> ``правозащитной организации``. With
    ``lower`` (the default: a label mid-sentence) the first letter is lower-cased unless the
    label is a proper name (``is_proper``): «в Акмолинской области», «Комитетом национальной
    безопасности», «НПО». Coordinated labels agree word by word («Журналист, редакция, СМИ,
    блогер» -> «журналистов, редакций, СМИ, блогеров» in gent plur); complements stay as they are.
    """
    if number not in (None, "sing", "plur"):
        raise RussianGrammarError(f"number must be 'sing' or 'plur', not {number!r}")
    text, _ = _agree(phrase, (case_code(case), number))
    return lower_first(text) if lower and not is_proper(phrase) else text


_VO = re.compile(r"^[вфВФ][^аеёиоуыэюяАЕЁИОУЫЭЮЯ\W]")


def in_place(label: str, fallback_noun: str | None = None) -> str:
    """«в» (or «во») and ``label`` in the locative: «в Астане», «в Алматы», «во втором сезоне».

    A label the engine cannot decline (an id like «S1», a settlement it does not know) stands
    after ``fallback_noun`` in the locative («в сезоне S1», «в населённом пункте Жанаозен»);
    without one, as it is.
    """
    try:
        form = inflect(label, "loct")
    except RussianGrammarError:
        form = f"{inflect(fallback_noun, 'loct')} {label}" if fallback_noun else label
    return f"{'во' if _VO.match(form) else 'в'}\u00a0{form}"


def shown_number(n: Any, decimals: int | None = None) -> str:
    """``n`` as the Russian bulletin prints it: ``27 867`` (no-break space groups), ``1,5``."""
    if decimals is None:
        value = to_decimal(n)
        return fmt_int(value, "ru") if value == value.to_integral_value() else fmt_decimal(value, "ru", 1)
    return fmt_decimal(n, "ru", decimals) if decimals > 0 else fmt_int(n, "ru")


def count_phrase_ru(n: Any, noun: str, case: str = "nomn", *, decimals: int | None = None, lower: bool = True) -> str:
    """``n`` and ``noun`` (nominative singular, adjectives first) agreeing in ``case``.

    ``count_phrase_ru(131, "респондент", "gent")`` -> ``131 респондента``; the number and the noun
    are joined by a no-break space. ``decimals`` None prints whole numbers whole and others with
    one decimal; a number printed with decimals governs the genitive singular.
    """
    if isinstance(n, bool) or not isinstance(n, int | float | Decimal):
        raise RussianGrammarError(f"count_phrase needs a number, got {n!r}")
    shown = shown_number(n, decimals)
    _, head = _agree(noun, ("nomn", "sing"))
    feminine = head.gender == "femn"
    rule = government(shown, case, animate=head.animate, feminine=feminine)
    text, _ = _agree(noun, rule.noun, lambda _head: rule.adjectives[0])
    if lower and not is_proper(noun):
        text = lower_first(text)
    return f"{shown}\u00a0{text}"


def count_phrase(
    n: Any,
    noun: str,
    case: str = "nomn",
    lang: str = "ru",
    *,
    plural: str | None = None,
    decimals: int | None = None,
) -> str:
    """``n`` with ``noun`` agreeing: ``131 респондент``; ``count_phrase(131, "респондент", "gent")``
    -> ``131 респондента`` («из 131 респондента»); English ``131 respondents`` (``case`` ignored;
    ``plural`` for an irregular plural). See ``count_phrase_ru`` and ``i18n.count_phrase_en``."""
    if lang == "en":
        from hrd_bulletin.i18n import count_phrase_en

        return count_phrase_en(n, noun, plural=plural, decimals=decimals)
    if lang != "ru":
        raise ValueError(f"unsupported language {lang!r}")
    return count_phrase_ru(n, noun, case, decimals=decimals)
