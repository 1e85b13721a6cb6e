"""The XLSX data-entry template, and ingest reading a filled one exactly like the CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hrd_bulletin import ingest, workbook
from hrd_bulletin.errors import DataError
from hrd_bulletin.reconstruct.reference import build_reference

SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
]


@pytest.fixture(scope="module")
def reference_text() -> dict[str, pd.DataFrame]:
    return build_reference()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, reference_text) -> dict[str, pd.DataFrame]:
    ref = tmp_path_factory.mktemp("ref")
    for name, frame in reference_text.items():
        frame.to_csv(ref / f"{name}.csv", index=False)
    return ingest.load_reference(ref)


@pytest.fixture(scope="module")
def template(tmp_path_factory, reference_text) -> Path:
    return workbook.write_template(tmp_path_factory.mktemp("tpl"), reference_text)


def validations(ws) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    return {
        str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation
    }


# --------------------------------------------------------------------------- the template
def test_sheets_headers_comments_and_frozen_header(template):
    wb = openpyxl.load_workbook(template)
    assert template.name == "monitoring_template.xlsx"
    assert wb.sheetnames == ["Инструкция", "survey", "incidents", "violations", "court_cases", "media", "lists"]
    assert wb["lists"].sheet_state == "hidden"
    assert wb["Инструкция"].sheet_state == "visible"
    ws = wb["violations"]
    assert [c.value for c in ws[1]] == ["incident_id", "threat_type"]
    assert ws.freeze_panes == "A2"
    assert ws["B1"].comment.text == "Код типа угрозы (нарушенного или ограниченного права). Обязательное поле."
    assert [c.value for c in wb["court_cases"][1]] == [
        "case_id",
        "incident_id",
        "decision_date",
        "case_type",
        "hrd_role",
        "outcome",
    ]
    assert wb["media"]["B1"].comment.text == "Дата публикации; определяет сезон. Обязательное поле."
    assert wb["media"]["E1"].comment.text == "Название издания (свободный текст)."
    assert wb["survey"].max_row == 1 and wb["survey"]["AQ1"].value == "has_safe"


def test_dropdowns_dates_numbers_booleans(template):
    wb = openpyxl.load_workbook(template)
    inc = validations(wb["incidents"])
    assert inc["C2:C1048576"] == ("list", None, "lists!$A$2:$A$17", None)  # region: 16 codes
    assert inc["E2:E1048576"] == ("list", None, "lists!$C$2:$C$8", None)  # victim_category: 7
    assert inc["H2:H1048576"] == ("list", None, '"none,formal,effective"', None)
    assert inc["I2:I1048576"] == ("list", None, '"да,нет"', None)
    # 1990-01-01 and 2100-12-31 as spreadsheet serial days
    assert inc["B2:B1048576"] == ("date", "between", "32874", "73415")
    assert "A2:A1048576" not in inc and "J2:J1048576" not in inc  # ids and free text: no check
    lists = wb["lists"]
    assert [c.value for c in lists[1]] == ["regions", "threat_types", "victim_categories", "actors"]
    assert [lists.cell(row=r, column=1).value for r in range(2, 18)] == [
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
    assert lists.cell(row=18, column=1).value is None
    assert lists["B57"].value is not None and lists["B58"].value is None  # 56 threat types
    survey = validations(wb["survey"])
    assert survey["B2:B1048576"] == ("whole", "greaterThanOrEqual", "1", None)  # wave >= 1
    assert survey["T2:T1048576"] == ("whole", "between", "1", "5")  # security_self_rating
    assert survey["AK2:AK1048576"] == ("decimal", "greaterThanOrEqual", "0", None)  # annual_budget_usd


def test_instructions_in_russian_with_codes(template):
    ws = openpyxl.load_workbook(template)["Инструкция"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert ws["A1"].value == "Шаблон для ввода данных мониторинга"
    assert "Не вносите имена и фамилии, номера телефонов, адреса" in text
    assert "incidents.state_response\nnone, formal, effective" in text
    assert "Справочник regions\nAKM\nАкмолинская область" in text


def test_formula_text_is_neutralised():
    assert workbook.neutralise_formula('=HYPERLINK("http://x.example","y")') == '\'=HYPERLINK("http://x.example","y")'
    assert [workbook.neutralise_formula(t) for t in ["+7", "-1", "@sum", "\tx", "\rx", "a=b", ""]] == [
        "'+7",
        "'-1",
        "'@sum",
        "'\tx",
        "'\rx",
        "a=b",
        "",
    ]


def test_reference_label_with_a_formula_is_written_as_text(tmp_path, reference_text):
    ref = {k: v.copy() for k, v in reference_text.items()}
    ref["regions"].loc[0, "name_ru"] = '=HYPERLINK("http://evil.example","click")'
    path = workbook.write_template(tmp_path, ref)
    ws = openpyxl.load_workbook(path)["Инструкция"]
    cells = [c for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [(c.value, c.data_type) for c in cells] == [('\'=HYPERLINK("http://evil.example","click")', "s")]


def test_the_codes_of_data_raw_give_the_same_bytes(tmp_path, template):
    bundled = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference"
    path = workbook.write_template(tmp_path, ingest.load_reference(bundled))
    assert path.read_bytes() == template.read_bytes()


def test_two_writes_are_byte_identical(tmp_path, reference_text, template):
    again = workbook.write_template(tmp_path, reference_text)
    assert again.read_bytes() == template.read_bytes()
    props = openpyxl.load_workbook(again).properties
    assert (props.creator, props.created, props.modified) == (
        "hrd-bulletin",
        dt.datetime(2017, 1, 1),
        dt.datetime(2017, 1, 1),
    )


# --------------------------------------------------------------------------- ingest of a filled workbook
INC_CSV = (
    "incident_id,date,region,settlement,victim_category,victim_id,source_actor,state_response,"
    "complaint_filed,description,source_url\n"
    'I1,2015-09-01,ALA,Алматы,journalist,V1,police,none,true,"Отказ, «Дала»",https://e.org/1\n'
    "007,2016-05-10,ZAP,Уральск,activist,,akimat,formal,false,,\n"
    "I3,2017-03-31,AST,,hrd,V2,unknown_person,,,=1+1,\n"
)
INC_ROWS = [
    [
        "I1",
        dt.date(2015, 9, 1),
        "ALA",
        "Алматы",
        "journalist",
        "V1",
        "police",
        "none",
        "да",
        "Отказ, «Дала»",
        "https://e.org/1",
    ],
    ["007", dt.date(2016, 5, 10), "ZAP", "Уральск", "activist", None, "akimat", "formal", "нет", None, None],
    ["I3", dt.datetime(2017, 3, 31), "AST", None, "hrd", "V2", "unknown_person", None, None, "=1+1", None],
]
SURVEY_CSV = (
    "respondent_id,wave,interview_date,region,respondent_type,specializations,police_appeal,"
    "police_appeal_result,annual_budget_usd,projects_per_year,media_access\n"
    "R1,2,2016-11-03,KAR,individual,civil;children,true,no_action,,,false\n"
    "R2,2,2016-12-24,SEV,organization,hiv,false,,1200.5,3,\n"
    "R3,1,,AST,organization,,,,800,0,\n"
)
SURVEY_ROWS = [
    ["R1", 2, dt.date(2016, 11, 3), "KAR", "individual", "civil;children", True, "no_action", None, None, False],
    ["R2", 2.0, dt.date(2016, 12, 24), "SEV", "organization", "hiv", "нет", None, 1200.5, 3, None],
    ["R3", 1, None, "AST", "organization", None, None, None, 800.0, 0, None],
]


def fill(template: Path, out: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> Path:
    """Type rows into the template the way openpyxl (or a person) would: by header position."""
    wb = openpyxl.load_workbook(template)
    for sheet, (columns, rows) in sheets.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for r, row in enumerate(rows, start=2):
            for column, value in zip(columns, row):
                cell = ws.cell(row=r, column=header.index(column) + 1, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed into a text column: text, as a spreadsheet keeps it
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


@pytest.mark.parametrize("table,text,rows", [("incidents", INC_CSV, INC_ROWS), ("survey", SURVEY_CSV, SURVEY_ROWS)])
def test_filled_template_gives_the_same_clean_table_as_csv(tmp_path, template, reference, table, text, rows):
    csv_path = tmp_path / "csv" / f"{table}.csv"
    csv_path.parent.mkdir()
    csv_path.write_text(text, encoding="utf-8")
    columns = text.splitlines()[0].split(",")
    book = fill(template, tmp_path / "xlsx" / "monitoring.xlsx", {table: (columns, rows)})
    assert ingest.raw_source(tmp_path / "xlsx", table) == book
    from_csv = ingest.clean_table(table, ingest.read_raw(csv_path), reference, SEASONS)
    raw = ingest.read_raw(book, table)
    from_xlsx = ingest.clean_table(table, raw, reference, SEASONS)
    assert from_csv.rejected.empty and from_xlsx.rejected.empty
    assert raw.lines.tolist() == [2, 3, 4]
    pd.testing.assert_frame_equal(from_csv.clean, from_xlsx.clean)


def test_workbook_cells_as_csv_text_and_sheet_row_numbers(tmp_path, template, reference):
    columns = ["incident_id", "date", "region", "victim_category", "source_actor", "complaint_filed"]
    rows = [
        ["A", dt.datetime(2016, 1, 2), "ALA", "hrd", "police", True],
        [None, None, None, None, None, None],  # empty row: skipped
        ["B", dt.datetime(2016, 1, 2, 10, 30), "ALA", "hrd", "police", "может быть"],
        [7.0, "02.01.2016", "ala", "hrd", "police", 0],
    ]
    book = fill(template, tmp_path / "book.xlsx", {"incidents": (columns, rows)})
    raw = ingest.read_raw(book, "incidents")
    assert raw.path == f"{book}[incidents]"
    assert raw.lines.tolist() == [2, 4, 5]
    assert raw.text["incident_id"].tolist() == ["A", "B", "7"]
    assert raw.text["date"].tolist() == ["2016-01-02", "2016-01-02 10:30:00", "02.01.2016"]
    assert raw.text["complaint_filed"].tolist() == ["TRUE", "может быть", "0"]
    result = ingest.clean_table("incidents", raw, reference, SEASONS)
    assert result.clean["incident_id"].tolist() == ["A", "7"]
    assert result.rejected["line"].tolist() == [4]
    assert result.rejected["reason"].tolist() == [
        "column 'date': expected a date YYYY-MM-DD or DD.MM.YYYY, found '2016-01-02 10:30:00'; "
        "column 'complaint_filed': expected a boolean (1/0, true/false, yes/no, да/нет), found 'может быть'"
    ]


def test_raw_source_prefers_csv_and_reports_neither(tmp_path, template):
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(DataError) as err:
        ingest.raw_source(raw, "media")
    assert str(err.value) == (
        f"{raw / 'media.csv'}: file not found (nor a workbook *.xlsx in {raw} with a sheet 'media')"
    )
    book = raw / "entry.xlsx"
    book.write_bytes(template.read_bytes())
    (raw / "~$entry.xlsx").write_bytes(b"lock file of an open workbook")
    assert ingest.raw_source(raw, "media") == book
    (raw / "media.csv").write_text("material_id,date,channel\n", encoding="utf-8")
    assert ingest.raw_source(raw, "media") == raw / "media.csv"
    (raw / "second.xlsx").write_bytes(template.read_bytes())
    with pytest.raises(DataError, match="several workbooks have a sheet 'survey': entry.xlsx, second.xlsx"):
        ingest.raw_source(raw, "survey")


def test_preflight_accepts_a_workbook(tmp_path, template, reference_text):
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    for name, frame in reference_text.items():
        frame.to_csv(raw / "reference" / f"{name}.csv", index=False)
    (raw / "monitoring.xlsx").write_bytes(template.read_bytes())
    ingest.preflight(raw)
    wb = openpyxl.load_workbook(raw / "monitoring.xlsx")
    wb["court_cases"]["C1"] = "date_of_decision"
    wb.save(raw / "monitoring.xlsx")
    with pytest.raises(DataError) as err:
        ingest.preflight(raw)
    assert str(err.value) == (
        f"{raw / 'monitoring.xlsx'}[court_cases]:1: column 'decision_date': missing required column"
    )


def test_a_broken_workbook_is_a_data_error(tmp_path):
    bad = tmp_path / "survey.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError) as err:
        ingest.read_raw(bad, "survey")
    assert str(err.value) == f"{bad}: not a readable XLSX workbook"
