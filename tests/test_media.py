"""The media cube on a hand-made fixture.

Materials (season channel region tone); empty region = national, empty tone = uncoded:
  m1 S1 press    ALA supportive
  m2 S1 press    -   neutral
  m3 S1 social   ALA -
  m4 S2 hrd_site AST hostile
  m5 S2 press    ALA supportive
  m6 S2 press    ALA supportive
  m7 S3 social   -   -
  m8 S3 press    PAV neutral
  m9 -  press    ALA supportive   (outside every season: counted nowhere)
Region ZAP has no material, so it never appears (the cube is sparse).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics import media as m

SEASONS = [
    {"id": "S1", "start": "2019-11-01", "end": "2020-01-31", "label_ru": "1", "label_en": "1"},
    {"id": "S2", "start": "2020-02-01", "end": "2020-04-30", "label_ru": "2", "label_en": "2"},
    {"id": "S3", "start": "2020-05-15", "end": "2020-10-31", "label_ru": "3", "label_en": "3"},
]
REGIONS = pd.DataFrame(
    {
        "code": ["ALA", "AST", "PAV", "ZAP"],
        "name_ru": list("abcd"),
        "name_en": list("abcd"),
        "kind": ["city", "city", "oblast", "oblast"],
    }
)
DIMS = ["season", "channel", "region", "tone"]


def _media() -> pd.DataFrame:
    rows = [
        ("m1", "S1", "press", "ALA", "supportive"),
        ("m2", "S1", "press", None, "neutral"),
        ("m3", "S1", "social", "ALA", None),
        ("m4", "S2", "hrd_site", "AST", "hostile"),
        ("m5", "S2", "press", "ALA", "supportive"),
        ("m6", "S2", "press", "ALA", "supportive"),
        ("m7", "S3", "social", None, None),
        ("m8", "S3", "press", "PAV", "neutral"),
        ("m9", None, "press", "ALA", "supportive"),
    ]
    df = pd.DataFrame(rows, columns=["material_id", "season", "channel", "region", "tone"])
    df["season"] = pd.Categorical(df["season"], categories=["S1", "S2", "S3"])
    df["channel"] = pd.Categorical(df["channel"], categories=["press", "social", "hrd_site"])
    df["region"] = pd.Categorical(df["region"], categories=list(REGIONS["code"]))
    df["tone"] = pd.Categorical(df["tone"], categories=["supportive", "neutral", "hostile"])
    return df


def _lookup(t: pd.DataFrame) -> dict[tuple[str, str, str, str], int]:
    return {tuple(k): v for *k, v in t[[*DIMS, "materials"]].itertuples(index=False, name=None)}


def _assert_margins_add_up(t: pd.DataFrame) -> None:
    # Every "all" cell of a dimension equals the sum of the cells with a real value there.
    for dim in DIMS:
        others = [d for d in DIMS if d != dim]
        margins = t.loc[t[dim] == "all"].set_index(others)["materials"]
        sums = t.loc[t[dim] != "all"].groupby(others)["materials"].sum()
        joined = margins.to_frame("margin").join(sums.rename("sum"), how="left").fillna(0)
        assert (joined["margin"] == joined["sum"]).all(), dim


def test_cube_size_and_order() -> None:
    t = m.media_summary(_media(), REGIONS, SEASONS)
    assert list(t.columns) == [*DIMS, "materials"]
    # Distinct combinations per grouping set, counted by hand over the 7 distinct cells:
    # 7+7+7+7+6 (three or four dimensions), 6+6+7+6+4+6 (two), 3+3+4+4 (one), 1 (none).
    assert len(t) == 84
    assert list(t.head(8).itertuples(index=False, name=None)) == [
        ("S1", "press", "ALA", "supportive", 1),
        ("S1", "press", "ALA", "all", 1),
        ("S1", "press", "national", "neutral", 1),
        ("S1", "press", "national", "all", 1),
        ("S1", "press", "all", "supportive", 1),
        ("S1", "press", "all", "neutral", 1),
        ("S1", "press", "all", "all", 2),
        ("S1", "social", "ALA", "uncoded", 1),
    ]
    assert tuple(t.iloc[-1]) == ("all", "all", "all", "all", 8)
    assert all(t[c].dtype == "str" for c in DIMS) and t["materials"].dtype == "int64"


def test_cube_margins() -> None:
    t = m.media_summary(_media(), REGIONS, SEASONS)
    cube = _lookup(t)
    assert [cube[(s, "all", "all", "all")] for s in ["S1", "S2", "S3", "all"]] == [3, 3, 2, 8]
    assert [cube[("all", c, "all", "all")] for c in ["press", "social", "hrd_site"]] == [5, 2, 1]
    assert [cube[("all", "all", r, "all")] for r in ["ALA", "AST", "PAV", "national"]] == [4, 1, 1, 2]
    assert [cube[("all", "all", "all", x)] for x in ["supportive", "neutral", "hostile", "uncoded"]] == [3, 2, 1, 2]
    assert cube[("S2", "press", "ALA", "supportive")] == 2
    assert cube[("S3", "social", "national", "uncoded")] == 1
    assert cube[("all", "press", "ALA", "all")] == 3
    assert ("all", "all", "ZAP", "all") not in cube
    _assert_margins_add_up(t)


def test_season_total_kept_when_empty() -> None:
    s4 = {"id": "S4", "start": "2020-11-01", "end": "2020-12-31", "label_ru": "4", "label_en": "4"}
    t = m.media_summary(_media(), REGIONS, [*SEASONS, s4])
    assert len(t) == 85
    assert _lookup(t)[("S4", "all", "all", "all")] == 0
    assert list(t.loc[t["season"] == "S4", "channel"]) == ["all"]


def test_blank_strings_are_national_and_uncoded() -> None:
    df = pd.DataFrame(
        {"season": ["S1", "S1"], "channel": ["press", "press"], "region": ["", "ALA"], "tone": [" ", "hostile"]}
    )
    t = _lookup(m.media_summary(df, REGIONS, SEASONS))
    assert t[("S1", "press", "national", "uncoded")] == 1
    assert t[("all", "all", "all", "all")] == 2


def test_cube_scales_to_100k() -> None:
    rng = np.random.default_rng(1)
    n = 100_000
    df = pd.DataFrame(
        {
            "season": rng.choice(["S1", "S2", "S3"], n),
            "channel": rng.choice(["press", "social", "hrd_site"], n),
            "region": rng.choice([*REGIONS["code"], None], n),
            "tone": rng.choice(["supportive", "neutral", "hostile", None], n),
        }
    )
    start = time.perf_counter()
    t = m.media_summary(df, REGIONS, SEASONS)
    assert time.perf_counter() - start < 3.0
    # 4 x 4 x 6 x 5 combinations with every cell filled.
    assert len(t) == 480
    assert _lookup(t)[("all", "all", "all", "all")] == 100_000
    _assert_margins_add_up(t)


def test_run_media(tmp_path: Path) -> None:
    write_table(_media(), tmp_path / "media.parquet")
    write_table(REGIONS, tmp_path / "regions.parquet")
    out = tmp_path / "out" / "media_summary.parquet"
    m.run_media(
        {"media": str(tmp_path / "media.parquet"), "regions": str(tmp_path / "regions.parquet")},
        {"media_summary": str(out)},
        {"seasons": SEASONS},
    )
    t = read_table(out)
    assert len(t) == 84
    assert tuple(t.iloc[-1]) == ("all", "all", "all", "all", 8)
