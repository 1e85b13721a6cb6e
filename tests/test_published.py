"""Checks of config/published/bulletin_2017.yaml, independent of the evaluation code."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from hrd_bulletin.metrics.reproduction import load_figures

ROOT = Path(__file__).resolve().parents[1]
FIGURES_FILE = ROOT / "config" / "published" / "bulletin_2017.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_dc090dae1599b13e.txt"

# The contract's metric tables ("Processed tables") plus the extra index_dynamics and group_indices.
TABLES = {
    "attack_prevalence",
    "likelihood",
    "survey_shares",
    "survey_stats",
    "risk_indices",
    "regional_indices",
    "incidents_by_season",
    "incidents_by_region",
    "incidents_by_settlement",
    "victim_categories",
    "threat_types",
    "threat_sources",
    "state_response",
    "court_outcomes",
    "media_summary",
    "index_levels",
    "index_dynamics",
    "group_indices",
}
UNITS = {"percent", "count", "mean", "ratio", "index", "months", "years", "usd", "rank", "p_value", "code"}
PARTS = {"intro", "I", "II", "III", "IV", "V", "conclusions"}
REQUIRED = {"id", "part", "quote", "value", "unit", "table", "filter", "column", "denominator", "consistent"}
# The contract's survey columns: the only valid `item` values of survey_shares / survey_stats.
SURVEY_COLUMNS = {
    "region",
    "respondent_type",
    "gender",
    "ethnicity",
    "education",
    "experience_years",
    "civic_activist",
    "employment",
    "specializations",
    "attacks_information",
    "attacks_reputational",
    "attacks_physical",
    "attacks_technical",
    "threats",
    "police_appeal",
    "police_appeal_result",
    "security_self_rating",
    "likelihood_information",
    "likelihood_reputational",
    "likelihood_physical",
    "likelihood_technical",
    "coalition_member",
    "security_training",
    "needs_training",
    "needs_information",
    "has_security_protocol",
    "has_alarm",
    "access_locks",
    "access_secure_comms",
    "needs_financial_advice",
    "secure_exchange",
    "media_access",
    "projects_per_year",
    "annual_budget_usd",
    "cooperates_with_state",
    "tax_reports_on_time",
    "taxes_paid_on_time",
    "accounting_records_kept",
    "licensed_software",
    "has_safe",
}
REGIONS = {
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
    "all",
    "national",
}
SETTLEMENTS = {"Алматы", "Астана", "Павлодар", "Костанай", "Петропавловск", "Актобе", "Уральск"}


@pytest.fixture(scope="module")
def figures() -> list[dict]:
    return yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8"))["figures"]


def _values(filt: dict, col: str) -> list:
    wanted = filt.get(col)
    if wanted is None:
        return []
    return wanted if isinstance(wanted, list) else [wanted]


def test_file_loads_through_the_validator() -> None:
    assert len(load_figures(FIGURES_FILE)) >= 90


def test_at_least_90_figures_with_unique_ids(figures: list[dict]) -> None:
    ids = [f["id"] for f in figures]
    assert len(ids) >= 90
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*", i) for i in ids)


def test_required_keys_units_parts_tables(figures: list[dict]) -> None:
    for f in figures:
        assert set(f) >= REQUIRED, f["id"]
        assert f["unit"] in UNITS, f["id"]
        assert f["part"] in PARTS, f["id"]
        assert f["table"] is None or f["table"] in TABLES, f["id"]
        assert isinstance(f["consistent"], bool), f["id"]
        if f.get("expect", "equal") == "equal":
            assert isinstance(f["decimals"], int) and f["rounding"] in {"round", "truncate"}, f["id"]


def test_every_part_is_covered(figures: list[dict]) -> None:
    assert {"I", "II", "III", "IV", "V", "conclusions"} <= {f["part"] for f in figures}


def test_inconsistent_figures_have_notes(figures: list[dict]) -> None:
    inconsistent = [f for f in figures if not f["consistent"]]
    assert all(str(f.get("note") or "").strip() for f in inconsistent)
    # The contradictions known from the reading notes are all flagged.
    flagged = {f["id"] for f in inconsistent}
    assert {
        "incidents.change.s2",
        "survey.experience.max.all",
        "levels.vulnerability.high",
        "levels.risk.low",
        "courts.ratio.printed",
        "settlements.astana.all",
        "likelihood.reputational.possible",
        "likelihood.technical.possible",
        "attacks.physical.significant",
        "victims.ngo.s2",
        "victims.lawyer.s2",
        "media.tone.hostile.share",
    } <= flagged


def test_filters_use_contract_codes(figures: list[dict]) -> None:
    for f in figures:
        filt = f["filter"] or {}
        if f["table"] in {"survey_shares", "survey_stats"}:
            assert set(_values(filt, "item")) <= SURVEY_COLUMNS, f["id"]
        assert set(_values(filt, "region")) <= REGIONS, f["id"]
        assert set(_values(filt, "settlement")) <= SETTLEMENTS, f["id"]
        assert set(_values(filt, "group")) <= {"individual", "organization", "all"}, f["id"]
        assert set(_values(filt, "season")) <= {"S1", "S2", "all"}, f["id"]


def test_headline_figures_are_pinned(figures: list[dict]) -> None:
    by_id = {f["id"]: f for f in figures}
    assert by_id["attacks.information.share.all"]["value"] == 32.8
    assert by_id["incidents.count.all"]["value"] == 967
    assert by_id["media.tone.supportive.share"]["rounding"] == "truncate"
    assert by_id["indices.risk.highest_region"]["value"] == "AST"
    assert by_id["survey.security_training.no"]["filter"]["value"] == "false"


@pytest.mark.skipif(not SEED.exists(), reason="bulletin text not available")
def test_quotes_are_exact_from_the_bulletin(figures: list[dict]) -> None:
    # Join the PDF's hyphenated line breaks, then collapse whitespace.
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", s))

    text = norm(SEED.read_text(encoding="utf-8"))
    missing = [f["id"] for f in figures if norm(f["quote"]) not in text]
    assert missing == []
