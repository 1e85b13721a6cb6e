"""The bulletin's glossary: one Russian and one English term (Kazakh later) for every term it uses.

The table is ``glossary.csv`` beside this module (columns ``key, ru, en, kk, note``). Keys are
``<domain>.<code>``: ``victim.``, ``threat_category.``, ``threat_type.``, ``source.``, ``channel.``,
``tone.``, ``likelihood.``, ``attack.``, ``index.``, ``index_level.``, ``group.`` carry the data
codes; ``region.`` the region codes of ``regions.csv``; ``city.``, ``org.``, ``place.`` and
``term.`` the names and words of the running text. Terms are written as labels (first letter
capitalised); mid-sentence they go through ``i18n.midsentence`` or ``russian.inflect``.

Standards, checked on load: every term has its Russian and English form; English follows British
spelling (organisation, defence, programme, centre: ``american_spellings`` lists what is
refused), writes "human rights defender" without a hyphen and has no Cyrillic letter; Kazakhstan's
place names are in the Kazakh-based romanisation of the English-language reports of 2015-2017
(Oral, Petropavl, Oskemen, Kostanay, Zhambyl, Mangystau).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from hrd_bulletin.errors import UserError

COLUMNS: tuple[str, ...] = ("key", "ru", "en", "kk", "note")
LANGUAGES: tuple[str, ...] = ("ru", "en", "kk")
REQUIRED_LANGUAGES: tuple[str, ...] = ("ru", "en")
# Terms that are names: kept capitalised mid-sentence.
PROPER_DOMAINS: frozenset[str] = frozenset({"region", "city", "org", "place"})
_KEY = re.compile(r"^[a-z_]+\.[A-Za-z0-9_]+$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# American spellings refused in English text (whole words, any case): -ize/-ization words other
# than size, prize, seize and their kin, and the -or/-er/-se/-am forms British English spells
# -our/-re/-ce/-amme.
_AMERICAN = re.compile(
    r"\b(?!(?:size|prize|seize|capsize|maize|baize|assize)[sd]?\b)[a-z]+iz(?:e|es|ed|ing|ation|ations|er|ers)\b"
    r"|\b(?:defense|offense|programs?|centers?|behaviors?|favors?|favorable|labor|honors?|colors?"
    r"|neighbors?|analyzed?|analyzing|catalogs?|traveled|traveling|modeling|counseling|fulfill|enrollment)\b",
    re.IGNORECASE,
)
# Quoted titles and quotations of the Russian original: «…», “…”, "…", and '…' when the single
# quotes hold Cyrillic (the audit quotes the 2017 text so; an apostrophe never opens a quote).
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|(?<!\w)'[^'\n]*[\u0400-\u04ff][^'\n]*'")


class GlossaryError(UserError):
    """The glossary is malformed, or a term is missing in a language; one line naming the row."""


@dataclass(frozen=True)
class Term:
    key: str
    ru: str
    en: str
    kk: str
    note: str

    def in_language(self, lang: str) -> str:
        """This term in ``lang``; a missing translation is an error, never an empty string."""
        if lang not in LANGUAGES:
            raise GlossaryError(f"glossary: unknown language {lang!r}; expected one of {list(LANGUAGES)}")
        text = getattr(self, lang)
        if not text:
            raise GlossaryError(f"glossary: term {self.key!r} has no {lang} form")
        return text


def american_spellings(text: str) -> list[str]:
    """The words of ``text`` spelt the American way (``organization``, ``defense``, ``program``)."""
    return [m.group(0) for m in _AMERICAN.finditer(text)]


def cyrillic_outside_quotes(text: str) -> list[str]:
    """The Cyrillic words of an English text that stand outside quotation marks (quoted titles)."""
    bare = _QUOTED.sub(" ", text)
    return [w for w in re.findall(r"\S+", bare) if _CYRILLIC.search(w)]


def _check_row(where: str, row: dict[str, str]) -> Term:
    key = row["key"]
    if not _KEY.match(key):
        raise GlossaryError(f"{where}: key {key!r} is not <domain>.<code>")
    for lang in REQUIRED_LANGUAGES:
        if not row[lang]:
            raise GlossaryError(f"{where}: term {key!r} has no {lang} form")
    english = row["en"]
    if _CYRILLIC.search(english):
        raise GlossaryError(f"{where}: the English term of {key!r} has Cyrillic letters: {english!r}")
    if american := american_spellings(english):
        raise GlossaryError(f"{where}: American spelling in the English term of {key!r}: {american[0]!r}")
    if "human-rights" in english.lower():
        raise GlossaryError(f"{where}: write 'human rights' without a hyphen ({key!r})")
    return Term(**{c: row[c] for c in COLUMNS})


def read_glossary(path: Path | str) -> dict[str, Term]:
    """The terms of a glossary CSV by key, checked (see the module's standards)."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise GlossaryError(f"{path}: columns must be {', '.join(COLUMNS)}; found {reader.fieldnames}")
        terms: dict[str, Term] = {}
        for line, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k is not None}
            term = _check_row(f"{path}:{line}", row)
            if term.key in terms:
                raise GlossaryError(f"{path}:{line}: key {term.key!r} appears twice")
            terms[term.key] = term
    return terms


@cache
def glossary() -> dict[str, Term]:
    """The package's glossary (``hrd_bulletin/bulletin/glossary.csv``), read once."""
    with resources.as_file(resources.files("hrd_bulletin.bulletin") / "glossary.csv") as path:
        return read_glossary(path)


def term(key: str, lang: str) -> str:
    """The glossary's term for ``key`` in ``lang`` (``term("likelihood.2", "en")`` -> ``Unlikely``)."""
    terms = glossary()
    if key not in terms:
        raise GlossaryError(f"glossary: no term {key!r}")
    return terms[key].in_language(lang)


def domain(name: str, lang: str) -> dict[str, str]:
    """All terms of one domain by code: ``domain("tone", "en")`` -> ``{"supportive": ..., ...}``."""
    prefix = f"{name}."
    return {k.removeprefix(prefix): t.in_language(lang) for k, t in glossary().items() if k.startswith(prefix)}


@cache
def proper_names(lang: str) -> frozenset[str]:
    """The glossary's names in ``lang`` (regions, cities, organisations): capitalised mid-sentence."""
    return frozenset(
        getattr(t, lang) for k, t in glossary().items() if k.partition(".")[0] in PROPER_DOMAINS and getattr(t, lang)
    )


# The reference tables' glossary domains: a code with a glossary term prints the term.
REFERENCE_DOMAINS: dict[str, str] = {
    "regions": "region",
    "threat_types": "threat_type",
    "threat_categories": "threat_category",
    "victim_categories": "victim",
    "actors": "source",
}


def reference_term(table: str, code: str, lang: str, fallback: str) -> str:
    """A reference table's label, replaced by the glossary's term for its code when there is one."""
    key = f"{REFERENCE_DOMAINS.get(table, table)}.{code}"
    return term(key, lang) if key in glossary() else fallback
