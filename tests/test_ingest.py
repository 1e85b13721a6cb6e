"""Ingest: messy raw files give the same clean tables; every bad row is quarantined with a reason."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hrd_bulletin import ingest
from hrd_bulletin.errors import DataError
from hrd_bulletin.ingest.stages import run_ingest_reference, run_ingest_summary, run_ingest_table
from hrd_bulletin.io import read_table
from hrd_bulletin.reconstruct.events import build_events
from hrd_bulletin.reconstruct.reference import build_reference

SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
]
SEASON_TEXT = "S1 2015-08-01..2016-04-30; S2 2016-05-01..2017-03-31"
REGIONS = [
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
INC_HEADER = (
    "incident_id,date,region,settlement,victim_category,victim_id,source_actor,"
    "state_response,complaint_filed,description,source_url"
)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def ref_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("raw") / "reference"
    out.mkdir()
    for name, frame in build_reference().items():
        frame.to_csv(out / f"{name}.csv", index=False)
    return out


@pytest.fixture(scope="module")
def reference(ref_dir: Path) -> dict[str, pd.DataFrame]:
    return ingest.load_reference(ref_dir)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def run(
    tmp_path: Path,
    table: str,
    text: str,
    reference: dict[str, pd.DataFrame],
    incidents: pd.DataFrame | None = None,
    name: str | None = None,
) -> ingest.IngestResult:
    path = write(tmp_path / (name or f"{table}.csv"), text)
    return ingest.clean_table(table, ingest.read_raw(path), reference, SEASONS, incidents)


def reasons(result: ingest.IngestResult) -> list[tuple[int, str, str]]:
    rej = result.rejected
    return list(zip(rej["line"].tolist(), rej["column"].fillna("").tolist(), rej["reason"].tolist()))


# --------------------------------------------------------------------------- messy variants
INCIDENTS = pd.DataFrame(
    {
        "incident_id": ["I1", "I2", "I3"],
        "date": ["2015-09-01", "2016-05-10", "2017-03-31"],
        "region": ["ALA", "ZAP", "AST"],
        "settlement": ["Алматы", "Уральск", "Астана"],
        "victim_category": ["journalist", "activist", "hrd"],
        "victim_id": ["V1", "", "V2"],
        "source_actor": ["police", "akimat", "unknown_person"],
        "state_response": ["none", "formal", ""],
        "complaint_filed": ["true", "false", ""],
        "description": ["Отказ в информации, «Дала-Ньюс»", "Обыск; пострадавший: активист", ""],
        "source_url": ["https://example.org/1", "", ""],
    }
)
SURVEY = pd.DataFrame(
    {
        "respondent_id": ["R1", "R2"],
        "wave": ["2", "2"],
        "interview_date": ["2016-11-03", "2016-12-24"],
        "region": ["KAR", "SEV"],
        "respondent_type": ["individual", "organization"],
        "specializations": ["civil;children", "hiv"],
        "police_appeal": ["true", "false"],
        "police_appeal_result": ["no_action", ""],
        "media_access": ["false", ""],
        "annual_budget_usd": ["", "1200.5"],
        "projects_per_year": ["", "3"],
    }
)


def messy(frame: pd.DataFrame) -> pd.DataFrame:
    """Same values the way a monitor's spreadsheet exports them."""
    out = frame.copy()
    for col in ("date", "interview_date"):
        if col in out:
            out[col] = pd.to_datetime(out[col]).dt.strftime("%d.%m.%Y")
    for col in ("complaint_filed", "police_appeal", "media_access"):
        if col in out:
            out[col] = out[col].map({"true": "Да", "false": "нет", "": ""})
    if "annual_budget_usd" in out:
        out["annual_budget_usd"] = out["annual_budget_usd"].replace({"1200.5": "1\u00a0200,5"})
    if "region" in out:
        out["region"] = out["region"].str.lower()
    for col in ("victim_category", "source_actor", "respondent_type"):
        if col in out:
            out[col] = " " + out[col].str.upper()
    return out


@pytest.mark.parametrize("table,frame", [("incidents", INCIDENTS), ("survey", SURVEY)])
@pytest.mark.parametrize("encoding,sep", [("cp1251", ";"), ("utf-8-sig", "\t"), ("utf-8-sig", ";")])
def test_messy_variant_equals_utf8_original(tmp_path, reference, table, frame, encoding, sep):
    original = tmp_path / "original.csv"
    frame.to_csv(original, index=False)
    variant = tmp_path / "variant.csv"
    messy(frame).to_csv(variant, index=False, sep=sep, encoding=encoding)
    clean_a = ingest.clean_table(table, ingest.read_raw(original), reference, SEASONS)
    raw_b = ingest.read_raw(variant)
    clean_b = ingest.clean_table(table, raw_b, reference, SEASONS)
    assert (raw_b.encoding, raw_b.delimiter) == (encoding, sep)
    assert len(clean_a.rejected) == 0 and len(clean_b.rejected) == 0
    pd.testing.assert_frame_equal(clean_a.clean, clean_b.clean)


def test_clean_incidents_values_and_dtypes(tmp_path, reference):
    path = tmp_path / "incidents.csv"
    INCIDENTS.to_csv(path, index=False)
    clean = ingest.clean_table("incidents", ingest.read_raw(path), reference, SEASONS).clean
    assert list(clean.columns) == [*INC_HEADER.split(","), "season"]
    assert clean["date"].dtype == "datetime64[ms]"
    assert clean["date"].tolist() == [
        pd.Timestamp("2015-09-01"),
        pd.Timestamp("2016-05-10"),
        pd.Timestamp("2017-03-31"),
    ]
    assert list(clean["region"].cat.categories) == REGIONS
    assert list(clean["state_response"].cat.categories) == ["none", "formal", "effective"]
    assert list(clean["victim_category"].cat.categories) == [
        "journalist",
        "hrd",
        "activist",
        "ngo",
        "trade_unionist",
        "convicted_activist",
        "lawyer",
    ]
    assert clean["season"].astype(str).tolist() == ["S1", "S2", "S2"]
    assert list(clean["season"].cat.categories) == ["S1", "S2"]
    assert clean["complaint_filed"].dtype == "boolean"
    assert clean["complaint_filed"].tolist() == [True, False, pd.NA]
    assert clean["victim_id"].isna().tolist() == [False, True, False]
    assert clean["state_response"].isna().tolist() == [False, False, True]
    assert clean["description"].iloc[0] == "Отказ в информации, «Дала-Ньюс»"


def test_clean_survey_numbers_and_multi_select(tmp_path, reference):
    text = (
        "respondent_id;wave;region;respondent_type;annual_budget_usd;projects_per_year;specializations\n"
        'R1;1;AST;organization;1 234,5;2;"children;Civil;children"\n'
        "R2;1;AST;organization;.5;+3;\n"
    )
    result = run(tmp_path, "survey", text, reference)
    clean = result.clean
    assert result.rejected.empty
    assert clean["annual_budget_usd"].dtype == "Float64"
    assert clean["annual_budget_usd"].tolist() == [1234.5, 0.5]
    assert clean["projects_per_year"].dtype == "Int64"
    assert clean["projects_per_year"].tolist() == [2, 3]
    # options in contract order, de-duplicated; empty = unanswered
    assert clean["specializations"].tolist()[0] == "civil;children"
    assert pd.isna(clean["specializations"].iloc[1])
    assert clean["wave"].dtype == "Int64"
    # absent optional columns are all missing, with their clean dtype
    assert clean["gender"].isna().all() and list(clean["gender"].cat.categories) == ["female", "male"]
    assert clean["has_safe"].dtype == "boolean"


# --------------------------------------------------------------------------- row rules
def test_type_enum_reference_and_required_errors(tmp_path, reference):
    text = (
        "\n".join(
            [
                INC_HEADER,
                "I1,2015-09-01,ALA,Алматы,journalist,,police,none,true,,",
                "I2,31.02.2016,ALA,Алматы,journalist,,police,ignored,maybe,,",
                "I3,2016-05-01,XXX,,journalist,,police,none,false,,",
                "I4,2016-05-02,,,journalist,,police,none,false,,",
                "I5,2016-05-03,AST,,journalist,,police,none,false,,",
            ]
        )
        + "\n"
    )
    result = run(tmp_path, "incidents", text, reference)
    assert result.clean["incident_id"].tolist() == ["I1", "I5"]
    assert reasons(result) == [
        (
            3,
            "date",
            "column 'date': expected a date YYYY-MM-DD or DD.MM.YYYY, found '31.02.2016'; "
            "column 'state_response': expected one of none, formal, effective, found 'ignored'; "
            "column 'complaint_filed': expected a boolean (1/0, true/false, yes/no, да/нет), found 'maybe'",
        ),
        (4, "region", "column 'region': expected a code of the reference table regions, found 'XXX'"),
        (5, "region", "column 'region': a value is required, found an empty cell"),
    ]
    # the rejected row keeps the raw text as written
    assert result.rejected["date"].tolist() == ["31.02.2016", "2016-05-01", "2016-05-02"]
    assert result.summary["reasons"] == {
        "date: type": 1,
        "state_response: enum": 1,
        "complaint_filed: type": 1,
        "region: reference": 1,
        "region: required": 1,
    }


def test_duplicate_key_rejects_every_row_of_it_and_season(tmp_path, reference):
    text = (
        "\n".join(
            [
                INC_HEADER,
                "I1,2015-09-01,ALA,,journalist,,police,none,true,,",
                "I2,2014-01-01,ALA,,journalist,,police,none,true,,",
                "I1,2015-09-02,ALA,,journalist,,police,none,true,,",
                "I1,2015-09-03,ALA,,journalist,,police,none,true,,",
                "I3,2017-04-01,ALA,,journalist,,police,none,true,,",
            ]
        )
        + "\n"
    )
    result = run(tmp_path, "incidents", text, reference)
    # no row of I1 is known to be the right one: all three go to quarantine
    assert result.clean["incident_id"].tolist() == []
    shared = "column 'incident_id': identifier 'I1' used by the rows on lines 2, 4 and 5"
    assert reasons(result) == [
        (2, "incident_id", shared),
        (3, "date", f"column 'date': expected a date within a season ({SEASON_TEXT}), found '2014-01-01'"),
        (4, "incident_id", shared),
        (5, "incident_id", shared),
        (6, "date", f"column 'date': expected a date within a season ({SEASON_TEXT}), found '2017-04-01'"),
    ]
    assert result.summary["raw_rows"] == 5
    assert (result.summary["clean_rows"], result.summary["rejected_rows"]) == (0, 5)


def test_violations_need_clean_incidents_and_unique_pairs(tmp_path, reference):
    incidents = pd.DataFrame({"incident_id": pd.Series(["I1", "I2"], dtype="str")})
    text = "incident_id,threat_type\nI1,censorship\nI2,Censorship\nI1,censorship\nI9,search\nI2,no_such_type\n"
    result = run(tmp_path, "violations", text, reference, incidents)
    assert result.clean["incident_id"].tolist() == ["I2"]
    assert result.clean["threat_type"].astype(str).tolist() == ["censorship"]
    assert len(result.clean["threat_type"].cat.categories) == 56
    shared = (
        "column 'incident_id': identifier (incident_id, threat_type) (I1, censorship) used by the rows on lines 2 and 4"
    )
    assert reasons(result) == [
        (2, "incident_id", shared),
        (4, "incident_id", shared),
        (5, "incident_id", "column 'incident_id': expected an incident_id of the clean incidents, found 'I9'"),
        (
            6,
            "threat_type",
            "column 'threat_type': expected a code of the reference table threat_types, found 'no_such_type'",
        ),
    ]
    with pytest.raises(ValueError):
        run(tmp_path, "violations", text, reference, None, name="again.csv")


def test_optional_incident_of_court_cases_and_media(tmp_path, reference):
    incidents = pd.DataFrame({"incident_id": pd.Series(["I1"], dtype="str")})
    court = (
        "case_id,incident_id,decision_date,case_type,hrd_role,outcome\n"
        "C1,I1,2016-01-10,civil,defendant,against_hrd\n"
        "C2,,2016-01-11,criminal,defendant,for_hrd\n"
        "C3,I7,2016-01-12,criminal,defendant,for_hrd\n"
    )
    result = run(tmp_path, "court_cases", court, reference, incidents)
    assert result.clean["case_id"].tolist() == ["C1", "C2"]
    assert reasons(result) == [
        (4, "incident_id", "column 'incident_id': expected an incident_id of the clean incidents, found 'I7'")
    ]
    media = (
        "material_id,date,region,channel,outlet,tone,incident_id,url\n"
        "M1,2016-06-01,,press,Дала,,I2,\n"
        "M2,2016-06-01,,hrd_site,Сайт,hostile,,\n"
    )
    result = run(tmp_path, "media", media, reference, incidents)
    assert result.clean["material_id"].tolist() == ["M2"]
    assert result.clean["season"].astype(str).tolist() == ["S2"]
    assert reasons(result) == [
        (2, "incident_id", "column 'incident_id': expected an incident_id of the clean incidents, found 'I2'")
    ]


def test_survey_rules(tmp_path, reference):
    text = (
        "\n".join(
            [
                "respondent_id,wave,region,respondent_type,specializations,police_appeal,"
                "police_appeal_result,security_self_rating,media_access,projects_per_year",
                "R1,2,ALA,individual,civil;labour,true,action_taken,5,true,",  # good
                "R2,2,ALA,organization,civil,false,,3,true,4",  # media_access for an org
                "R3,2,ALA,individual,civil,true,,1,,2",  # projects for a person
                "R4,2,ALA,individual,civil,false,no_action,2,false,",  # result without appeal
                "R5,2,ALA,individual,civil;foo;bar,,,2,,",  # unknown options
                "R6,0,ALA,individual,,,,7,,",  # ranges
                "R1,2,ALA,individual,,,,,,",  # duplicate key
                "R1,1,ALA,individual,,,,,,",  # other wave: fine
            ]
        )
        + "\n"
    )
    result = run(tmp_path, "survey", text, reference)
    assert result.clean["respondent_id"].tolist() == ["R1"]
    assert result.clean["wave"].tolist() == [1]
    shared = "column 'respondent_id': identifier (respondent_id, wave) (R1, 2) used by the rows on lines 2 and 8"
    assert reasons(result) == [
        (2, "respondent_id", shared),
        (
            3,
            "media_access",
            "column 'media_access': asked of individual respondents only, found 'true' "
            "for respondent_type 'organization'",
        ),
        (
            4,
            "projects_per_year",
            "column 'projects_per_year': asked of organization respondents only, found '2' "
            "for respondent_type 'individual'",
        ),
        (
            5,
            "police_appeal_result",
            "column 'police_appeal_result': filled only when police_appeal is true, found 'no_action' "
            "with police_appeal 'false'",
        ),
        (
            6,
            "specializations",
            "column 'specializations': expected ;-separated options among civil, political, family, "
            "gender, labour, children, disability, prisoners, hiv, other, found unknown 'foo, bar'",
        ),
        (
            7,
            "wave",
            "column 'wave': expected a value >= 1, found '0'; "
            "column 'security_self_rating': expected a value from 1 to 5, found '7'",
        ),
        (8, "respondent_id", shared),
    ]


def test_wrong_field_count_is_a_bad_row(tmp_path, reference):
    text = (
        "incident_id;date;region;settlement;victim_category;victim_id;source_actor;"
        "state_response;complaint_filed;description;source_url\n"
        "I1;2015-09-01;ALA;;journalist;;police;none;true;;\n"
        "I2;2015-09-01;ALA;;journalist;;police;none;true;a;b;c\n"
        "I3;2015-09-01;ALA\n"
        "I4;2015-09-01;ALA;;journalist;;police;none;true;;\n"
    )
    result = run(tmp_path, "incidents", text, reference)
    assert result.clean["incident_id"].tolist() == ["I1", "I4"]
    assert reasons(result) == [
        (3, "", "expected 11 fields as in the header, found 12 fields"),
        (4, "", "expected 11 fields as in the header, found 3 fields"),
    ]
    # nothing of the row is lost: surplus fields stay in the last column
    assert result.rejected["description"].tolist()[0] == "a"
    assert result.rejected["source_url"].tolist()[0] == "b;c"
    assert result.summary["raw_rows"] == 4


def test_quoted_newlines_keep_line_numbers(tmp_path, reference):
    text = (
        INC_HEADER + "\r\n"
        'I1,2015-09-01,ALA,,journalist,,police,none,true,"first line\r\nsecond ""quoted"", line",\r\n'
        "\r\n"
        "I2,2015-09-01,ALA,,journalist,,police,none,true,,\r\n"
        'I3,2015-09-01,ALA,,journalist,,police,none,true,"a\n\nb",\r\n'
        "I4,2015-09-01,ALA,,journalist,,police,none,nope,,\r\n"
    )
    result = run(tmp_path, "incidents", text, reference)
    assert result.clean["incident_id"].tolist() == ["I1", "I2", "I3"]
    assert result.clean["description"].tolist()[:1] == ['first line\r\nsecond "quoted", line']
    assert reasons(result) == [
        (
            9,
            "complaint_filed",
            "column 'complaint_filed': expected a boolean (1/0, true/false, yes/no, да/нет), found 'nope'",
        )
    ]


def test_fast_and_slow_readers_agree(tmp_path):
    rows = [f'I{i},2015-09-01,ALA,,journalist,,police,none,true,"d, {i}",' for i in range(1, 2001)]
    rows[9] = 'I10,2015-09-01,ALA,,journalist,,police,none,true,"two\nlines",'
    body = "\n".join(rows[:1000]) + "\n"
    tail = "\n".join(rows[1000:]) + "\n"
    variants = {
        "spans": INC_HEADER + "\n" + body + tail,  # pyarrow, quoted newline counted
        "blank_end": INC_HEADER + "\n" + body.replace("two\nlines", "two lines") + tail + "\n\n",
        "mixed": INC_HEADER + "\n" + body + "\n" + tail,  # blank line and quoted newline: csv module
    }
    raws = {name: ingest.read_raw(write(tmp_path / f"{name}.csv", text)) for name, text in variants.items()}
    pd.testing.assert_frame_equal(raws["spans"].text, raws["mixed"].text)
    assert raws["spans"].lines[[0, 8, 9, 10, 999, 1000, 1999]].tolist() == [2, 10, 11, 13, 1002, 1003, 2002]
    assert raws["mixed"].lines[[0, 8, 9, 10, 999, 1000, 1999]].tolist() == [2, 10, 11, 13, 1002, 1004, 2003]
    assert raws["blank_end"].lines[[0, 9, 10, 1999]].tolist() == [2, 11, 12, 2001]
    assert raws["blank_end"].text["description"].iloc[1999] == "d, 2000"


def test_extra_column_kept_out_and_logged(tmp_path, reference, caplog):
    text = "incident_id,threat_type,note\nI1,search,checked by A.\n"
    incidents = pd.DataFrame({"incident_id": pd.Series(["I1"], dtype="str")})
    with caplog.at_level(logging.WARNING, logger="hrd_bulletin.ingest"):
        result = run(tmp_path, "violations", text, reference, incidents)
    assert list(result.clean.columns) == ["incident_id", "threat_type"]
    assert result.summary["extra_columns"] == ["note"]
    assert "kept out of the clean table: note" in caplog.text


def test_header_only_gives_zero_rows(tmp_path, reference):
    result = run(tmp_path, "incidents", INC_HEADER + "\n", reference)
    assert len(result.clean) == 0 and len(result.rejected) == 0
    assert result.summary["raw_rows"] == 0
    assert result.clean["date"].dtype == "datetime64[ms]"
    assert list(result.clean["region"].cat.categories) == REGIONS


# --------------------------------------------------------------------------- file-level errors
def test_file_level_errors(tmp_path, ref_dir):
    with pytest.raises(DataError) as err:
        ingest.read_raw(tmp_path / "nope.csv")
    assert str(err.value) == f"{tmp_path / 'nope.csv'}: file not found"

    empty = write(tmp_path / "empty.csv", "")
    with pytest.raises(DataError) as err:
        ingest.read_raw(empty)
    assert str(err.value) == f"{empty}: empty file (0 bytes); expected at least a header row"

    utf16 = write(tmp_path / "utf16.csv", "incident_id,threat_type\nI1,search\n", "utf-16")
    with pytest.raises(DataError) as err:
        ingest.read_raw(utf16)
    assert str(err.value) == (f"{utf16}:1: not a text CSV in UTF-8 or Windows-1251 (found a UTF-16/32 byte-order mark)")

    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(np.random.default_rng(0).integers(1, 256, 4000, dtype=np.uint8)))
    with pytest.raises(DataError, match="not a text CSV in UTF-8 or Windows-1251"):
        ingest.read_raw(garbage)

    no_region = write(tmp_path / "incidents.csv", "incident_id,date\nI1,2015-09-01\n")
    with pytest.raises(DataError) as err:
        ingest.clean_table("incidents", ingest.read_raw(no_region), {}, SEASONS)
    assert str(err.value) == f"{no_region}:1: column 'region': missing required column"

    partial = tmp_path / "ref"
    partial.mkdir()
    (partial / "regions.csv").write_bytes((ref_dir / "regions.csv").read_bytes())
    with pytest.raises(DataError) as err:
        ingest.load_reference(partial)
    assert str(err.value) == f"{partial / 'threat_categories.csv'}: missing reference table 'threat_categories'"


def test_bad_reference_row_is_fatal(tmp_path, ref_dir):
    bad = tmp_path / "ref"
    bad.mkdir()
    for path in ref_dir.iterdir():
        (bad / path.name).write_bytes(path.read_bytes())
    (bad / "actors.csv").write_text(
        "code,label_ru,label_en,is_state\npolice,П,Police,true\ncourt,С,Courts,perhaps\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        ingest.load_reference(bad)
    assert str(err.value) == (
        f"{bad / 'actors.csv'}:3: column 'is_state': expected a boolean "
        "(1/0, true/false, yes/no, да/нет), found 'perhaps'"
    )


def test_reference_tables_clean_dtypes(reference):
    assert list(reference) == ["regions", "threat_types", "threat_categories", "victim_categories", "actors"]
    assert reference["regions"]["code"].tolist() == REGIONS
    assert reference["actors"]["is_state"].dtype == "boolean"
    assert int(reference["actors"]["is_state"].sum()) == 7
    assert reference["threat_types"]["category"].dtype == "str"
    assert len(reference["threat_types"]) == 56


# --------------------------------------------------------------------------- bundled data, preflight, stages
@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, ref_dir: Path) -> Path:
    raw = ref_dir.parent
    for name, frame in build_events(build_reference(), SEASONS).items():
        frame.to_csv(raw / f"{name}.csv", index=False)
    try:
        from hrd_bulletin.reconstruct.survey import build_survey

        build_survey().to_csv(raw / "survey.csv", index=False)
    except ImportError:  # pragma: no cover - the survey builder may still be in progress
        pytest.skip("reconstruct.survey not available")
    return raw


def test_bundled_data_ingests_without_rejections(bundled, reference):
    counts = {}
    incidents = None
    for table in ("survey", "incidents", "violations", "court_cases", "media"):
        result = ingest.clean_table(table, ingest.read_raw(bundled / f"{table}.csv"), reference, SEASONS, incidents)
        assert result.rejected.empty, result.rejected["reason"].head().tolist()
        counts[table] = len(result.clean)
        if table == "incidents":
            incidents = result.clean
    assert counts == {"survey": 249, "incidents": 967, "violations": 1046, "court_cases": 79, "media": 555}
    assert incidents["season"].value_counts().sort_index().tolist() == [391, 576]


def test_preflight(bundled, tmp_path):
    ingest.preflight(bundled)
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    for path in [*bundled.glob("*.csv"), *bundled.glob("reference/*.csv")]:
        (raw / path.relative_to(bundled)).write_bytes(path.read_bytes())
    # preflight reads only the head of a file: bad bytes far down are ingest's business
    big = raw / "media.csv"
    big.write_bytes(big.read_bytes() + b"x" * 70_000 + b"\xff\xfe\n")
    ingest.preflight(raw)
    write(raw / "court_cases.csv", "case_id,incident_id,case_type\n")
    with pytest.raises(DataError) as err:
        ingest.preflight(raw)
    assert str(err.value) == f"{raw / 'court_cases.csv'}:1: column 'decision_date': missing required column"
    (raw / "reference" / "actors.csv").unlink()
    (raw / "court_cases.csv").write_bytes((bundled / "court_cases.csv").read_bytes())
    with pytest.raises(DataError, match="missing reference table 'actors'"):
        ingest.preflight(raw)


def test_stage_entry_points(bundled, tmp_path):
    proc = tmp_path / "processed"
    ref_out = {
        name: str(proc / "reference" / f"{name}.parquet")
        for name in ("regions", "threat_types", "threat_categories", "victim_categories", "actors")
    }
    ref_in = {name: str(bundled / "reference" / f"{name}.csv") for name in ref_out}
    run_ingest_reference(ref_in, ref_out, {})
    assert read_table(ref_out["actors"])["is_state"].dtype == "boolean"
    summaries = []
    for table in ("incidents", "violations"):
        inputs = {"raw": str(bundled / f"{table}.csv"), "reference": list(ref_out.values())}
        if table == "violations":
            inputs["incidents"] = str(proc / "incidents.parquet")
        outputs = {
            "clean": str(proc / f"{table}.parquet"),
            "rejected": str(proc / "rejected" / f"{table}.parquet"),
            "summary": str(proc / "summary" / f"{table}.parquet"),
        }
        run_ingest_table(inputs, outputs, {"table": table, "seasons": SEASONS})
        summaries.append(outputs["summary"])
    run_ingest_summary({"summaries": summaries[::-1]}, {"summary": str(proc / "ingest_summary.parquet")}, {})
    summary = read_table(proc / "ingest_summary.parquet")
    assert summary[["table", "raw_rows", "clean_rows", "rejected_rows"]].values.tolist() == [
        ["incidents", 967, 967, 0],
        ["violations", 1046, 1046, 0],
    ]
    assert summary["sha256"].str.len().tolist() == [64, 64]
    clean = read_table(proc / "incidents.parquet")
    assert clean["season"].dtype == "category" and clean["date"].dtype == "datetime64[ms]"
    assert read_table(proc / "rejected" / "violations.parquet").empty


def test_bundled_clean_tables_fit_the_contract_schema(bundled, reference):
    from hrd_bulletin import contract

    incidents = None
    for table in ("incidents", "violations", "media", "survey"):
        clean = ingest.clean_table(
            table, ingest.read_raw(bundled / f"{table}.csv"), reference, SEASONS, incidents
        ).clean
        contract.pandera_schema(table, reference).validate(clean)
        if table == "incidents":
            incidents = clean
