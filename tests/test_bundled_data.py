"""The committed data/raw honours the bulletin's consistent figures, counted straight from the CSV.

Deliberately independent of the ingest and metric code: plain ``csv`` and counting, so that a
bug there cannot hide a wrong dataset (and the reverse).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def rows(name: str) -> list[dict[str, str]]:
    with open(RAW / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def season(date: str) -> str:
    if "2015-08-01" <= date <= "2016-04-30":
        return "S1"
    if "2016-05-01" <= date <= "2017-03-31":
        return "S2"
    return "none"


@pytest.fixture(scope="module")
def latest():
    survey = rows("survey.csv")
    last = max(int(r["wave"]) for r in survey)
    return [r for r in survey if int(r["wave"]) == last]


def count(rs, **where) -> int:
    return sum(all(r[k] == v for k, v in where.items()) for r in rs)


def test_sample(latest):
    assert len(latest) == 131
    assert count(latest, respondent_type="individual") == 79
    assert count(latest, respondent_type="organization") == 52
    assert len({r["respondent_id"] for r in latest}) == 131
    assert len({r["wave"] for r in rows("survey.csv")}) == 2  # an earlier wave for the dynamics


@pytest.mark.parametrize(
    "column, individuals, organizations",
    [
        ("attacks_information", 32, 11),  # 40,5 % / 21,2 % / 32,8 %
        ("attacks_reputational", 31, 9),  # 39,2 / 17,3 / 30,5
        ("attacks_physical", 19, 9),  # 24,1 / 17,3 / 21,4
        ("attacks_technical", 17, 4),  # 21,5 / 7,7 / 16
    ],
)
def test_attacks(latest, column, individuals, organizations):
    attacked = [r for r in latest if int(r[column]) > 0]
    assert count(attacked, respondent_type="individual") == individuals
    assert count(attacked, respondent_type="organization") == organizations


def test_attack_counts_among_attacked(latest):
    # mean / min / max among the attacked, as printed (means as whole numbers)
    for column, mean, lo, hi in [
        ("attacks_information", 6, 1, 20),
        ("attacks_reputational", 7, 1, 30),
        ("attacks_physical", 2, 1, 4),
        ("attacks_technical", 5, 1, 15),
        ("threats", 5, 1, 10),
    ]:
        values = [int(r[column]) for r in latest if int(r[column]) > 0]
        assert round(sum(values) / len(values)) == mean, column
        assert (min(values), max(values)) == (lo, hi), column
    individuals = [r for r in latest if r["respondent_type"] == "individual"]
    assert sum(int(r["threats"]) > 0 for r in individuals) == 36  # 45,6 %


def test_individual_items(latest):
    ind = [r for r in latest if r["respondent_type"] == "individual"]
    assert count(ind, police_appeal="true") == 24  # 30,4 %
    assert count(ind, media_access="true") == 67  # 84,8 %
    assert count(ind, civic_activist="true") == 48  # 60,8 %
    employment = Counter(r["employment"] for r in ind)
    assert (employment["labour_contract"], employment["service_contract"], employment["sole_proprietor"]) == (16, 11, 4)
    assert count(ind, coalition_member="yes") == 12  # 15,2 %
    exchange = Counter(r["secure_exchange"] for r in ind)
    assert (exchange["yes"], exchange["unknown"], exchange["no"]) == (33, 31, 15)
    experience = [int(r["experience_years"]) for r in ind]
    assert (round(sum(experience) / len(experience)), min(experience), max(experience)) == (10, 1, 27)


def test_organization_items(latest):
    org = [r for r in latest if r["respondent_type"] == "organization"]
    assert count(org, police_appeal="true") == 2  # 3,8 %
    assert count(org, cooperates_with_state="true") == 51  # 98,1 %
    assert count(org, coalition_member="yes") == 4  # 7,7 %
    exchange = Counter(r["secure_exchange"] for r in org)
    assert (exchange["yes"], exchange["unknown"], exchange["no"]) == (21, 22, 9)
    budget = [float(r["annual_budget_usd"]) for r in org]
    assert (round(sum(budget) / len(budget)), min(budget), max(budget)) == (27867, 500, 250000)
    projects = [int(r["projects_per_year"]) for r in org]
    assert (round(sum(projects) / len(projects)), min(projects), max(projects)) == (3, 1, 7)
    experience = [int(r["experience_years"]) for r in org]
    assert (round(sum(experience) / len(experience), 1), min(experience), max(experience)) == (10.7, 1, 69)


def test_all_respondent_items(latest):
    assert Counter(r["gender"] for r in latest) == {"female": 71, "male": 60}  # 54 / 46 %
    assert Counter(r["ethnicity"] for r in latest) == {"kazakh": 56, "russian": 55, "other": 20}
    assert Counter(r["education"] for r in latest) == {"higher": 114, "vocational": 13, "secondary": 4}
    assert Counter(r["coalition_member"] for r in latest) == {"no": 86, "unaware": 29, "yes": 16}
    trained = [r for r in latest if r["security_training"] != ""]
    assert len(trained) == 120
    assert count(trained, security_training="false") == 73  # 61 %
    assert count(latest, needs_training="true") == 82  # 68,3 % of 120
    assert count(latest, needs_information="true") == 79  # 65,8 % of 120
    assert count(latest, has_alarm="false") == 98  # 75 %
    assert count(latest, access_locks="false") == 58  # 44,3 %
    assert count(latest, needs_financial_advice="true") == 45  # 34,4 %
    ratings = [int(r["security_self_rating"]) for r in latest]
    assert round(sum(ratings) / len(ratings), 1) == 3.4


@pytest.mark.parametrize(
    "attack_type, levels",
    [
        ("information", (7, 42, 57, 25)),
        ("reputational", (7, 39, 56, 29)),
        ("physical", (9, 56, 51, 15)),
        ("technical", (7, 48, 61, 15)),
    ],
)
def test_likelihood(latest, attack_type, levels):
    counts = Counter(r[f"likelihood_{attack_type}"] for r in latest)
    assert tuple(counts[str(level)] for level in (1, 2, 3, 4)) == levels


def test_incidents_and_violations():
    incidents = rows("incidents.csv")
    by_id = {r["incident_id"]: season(r["date"]) for r in incidents}
    assert Counter(by_id.values()) == {"S1": 391, "S2": 576}
    violations = rows("violations.csv")
    assert Counter(by_id[v["incident_id"]] for v in violations) == {"S1": 407, "S2": 639}
    types = {r["code"]: r["category"] for r in rows("reference/threat_types.csv")}
    s1 = {v["threat_type"] for v in violations if by_id[v["incident_id"]] == "S1"}
    s2 = {v["threat_type"] for v in violations if by_id[v["incident_id"]] == "S2"}
    assert (len(s1), len({types[t] for t in s1})) == (36, 5)
    assert (len(s2), len({types[t] for t in s2})) == (56, 7)
    assert len(s2 - s1) == 20
    top = Counter(v["threat_type"] for v in violations).most_common(4)
    assert [t for t, _ in top] == [
        "refusal_information",
        "court_proceedings",
        "threats_pressure",
        "demand_remove_material",
    ]
    assert top[3][1] == 35


def test_settlements_and_victims():
    incidents = rows("incidents.csv")
    per = Counter((season(r["date"]), r["settlement"]) for r in incidents)
    assert (per["S1", "Алматы"], per["S2", "Алматы"]) == (70, 120)
    assert (per["S1", "Астана"], per["S1", "Павлодар"]) == (50, 50)
    assert per["S1", "Костанай"] == per["S1", "Петропавловск"] == per["S1", "Актобе"] == 40
    assert (per["S2", "Уральск"], per["S2", "Астана"], per["S2", "Костанай"]) == (64, 19, 39)
    victims = Counter((season(r["date"]), r["victim_category"]) for r in incidents)
    assert [
        victims["S1", c]
        for c in ("journalist", "activist", "hrd", "ngo", "convicted_activist", "lawyer", "trade_unionist")
    ] == [211, 82, 31, 27, 16, 16, 8]
    assert [
        victims["S2", c]
        for c in ("journalist", "activist", "hrd", "ngo", "lawyer", "trade_unionist", "convicted_activist")
    ] == [363, 99, 41, 29, 20, 19, 5]


def test_state_and_courts():
    incidents = rows("incidents.csv")
    assert Counter(r["state_response"] for r in incidents) == {"none": 880, "formal": 43, "effective": 44}
    state = {r["code"] for r in rows("reference/actors.csv") if r["is_state"] == "true"}
    from_state = [r for r in incidents if r["source_actor"] in state]
    assert len(from_state) > 400
    assert count(from_state, complaint_filed="true") == 13
    outcomes = Counter(r["outcome"] for r in rows("court_cases.csv"))
    assert outcomes["against_hrd"] == 10 * outcomes["for_hrd"] > 0


def test_media():
    media = rows("media.csv")
    per = Counter((season(r["date"]), r["channel"]) for r in media)
    assert (per["S1", "press"], per["S1", "social"], per["S1", "hrd_site"]) == (122, 39, 14)
    assert (per["S2", "press"], per["S2", "social"], per["S2", "hrd_site"]) == (143, 32, 205)
    assert Counter(r["tone"] for r in media if r["tone"]) == {"supportive": 351, "neutral": 77, "hostile": 2}
    assert count([r for r in media if season(r["date"]) == "S2"], region="AST") == 92
