"""Part I of the bulletin: the socio-demographic portrait and the security practices."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import (
    more_exposed,
    records,
    select_rows,
    share_row,
    stats_row,
)
from hrd_bulletin.bulletin.context.labels import (
    COMPLIANCE_ITEMS,
    SPECIALIZATION_LABELS,
    VALUE_LABELS,
)
from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.contract.vocabulary import (
    ALL,
    GROUPS,
    GROUPS_AND_ALL,
)

# (item, answer counted, text): what respondents lack, compared between the groups.
AVAILABILITY_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("has_security_protocol", "false", N_("no security protocol")),
    ("has_alarm", "false", N_("no alarm in the office")),
    ("access_locks", "false", N_("no special locks or other security means")),
    ("access_secure_comms", "false", N_("no effective and safe means of communication")),
    ("needs_financial_advice", "true", N_("needs advice on financial security")),
)

Share = Callable[..., "dict[str, Any] | None"]


def _demography(shares: pd.DataFrame, tr: Any) -> list[dict[str, Any]]:
    out = []
    for item in ("gender", "ethnicity", "education"):
        rows = select_rows(shares, "survey_shares", item=item, group=ALL)
        values = [
            {
                "label": tr.gettext(VALUE_LABELS.get((item, r["value"]), r["value"])),
                "share": r["share"],
                "count": r["count"],
                "n": r["n"],
            }
            for r in records(rows)
        ]
        out.append({"item": item, "values": values})
    return out


def _specializations(shares: pd.DataFrame, tr: Any) -> list[dict[str, Any]]:
    spec = select_rows(shares, "survey_shares", item="specializations", group=ALL)
    # Suppressed rows carry a null count: they are not named among the specializations.
    spec = spec[spec["count"].fillna(0) > 0].sort_values("share", ascending=False, kind="stable")
    return [
        {"label": tr.gettext(SPECIALIZATION_LABELS.get(r["value"], r["value"])), "share": r["share"]}
        for r in records(spec)
    ]


def _compliance(s: Share, tr: Any) -> list[dict[str, Any]]:
    compliance = []
    for item, label in COMPLIANCE_ITEMS.items():
        row = s(item, "true", "organization")
        # A suppressed share (None) can be neither the best nor the weakest point.
        if row is not None and row["share"] is not None:
            # The share that does not comply is the weak point the text names.
            lacking = s(item, "false", "organization")
            compliance.append({"item": item, "label": tr.gettext(label), **row, "lacking": lacking})
    compliance.sort(key=lambda r: -r["share"])
    return compliance


def _availability(s: Share, tr: Any) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "label": tr.gettext(label),
            ALL: s(item, value),
            "individual": s(item, value, "individual"),
            "organization": s(item, value, "organization"),
        }
        for item, value, label in AVAILABILITY_ITEMS
    ]


def _individuals_lack_more(availability: Sequence[Mapping[str, Any]]) -> bool:
    """Whether individuals lack more of the items than organizations do (a strict majority)."""
    more = sum(
        1
        for a in availability
        if more_exposed((a["individual"] or {}).get("share"), (a["organization"] or {}).get("share")) == "individual"
    )
    return more * 2 > len(availability)


def portrait(tables: Mapping[str, pd.DataFrame], wave: int, tr: Any) -> dict[str, Any]:
    """Part I: the socio-demographic portrait and the security practices of the latest wave."""
    s = lambda item, value, group=ALL: share_row(tables, wave, item, value, group)  # noqa: E731
    shares = select_rows(tables["survey_shares"], "survey_shares", wave=wave)
    availability = _availability(s, tr)
    return {
        "n": {g: s("respondent_type", g) for g in GROUPS},
        "n_all": (s("respondent_type", "individual") or {}).get("n"),
        "demography": _demography(shares, tr),
        "experience": {g: stats_row(tables, wave, "experience_years", g) for g in GROUPS_AND_ALL},
        "civic_activist": s("civic_activist", "true", "individual"),
        "employment": {
            v: s("employment", v, "individual") for v in ("labour_contract", "service_contract", "sole_proprietor")
        },
        "specializations": _specializations(shares, tr),
        "projects": stats_row(tables, wave, "projects_per_year", "organization"),
        "budget": stats_row(tables, wave, "annual_budget_usd", "organization"),
        "media_access": s("media_access", "true", "individual"),
        "cooperates": s("cooperates_with_state", "true", "organization"),
        "no_training": s("security_training", "false"),
        "needs_training": s("needs_training", "true"),
        "needs_information": s("needs_information", "true"),
        "availability": availability,
        "individuals_lack_more": _individuals_lack_more(availability),
        "secure_exchange": {g: {v: s("secure_exchange", v, g) for v in ("yes", "unknown", "no")} for g in GROUPS},
        "compliance": _compliance(s, tr),
    }
