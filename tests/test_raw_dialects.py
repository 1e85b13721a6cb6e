"""The raw data package says what the pipeline accepts: for copies of the bundled data in each
accepted dialect, ``frictionless validate`` (with the descriptor of that dialect) and the ingest
agree, row by row and value by value. Free text is kept byte-exact by both."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest
import yaml

from hrd_bulletin import contract
from hrd_bulletin.config import prepare_config
from hrd_bulletin.contract.dialect import Dialect, package_for
from hrd_bulletin.ingest.clean import clean_table, load_reference
from hrd_bulletin.ingest.source import read_raw

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NBSP = "\u00a0"

# (dialect, the words booleans are written with, free text padded with spaces)
VARIANTS = {
    "utf8-comma": (Dialect(), ("true", "false"), False),
    "utf8bom-semicolon-decimal-comma-dmy": (
        Dialect("utf-8-sig", ";", ",", None, "%d.%m.%Y"),
        ("1", "0"),
        True,
    ),
    "cp1251-semicolon-decimal-comma-dmy": (Dialect("cp1251", ";", ",", None, "%d.%m.%Y"), ("да", "нет"), True),
    "cp1251-tab-decimal-comma-grouped": (Dialect("cp1251", "\t", ",", NBSP, "%Y-%m-%d"), ("Yes", "No"), False),
    "utf8-tab-dmy": (Dialect("utf-8", "\t", ".", None, "%d.%m.%Y"), ("TRUE", "FALSE"), True),
    "cp1251-comma-decimal-comma": (Dialect("cp1251", ",", ",", None, "%Y-%m-%d"), ("Да", "Нет"), False),
}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(text: str, dialect: Dialect) -> str:
    whole, _, fraction = text.partition(".")
    if dialect.group_char and len(whole.lstrip("-")) > 3:
        digits = whole.lstrip("-")
        groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
        whole = ("-" if whole.startswith("-") else "") + dialect.group_char.join(groups)
    return whole + (dialect.decimal_char + fraction if fraction else "")


def _cell(text: str, field: dict[str, Any], variant: tuple[Dialect, tuple[str, str], bool]) -> str:
    dialect, words, pad = variant
    if text == "":
        return text
    kind = field["type"]
    if kind == "number":
        return _number(text, dialect)
    if kind == "date":
        return dt.date.fromisoformat(text).strftime(dialect.date_format)
    if kind == "boolean":
        return words[0] if text == "true" else words[1]
    if pad and field.get("x-free-text"):
        return f"  {text} "
    return text


def _write_copy(dest: Path, variant: tuple[Dialect, tuple[str, str], bool]) -> Path:
    dialect = variant[0]
    for name in (*contract.RAW_TABLES, *contract.REFERENCE_TABLES):
        fields = {f["name"]: f for f in contract.resource(name)["schema"]["fields"]}
        rows = _rows(RAW / contract.path(name))
        target = dest / contract.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding=dialect.encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=dialect.delimiter, lineterminator="\r\n")
            writer.writerow(list(rows[0]))
            writer.writerows([[_cell(v, fields[k], variant) for k, v in row.items()] for row in rows])
    descriptor = package_for(dialect)
    (dest / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return dest


def _plain(value: Any) -> Any:
    """A value of either reader in one form: None, str, int, float, bool or date."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _ingest(copy: Path) -> dict[str, pd.DataFrame]:
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    seasons = prepare_config(config)["seasons"]
    reference = load_reference(copy / "reference")
    clean: dict[str, pd.DataFrame] = {}
    for name in contract.RAW_TABLES:  # incidents come before the tables that point at them
        result = clean_table(
            name, read_raw(copy / contract.path(name), name), reference, seasons, clean.get("incidents")
        )
        assert result.summary["rejected_rows"] == 0, (name, result.rejected.head(3).to_dict("records"))
        clean[name] = result.clean
    return clean


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def copy_and_clean(request, tmp_path_factory) -> tuple[str, Path, dict[str, pd.DataFrame]]:
    copy = _write_copy(tmp_path_factory.mktemp(request.param), VARIANTS[request.param])
    return request.param, copy, _ingest(copy)


def test_frictionless_accepts_the_copy_as_the_ingest_does(copy_and_clean) -> None:
    _name, copy, _clean = copy_and_clean
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_both_read_the_same_values(copy_and_clean) -> None:
    _name, copy, clean = copy_and_clean
    package = frictionless.Package(str(copy / "datapackage.json"))
    for name in contract.RAW_TABLES:
        rows = [row.to_dict() for row in package.get_resource(name).read_rows()]
        frame = clean[name]
        assert len(rows) == len(frame), name
        for column in contract.columns(name):
            ours = [_plain(v) for v in frame[column].astype(object)]
            theirs = [_plain(row.get(column)) for row in rows]
            assert ours == theirs, f"{name}.{column}"


def test_the_values_are_those_of_the_bundled_file(copy_and_clean) -> None:
    # survey.csv line 2 (R0001): budget 57000, interviewed 2015-09-01, security_training true, has_alarm false;
    # incidents.csv line 2 (I000001): in Актобе, on 2015-08-02, complaint filed.
    name, _copy, clean = copy_and_clean
    first = clean["survey"].iloc[0]
    assert first["respondent_id"] == "R0001" and first["annual_budget_usd"] == 57000.0
    assert (
        first["interview_date"] == pd.Timestamp("2015-09-01")
        and bool(first["security_training"])
        and not first["has_alarm"]
    )
    incident = clean["incidents"].iloc[0]
    padded = VARIANTS[name][2]
    assert incident["settlement"] == ("  Актобе " if padded else "Актобе")
    assert incident["date"] == pd.Timestamp("2015-08-02") and bool(incident["complaint_filed"])


def test_free_text_keeps_its_spaces_and_codes_lose_theirs(tmp_path: Path) -> None:
    copy = _write_copy(tmp_path, VARIANTS["utf8-comma"])
    path = copy / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("region")] = " akt "  # a code: trimmed and upper-cased
    cells[header.index("description")] = " Угрозы;  пострадавший: активист  "
    cells[header.index("settlement")] = "Актобе\t"
    buffer = _csv_line(cells)
    path.write_text(lines[0] + buffer + "".join(lines[2:]), encoding="utf-8")
    reference = load_reference(copy / "reference")
    seasons = prepare_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8")))["seasons"]
    result = clean_table("incidents", read_raw(path, "incidents"), reference, seasons)
    row = result.clean.iloc[0]
    assert row["region"] == "AKT"
    assert row["description"] == " Угрозы;  пострадавший: активист  "
    assert row["settlement"] == "Актобе\t"


def _csv_line(cells: list[str]) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def test_a_dialect_the_ingest_refuses_has_no_descriptor() -> None:
    with pytest.raises(ValueError, match="not among the accepted encodings"):
        package_for(Dialect(encoding="latin-1"))
    with pytest.raises(ValueError, match="not among the accepted delimiters"):
        package_for(Dialect(delimiter="|"))


def test_the_bundled_descriptor_states_the_bundled_dialect() -> None:
    package = contract.package()
    for resource in package["resources"]:
        assert resource["encoding"] == "utf-8" and resource["dialect"]["delimiter"] == ","
    budget = contract.field("survey", "annual_budget_usd")
    assert budget["decimalChar"] == "."
    assert contract.field("survey", "interview_date")["format"] == "%Y-%m-%d"
    assert {"да", "Да", "ДА", "yes", "1", "true"} <= set(contract.field("survey", "has_alarm")["trueValues"])
    assert contract.is_free_text("incidents", "description") and not contract.is_free_text("incidents", "region")
