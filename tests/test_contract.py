"""The contract's datapackage.json: valid Frictionless, complete, and in step with the contract doc."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import frictionless
import pandas as pd
import pandera.pandas as pa
import pytest

from hrd_bulletin import contract

PACKAGE_JSON = Path(str(resources.files("hrd_bulletin.contract").joinpath("datapackage.json")))

# The column lists of ../shared/spec/data-contract.md, copied by hand.
CONTRACT_COLUMNS = {
    "survey": [
        "respondent_id",
        "wave",
        "interview_date",
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
    ],
    "incidents": [
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
    ],
    "violations": ["incident_id", "threat_type"],
    "court_cases": ["case_id", "incident_id", "decision_date", "case_type", "hrd_role", "outcome"],
    "media": ["material_id", "date", "region", "channel", "outlet", "tone", "incident_id", "url"],
    "regions": ["code", "name_ru", "name_en", "kind"],
    "threat_types": ["code", "category", "label_ru", "label_en"],
    "threat_categories": ["code", "label_ru", "label_en"],
    "victim_categories": ["code", "label_ru", "label_en"],
    "actors": ["code", "label_ru", "label_en", "is_state"],
}

CONTRACT_ENUMS = {
    ("survey", "respondent_type"): ["individual", "organization"],
    ("survey", "gender"): ["female", "male"],
    ("survey", "ethnicity"): ["kazakh", "russian", "other"],
    ("survey", "education"): ["higher", "vocational", "secondary"],
    ("survey", "employment"): ["labour_contract", "service_contract", "sole_proprietor", "none"],
    ("survey", "police_appeal_result"): ["no_action", "no_violation_found", "action_taken"],
    ("survey", "coalition_member"): ["yes", "no", "unaware"],
    ("survey", "secure_exchange"): ["yes", "no", "unknown"],
    ("incidents", "state_response"): ["none", "formal", "effective"],
    ("court_cases", "case_type"): ["criminal", "civil", "administrative"],
    ("court_cases", "hrd_role"): ["defendant", "plaintiff"],
    ("court_cases", "outcome"): ["against_hrd", "for_hrd", "pending", "other"],
    ("media", "channel"): ["press", "social", "hrd_site"],
    ("media", "tone"): ["supportive", "neutral", "hostile"],
    ("regions", "kind"): ["oblast", "city"],
}

CONTRACT_REFERENCES = {
    ("survey", "region"): "regions",
    ("incidents", "region"): "regions",
    ("incidents", "victim_category"): "victim_categories",
    ("incidents", "source_actor"): "actors",
    ("violations", "threat_type"): "threat_types",
    ("media", "region"): "regions",
    ("threat_types", "category"): "threat_categories",
}


def test_datapackage_is_valid_frictionless() -> None:
    report = frictionless.Package.validate_descriptor(str(PACKAGE_JSON))
    assert report.valid, report.flatten(["type", "note"])
    package = frictionless.Package(str(PACKAGE_JSON))
    assert [r.name for r in package.resources] == [
        "survey",
        "incidents",
        "violations",
        "court_cases",
        "media",
        "regions",
        "threat_types",
        "threat_categories",
        "victim_categories",
        "actors",
    ]


def test_validation_catches_a_broken_descriptor() -> None:
    broken = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    broken["resources"][1]["schema"]["fields"][1]["type"] = "datum"
    assert not frictionless.Package.validate_descriptor(broken).valid


def test_table_names_and_paths() -> None:
    assert contract.RAW_TABLES == ("survey", "incidents", "violations", "court_cases", "media")
    assert contract.REFERENCE_TABLES == ("regions", "threat_types", "threat_categories", "victim_categories", "actors")
    assert contract.path("media") == "media.csv"
    assert contract.path("actors") == "reference/actors.csv"


@pytest.mark.parametrize("table", list(CONTRACT_COLUMNS))
def test_every_contract_column_present(table: str) -> None:
    assert contract.columns(table) == CONTRACT_COLUMNS[table]


def test_enums_match_the_contract_doc() -> None:
    found = {
        (t, c): contract.enum_of(t, c)
        for t in CONTRACT_COLUMNS
        for c in contract.columns(t)
        if contract.enum_of(t, c) is not None
    }
    assert found == CONTRACT_ENUMS
    assert contract.multi_select_of("survey", "specializations") == [
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


def test_foreign_keys() -> None:
    found = {
        (t, c): contract.reference_of(t, c)
        for t in CONTRACT_COLUMNS
        for c in contract.columns(t)
        if contract.reference_of(t, c)
    }
    assert found == CONTRACT_REFERENCES
    to_incidents = [
        t
        for t in contract.RAW_TABLES
        if any(fk["reference"]["resource"] == "incidents" for fk in contract.foreign_keys(t))
    ]
    assert to_incidents == ["violations", "court_cases", "media"]
    assert contract.primary_key("violations") == ["incident_id", "threat_type"]
    assert contract.primary_key("survey") == ["respondent_id", "wave"]


def test_custom_rules() -> None:
    survey = contract.columns("survey")
    individual = [c for c in survey if contract.applies_to("survey", c) == "individual"]
    organization = [c for c in survey if contract.applies_to("survey", c) == "organization"]
    assert individual == ["civic_activist", "employment", "media_access"]
    assert organization == [
        "projects_per_year",
        "annual_budget_usd",
        "cooperates_with_state",
        "tax_reports_on_time",
        "taxes_paid_on_time",
        "accounting_records_kept",
        "licensed_software",
        "has_safe",
    ]
    assert contract.requires("survey", "police_appeal_result") == "police_appeal"
    assert {t: contract.season_date(t) for t in contract.RAW_TABLES} == {
        "survey": None,
        "incidents": "date",
        "violations": None,
        "court_cases": "decision_date",
        "media": "date",
    }
    assert contract.case_of("incidents", "region") == "upper"
    assert contract.case_of("incidents", "source_actor") == "lower"


def test_every_field_and_resource_is_documented_in_both_languages() -> None:
    for table in (*contract.RAW_TABLES, *contract.REFERENCE_TABLES):
        res = contract.resource(table)
        assert res["title"] and res["title_ru"] and res["description"] and res["description_ru"]
        for name in contract.columns(table):
            spec = contract.field(table, name)
            assert spec["description"] and spec["description_ru"], (table, name)


def test_clean_dtypes() -> None:
    assert contract.clean_dtype("incidents", "date") == "datetime64[ms]"
    assert contract.clean_dtype("incidents", "region") == "category"
    assert contract.clean_dtype("incidents", "complaint_filed") == "boolean"
    assert contract.clean_dtype("survey", "annual_budget_usd") == "Float64"
    assert contract.clean_dtype("survey", "wave") == "Int64"
    assert contract.clean_dtype("survey", "specializations") == "str"
    # reference tables keep plain text codes
    assert contract.clean_dtype("threat_types", "category") == "str"


@pytest.mark.parametrize("table", [*contract.RAW_TABLES, *contract.REFERENCE_TABLES])
def test_pandera_schema_built_for_every_table(table: str) -> None:
    schema = contract.pandera_schema(table)
    assert [c for c in schema.columns if c != "season"] == CONTRACT_COLUMNS[table]


def test_pandera_schema_checks_the_contract_constraints() -> None:
    reference = {"threat_types": pd.DataFrame({"code": ["search", "censorship"]})}
    good = pd.DataFrame(
        {
            "incident_id": pd.Series(["I1", "I2"], dtype="str"),
            "threat_type": pd.Categorical(["search", "censorship"], categories=["search", "censorship"]),
        }
    )
    schema = contract.pandera_schema("violations", reference)
    schema.validate(good)
    bad = good.assign(threat_type=pd.Categorical(["search", "hacking"], categories=["search", "censorship", "hacking"]))
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(bad)
    duplicated = pd.concat([good, good.iloc[:1]], ignore_index=True)
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(duplicated)
    contract.pandera_schema("violations", reference, unique=False).validate(duplicated)

    survey = contract.pandera_schema("survey")
    assert str(survey.columns["security_self_rating"].dtype) == "Int64"
    rating = survey.columns["security_self_rating"]
    rating.validate(pd.DataFrame({"security_self_rating": pd.array([1, 5, None], dtype="Int64")}))
    with pytest.raises(pa.errors.SchemaError):
        rating.validate(pd.DataFrame({"security_self_rating": pd.array([6], dtype="Int64")}))
    spec = survey.columns["specializations"]
    spec.validate(pd.DataFrame({"specializations": pd.Series(["civil;hiv", None], dtype="str")}))
    with pytest.raises(pa.errors.SchemaError):
        spec.validate(pd.DataFrame({"specializations": pd.Series(["civil;football"], dtype="str")}))


def test_bundled_copy_matches_the_package() -> None:
    bundled = Path(__file__).resolve().parents[1] / "data" / "raw" / "datapackage.json"
    if not bundled.is_file():
        pytest.skip("data/raw/datapackage.json not bundled yet")
    assert json.loads(bundled.read_text(encoding="utf-8")) == json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
