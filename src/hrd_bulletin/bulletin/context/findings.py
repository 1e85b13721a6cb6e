"""The bulletin's claims, decided once: the parts and the conclusions read these decisions.

Each function takes metric-table rows already selected by a part's context and returns the
decision a sentence is chosen by ("up" / "down" / "same", which group is more exposed and
whether the difference is significant, whether a change is slight). Nothing here formats a
number or computes a statistic: the tests (Fisher's exact test, the rate-ratio test) are the
metric tables'; the one threshold of words is ``SLIGHT_INDEX_CHANGE``, stated in the bulletin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hrd_bulletin.contract.vocabulary import ALPHA

# A change of a national index between survey waves smaller than this (in index points) is
# called slight («незначительно»); the bulletin's "About the data" states the threshold. The
# indices carry no test between waves, so this stated threshold is the only ground for "slight".
SLIGHT_INDEX_CHANGE = 0.5

# Ratios of two shares said in words: below the first bound "more often", then "about twice",
# "about three times", and "more than three times as often" (the bounds are round ratios).
RATIO_WORDS: tuple[tuple[float, str], ...] = ((1.75, "more"), (2.5, "twice"), (3.5, "three_times"))


def direction(before: float | None, after: float | None) -> str | None:
    """'up', 'down' or 'same' from ``before`` to ``after``; None when either is unknown."""
    if before is None or after is None:
        return None
    if after > before:
        return "up"
    return "down" if after < before else "same"


def ratio_words(high: float | None, low: float | None) -> str | None:
    """How many times ``high`` is ``low``, in words: 'more', 'twice', 'three_times', 'over_three'."""
    if high is None or low is None or high <= low:
        return None
    if low == 0:
        return "over_three"
    ratio = high / low
    for bound, words in RATIO_WORDS:
        if ratio < bound:
            return words
    return "over_three"


def group_exposure(attacks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Which kinds of attack individuals (or organisations) suffer more, and which of those
    differences are significant (Fisher's exact test below ``ALPHA``); a withheld test is neither.

    ``kind``: 'all_significant' when individuals are more exposed to every kind and every
    difference is significant; 'mixed' when individuals are more exposed to every kind but some
    differences may be due to chance; 'not_all' when organisations are as or more exposed to
    some kind. ``significant`` / ``not_significant`` list the attacks individuals suffer more.
    """
    more_individual = [a for a in attacks if a["more_exposed"] == "individual"]
    significant = [a for a in more_individual if a["p_value"] is not None and a["p_value"] < ALPHA]
    not_significant = [a for a in more_individual if a["p_value"] is not None and a["p_value"] >= ALPHA]
    if len(more_individual) < len(attacks) or not attacks:
        kind = "not_all"
    elif len(significant) == len(attacks):
        kind = "all_significant"
    else:
        kind = "mixed"
    return {
        "kind": kind,
        "significant": significant,
        "not_significant": not_significant,
        "withheld": [a for a in attacks if a["p_value"] is None],
        "not_more_individual": [a for a in attacks if a["more_exposed"] != "individual"],
    }


def index_change(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The national change of an index between two waves: direction, whether it is slight, and
    whether the sentence must name the waves (``name_waves``): waves are numbered from 1, so a
    change from a later wave is between the latest two of more, where "the survey waves" would
    read as all of them."""
    if not row or row.get("change") is None:
        return None
    change = float(row["change"])
    way = direction(row["value_from"], row["value_to"])
    return {
        **row,
        "direction": way,
        "slight": way != "same" and abs(change) < SLIGHT_INDEX_CHANGE,
        "name_waves": row.get("wave_from") is not None and int(row["wave_from"]) > 1,
    }


def rate_change(season: Mapping[str, Any]) -> dict[str, Any] | None:
    """The monthly rate of incidents against the previous season: direction and significance."""
    if season.get("rate_ratio") is None:
        return None
    p_value = season.get("rate_ratio_p_value")
    return {
        "direction": direction(1.0, season["rate_ratio"]),
        "significant": p_value is not None and p_value < ALPHA,
    }


def period_change(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A value of the new period against the earlier one (a row of period_changes): direction,
    and whether the difference is significant (its test below ``ALPHA``); ``tested`` is False
    when the metric has no test, and then nothing is claimed either way."""
    if not row:
        return None
    p_value = row.get("p_value")
    return {
        **row,
        "direction": direction(row["value_from"], row["value_to"]),
        "tested": p_value is not None,
        "significant": p_value is not None and p_value < ALPHA,
    }


def share_and_count(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """How the count and the share of a part moved between two seasons (both, or opposite ways)."""
    count = direction(before["incidents"], after["incidents"])
    share = direction(before["share"], after["share"])
    return {"count": count, "share": share, "opposite": {count, share} == {"up", "down"}}


def plain_fraction(share: float | None) -> str | None:
    """A share said as a simple fraction when it is within 3 points of one ('one_in_three')."""
    if share is None:
        return None
    for value, words in FRACTIONS:
        if abs(share - value) <= 0.03:
            return words
    return None


FRACTIONS: tuple[tuple[float, str], ...] = (
    (0.10, "one_in_ten"),
    (0.20, "one_in_five"),
    (0.25, "one_in_four"),
    (1 / 3, "one_in_three"),
    (0.50, "half"),
    (2 / 3, "two_in_three"),
    (0.75, "three_in_four"),
    (0.80, "four_in_five"),
    (0.90, "nine_in_ten"),
)
