"""The field forms: XLSForm workbooks from the contract, converted by pyxform without a warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from hrd_bulletin import cli, contract
from hrd_bulletin.forms import labels
from hrd_bulletin.ingest import load_reference

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
RU, EN = "label::Русский (ru)", "label::English (en)"


@pytest.fixture(scope="module")
def reference():
    return load_reference(RAW / "reference")


@pytest.fixture(scope="module")
def written(tmp_path_factory, reference):
    from hrd_bulletin.forms import write_forms

    out = tmp_path_factory.mktemp("forms")
    return {p.stem: p for p in write_forms(out, reference)}


def _sheet(path: Path, name: str) -> list[dict[str, str]]:
    ws = openpyxl.load_workbook(path)[name]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[0]
    return [{h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in rows[1:]]


def test_one_workbook_per_form_with_the_three_sheets(written):
    assert sorted(written) == ["incidents", "survey"]
    for path in written.values():
        assert openpyxl.load_workbook(path).sheetnames == ["survey", "choices", "settings"]


@pytest.mark.parametrize("form", ["survey", "incidents"])
def test_pyxform_converts_without_error_or_warning(written, tmp_path, form):
    from pyxform.xls2xform import xls2xform_convert

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = xls2xform_convert(str(written[form]), str(tmp_path / f"{form}.xml"))
    assert found == []
    xml = (tmp_path / f"{form}.xml").read_text(encoding="utf-8")
    assert f'id="hrd_{form}_1_0_0"' in xml and 'version="1.0.0"' in xml


def test_every_question_is_named_as_its_contract_column(written):
    names = {r["name"] for r in _sheet(written["survey"], "survey") if not r["type"].startswith(("begin_", "end_"))}
    assert names == {"start", "end", *contract.columns("survey")}
    rows = _sheet(written["incidents"], "survey")
    names = {r["name"] for r in rows if not r["type"].startswith(("begin_", "end_"))}
    # the repeat asks the threat type; its incident_id is the submission's own
    assert names == {"start", "end", *contract.columns("incidents"), "threat_type"}
    kinds = [(r["type"], r["name"]) for r in rows if r["type"].endswith("_repeat")]
    assert kinds == [("begin_repeat", "violations"), ("end_repeat", "violations")]


def test_labels_types_constraints_relevance_required(written):
    rows = {r["name"]: r for r in _sheet(written["survey"], "survey")}
    wave = rows["wave"]
    assert (wave["type"], wave["required"], wave["constraint"]) == ("integer", "yes", ". >= 1")
    assert wave[RU] == contract.field("survey", "wave")["description_ru"]
    assert wave[EN] == contract.field("survey", "wave")["description"]
    assert rows["security_self_rating"]["constraint"] == ". >= 1 and . <= 5"
    assert rows["annual_budget_usd"]["type"] == "decimal"
    assert rows["annual_budget_usd"]["relevant"] == "${respondent_type} = 'organization'"
    assert rows["civic_activist"]["type"] == "select_one yes_no"
    assert rows["civic_activist"]["relevant"] == "${respondent_type} = 'individual'"
    assert rows["police_appeal_result"]["relevant"] == "${police_appeal} = 'yes'"
    assert rows["specializations"]["type"] == "select_multiple specializations"
    assert rows["region"]["type"] == "select_one regions"
    assert rows["interview_date"]["type"] == "date" and rows["interview_date"]["required"] == ""
    assert rows["gender"]["required"] == ""


def test_choices_from_the_reference_tables_and_enums(written, reference):
    choices = _sheet(written["incidents"], "choices")
    regions = [(c["name"], c[RU], c[EN]) for c in choices if c["list_name"] == "regions"]
    frame = reference["regions"]
    assert regions == list(zip(frame["code"], frame["name_ru"], frame["name_en"]))
    threat = [c["name"] for c in choices if c["list_name"] == "threat_types"]
    assert threat == list(reference["threat_types"]["code"])
    responses = [(c["name"], c[EN]) for c in choices if c["list_name"] == "state_response"]
    assert responses == [("none", "No response"), ("formal", "Formal response"), ("effective", "Effective protection")]
    survey = _sheet(written["survey"], "choices")
    assert [(c["name"], c[RU]) for c in survey if c["list_name"] == "yes_no"] == [("yes", "Да"), ("no", "Нет")]


def test_every_enum_code_of_the_forms_has_labels():
    for table in ("survey", "incidents"):
        for column in contract.columns(table):
            codes = contract.enum_of(table, column) or contract.multi_select_of(table, column)
            if codes is not None:
                assert sorted(labels.ENUM_LABELS[(table, column)]) == sorted(codes), column


def test_settings_carry_the_contract_version(written):
    (settings,) = _sheet(written["survey"], "settings")
    assert settings["form_id"] == "hrd_survey_1_0_0"
    assert settings["version"] == contract.package()["version"] == "1.0.0"
    assert settings["default_language"] == "Русский (ru)"


def test_two_writes_are_byte_identical(tmp_path, written, reference):
    from hrd_bulletin.forms import write_forms

    for path in write_forms(tmp_path, reference):
        assert path.read_bytes() == written[path.stem].read_bytes()


def test_cli_forms_writes_both(tmp_path, capsys):
    assert cli.main(["forms", str(tmp_path / "out"), "--raw-dir", str(RAW)]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["incidents.xlsx", "survey.xlsx"]
    assert capsys.readouterr().out.count("wrote ") == 2
