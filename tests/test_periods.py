"""Between periods: the new season (or wave) against the previous edition's last, from releases.

The releases are written here by hand; every expected value (pairing, changes, the z statistic
of the two-proportion test, which values carry a test) is worked out below from them, the
test's p-value from the normal distribution's formula (math.erfc), not from statsmodels.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from hrd_bulletin.bulletin.context.periods import between_periods as page
from hrd_bulletin.bulletin.context.periods import describe_chart
from hrd_bulletin.bulletin.html import make_environment
from hrd_bulletin.release.compare import Release
from hrd_bulletin.release.figures import FIGURE_COLUMNS
from hrd_bulletin.release.periods import between_periods, paired_id, pairs, row_key, two_proportion_p


def _fig(figure_id: str, column: str, value: str, unit: str, table: str, period: str) -> dict[str, str]:
    return dict(zip(FIGURE_COLUMNS, [figure_id, column, value, unit, table, period, "e"]))


def _release(edition: str, seasons: list[str], figures: list[dict[str, str]]) -> Release:
    return Release({"id": edition, "seasons": seasons}, [{**f, "edition": edition} for f in figures])


def _season(sid: str, incidents: str, per_month: str, p_value: str | None = None) -> list[dict[str, str]]:
    rows = [
        _fig(f"incidents.by_season.{sid}", "incidents", incidents, "count", "incidents_by_season", f"season:{sid}"),
        _fig(
            f"incidents.by_season.{sid}",
            "incidents_per_month",
            per_month,
            "value",
            "incidents_by_season",
            f"season:{sid}",
        ),
    ]
    if p_value is not None:
        rows.append(
            _fig(
                f"incidents.by_season.{sid}",
                "rate_ratio_p_value",
                p_value,
                "p-value",
                "incidents_by_season",
                f"season:{sid}",
            )
        )
    return rows


def _region(sid: str, region: str, incidents: str, rank: str = "1") -> list[dict[str, str]]:
    fid, period = f"incidents.by_region.{sid}.{region}", f"season:{sid}"
    return [
        _fig(fid, "incidents", incidents, "count", "incidents_by_region", period),
        _fig(fid, "rank", rank, "rank", "incidents_by_region", period),
    ]


def _source(sid: str, source: str, incidents: int, n: int, share: str | None = None) -> list[dict[str, str]]:
    fid, period = f"incidents.sources.{sid}.{source}", f"season:{sid}"
    return [
        _fig(fid, "incidents", str(incidents), "count", "threat_sources", period),
        _fig(fid, "n", str(n), "count", "threat_sources", period),
        _fig(fid, "share", share if share is not None else repr(incidents / n), "proportion", "threat_sources", period),
    ]


S2 = [
    *_season("S2", "100", "10"),
    *_region("S2", "ALA", "5"),
    *_region("S2", "AST", "20"),
    *_source("S2", "police", 30, 100),
    *_source("S2", "kgb", 3, 100),
    *_source("S2", "court", 10, 100),
]
S3 = [
    *_season("S3", "120", "10.9", p_value="0.03"),
    *_region("S3", "ALA", "15"),
    *_region("S3", "AST", "12"),
    *_source("S3", "police", 60, 120),
    *_source("S3", "kgb", 4, 120),
    # A share that its own row's counts do not give (20/120 is 0.1667): no test is claimed.
    *_source("S3", "court", 20, 120, share="0.5"),
    # Only in the new season: nothing to pair it with.
    *_region("S3", "ZHA", "7"),
]
PREVIOUS = _release("2017", ["S1", "S2"], S2)
CURRENT = _release("2018", ["S1", "S2", "S3"], [*S2, *S3])


def _rows(frame: pd.DataFrame) -> dict[tuple[str, str], dict]:
    return {(r["figure_id"], r["column"]): r for r in frame.to_dict("records")}


def test_the_new_season_is_paired_with_the_previous_editions_last() -> None:
    assert pairs(PREVIOUS, CURRENT) == [("season", "S2", "S3")]
    # An edition against itself adds no period: nothing is compared between periods.
    assert pairs(CURRENT, CURRENT) == []
    assert between_periods(CURRENT, CURRENT).empty


def test_ids_are_paired_only_by_one_component() -> None:
    assert paired_id("incidents.by_region.S3.ALA", "S3", "S2") == "incidents.by_region.S2.ALA"
    assert paired_id("x.S3.S3", "S3", "S2") is None
    assert paired_id("incidents.by_region.S1.ALA", "S3", "S2") is None
    assert row_key("victims_by_region", "incidents.victims_by_region.S3.ALA.journalist", "S3") == "ALA.journalist"
    assert row_key("incidents_by_region", "incidents.by_region.S3.ALA", "S3") == "ALA"


def test_counts_changes_and_the_low_base_rule() -> None:
    rows = _rows(between_periods(PREVIOUS, CURRENT, min_base=10))
    ala = rows[("incidents.by_region.S3.ALA", "incidents")]
    assert (ala["figure_id_from"], ala["value_from"], ala["value_to"], ala["abs_change"]) == (
        "incidents.by_region.S2.ALA",
        5.0,
        15.0,
        10.0,
    )
    assert pd.isna(ala["rel_change"])  # 5 is under min_base 10: an absolute change only
    ast = rows[("incidents.by_region.S3.AST", "incidents")]
    assert (ast["abs_change"], ast["rel_change"]) == (-8.0, -0.4)
    assert ast["key"] == "AST" and ast["test"] == ""
    # Ranks and p-values are not compared; a region only in the new season has no pair.
    assert ("incidents.by_region.S3.ALA", "rank") not in rows
    assert ("incidents.by_season.S3", "rate_ratio_p_value") not in rows
    assert not any(fid == "incidents.by_region.S3.ZHA" for fid, _ in rows)


def test_the_monthly_rate_carries_the_released_rate_ratio_test() -> None:
    rows = _rows(between_periods(PREVIOUS, CURRENT))
    for column in ("incidents", "incidents_per_month"):
        row = rows[("incidents.by_season.S3", column)]
        assert (row["test"], row["p_value"]) == ("rate_ratio", 0.03)
    # Against a season that is not the one just before, the released test does not apply.
    s1 = [{**f, "figure_id": f["figure_id"].replace("S2", "S1"), "period": "season:S1"} for f in S2]
    older = _release("2016", ["S1"], s1)
    rows = _rows(between_periods(older, _release("2018", ["S1", "S2", "S3"], [*s1, *S2, *S3])))
    assert rows[("incidents.by_season.S3", "incidents")]["figure_id_from"] == "incidents.by_season.S1"
    assert rows[("incidents.by_season.S3", "incidents")]["test"] == ""


def test_shares_carry_a_two_proportion_test_worked_by_hand() -> None:
    rows = _rows(between_periods(PREVIOUS, CURRENT))
    police = rows[("incidents.sources.S3.police", "share")]
    assert (police["count_from"], police["base_from"], police["count_to"], police["base_to"]) == (30, 100, 60, 120)
    pooled = (30 + 60) / (100 + 120)
    z = (60 / 120 - 30 / 100) / math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 120))
    assert z == pytest.approx(3.0043, abs=1e-4)
    assert police["test"] == "two_proportion"
    assert police["p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert two_proportion_p(30, 100, 60, 120) == pytest.approx(0.002662, abs=1e-6)
    # 3 of 100 and 4 of 120: cells under 5, the normal approximation fails; no test claimed.
    kgb = rows[("incidents.sources.S3.kgb", "share")]
    assert kgb["test"] == "" and pd.isna(kgb["p_value"])
    court = rows[("incidents.sources.S3.court", "share")]
    assert court["test"] == "" and pd.isna(court["count_to"])
    # The counts themselves carry no test.
    assert rows[("incidents.sources.S3.police", "incidents")]["test"] == ""


def test_waves_are_compared_without_a_test() -> None:
    def shares(wave: str, count: int, n: int) -> list[dict[str, str]]:
        fid, period = f"survey.shares.{wave}.region.ALA.all", f"wave:{wave}"
        return [
            _fig(fid, "count", str(count), "count", "survey_shares", period),
            _fig(fid, "n", str(n), "count", "survey_shares", period),
            _fig(fid, "share", repr(count / n), "proportion", "survey_shares", period),
        ]

    previous = _release("2017", ["S1"], [*shares("1", 20, 100), *shares("2", 30, 100)])
    current = _release("2018", ["S1"], [*shares("1", 20, 100), *shares("2", 30, 100), *shares("3", 60, 100)])
    assert pairs(previous, current) == [("wave", "2", "3")]
    rows = _rows(between_periods(previous, current))
    share = rows[("survey.shares.3.region.ALA.all", "share")]
    assert (share["figure_id_from"], share["value_from"], share["value_to"]) == (
        "survey.shares.2.region.ALA.all",
        0.3,
        0.6,
    )
    # Waves re-interview the same defenders: not independent samples, no test.
    assert share["test"] == "" and pd.isna(share["p_value"])


# ---------------------------------------------------------------- the page
SEASONS = [
    {"id": "S2", "label": "Season 2", "months": 11},
    {"id": "S3", "label": "Season 3", "months": 12},
]
LABELS = {"regions": {"ALA": "Almaty", "AST": "Astana"}, "actors": {"police": "Police"}}


def _page(lang: str = "en") -> dict:
    frame = between_periods(PREVIOUS, CURRENT)
    return page(frame, SEASONS, {**LABELS, "victim_categories": {}, "threat_types": {}})


def test_the_page_names_the_largest_rise_and_fall_and_the_significant_share() -> None:
    p = _page()
    assert [r["key"] for r in p["regions_up"]] == ["ALA"]
    assert [r["key"] for r in p["regions_down"]] == ["AST"]
    assert p["shares_tested"] == 1  # police only: kgb has small cells, court's share is not its counts'
    assert [s["key"] for s in p["shares_significant"]] == ["police"]
    assert p["per_month"]["significant"] and p["per_month"]["direction"] == "up"
    assert [r["key"] for r in p["regions"]] == ["ALA", "AST"]  # by the new season's count, largest first
    # The reviewers' list: every tested value, smallest p first (0.0027 for police, then 0.03).
    assert [(r["figure_id"], r["column"]) for r in p["tested"]] == [
        ("incidents.sources.S3.police", "share"),
        ("incidents.by_season.S3", "incidents"),
        ("incidents.by_season.S3", "incidents_per_month"),
    ]


def _render(lang: str, periods: dict) -> str:
    env = make_environment(lang)
    template = env.from_string(
        '{% from "editions.html" import between_seasons with context %}{{ between_seasons(p, none) }}'
    )
    html = template.render(p=periods, lang=lang, alpha=0.05, document="bulletin")
    return re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_sentences_in_both_languages() -> None:
    periods = _page()
    periods["before"] = {"id": "S2", "label": "season 2", "months": 11}
    periods["after"] = {"id": "S3", "label": "season 3", "months": 12}
    en = _render("en", periods)
    assert "Monitors recorded 120\u00a0incidents with 100\u00a0violations" not in en  # violations absent here
    assert "incidents became more frequent, 10.9\u00a0incidents a month against 10.0, by more than chance" in en
    assert "The number of incidents rose most in Almaty (from 5 to 15). It fell most in Astana (from 20 to 12)." in en
    assert "in 1\u00a0case the change is statistically significant: the share of police among the sources" in en
    # Counts of seasons of different length are said to be counts.
    assert "These are numbers of incidents, not rates: the two seasons differ in length by 1\u00a0month." in en
    assert "from 30.0% to 50.0%" in en
    periods["regions_up"][0]["label"] = "Алматы"
    periods["regions_down"][0]["label"] = "Астана"
    periods["shares_significant"][0]["label"] = "Полиция"
    ru = _render("ru", periods)
    assert "сезоны различаются по длительности на 1\u00a0месяц." in ru
    assert "Сильнее всего число происшествий выросло в\u00a0Алматы (с 5 до 15)." in ru
    assert "Сильнее всего оно сократилось в\u00a0Астане (с 20 до 12)." in ru
    assert "в 1\u00a0случае изменение статистически значимо: доля полиции среди источников угроз" in ru


def test_the_chart_description_lists_regions_largest_first() -> None:
    from hrd_bulletin.bulletin.alttext_words import Words
    from hrd_bulletin.i18n import get_translations

    words = Words("en", get_translations("en"), LABELS, {"S2": "season 2", "S3": "season 3"})
    alt, long = describe_chart(_page(), words)
    assert alt == (
        "Incidents by region in season 3, in brackets season 2: Almaty 15 (5); Astana 12 (20). "
        "Below, the shares of incidents by source of threats in both seasons."
    )
    assert long == alt
