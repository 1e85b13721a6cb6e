"""KoboToolbox and ODK Central exports: recognised by their headers, mapped onto the raw tables.

Expected values come from small fixtures worked out by hand, or from the CSV route: an export of
the bundled data must give the same clean tables as the bundled CSV files.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from hrd_bulletin import cli, contract
from hrd_bulletin.config import BULLETIN_SEASONS
from hrd_bulletin.errors import UserError
from hrd_bulletin.ingest import clean_table, load_reference, preflight, raw_source, read_raw
from hrd_bulletin.ingest.platforms import detect
from hrd_bulletin.reconstruct import build_dataset, write_dataset
from hrd_bulletin.reconstruct.exports import export_files, replaced_tables

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SEASONS = [dict(s) for s in BULLETIN_SEASONS]
FORM_TABLES = ("survey", "incidents", "violations")


def _clean_all(raw_dir: Path) -> dict[str, object]:
    reference = load_reference(raw_dir / "reference")
    out: dict[str, object] = {}
    for table in contract.RAW_TABLES:
        raw = read_raw(raw_source(raw_dir, table), table)
        incidents = out["incidents"].clean if "incidents" in out else None
        out[table] = clean_table(table, raw, reference, SEASONS, incidents)
    return out


@pytest.fixture(scope="module")
def csv_route():
    return _clean_all(RAW)


def _export_dir(tmp: Path, platform: str, **options) -> Path:
    write_dataset(tmp)
    for name in replaced_tables(platform):
        (tmp / name).unlink()
    for name, payload in export_files(build_dataset(), platform, **options).items():
        (tmp / name).write_bytes(payload)
    return tmp


ROUTES = {
    "kobo-xlsx": ("kobo", {"fmt": "xlsx"}),
    "kobo-csv-semicolon-labels-ru": ("kobo", {"fmt": "csv", "lang": "ru", "sep": ";"}),
    "kobo-csv-labels-en": ("kobo", {"fmt": "csv", "lang": "en", "sep": ";"}),
    "odk-central-csv": ("odk", {}),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_export_of_the_bundled_data_gives_the_csv_routes_clean_tables(tmp_path, csv_route, route):
    platform, options = ROUTES[route]
    raw_dir = _export_dir(tmp_path, platform, **options)
    preflight(raw_dir)
    exported = _clean_all(raw_dir)
    for table in contract.RAW_TABLES:
        got = exported[table].clean
        if table in FORM_TABLES:
            ids = got.pop("submission_id")
            assert ids.notna().all() and ids.is_unique == (table != "violations")
        pd.testing.assert_frame_equal(got, csv_route[table].clean, check_exact=True)
        assert exported[table].summary["rejected_rows"] == 0
        assert exported[table].summary["extra_columns"] == []


def test_the_generator_writes_the_exports(tmp_path):
    from hrd_bulletin.reconstruct.__main__ import main

    assert main([str(tmp_path / "k"), "--as", "kobo"]) == 0
    assert main([str(tmp_path / "o"), "--as", "odk"]) == 0
    assert {"survey.xlsx", "incidents.xlsx"} <= {p.name for p in (tmp_path / "k").iterdir()}
    assert not (tmp_path / "k" / "survey.csv").exists()
    header = (tmp_path / "o" / "violations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "threat_type,PARENT_KEY,KEY"


def test_detection_by_header():
    assert detect(["start", "a/b", "_id", "_uuid", "_submission_time", "_index"]).name == "KoboToolbox"
    assert detect(["x", "_index", "_parent_table_name", "_parent_index"]).name == "KoboToolbox"
    assert detect(["SubmissionDate", "g-x", "meta-instanceID", "KEY", "ReviewState"]).name == "ODK Central"
    assert detect(["threat_type", "PARENT_KEY", "KEY"]).name == "ODK Central"
    assert detect(contract.columns("survey")) is None


# --------------------------------------------------------------------------- small fixtures by hand
def _raw_dir(tmp_path: Path) -> Path:
    shutil.copytree(RAW / "reference", tmp_path / "reference")
    for table in ("court_cases", "media"):
        (tmp_path / f"{table}.csv").write_text(",".join(contract.columns(table)) + "\n", encoding="utf-8")
    return tmp_path


KOBO_SURVEY = (
    '"start";"end";"interview/respondent_id";"interview/wave";"interview/region";"interview/respondent_type";'
    '"profile/specializations";"profile/specializations/civil";"profile/specializations/labour";'
    '"organization/projects_per_year";"_id";"_uuid";"_submission_time";"_validation_status";"_index"\r\n'
    '"2016-01-01";"2016-01-01";"R1";"1";"AKT";"individual";"civil labour";"1";"1";"";"11";"u-1";"t";"";"1"\r\n'
    '"2016-01-01";"2016-01-01";"R2";"1";"ALA";"organization";"";"";"";"4";"12";"u-2";"t";'
    '"validation_status_not_approved";"2"\r\n'
    '"2016-01-01";"2016-01-01";"R3";"1";"PAV";"individual";"labour";"0";"1";"";"13";"u-3";"t";'
    '"validation_status_approved";"3"\r\n'
)


def test_kobo_csv_fixture_by_hand(tmp_path):
    raw_dir = _raw_dir(tmp_path)
    (raw_dir / "survey.csv").write_text(KOBO_SURVEY, encoding="utf-8")
    reference = load_reference(raw_dir / "reference")
    result = clean_table("survey", read_raw(raw_dir / "survey.csv", "survey"), reference, SEASONS)
    clean = result.clean
    assert list(clean["respondent_id"]) == ["R1", "R3"]
    assert list(clean["specializations"]) == ["civil;labour", "labour"]
    assert list(clean["region"].astype(str)) == ["AKT", "PAV"]
    assert list(clean["submission_id"]) == ["u-1", "u-3"]
    assert result.summary["extra_columns"] == []
    (line,) = result.rejected["line"]
    assert line == 3
    assert result.rejected["column"].tolist() == ["_validation_status"]
    assert "'validation_status_not_approved' in review on KoboToolbox" in result.rejected["reason"][0]


ODK_INCIDENTS = (
    "SubmissionDate,incident-incident_id,incident-date,incident-region,incident-victim_category,"
    "response-source_actor,response-complaint_filed,meta-instanceID,KEY,ReviewState\n"
    "2016-01-02T00:00:00.000Z,I1,2016-01-01,AKT,journalist,police,yes,uuid:a,uuid:a,approved\n"
    "2016-01-03T00:00:00.000Z,I2,2016-01-02,ALA,hrd,court,no,uuid:b,uuid:b,rejected\n"
    "2016-01-04T00:00:00.000Z,I3,2016-01-03,PAV,lawyer,police,,uuid:c,uuid:c,hasIssues\n"
)
ODK_VIOLATIONS = (
    "threat_type,PARENT_KEY,KEY\n"
    "dismissal,uuid:a,uuid:a/violations[1]\n"
    "threats_pressure,uuid:a,uuid:a/violations[2]\n"
    "dismissal,uuid:b,uuid:b/violations[1]\n"
    "dismissal,uuid:c,uuid:c/violations[1]\n"
    "dismissal,uuid:zzz,uuid:zzz/violations[1]\n"
)


def test_odk_central_fixture_by_hand_repeat_joined_and_rejected_quarantined(tmp_path):
    raw_dir = _raw_dir(tmp_path)
    (raw_dir / "incidents.csv").write_text(ODK_INCIDENTS, encoding="utf-8")
    (raw_dir / "violations.csv").write_text(ODK_VIOLATIONS, encoding="utf-8")
    reference = load_reference(raw_dir / "reference")
    incidents = clean_table("incidents", read_raw(raw_dir / "incidents.csv", "incidents"), reference, SEASONS)
    assert list(incidents.clean["incident_id"]) == ["I1", "I3"]
    assert list(incidents.clean["complaint_filed"].astype(object)) == [True, pd.NA]
    assert list(incidents.clean["submission_id"]) == ["uuid:a", "uuid:c"]
    assert incidents.rejected["line"].tolist() == [3]
    assert "'rejected' in review on ODK Central" in incidents.rejected["reason"][0]
    raw = read_raw(raw_dir / "violations.csv", "violations")
    violations = clean_table("violations", raw, reference, SEASONS, incidents.clean)
    assert list(zip(violations.clean["incident_id"], violations.clean["threat_type"].astype(str))) == [
        ("I1", "dismissal"),
        ("I1", "threats_pressure"),
        ("I3", "dismissal"),
    ]
    rejected = violations.rejected.set_index("line")
    assert "in review on ODK Central" in rejected.loc[4, "reason"]
    # a row whose PARENT_KEY matches no submission: the key is named as the export names it
    assert rejected.loc[6, "column"] == "PARENT_KEY"


def test_validate_names_the_platforms_own_fields(tmp_path):
    raw_dir = _export_dir(tmp_path, "odk")
    frame = pd.read_csv(raw_dir / "survey.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "profile-gender"] = "unknown"
    frame.loc[1, "ReviewState"] = "rejected"
    frame.to_csv(raw_dir / "survey.csv", index=False)
    out, err = io.StringIO(), io.StringIO()
    assert cli.validate(raw_dir, lang="en", out=out, err=err) == 1
    text = out.getvalue()
    assert "line 2: column 'profile-gender': expected one of female, male, found 'unknown'" in text
    assert "line 3: column 'ReviewState': the submission is marked 'rejected' in review on ODK Central" in text
    assert "submission_id" not in text and "uuid:" not in text


def test_preflight_names_a_missing_required_question(tmp_path):
    raw_dir = _export_dir(tmp_path, "odk")
    frame = pd.read_csv(raw_dir / "survey.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="interview-wave").to_csv(raw_dir / "survey.csv", index=False)
    with pytest.raises(UserError, match=r"survey\.csv:1: column 'wave': missing required column"):
        preflight(raw_dir)
