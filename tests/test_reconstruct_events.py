"""The reconstructed reference tables and event tables reproduce the bulletin's counts.

Every count here is taken straight from the generated frames with plain pandas, independently of
any metric module, and compared with the bulletin's figures (see the reading notes).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from hrd_bulletin.reconstruct.events import build_events
from hrd_bulletin.reconstruct.reference import build_reference

SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
]
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def ref() -> dict[str, pd.DataFrame]:
    return build_reference()


@pytest.fixture(scope="module")
def ev(ref: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return build_events(ref, SEASONS)


def season_of(dates: pd.Series) -> pd.Series:
    """S1 / S2 by ISO date string (the bundled seasons are contiguous)."""
    return pd.Series(["S1" if d <= "2016-04-30" else "S2" for d in dates], index=dates.index)


@pytest.fixture(scope="module")
def inc(ev: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frame = ev["incidents"].copy()
    frame["season"] = season_of(frame["date"])
    return frame


@pytest.fixture(scope="module")
def vio(ev: dict[str, pd.DataFrame], inc: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> pd.DataFrame:
    category = dict(zip(ref["threat_types"]["code"], ref["threat_types"]["category"]))
    frame = ev["violations"].merge(inc[["incident_id", "season"]], on="incident_id", how="left")
    frame["category"] = frame["threat_type"].map(category)
    return frame


# --- reference tables ------------------------------------------------------------------------
def test_reference_columns(ref: dict[str, pd.DataFrame]) -> None:
    assert list(ref["regions"].columns) == ["code", "name_ru", "name_en", "kind"]
    assert list(ref["threat_types"].columns) == ["code", "category", "label_ru", "label_en"]
    for name in ("threat_categories", "victim_categories"):
        assert list(ref[name].columns) == ["code", "label_ru", "label_en"]
    assert list(ref["actors"].columns) == ["code", "label_ru", "label_en", "is_state"]


def test_regions(ref: dict[str, pd.DataFrame]) -> None:
    regions = ref["regions"]
    assert list(regions["code"]) == [
        "AKM",
        "AKT",
        "ALM",
        "ALA",
        "AST",
        "ATY",
        "KAR",
        "KUS",
        "KZY",
        "MAN",
        "PAV",
        "SEV",
        "VOS",
        "YUZ",
        "ZAP",
        "ZHA",
    ]
    assert set(regions.loc[regions["kind"] == "city", "code"]) == {"ALA", "AST"}
    assert (regions["kind"] == "oblast").sum() == 14
    assert dict(zip(regions["code"], regions["name_ru"]))["ALA"] == "Алматы"
    assert dict(zip(regions["code"], regions["name_ru"]))["AST"] == "Астана"
    assert (regions["name_ru"].str.len() > 0).all() and (regions["name_en"].str.len() > 0).all()


def test_threat_types_shape(ref: dict[str, pd.DataFrame]) -> None:
    types, cats = ref["threat_types"], ref["threat_categories"]
    assert len(types) == 56 and types["code"].is_unique
    assert len(cats) == 7 and cats["code"].is_unique
    assert set(types["category"]) == set(cats["code"])
    for frame in (types, cats):
        assert frame["code"].map(lambda c: bool(SNAKE.match(c))).all()
        assert (frame["label_ru"].str.strip().str.len() > 0).all()
        assert (frame["label_en"].str.strip().str.len() > 0).all()
    labels = dict(zip(types["code"], types["label_ru"]))
    assert labels["refusal_information"] == "отказ в предоставлении информации"
    assert labels["court_proceedings"] == "судебный процесс"
    assert labels["threats_pressure"] == "физические или устные угрозы и давление"
    for code in (
        "insults",
        "pressure_on_relatives",
        "surveillance",
        "police_detention",
        "demand_remove_material",
        "tax_audit",
    ):
        assert code in labels
    assert "verbal_threats" not in labels


def test_victim_categories_and_actors(ref: dict[str, pd.DataFrame]) -> None:
    victims = ref["victim_categories"]
    assert list(victims["code"]) == [
        "journalist",
        "hrd",
        "activist",
        "ngo",
        "trade_unionist",
        "convicted_activist",
        "lawyer",
    ]
    assert dict(zip(victims["code"], victims["label_ru"]))["journalist"] == "Журналист, редакция, СМИ, блогер"
    actors = ref["actors"]
    state = dict(zip(actors["code"], actors["is_state"]))
    assert state == {
        "police": "true",
        "court": "true",
        "akimat": "true",
        "prosecutor": "true",
        "national_security": "true",
        "tax_authority": "true",
        "other_state": "true",
        "private_person": "false",
        "unknown_person": "false",
        "business": "false",
        "media": "false",
        "religious_org": "false",
        "trade_union": "false",
        "other": "false",
    }


# --- incidents and violations ----------------------------------------------------------------
def test_table_columns(ev: dict[str, pd.DataFrame]) -> None:
    assert list(ev["incidents"].columns) == [
        "incident_id",
        "date",
        "region",
        "settlement",
        "victim_category",
        "victim_id",
        "source_actor",
        "state_response",
        "complaint_filed",
        "description",
        "source_url",
    ]
    assert list(ev["violations"].columns) == ["incident_id", "threat_type"]
    assert list(ev["court_cases"].columns) == [
        "case_id",
        "incident_id",
        "decision_date",
        "case_type",
        "hrd_role",
        "outcome",
    ]
    assert list(ev["media"].columns) == [
        "material_id",
        "date",
        "region",
        "channel",
        "outlet",
        "tone",
        "incident_id",
        "url",
    ]
    # text values only, no missing markers other than the empty string
    for frame in ev.values():
        assert not frame.isna().any().any()


def test_incident_and_violation_counts(inc: pd.DataFrame, vio: pd.DataFrame) -> None:
    assert inc["incident_id"].is_unique
    assert inc["season"].value_counts().to_dict() == {"S1": 391, "S2": 576}
    assert vio["season"].value_counts().to_dict() == {"S1": 407, "S2": 639}
    assert len(vio) == 1046
    assert vio["season"].notna().all()  # every violation points at an incident
    assert set(inc["incident_id"]) == set(vio["incident_id"])  # every incident has one
    assert not vio.duplicated(["incident_id", "threat_type"]).any()


def test_codes_in_reference(ev: dict[str, pd.DataFrame], ref: dict[str, pd.DataFrame]) -> None:
    i, v = ev["incidents"], ev["violations"]
    assert set(i["region"]) <= set(ref["regions"]["code"])
    assert set(i["victim_category"]) <= set(ref["victim_categories"]["code"])
    assert set(i["source_actor"]) <= set(ref["actors"]["code"])
    assert set(v["threat_type"]) <= set(ref["threat_types"]["code"])
    assert set(i["state_response"]) == {"none", "formal", "effective"}
    assert set(i["complaint_filed"]) == {"true", "false"}
    assert set(ev["media"]["region"]) - {""} <= set(ref["regions"]["code"])


def test_threat_types_per_season(vio: pd.DataFrame) -> None:
    s1, s2 = vio[vio["season"] == "S1"], vio[vio["season"] == "S2"]
    assert s1["threat_type"].nunique() == 36 and s1["category"].nunique() == 5
    assert s2["threat_type"].nunique() == 56 and s2["category"].nunique() == 7
    assert set(s1["threat_type"]) <= set(s2["threat_type"])  # all 36 recur
    new = set(s2["threat_type"]) - set(s1["threat_type"])
    assert len(new) == 20
    assert {"tax_audit", "bank_transaction_check", "fundraising_check", "extra_tax_assessment", "asset_freeze"} <= new
    # the new types are led by financial pressure
    new_counts = s2[s2["threat_type"].isin(new)]["threat_type"].value_counts()
    assert new_counts.index[0] == "tax_audit"


def test_top_threat_types(vio: pd.DataFrame) -> None:
    counts = vio["threat_type"].value_counts()
    assert list(counts.index[:4]) == [
        "refusal_information",
        "court_proceedings",
        "threats_pressure",
        "demand_remove_material",
    ]
    assert counts.iloc[0] > counts.iloc[1] > counts.iloc[2] > counts.iloc[3]
    assert counts["demand_remove_material"] == 35
    assert round(35 / 1046 * 100, 1) == 3.3
    assert counts.iloc[4] < 35
    s1 = vio[vio["season"] == "S1"]["threat_type"].value_counts()
    assert set(s1.index[:7]) == {
        "refusal_information",
        "court_proceedings",
        "threats_pressure",
        "insults",
        "pressure_on_relatives",
        "surveillance",
        "police_detention",
    }
    assert s1.iloc[6] > s1.iloc[7]  # no tie at the edge of the seven


def test_settlements(inc: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> None:
    assert inc.groupby("settlement")["region"].nunique().max() == 1
    s1 = inc[inc["season"] == "S1"]["settlement"].value_counts()
    s2 = inc[inc["season"] == "S2"]["settlement"].value_counts()
    assert s1["Алматы"] == 70
    assert s1["Астана"] == 50 and s1["Павлодар"] == 50
    assert s1["Костанай"] == 40 and s1["Петропавловск"] == 40 and s1["Актобе"] == 40
    leaders = ["Алматы", "Астана", "Павлодар", "Костанай", "Петропавловск", "Актобе"]
    assert s1.drop(leaders).max() < 40
    assert s2["Алматы"] == 120 and s2["Уральск"] == 64
    assert s2["Астана"] == 19 and s2["Костанай"] == 39
    assert s2.drop(["Алматы", "Уральск"]).max() < 64
    assert s2.drop(["Алматы", "Уральск", "Костанай"]).max() < 39  # Kostanay third in S2
    region_of = dict(zip(inc["settlement"], inc["region"]))
    assert region_of["Алматы"] == "ALA" and region_of["Астана"] == "AST"
    assert region_of["Уральск"] == "ZAP" and region_of["Петропавловск"] == "SEV"
    assert inc["settlement"].nunique() >= 15
    by_region = inc.groupby(["season", "region"]).size().unstack(0).reindex(ref["regions"]["code"]).fillna(0)
    assert (by_region.sum(axis=1) > 0).all()  # every region has incidents some season
    assert (by_region == 0).any().any()  # and some region has none in some season


def test_victim_categories(inc: pd.DataFrame) -> None:
    s1 = inc[inc["season"] == "S1"]["victim_category"].value_counts().to_dict()
    s2 = inc[inc["season"] == "S2"]["victim_category"].value_counts().to_dict()
    assert s1 == {
        "journalist": 211,
        "activist": 82,
        "hrd": 31,
        "ngo": 27,
        "convicted_activist": 16,
        "lawyer": 16,
        "trade_unionist": 8,
    }
    assert s2 == {
        "journalist": 363,
        "activist": 99,
        "hrd": 41,
        "ngo": 29,
        "lawyer": 20,
        "trade_unionist": 19,
        "convicted_activist": 5,
    }


def test_sources(inc: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> None:
    counts = inc.groupby(["season", "source_actor"]).size().unstack(0).fillna(0)
    for season in ("S1", "S2"):
        top3 = counts[season].sort_values(ascending=False).index[:3]
        assert set(top3) == {"police", "court", "akimat"}
        assert counts[season].sort_values(ascending=False).iloc[2] > counts[season].sort_values(ascending=False).iloc[3]
    for actor in ("police", "court", "akimat"):
        assert counts.loc[actor, "S2"] > counts.loc[actor, "S1"]
    for actor in ("media", "religious_org", "trade_union"):
        assert counts.loc[actor, "S1"] == 0 and counts.loc[actor, "S2"] > 0
    # S1 non-state sources: unknown persons, then private persons, then business, no ties
    s1_private = counts["S1"].loc[
        ["private_person", "unknown_person", "business", "media", "religious_org", "trade_union", "other"]
    ]
    assert list(s1_private.sort_values(ascending=False).index[:3]) == ["unknown_person", "private_person", "business"]
    assert s1_private.sort_values(ascending=False).iloc[2] > s1_private.sort_values(ascending=False).iloc[3]
    overall = counts.sum(axis=1).sort_values(ascending=False)
    assert list(overall.index[:3]) == ["police", "court", "akimat"]
    assert overall.iloc[0] > overall.iloc[1] > overall.iloc[2] > overall.iloc[3]
    state_codes = set(ref["actors"].loc[ref["actors"]["is_state"] == "true", "code"])
    from_state = inc[inc["source_actor"].isin(state_codes)]
    assert len(from_state) > 400
    assert (from_state["complaint_filed"] == "true").sum() == 13
    not_state = inc[~inc["source_actor"].isin(state_codes)]
    assert (not_state["complaint_filed"] == "true").sum() > 0


def test_state_response(inc: pd.DataFrame) -> None:
    assert inc["state_response"].value_counts().to_dict() == {
        "none": 880,
        "formal": 43,
        "effective": 44,
    }
    assert round(880 / 967 * 100) == 91
    for season in ("S1", "S2"):
        part = inc[inc["season"] == season]
        share = (part["state_response"] == "none").mean()
        assert 0.90 <= share <= 0.92


def test_court_cases(ev: dict[str, pd.DataFrame], inc: pd.DataFrame, vio: pd.DataFrame) -> None:
    court = ev["court_cases"].copy()
    assert court["case_id"].is_unique
    outcome = court["outcome"].value_counts()
    assert outcome["against_hrd"] == 60 and outcome["for_hrd"] == 6
    assert outcome["pending"] > 0 and outcome["other"] > 0
    court["season"] = season_of(court["decision_date"])
    per = court.groupby(["season", "outcome"]).size().unstack(0)
    for season in ("S1", "S2"):
        assert per.loc["for_hrd", season] > 0
        assert per.loc["against_hrd", season] == 10 * per.loc["for_hrd", season]
    assert set(court["case_type"]) == {"criminal", "civil", "administrative"}
    roles = court["hrd_role"].value_counts()
    assert roles["defendant"] > roles["plaintiff"] > 0
    linked = court[court["incident_id"] != ""]
    assert 0 < len(linked) < len(court)
    assert set(linked["incident_id"]) <= set(inc["incident_id"])
    court_incidents = set(vio.loc[vio["threat_type"] == "court_proceedings", "incident_id"])
    assert set(linked["incident_id"]) <= court_incidents
    dates = linked.merge(inc[["incident_id", "date", "season"]], on="incident_id", suffixes=("", "_incident"))
    assert (dates["decision_date"] >= dates["date"]).all()
    assert (dates["season"] == dates["season_incident"]).all()


def test_media(ev: dict[str, pd.DataFrame], inc: pd.DataFrame) -> None:
    media = ev["media"].copy()
    assert media["material_id"].is_unique
    media["season"] = season_of(media["date"])
    assert media["season"].value_counts().to_dict() == {"S1": 175, "S2": 380}
    channel = media.groupby(["season", "channel"]).size().unstack(0)
    assert channel["S1"].to_dict() == {"hrd_site": 14, "press": 122, "social": 39}
    assert channel["S2"].to_dict() == {"hrd_site": 205, "press": 143, "social": 32}
    assert media["tone"].value_counts().to_dict() == {
        "supportive": 351,
        "neutral": 77,
        "": 125,
        "hostile": 2,
    }
    region = media.groupby(["season", "region"]).size().unstack(0).fillna(0)
    for code in ("AKT", "ALA", "PAV", "AST"):
        assert 30 <= region.loc[code, "S1"] <= 60
    assert region["S1"].drop(["AKT", "ALA", "PAV", "AST"]).max() < 30
    assert region.loc["AST", "S2"] == 92
    for code in ("YUZ", "KUS", "KAR", "PAV", "MAN"):
        assert 40 <= region.loc[code, "S2"] <= 59
    assert region["S2"].drop(["AST", "YUZ", "KUS", "KAR", "PAV", "MAN"]).max() < 40
    assert region.loc["", "S1"] > 0 and region.loc["", "S2"] > 0  # national materials
    linked = media[media["incident_id"] != ""]
    assert 0 < len(linked) < len(media)
    assert set(linked["incident_id"]) <= set(inc["incident_id"])
    urls = media.loc[media["url"] != "", "url"]
    assert urls.str.match(r"^https://[a-z0-9.-]*example\.(org|kz)/").all()
    assert (media["outlet"].str.len() > 0).all()


def test_texts_are_pseudonymous(inc: pd.DataFrame) -> None:
    assert inc["victim_id"].str.match(r"^(V\d{4,})?$").all()
    assert (inc["victim_id"] == "").any() and (inc["victim_id"] != "").any()
    # the same person keeps one victim category
    named = inc[inc["victim_id"] != ""]
    assert named.groupby("victim_id")["victim_category"].nunique().max() == 1
    assert (inc["description"].str.len() > 0).all()
    assert not inc["description"].str.contains(r"\d").any()  # no house numbers, phone numbers
    urls = inc.loc[inc["source_url"] != "", "source_url"]
    assert urls.str.startswith("https://monitoring.example.org/").all()


def test_dates_inside_seasons(ev: dict[str, pd.DataFrame]) -> None:
    iso = r"^\d{4}-\d{2}-\d{2}$"
    for table, column in (("incidents", "date"), ("court_cases", "decision_date"), ("media", "date")):
        dates = ev[table][column]
        assert dates.str.match(iso).all()
        assert dates.min() >= "2015-08-01" and dates.max() <= "2017-03-31"
        pd.to_datetime(dates, format="%Y-%m-%d")  # real calendar dates


# --- determinism, seeds, other season lists, scale -------------------------------------------
def test_deterministic(ref: dict[str, pd.DataFrame], ev: dict[str, pd.DataFrame]) -> None:
    again = build_events(ref, SEASONS)
    for name, frame in ev.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_other_seed_keeps_counts(ref: dict[str, pd.DataFrame], ev: dict[str, pd.DataFrame]) -> None:
    other = build_events(ref, SEASONS, seed=7)
    assert not other["incidents"].equals(ev["incidents"])
    for table, column in (
        ("incidents", "victim_category"),
        ("incidents", "settlement"),
        ("incidents", "source_actor"),
        ("violations", "threat_type"),
        ("court_cases", "outcome"),
        ("media", "channel"),
        ("media", "tone"),
    ):
        assert other[table][column].value_counts().to_dict() == ev[table][column].value_counts().to_dict()
    i = other["incidents"]
    assert (
        (
            i["source_actor"].isin(
                ["police", "court", "akimat", "prosecutor", "national_security", "tax_authority", "other_state"]
            )
        )
        & (i["complaint_filed"] == "true")
    ).sum() == 13


def test_three_seasons(ref: dict[str, pd.DataFrame]) -> None:
    seasons = [
        {"id": "A", "start": "2015-08-01", "end": "2016-04-30"},
        {"id": "B", "start": "2016-05-01", "end": "2016-10-31"},
        {"id": "C", "start": "2016-11-01", "end": "2017-03-31"},
    ]
    out = build_events(ref, seasons)
    dates = out["incidents"]["date"]
    season = pd.cut(
        pd.to_datetime(dates),
        bins=pd.to_datetime(["2015-07-31", "2016-04-30", "2016-10-31", "2017-03-31"]),
        labels=["A", "B", "C"],
    )
    # 391 for 9 months; 576 * 6/11 = 314,2 -> 314 and 576 * 5/11 = 261,8 -> 262
    assert season.value_counts().to_dict() == {"A": 391, "B": 314, "C": 262}
    assert season.notna().all()
    assert set(out["violations"]["incident_id"]) == set(out["incidents"]["incident_id"])
    assert not out["violations"].duplicated().any()
    for table, column in (("court_cases", "decision_date"), ("media", "date")):
        assert out[table][column].min() >= "2015-08-01"
        assert out[table][column].max() <= "2017-03-31"


def test_scale_two_doubles(ref: dict[str, pd.DataFrame], ev: dict[str, pd.DataFrame]) -> None:
    big = build_events(ref, SEASONS, scale=2)
    assert len(big["incidents"]) == 1934
    assert len(big["violations"]) == 2092
    assert len(big["court_cases"]) == 158
    assert len(big["media"]) == 1110
    assert big["incidents"]["incident_id"].is_unique
    assert big["media"]["material_id"].is_unique and big["court_cases"]["case_id"].is_unique
    for table, column in (
        ("incidents", "settlement"),
        ("incidents", "state_response"),
        ("violations", "threat_type"),
        ("media", "region"),
    ):
        small = ev[table][column].value_counts()
        assert big[table][column].value_counts().reindex(small.index).tolist() == (small * 2).tolist()
    assert set(big["violations"]["incident_id"]) == set(big["incidents"]["incident_id"])
    assert not big["violations"].duplicated().any()
