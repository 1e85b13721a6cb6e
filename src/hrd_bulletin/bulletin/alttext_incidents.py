"""Alternative text of the figures of the incident, court and media monitoring (parts III and IV).

As ``alttext``: each function reads the rows its chart or map reads and phrases the key values;
nothing is computed, and a missing or suppressed value is never stated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.alttext_words import (
    Description,
    Words,
    fitted,
    largest_first,
    published,
    rows_of,
    whole,
)
from hrd_bulletin.bulletin.catalog import Drawing
from hrd_bulletin.bulletin.charts.labels import CHANNEL_NAMES, TONE_NAMES
from hrd_bulletin.bulletin.context.common import top_rows
from hrd_bulletin.bulletin.context.findings import direction, rate_change
from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.contract.vocabulary import ALL, CHANNELS, TONES
from hrd_bulletin.metrics.media import UNCODED

Tables = Mapping[str, pd.DataFrame]
# The top of a ranking an alternative text names (the tables keep ties at the cut).
TOP = 3
# The victim categories the victims map draws (maps_victims.PANELS; tests check they agree).
VICTIM_PANELS = 4


def _season_ids(df: pd.DataFrame) -> list[str]:
    """The seasons of a table in its order, without the whole-period row."""
    return [s for s in dict.fromkeys(df["season"].astype(str)) if s != ALL]


def _change(w: Words, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """How the last season compares with the one before: the count and the monthly rate."""
    out = []
    way, change = direction(before["incidents"], after["incidents"]), after.get("change_vs_previous")
    if way in ("up", "down") and change is not None:
        msgid = {
            "up": N_("In the last season there were {change} more incidents than in the one before."),
            "down": N_("In the last season there were {change} fewer incidents than in the one before."),
        }[way]
        out.append(w._(msgid, change=w.pct(abs(change))))
    rate = rate_change(after)
    if rate is not None:
        if not rate["significant"]:
            out.append(w._("The change of the monthly rate may be due to chance."))
        elif rate["direction"] == "up":
            out.append(w._("The monthly rate rose significantly."))
        elif rate["direction"] == "down":
            out.append(w._("The monthly rate fell significantly."))
    return out


def incidents_by_season(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """Incidents, violations and incidents per month of each season, and the last season's change."""
    df = tables["incidents_by_season"]
    rows = {r["season"]: r for r in rows_of(df, "incidents_by_season")}
    ids = [s for s in _season_ids(df) if published(rows[s], "incidents") is not None]
    if not ids:
        return None
    items = []
    for sid in ids:
        row = rows[sid]
        counts = [w.count(row["incidents"], N_("incident")), w.count(row["violations"], N_("violation"))]
        if published(row, "incidents_per_month") is not None:
            counts.append(w._("{rate} a month", rate=w.num(row["incidents_per_month"], 1)))
        items.append(f"{w.season(sid)}: {', '.join(counts)}")
    after = _change(w, rows[ids[-2]], rows[ids[-1]]) if len(ids) > 1 else []
    return fitted("", items, after)


def map_incidents(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The regions with the most and the fewest incidents of one season (or the whole period)."""
    df = tables["incidents_by_region"]
    rows = largest_first(rows_of(df, "incidents_by_region", season=drawing.season), "incidents")
    rows = [r for r in rows if r["region"] != ALL]
    if not rows or rows[0]["incidents"] == 0:
        return whole(w._("No incidents were recorded.")) if rows else None

    def place(row: Mapping[str, Any]) -> str:
        return f"{w.where(w.label('regions', row['region']))} ({w.integer(row['incidents'])})"

    most = top_rows(pd.DataFrame(rows), "incidents", TOP).to_dict("records")
    fewest = [r for r in rows if r["incidents"] == rows[-1]["incidents"] and r not in most]
    text = w._("Most incidents were recorded {places}", places=w.join([place(r) for r in most]))
    if fewest:
        named = [place(r) for r in fewest[:TOP]]
        text += w._("; the fewest {places}", places=w.join(named))
    text += "."
    every = "; ".join(f"{w.label('regions', r['region'])}: {w.integer(r['incidents'])}" for r in rows)
    every_region = w._("Every region, most first:")
    return Description(text, f"{text} {every_region} {every}.")


def victim_categories(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """Each victim category's share of each season's incidents, largest (whole period) first."""
    df = tables["victim_categories"]
    ids = _season_ids(df)
    whole_period = largest_first(rows_of(df, "victim_categories", season=ALL), "share")
    items = []
    for code in [r["victim_category"] for r in whole_period]:
        share = {r["season"]: published(r, "share") for r in rows_of(df, "victim_categories", victim_category=code)}
        if all(share.get(s) is not None for s in ids):
            label = w.mid(w.label("victim_categories", code))
            items.append(f"{label} — {w.join([w.pct(share[s]) for s in ids])}")
    if not items or not ids:
        return None
    seasons = w.join([w.season(s) for s in ids])
    return fitted(w._("Share of each season's incidents by category of victim, {seasons}: ", seasons=seasons), items)


def map_victims(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The four largest victim categories: their incidents, and the region where each is hit most."""
    df = tables["victims_by_region"]
    rows = rows_of(df, "victims_by_region", season=ALL)
    national = largest_first([r for r in rows if r["region"] == ALL and r["victim_category"] != ALL], "incidents")
    items = []
    for cat in national[:VICTIM_PANELS]:
        code = cat["victim_category"]
        mine = largest_first([r for r in rows if r["victim_category"] == code and r["region"] != ALL], "incidents")
        top = [r for r in mine if r["incidents"] == mine[0]["incidents"]] if mine and mine[0]["incidents"] else []
        places = w.join([w.where(w.label("regions", r["region"])) for r in top[:TOP]])
        incidents = w.count(cat["incidents"], N_("incident"))
        item = w._("{category} — {incidents}", category=w.mid(w.label("victim_categories", code)), incidents=incidents)
        if top:
            item += w._(", most {places} ({count})", places=places, count=w.integer(top[0]["incidents"]))
        items.append(item)
    if not items:
        return None
    return fitted(w._("Whole period, incidents by category of victim: "), items)


def top_threat_types(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The most frequent kinds of threat over the whole period, with their violations."""
    df = tables["threat_types"]
    rows = [r for r in rows_of(df, "threat_types", season=ALL) if (published(r, "violations") or 0) > 0]
    if not rows:
        return None
    ranked = largest_first(rows, "violations")
    items = [f"{w.mid(w.label('threat_types', r['threat_type']))} ({w.integer(r['violations'])})" for r in ranked]
    total = published(ranked[0], "n")
    after = []
    if total is not None:
        violations = w.count(total, N_("violation"))
        after.append(w._("{violations} in all.", violations=violations))
    return fitted(w._("The most frequent kinds of threat over the whole period, by violations: "), items, after)


def threat_sources(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The sources of the most incidents over the whole period, with their counts and shares."""
    df = tables["threat_sources"]
    rows = largest_first(rows_of(df, "threat_sources", season=ALL), "incidents")
    rows = [r for r in rows if r["incidents"] > 0]
    if not rows:
        return None
    items = []
    for r in rows:
        share = published(r, "share")
        amount = w.integer(r["incidents"]) if share is None else f"{w.integer(r['incidents'])}; {w.pct(share)}"
        items.append(f"{w.gent(w.label('actors', r['source_actor']))} ({amount})")
    return fitted(w._("Over the whole period, most incidents came from "), items)


def state_response_courts(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """The state's response to the incidents and the court decisions, whole period."""
    state = next(iter(rows_of(tables["state_response"], "state_response", season=ALL)), None)
    courts = next(iter(rows_of(tables["court_outcomes"], "court_outcomes", season=ALL)), None)
    sentences = []
    if state is not None and all(
        published(state, c) is not None for c in ("incidents", "ignored", "formal", "effective")
    ):
        share = published(state, "share_ignored")
        incidents = w.count(state["incidents"], N_("incident"), "gent")
        sentences.append(
            w._(
                "Over the whole period the state ignored {ignored} of {incidents}{share}, "
                "responded formally to {formal} and effectively to {effective}.",
                ignored=w.integer(state["ignored"]),
                incidents=incidents,
                share="" if share is None else f" ({w.pct(share)})",
                formal=w.integer(state["formal"]),
                effective=w.integer(state["effective"]),
            )
        )
    if courts is not None and all(published(courts, c) is not None for c in ("decisions", "against_hrd", "for_hrd")):
        decisions = w.count(courts["decisions"], N_("court decision"), "gent")
        sentences.append(
            w._(
                "Of {decisions}, {against} went against the defender and {for_hrd} in the defender's favour.",
                decisions=decisions,
                against=w.integer(courts["against_hrd"]),
                for_hrd=w.integer(courts["for_hrd"]),
            )
        )
    return whole(*sentences) if sentences else None


def _media_counts(
    rows: Sequence[Mapping[str, Any]], dim: str, codes: Sequence[str], names: Mapping[str, str], w: Words
) -> list[str]:
    """ "news media 265" for each code with a published count, in the order given."""
    count = {r[dim]: published(r, "materials") for r in rows}
    return [f"{w.mid(w._(names[c]))} — {w.integer(count[c])}" for c in codes if count.get(c) is not None]


def media(tables: Tables, drawing: Drawing, w: Words) -> Description | None:
    """Media items over the whole period: the total, by channel (largest first) and by tone."""
    rows = rows_of(tables["media_summary"], "media_summary", season=ALL, region=ALL)
    total = next((published(r, "materials") for r in rows if r["channel"] == ALL and r["tone"] == ALL), None)
    by_channel = [r for r in rows if r["tone"] == ALL and r["channel"] != ALL]
    channels = [r["channel"] for r in largest_first(by_channel, "materials") if r["channel"] in CHANNELS]
    tones = [r for r in rows if r["channel"] == ALL and r["tone"] != ALL]
    channel_counts = _media_counts(by_channel, "channel", channels, CHANNEL_NAMES, w)
    tone_counts = _media_counts(tones, "tone", [*TONES, UNCODED], TONE_NAMES, w)
    if total is None:
        return None
    items = w.count(total, N_("media item"))
    sentences = [w._("{items} over the whole period.", items=items)]
    if channel_counts:
        sentences.append(w._("By channel: {counts}.", counts=", ".join(channel_counts)))
    if tone_counts:
        sentences.append(w._("By tone: {counts}.", counts=", ".join(tone_counts)))
    return whole(*sentences)


INCIDENT_TEXTS: Mapping[str, Callable[[Tables, Drawing, Words], Description | None]] = {
    "incidents_by_season": incidents_by_season,
    "map_incidents": map_incidents,
    "victim_categories": victim_categories,
    "map_victims": map_victims,
    "top_threat_types": top_threat_types,
    "threat_sources": threat_sources,
    "state_response_courts": state_response_courts,
    "media": media,
}
