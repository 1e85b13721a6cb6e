"""Bad-input corpus: the bundled data with ONE rule broken per case, generated here in tmp_path.

Row-level problems: ingest succeeds, exactly the broken row is rejected with its line and a reason
naming the column, and raw = clean + rejected. File-level problems: one-line DataError/ConfigError
naming file, line and column where they exist. A handful run the real Snakemake workflow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from hrd_bulletin import config as config_module
from hrd_bulletin import contract, ingest
from hrd_bulletin.errors import ConfigError, DataError
from hrd_bulletin.io import read_table

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "raw"
WORKFLOW_FILES = ["Snakefile", "rules", "scripts", "config", "environment.yml", "content"]
SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
]
SEASON_TEXT = "S1 2015-08-01..2016-04-30; S2 2016-05-01..2017-03-31"
NEEDS_INCIDENTS = {t for t in contract.RAW_TABLES if "incidents" in contract.raw_parents(t)}

INT = "expected an integer"
NUM = "expected a number (decimal point or comma)"
DATE = "expected a date YYYY-MM-DD or DD.MM.YYYY"
BOOL = "expected a boolean (1/0, true/false, yes/no, да/нет)"
REQUIRED = "a value is required, found an empty cell"
SEASON = f"expected a date within a season ({SEASON_TEXT})"
NO_INCIDENT = "expected an incident_id of the clean incidents"


# --------------------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="module")
def reference() -> dict[str, pd.DataFrame]:
    return ingest.load_reference(BUNDLED / "reference")


@pytest.fixture(scope="module")
def incidents(reference) -> pd.DataFrame:
    return ingest.clean_table("incidents", ingest.read_raw(BUNDLED / "incidents.csv"), reference, SEASONS).clean


# The bundled survey is re-derived from time to time: its first three rows are pinned here.
SURVEY_HEADER = contract.columns("survey")
PINNED_SURVEY = [  # lines 2, 3, 4
    "T0001,1,2015-09-01,KUS,organization,male,kazakh,higher,5,,,civil;family;children,1,1,1,1,3,false,,3,"
    "2,3,2,3,no,false,true,false,false,false,false,false,true,yes,,5,800,true,true,true,true,true,true",
    "T0002,1,2015-10-18,AKT,individual,female,russian,higher,11,true,none,political;gender,3,1,0,0,8,true,"
    "no_violation_found,2,3,4,2,3,no,false,true,false,false,false,false,true,true,unknown,true,,,,,,,,",
    "T0003,1,2015-12-04,KUS,individual,female,russian,higher,2,true,none,political;gender,0,0,0,0,0,false,,"
    "4,1,1,3,1,yes,true,true,true,false,false,true,true,false,no,true,,,,,,,,",
]


@cache
def bundled_text(table: str) -> pd.DataFrame:
    frame = pd.read_csv(BUNDLED / f"{table}.csv", dtype=str, keep_default_na=False)
    if table == "survey":
        for i, row in enumerate(PINNED_SURVEY):
            frame.loc[i, SURVEY_HEADER] = row.split(",")
    return frame


def with_cell(tmp_path: Path, table: str, line: int, column: str, value: str) -> Path:
    """A copy of the bundled table with the cell on file line ``line`` (header = 1) replaced."""
    frame = bundled_text(table).copy()
    frame.loc[line - 2, column] = value
    path = tmp_path / f"{table}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def ingest_file(path: Path, table: str, reference, incidents) -> ingest.IngestResult:
    return ingest.clean_table(
        table, ingest.read_raw(path), reference, SEASONS, incidents if table in NEEDS_INCIDENTS else None
    )


def bad(table: str, line: int, column: str, value: str, kind: str, expected: str):
    return pytest.param(
        table, line, column, value, kind, f"{expected}, found '{value}'", id=f"{table}.{column}:{kind}:{value}"
    )


def missing(table: str, line: int, column: str):
    return pytest.param(table, line, column, "", "required", REQUIRED, id=f"{table}.{column}:required")


def rule(table: str, line: int, column: str, value: str, kind: str, message: str):
    return pytest.param(table, line, column, value, kind, message, id=f"{table}.{column}:{kind}:{value}")


# Survey lines: 2 = T0001 organization; 3 = T0002 individual who turned to the police;
# 4 = T0003 individual who did not.
ROW_CASES = [
    # -- survey: wrong type
    bad("survey", 4, "wave", "two", "type", INT),
    bad("survey", 4, "interview_date", "вчера", "type", DATE),
    bad("survey", 4, "experience_years", "5 лет", "type", INT),
    bad("survey", 4, "civic_activist", "maybe", "type", BOOL),
    bad("survey", 4, "attacks_information", "1.5", "type", INT),
    bad("survey", 4, "attacks_reputational", "x", "type", INT),
    bad("survey", 4, "attacks_physical", "two", "type", INT),
    bad("survey", 4, "attacks_technical", "1e3", "type", INT),
    bad("survey", 4, "threats", "many", "type", INT),
    bad("survey", 4, "police_appeal", "perhaps", "type", BOOL),
    bad("survey", 4, "security_self_rating", "high", "type", INT),
    bad("survey", 4, "likelihood_information", "3,5", "type", INT),
    bad("survey", 4, "likelihood_reputational", "?", "type", INT),
    bad("survey", 4, "likelihood_physical", "n/a", "type", INT),
    bad("survey", 4, "likelihood_technical", "—", "type", INT),
    bad("survey", 4, "security_training", "2", "type", BOOL),
    bad("survey", 4, "needs_training", "y", "type", BOOL),
    bad("survey", 4, "needs_information", "нету", "type", BOOL),
    bad("survey", 4, "has_security_protocol", "-", "type", BOOL),
    bad("survey", 4, "has_alarm", "on", "type", BOOL),
    bad("survey", 4, "access_locks", "True?", "type", BOOL),
    bad("survey", 4, "access_secure_comms", "ok", "type", BOOL),
    bad("survey", 4, "needs_financial_advice", "10", "type", BOOL),
    bad("survey", 4, "media_access", "иногда", "type", BOOL),
    bad("survey", 2, "projects_per_year", "five", "type", INT),
    bad("survey", 2, "annual_budget_usd", "800$", "type", NUM),
    bad("survey", 2, "cooperates_with_state", "partly", "type", BOOL),
    bad("survey", 2, "tax_reports_on_time", "late", "type", BOOL),
    bad("survey", 2, "taxes_paid_on_time", "n", "type", BOOL),
    bad("survey", 2, "accounting_records_kept", "2016", "type", BOOL),
    bad("survey", 2, "licensed_software", "unknown", "type", BOOL),
    bad("survey", 2, "has_safe", "сейф", "type", BOOL),
    # -- survey: out of range
    bad("survey", 4, "wave", "0", "range", "expected a value >= 1"),
    bad("survey", 4, "experience_years", "-1", "range", "expected a value >= 0"),
    bad("survey", 4, "attacks_information", "-1", "range", "expected a value >= 0"),
    bad("survey", 4, "attacks_reputational", "-2", "range", "expected a value >= 0"),
    bad("survey", 4, "attacks_physical", "-1", "range", "expected a value >= 0"),
    bad("survey", 4, "attacks_technical", "-5", "range", "expected a value >= 0"),
    bad("survey", 4, "threats", "-3", "range", "expected a value >= 0"),
    bad("survey", 4, "security_self_rating", "6", "range", "expected a value from 1 to 5"),
    bad("survey", 4, "security_self_rating", "0", "range", "expected a value from 1 to 5"),
    bad("survey", 4, "likelihood_information", "5", "range", "expected a value from 1 to 4"),
    bad("survey", 4, "likelihood_reputational", "0", "range", "expected a value from 1 to 4"),
    bad("survey", 4, "likelihood_physical", "9", "range", "expected a value from 1 to 4"),
    bad("survey", 4, "likelihood_technical", "-1", "range", "expected a value from 1 to 4"),
    bad("survey", 2, "projects_per_year", "-2", "range", "expected a value >= 0"),
    bad("survey", 2, "annual_budget_usd", "-800", "range", "expected a value >= 0"),
    # -- survey: unknown code
    bad("survey", 4, "region", "XYZ", "reference", "expected a code of the reference table regions"),
    bad("survey", 4, "respondent_type", "person", "enum", "expected one of individual, organization"),
    bad("survey", 4, "gender", "other", "enum", "expected one of female, male"),
    bad("survey", 4, "ethnicity", "uzbek", "enum", "expected one of kazakh, russian, other"),
    bad("survey", 4, "education", "primary", "enum", "expected one of higher, vocational, secondary"),
    bad(
        "survey",
        4,
        "employment",
        "freelance",
        "enum",
        "expected one of labour_contract, service_contract, sole_proprietor, none",
    ),
    rule(
        "survey",
        4,
        "specializations",
        "civil;astrology",
        "multi-select",
        "expected ;-separated options among civil, political, family, gender, labour, children, "
        "disability, prisoners, hiv, other, found unknown 'astrology'",
    ),
    bad(
        "survey",
        3,
        "police_appeal_result",
        "ignored",
        "enum",
        "expected one of no_action, no_violation_found, action_taken",
    ),
    bad("survey", 4, "coalition_member", "maybe", "enum", "expected one of yes, no, unaware"),
    bad("survey", 4, "secure_exchange", "sometimes", "enum", "expected one of yes, no, unknown"),
    # -- survey: missing required value, duplicate id, rules across columns
    missing("survey", 4, "respondent_id"),
    missing("survey", 4, "wave"),
    missing("survey", 4, "region"),
    missing("survey", 4, "respondent_type"),
    rule(
        "survey",
        2,
        "media_access",
        "true",
        "applies to",
        "asked of individual respondents only, found 'true' for respondent_type 'organization'",
    ),
    rule(
        "survey",
        4,
        "projects_per_year",
        "3",
        "applies to",
        "asked of organization respondents only, found '3' for respondent_type 'individual'",
    ),
    rule(
        "survey",
        4,
        "police_appeal_result",
        "no_action",
        "requires",
        "filled only when police_appeal is true, found 'no_action' with police_appeal 'false'",
    ),
    # -- incidents (line 6 = I000005)
    missing("incidents", 6, "incident_id"),
    missing("incidents", 6, "date"),
    bad("incidents", 6, "date", "yesterday", "type", DATE),
    bad("incidents", 6, "date", "31.02.2016", "type", DATE),
    bad("incidents", 6, "date", "2016-02-30", "type", DATE),
    bad("incidents", 6, "date", "2016-13-01", "type", DATE),
    bad("incidents", 6, "date", "2014-12-31", "season", SEASON),
    bad("incidents", 6, "date", "2017-04-01", "season", SEASON),
    bad("incidents", 6, "date", "31.07.2015", "season", SEASON),
    missing("incidents", 6, "region"),
    bad("incidents", 6, "region", "XXX", "reference", "expected a code of the reference table regions"),
    missing("incidents", 6, "victim_category"),
    bad(
        "incidents",
        6,
        "victim_category",
        "politician",
        "reference",
        "expected a code of the reference table victim_categories",
    ),
    missing("incidents", 6, "source_actor"),
    bad("incidents", 6, "source_actor", "aliens", "reference", "expected a code of the reference table actors"),
    bad("incidents", 6, "state_response", "ignored", "enum", "expected one of none, formal, effective"),
    bad("incidents", 6, "complaint_filed", "maybe", "type", BOOL),
    # -- violations (line 6 = I000005, threats_pressure)
    missing("violations", 6, "incident_id"),
    bad("violations", 6, "incident_id", "I999999", "incident not found", NO_INCIDENT),
    missing("violations", 6, "threat_type"),
    bad(
        "violations",
        6,
        "threat_type",
        "alien_abduction",
        "reference",
        "expected a code of the reference table threat_types",
    ),
    # -- court cases (line 5 = C00004, incident I000081)
    missing("court_cases", 5, "case_id"),
    bad("court_cases", 5, "incident_id", "I999999", "incident not found", NO_INCIDENT),
    missing("court_cases", 5, "decision_date"),
    bad("court_cases", 5, "decision_date", "13/10/2015", "type", DATE),
    bad("court_cases", 5, "decision_date", "2017-06-01", "season", SEASON),
    bad("court_cases", 5, "case_type", "appeal", "enum", "expected one of criminal, civil, administrative"),
    bad("court_cases", 5, "hrd_role", "witness", "enum", "expected one of defendant, plaintiff"),
    missing("court_cases", 5, "outcome"),
    bad("court_cases", 5, "outcome", "won", "enum", "expected one of against_hrd, for_hrd, pending, other"),
    # -- media (line 8 = M00007, incident I000004)
    missing("media", 8, "material_id"),
    missing("media", 8, "date"),
    bad("media", 8, "date", "13.08.15", "type", DATE),
    bad("media", 8, "date", "2015-07-31", "season", SEASON),
    bad("media", 8, "region", "QQQ", "reference", "expected a code of the reference table regions"),
    missing("media", 8, "channel"),
    bad("media", 8, "channel", "radio", "enum", "expected one of press, social, hrd_site"),
    bad("media", 8, "tone", "angry", "enum", "expected one of supportive, neutral, hostile"),
    bad("media", 8, "incident_id", "I999999", "incident not found", NO_INCIDENT),
]


# A repeated identifier rejects BOTH rows (neither is known to be right): (table, line, column,
# value copied from line 2, message). Line 2's row is the first of each table.
DUPLICATE_CASES = [
    pytest.param(
        "survey",
        4,
        "respondent_id",
        "T0001",
        "identifier (respondent_id, wave) (T0001, 1) used by the rows on lines 2 and 4",
        id="survey",
    ),
    pytest.param(
        "incidents",
        6,
        "incident_id",
        "I000001",
        "identifier 'I000001' used by the rows on lines 2 and 6",
        id="incidents",
    ),
    pytest.param(
        "violations",
        6,
        "incident_id",
        "I000001",
        "identifier (incident_id, threat_type) (I000001, threats_pressure) used by the rows on lines 2 and 6",
        id="violations",
    ),
    pytest.param(
        "court_cases", 5, "case_id", "C00001", "identifier 'C00001' used by the rows on lines 2 and 5", id="court_cases"
    ),
    pytest.param(
        "media", 8, "material_id", "M00001", "identifier 'M00001' used by the rows on lines 2 and 8", id="media"
    ),
]


@pytest.mark.parametrize("table,line,column,value,message", DUPLICATE_CASES)
def test_a_repeated_identifier_rejects_every_row_sharing_it(
    tmp_path, reference, incidents, table, line, column, value, message
):
    result = ingest_file(with_cell(tmp_path, table, line, column, value), table, reference, incidents)
    assert result.rejected["line"].tolist() == [2, line]
    assert result.rejected["reason"].tolist() == [f"column '{column}': {message}"] * 2
    assert result.failures[["line", "kind", "detail"]].values.tolist() == [
        [2, "duplicate key", f"2, {line}"],
        [line, "duplicate key", f"2, {line}"],
    ]
    total = len(bundled_text(table))
    assert (result.summary["raw_rows"], result.summary["clean_rows"], result.summary["rejected_rows"]) == (
        total,
        total - 2,
        2,
    )


# --------------------------------------------------------------------------- row-level corpus
@pytest.mark.parametrize("table,line,column,value,kind,message", ROW_CASES)
def test_one_bad_cell_rejects_exactly_its_row(
    tmp_path, reference, incidents, table, line, column, value, kind, message
):
    result = ingest_file(with_cell(tmp_path, table, line, column, value), table, reference, incidents)
    rejected = result.rejected
    assert rejected["line"].tolist() == [line]
    assert rejected["column"].tolist() == [column]
    assert rejected["reason"].tolist() == [f"column '{column}': {message}"]
    assert rejected[column].tolist() == [value]  # the raw text as written
    assert result.failures[["line", "column", "kind"]].values.tolist() == [[line, column, kind]]
    total = len(bundled_text(table))  # rows of the file, counted by pandas
    assert (result.summary["raw_rows"], result.summary["clean_rows"], result.summary["rejected_rows"]) == (
        total,
        total - 1,
        1,
    )
    assert len(result.clean) == total - 1


def test_the_pinned_base_is_clean(tmp_path, reference, incidents):
    assert all(len(row.split(",")) == len(SURVEY_HEADER) for row in PINNED_SURVEY)
    for table in contract.RAW_TABLES:
        path = tmp_path / f"{table}.csv"
        bundled_text(table).to_csv(path, index=False)
        assert ingest_file(path, table, reference, incidents).rejected.empty


def test_corpus_covers_every_column_where_a_rule_applies():
    cases = {(p.values[0], p.values[2], p.values[4]) for p in ROW_CASES}
    cases |= {(p.values[0], p.values[2], "duplicate key") for p in DUPLICATE_CASES}
    wanted = set()
    for table in contract.RAW_TABLES:
        for column in contract.columns(table):
            spec = contract.field(table, column)
            cons = spec.get("constraints", {})
            if spec["type"] != "string":
                wanted.add((table, column, "type"))
            if "minimum" in cons or "maximum" in cons:
                wanted.add((table, column, "range"))
            if contract.enum_of(table, column) is not None:
                wanted.add((table, column, "enum"))
            if contract.reference_of(table, column) is not None:
                wanted.add((table, column, "reference"))
            if contract.multi_select_of(table, column) is not None:
                wanted.add((table, column, "multi-select"))
            if cons.get("required"):
                wanted.add((table, column, "required"))
        wanted.add((table, contract.primary_key(table)[0], "duplicate key"))
        if contract.season_date(table) is not None:
            wanted.add((table, contract.season_date(table), "season"))
    for table in NEEDS_INCIDENTS:
        wanted.add((table, "incident_id", "incident not found"))
    assert wanted - cases == set()
    assert len(ROW_CASES) + len(DUPLICATE_CASES) >= 100


def test_a_rejected_incident_takes_its_violations_and_media_with_it(tmp_path, reference):
    # I000004 (line 5) has one violation (violations.csv line 5) and one material (media.csv line 8)
    path = with_cell(tmp_path, "incidents", 5, "region", "XXX")
    clean = ingest_file(path, "incidents", reference, None).clean
    violations = ingest_file(BUNDLED / "violations.csv", "violations", reference, clean)
    assert violations.rejected["line"].tolist() == [5]
    assert violations.rejected["reason"].tolist() == [f"column 'incident_id': {NO_INCIDENT}, found 'I000004'"]
    media = ingest_file(BUNDLED / "media.csv", "media", reference, clean)
    assert media.rejected["line"].tolist() == [8]
    assert (media.summary["clean_rows"], media.summary["rejected_rows"]) == (554, 1)


# --------------------------------------------------------------------------- file shape: row-level
def incidents_bytes() -> bytes:
    return (BUNDLED / "incidents.csv").read_bytes()


def test_truncated_last_line_is_a_bad_row(tmp_path, reference):
    data = incidents_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    assert data[last:].startswith(b"I000967,2017-03-30,SEV,")
    path = tmp_path / "incidents.csv"
    path.write_bytes(data[: last + len(b"I000967,2017-03-30,SEV,")])
    result = ingest_file(path, "incidents", reference, None)
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [968, "expected 11 fields as in the header, found 4 fields"]
    ]
    assert result.rejected["incident_id"].tolist() == ["I000967"]
    assert result.failures[["line", "kind", "expected", "found"]].values.tolist() == [[968, "field count", "11", "4"]]
    assert (result.summary["raw_rows"], result.summary["clean_rows"]) == (967, 966)


def test_mixed_delimiters_reject_the_odd_row(tmp_path, reference):
    lines = incidents_bytes().decode("utf-8").split("\n")
    assert lines[5].startswith("I000005,")
    lines[5] = lines[5].replace(",", ";")
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = ingest_file(path, "incidents", reference, None)
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [6, "expected 11 fields as in the header, found 1 fields"]
    ]
    assert (result.summary["raw_rows"], result.summary["clean_rows"], result.summary["rejected_rows"]) == (967, 966, 1)


def test_header_only_file_gives_an_empty_table(tmp_path, reference):
    path = tmp_path / "court_cases.csv"
    path.write_bytes((BUNDLED / "court_cases.csv").read_bytes().split(b"\n")[0] + b"\n")
    result = ingest_file(path, "court_cases", reference, pd.DataFrame({"incident_id": pd.Series([], dtype="str")}))
    assert (len(result.clean), len(result.rejected), result.summary["raw_rows"]) == (0, 0, 0)
    assert list(result.clean.columns) == [*contract.columns("court_cases"), "season"]


def test_extra_unknown_column_is_kept_out_and_reported(tmp_path, reference):
    frame = bundled_text("incidents").copy()
    frame.insert(3, "monitor_note", "проверено")
    path = tmp_path / "incidents.csv"
    frame.to_csv(path, index=False)
    result = ingest_file(path, "incidents", reference, None)
    assert "monitor_note" not in result.clean.columns
    assert result.summary["extra_columns"] == ["monitor_note"]
    assert (len(result.clean), len(result.rejected)) == (967, 0)


def test_missing_optional_column_is_all_missing(tmp_path, reference):
    frame = bundled_text("incidents").drop(columns=["settlement"])
    path = tmp_path / "incidents.csv"
    frame.to_csv(path, index=False)
    result = ingest_file(path, "incidents", reference, None)
    assert (len(result.clean), len(result.rejected)) == (967, 0)
    assert result.clean["settlement"].isna().all()


# --------------------------------------------------------------------------- file-level errors
def raises_one_line(exc_type, func, *args) -> str:
    with pytest.raises(exc_type) as err:
        func(*args)
    text = str(err.value)
    assert "\n" not in text
    return text


def test_empty_file(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"")
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}: empty file (0 bytes); expected at least a header row"
    )


def test_blank_first_line(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"\n" + (BUNDLED / "survey.csv").read_bytes())
    assert raises_one_line(DataError, ingest.read_raw, path) == (f"{path}:1: no header row (the first line is empty)")


def test_utf16_with_and_without_bom(tmp_path):
    text = (BUNDLED / "violations.csv").read_text(encoding="utf-8")
    path = tmp_path / "violations.csv"
    path.write_bytes(text.encode("utf-16"))
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}:1: not a text CSV in UTF-8 or Windows-1251 (found a UTF-16/32 byte-order mark)"
    )
    path.write_bytes(text.encode("utf-16-le"))
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}: not a text CSV in UTF-8 or Windows-1251 (found NUL bytes: UTF-16 or binary data)"
    )


def test_binary_garbage(tmp_path):
    path = tmp_path / "media.csv"
    noise = np.random.default_rng(0).integers(1, 256, 4000, dtype=np.uint8).tobytes()
    path.write_bytes(noise)
    message = raises_one_line(DataError, ingest.read_raw, path)
    assert message.startswith(f"{path}:")
    assert message.endswith("not a text CSV in UTF-8 or Windows-1251 (invalid UTF-8 from this line on)")
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}: not a text CSV in UTF-8 or Windows-1251 (found NUL bytes: UTF-16 or binary data)"
    )


def test_truncated_inside_a_character(tmp_path):
    data = incidents_bytes()
    cut = data.rfind("пострадавший".encode()) + 1  # half of the two-byte "п"
    path = tmp_path / "incidents.csv"
    path.write_bytes(data[:cut])
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}:968: the file ends in the middle of a UTF-8 character (truncated copy?)"
    )


def test_missing_required_column(tmp_path, reference):
    path = tmp_path / "incidents.csv"
    bundled_text("incidents").drop(columns=["region"]).to_csv(path, index=False)
    raw = ingest.read_raw(path)
    assert raises_one_line(DataError, ingest.clean_table, "incidents", raw, reference, SEASONS) == (
        f"{path}:1: column 'region': missing required column"
    )


def test_duplicate_column_name(tmp_path):
    path = tmp_path / "violations.csv"
    path.write_text("incident_id,threat_type,threat_type\nI000001,search,search\n", encoding="utf-8")
    assert raises_one_line(DataError, ingest.read_raw, path) == (
        f"{path}:1: column 'threat_type': duplicate column name in the header"
    )


def test_missing_reference_table(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(BUNDLED / "reference", ref)
    (ref / "victim_categories.csv").unlink()
    assert raises_one_line(DataError, ingest.load_reference, ref) == (
        f"{ref / 'victim_categories.csv'}: missing reference table 'victim_categories'"
    )


def test_duplicate_code_in_a_reference_table(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(BUNDLED / "reference", ref)
    lines = (ref / "regions.csv").read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace("AKT,", "AKM,", 1)
    (ref / "regions.csv").write_text("\n".join(lines), encoding="utf-8")
    assert raises_one_line(DataError, ingest.load_reference, ref) == (
        f"{ref / 'regions.csv'}:2: column 'code': identifier 'AKM' used by the rows on lines 2 and 3"
    )


def base_config() -> dict:
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change,message",
    [
        (
            {
                "seasons": [
                    {"id": "S1", "start": "2015-08-01", "end": "2016-05-31"},
                    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
                ]
            },
            "config: seasons S1 and S2 overlap (S1 ends 2016-05-31, S2 starts 2016-05-01)",
        ),
        (
            {"seasons": [{"id": "S1", "start": "2015-08-01", "end": "2016-04-31"}]},
            "config: seasons[0] (S1): end: expected a date YYYY-MM-DD, got '2016-04-31'",
        ),
        ({"seasons": []}, "config: seasons: [] should be non-empty"),
    ],
    ids=["overlap", "impossible_date", "no_season"],
)
def test_invalid_config(tmp_path, change, message):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({**base_config(), **change}), encoding="utf-8")
    assert raises_one_line(ConfigError, config_module.load_config, path) == message


def test_config_that_is_not_yaml(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("seasons:\n  - {id: S1, start: [\n", encoding="utf-8")
    assert raises_one_line(ConfigError, config_module.load_config, path) == f"{path}:3: not valid YAML"


# --------------------------------------------------------------------------- the real workflow
def copy_workflow(dest: Path) -> Path:
    for name in WORKFLOW_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(BUNDLED, dest / "data" / "raw")
    return dest


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", *args, "--cores", "2", "--quiet"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
    )


def break_empty(work: Path) -> str:
    (work / "data" / "raw" / "survey.csv").write_bytes(b"")
    return "error: data/raw/survey.csv: empty file (0 bytes); expected at least a header row"


def break_garbage(work: Path) -> str:
    noise = np.random.default_rng(0).integers(1, 256, 4000, dtype=np.uint8).tobytes()
    (work / "data" / "raw" / "incidents.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    return (
        "error: data/raw/incidents.csv: not a text CSV in UTF-8 or Windows-1251 "
        "(found NUL bytes: UTF-16 or binary data)"
    )


def break_reference(work: Path) -> str:
    (work / "data" / "raw" / "reference" / "actors.csv").unlink()
    return "error: data/raw/reference/actors.csv: missing reference table 'actors'"


def break_config(work: Path) -> str:
    config = base_config()
    config["seasons"][0]["end"] = "2016-05-31"
    (work / "config" / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return "error: config: seasons S1 and S2 overlap (S1 ends 2016-05-31, S2 starts 2016-05-01)"


@pytest.mark.parametrize(
    "breaker",
    [break_empty, break_garbage, break_reference, break_config],
    ids=["empty_file", "binary_garbage", "missing_reference", "invalid_config"],
)
def test_workflow_stops_with_one_line(tmp_path, breaker):
    work = copy_workflow(tmp_path)
    expected = breaker(work)
    run = snakemake(work)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [expected]
    # stopped before any job: nothing half-written
    assert not (work / "data" / "processed").exists()


def test_workflow_quarantines_a_bad_row(tmp_path):
    work = copy_workflow(tmp_path)
    path = work / "data" / "raw" / "incidents.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] = lines[5].replace(",KAR,", ",XXX,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    run = snakemake(work, "data/processed/rejected/incidents.parquet")
    assert run.returncode == 0, run.stderr[-2000:]
    rejected = read_table(work / "data" / "processed" / "rejected" / "incidents.parquet")
    assert rejected[["line", "column", "reason"]].values.tolist() == [
        [6, "region", "column 'region': expected a code of the reference table regions, found 'XXX'"]
    ]
    assert len(read_table(work / "data" / "processed" / "incidents.parquet")) == 966
