"""Incident, court and state-response tables on a hand-made three-season fixture.

Seasons: S1 Nov 2019-Jan 2020 (3 months), S2 Feb-Apr 2020 (3), S3 15 May-Oct 2020 (6).
Incidents (id season region settlement victim source response complaint | threat types):
  i01 S1 ALA Алматы     journalist police         none      no  | t1
  i02 S1 AST Астана     activist   private_person formal    no  | t1 t3
  i03 S2 ALA " Алматы " journalist police         none      yes | t1
  i04 S2 ALA Алматы     journalist police         effective no  | t2
  i05 S2 AST Астана     activist   akimat         none      yes | t1
  i06 S2 ALA Алматы     journalist police         none      no  | t3
  i07 S2 PAV Павлодар   activist   media          none      no  | t1
  i08 S2 AST Астана     journalist police         formal    no  | t2
  i09 S3 ALA Алматы     journalist police         none      no  | t1 t4
  i10 S3 ALA Алматы     lawyer     police         effective yes | t5
  i11 S3 PAV Павлодар   journalist media          none      no  | t1
  i12 S3 PAV Павлодар   journalist business       none      no  | t4
  i13 S3 AST Заречное   journalist private_person none      yes | t3
  i14 S3 PAV Заречное   activist   akimat         effective yes | t1 t5
Region ZAP has no incident; threat type t6 is never used.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics import courts
from hrd_bulletin.metrics import incidents as m

SEASONS = [
    {"id": "S1", "start": "2019-11-01", "end": "2020-01-31", "label_ru": "1", "label_en": "1"},
    {"id": "S2", "start": "2020-02-01", "end": "2020-04-30", "label_ru": "2", "label_en": "2"},
    {"id": "S3", "start": "2020-05-15", "end": "2020-10-31", "label_ru": "3", "label_en": "3"},
]
IDS = ["S1", "S2", "S3"]
REGIONS = pd.DataFrame(
    {
        "code": ["ALA", "AST", "PAV", "ZAP"],
        "name_ru": list("abcd"),
        "name_en": list("abcd"),
        "kind": ["city", "city", "oblast", "oblast"],
    }
)
THREAT_TYPES = pd.DataFrame(
    {
        "code": ["t1", "t2", "t3", "t4", "t5", "t6"],
        "category": ["c1", "c1", "c2", "c3", "c3", "c2"],
        "label_ru": list("abcdef"),
        "label_en": list("abcdef"),
    }
)
THREAT_CATEGORIES = pd.DataFrame({"code": ["c1", "c2", "c3"], "label_ru": list("abc"), "label_en": list("abc")})
VICTIMS = pd.DataFrame({"code": ["journalist", "activist", "lawyer"], "label_ru": list("abc"), "label_en": list("abc")})
ACTORS = pd.DataFrame(
    {
        "code": ["police", "akimat", "private_person", "business", "media"],
        "label_ru": list("abcde"),
        "label_en": list("abcde"),
        "is_state": pd.array([True, True, False, False, False], dtype="boolean"),
    }
)

_ROWS = [
    ("i01", "2019-11-05", "S1", "ALA", "Алматы", "journalist", "police", "none", False),
    ("i02", "2020-01-20", "S1", "AST", "Астана", "activist", "private_person", "formal", False),
    ("i03", "2020-02-01", "S2", "ALA", " Алматы ", "journalist", "police", "none", True),
    ("i04", "2020-02-10", "S2", "ALA", "Алматы", "journalist", "police", "effective", False),
    ("i05", "2020-03-03", "S2", "AST", "Астана", "activist", "akimat", "none", True),
    ("i06", "2020-03-15", "S2", "ALA", "Алматы", "journalist", "police", "none", False),
    ("i07", "2020-04-01", "S2", "PAV", "Павлодар", "activist", "media", "none", False),
    ("i08", "2020-04-30", "S2", "AST", "Астана", "journalist", "police", "formal", False),
    ("i09", "2020-05-20", "S3", "ALA", "Алматы", "journalist", "police", "none", False),
    ("i10", "2020-06-01", "S3", "ALA", "Алматы", "lawyer", "police", "effective", True),
    ("i11", "2020-07-07", "S3", "PAV", "Павлодар", "journalist", "media", "none", False),
    ("i12", "2020-08-08", "S3", "PAV", "Павлодар", "journalist", "business", "none", False),
    ("i13", "2020-09-09", "S3", "AST", "Заречное", "journalist", "private_person", "none", True),
    ("i14", "2020-10-31", "S3", "PAV", "Заречное", "activist", "akimat", "effective", True),
]


def _incidents() -> pd.DataFrame:
    cols = [
        "incident_id",
        "date",
        "season",
        "region",
        "settlement",
        "victim_category",
        "source_actor",
        "state_response",
        "complaint_filed",
    ]
    df = pd.DataFrame(_ROWS, columns=cols)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ms]")
    df["season"] = pd.Categorical(df["season"], categories=IDS)
    df["region"] = pd.Categorical(df["region"], categories=list(REGIONS["code"]))
    df["victim_category"] = pd.Categorical(df["victim_category"], categories=list(VICTIMS["code"]))
    df["source_actor"] = pd.Categorical(df["source_actor"], categories=list(ACTORS["code"]))
    df["state_response"] = pd.Categorical(df["state_response"], categories=["none", "formal", "effective"])
    df["complaint_filed"] = df["complaint_filed"].astype("boolean")
    return df


def _violations() -> pd.DataFrame:
    pairs = [
        ("i01", "t1"),
        ("i02", "t1"),
        ("i02", "t3"),
        ("i03", "t1"),
        ("i04", "t2"),
        ("i05", "t1"),
        ("i06", "t3"),
        ("i07", "t1"),
        ("i08", "t2"),
        ("i09", "t1"),
        ("i09", "t4"),
        ("i10", "t5"),
        ("i11", "t1"),
        ("i12", "t4"),
        ("i13", "t3"),
        ("i14", "t1"),
        ("i14", "t5"),
        ("x99", "t6"),
    ]  # orphan: its incident is not in the table, so it counts nowhere
    df = pd.DataFrame(pairs, columns=["incident_id", "threat_type"])
    df["threat_type"] = pd.Categorical(df["threat_type"], categories=list(THREAT_TYPES["code"]))
    return df


def _court_cases() -> pd.DataFrame:
    rows = [
        ("c01", "S1", "against_hrd"),
        ("c02", "S1", "against_hrd"),
        ("c03", "S1", "for_hrd"),
        ("c04", "S2", "against_hrd"),
        ("c05", "S2", "pending"),
        ("c06", "S3", "for_hrd"),
        ("c07", "S3", "for_hrd"),
        ("c08", "S3", "against_hrd"),
        ("c09", "S3", "other"),
        ("c10", "S3", "against_hrd"),
        ("c11", "S3", "against_hrd"),
        ("c12", None, "against_hrd"),
    ]  # decided outside every season: counted nowhere
    df = pd.DataFrame(rows, columns=["case_id", "season", "outcome"])
    df["season"] = pd.Categorical(df["season"], categories=IDS)
    df["outcome"] = pd.Categorical(df["outcome"], categories=["against_hrd", "for_hrd", "pending", "other"])
    df["case_type"] = "civil"
    df["hrd_role"] = "defendant"
    return df


def _col(df: pd.DataFrame, col: str) -> list:
    return [None if pd.isna(v) else v for v in df[col]]


# --------------------------------------------------------------------------- seasons


def test_season_months_counts_calendar_months_touched() -> None:
    assert m.season_months("2015-08-01", "2016-04-30") == 9
    assert m.season_months("2016-05-01", "2017-03-31") == 11
    assert m.season_months("2020-05-15", "2020-10-31") == 6


def test_rate_ratio_test_hand_computed() -> None:
    # n1 = 2, n2 = 6 over equal months: under equal rates n2 ~ Bin(8, 1/2).
    # P(X = k) = C(8, k) / 256: 1, 8, 28, 56, 70, 56, 28, 8, 1.  Two-sided p sums every
    # outcome no more likely than X = 6 (28/256): k = 0, 1, 2, 6, 7, 8 -> 74/256 = 0.2890625.
    # Clopper-Pearson for 6/8 (bisection on the binomial tails): 0.349144, 0.968146;
    # RR = p / (1 - p) * 3/3 -> 0.536439, 30.393206.
    rr, low, high, p = m.rate_ratio_test(2, 3, 6, 3)
    assert rr == pytest.approx(3.0)
    assert p == pytest.approx(0.2890625)
    assert low == pytest.approx(0.5364387, rel=1e-6)
    assert high == pytest.approx(30.393206, rel=1e-6)


def test_rate_ratio_undefined_without_previous_incidents() -> None:
    assert all(math.isnan(v) for v in m.rate_ratio_test(0, 3, 5, 3))


# --------------------------------------------------------------------------- by season


def test_incidents_by_season() -> None:
    t = m.incidents_by_season(_incidents(), _violations(), THREAT_TYPES, SEASONS)
    assert list(t["season"]) == ["S1", "S2", "S3", "all"]
    assert list(t["incidents"]) == [2, 6, 6, 14]
    assert list(t["violations"]) == [3, 6, 8, 17]
    assert list(t["threat_types"]) == [2, 3, 4, 5]
    assert list(t["threat_categories"]) == [2, 2, 3, 3]
    # S1: all its types are new; S2 adds t2; S3 adds t4 and t5.
    assert _col(t, "new_threat_types") == [2, 1, 2, None]
    assert _col(t, "new_threat_type_codes") == ["t1;t3", "t2", "t4;t5", None]
    # (6 - 2) / 2 and (6 - 6) / 6
    assert _col(t, "change_vs_previous") == [None, 2.0, 0.0, None]
    assert list(t["months"]) == [3, 3, 6, 12]
    assert list(t["incidents_per_month"]) == pytest.approx([2 / 3, 2.0, 1.0, 14 / 12])


def test_incidents_by_season_rate_ratio_columns() -> None:
    t = m.incidents_by_season(_incidents(), _violations(), THREAT_TYPES, SEASONS)
    assert _col(t, "rate_ratio")[0] is None and _col(t, "rate_ratio")[3] is None
    assert _col(t, "rate_ratio_p_value")[3] is None
    s2, s3 = t.iloc[1], t.iloc[2]
    assert s2["rate_ratio"] == pytest.approx(3.0)
    assert s2["rate_ratio_p_value"] == pytest.approx(0.2890625)
    # S3 vs S2: 6 in 6 months vs 6 in 3 -> RR = (6/6) / (6/3) = 0.5.
    # n3 ~ Bin(12, 2/3); P(X = k) = C(12, k) 2^k / 3^12 with 3^12 = 531441:
    # k = 0..12 -> 1, 24, 264, 1760, 7920, 25344, 59136, 101376, 126720, 112640, 67584, 24576, 4096.
    # Those <= 59136 (k = 0..6, 11, 12) sum to 123121 -> p = 123121 / 531441.
    # Clopper-Pearson for 6/12: 0.210945, 0.789055; RR = p / (1 - p) * 3/6 -> 0.133669, 1.870290.
    assert s3["rate_ratio"] == pytest.approx(0.5)
    assert s3["rate_ratio_p_value"] == pytest.approx(123121 / 531441)
    assert s3["rate_ratio_ci_low"] == pytest.approx(0.1336691, rel=1e-6)
    assert s3["rate_ratio_ci_high"] == pytest.approx(1.8702902, rel=1e-6)


def test_incidents_by_season_dtypes() -> None:
    t = m.incidents_by_season(_incidents(), _violations(), THREAT_TYPES, SEASONS)
    assert t["incidents"].dtype == "int64"
    assert t["new_threat_types"].dtype == "Int64"
    assert t["change_vs_previous"].dtype == "Float64"
    assert t["rate_ratio"].dtype == "Float64"
    assert t["season"].dtype == "str"


def test_incidents_by_season_single_and_four_seasons() -> None:
    one = m.incidents_by_season(_incidents(), _violations(), THREAT_TYPES, SEASONS[:1])
    assert list(one["season"]) == ["S1", "all"]
    assert list(one["incidents"]) == [2, 2]
    s4 = {"id": "S4", "start": "2020-11-01", "end": "2020-12-31", "label_ru": "4", "label_en": "4"}
    four = m.incidents_by_season(_incidents(), _violations(), THREAT_TYPES, [*SEASONS, s4])
    assert list(four["incidents"]) == [2, 6, 6, 0, 14]
    # 0 after 6: change -1; rate ratio 0 with p = P(X = 0) etc.; no new types.
    assert _col(four, "change_vs_previous")[3] == -1.0
    assert four.iloc[3]["rate_ratio"] == 0.0
    assert _col(four, "new_threat_types")[3] == 0
    assert list(four["months"]) == [3, 3, 6, 2, 14]


# --------------------------------------------------------------------------- regions, settlements


def test_incidents_by_region_every_region_with_dense_ranks() -> None:
    t = m.incidents_by_region(_incidents(), REGIONS, SEASONS)
    assert list(t.columns[:4]) == ["season", "region", "incidents", "rank"]
    assert len(t) == 16
    assert list(t["region"][:4]) == ["ALA", "AST", "PAV", "ZAP"]
    by = {s: (list(g["incidents"]), list(g["rank"])) for s, g in t.groupby("season", sort=False)}
    assert list(by) == ["S1", "S2", "S3", "all"]
    assert by["S1"] == ([1, 1, 0, 0], [1, 1, 2, 2])
    assert by["S2"] == ([3, 2, 1, 0], [1, 2, 3, 4])
    assert by["S3"] == ([2, 1, 3, 0], [2, 3, 1, 4])
    assert by["all"] == ([6, 4, 4, 0], [1, 2, 2, 3])
    assert t["incidents"].dtype == "int64" and t["rank"].dtype == "int64"


def test_incidents_by_settlement_trims_and_keeps_regions_apart() -> None:
    t = m.incidents_by_settlement(_incidents(), SEASONS)
    rows = list(t[["season", "settlement", "region", "incidents", "rank"]].itertuples(index=False, name=None))
    assert rows == [
        ("S1", "Алматы", "ALA", 1, 1),
        ("S1", "Астана", "AST", 1, 1),
        ("S2", "Алматы", "ALA", 3, 1),
        ("S2", "Астана", "AST", 2, 2),
        ("S2", "Павлодар", "PAV", 1, 3),
        ("S3", "Алматы", "ALA", 2, 1),
        ("S3", "Заречное", "AST", 1, 2),
        ("S3", "Заречное", "PAV", 1, 2),
        ("S3", "Павлодар", "PAV", 2, 1),
        ("all", "Алматы", "ALA", 6, 1),
        ("all", "Астана", "AST", 3, 2),
        ("all", "Заречное", "AST", 1, 3),
        ("all", "Заречное", "PAV", 1, 3),
        ("all", "Павлодар", "PAV", 3, 2),
    ]


# --------------------------------------------------------------------------- victims, types, sources


def test_victim_categories_keep_zero_rows() -> None:
    t = m.victim_categories(_incidents(), VICTIMS, SEASONS)
    assert list(t.columns) == ["season", "victim_category", "incidents", "n", "share"]
    assert list(t["victim_category"][:3]) == ["journalist", "activist", "lawyer"]
    assert list(t["incidents"]) == [1, 1, 0, 4, 2, 0, 4, 1, 1, 9, 4, 1]
    assert list(t["n"]) == [2] * 3 + [6] * 3 + [6] * 3 + [14] * 3
    assert list(t["share"]) == pytest.approx(
        [0.5, 0.5, 0, 4 / 6, 2 / 6, 0, 4 / 6, 1 / 6, 1 / 6, 9 / 14, 4 / 14, 1 / 14]
    )


def _cell(t: pd.DataFrame, season: str, region: str, col: str) -> list:
    rows = t[(t["season"] == season) & (t["region"] == region)]
    return _col(rows, col)


def test_victims_by_region_is_a_cube_with_all_margins() -> None:
    t = m.victims_by_region(_incidents(), REGIONS, VICTIMS, SEASONS)
    assert list(t.columns) == ["season", "region", "victim_category", "incidents", "n", "share", "rank"]
    # (3 seasons + all) x (4 regions + all) x (3 categories + all), every zero kept.
    assert len(t) == 4 * 5 * 4
    assert list(t["victim_category"][:4]) == ["journalist", "activist", "lawyer", "all"]
    assert list(t["region"][:20:4]) == ["ALA", "AST", "PAV", "ZAP", "all"]
    # Season 2 in Almaty: i03, i04, i06, all journalists.
    assert _cell(t, "S2", "ALA", "incidents") == [3, 0, 0, 3]
    assert _cell(t, "S2", "ALA", "rank") == [1, 2, 2, None]
    # Whole period: Almaty i01 i03 i04 i06 i09 (journalists), i10 (lawyer).
    assert _cell(t, "all", "ALA", "incidents") == [5, 0, 1, 6]
    assert _cell(t, "all", "ALA", "n") == [6, 6, 6, 6]
    assert _cell(t, "all", "ALA", "share") == pytest.approx([5 / 6, 0, 1 / 6, 1])
    assert _cell(t, "all", "ALA", "rank") == [1, 3, 2, None]
    # Astana: i02 i05 activists, i08 i13 journalists: a tie shares rank 1.
    assert _cell(t, "all", "AST", "incidents") == [2, 2, 0, 4]
    assert _cell(t, "all", "AST", "rank") == [1, 1, 2, None]
    # West Kazakhstan has no incident: zeros, no share, every category tied.
    assert _cell(t, "S1", "ZAP", "incidents") == [0, 0, 0, 0]
    assert _cell(t, "S1", "ZAP", "share") == [None] * 4
    assert _cell(t, "S1", "ZAP", "rank") == [1, 1, 1, None]
    # The national margin is the victim_categories table.
    assert _cell(t, "all", "all", "incidents") == [9, 4, 1, 14]
    assert _cell(t, "S3", "all", "incidents") == [4, 1, 1, 6]
    assert _cell(t, "S1", "PAV", "incidents") == [0, 0, 0, 0]
    assert t["incidents"].dtype == "int64" and t["share"].dtype == "Float64" and t["rank"].dtype == "Int64"


def test_victims_by_region_counts_an_unknown_region_in_the_margin_only() -> None:
    incidents = _incidents()
    incidents.loc[incidents["incident_id"] == "i14", "region"] = pd.NA  # Pavlodar, activist, S3
    t = m.victims_by_region(incidents, REGIONS, VICTIMS, SEASONS)
    assert _cell(t, "S3", "PAV", "incidents") == [2, 0, 0, 2]
    assert _cell(t, "S3", "all", "incidents") == [4, 1, 1, 6]
    assert _cell(t, "all", "all", "n") == [14] * 4


def test_threat_types_every_type_with_rank() -> None:
    t = m.threat_types_table(_violations(), _incidents(), THREAT_TYPES, SEASONS)
    assert list(t.columns) == ["season", "threat_type", "category", "violations", "n", "share", "rank"]
    assert len(t) == 24
    assert list(t["category"][:6]) == ["c1", "c1", "c2", "c3", "c3", "c2"]
    assert list(t["violations"]) == [2, 0, 1, 0, 0, 0, 3, 2, 1, 0, 0, 0, 3, 0, 1, 2, 2, 0, 8, 2, 3, 2, 2, 0]
    assert list(t["rank"]) == [1, 3, 2, 3, 3, 3, 1, 2, 3, 4, 4, 4, 1, 4, 3, 2, 2, 4, 1, 3, 2, 3, 3, 4]
    assert list(t["n"].unique()) == [3, 6, 8, 17]
    assert t["share"].iloc[18] == pytest.approx(8 / 17)


def test_threat_sources_change_and_newness() -> None:
    t = m.threat_sources(_incidents(), ACTORS, SEASONS)
    assert list(t["source_actor"][:5]) == ["police", "akimat", "private_person", "business", "media"]
    assert list(t["is_state"][:5]) == [True, True, False, False, False]
    assert list(t["incidents"]) == [1, 0, 1, 0, 0, 4, 1, 0, 0, 1, 2, 1, 1, 1, 1, 7, 2, 2, 1, 2]
    assert list(t["n"].unique()) == [2, 6, 14]
    assert t["share"].iloc[5] == pytest.approx(4 / 6)
    assert _col(t, "previous_incidents") == [None] * 5 + [1, 0, 1, 0, 0] + [4, 1, 0, 0, 1] + [None] * 5
    assert _col(t, "change_vs_previous") == (
        [None] * 5 + [3.0, None, -1.0, None, None] + [-0.5, 0.0, None, None, 0.0] + [None] * 5
    )
    # private_person comes back in S3 after a gap: not new; business first appears in S3: new.
    assert _col(t, "is_new") == (
        [True, False, True, False, False]
        + [False, True, False, False, True]
        + [False, False, False, True, False]
        + [None] * 5
    )


def test_threat_sources_with_a_single_season() -> None:
    # S1 alone: i01 police, i02 private_person; nothing earlier, so no change and all present are new.
    t = m.threat_sources(_incidents()[lambda d: d["season"] == "S1"], ACTORS, SEASONS[:1])
    assert list(t["season"]) == ["S1"] * 5 + ["all"] * 5
    assert list(t["incidents"]) == [1, 0, 1, 0, 0, 1, 0, 1, 0, 0]
    assert _col(t, "previous_incidents") == [None] * 10
    assert _col(t, "is_new") == [True, False, True, False, False] + [None] * 5


def test_threat_source_split() -> None:
    t = m.threat_source_split(_incidents(), ACTORS, SEASONS)
    assert list(t.columns) == ["season", "is_state", "incidents", "n", "share"]
    assert list(t["season"]) == ["S1", "S1", "S2", "S2", "S3", "S3", "all", "all"]
    assert list(t["is_state"]) == [True, False] * 4
    assert list(t["incidents"]) == [1, 1, 5, 1, 3, 3, 9, 5]
    assert list(t["n"]) == [2, 2, 6, 6, 6, 6, 14, 14]
    assert list(t["share"]) == pytest.approx([0.5, 0.5, 5 / 6, 1 / 6, 0.5, 0.5, 9 / 14, 5 / 14])


def test_state_response_shares() -> None:
    t = m.state_response(_incidents(), ACTORS, SEASONS)
    assert list(t.columns) == [
        "season",
        "incidents",
        "ignored",
        "formal",
        "effective",
        "responded",
        "share_ignored",
        "share_effective_of_responded",
        "from_state",
        "complaints_about_state",
    ]
    assert list(t["incidents"]) == [2, 6, 6, 14]
    assert list(t["ignored"]) == [1, 4, 4, 9]
    assert list(t["formal"]) == [1, 1, 0, 2]
    assert list(t["effective"]) == [0, 1, 2, 3]
    assert list(t["responded"]) == [1, 2, 2, 5]
    assert list(t["share_ignored"]) == pytest.approx([0.5, 4 / 6, 4 / 6, 9 / 14])
    assert list(t["share_effective_of_responded"]) == pytest.approx([0.0, 0.5, 1.0, 0.6])
    assert list(t["from_state"]) == [1, 5, 3, 9]
    # i03 (police) and i05 (akimat) complained in S2; i10 and i14 in S3 (i13's complaint is
    # about a private person, so it does not count).
    assert list(t["complaints_about_state"]) == [0, 2, 2, 4]


def test_state_response_null_share_without_response() -> None:
    inc = _incidents()
    only_ignored = inc.loc[inc["state_response"] == "none"]
    t = m.state_response(only_ignored, ACTORS, SEASONS)
    assert _col(t, "share_effective_of_responded") == [None] * 4
    assert list(t["share_ignored"]) == [1.0, 1.0, 1.0, 1.0]


# --------------------------------------------------------------------------- courts


def test_court_outcomes() -> None:
    t = courts.court_outcomes(_court_cases(), SEASONS)
    assert list(t.columns) == [
        "season",
        "decisions",
        "against_hrd",
        "for_hrd",
        "pending",
        "other",
        "ratio_against_to_for",
    ]
    assert list(t["season"]) == ["S1", "S2", "S3", "all"]
    assert list(t["decisions"]) == [3, 2, 6, 11]
    assert list(t["against_hrd"]) == [2, 1, 3, 6]
    assert list(t["for_hrd"]) == [1, 0, 2, 3]
    assert list(t["pending"]) == [0, 1, 0, 1]
    assert list(t["other"]) == [0, 0, 1, 1]
    # S2 has no decision for the defender: ratio null.
    assert _col(t, "ratio_against_to_for") == [2.0, None, 1.5, 2.0]
    assert t["against_hrd"].dtype == "int64" and t["ratio_against_to_for"].dtype == "Float64"


# --------------------------------------------------------------------------- entry points


def test_run_incidents_writes_every_table(tmp_path: Path) -> None:
    inputs = {
        "incidents": _incidents(),
        "violations": _violations(),
        "court_cases": _court_cases(),
        "regions": REGIONS,
        "threat_types": THREAT_TYPES,
        "threat_categories": THREAT_CATEGORIES,
        "victim_categories": VICTIMS,
        "actors": ACTORS,
    }
    paths = {}
    for name, df in inputs.items():
        paths[name] = str(tmp_path / "in" / f"{name}.parquet")
        write_table(df, paths[name])
    names = [
        "incidents_by_season",
        "incidents_by_region",
        "incidents_by_settlement",
        "victim_categories",
        "victims_by_region",
        "threat_types",
        "threat_sources",
        "threat_source_split",
        "state_response",
    ]
    outputs = {name: str(tmp_path / "out" / f"{name}.parquet") for name in names}
    m.run_incidents(paths, outputs, {"seasons": SEASONS})
    assert list(read_table(outputs["incidents_by_season"])["incidents"]) == [2, 6, 6, 14]
    court = str(tmp_path / "out" / "court_outcomes.parquet")
    courts.run_court_outcomes({"court_cases": paths["court_cases"]}, {"court_outcomes": court}, {"seasons": SEASONS})
    assert list(read_table(court)["against_hrd"]) == [2, 1, 3, 6]
    assert list(read_table(outputs["incidents_by_region"])["incidents"][-4:]) == [6, 4, 4, 0]
    assert all(Path(p).exists() for p in outputs.values())
    assert len(read_table(outputs["victims_by_region"])) == 80
