"""Tests of the reproduction audit on small hand-made metric tables."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics.reproduction import (
    FigureError,
    evaluate,
    load_figures,
    round_printed,
    run_reproduction,
)


def _fig(**overrides: object) -> dict:
    """A valid figure on attack_prevalence; tests override what they exercise."""
    fig = {
        "id": "t.fig",
        "part": "II",
        "quote": "в целом 32,8%",
        "value": 32.8,
        "unit": "percent",
        "decimals": 1,
        "rounding": "round",
        "table": "attack_prevalence",
        "filter": {"wave": "latest", "attack_type": "information", "group": "all"},
        "column": "share",
        "scale": 100,
        "denominator": "131 respondents",
        "consistent": True,
    }
    fig.update(overrides)
    return fig


@pytest.fixture
def prevalence() -> pd.DataFrame:
    # Wave 1 is an older wave with a different share: `latest` must pick wave 2.
    return pd.DataFrame(
        {
            "wave": [1, 2, 2, 2, 2],
            "attack_type": ["information", "information", "information", "information", "physical"],
            "group": ["all", "all", "individual", "organization", "all"],
            "n": [100, 131, 79, 52, 131],
            "n_attacked": [50, 43, 32, 11, 28],
            "share": [0.5, 43 / 131, 32 / 79, 11 / 52, 28 / 131],
            "p_value": [None, 0.0235, None, None, 0.392],
        }
    ).astype({"p_value": "Float64"})


@pytest.fixture
def likelihood() -> pd.DataFrame:
    # Reputational 7/39/56/29 and information 7/42/57/25 of 131.
    return pd.DataFrame(
        {
            "wave": [2] * 8,
            "attack_type": ["reputational"] * 4 + ["information"] * 4,
            "group": ["all"] * 8,
            "level": [1, 2, 3, 4] * 2,
            "n": [131] * 8,
            "count": [7, 39, 56, 29, 7, 42, 57, 25],
            "share": [c / 131 for c in (7, 39, 56, 29, 7, 42, 57, 25)],
        }
    )


@pytest.fixture
def regional() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave": [2, 2, 2, 2, 2],
            "region": ["all", "AST", "ZHA", "KAR", "ALA"],
            "risk": [2.9, 6.8, 0.5, 0.7, 7.5],
            "security": [3.4, 3.0, 4.3, 4.1, 3.5],
        }
    )


def _one(figs: list[dict], tables: dict) -> dict:
    out = evaluate(figs, tables)
    assert len(out) == 1
    return out.iloc[0].to_dict()


# ----------------------------------------------------------------------------- rounding


def test_round_half_up_and_truncate_on_exact_decimals() -> None:
    # 32.85 is exactly half-way: half up gives 32.9, truncation 32.8 (float round() gives 32.8).
    assert round_printed(Decimal("32.85"), 1, "round") == Decimal("32.9")
    assert round_printed(Decimal("32.85"), 1, "truncate") == Decimal("32.8")
    assert round_printed(Decimal("81.63"), 0, "truncate") == Decimal("81")
    assert round_printed(Decimal("81.63"), 0, "round") == Decimal("82")


def test_share_0_3285_rounds_to_32_9_and_truncates_to_32_8() -> None:
    # 0.3285 * 100 is 32.849999... in binary floating point; the audit must see 32.85.
    table = pd.DataFrame({"item": ["x"], "share": [0.3285]})
    base = {"table": "t", "filter": {"item": "x"}, "column": "share", "scale": 100}
    figs = [
        _fig(id="a.round_329", value=32.9, rounding="round", **base),
        _fig(id="a.round_328", value=32.8, rounding="round", **base),
        _fig(id="a.trunc_328", value=32.8, rounding="truncate", **base),
        _fig(id="a.trunc_329", value=32.9, rounding="truncate", **base),
    ]
    out = evaluate(figs, {"t": table}).set_index("figure_id")
    assert out.loc["a.round_329", "status"] == "match"
    assert out.loc["a.round_328", "status"] == "mismatch"
    assert out.loc["a.trunc_328", "status"] == "match"
    assert out.loc["a.trunc_329", "status"] == "mismatch"
    assert out.loc["a.round_328", "computed_text"] == "32,9"
    assert out.loc["a.trunc_329", "computed_text"] == "32,8"


# ----------------------------------------------------------------------------- plain figures


def test_match_uses_latest_wave(prevalence: pd.DataFrame) -> None:
    row = _one([_fig()], {"attack_prevalence": prevalence})
    assert row["status"] == "match"
    # 43/131 = 0.328244...; scaled to percent.
    assert row["computed"] == pytest.approx(32.8244274809)
    assert row["published"] == 32.8
    assert row["published_text"] == "32,8"
    assert row["note"] == ""


def test_mismatch_says_what_was_computed(prevalence: pd.DataFrame) -> None:
    fig = _fig(value=24.1, filter={"wave": "latest", "attack_type": "physical", "group": "all"})
    row = _one([fig], {"attack_prevalence": prevalence})
    # 28/131 = 21.37 %, rounds to 21,4.
    assert row["status"] == "mismatch"
    assert row["computed_text"] == "21,4"
    assert "printed 24,1" in row["note"]


def test_explicit_older_wave(prevalence: pd.DataFrame) -> None:
    fig = _fig(value=50, decimals=0, filter={"wave": 1, "attack_type": "information", "group": "all"})
    assert _one([fig], {"attack_prevalence": prevalence})["status"] == "match"


def test_list_filter_with_aggregate_sum(likelihood: pd.DataFrame) -> None:
    possible = {"wave": "latest", "attack_type": "reputational", "group": "all", "level": [3, 4]}
    counts = _fig(
        id="l.count",
        value=85,
        decimals=0,
        unit="count",
        table="likelihood",
        filter=possible,
        column="count",
        aggregate="sum",
        scale=1,
    )
    # (56 + 29) / 131 = 64.885 %: 64,9 rounded, so the printed 64,8 is a mismatch.
    share = _fig(id="l.share", value=64.8, table="likelihood", filter=possible, aggregate="sum")
    out = evaluate([counts, share], {"likelihood": likelihood}).set_index("figure_id")
    assert out.loc["l.count", "status"] == "match"
    assert out.loc["l.count", "computed"] == 85.0
    assert out.loc["l.share", "status"] == "mismatch"
    assert out.loc["l.share", "computed_text"] == "64,9"


def test_divide_by_gives_a_share_from_counts() -> None:
    media = pd.DataFrame(
        {"tone": ["supportive", "neutral", "hostile", "uncoded", "all"], "materials": [351, 77, 2, 125, 555]}
    )
    fig = _fig(
        value=81,
        decimals=0,
        rounding="truncate",
        table="media_summary",
        filter={"tone": "supportive"},
        column="materials",
        divide_by={"filter": {"tone": ["supportive", "neutral", "hostile"]}},
    )
    row = _one([fig], {"media_summary": media})
    # 351 / 430 = 81.63 %, truncated to 81.
    assert row["status"] == "match"
    assert row["computed"] == pytest.approx(81.6279, abs=1e-4)


def test_boolean_filter_value_matches_text_column() -> None:
    shares = pd.DataFrame(
        {"item": ["police_appeal", "police_appeal"], "value": ["true", "false"], "share": [24 / 79, 55 / 79]}
    )
    fig = _fig(value=30.4, table="survey_shares", filter={"item": "police_appeal", "value": True})
    assert _one([fig], {"survey_shares": shares})["status"] == "match"


# ----------------------------------------------------------------------------- not computable


def test_missing_table_is_not_computable() -> None:
    row = _one([_fig()], {})
    assert row["status"] == "not_computable"
    assert "attack_prevalence not available" in row["note"]
    assert math.isnan(row["computed"])


def test_empty_selection_is_not_computable(prevalence: pd.DataFrame) -> None:
    fig = _fig(filter={"wave": "latest", "attack_type": "technical", "group": "all"})
    row = _one([fig], {"attack_prevalence": prevalence})
    assert row["status"] == "not_computable"
    assert "no rows" in row["note"]


def test_several_rows_without_aggregate_is_not_computable(prevalence: pd.DataFrame) -> None:
    fig = _fig(filter={"wave": "latest", "attack_type": "information"})
    row = _one([fig], {"attack_prevalence": prevalence})
    assert row["status"] == "not_computable"
    assert "3 rows" in row["note"]


def test_unknown_filter_column_is_not_computable(prevalence: pd.DataFrame) -> None:
    fig = _fig(filter={"season": "S1"})
    assert _one([fig], {"attack_prevalence": prevalence})["status"] == "not_computable"


def test_null_table_is_not_computable() -> None:
    fig = _fig(table=None, column=None, filter={}, value=16, unit="count", decimals=0, scale=1)
    row = _one([fig], {})
    assert row["status"] == "not_computable"
    assert row["table"] == ""


# ----------------------------------------------------------------------------- inconsistent


def test_inconsistent_figure_keeps_status_and_explains(prevalence: pd.DataFrame) -> None:
    match = _fig(id="i.match", consistent=False, note="printed twice differently")
    miss = _fig(id="i.miss", value=33.0, consistent=False, note="sum of rounded shares")
    out = evaluate([match, miss], {"attack_prevalence": prevalence}).set_index("figure_id")
    assert out.loc["i.match", "status"] == "match"
    assert out.loc["i.match", "note"] == "bulletin inconsistent: printed twice differently"
    assert out.loc["i.miss", "status"] == "mismatch"
    assert out.loc["i.miss", "note"].endswith("bulletin inconsistent: sum of rounded shares")
    assert not out.loc["i.miss", "consistent"]


# ----------------------------------------------------------------------------- ordinal extension


def _ordinal(**overrides: object) -> dict:
    fig = _fig(
        unit="code",
        table="regional_indices",
        filter={"wave": "latest"},
        column="risk",
        key="region",
        expect="argmax",
        value="AST",
    )
    for k in ("decimals", "rounding", "scale"):
        fig.pop(k)
    fig.update(overrides)
    return fig


def test_argmax_ignores_the_all_margin(regional: pd.DataFrame) -> None:
    # ALA (7.5) beats AST (6.8); `all` is never a candidate.
    wrong = _ordinal(id="o.ast", value="AST")
    right = _ordinal(id="o.ala", value="ALA")
    out = evaluate([wrong, right], {"regional_indices": regional}).set_index("figure_id")
    assert out.loc["o.ast", "status"] == "mismatch"
    assert out.loc["o.ast", "computed_text"] == "ALA"
    assert out.loc["o.ala", "status"] == "match"
    assert math.isnan(out.loc["o.ala", "published"])


def test_argmin_with_two_codes_is_a_set(regional: pd.DataFrame) -> None:
    lowest = _ordinal(id="o.low", expect="argmin", value=["KAR", "ZHA"])
    safest = _ordinal(id="o.safe", column="security", value=["ZHA", "KAR"])
    out = evaluate([lowest, safest], {"regional_indices": regional}).set_index("figure_id")
    assert out.loc["o.low", "status"] == "match"
    assert out.loc["o.safe", "status"] == "match"
    assert out.loc["o.low", "published_text"] == "KAR, ZHA"


def test_argmax_tie_at_the_cut_is_a_mismatch() -> None:
    table = pd.DataFrame({"region": ["AST", "PAV", "KAR"], "risk": [5.0, 5.0, 1.0]})
    fig = _ordinal(table="t", filter={}, value="AST")
    row = _one([fig], {"t": table})
    assert row["status"] == "mismatch"
    assert row["computed_text"] == "AST, PAV"


def test_order_compares_listed_keys_including_the_margin(regional: pd.DataFrame) -> None:
    above = _ordinal(id="o.above", expect="order", value=["AST", "all"])
    below = _ordinal(id="o.below", expect="order", value=["all", "AST"])
    absent = _ordinal(id="o.absent", expect="order", value=["AST", "MAN"])
    out = evaluate([above, below, absent], {"regional_indices": regional}).set_index("figure_id")
    assert out.loc["o.above", "status"] == "match"
    assert out.loc["o.below", "status"] == "mismatch"
    assert out.loc["o.absent", "status"] == "not_computable"


def test_order_with_aggregate_per_key(likelihood: pd.DataFrame) -> None:
    # Possible (levels 3+4): reputational 85/131 > information 82/131.
    fig = _ordinal(
        table="likelihood",
        filter={"wave": "latest", "level": [3, 4]},
        column="share",
        key="attack_type",
        aggregate="sum",
        expect="order",
        value=["reputational", "information"],
    )
    assert _one([fig], {"likelihood": likelihood})["status"] == "match"
    fig["value"] = ["information", "reputational"]
    assert _one([fig], {"likelihood": likelihood})["status"] == "mismatch"


def test_threshold_expectations() -> None:
    dynamics = pd.DataFrame(
        {
            "region": ["all", "all"],
            "index": ["risk", "resources"],
            "wave_from": [1, 1],
            "wave_to": [2, 2],
            "change": [0.1, -0.2],
        }
    )
    base = {"table": "index_dynamics", "column": "change", "unit": "index"}
    up = _fig(id="d.up", expect="greater", value=0, filter={"index": "risk", "wave_to": "latest"}, **base)
    down = _fig(id="d.down", expect="less", value=0, filter={"index": "resources"}, **base)
    wrong = _fig(id="d.wrong", expect="greater", value=0, filter={"index": "resources"}, **base)
    band = _fig(id="d.band", expect="between", value=[0, 0.1], filter={"index": "risk"}, **base)
    for fig in (up, down, wrong, band):
        for k in ("decimals", "rounding", "scale"):
            fig.pop(k)
    out = evaluate([up, down, wrong, band], {"index_dynamics": dynamics}).set_index("figure_id")
    assert list(out["status"]) == ["match", "match", "mismatch", "match"]
    assert out.loc["d.band", "published_text"] == "0–0,1"


# ----------------------------------------------------------------------------- validation


def test_validation_names_the_figure() -> None:
    bad = _fig(id="bad.unit", unit="percents")
    with pytest.raises(FigureError, match="bad.unit"):
        evaluate([bad], {})
    with pytest.raises(FigureError, match="no.decimals"):
        evaluate([_fig(id="no.decimals", decimals=None)], {})
    with pytest.raises(FigureError, match="needs a `note`"):
        evaluate([_fig(id="x.inconsistent", consistent=False)], {})
    with pytest.raises(FigureError, match="duplicate"):
        evaluate([_fig(), _fig()], {})
    with pytest.raises(FigureError, match="more than 1 decimals"):
        evaluate([_fig(id="x.digits", value=32.85)], {})
    with pytest.raises(FigureError, match="needs a `key`"):
        evaluate([_ordinal(id="x.key", key=None)], {})


def test_load_figures_rejects_malformed_entry(tmp_path: Path) -> None:
    path = tmp_path / "figures.yaml"
    broken = _fig(id="broken.one")
    del broken["quote"]
    path.write_text(yaml.safe_dump({"figures": [_fig(id="fine.one"), broken]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FigureError, match=r"broken\.one.*quote"):
        load_figures(path)


# ----------------------------------------------------------------------------- stage entry point


def test_run_reproduction_writes_the_contract_table(tmp_path: Path, prevalence: pd.DataFrame) -> None:
    figures = tmp_path / "figures.yaml"
    doc = {
        "figures": [
            _fig(id="ok.one"),
            _fig(
                id="ok.two",
                table="court_outcomes",
                filter={"season": "all"},
                column="ratio_against_to_for",
                unit="ratio",
                value=10,
                decimals=0,
                scale=1,
            ),
        ]
    }
    figures.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    write_table(prevalence, tmp_path / "attack_prevalence.parquet")
    out = tmp_path / "reproduction.parquet"
    inputs = {"figures": str(figures), "attack_prevalence": str(tmp_path / "attack_prevalence.parquet")}
    run_reproduction(inputs, {"reproduction": str(out)}, {})
    table = read_table(out)
    assert list(table.columns[:6]) == ["figure_id", "published", "computed", "unit", "status", "note"]
    assert list(table["status"]) == ["match", "not_computable"]
    assert table.loc[1, "note"] == "table court_outcomes not available"
