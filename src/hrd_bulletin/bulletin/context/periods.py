"""Between periods, as the bulletin says it: the new season against the previous edition's last
(period_changes.parquet, written by rule edition_changes from the two releases). Nothing is
computed or tested here; the decisions are findings.period_change's, the choices of what to say
(the largest rises and falls, the shares that moved by more than chance) are made below."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.alttext_words import Description, Words, fitted
from hrd_bulletin.bulletin.context.common import RenderError, records
from hrd_bulletin.bulletin.context.findings import period_change
from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.i18n import get_translations

# How many regions the sentences name each way, and how many shares that moved.
TOP_REGIONS = 3
TOP_SHARES = 4
# The shares a sentence can name: (table, column) -> (what the share is of, reference labels of
# its key). The key ``true`` of threat_source_split is the state's share (its rest, ``false``, is
# the same change the other way); state_response's share has no key.
SHARE_SUBJECTS: Mapping[tuple[str, str], tuple[str, str | None]] = {
    ("threat_sources", "share"): ("source", "actors"),
    ("victim_categories", "share"): ("victim", "victim_categories"),
    ("threat_types", "share"): ("threat_type", "threat_types"),
    ("threat_source_split", "share"): ("state", None),
    ("state_response", "share_ignored"): ("ignored", None),
}
_SKIPPED_KEYS: Mapping[tuple[str, str], str] = {("threat_source_split", "share"): "false"}


def _one(frame: pd.DataFrame, table: str, column: str) -> dict[str, Any] | None:
    rows = frame[(frame["table"] == table) & (frame["column"] == column)]
    if len(rows) > 1:
        raise RenderError(f"period_changes: more than one row for {table}.{column} of the new period")
    return period_change(records(rows)[0]) if len(rows) else None


def _largest(rows: list[dict[str, Any]], sign: int, k: int) -> list[dict[str, Any]]:
    moved = [r for r in rows if r["abs_change"] * sign > 0]
    return sorted(moved, key=lambda r: (-abs(r["abs_change"]), r["label"]))[:k]


def _regions(frame: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    rows = frame[(frame["table"] == "incidents_by_region") & (frame["column"] == "incidents")]
    return [{**period_change(r), "label": labels["regions"].get(r["key"], r["key"])} for r in records(rows)]


def _shares(frame: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    out = []
    for (table, column), (subject, reference) in SHARE_SUBJECTS.items():
        rows = frame[(frame["table"] == table) & (frame["column"] == column) & (frame["test"] == "two_proportion")]
        for row in records(rows):
            if _SKIPPED_KEYS.get((table, column)) == row["key"]:
                continue
            label = labels[reference].get(row["key"], row["key"]) if reference else ""
            out.append({**period_change(row), "subject": subject, "label": label})
    return out


def between_periods(
    periods: pd.DataFrame | None,
    seasons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, Mapping[str, str]],
) -> dict[str, Any] | None:
    """What the "What changed" page says of the new season (None without one): its incidents,
    violations and monthly rate against the earlier season's; the regions with the largest
    rises and falls; the shares that moved by more than chance, largest first (else the largest
    move); how many shares were tested; the rows of the chart."""
    if periods is None:
        return None
    season_rows = periods[periods["period_from"].str.startswith("season:")]
    if season_rows.empty:
        return None
    by_id = {str(s["id"]): s for s in seasons}
    before, after = (str(season_rows[c].iloc[0]).partition(":")[2] for c in ("period_from", "period_to"))
    if before not in by_id or after not in by_id:
        raise RenderError(f"period_changes: seasons {before} and {after} are not both in the config's seasons")
    regions = _regions(season_rows, labels)
    shares = _shares(season_rows, labels)
    significant = sorted((s for s in shares if s["significant"]), key=lambda s: (s["p_value"], s["label"]))
    largest = sorted(shares, key=lambda s: (-abs(s["abs_change"]), s["label"]))
    waves = periods[periods["period_from"].str.startswith("wave:")]
    return {
        "before": by_id[before],
        "after": by_id[after],
        "incidents": _one(season_rows, "incidents_by_season", "incidents"),
        "violations": _one(season_rows, "incidents_by_season", "violations"),
        "per_month": _one(season_rows, "incidents_by_season", "incidents_per_month"),
        "regions_up": _largest(regions, 1, TOP_REGIONS),
        "regions_down": _largest(regions, -1, TOP_REGIONS),
        "shares_tested": len(shares),
        "shares_significant": significant[:TOP_SHARES],
        "shares_significant_count": len(significant),
        "share_largest": largest[0] if largest else None,
        "regions": sorted(regions, key=lambda r: (-r["value_to"], r["label"])),
        # For the reviewers' report: every value between the seasons that carries a test.
        "tested": sorted(
            records(season_rows[season_rows["test"] != ""]), key=lambda r: (r["p_value"], r["figure_id"], r["column"])
        ),
        "waves": {
            "before": str(waves["period_from"].iloc[0]).partition(":")[2],
            "after": str(waves["period_to"].iloc[0]).partition(":")[2],
            "values": len(waves),
        }
        if len(waves)
        else None,
    }


def describe_chart(periods: Mapping[str, Any], w: Words) -> Description:
    """The chart's alternative text and long description: the regions with the most incidents in
    the new season with their count in the earlier one, then the sources' shares."""
    before, after = w.season(periods["before"]["id"]), w.season(periods["after"]["id"])
    head = w._("Incidents by region in {after}, in brackets {before}: ", after=after, before=before)
    items = [
        w._("{region} {now} ({then})", region=r["label"], now=w.integer(r["value_to"]), then=w.integer(r["value_from"]))
        for r in periods["regions"]
    ]
    below = w._("Below, the shares of incidents by source of threats in both seasons.")
    return fitted(head, items, [below])


def period_chart(
    files: list[str], periods: Mapping[str, Any] | None, context: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The chart of the page (rule figures_changes' SVG of this edition), captioned and described."""
    if not files or periods is None:
        return None
    lang = str(context["lang"])
    tr = get_translations(lang)
    seasons = {str(s["id"]): str(s["label"]) for s in context["seasons"]}
    words = Words(lang, tr, {"regions": context["regions"]}, seasons)
    alt, long = describe_chart(periods, words)
    return {
        "name": "period_changes",
        "src": Path(files[0]).resolve().as_uri(),
        "caption": tr.gettext(N_("The new season against the one before: incidents by region and sources of threats")),
        "alt": alt,
        "long": long,
        "part": "part3",
    }
