"""The template context: everything the bulletin shows, from metric and reference tables and config.

It never reads raw files and never computes a statistic. Every number in the text is a value of
a metric table (or of the reproduction table, the ingest summary or the config), and every
finding is a choice between sentences made by comparing such values. One module per part.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.context.common import (
    RenderError,
    one_row,
    reference_labels,
)
from hrd_bulletin.bulletin.context.figures import figure_slots
from hrd_bulletin.bulletin.context.findings import SLIGHT_INDEX_CHANGE
from hrd_bulletin.bulletin.context.incidents import incidents
from hrd_bulletin.bulletin.context.labels import GROUP_LABELS, vocab
from hrd_bulletin.bulletin.context.media import media
from hrd_bulletin.bulletin.context.methodology import methodology
from hrd_bulletin.bulletin.context.portrait import portrait
from hrd_bulletin.bulletin.context.provenance import audit, provenance_page
from hrd_bulletin.bulletin.context.regional import regional
from hrd_bulletin.bulletin.context.security import security
from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.contract.vocabulary import (
    ALL,
    ALPHA,
    GROUPS_AND_ALL,
    INDEX_LEVELS,
    INDICES,
)
from hrd_bulletin.i18n import LANGUAGES, get_translations, midsentence, season_label


def _season_info(seasons: Sequence[Mapping[str, Any]], lang: str, by_season: pd.DataFrame) -> list[dict[str, Any]]:
    """The config's seasons in the edition's language, with their months from incidents_by_season."""
    return [
        {
            "id": str(s["id"]),
            "label": season_label(s, lang),
            "start": str(s["start"]),
            "end": str(s["end"]),
            "months": one_row(by_season, "incidents_by_season", season=str(s["id"]))["months"],
        }
        for s in seasons
    ]


_TEXT_KEYS = ("ru", "en")


def _publisher(publisher: Mapping[str, Any] | None) -> dict[str, Any]:
    """The config's publisher block with every optional text present (empty), so that templates
    can test a field without knowing which ones the config gave."""
    pub = dict(publisher or {})

    def texts(block: Mapping[str, Any] | None, names: Sequence[str], plain: Sequence[str] = ()) -> dict[str, Any]:
        out = dict(block or {})
        for name in names:
            for lang in _TEXT_KEYS:
                out.setdefault(f"{name}_{lang}", "")
        for name in plain:
            out.setdefault(name, "")
        return out

    edition = texts(pub.get("edition"), ("title", "series", "place"))
    edition.setdefault("number", 1)
    edition.setdefault("year", 0)
    return {
        "edition": edition,
        "project_ru": pub.get("project_ru", ""),
        "project_en": pub.get("project_en", ""),
        "organisations": [
            texts(o, ("name", "short", "role"), ("logo", "logo_src")) for o in pub.get("organisations", [])
        ],
        "funder": texts(pub["funder"], ("name", "disclaimer"), ("logo", "logo_src")) if pub.get("funder") else None,
        "contacts": texts(pub.get("contacts"), ("address",), ("email", "website", "phone")),
        "licence": texts(pub["licence"], (), ("name", "url")) if pub.get("licence") else None,
        "fieldwork": dict(pub.get("fieldwork") or {}),
    }


def _check_tables(tables: Mapping[str, pd.DataFrame], reference: Mapping[str, pd.DataFrame]) -> None:
    missing = [t for t in catalog.REPORT_TABLES if t not in tables]
    missing += [f"reference/{t}" for t in catalog.REFERENCE_TABLES if t not in reference]
    if missing:
        raise RenderError(f"render: tables missing: {', '.join(missing)}")


def _describer(
    tables: Mapping[str, pd.DataFrame],
    labels: Mapping[str, Mapping[str, str]],
    seasons: Sequence[Mapping[str, Any]],
    tr: Any,
    lang: str,
) -> Any:
    """The figures' alternative texts and long descriptions of this edition (``bulletin.alttext``)."""
    # Imported here: the alternative texts read the context's table lookups (context.common).
    from hrd_bulletin.bulletin.alttext import Words, describer

    return describer(tables, Words(lang, tr, labels, {str(s["id"]): str(s["label"]) for s in seasons}))


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
    publisher: Mapping[str, Any] | None = None,
    document: str = "bulletin",
) -> dict[str, Any]:
    """Everything the templates show, from metric and reference tables and config values only.

    ``figures`` maps SVG names (catalog.Drawing.name) to their files; ``provenance`` holds
    contract_version, package_version, git_commit and optionally software.
    """
    if lang not in LANGUAGES:
        raise RenderError(f"unsupported language {lang!r}")
    _check_tables(tables, reference)
    tr = get_translations(lang)
    labels = reference_labels(reference, lang)
    wave = int(tables["attack_prevalence"]["wave"].max())
    index_labels = {name: vocab("index", name, lang) for name in INDICES}
    season_info = _season_info(seasons, lang, tables["incidents_by_season"])
    publisher = _publisher(publisher)
    edition = publisher["edition"]
    return {
        "lang": lang,
        "document": document,
        "publisher": publisher,
        "tr_title": str(edition.get(f"title_{lang}") or tr.gettext(N_("Human rights defenders in Kazakhstan"))),
        "seasons": season_info,
        "period": {
            "start": season_info[0]["start"],
            "end": season_info[-1]["end"],
            "months": one_row(tables["incidents_by_season"], "incidents_by_season", season=ALL)["months"],
        },
        "min_cell": int(min_cell),
        "alpha": ALPHA,
        "group_labels": {g: tr.gettext(GROUP_LABELS[g]) for g in GROUPS_AND_ALL},
        "level_labels": {lv: midsentence(vocab("index_level", lv, lang), lang) for lv in INDEX_LEVELS},
        "regions": labels["regions"],
        "part1": portrait(tables, wave, tr),
        "part2": security(tables, wave, tr, lang),
        "part3": incidents(tables, season_info, labels, lang),
        "part4": media(tables, seasons, labels, tr, lang),
        "part5": regional(tables, wave, labels, index_labels),
        "slight_change": SLIGHT_INDEX_CHANGE,
        "wave": wave,
        "indices": methodology(indices_spec, lang, tr),
        "audit": audit(tables["reproduction"], tr),
        "provenance": provenance_page(provenance or {}, tables["ingest_summary"]),
        # The researchers' commentary: filled in by the bulletin's stage (report.run_report).
        "commentary": {},
        # The comparison with the previous edition: filled in by report._context when one is given.
        "editions": {"first": True},
        "figures": figure_slots(figures or {}, season_info, tr, _describer(tables, labels, season_info, tr, lang)),
    }


__all__ = ["RenderError", "build_context"]
