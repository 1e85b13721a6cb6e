"""Part II: attacks, threats, appeals to the police, self-rated security and likelihood."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import (
    more_exposed,
    one_row,
    records,
    select_rows,
    share_row,
    stats_row,
)
from hrd_bulletin.bulletin.context.findings import group_exposure, plain_fraction, ratio_words
from hrd_bulletin.bulletin.context.labels import VALUE_LABELS, vocab
from hrd_bulletin.contract.vocabulary import (
    ALL,
    ALPHA,
    ATTACK_TYPES,
    GROUPS,
    GROUPS_AND_ALL,
    LIKELIHOOD_LEVELS,
)

POLICE_RESULTS = ("no_action", "no_violation_found", "action_taken")


def _share_descending(attack: Mapping[str, Any]) -> tuple[bool, float]:
    """Sort key: largest overall share first, suppressed (None) shares last."""
    share = attack[ALL]["share"]
    return (share is None, -(share or 0.0))


def security(tables: Mapping[str, pd.DataFrame], wave: int, tr: Any, lang: str) -> dict[str, Any]:
    """Part II: attacks, threats, appeals to the police, self-rated security and likelihood."""
    prevalence = select_rows(tables["attack_prevalence"], "attack_prevalence", wave=wave)
    attacks = []
    for attack_type in ATTACK_TYPES:
        row = {g: one_row(prevalence, "attack_prevalence", attack_type=attack_type, group=g) for g in GROUPS_AND_ALL}
        p_value = row[ALL]["p_value"]
        more = more_exposed(row["individual"]["share"], row["organization"]["share"])
        attacks.append(
            {
                "type": attack_type,
                "label": vocab("attack", attack_type, lang),
                **row,
                "p_value": p_value,
                "significant": p_value is not None and p_value < ALPHA,
                "more_exposed": more,
                "ratio_words": ratio_words(row["individual"]["share"], row["organization"]["share"]),
            }
        )
    attacks.sort(key=_share_descending)
    threats = {g: one_row(prevalence, "attack_prevalence", attack_type="threats", group=g) for g in GROUPS_AND_ALL}
    possible = select_rows(tables["likelihood_possible"], "likelihood_possible", wave=wave, group=ALL)
    likelihood = select_rows(tables["likelihood"], "likelihood", wave=wave, group=ALL)
    s = lambda item, value, group=ALL: share_row(tables, wave, item, value, group)  # noqa: E731
    police = {g: s("police_appeal", "true", g) for g in GROUPS}
    return {
        "attacks": attacks,
        # Which kinds individuals suffer more, and which differences are significant: the one
        # decision Part II and the conclusions both print.
        "exposure": group_exposure(attacks),
        "threats": threats,
        "police_appeal": police,
        "police_fraction": plain_fraction((police["individual"] or {}).get("share")),
        "police_results": {
            v: row
            for v in ("no_action", "no_violation_found", "action_taken")
            if (row := s("police_appeal_result", v)) is not None and row["share"] is not None
        },
        "police_results_labels": {k: tr.gettext(VALUE_LABELS[("police_appeal_result", k)]) for k in POLICE_RESULTS},
        "security_rating": stats_row(tables, wave, "security_self_rating", ALL),
        "possible": [
            {"label": vocab("attack", r["attack_type"], lang), **r}
            for r in records(possible.sort_values("share", ascending=False, kind="stable"))
        ],
        "likelihood": [
            {
                "label": vocab("attack", t, lang),
                "levels": records(select_rows(likelihood, "likelihood", attack_type=t).sort_values("level")),
            }
            for t in ATTACK_TYPES
        ],
        "level_labels": [vocab("likelihood", k, lang) for k in LIKELIHOOD_LEVELS],
        "coalition": {v: s("coalition_member", v) for v in ("yes", "no", "unaware")},
        "coalition_groups": {g: s("coalition_member", "yes", g) for g in GROUPS},
    }
