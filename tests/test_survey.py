"""Survey metric tables on a hand-made typed fixture; every expected value worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics.survey import (
    attack_prevalence,
    likelihood,
    likelihood_possible,
    run_survey,
    survey_shares,
    survey_stats,
)

NA = None
REGIONS = ["AKM", "ALA", "AST"]
TYPES = ["individual", "organization"]
EMPLOYMENT = ["labour_contract", "service_contract", "sole_proprietor", "none"]


def _cat(values: list, categories: list[str]) -> pd.Series:
    return pd.Series(pd.Categorical(values, categories=categories))


def make_survey() -> pd.DataFrame:
    """Wave 1: r1-r4 individuals, r5-r7 organizations; wave 2: r1 (individual), r5 (organization)."""
    return pd.DataFrame(
        {
            "respondent_id": pd.Series(["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r1", "r5"], dtype="str"),
            "wave": pd.array([1, 1, 1, 1, 1, 1, 1, 2, 2], dtype="Int64"),
            "region": _cat(["ALA", "ALA", "AST", NA, "AST", "ALA", "ALA", "ALA", "ALA"], REGIONS),
            "respondent_type": _cat(["individual"] * 4 + ["organization"] * 3 + ["individual", "organization"], TYPES),
            "experience_years": pd.array([10, 3, NA, 6, 20, 7, NA, 11, 21], dtype="Int64"),
            "civic_activist": pd.array([True, False, True, True, NA, NA, NA, False, NA], dtype="boolean"),
            "employment": _cat(
                ["labour_contract", "none", "labour_contract", NA, NA, NA, NA, "service_contract", NA], EMPLOYMENT
            ),
            "specializations": pd.Series(
                ["civil;political", "civil", NA, "children;civil;hiv", "civil", NA, "children;labour", "hiv", NA],
                dtype="str",
            ),
            "attacks_information": pd.array([2, 0, NA, 0, 3, 0, NA, 0, 0], dtype="Int64"),
            "attacks_reputational": pd.array([1, 4, 0, 2, 0, 1, 0, 0, 0], dtype="Int64"),
            "attacks_physical": pd.array([0, 0, 0, 0, 0, 0, 0, 0, 0], dtype="Int64"),
            "attacks_technical": pd.array([1, 0, 0, 0, 0, 0, 0, 0, 0], dtype="Int64"),
            "threats": pd.array([1, 0, 2, 0, NA, NA, NA, 0, NA], dtype="Int64"),
            "police_appeal": pd.array([True, NA, False, False, True, False, False, NA, NA], dtype="boolean"),
            "likelihood_information": pd.array([3, 4, 3, NA, 1, 3, 2, 2, 2], dtype="Int64"),
            "likelihood_reputational": pd.array([2] * 9, dtype="Int64"),
            "likelihood_physical": pd.array([1] * 9, dtype="Int64"),
            "likelihood_technical": pd.array([4] * 9, dtype="Int64"),
            "annual_budget_usd": pd.array([NA, NA, NA, NA, 1000.0, 2500.5, NA, NA, 1200.0], dtype="Float64"),
        }
    )


def _rows(table: pd.DataFrame, **eq: object) -> pd.DataFrame:
    mask = pd.Series(True, index=table.index)
    for col, val in eq.items():
        mask &= table[col] == val
    return table[mask]


def _one(table: pd.DataFrame, **eq: object) -> pd.Series:
    rows = _rows(table, **eq)
    assert len(rows) == 1, f"{eq}: {len(rows)} rows"
    return rows.iloc[0]


# --- survey_shares ---------------------------------------------------------------------------


def test_shares_available_case_and_zero_counts() -> None:
    shares = survey_shares(make_survey(), min_cell=1)
    # Wave 1 region: r4 unanswered, so all = 6; AKM nobody -> a count-0 row.
    region = _rows(shares, wave=1, item="region", group="all")
    assert region["value"].tolist() == ["AKM", "ALA", "AST"]
    assert region["n"].tolist() == [6, 6, 6]
    assert region["count"].tolist() == [0, 4, 2]
    assert region["share"].tolist() == pytest.approx([0.0, 4 / 6, 2 / 6])
    ind = _rows(shares, wave=1, item="region", group="individual")
    assert ind["count"].tolist() == [0, 2, 1] and ind["n"].tolist() == [3, 3, 3]


def test_shares_not_applicable_group_has_no_rows() -> None:
    shares = survey_shares(make_survey(), min_cell=1)
    # employment: organizations never answer -> no organization rows at all.
    emp = _rows(shares, wave=1, item="employment")
    assert sorted(set(emp["group"])) == ["all", "individual"]
    ind = _rows(emp, group="individual")
    assert ind["value"].tolist() == EMPLOYMENT
    assert ind["count"].tolist() == [2, 0, 0, 1]  # r4 did not answer: n = 3, not 4
    assert ind["n"].tolist() == [3, 3, 3, 3]
    # police_appeal nobody answered in wave 2 -> no rows for wave 2.
    assert _rows(shares, wave=2, item="police_appeal").empty


def test_shares_boolean_and_respondent_type() -> None:
    shares = survey_shares(make_survey(), min_cell=1)
    civic = _rows(shares, wave=1, item="civic_activist", group="individual")
    assert civic["value"].tolist() == ["true", "false"]
    assert civic["count"].tolist() == [3, 1]
    assert civic["share"].tolist() == pytest.approx([0.75, 0.25])
    police = _rows(shares, wave=1, item="police_appeal")
    # r2 unanswered: individual 1 of 3, organization 1 of 3, all 2 of 6.
    assert police["group"].tolist() == ["individual", "individual", "organization", "organization", "all", "all"]
    assert police["count"].tolist() == [1, 2, 1, 2, 2, 4]
    assert police["n"].tolist() == [3, 3, 3, 3, 6, 6]
    rtype = _rows(shares, wave=1, item="respondent_type")
    assert rtype["group"].tolist() == ["all", "all"]
    assert rtype["count"].tolist() == [4, 3]
    assert rtype["share"].tolist() == pytest.approx([4 / 7, 3 / 7])


def test_shares_multi_select() -> None:
    shares = survey_shares(make_survey(), min_cell=1)
    spec = _rows(shares, wave=1, item="specializations", group="all")
    assert spec["value"].tolist() == [
        "civil",
        "political",
        "family",
        "gender",
        "labour",
        "children",
        "disability",
        "prisoners",
        "hiv",
        "other",
    ]
    # Answered: r1, r2, r4, r5, r7 = 5 (r3, r6 missing); civil named by r1 r2 r4 r5.
    assert spec["n"].unique().tolist() == [5]
    assert spec["count"].tolist() == [4, 1, 0, 0, 1, 2, 0, 0, 1, 0]
    assert _one(spec, value="civil")["share"] == pytest.approx(0.8)
    org = _rows(shares, wave=1, item="specializations", group="organization")
    assert org["n"].unique().tolist() == [2]
    assert _one(org, value="children")["share"] == pytest.approx(0.5)


def test_shares_dtypes_order_and_excluded_columns() -> None:
    shares = survey_shares(make_survey(), min_cell=1)
    assert list(shares.columns) == [
        "wave",
        "item",
        "value",
        "group",
        "n",
        "count",
        "share",
        "suppressed",
        "suppression",
    ]
    # count and share may be suppressed (null): nullable dtypes.
    assert shares["n"].dtype == "int64" and shares["count"].dtype == "Int64"
    assert shares["share"].dtype == "Float64" and shares["wave"].dtype == "int64"
    assert shares["suppressed"].dtype == "bool" and not shares["suppressed"].any()
    assert not isinstance(shares["item"].dtype, pd.CategoricalDtype)
    # Items follow column order within a wave; numeric and id columns are not items.
    items = list(dict.fromkeys(_rows(shares, wave=1)["item"]))
    assert items == ["region", "respondent_type", "civic_activist", "employment", "specializations", "police_appeal"]
    assert shares["wave"].tolist() == sorted(shares["wave"].tolist())


# --- survey_stats ----------------------------------------------------------------------------


def test_stats_by_group() -> None:
    stats = survey_stats(make_survey(), min_cell=1)
    exp = _rows(stats, wave=1, item="experience_years")
    assert exp["group"].tolist() == ["individual", "organization", "all"]
    # individual 10, 3, 6 (r3 missing): mean 19/3, median 6.
    ind = _one(exp, group="individual")
    assert (ind["n"], ind["min"], ind["max"], ind["median"]) == (3, 3.0, 10.0, 6.0)
    assert ind["mean"] == pytest.approx(19 / 3)
    # organization 20, 7 (r7 missing): even n, median = (7 + 20) / 2 = 13.5.
    org = _one(exp, group="organization")
    assert (org["n"], org["median"], org["mean"]) == (2, 13.5, 13.5)
    # all 3, 6, 7, 10, 20: mean 46/5 = 9.2, median 7.
    pooled = _one(exp, group="all")
    assert (pooled["n"], pooled["median"]) == (5, 7.0)
    assert pooled["mean"] == pytest.approx(9.2)


def test_stats_items_and_not_applicable() -> None:
    stats = survey_stats(make_survey(), min_cell=1)
    items = list(dict.fromkeys(_rows(stats, wave=1)["item"]))
    assert items == [
        "experience_years",
        "attacks_information",
        "attacks_reputational",
        "attacks_physical",
        "attacks_technical",
        "threats",
        "likelihood_information",
        "likelihood_reputational",
        "likelihood_physical",
        "likelihood_technical",
        "annual_budget_usd",
    ]
    budget = _rows(stats, wave=1, item="annual_budget_usd")
    assert budget["group"].tolist() == ["organization", "all"]  # no individual answers
    assert budget["mean"].tolist() == pytest.approx([1750.25, 1750.25])
    assert _one(stats, wave=2, item="experience_years", group="all")["median"] == 16.0


# --- attack_prevalence -----------------------------------------------------------------------


def test_prevalence_share_and_wilson() -> None:
    prev = attack_prevalence(make_survey(), min_cell=1)
    info = _one(prev, wave=1, attack_type="information", group="all")
    # r3, r7 unanswered: 2 attacked (r1 = 2, r5 = 3) of 5.
    assert (info["n"], info["n_attacked"]) == (5, 2)
    assert info["share"] == pytest.approx(0.4)
    # Wilson, z = 1.959964, z^2 = 3.841459:
    #   centre = (2 + z^2/2) / (5 + z^2) = 3.9207294 / 8.8414588 = 0.4434482
    #   half   = z / (5 + z^2) * sqrt(2*3/5 + z^2/4) = 0.2216789 * sqrt(2.1603647) = 0.3258271
    #   -> [0.117621, 0.769275]
    assert info["ci_low"] == pytest.approx(0.117621, abs=2e-6)
    assert info["ci_high"] == pytest.approx(0.769275, abs=2e-6)
    assert (info["mean_count"], info["min_count"], info["max_count"]) == (2.5, 2, 3)
    ind = _one(prev, wave=1, attack_type="information", group="individual")
    assert (ind["n"], ind["n_attacked"], ind["mean_count"]) == (3, 1, 2.0)
    assert pd.isna(ind["p_value"]) and pd.isna(ind["odds_ratio"])


def test_prevalence_fisher_by_hand() -> None:
    prev = attack_prevalence(make_survey(), min_cell=1)
    rep = _one(prev, wave=1, attack_type="reputational", group="all")
    # 2x2: individual 3 attacked / 1 not, organization 1 / 2; N = 7, 4 attacked overall.
    # P(a individuals attacked) = C(4,a) C(3,4-a) / C(7,4) = {a=1: 4, 2: 18, 3: 12, 4: 1} / 35.
    # Observed a = 3 (12/35); two-sided p = sum of P <= 12/35 = (4 + 12 + 1) / 35 = 17/35.
    assert rep["p_value"] == pytest.approx(17 / 35)
    assert rep["odds_ratio"] == pytest.approx(6.0)  # (3 * 2) / (1 * 1)
    assert rep["mean_count"] == pytest.approx(2.0)  # attacked counts 1, 4, 2, 1


def test_prevalence_nobody_attacked_and_missing_group() -> None:
    prev = attack_prevalence(make_survey(), min_cell=1)
    phys = _one(prev, wave=1, attack_type="physical", group="all")
    assert (phys["n"], phys["n_attacked"], phys["share"]) == (7, 0, 0.0)
    assert pd.isna(phys["mean_count"]) and pd.isna(phys["min_count"]) and pd.isna(phys["max_count"])
    assert phys["ci_low"] == 0.0  # Wilson 0/7: centre = half = (z^2/2) / (7 + z^2)
    # upper = 2 * 1.9207294 / 10.8414588 = 0.354330
    assert phys["ci_high"] == pytest.approx(0.354330, abs=1e-6)
    assert phys["p_value"] == 1.0 and pd.isna(phys["odds_ratio"])  # OR 0/0 is undefined
    w2 = _one(prev, wave=2, attack_type="information", group="all")
    assert (w2["n"], w2["n_attacked"]) == (2, 0) and pd.isna(w2["mean_count"])
    # threats: organizations never answered -> no organization row, no test.
    threats = _rows(prev, wave=1, attack_type="threats")
    assert threats["group"].tolist() == ["individual", "all"]
    assert pd.isna(_one(threats, group="all")["p_value"])
    assert prev["mean_count"].dtype == "Float64" and prev["n"].dtype == "int64"


def test_prevalence_bulletin_information() -> None:
    # 79 individuals, 52 NGOs, one wave: attacked counts from the reading notes.
    attacked = {"information": (32, 11), "reputational": (31, 9), "physical": (19, 9), "technical": (17, 4)}
    data = {
        "wave": pd.array([1] * 131, dtype="Int64"),
        "respondent_type": _cat(["individual"] * 79 + ["organization"] * 52, TYPES),
    }
    for kind, (a_ind, a_org) in attacked.items():
        data[f"attacks_{kind}"] = pd.array(
            [1] * a_ind + [0] * (79 - a_ind) + [1] * a_org + [0] * (52 - a_org), dtype="Int64"
        )
    data["threats"] = pd.array([1] * 36 + [0] * 43 + [None] * 52, dtype="Int64")
    prev = attack_prevalence(pd.DataFrame(data))
    info = _rows(prev, attack_type="information")
    # 32/79 = 40,5 %, 11/52 = 21,2 %, 43/131 = 32,8 % as printed.
    assert [round(s * 100, 1) for s in info["share"]] == [40.5, 21.2, 32.8]
    assert info["n"].tolist() == [79, 52, 131]
    p = {k: _one(prev, attack_type=k, group="all")["p_value"] for k in attacked}
    # Two-sided p = sum of hypergeometric P(X = x) <= P(X = observed), X individuals attacked,
    # summed exactly in fractions outside this code: information 0.023485 (the notes' "~0,024"
    # is 0.0235 rounded up; to three decimals it is 0,023), reputational 0.011198,
    # technical 0.050046, physical 0.392072 (not significant, against the bulletin's wording).
    assert p["information"] == pytest.approx(0.023485, abs=1e-6)
    assert p["reputational"] == pytest.approx(0.011198, abs=1e-6)
    assert p["technical"] == pytest.approx(0.050046, abs=1e-6)
    assert p["physical"] == pytest.approx(0.392072, abs=1e-6)
    threats = _one(prev, attack_type="threats", group="individual")
    assert (threats["n"], threats["n_attacked"]) == (79, 36)


# --- likelihood ------------------------------------------------------------------------------


def test_likelihood_levels_and_zero_rows() -> None:
    lik = likelihood(make_survey(), min_cell=1)
    info = _rows(lik, wave=1, attack_type="information")
    assert info["group"].tolist() == ["individual"] * 4 + ["organization"] * 4 + ["all"] * 4
    assert info["level"].tolist() == [1, 2, 3, 4] * 3
    # r4 unanswered. individual 3, 4, 3; organization 1, 3, 2; all six together.
    assert info["count"].tolist() == [0, 0, 2, 1, 1, 1, 1, 0, 1, 1, 3, 1]
    assert info["n"].tolist() == [3] * 4 + [3] * 4 + [6] * 4
    assert _one(info, group="all", level=3)["share"] == pytest.approx(0.5)
    assert lik["level"].dtype == "int64"
    assert list(dict.fromkeys(lik["attack_type"])) == ["information", "reputational", "physical", "technical"]


def test_likelihood_possible() -> None:
    poss = likelihood_possible(make_survey(), min_cell=1)
    info = _rows(poss, wave=1, attack_type="information")
    assert info["group"].tolist() == ["individual", "organization", "all"]
    assert info["count"].tolist() == [3, 1, 4]  # levels 3-4
    assert info["share"].tolist() == pytest.approx([1.0, 1 / 3, 4 / 6])
    assert _one(poss, wave=2, attack_type="information", group="all")["count"] == 0
    assert _one(poss, wave=1, attack_type="technical", group="all")["share"] == 1.0


# --- entry point -----------------------------------------------------------------------------


def test_run_survey_round_trip(tmp_path) -> None:
    src = tmp_path / "survey.parquet"
    write_table(make_survey(), src)
    names = ["survey_shares", "survey_stats", "attack_prevalence", "likelihood", "likelihood_possible"]
    output = {name: str(tmp_path / f"{name}.parquet") for name in names}
    run_survey({"clean_survey": str(src)}, output, {"min_cell": 3})
    shares = read_table(output["survey_shares"])
    # Categories survive Parquet, so the unchosen region AKM still has its 0 row.
    assert _one(shares, wave=1, item="region", group="all", value="AKM")["count"] == 0
    prev = read_table(output["attack_prevalence"])
    assert _one(prev, wave=1, attack_type="reputational", group="all")["p_value"] == pytest.approx(17 / 35)
    # Without the param the default min_cell 5 applies: wave 1 reputational has individuals
    # n = 4 and organizations n = 3, both primary; `all` (n = 7) stays, its test is withheld.
    run_survey({"clean_survey": str(src)}, output, {})
    prev = read_table(output["attack_prevalence"])
    rep = _rows(prev, wave=1, attack_type="reputational")
    assert rep["suppressed"].tolist() == [True, True, False]
    assert rep["n_attacked"].isna().tolist() == [True, True, False]
    assert _one(rep, group="all")["n_attacked"] == 4
    assert pd.isna(_one(rep, group="all")["p_value"])
