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
from hrd_bulletin.bulletin.context.labels import (
    ATTACK_LABELS,
    LIKELIHOOD_LABELS,
    VALUE_LABELS,
)
from hrd_bulletin.contract.vocabulary import (
    ALL,
    ALPHA,
    ATTACK_TYPES,
    GROUPS,
    GROUPS_AND_ALL,
    LIKELIHOOD_LEVELS,
)


def _share_descending(attack: Mapping[str, Any]) -> tuple[bool, float]:
    """Sort key: largest overall share first, suppressed (None) shares last."""
    share = attack[ALL]["share"]
    return (share is None, -(share or 0.0))


def security(tables: Mapping[str, pd.DataFrame], wave: int, tr: Any) -> dict[str, Any]:
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
                "label": tr.gettext(ATTACK_LABELS[attack_type]),
                **row,
                "p_value": p_value,
                "significant": p_value is not None and p_value < ALPHA,
                "more_exposed": more,
            }
        )
    attacks.sort(key=_share_descending)
    threats = {g: one_row(prevalence, "attack_prevalence", attack_type="threats", group=g) for g in GROUPS_AND_ALL}
    possible = select_rows(tables["likelihood_possible"], "likelihood_possible", wave=wave, group=ALL)
    likelihood = select_rows(tables["likelihood"], "likelihood", wave=wave, group=ALL)
    s = lambda item, value, group=ALL: share_row(tables, wave, item, value, group)  # noqa: E731
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
        "security_rating": stats_row(tables, wave, "security_self_rating", ALL),
        "possible": [
            {"label": tr.gettext(ATTACK_LABELS[r["attack_type"]]), **r}
            for r in records(possible.sort_values("share", ascending=False, kind="stable"))
        ],
        "likelihood": [
            {
                "label": tr.gettext(ATTACK_LABELS[t]),
                "levels": records(select_rows(likelihood, "likelihood", attack_type=t).sort_values("level")),
            }
            for t in ATTACK_TYPES
        ],
        "level_labels": [tr.gettext(LIKELIHOOD_LABELS[k]) for k in LIKELIHOOD_LEVELS],
        "coalition": {v: s("coalition_member", v) for v in ("yes", "no", "unaware")},
        "coalition_groups": {g: s("coalition_member", "yes", g) for g in GROUPS},
    }
