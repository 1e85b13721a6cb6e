"""The words of the figures' alternative texts: numbers, counts, labels and lists in the edition's
language, and the rule that keeps an alternative text short.

An alternative text says what a chart shows in a few key values; its long description (the same
sentences with every item) is reachable from the figure in the HTML edition. Numbers are the
metric tables' values, formatted as the bulletin formats them (Babel; decimal comma in Russian);
counts agree with their numbers (``russian.count_phrase``); a label stands mid-sentence in lower
case unless it is a proper name, as in the prose. A suppressed cell (``suppressed`` true, or a
missing value) is never stated: :func:`published` gives None for it and the sentence leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from hrd_bulletin import russian
from hrd_bulletin.bulletin.context.common import records, select_rows
from hrd_bulletin.i18n import fmt_decimal, fmt_int, fmt_percent, midsentence

# "Under about 300 characters" (issue 14): longer lists are cut to the items that fit.
LIMIT = 300


class Description(NamedTuple):
    """A figure's alternative text (at most ``LIMIT`` characters) and its long description."""

    alt: str
    long: str


@dataclass(frozen=True)
class Words:
    """One edition's sentence machinery: gettext, reference labels, season labels, formats."""

    lang: str
    tr: Any
    labels: Mapping[str, Mapping[str, str]]
    seasons: Mapping[str, str]

    def _(self, msgid: str, **values: Any) -> str:
        """The translated sentence with its ``{placeholders}`` filled."""
        text = self.tr.gettext(msgid)
        return text.format(**values) if values else text

    def pct(self, share: Any) -> str:
        return fmt_percent(share, self.lang, 1)

    def num(self, value: Any, decimals: int = 1) -> str:
        return fmt_decimal(value, self.lang, decimals)

    def integer(self, value: Any) -> str:
        return fmt_int(value, self.lang)

    def count(self, n: Any, noun: str, case: str = "nomn", decimals: int | None = None) -> str:
        """``n`` and the noun (an English msgid) agreeing: «391 происшествие», "391 incidents"."""
        return russian.count_phrase(n, self.tr.gettext(noun), case, lang=self.lang, decimals=decimals)

    def mid(self, label: str) -> str:
        """A label mid-sentence: lower-cased unless a proper name."""
        return midsentence(str(label), self.lang)

    def lower(self, text: str) -> str:
        """One of the bulletin's own words mid-sentence (never a proper name): «пол», "gender"."""
        return russian.lower_first(text)

    def gent(self, label: str) -> str:
        """A label in the genitive («от полиции»); in English the label mid-sentence."""
        return russian.inflect(str(label), "gent") if self.lang == "ru" else self.mid(label)

    def where(self, label: str) -> str:
        """«в Астане», "in Astana" (the prose's ``where`` filter)."""
        return russian.in_place(str(label)) if self.lang == "ru" else f"in {self.mid(label)}"

    def join(self, items: Sequence[str]) -> str:
        """ "a, b and c" in the edition's language."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self._('and')} {items[-1]}"

    def label(self, table: str, code: Any) -> str:
        """The reference label of a code (the code itself when the table lacks it)."""
        return self.labels.get(table, {}).get(str(code), str(code))

    def season(self, season_id: str) -> str:
        return self.seasons.get(str(season_id), str(season_id))


def fitted(
    head: str, items: Sequence[str], after: Sequence[str] = (), long_items: Sequence[str] | None = None
) -> Description:
    """``head`` and the items (most important first) as one sentence, then the sentences ``after``.

    The alternative text keeps as many leading items as fit in ``LIMIT`` characters (at least
    one); the long description keeps them all (``long_items``, when given: the same items with
    more detail).
    """
    tail = "".join(f" {s}" for s in after if s)

    def text(chosen: Sequence[str]) -> str:
        return f"{head}{'; '.join(chosen)}.{tail}"

    k = len(items)
    while k > 1 and len(text(items[:k])) > LIMIT:
        k -= 1
    return Description(text(items[:k]), text(items if long_items is None else long_items))


def whole(*sentences: str) -> Description:
    """A description of fixed sentences: the long description says the same."""
    text = " ".join(s for s in sentences if s)
    return Description(text, text)


def published(row: Mapping[str, Any] | None, column: str) -> Any:
    """The value of ``column`` in a row, or None when the row is suppressed or the value missing."""
    if row is None or bool(row.get("suppressed") or False):
        return None
    value = row.get(column)
    return None if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) else value


def rows_of(df: pd.DataFrame, table: str, **filters: Any) -> list[dict[str, Any]]:
    """The matching rows as plain dicts, in table order."""
    return records(select_rows(df, table, **filters))


def largest_first(rows: Sequence[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """The rows whose ``column`` is published, largest first (ties in table order)."""
    shown = [r for r in rows if published(r, column) is not None]
    return sorted(shown, key=lambda r: -float(published(r, column)))


def latest(df: pd.DataFrame, column: str = "wave") -> int | None:
    """The latest survey wave of a table (None when it has none)."""
    waves = pd.to_numeric(df[column], errors="coerce").dropna()
    return None if waves.empty else int(waves.max())
