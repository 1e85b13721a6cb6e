"""Numeral agreement checker for Russian text: every «<number> <noun>» pair, judged by pymorphy3.

``disagreements(text)`` finds each number followed by a noun (with up to two adjectives between:
«131 правозащитная организация»), notes the preposition right before the number, if any («из
131»), and reports the pairs whose noun form cannot follow that number in ANY case the
preposition allows (all six cases when there is none): «Из 131 респондентов» (after «из» the
genitive: «131 респондента»), «351 материалов» (no case takes the genitive plural after 351).
Forms that are right in some case pass: «2 респондентов» (genitive, or the animate accusative),
«по 5 респондентам». The rules are ``hrd_bulletin.russian.government``'s, the engine the bulletin
writes with.

Not judged: dates (a year before «год»: «в 2016 году»; a day before a month: «по 31 марта»); a
word that starts with a capital (after a number it is a table cell, a caption or a heading in a
text layer, not a noun governed by it); indeclinable nouns (НПО, СМИ); words the dictionary does not know (unless in the
project lexicon).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hrd_bulletin.russian import CASES, LEXICON, analyzer, government

# The cases a preposition governs when it stands right before a number.
_GENITIVE = (
    "из",
    "от",
    "до",
    "около",
    "более",
    "менее",
    "свыше",
    "после",
    "для",
    "без",
    "у",
    "среди",
    "кроме",
    "вместо",
    "против",
    "порядка",
    "из-за",
    "ради",
    "вокруг",
    "накануне",
    "изо",
)
PREPOSITIONS: dict[str, frozenset[str] | set[str]] = {
    **dict.fromkeys(_GENITIVE, frozenset({"gent"})),
    "к": {"datv"},
    "ко": {"datv"},
    "по": {"datv", "accs", "loct"},  # по 5 респондентам; по 5 материалов (distributive)
    "в": {"accs", "loct"},
    "во": {"accs", "loct"},
    "на": {"accs", "loct"},
    "за": {"accs", "ablt"},
    "с": {"gent", "ablt", "accs"},
    "со": {"gent", "ablt", "accs"},
    "о": {"loct", "accs"},
    "об": {"loct", "accs"},
    "при": {"loct"},
    "через": {"accs"},
    "про": {"accs"},
    "под": {"accs", "ablt"},
    "над": {"ablt"},
    "перед": {"ablt"},
    "между": {"ablt"},
}
_CASE = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent", "voct": "nomn"}
_WORD = r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*"
# Spaces, or one line break (a text layer breaks lines anywhere), between the words of a pair.
_GAP = r"(?:[ \u00a0\u202f]+|[ \u00a0\u202f]*\n[ \u00a0\u202f]*)"
_PAIR = re.compile(
    rf"(?P<num>\d{{1,3}}(?:[ \u00a0\u202f\u2009]\d{{3}})+(?!\d)|\d+)(?P<frac>,\d+)?{_GAP}(?P<words>{_WORD}"
    rf"(?:{_GAP}{_WORD}){{0,2}})"
)
_MONTHS = {
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
}
_BEFORE = re.compile(rf"(?P<prep>{_WORD})[ \u00a0\n]+$")


@dataclass(frozen=True)
class Pair:
    """One «<number> <noun>» pair found in a text."""

    preposition: str | None
    number: str
    adjectives: tuple[str, ...]
    noun: str
    start: int

    def __str__(self) -> str:
        words = " ".join((*self.adjectives, self.noun))
        return f"{self.preposition + ' ' if self.preposition else ''}{self.number} {words}"


@dataclass(frozen=True)
class Disagreement:
    pair: Pair
    reason: str

    def __str__(self) -> str:
        return f"«{self.pair}»: {self.reason}"


def normalise(text: str) -> str:
    """A text layer with soft hyphens removed and words hyphenated across lines joined."""
    text = text.replace("\u00ad", "")

    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        whole = left + right
        return whole if analyzer().word_is_known(whole) else f"{left}-{right}"

    return re.sub(r"([А-Яа-яЁё]+)-\n\s*([а-яё]+)", join, text)


def _tags(word: str, pos: set[str]) -> set[tuple[str, str]]:
    """The (case, number) readings of ``word`` as one of ``pos`` (NOUN or the adjective kinds)."""
    entry = LEXICON.get(word.lower())
    if entry is not None and "NOUN" in pos:
        return {key for key, form in entry.forms.items() if form.lower() == word.lower()}
    out = set()
    for parse in analyzer().parse(word):
        if parse.tag.POS in pos and parse.tag.case and parse.tag.number:
            out.add((_CASE.get(parse.tag.case, parse.tag.case), parse.tag.number))
    return out


def _is_noun(word: str) -> bool:
    if word.lower() in LEXICON:
        return True
    best = analyzer().parse(word)[0]
    return best.tag.POS == "NOUN" and analyzer().word_is_known(word)


def _is_adjective(word: str) -> bool:
    return analyzer().parse(word)[0].tag.POS in {"ADJF", "PRTF"}


def pairs(text: str) -> list[Pair]:
    """Every «<number> [adjectives] <noun>» pair of ``text`` (see the module's exclusions)."""
    text = normalise(text)
    found = []
    for match in _PAIR.finditer(text):
        start = match.start()
        if start and text[start - 1] in "0123456789.,:/-–—−":
            continue
        words = re.split(r"\s+", match.group("words"))
        if words[0][:1].isupper():
            continue
        adjectives: list[str] = []
        noun = None
        for word in words:
            if _is_noun(word):
                noun = word
                break
            if not _is_adjective(word):
                break
            adjectives.append(word)
        if noun is None:
            continue
        before = _BEFORE.search(text[max(0, start - 40) : start])
        prep = before.group("prep").lower() if before and before.group("prep").lower() in PREPOSITIONS else None
        number = match.group("num") + (match.group("frac") or "")
        found.append(Pair(prep, number, tuple(adjectives), noun, start))
    return found


def _is_date(pair: Pair) -> bool:
    """«в 2016 году» (an ordinal year), «по 31 марта» (a day of a month): no numeral government."""
    lemma = analyzer().parse(pair.noun)[0].normal_form
    digits = re.sub(r"\D", "", pair.number)
    return (len(digits) == 4 and lemma == "год") or (lemma in _MONTHS and int(digits) <= 31)


def _indeclinable(noun: str) -> bool:
    if noun.lower() in LEXICON:
        return len(set(LEXICON[noun.lower()].forms.values())) == 1
    return any("Fixd" in p.tag for p in analyzer().parse(noun) if p.tag.POS == "NOUN")


def check(pair: Pair) -> str | None:
    """Why ``pair`` cannot agree in any case its preposition allows; None when it can."""
    if _is_date(pair) or _indeclinable(pair.noun):
        return None
    cases = sorted(PREPOSITIONS[pair.preposition]) if pair.preposition else list(CASES)
    noun_tags = _tags(pair.noun, {"NOUN"})
    matching = []
    for case in cases:
        for animate in (False, True):
            rule = government(pair.number, case, animate=animate)
            if rule.noun in noun_tags:
                matching.append((case, rule))
    if not matching:
        where = f"after «{pair.preposition}» ({', '.join(cases)})" if pair.preposition else "in any case"
        return f"«{pair.noun}» cannot follow {pair.number} {where}"
    for adjective in pair.adjectives:
        allowed = set()
        for case, rule in matching:
            allowed.update(rule.adjectives)
            if case in ("nomn", "accs") and rule.noun == ("gent", "sing"):
                allowed.update({("nomn", "plur"), ("gent", "plur")})  # 2 правозащитные/-ых организации
        if not _tags(adjective, {"ADJF", "PRTF"}) & allowed:
            return f"«{adjective}» does not agree with {pair.number} {pair.noun}"
    return None


def disagreements(text: str) -> list[Disagreement]:
    """The pairs of ``text`` whose noun (or adjective) cannot agree with the number."""
    out = []
    for pair in pairs(text):
        reason = check(pair)
        if reason:
            out.append(Disagreement(pair, reason))
    return out


def pdf_text(path: Path | str) -> str:
    """The text layer of a PDF (poppler's pdftotext, reading order)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout
