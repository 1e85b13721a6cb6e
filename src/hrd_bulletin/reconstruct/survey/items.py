"""The items behind each index, with the answer tallies the bulletin publishes.

An item is (column, weight, score, values): values either a pair of per-group multisets
(individuals, organizations) or one multiset pooled over all respondents.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hrd_bulletin.reconstruct.survey.allocation import positions, spread
from hrd_bulletin.reconstruct.survey.respondents import N_IND, N_ORG, N
from hrd_bulletin.reconstruct.survey.scores import FIVE_IF_FALSE, FIVE_IF_TRUE, bands, budget_score, linear, mapped

Item = tuple[str, float, Callable, object]


def _group_values(ind: dict, org: dict) -> tuple[np.ndarray, np.ndarray]:
    """Answer multisets of the two groups from {answer: count} tallies."""
    return (
        np.array([v for v, c in ind.items() for _ in range(c)], dtype=object),
        np.array([v for v, c in org.items() for _ in range(c)], dtype=object),
    )


def _attack_values(counts: np.ndarray, n_org_attacked: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the attacked respondents' counts between the groups (interleaved), zeros for the rest."""
    org_pos = positions(len(counts), n_org_attacked, 2)
    org_mask = np.zeros(len(counts), dtype=bool)
    org_mask[org_pos] = True
    ind_counts, org_counts = counts[~org_mask], counts[org_mask]
    ind = np.concatenate([ind_counts, np.zeros(N_IND - len(ind_counts), dtype=int)])
    org = np.concatenate([org_counts, np.zeros(N_ORG - len(org_counts), dtype=int)])
    return ind.astype(object), org.astype(object)


# Respondents (by rank within group, 0 = most at risk) who skipped questions.
_NO_TRAINING_ANSWER = ((10, 21, 32, 43, 54, 65, 76), (5, 18, 31, 44))
_NO_COMMS_ANSWER = ((15, 40, 70), (12, 38))
_NO_PROTOCOL_ANSWER = ((), (25,))


def _threat_items() -> list[Item]:
    attacks = {
        # type: (counts of the attacked, spread(n, printed mean x n, min, max)), NGOs attacked
        "information": (spread(43, 258, 1, 20), 11),
        "reputational": (spread(40, 280, 1, 30), 9),
        "physical": (spread(28, 56, 1, 4), 9),
        "technical": (spread(21, 105, 1, 15), 4),
    }
    items: list[Item] = [
        (f"attacks_{kind}", 0.4, bands, _attack_values(counts, n_org)) for kind, (counts, n_org) in attacks.items()
    ]
    # Threats: 36 individuals and 10 organizations, mean 5 (min 1, max 10) in both groups.
    threats = (
        np.concatenate([spread(36, 180, 1, 10), np.zeros(N_IND - 36, int)]).astype(object),
        np.concatenate([spread(10, 50, 1, 10), np.zeros(N_ORG - 10, int)]).astype(object),
    )
    items.append(("threats", 0.4, bands, threats))
    # Likelihood levels 1..4 over all 131 (the chart's counts; "rather possible" is the larger
    # of each undecided pair).
    likelihood = {
        "information": (7, 42, 57, 25),
        "reputational": (7, 39, 56, 29),
        "physical": (9, 56, 51, 15),
        "technical": (7, 48, 61, 15),
    }
    for kind, counts in likelihood.items():
        values = np.repeat(np.arange(1, 5), counts).astype(object)
        items.append((f"likelihood_{kind}", 1.0, linear(1, 4), values))
    return items


def _vulnerability_items() -> list[Item]:
    return [
        ("has_security_protocol", 1.0, FIVE_IF_FALSE, _group_values({False: 69, True: 10}, {False: 42, True: 9})),
        ("has_alarm", 1.0, FIVE_IF_FALSE, _group_values({False: 62, True: 17}, {False: 36, True: 16})),
        ("access_locks", 1.0, FIVE_IF_FALSE, _group_values({False: 40, True: 39}, {False: 18, True: 34})),
        ("access_secure_comms", 1.0, FIVE_IF_FALSE, _group_values({False: 36, True: 40}, {False: 16, True: 34})),
        (
            "secure_exchange",
            1.0,
            mapped({"yes": 1.0, "unknown": 2.0, "no": 5.0}),
            _group_values({"yes": 33, "unknown": 31, "no": 15}, {"yes": 21, "unknown": 22, "no": 9}),
        ),
        ("needs_financial_advice", 1.0, FIVE_IF_TRUE, _group_values({True: 28, False: 51}, {True: 17, False: 35})),
        ("media_access", 1.0, FIVE_IF_FALSE, _group_values({True: 67, False: 12}, {})),
        ("tax_reports_on_time", 1.0, FIVE_IF_FALSE, _group_values({}, {True: 50, False: 2})),
        ("taxes_paid_on_time", 1.0, FIVE_IF_FALSE, _group_values({}, {True: 50, False: 2})),
        ("accounting_records_kept", 1.0, FIVE_IF_FALSE, _group_values({}, {True: 49, False: 3})),
        ("licensed_software", 1.0, FIVE_IF_FALSE, _group_values({}, {True: 38, False: 14})),
        ("has_safe", 1.0, FIVE_IF_FALSE, _group_values({}, {True: 34, False: 18})),
    ]


def _resource_items() -> list[Item]:
    experience = (
        spread(79, 790, 1, 27).astype(object),  # individuals: mean 10, min 1, max 27
        np.concatenate([[69], spread(51, 487, 1, 38)]).astype(object),  # NGOs: 556/52 = 10.7
    )
    budget = np.concatenate([[250000], spread(51, 11991, 5, 1200) * 100])  # 1 449 100 / 52 = 27 867
    return [
        ("security_training", 1.0, FIVE_IF_TRUE, _group_values({True: 24, False: 48}, {True: 23, False: 25})),
        ("needs_training", 1.0, FIVE_IF_FALSE, _group_values({True: 52, False: 20}, {True: 30, False: 18})),
        ("needs_information", 1.0, FIVE_IF_FALSE, _group_values({True: 50, False: 22}, {True: 29, False: 19})),
        (
            "coalition_member",
            1.0,
            mapped({"yes": 5.0, "no": 2.0, "unaware": 1.0}),
            _group_values({"yes": 12, "no": 50, "unaware": 17}, {"yes": 4, "no": 36, "unaware": 12}),
        ),
        ("experience_years", 1.0, linear(0, 25), experience),
        ("civic_activist", 1.0, FIVE_IF_TRUE, _group_values({True: 48, False: 31}, {})),
        (
            "employment",
            1.0,
            mapped({"labour_contract": 5.0, "service_contract": 4.0, "sole_proprietor": 4.0, "none": 1.0}),
            _group_values({"labour_contract": 16, "service_contract": 11, "sole_proprietor": 4, "none": 48}, {}),
        ),
        ("cooperates_with_state", 1.0, FIVE_IF_TRUE, _group_values({}, {True: 51, False: 1})),
        ("projects_per_year", 1.0, linear(0, 8), (np.array([], dtype=object), spread(52, 156, 1, 7).astype(object))),
        ("annual_budget_usd", 1.0, budget_score, (np.array([], dtype=object), budget.astype(object))),
    ]


# Which group each item is asked of (individual, organization).
_ASKED: dict[str, tuple[bool, bool]] = {
    "media_access": (True, False),
    "civic_activist": (True, False),
    "employment": (True, False),
    "tax_reports_on_time": (False, True),
    "taxes_paid_on_time": (False, True),
    "accounting_records_kept": (False, True),
    "licensed_software": (False, True),
    "has_safe": (False, True),
    "cooperates_with_state": (False, True),
    "projects_per_year": (False, True),
    "annual_budget_usd": (False, True),
}
_SKIPPED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "security_training": _NO_TRAINING_ANSWER,
    "needs_training": _NO_TRAINING_ANSWER,
    "needs_information": _NO_TRAINING_ANSWER,
    "access_secure_comms": _NO_COMMS_ANSWER,
    "has_security_protocol": _NO_PROTOCOL_ANSWER,
}


def index_items() -> dict[str, list[Item]]:
    """The items of each index, by index name."""
    return {"threats": _threat_items(), "vulnerability": _vulnerability_items(), "resources": _resource_items()}


def _answered(ind: bool, org: bool, missing_ind: tuple[int, ...] = (), missing_org: tuple[int, ...] = ()) -> np.ndarray:
    """Placeholder column: 0 where the item is asked and answered, None where it is not."""
    out = np.full(N, None, dtype=object)
    out[:N_IND] = 0 if ind else None
    out[N_IND:] = 0 if org else None
    for p in missing_ind:
        out[p] = None
    for p in missing_org:
        out[N_IND + p] = None
    return out


def placeholders(groups: dict[str, list[Item]]) -> dict[str, np.ndarray]:
    """A placeholder column per item: 0 where it is asked and answered, None where not."""
    data: dict[str, np.ndarray] = {}
    for items in groups.values():
        for col, *_ in items:
            asked = _ASKED.get(col, (True, True))
            skipped = _SKIPPED.get(col, ((), ()))
            data[col] = _answered(*asked, *skipped)
    return data
