"""The bulletin: template context from the metric tables, Jinja (ru, en), HTML and a reproducible PDF.

Render formats; it never reads raw files and never computes a statistic. Every number in the
text is a value of a metric table (or of the reproduction table, the ingest summary or the
config), and every finding is a choice between sentences made by comparing such values.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html as html_lib
import os
import platform
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import pandas as pd
import yaml

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.errors import UserError
from hrd_bulletin.i18n import LANGUAGES, get_translations, jinja_filters, transliterate
from hrd_bulletin.io import atomic_write, read_table

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEETS: tuple[str, ...] = ("bulletin.css",)
ALL = "all"
GROUPS: tuple[str, ...] = ("individual", "organization")
ATTACK_TYPES: tuple[str, ...] = ("information", "reputational", "physical", "technical")
INDICES: tuple[str, ...] = ("threats", "vulnerability", "resources", "risk", "security")
LEVELS: tuple[str, ...] = ("low", "medium", "high")
CHANNELS: tuple[str, ...] = ("press", "social", "hrd_site")
TONES: tuple[str, ...] = ("supportive", "neutral", "hostile")
ALPHA = 0.05
TOP_SETTLEMENT_RANKS = 3  # dense ranks shown in the settlement table (ties kept together)
PRIMARY = "primary"  # disclosure.PRIMARY / COMPLEMENTARY, the values of the `suppression` column
COMPLEMENTARY = "complementary"
OUTPUT_MODE = 0o644  # the editions are published files: world-readable, as a plain write would be
# The metric tables the bulletin is written from (contract names); all are required.
METRIC_TABLES: tuple[str, ...] = catalog.REPORT_TABLES
REFERENCE_TABLES: tuple[str, ...] = catalog.REFERENCE_TABLES
SOFTWARE: tuple[str, ...] = (
    "hrd-bulletin",
    "pandas",
    "numpy",
    "pyarrow",
    "scipy",
    "statsmodels",
    "matplotlib",
    "jinja2",
    "babel",
    "weasyprint",
    "pydyf",
    "fonttools",
    "snakemake",
)
FONT_FILES: Mapping[tuple[str, str], str] = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


# Where each chart (figures.CHARTS, maps.MAPS) goes: part, slot inside the part, caption and the
# metric tables it is drawn from. `map_incidents_<season>` charts are matched by prefix.
FIGURES: Mapping[str, tuple[str, str, str, tuple[str, ...]]] = {
    "portrait": (
        catalog.figure_part("portrait"),
        "portrait",
        N_("Portrait of the respondents"),
        ("survey_shares", "survey_stats"),
    ),
    "security_resources": (
        catalog.figure_part("security_resources"),
        "security",
        N_("Means of protection and security needs, by group"),
        ("survey_shares",),
    ),
    "attack_prevalence": (
        catalog.figure_part("attack_prevalence"),
        "attacks",
        N_("Share of defenders who suffered each kind of attack, by group"),
        ("attack_prevalence",),
    ),
    "likelihood": (
        catalog.figure_part("likelihood"),
        "likelihood",
        N_("How likely defenders find each kind of attack"),
        ("likelihood",),
    ),
    "incidents_by_season": (
        catalog.figure_part("incidents_by_season"),
        "seasons",
        N_("Incidents and violations by season"),
        ("incidents_by_season",),
    ),
    "map_incidents": (
        catalog.figure_part("map_incidents"),
        "regions",
        N_("Incidents by region"),
        ("incidents_by_region",),
    ),
    "victim_categories": (
        catalog.figure_part("victim_categories"),
        "victims",
        N_("Victims of incidents by category and season"),
        ("victim_categories",),
    ),
    "top_threat_types": (
        catalog.figure_part("top_threat_types"),
        "types",
        N_("The most frequent kinds of threats"),
        ("threat_types",),
    ),
    "threat_sources": (
        catalog.figure_part("threat_sources"),
        "types",
        N_("Sources of threats by season"),
        ("threat_sources",),
    ),
    "state_response_courts": (
        catalog.figure_part("state_response_courts"),
        "state",
        N_("The state's response to incidents and court decisions"),
        ("state_response", "court_outcomes"),
    ),
    "media": (catalog.figure_part("media"), "media", N_("Materials by channel, season and tone"), ("media_summary",)),
    "map_risk": (catalog.figure_part("map_risk"), "maps", N_("Map of the risk index by region"), ("regional_indices",)),
    "map_threats": (
        catalog.figure_part("map_threats"),
        "maps",
        N_("Map of the threats index by region"),
        ("regional_indices",),
    ),
    "map_vulnerability": (
        catalog.figure_part("map_vulnerability"),
        "maps",
        N_("Map of the vulnerability index by region"),
        ("regional_indices",),
    ),
    "map_resources": (
        catalog.figure_part("map_resources"),
        "maps",
        N_("Map of the resources index by region"),
        ("regional_indices",),
    ),
    "map_security": (
        catalog.figure_part("map_security"),
        "maps",
        N_("Map of the security index by region"),
        ("regional_indices",),
    ),
    "index_levels": (
        catalog.figure_part("index_levels"),
        "levels",
        N_("Levels of the indices by group"),
        ("index_levels",),
    ),
}
PART_KEYS: tuple[str, ...] = ("part1", "part2", "part3", "part4", "part5")

GROUP_LABELS = {"individual": N_("individuals"), "organization": N_("organizations"), "all": N_("all")}
ATTACK_LABELS = {
    "information": N_("information attacks"),
    "reputational": N_("reputational attacks"),
    "physical": N_("physical attacks"),
    "technical": N_("technical attacks"),
    "threats": N_("threats"),
}
LIKELIHOOD_LABELS = {1: N_("excluded"), 2: N_("rather impossible"), 3: N_("rather possible"), 4: N_("highly likely")}
LEVEL_LABELS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
CHANNEL_LABELS = {"press": N_("press"), "social": N_("social media"), "hrd_site": N_("defenders' own websites")}
TONE_LABELS = {
    "supportive": N_("supportive"),
    "neutral": N_("neutral"),
    "hostile": N_("hostile"),
    "uncoded": N_("not coded"),
}
STATUS_LABELS = {"match": N_("match"), "mismatch": N_("mismatch"), "not_computable": N_("not computable")}
SPECIALIZATION_LABELS = {
    "civil": N_("civil rights"),
    "political": N_("political rights"),
    "family": N_("family rights"),
    "gender": N_("gender equality"),
    "labour": N_("labour rights"),
    "children": N_("children's rights"),
    "disability": N_("rights of persons with disabilities"),
    "prisoners": N_("prisoners' rights"),
    "hiv": N_("rights of people living with HIV"),
    "other": N_("other"),
}
VALUE_LABELS = {
    ("gender", "female"): N_("women"),
    ("gender", "male"): N_("men"),
    ("ethnicity", "kazakh"): N_("Kazakh"),
    ("ethnicity", "russian"): N_("Russian"),
    ("ethnicity", "other"): N_("other"),
    ("education", "higher"): N_("higher"),
    ("education", "vocational"): N_("vocational"),
    ("education", "secondary"): N_("secondary"),
    ("employment", "labour_contract"): N_("labour contract"),
    ("employment", "service_contract"): N_("service contract"),
    ("employment", "sole_proprietor"): N_("sole proprietor"),
    ("employment", "none"): N_("civic activist, no contract"),
    ("police_appeal_result", "no_action"): N_("no action taken"),
    ("police_appeal_result", "no_violation_found"): N_("no violation found"),
    ("police_appeal_result", "action_taken"): N_("action taken"),
}
COMPLIANCE_ITEMS = {
    "tax_reports_on_time": N_("tax reports filed on time"),
    "taxes_paid_on_time": N_("taxes paid on time"),
    "accounting_records_kept": N_("accounting records kept for the statutory period"),
    "licensed_software": N_("licensed software"),
    "has_safe": N_("a safe for valuables"),
}
SCORE_TYPES = {"map": N_("answer mapped to a score"), "linear": N_("linear scale"), "bands": N_("count bands")}


class RenderError(UserError):
    """A metric table lacks what the bulletin needs (a row, a column or the whole table)."""


# --------------------------------------------------------------------------- table lookups


def _select(df: pd.DataFrame, table: str, **filters: Any) -> pd.DataFrame:
    """Rows of ``df`` matching every filter (equality; a tuple/list means isin)."""
    mask = pd.Series(True, index=df.index)
    for column, wanted in filters.items():
        if column not in df.columns:
            raise RenderError(f"{table}: column {column!r} missing")
        values = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        mask &= df[column].isin(values)
    return df[mask]


def _one(df: pd.DataFrame, table: str, **filters: Any) -> dict[str, Any]:
    """The single row of ``df`` matching ``filters`` as a dict (None for missing values)."""
    rows = _select(df, table, **filters)
    if len(rows) != 1:
        raise RenderError(f"{table}: expected one row for {filters}, found {len(rows)}")
    return {k: _plain(v) for k, v in rows.iloc[0].to_dict().items()}


def _maybe(df: pd.DataFrame, table: str, **filters: Any) -> dict[str, Any] | None:
    """Like :func:`_one`, but None when no row matches."""
    rows = _select(df, table, **filters)
    return None if rows.empty else _one(rows, table)


def _plain(value: Any) -> Any:
    """numpy/pandas scalars as plain Python; NA as None (templates print it as a dash)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def _share(tables: Mapping[str, pd.DataFrame], wave: int, item: str, value: str, group: str) -> dict[str, Any] | None:
    """Row of survey_shares for one answer (share, count, n), None when the group never answered."""
    return _maybe(tables["survey_shares"], "survey_shares", wave=wave, item=item, value=value, group=group)


def _stats(tables: Mapping[str, pd.DataFrame], wave: int, item: str, group: str) -> dict[str, Any] | None:
    return _maybe(tables["survey_stats"], "survey_stats", wave=wave, item=item, group=group)


def _more_exposed(a: float | None, b: float | None) -> str | None:
    """'individual' when a > b, 'organization' when b > a, None when equal or unknown."""
    if a is None or b is None or a == b:
        return None
    return "individual" if a > b else "organization"


def _share_descending(attack: Mapping[str, Any]) -> tuple[bool, float]:
    """Sort key: largest overall share first, suppressed (None) shares last."""
    share = attack[ALL]["share"]
    return (share is None, -(share or 0.0))


def _top(df: pd.DataFrame, column: str, k: int) -> pd.DataFrame:
    """The rows with the k largest values of ``column`` (ties at the cut kept), largest first."""
    ordered = df.sort_values(column, ascending=False, kind="stable")
    if ordered.empty:
        return ordered
    cut = ordered[column].iloc[min(k, len(ordered)) - 1]
    return ordered[ordered[column] >= cut]


# --------------------------------------------------------------------------- context


def _labels(reference: Mapping[str, pd.DataFrame], lang: str) -> dict[str, dict[str, str]]:
    """code -> label of every reference table in the edition's language."""
    regions = reference["regions"]
    out = {"regions": dict(zip(regions["code"].astype(str), regions[f"name_{lang}"].astype(str)))}
    for name in ("threat_types", "threat_categories", "victim_categories", "actors"):
        ref = reference[name]
        out[name] = dict(zip(ref["code"].astype(str), ref[f"label_{lang}"].astype(str)))
    return out


def _part1(tables: Mapping[str, pd.DataFrame], wave: int, tr: Any) -> dict[str, Any]:
    """Part I: the socio-demographic portrait and the security practices of the latest wave."""
    s = lambda item, value, group="all": _share(tables, wave, item, value, group)  # noqa: E731
    shares = _select(tables["survey_shares"], "survey_shares", wave=wave)
    demography = []
    for item in ("gender", "ethnicity", "education"):
        rows = _select(shares, "survey_shares", item=item, group=ALL)
        demography.append(
            {
                "item": item,
                "values": [
                    {
                        "label": tr.gettext(VALUE_LABELS.get((item, r["value"]), r["value"])),
                        "share": r["share"],
                        "count": r["count"],
                        "n": r["n"],
                    }
                    for r in _records(rows)
                ],
            }
        )
    spec = _select(shares, "survey_shares", item="specializations", group=ALL)
    # Suppressed rows carry a null count: they are not named among the specializations.
    spec = spec[spec["count"].fillna(0) > 0].sort_values("share", ascending=False, kind="stable")
    compliance = []
    for item, label in COMPLIANCE_ITEMS.items():
        row = s(item, "true", "organization")
        # A suppressed share (None) can be neither the best nor the weakest point.
        if row is not None and row["share"] is not None:
            compliance.append({"item": item, "label": tr.gettext(label), **row})
    compliance.sort(key=lambda r: -r["share"])
    availability = []
    for item, value, label in (
        ("has_security_protocol", "false", N_("no security protocol")),
        ("has_alarm", "false", N_("no alarm in the office")),
        ("access_locks", "false", N_("no special locks or other security means")),
        ("access_secure_comms", "false", N_("no effective and safe means of communication")),
        ("needs_financial_advice", "true", N_("needs advice on financial security")),
    ):
        availability.append(
            {
                "item": item,
                "label": tr.gettext(label),
                "all": s(item, value),
                "individual": s(item, value, "individual"),
                "organization": s(item, value, "organization"),
            }
        )
    return {
        "n": {g: s("respondent_type", g) for g in GROUPS},
        "n_all": (s("respondent_type", "individual") or {}).get("n"),
        "demography": demography,
        "experience": {g: _stats(tables, wave, "experience_years", g) for g in (*GROUPS, ALL)},
        "civic_activist": s("civic_activist", "true", "individual"),
        "employment": {
            v: s("employment", v, "individual") for v in ("labour_contract", "service_contract", "sole_proprietor")
        },
        "specializations": [
            {"label": tr.gettext(SPECIALIZATION_LABELS.get(r["value"], r["value"])), "share": r["share"]}
            for r in _records(spec)
        ],
        "projects": _stats(tables, wave, "projects_per_year", "organization"),
        "budget": _stats(tables, wave, "annual_budget_usd", "organization"),
        "media_access": s("media_access", "true", "individual"),
        "cooperates": s("cooperates_with_state", "true", "organization"),
        "no_training": s("security_training", "false"),
        "needs_training": s("needs_training", "true"),
        "needs_information": s("needs_information", "true"),
        "availability": availability,
        "individuals_lack_more": sum(
            1
            for a in availability
            if _more_exposed((a["individual"] or {}).get("share"), (a["organization"] or {}).get("share"))
            == "individual"
        )
        * 2
        > len(availability),
        "secure_exchange": {g: {v: s("secure_exchange", v, g) for v in ("yes", "unknown", "no")} for g in GROUPS},
        "compliance": compliance,
    }


def _part2(tables: Mapping[str, pd.DataFrame], wave: int, tr: Any) -> dict[str, Any]:
    """Part II: attacks, threats, appeals to the police, self-rated security and likelihood."""
    prevalence = _select(tables["attack_prevalence"], "attack_prevalence", wave=wave)
    attacks = []
    for attack_type in ATTACK_TYPES:
        row = {g: _one(prevalence, "attack_prevalence", attack_type=attack_type, group=g) for g in (*GROUPS, ALL)}
        p_value = row[ALL]["p_value"]
        more = _more_exposed(row["individual"]["share"], row["organization"]["share"])
        attacks.append(
            {
                "type": attack_type,
                "label": tr.gettext(ATTACK_LABELS[attack_type]),
                **row,
                "p_value": p_value,
                "significant": p_value is not None and p_value < ALPHA,
                "more_exposed": more,
            }
        )
    attacks.sort(key=_share_descending)
    threats = {g: _one(prevalence, "attack_prevalence", attack_type="threats", group=g) for g in (*GROUPS, ALL)}
    possible = _select(tables["likelihood_possible"], "likelihood_possible", wave=wave, group=ALL)
    likelihood = _select(tables["likelihood"], "likelihood", wave=wave, group=ALL)
    s = lambda item, value, group="all": _share(tables, wave, item, value, group)  # noqa: E731
    return {
        "attacks": attacks,
        "all_more_individual": all(a["more_exposed"] == "individual" for a in attacks),
        # A withheld test (p null: a group is suppressed) is neither significant nor not.
        "not_significant": [a for a in attacks if a["p_value"] is not None and not a["significant"]],
        "threats": threats,
        "police_appeal": {g: s("police_appeal", "true", g) for g in GROUPS},
        "police_results": [
            {"label": tr.gettext(VALUE_LABELS[("police_appeal_result", v)]), **row}
            for v in ("no_action", "no_violation_found", "action_taken")
            if (row := s("police_appeal_result", v)) is not None
        ],
        "police_action": s("police_appeal_result", "action_taken"),
        "security_rating": _stats(tables, wave, "security_self_rating", ALL),
        "possible": [
            {"label": tr.gettext(ATTACK_LABELS[r["attack_type"]]), **r}
            for r in _records(possible.sort_values("share", ascending=False, kind="stable"))
        ],
        "likelihood": [
            {
                "label": tr.gettext(ATTACK_LABELS[t]),
                "levels": _records(_select(likelihood, "likelihood", attack_type=t).sort_values("level")),
            }
            for t in ATTACK_TYPES
        ],
        "level_labels": [tr.gettext(LIKELIHOOD_LABELS[k]) for k in sorted(LIKELIHOOD_LABELS)],
        "coalition": {v: s("coalition_member", v) for v in ("yes", "no", "unaware")},
        "coalition_groups": {g: s("coalition_member", "yes", g) for g in GROUPS},
    }


def _settlements(
    settlements: pd.DataFrame,
    ids: Sequence[str],
    seasons: Sequence[Mapping[str, Any]],
    regions: Mapping[str, str],
    spell: Callable[[str], str] = str,
) -> dict[str, Any]:
    """Top settlements per season and overall (dense ranks 1-3) and the leaders' counts by season.

    Settlement names are monitors' free text: they are passed on as plain strings and printed
    only through autoescaped template expressions.
    """
    table = "incidents_by_settlement"

    def labelled(rows: pd.DataFrame) -> list[dict[str, Any]]:
        return [
            {
                **r,
                "label": spell(r["settlement"]),
                "region_label": None if r["region"] is None else regions.get(r["region"], r["region"]),
            }
            for r in _records(rows)
        ]

    top = {}
    for sid in (*ids, ALL):
        rows = _select(settlements, table, season=sid)
        rows = rows[(rows["rank"] <= TOP_SETTLEMENT_RANKS) & (rows["incidents"] > 0)]
        top[sid] = labelled(rows.sort_values(["rank", "settlement"], kind="stable"))
    # The table lists only settlements with incidents in a season: a missing row is 0.
    region_key = settlements["region"].astype("str").fillna("")
    leaders = []
    for leader in (r for r in top[ALL] if r["rank"] == 1):
        same = settlements[
            (settlements["settlement"] == leader["settlement"]) & (region_key == (leader["region"] or ""))
        ]
        counts = dict(zip(same["season"].astype(str), same["incidents"]))
        leaders.append(
            {
                **leader,
                "seasons": [
                    {"id": sid, "label": str(s.get("label") or sid), "incidents": _plain(counts.get(sid, 0))}
                    for sid, s in zip(ids, seasons)
                ],
            }
        )
    return {
        "top": top,
        "leaders": leaders,
        "firsts": {sid: [r for r in top[sid] if r["rank"] == 1] for sid in ids},
        "seconds": {sid: [r for r in top[sid] if r["rank"] == 2] for sid in ids},
    }


def _part3(
    tables: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, Mapping[str, str]],
    lang: str = "ru",
) -> dict[str, Any]:
    """Part III: incidents, violations, regions, settlements, victims, threat types and sources, state, courts."""
    ids = [str(s["id"]) for s in seasons]
    by_season = tables["incidents_by_season"]
    season_rows = [_one(by_season, "incidents_by_season", season=sid) for sid in ids]
    total = _one(by_season, "incidents_by_season", season=ALL)

    regions = tables["incidents_by_region"]

    def region_top(sid: str, k: int) -> list[dict[str, Any]]:
        rows = _select(regions, "incidents_by_region", season=sid)
        rows = rows[(rows["rank"] <= k) & (rows["incidents"] > 0)].sort_values(["rank"], kind="stable")
        return [{"label": labels["regions"].get(r["region"], r["region"]), **r} for r in _records(rows)]

    region_table = []
    for code, label in labels["regions"].items():
        cells = {sid: _one(regions, "incidents_by_region", season=sid, region=code)["incidents"] for sid in (*ids, ALL)}
        region_table.append({"label": label, "cells": cells})

    victims = tables["victim_categories"]

    def victims_of(sid: str) -> list[dict[str, Any]]:
        rows = _select(victims, "victim_categories", season=sid).sort_values(
            "incidents", ascending=False, kind="stable"
        )
        return [
            {"label": labels["victim_categories"].get(r["victim_category"], r["victim_category"]), **r}
            for r in _records(rows)
        ]

    threat_types = tables["threat_types"]

    def types_top(sid: str, k: int) -> list[dict[str, Any]]:
        rows = _select(threat_types, "threat_types", season=sid)
        rows = rows[(rows["rank"] <= k) & (rows["violations"] > 0)].sort_values(["rank"], kind="stable")
        return [{"label": labels["threat_types"].get(r["threat_type"], r["threat_type"]), **r} for r in _records(rows)]

    last = ids[-1]
    new_codes = (_one(by_season, "incidents_by_season", season=last).get("new_threat_type_codes") or "").split(";")
    new_rows = _select(threat_types, "threat_types", season=last, threat_type=[c for c in new_codes if c])
    new_top = _top(new_rows[new_rows["violations"] > 0], "violations", 3)

    sources = tables["threat_sources"]
    sources_all = _top(_select(sources, "threat_sources", season=ALL), "incidents", 3)
    new_sources = _select(sources, "threat_sources", season=last)
    new_sources = (
        new_sources[new_sources["is_new"].fillna(False).astype(bool)] if len(ids) > 1 else new_sources.iloc[0:0]
    )
    split = tables["threat_source_split"]
    return {
        "seasons": season_rows,
        "total": total,
        "first": season_rows[0],
        "last": season_rows[-1],
        "regions_top": {sid: region_top(sid, 3) for sid in (*ids, ALL)},
        "region_table": region_table,
        # Settlements are reported in Russian; the English edition spells them in Latin letters.
        "settlements": _settlements(
            tables["incidents_by_settlement"],
            ids,
            seasons,
            labels["regions"],
            transliterate if lang == "en" else str,
        ),
        "victims": {sid: victims_of(sid) for sid in (*ids, ALL)},
        "types_top": {sid: types_top(sid, 3) for sid in (*ids, ALL)},
        "new_types_top": [
            {"label": labels["threat_types"].get(r["threat_type"], r["threat_type"]), **r} for r in _records(new_top)
        ],
        "sources_top": [
            {"label": labels["actors"].get(r["source_actor"], r["source_actor"]), **r} for r in _records(sources_all)
        ],
        "new_sources": [labels["actors"].get(c, c) for c in new_sources["source_actor"].astype(str)],
        "state_share": {sid: _one(split, "threat_source_split", season=sid, is_state=True) for sid in (*ids, ALL)},
        "state": _one(tables["state_response"], "state_response", season=ALL),
        "courts": _one(tables["court_outcomes"], "court_outcomes", season=ALL),
    }


def _part4(
    tables: Mapping[str, pd.DataFrame],
    seasons: Sequence[Mapping[str, Any]],
    labels: Mapping[str, Mapping[str, str]],
    tr: Any,
) -> dict[str, Any]:
    """Part IV: the media monitoring (materials by season and channel, tone, regions)."""
    ids = [str(s["id"]) for s in seasons]
    media = tables["media_summary"]

    def count(season: str, channel: str = ALL, region: str = ALL, tone: str = ALL) -> int:
        row = _maybe(media, "media_summary", season=season, channel=channel, region=region, tone=tone)
        return 0 if row is None else int(row["materials"])

    def regions_top(sid: str) -> list[dict[str, Any]]:
        rows = _select(media, "media_summary", season=sid, channel=ALL, tone=ALL)
        rows = rows[~rows["region"].isin([ALL, "national"]) & (rows["materials"] > 0)]
        return [
            {"label": labels["regions"].get(r["region"], r["region"]), **r}
            for r in _records(_top(rows, "materials", 3))
        ]

    per_season = [
        {"season": sid, "total": count(sid), **{c: count(sid, channel=c) for c in CHANNELS}} for sid in (*ids, ALL)
    ]
    tone = [
        {"tone": t, "label": tr.gettext(TONE_LABELS[t]), "materials": count(ALL, tone=t)} for t in (*TONES, "uncoded")
    ]
    return {
        "seasons": per_season[:-1],
        "total": per_season[-1],
        "channel_labels": {c: tr.gettext(CHANNEL_LABELS[c]) for c in CHANNELS},
        "tone": tone,
        "tone_leader": max(tone[:3], key=lambda t: t["materials"])["tone"],
        "regions_top": {sid: regions_top(sid) for sid in ids},
    }


def _part5(
    tables: Mapping[str, pd.DataFrame],
    wave: int,
    labels: Mapping[str, Mapping[str, str]],
    index_labels: Mapping[str, str],
) -> dict[str, Any]:
    """Part V: regional indices (suppressed cells kept as None), dynamics and levels by group."""
    regional = _select(tables["regional_indices"], "regional_indices", wave=wave)
    national = _one(regional, "regional_indices", region=ALL)
    rows = []
    for code, label in labels["regions"].items():
        row = _maybe(regional, "regional_indices", region=code)
        if row is None:
            continue
        if row["suppressed"]:
            # Tables written before complementary suppression carry no `suppression`: primary.
            reason = COMPLEMENTARY if row.get("suppression") == COMPLEMENTARY else PRIMARY
            row = {**row, **dict.fromkeys(INDICES), "suppression": reason}
        else:
            row = {**row, "suppression": None}
        rows.append({"label": label, **row})
    shown = [r for r in rows if not r["suppressed"] and r["risk"] is not None]
    by_risk = sorted(shown, key=lambda r: -r["risk"])
    highest = [r for r in by_risk if by_risk and r["risk"] == by_risk[0]["risk"]]
    lowest = sorted(shown, key=lambda r: r["risk"])[:2]
    top = highest[0] if highest else None
    compare = {}
    if top is not None:
        for name in ("threats", "vulnerability", "resources", "security"):
            a, b = top[name], national[name]
            compare[name] = None if a is None or b is None or a == b else ("above" if a > b else "below")
    dynamics = _select(tables["index_dynamics"], "index_dynamics", region=ALL)
    levels = _select(tables["index_levels"], "index_levels", wave=wave)
    level_rows = {
        name: {
            g: {lv: _maybe(levels, "index_levels", index=name, level=lv, group=g) for lv in LEVELS}
            for g in (*GROUPS, ALL)
        }
        for name in INDICES
    }
    return {
        "wave": wave,
        "national": national,
        "regions": rows,
        "suppressed": [r["label"] for r in rows if r["suppressed"]],
        "suppressed_primary": [r["label"] for r in rows if r["suppression"] == PRIMARY],
        "suppressed_complementary": [r["label"] for r in rows if r["suppression"] == COMPLEMENTARY],
        "highest": highest,
        "lowest": lowest,
        "compare": compare,
        "safe_regions": [r["label"] for r in shown if r.get("security_level") == "high"],
        "dynamics": {r["index"]: r for r in _records(dynamics)},
        "levels": level_rows,
        "index_labels": index_labels,
        "risk_high_group": _more_exposed(
            (level_rows["risk"]["individual"]["high"] or {}).get("share"),
            (level_rows["risk"]["organization"]["high"] or {}).get("share"),
        ),
        "security_low_group": _more_exposed(
            (level_rows["security"]["individual"]["low"] or {}).get("share"),
            (level_rows["security"]["organization"]["low"] or {}).get("share"),
        ),
    }


def _methodology(indices_spec: Mapping[str, Any] | None, lang: str, tr: Any) -> list[dict[str, Any]]:
    """The operationalisation of the indices, read generically from the YAML structure."""
    out = []
    for name, index in ((indices_spec or {}).get("indices") or {}).items():
        items = []
        for item in index.get("items") or []:
            score = item.get("score") or {}
            kind = score.get("type", "")
            if kind == "map":
                detail = "; ".join(f"{_yaml_key(k)} → {v}" for k, v in (score.get("map") or {}).items())
            elif kind == "linear":
                low, high = (score.get("from") or [None, None])[:2]
                detail = f"[{low}; {high}] → [1; 5]"
            elif kind == "bands":
                detail = "; ".join(f"≥ {b.get('min')} → {b.get('score')}" for b in score.get("bands") or [])
            else:
                detail = ""
            items.append(
                {
                    "column": str(item.get("column", "")),
                    "weight": item.get("weight"),
                    "type": tr.gettext(SCORE_TYPES[kind]) if kind in SCORE_TYPES else kind,
                    "detail": detail,
                }
            )
        out.append(
            {
                "name": name,
                "label": str(index.get(f"label_{lang}", name)),
                "items": items,
                "min_items": index.get("min_items"),
                "levels": index.get("levels") or {},
            }
        )
    return out


def _yaml_key(key: Any) -> str:
    # YAML reads true/false keys as booleans; show them as the contract writes them.
    return str(key).lower() if isinstance(key, bool) else str(key)


def build_context(
    tables: Mapping[str, pd.DataFrame],
    reference: Mapping[str, pd.DataFrame],
    *,
    lang: str,
    seasons: Sequence[Mapping[str, Any]],
    min_cell: int,
    indices_spec: Mapping[str, Any] | None = None,
    figures: Mapping[str, str | os.PathLike[str]] | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the templates show, from metric and reference tables and config values only."""
    if lang not in LANGUAGES:
        raise RenderError(f"unsupported language {lang!r}")
    missing = [t for t in METRIC_TABLES if t not in tables]
    missing += [f"reference/{t}" for t in REFERENCE_TABLES if t not in reference]
    if missing:
        raise RenderError(f"render: tables missing: {', '.join(missing)}")
    tr = get_translations(lang)
    labels = _labels(reference, lang)
    wave = int(tables["attack_prevalence"]["wave"].max())
    index_labels = {
        name: str((indices_spec or {}).get("indices", {}).get(name, {}).get(f"label_{lang}", name)) for name in INDICES
    }
    season_info = [
        {
            "id": str(s["id"]),
            "label": str(s.get(f"label_{lang}") or s["id"]),
            "start": str(s["start"]),
            "end": str(s["end"]),
            "months": _one(tables["incidents_by_season"], "incidents_by_season", season=str(s["id"]))["months"],
        }
        for s in seasons
    ]
    reproduction = tables["reproduction"]
    status_counts = reproduction["status"].astype(str).value_counts()
    prov = dict(provenance or {})
    return {
        "lang": lang,
        "seasons": season_info,
        "period": {
            "start": season_info[0]["start"],
            "end": season_info[-1]["end"],
            "months": _one(tables["incidents_by_season"], "incidents_by_season", season=ALL)["months"],
        },
        "min_cell": int(min_cell),
        "group_labels": {g: tr.gettext(GROUP_LABELS[g]) for g in GROUP_LABELS},
        "level_labels": {lv: tr.gettext(LEVEL_LABELS[lv]) for lv in LEVELS},
        "regions": labels["regions"],
        "part1": _part1(tables, wave, tr),
        "part2": _part2(tables, wave, tr),
        "part3": _part3(tables, season_info, labels, lang),
        "part4": _part4(tables, seasons, labels, tr),
        "part5": _part5(tables, wave, labels, index_labels),
        "wave": wave,
        "indices": _methodology(indices_spec, lang, tr),
        "audit": {
            "rows": [
                {**r, "status_label": tr.gettext(STATUS_LABELS.get(r["status"], r["status"]))}
                for r in _records(reproduction)
            ],
            "counts": {k: int(status_counts.get(k, 0)) for k in STATUS_LABELS},
        },
        "provenance": {
            "contract_version": prov.get("contract_version"),
            "package_version": prov.get("package_version"),
            "git_commit": prov.get("git_commit"),
            "raw_files": _records(tables["ingest_summary"]),
            "software": prov.get("software") or software_versions(),
        },
        "figures": _figure_slots(figures or {}, season_info, tr),
    }


def _figure_slots(
    figures: Mapping[str, str | os.PathLike[str]], seasons: Sequence[Mapping[str, Any]], tr: Any
) -> dict[str, list[dict[str, Any]]]:
    """Charts grouped by part (registry order), each with slot, caption and source tables."""
    slots: dict[str, list[dict[str, Any]]] = {part: [] for part in PART_KEYS}
    order = list(FIGURES)
    season_labels = {str(s["id"]): str(s["label"]) for s in seasons}
    season_labels[ALL] = tr.gettext(N_("whole period"))
    placed = []
    for name, path in figures.items():
        key = name
        suffix = None
        if name.startswith("map_incidents_"):
            key, suffix = "map_incidents", name.removeprefix("map_incidents_")
        if key not in FIGURES:
            raise RenderError(f"render: no place for figure {name!r}; known: {', '.join(FIGURES)}")
        part, slot, caption, tables = FIGURES[key]
        text = tr.gettext(caption)
        if suffix is not None:
            text = f"{text}: {season_labels.get(suffix, suffix)}"
        rank = (order.index(key), list(season_labels).index(suffix) if suffix in season_labels else 0, name)
        placed.append(
            (
                rank,
                part,
                {
                    "name": name,
                    "slot": slot,
                    "caption": text,
                    "tables": list(tables),
                    "src": Path(path).resolve().as_uri(),
                },
            )
        )
    for _rank, part, fig in sorted(placed, key=lambda p: p[0]):
        slots[part].append(fig)
    return slots


def software_versions() -> list[dict[str, str]]:
    """Python and the installed versions of the packages the bulletin was built with."""
    out = [{"name": "python", "version": platform.python_version()}]
    for name in SOFTWARE:
        try:
            out.append({"name": name, "version": metadata.version(name)})
        except metadata.PackageNotFoundError:
            continue
    return out


# --------------------------------------------------------------------------- HTML


def make_environment(lang: str, templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> jinja2.Environment:
    """Jinja environment of one edition: autoescaped HTML, gettext catalog, number filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(get_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(jinja_filters(lang))
    return env


def render_html(context: Mapping[str, Any], lang: str, templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> str:
    """The edition as HTML linking its stylesheets (relative to the templates) and charts (file URLs)."""
    env = make_environment(lang, templates_dir)
    return env.get_template("base.html").render(**{**context, "lang": lang, "stylesheets": STYLESHEETS})


_LINK_RE = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMG_RE = re.compile(r'src="(file://[^"]+)"')


def self_contained_html(
    html: str, templates_dir: str | os.PathLike[str], allowed: Sequence[str | os.PathLike[str]]
) -> str:
    """The HTML edition with its CSS inlined as-is and its SVG charts as data: URIs (nothing remote)."""
    templates = Path(templates_dir).resolve()

    def css(match: re.Match[str]) -> str:
        path = _inside(templates / html_lib.unescape(match.group(1)), [templates])
        return "<style>\n" + path.read_text(encoding="utf-8") + "\n</style>"

    def img(match: re.Match[str]) -> str:
        path = _inside(_file_url_path(html_lib.unescape(match.group(1))), allowed)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'src="data:image/svg+xml;base64,{payload}"'

    return _IMG_RE.sub(img, _LINK_RE.sub(css, html))


# --------------------------------------------------------------------------- PDF


def font_dir() -> Path:
    """matplotlib's bundled TrueType directory (DejaVu Sans travels with a dependency)."""
    import matplotlib

    return Path(matplotlib.get_data_path()).resolve() / "fonts" / "ttf"


def font_css() -> str:
    """@font-face rules for DejaVu Sans from matplotlib's files, by file URL (no fontconfig needed)."""
    # Chart SVGs name this family for their <text> too (style.SVG_FONT_FAMILY): WeasyPrint hands
    # SVG images the document's font configuration, so body and charts share one font subset.
    rules = []
    for (weight, style), file in FONT_FILES.items():
        url = (font_dir() / file).as_uri()
        rules.append(
            f'@font-face {{ font-family: "Bulletin Sans"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules) + "\n"


def _file_url_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise PermissionError(f"not a local file URL: {url}")
    return Path(unquote(parts.path))


def _inside(path: Path, roots: Sequence[str | os.PathLike[str]]) -> Path:
    """``path`` resolved (symlinks followed), if it is a file under one of ``roots``; else refused."""
    real = Path(os.path.realpath(path))
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if real.is_relative_to(real_root) and real.is_file():
            return real
    raise PermissionError(f"refused: {path} is not a file under the allowed directories")


def _import_weasyprint() -> None:
    """Import WeasyPrint; on Linux without the ~0.2 s it spends looking for libraries by name.

    WeasyPrint opens Pango, HarfBuzz and co. through cffi, trying up to six names per library.
    Each name that is not a loadable file makes cffi call ``ctypes.util.find_library``, which
    runs gcc, ld and ldconfig: about 25 subprocesses per report job, mostly for the optional
    HarfBuzz-Subset. On Linux the sonames WeasyPrint also tries (``libpango-1.0.so.0``...) open
    directly, so the look-ups are skipped there; elsewhere, or if that fails, the usual import.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:
        pass  # the callers' own import retries with the look-ups
    finally:
        ctypes.util.find_library = find_library


def _fetcher_class() -> type:
    _import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves files under the allowed directories and data: URLs; refuses everything else."""

        def __init__(self, roots: Sequence[str | os.PathLike[str]]) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
            self.roots = [Path(os.path.realpath(r)) for r in roots]
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                self.refused.append(url)
                raise PermissionError(f"refused URL scheme: {url}")
            try:
                path = _inside(_file_url_path(url.split("?")[0].split("#")[0]), self.roots)
            except PermissionError:
                self.refused.append(url)
                raise
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _mime(path)})

    return LocalOnlyFetcher


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".png": "image/png",
        ".html": "text/html",
    }.get(path.suffix.lower(), "application/octet-stream")


def make_fetcher(roots: Sequence[str | os.PathLike[str]]) -> Any:
    """A WeasyPrint URL fetcher serving only files under ``roots`` (and data: URLs)."""
    return _fetcher_class()(roots)


def source_date_epoch(seasons: Sequence[Mapping[str, Any]]) -> int:
    """Seconds since 1970 of the end of the last season (UTC midnight): the PDF's only 'now'."""
    end = dt.date.fromisoformat(str(seasons[-1]["end"])[:10])
    return int(dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def _env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def render_pdf(
    html: str,
    base_url: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    roots: Sequence[str | os.PathLike[str]],
    epoch: int,
) -> list[str]:
    """Write the PDF of ``html`` byte-reproducibly; only files under ``roots`` are read.

    Attachments (``<a rel="attachment">``, ``<link rel="attachment">``) are stripped before
    writing, so no file is ever embedded. Returns the URLs the fetcher refused.
    """
    _import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = make_fetcher([*roots, font_dir()])
    base = Path(base_url).resolve().as_uri() + "/"
    # @font-face rules are honoured only through a FontConfiguration shared by CSS and render.
    font_config = FontConfiguration()
    try:
        fonts = CSS(string=font_css(), base_url=base, url_fetcher=fetcher, font_config=font_config)
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[fonts], font_config=font_config
        )
        document.metadata.attachments = []
        for page in document.pages:
            page.links = [link for link in page.links if link[0] != "attachment"]
        # fontTools stamps the font subset with "now" unless SOURCE_DATE_EPOCH says otherwise.
        with _env_var("SOURCE_DATE_EPOCH", str(int(epoch))):
            write_atomically(out_path, document.write_pdf)
    finally:
        # FontConfiguration deletes its temporary copies of the @font-face fonts in __del__,
        # which the document's reference cycles delay until a garbage collection; a job
        # process exits without one (stage.run_snakemake_job), so delete them now.
        font_config.__del__()
    return list(fetcher.refused)


# --------------------------------------------------------------------------- stage


def write_atomically(path: str | os.PathLike[str], write: Callable[[str], Any]) -> Path:
    """Call ``write(tmp)`` on a unique temp file beside ``path``, then rename it over ``path`` (mode 0644).

    Readers see the old file or the complete new one, never a partial one; concurrent writers
    never share a temp name; the temp file is removed if ``write`` raises.
    """
    return atomic_write(path, write, mode=OUTPUT_MODE)


def _read_reference(input: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    return {name: read_table(input[f"ref_{name}"]) for name in REFERENCE_TABLES}


def _figure_inputs(input: Mapping[str, Any]) -> dict[str, str]:
    # Snakemake inputs named fig_<name> (one SVG each); a directory of SVGs under `figures`.
    out = {k.removeprefix("fig_"): str(v) for k, v in input.items() if k.startswith("fig_")}
    if "figures" in input:
        for path in sorted(Path(str(input["figures"])).glob("*.svg")):
            out.setdefault(path.stem, str(path))
    return out


def run_report(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Snakemake stage: metric + reference tables, charts, config -> bulletin HTML and PDF of one edition.

    input: every name of METRIC_TABLES, ``ref_<name>`` for REFERENCE_TABLES, optional
    ``indices`` (config/indices.yaml), charts as ``fig_<name>`` or a ``figures`` directory,
    optional ``templates`` directory. output: ``html`` (self-contained), ``pdf``.
    params: lang, seasons, min_cell, contract_version, package_version, git_commit.
    """
    lang = str(params["lang"])
    seasons = list(params["seasons"])
    templates = Path(str(input.get("templates", TEMPLATES_DIR))).resolve()
    tables = {name: read_table(input[name]) for name in METRIC_TABLES}
    spec = None
    if "indices" in input:
        spec = yaml.safe_load(Path(str(input["indices"])).read_text(encoding="utf-8"))
    figures = _figure_inputs(input)
    context = build_context(
        tables,
        _read_reference(input),
        lang=lang,
        seasons=seasons,
        min_cell=int(params["min_cell"]),
        indices_spec=spec,
        figures=figures,
        provenance={
            "contract_version": params.get("contract_version"),
            "package_version": params.get("package_version"),
            "git_commit": params.get("git_commit"),
        },
    )
    html = render_html(context, lang, templates)
    roots = [templates, *sorted({str(Path(p).resolve().parent) for p in figures.values()})]
    render_pdf(html, templates, output["pdf"], roots=roots, epoch=source_date_epoch(seasons))
    standalone = self_contained_html(html, templates, roots)
    write_atomically(str(output["html"]), lambda tmp: Path(tmp).write_text(standalone, encoding="utf-8"))
