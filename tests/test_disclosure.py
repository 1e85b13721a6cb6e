"""Disclosure control on hand-made tables: primary and complementary suppression, survey cells,
and the rule that per-respondent tables never feed figures, maps or the bulletin."""

from __future__ import annotations

import pandas as pd
import pytest

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.metrics import disclosure
from hrd_bulletin.metrics.survey import attack_prevalence, survey_shares, survey_stats

VALUES = ["mean"]


def _regions(rows: list[tuple[str, int, float | None]], wave: int = 2) -> pd.DataFrame:
    """A regional table: (region, n, mean) rows plus whatever total row the test includes."""
    return pd.DataFrame(
        {
            "wave": [wave] * len(rows),
            "region": pd.Series([r[0] for r in rows], dtype="str"),
            "n": pd.Series([r[1] for r in rows], dtype="int64"),
            "mean": pd.Series([r[2] for r in rows], dtype="Float64"),
        }
    )


def _protect(df: pd.DataFrame, min_cell: int = 5) -> pd.DataFrame:
    out = disclosure.protect(df, "n", VALUES, min_cell, ["wave"], df["region"] == "all", "region")
    return out.set_index("region")


def test_primary_threshold_is_strict() -> None:
    df = _regions([("KZY", 4, 2.5), ("AST", 9, 3.0)])
    five = disclosure.suppress_small_cells(df, "n", VALUES, 5).set_index("region")
    assert five.loc["KZY", "suppressed"] and pd.isna(five.loc["KZY", "mean"])
    assert five.loc["KZY", "suppression"] == "primary"
    assert not five.loc["AST", "suppressed"] and five.loc["AST", "mean"] == 3.0
    assert pd.isna(five.loc["AST", "suppression"])
    four = disclosure.suppress_small_cells(df, "n", VALUES, 4).set_index("region")
    assert not four.loc["KZY", "suppressed"] and four.loc["KZY", "mean"] == 2.5


def test_one_primary_triggers_one_complementary() -> None:
    # all: n = 3 + 6 + 7 + 9 = 25, mean = (3*2 + 6*4 + 7*3 + 9*1) / 25 = 60/25 = 2.4.
    # With ZHA alone hidden: ZHA = (2.4*25 - 6*4 - 7*3 - 9*1) / 3 = (60 - 54) / 3 = 2.0, exposed.
    # With AKT (smallest other n) hidden too: 3*ZHA + 6*AKT = 60 - 21 - 9 = 30, one equation in
    # two unknowns: (ZHA, AKT) = (2, 4) or (4, 3) or (1, 4.5) all fit; neither value follows.
    df = _regions([("ALA", 9, 1.0), ("AKT", 6, 4.0), ("ZHA", 3, 2.0), ("KAR", 7, 3.0), ("all", 25, 2.4)])
    got = _protect(df)
    assert got["suppressed"].to_dict() == {"ALA": False, "AKT": True, "ZHA": True, "KAR": False, "all": False}
    assert got.loc["ZHA", "suppression"] == "primary"
    assert got.loc["AKT", "suppression"] == "complementary"
    assert got.loc[["AKT", "ZHA"], "mean"].isna().all()
    assert got.loc[["ALA", "KAR", "all"], "mean"].tolist() == [1.0, 3.0, 2.4]
    # Row order is kept.
    assert got.index.tolist() == ["ALA", "AKT", "ZHA", "KAR", "all"]


def test_complement_tie_broken_by_region_code_whatever_the_row_order() -> None:
    rows = [("SEV", 5, 3.0), ("ATY", 5, 2.0), ("KZY", 4, 2.5), ("AST", 9, 3.5), ("all", 23, 2.9)]
    for ordered in (rows, rows[::-1]):
        got = _protect(_regions(ordered))
        assert got.index[got["suppressed"]].sort_values().tolist() == ["ATY", "KZY"]
        assert got.loc["ATY", "suppression"] == "complementary"


def test_two_primaries_need_no_complement() -> None:
    df = _regions([("KZY", 4, 2.5), ("ZHA", 2, 1.5), ("AST", 5, 3.0), ("ALA", 9, 2.0), ("all", 20, 2.3)])
    got = _protect(df)
    assert got.index[got["suppressed"]].tolist() == ["KZY", "ZHA"]
    assert (got.loc[["KZY", "ZHA"], "suppression"] == "primary").all()
    assert got.loc["AST", "mean"] == 3.0


def test_empty_region_is_suppressed_but_neither_needs_nor_gives_cover() -> None:
    # AKM has nobody: no value to hide, so it alone triggers nothing ...
    alone = _protect(_regions([("AKM", 0, None), ("AST", 6, 3.0), ("ALA", 9, 2.0), ("all", 15, 2.4)]))
    assert alone["suppressed"].tolist() == [True, False, False, False]
    assert alone.loc["AKM", "suppression"] == "primary"
    # ... and with KZY (n = 4) hidden it is no complement: AST (n = 6) is, before ALA (n = 9).
    both = _protect(_regions([("AKM", 0, None), ("KZY", 4, 2.0), ("AST", 6, 3.0), ("ALA", 9, 2.0), ("all", 19, 2.3)]))
    assert both.index[both["suppressed"]].tolist() == ["AKM", "KZY", "AST"]
    assert both.loc["AST", "suppression"] == "complementary"


def test_no_complement_when_the_total_is_itself_suppressed() -> None:
    got = _protect(_regions([("KZY", 2, 2.0), ("AST", 5, 3.0), ("all", 7, 2.7)]), min_cell=8)
    assert got["suppression"].tolist() == ["primary", "primary", "primary"]
    # Separate waves are separate partitions: wave 1 needs a complement, wave 2 does not.
    w1 = _regions([("KZY", 4, 2.0), ("AST", 5, 3.0), ("ALA", 6, 2.0), ("all", 15, 2.4)], wave=1)
    w2 = _regions([("KZY", 8, 2.0), ("AST", 5, 3.0), ("ALA", 6, 2.0), ("all", 19, 2.3)], wave=2)
    df = pd.concat([w1, w2], ignore_index=True)
    out = disclosure.protect(df, "n", VALUES, 5, ["wave"], df["region"] == "all", "region")
    assert out["suppressed"].tolist() == [True, True, False, False, False, False, False, False]


def test_value_columns_become_nullable() -> None:
    df = pd.DataFrame({"wave": [1, 1], "region": ["A", "all"], "n": [2, 2], "count": [1, 1], "share": [0.5, 0.5]})
    out = disclosure.suppress_small_cells(df, "n", ["count", "share"], 5)
    assert str(out["count"].dtype) == "Int64" and str(out["share"].dtype) == "Float64"
    assert out["count"].isna().all() and out["n"].tolist() == [2, 2]


def _survey(n_ind: int, n_org: int, appealed_ind: int, appealed_org: int) -> pd.DataFrame:
    n = n_ind + n_org
    return pd.DataFrame(
        {
            "respondent_id": pd.Series([f"R{i:04d}" for i in range(n)], dtype="str"),
            "wave": pd.array([1] * n, dtype="Int64"),
            "respondent_type": pd.Categorical(
                ["individual"] * n_ind + ["organization"] * n_org, categories=["individual", "organization"]
            ),
            "police_appeal": pd.array(
                [True] * appealed_ind
                + [False] * (n_ind - appealed_ind)
                + [True] * appealed_org
                + [False] * (n_org - appealed_org),
                dtype="boolean",
            ),
            "experience_years": pd.array(list(range(1, n + 1)), dtype="Int64"),
            "attacks_information": pd.array(
                [1] * appealed_ind + [0] * (n_ind - appealed_ind) + [1] * appealed_org + [0] * (n_org - appealed_org),
                dtype="Int64",
            ),
            **{
                c: pd.array([0] * n, dtype="Int64")
                for c in ("attacks_reputational", "attacks_physical", "attacks_technical", "threats")
            },
        }
    )


def test_survey_share_of_a_small_group_is_suppressed_with_its_complement() -> None:
    # 7 individuals (3 appealed), 3 organizations (1 appealed). min_cell 5: organizations
    # (n = 3) primary; individuals complementary, else organizations = all - individuals
    # (4 - 3 = 1 of 10 - 7 = 3). The pooled row stays: 4 of 10.
    shares = survey_shares(_survey(7, 3, 3, 1), min_cell=5)
    appeal = shares[(shares["item"] == "police_appeal") & (shares["value"] == "true")].set_index("group")
    assert appeal.index.tolist() == ["individual", "organization", "all"]
    assert appeal.loc["individual", "suppression"] == "complementary"
    assert appeal.loc["organization", "suppression"] == "primary"
    assert pd.isna(appeal.loc["all", "suppression"])
    assert appeal.loc["organization", "n"] == 3
    assert appeal[["count", "share"]].iloc[:2].isna().all().all()
    assert (appeal.loc["all", "count"], appeal.loc["all", "share"]) == (4, 0.4)
    # min_cell 3: nothing is small.
    kept = survey_shares(_survey(7, 3, 3, 1), min_cell=3)
    assert not kept["suppressed"].any()


def test_survey_stats_and_prevalence_suppress_small_groups() -> None:
    stats = survey_stats(_survey(7, 3, 3, 1), min_cell=5).set_index("group")
    years = stats[stats["item"] == "experience_years"]
    assert years["suppressed"].tolist() == [True, True, False]
    # all: years 1..10, mean 5.5, median 5.5, min 1, max 10.
    assert years.loc["all", ["mean", "median", "min", "max"]].tolist() == [5.5, 5.5, 1.0, 10.0]
    assert years.loc["organization", ["mean", "min", "max"]].isna().all()
    prev = attack_prevalence(_survey(7, 3, 3, 1), min_cell=5).set_index("group")
    info = prev[prev["attack_type"] == "information"]
    assert info["suppressed"].tolist() == [True, True, False]
    assert info.loc["all", "n_attacked"] == 4
    # The Fisher test compares the two hidden groups: withheld as well.
    assert pd.isna(info.loc["all", "p_value"]) and pd.isna(info.loc["all", "odds_ratio"])


def test_identifier_columns_are_refused() -> None:
    with pytest.raises(disclosure.DisclosureError, match="respondent_id"):
        disclosure.check_publishable(pd.DataFrame({"wave": [1], "respondent_id": ["R0001"]}), "leak")
    disclosure.check_publishable(pd.DataFrame({"wave": [1], "region": ["AST"]}), "fine")


def test_per_respondent_tables_feed_no_figure_map_or_bulletin() -> None:
    # The report rules' inputs are catalog.REPORT_TABLES, the figure rules' the tables of
    # catalog.FIGURES (rules/report.smk, rules/figures.smk).
    figure_tables = {t for figure in catalog.FIGURES.values() for t in figure.tables}
    for name in disclosure.REVIEWER_ONLY_TABLES:
        assert name not in catalog.REPORT_TABLES
        assert name not in figure_tables
