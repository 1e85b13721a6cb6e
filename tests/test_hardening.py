"""Hostile and careless inputs (issue 15): hostile workbooks, formulas without a value, malformed
quoting, huge fields and old line ends, numbers beyond storage, repeated identifiers, unexpected
errors, two runs on one output directory.

Every expectation is worked out by hand from the bundled data: incidents.csv has 967 rows on lines
2-968 (line n holds incident I00000{n-1}); each case changes one thing in a copy.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hrd_bulletin import ingest
from hrd_bulletin.cli import main
from hrd_bulletin.errors import DataError
from hrd_bulletin.io import read_table
from workflow_helpers import ROOT, copy_workflow, snakemake

BUNDLED = ROOT / "data" / "raw"
SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31"},
]
QUOTE = (
    "a quoted field not closed by a quote just before a delimiter or the line end "
    "(this line alone rejected, reading resumed on the next line)"
)
NO_VALUE = "formula without a computed value in cell {cell}: open and save the workbook in a spreadsheet program"
STORED = "beyond the numbers that can be stored"


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    # validate: no config/config.yaml in the working directory, the bundled seasons apply
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture(scope="module")
def reference() -> dict[str, pd.DataFrame]:
    return ingest.load_reference(BUNDLED / "reference")


def incident_lines() -> list[str]:
    return (BUNDLED / "incidents.csv").read_text(encoding="utf-8").split("\n")


def fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def joined(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)  # "\r\n" ends: a field holding \r or \n is quoted
    return out.getvalue()[:-2]


def ingest_incidents(path: Path, reference) -> ingest.IngestResult:
    return ingest.clean_table("incidents", ingest.read_raw(path), reference, SEASONS)


def counts(result: ingest.IngestResult) -> tuple[int, int, int]:
    s = result.summary
    return s["raw_rows"], s["clean_rows"], s["rejected_rows"]


def raw_copy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(BUNDLED, raw)
    return raw


# --------------------------------------------------------------------------- 3. malformed quoting
def as_delimited(line: str, delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerow(fields(line))
    return out.getvalue()[:-2]


def _cells(cells: list[str], delimiter: str) -> str:
    return as_delimited(joined(cells), delimiter) if cells else ""


def _unclosed_description(line: str, d: str = ",") -> str:
    cells = fields(line)
    return d.join([_cells(cells[:9], d), '"' + cells[9], _cells(cells[10:], d)])  # opened, never closed


def _unclosed_settlement(line: str, d: str = ",") -> str:
    cells = fields(line)
    return d.join([_cells(cells[:3], d), '"' + cells[3], _cells(cells[4:], d)])


def _stray_after_closing(line: str, d: str = ",") -> str:
    cells = fields(line)
    return d.join([_cells(cells[:3], d), f'"{cells[3]}" центр', _cells(cells[4:], d)])


def _quoted_then_unclosed(line: str, d: str = ",") -> str:
    # the description quoted and closed, the URL opened and never closed
    cells = fields(line)
    return d.join([_cells(cells[:9], d), _cells([cells[9] + ' "x"'], d), '"' + cells[10]])


QUOTE_CASES = [
    pytest.param(6, _unclosed_description, "utf-8", ",", "\n", id="description-line6"),
    pytest.param(2, _unclosed_description, "utf-8", ",", "\n", id="description-first-line"),
    pytest.param(968, _unclosed_description, "utf-8", ",", "\n", id="description-last-line"),
    pytest.param(6, _unclosed_settlement, "utf-8", ",", "\n", id="settlement"),
    pytest.param(300, _stray_after_closing, "utf-8", ",", "\n", id="stray-after-closing"),
    pytest.param(6, _quoted_then_unclosed, "utf-8", ",", "\n", id="url"),
    pytest.param(6, _unclosed_description, "cp1251", ",", "\n", id="cp1251"),
    pytest.param(6, _unclosed_description, "utf-8-sig", ",", "\r\n", id="bom-crlf"),
    pytest.param(6, _unclosed_description, "utf-8", ";", "\n", id="semicolon"),
    pytest.param(951, _unclosed_description, "cp1251", "\t", "\r", id="cp1251-tab-lone-cr"),
]


@pytest.mark.parametrize("line,breaker,encoding,delimiter,end", QUOTE_CASES)
def test_an_unclosed_quote_rejects_its_line_alone(tmp_path, reference, line, breaker, encoding, delimiter, end):
    lines = incident_lines()
    broken = breaker(lines[line - 1], delimiter)
    lines = [as_delimited(row, delimiter) if row else row for row in lines]
    lines[line - 1] = broken
    path = tmp_path / "incidents.csv"
    path.write_bytes(end.join(lines).encode(encoding))
    result = ingest_incidents(path, reference)
    assert result.rejected[["line", "reason"]].values.tolist() == [[line, QUOTE]]
    assert result.failures[["line", "kind"]].values.tolist() == [[line, "quote"]]
    # the record is the file's line: 967 records, and the rows after it are read as rows
    assert counts(result) == (967, 966, 1)
    after = [f"I{n - 1:06d}" for n in range(line + 1, min(line + 6, 969))]
    assert set(after) <= set(result.clean["incident_id"])
    assert f"I{line - 1:06d}" not in set(result.clean["incident_id"])
    # nothing lost: the rejected row holds the line's text
    assert result.rejected["incident_id"].tolist() == [f"I{line - 1:06d}"]


def test_several_unclosed_quotes_each_reject_one_line(tmp_path, reference):
    lines = incident_lines()
    for n in (3, 4, 50, 900):
        lines[n - 1] = _unclosed_description(lines[n - 1])
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = ingest_incidents(path, reference)
    assert result.rejected["line"].tolist() == [3, 4, 50, 900]
    assert counts(result) == (967, 963, 4)


def test_validate_and_the_reader_agree_on_a_malformed_quote(tmp_path, capsys):
    raw = raw_copy(tmp_path)
    lines = incident_lines()
    lines[5] = _unclosed_description(lines[5])
    (raw / "incidents.csv").write_text("\n".join(lines), encoding="utf-8")
    assert main(["validate", str(raw), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"incidents ({raw / 'incidents.csv'}): 967 rows: 966 accepted, 1 rejected" in out
    assert f"  line 6: {QUOTE}" in out


# --------------------------------------------------------------------------- 4. sizes, line ends
def test_a_50_mb_field_rejects_its_row_with_its_size(tmp_path, reference):
    lines = incident_lines()
    cells = fields(lines[5])
    lines[5] = joined([*cells[:9], "x" * (50 << 20), cells[10]])
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = ingest_incidents(path, reference)
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [
            6,
            "column 'description': expected at most 1048576 bytes in a field (ingest.max_field_bytes), "
            "found 52428800 bytes",
        ]
    ]
    assert len(result.rejected["description"].iloc[0]) == 50 << 20  # kept whole in quarantine
    assert counts(result) == (967, 966, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_the_field_limit_counts_utf8_bytes_and_is_configurable(tmp_path, reference, encoding):
    from hrd_bulletin.ingest import limits  # new in issue 15

    lines = incident_lines()
    cells = fields(lines[5])
    lines[5] = joined([*cells[:9], "ж" * 600, cells[10]])  # 600 characters, 1200 bytes in UTF-8
    path = tmp_path / "incidents.csv"
    path.write_bytes("\n".join(lines).encode(encoding))
    with limits.using(limits.Limits(max_field_bytes=1199)):
        result = ingest_incidents(path, reference)
    assert result.failures[["line", "column", "kind", "found"]].values.tolist() == [
        [6, "description", "field size", "1200"]
    ]
    with limits.using(limits.Limits(max_field_bytes=1200)):
        assert counts(ingest_incidents(path, reference)) == (967, 967, 0)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_a_200_kb_field_with_a_carriage_return_inside(tmp_path, reference, encoding):
    # an old-Mac export (lone CR line ends) whose description holds a CR too
    lines = incident_lines()
    cells = fields(lines[5])
    text = "y" * (100 << 10) + "\r" + "z" * (100 << 10)
    lines[5] = joined([*cells[:9], text, cells[10]])
    path = tmp_path / "incidents.csv"
    path.write_bytes("\r".join(lines).encode(encoding))
    result = ingest_incidents(path, reference)
    assert counts(result) == (967, 967, 0)
    assert result.clean["description"].iloc[4] == text


@pytest.mark.parametrize(
    "ends",
    [
        pytest.param(("\r",), id="lone-cr"),
        pytest.param(("\r", "\r", "\r\n"), id="mixed"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "utf-8-sig"])
def test_old_mac_and_mixed_line_ends_are_line_ends(tmp_path, reference, ends, encoding):
    lines = incident_lines()[:-1]  # the file ends with a newline
    lines[5] = lines[5].replace(",KAR,", ",XXX,", 1)  # line 6 (I000005, Karaganda): a bad code
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    path = tmp_path / "incidents.csv"
    path.write_bytes(text.encode(encoding))
    result = ingest_incidents(path, reference)
    assert result.rejected[["line", "column"]].values.tolist() == [[6, "region"]]
    assert counts(result) == (967, 966, 1)


def test_validate_takes_the_field_limit_of_its_config(tmp_path, capsys):
    import yaml

    raw = raw_copy(tmp_path)
    lines = incident_lines()
    cells = fields(lines[5])
    lines[5] = joined([*cells[:9], "ж" * 300, cells[10]])  # 600 bytes in UTF-8
    (raw / "incidents.csv").write_text("\n".join(lines), encoding="utf-8")
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["ingest"] = {"max_field_bytes": 599}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert main(["validate", str(raw), "--lang", "en", "--config", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"incidents ({raw / 'incidents.csv'}): 967 rows: 966 accepted, 1 rejected" in out
    assert (
        "  line 6: column 'description': expected at most 599 bytes in a field (ingest.max_field_bytes), "
        "found 600 bytes"
    ) in out


def test_an_unexpected_error_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys):
    raw = raw_copy(tmp_path)

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("hrd_bulletin.ingest.clean.row_rules", broken)  # a bug in the raw tables' checks
    assert main(["validate", str(raw), "--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"error: {raw / 'survey.csv'}: could not be read: KeyError: 'boom' "
        "(an unexpected error: please report it to the maintainers)"
    )
    assert all(line.startswith("error: ") for line in err)


# --------------------------------------------------------------------------- 5. finite numbers
@pytest.mark.parametrize(
    "line,column,value,what",
    [
        pytest.param(2, "annual_budget_usd", "9" * 400, "a value >= 0", id="budget-400-digits"),
        pytest.param(2, "annual_budget_usd", "1" + "0" * 320 + ",5", "a value >= 0", id="budget-decimal-comma"),
        pytest.param(4, "experience_years", "99999999999999999999", "a value >= 0", id="years-20-digits"),
        pytest.param(4, "experience_years", "18446744073709551621", "a value >= 0", id="years-wraps-to-5"),
        pytest.param(4, "threats", "-9223372036854775809", "a value >= 0", id="threats-below-int64"),
        pytest.param(4, "security_self_rating", "9" * 30, "a value from 1 to 5", id="rating"),
    ],
)
def test_numbers_beyond_storage_are_rejected_with_the_range(tmp_path, reference, line, column, value, what):
    from test_bad_inputs import with_cell

    path = with_cell(tmp_path, "survey", line, column, value)
    result = ingest.clean_table("survey", ingest.read_raw(path), reference, SEASONS)
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [line, f"column '{column}': expected {what}, found '{value}', {STORED}"]
    ]
    assert result.failures["kind"].tolist() == ["overflow"]


# --------------------------------------------------------------------------- 8. repeated identifiers
def test_three_rows_of_one_identifier_all_go_to_quarantine(tmp_path, reference):
    lines = incident_lines()
    for n in (500, 968):
        lines[n - 1] = "I000001" + lines[n - 1][len("I000001") :]
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = ingest_incidents(path, reference)
    reason = "column 'incident_id': identifier 'I000001' used by the rows on lines 2, 500 and 968"
    assert result.rejected[["line", "reason"]].values.tolist() == [[2, reason], [500, reason], [968, reason]]
    assert counts(result) == (967, 964, 3)


def test_validate_lists_the_rows_of_an_identifier_together(tmp_path, capsys):
    raw = raw_copy(tmp_path)
    lines = incident_lines()
    lines[8] = "I000002" + lines[8][len("I000008") :]  # line 9 takes line 3's id
    lines[4] = lines[4].replace(",2015-", ",2014-", 1)  # line 5: a date in no season
    (raw / "incidents.csv").write_text("\n".join(lines), encoding="utf-8")
    assert main(["validate", str(raw), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    start = out.index(f"incidents ({raw / 'incidents.csv'}): 967 rows: 964 accepted, 3 rejected")
    listed = [line.split(":")[0] for line in out[start + 1 : start + 4]]
    assert listed == ["  line 3", "  line 9", "  line 5"]
    assert out[start + 1] == "  line 3: column 'incident_id': identifier 'I000002' used by the rows on lines 3 and 9"


# --------------------------------------------------------------------------- 1. hostile workbooks
def small_book(path: Path, sheet: str, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as src:
        parts = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts:
            dst.writestr(name, change(data) if name == member else data)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>"
)
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _laughs(data: bytes) -> bytes:
    return LAUGHS + data.replace(b"<t>search</t>", b"<t>&lol9;</t>")


def _external(data: bytes) -> bytes:
    return EXTERNAL + data.replace(b"<t>search</t>", b"<t>&e;</t>")


def _declare_only(data: bytes) -> bytes:
    declaration, sep, rest = data.partition(b"?>")
    dtd = b'<!DOCTYPE Types [<!ENTITY e "x">]>'
    return declaration + sep + dtd + rest if sep else dtd + data


DTD = "declares a DTD or entities (<!DOCTYPE, <!ENTITY): refused, a spreadsheet never needs them"
BOMB = "the workbook expands to more than 268435456 bytes (part {part}; ingest.max_unzipped_bytes)"
RATIO = "the workbook part {part} expands more than 200 times its compressed size (ingest.max_zip_ratio)"


def _entity_book(member: str, change):
    def build(path: Path) -> None:
        small_book(path, "violations", [["incident_id", "threat_type"], ["I000001", "search"]])
        rewrite_part(path, member, change)

    return build


def _sheet_bomb(size: int):
    def build(path: Path) -> None:
        small_book(path, "violations", [["incident_id", "threat_type"], ["I000001", "search"]])
        with zipfile.ZipFile(path) as src:
            parts = [(info.filename, src.read(info)) for info in src.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in parts:
                if name != "xl/worksheets/sheet1.xml":
                    dst.writestr(name, data)
                    continue
                head, _, tail = data.partition(b"</sheetData>")
                with dst.open(name, "w", force_zip64=True) as part:
                    part.write(head)
                    blank = b" " * (1 << 20)  # whitespace between rows: valid XML, 1000:1 compressed
                    for _ in range(size >> 20):
                        part.write(blank)
                    part.write(b"</sheetData>" + tail)

    return build


WORKBOOK_CASES = [
    pytest.param(_entity_book("xl/worksheets/sheet1.xml", _laughs), f"xl/worksheets/sheet1.xml {DTD}", id="laughs"),
    pytest.param(_entity_book("xl/worksheets/sheet1.xml", _external), f"xl/worksheets/sheet1.xml {DTD}", id="xxe"),
    pytest.param(_entity_book("xl/workbook.xml", _external), f"xl/workbook.xml {DTD}", id="xxe-workbook"),
    pytest.param(_entity_book("[Content_Types].xml", _declare_only), f"[Content_Types].xml {DTD}", id="dtd-types"),
    pytest.param(_sheet_bomb(300 << 20), BOMB.format(part="xl/worksheets/sheet1.xml"), id="bomb-300MB"),
    pytest.param(_sheet_bomb(64 << 20), RATIO.format(part="xl/worksheets/sheet1.xml"), id="ratio-64MB"),
]


@pytest.mark.parametrize("build,message", WORKBOOK_CASES)
def test_a_hostile_workbook_is_refused_at_once(tmp_path, build, message):
    path = tmp_path / "book.xlsx"
    build(path)
    start = time.perf_counter()
    with pytest.raises(DataError) as err:
        ingest.read_raw(path, "violations")
    elapsed = time.perf_counter() - start
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: ")
    assert message in text
    assert elapsed < 1.0


@pytest.mark.parametrize("build,message", WORKBOOK_CASES[:1] + WORKBOOK_CASES[4:5])
def test_validate_exits_2_for_a_hostile_workbook(tmp_path, capsys, build, message):
    raw = raw_copy(tmp_path)
    (raw / "violations.csv").unlink()
    build(raw / "book.xlsx")
    start = time.perf_counter()
    assert main(["validate", str(raw), "--lang", "en"]) == 2
    assert time.perf_counter() - start < 20
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"error: {raw / 'book.xlsx'}: ")
    assert message in err[0]


def test_the_pipeline_stops_with_one_line_for_a_hostile_workbook(tmp_path):
    work = copy_workflow(tmp_path / "work")
    (work / "data" / "raw" / "violations.csv").unlink()
    WORKBOOK_CASES[0].values[0](work / "data" / "raw" / "book.xlsx")
    run = snakemake(work, "--dry-run")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        f"error: data/raw/book.xlsx: the workbook part xl/worksheets/sheet1.xml {DTD}"
    ]


# --------------------------------------------------------------------------- 2. formulas
def _formula_book(path: Path) -> Path:
    """court_cases: line 2 plain; line 3 a formula without a value in incident_id (B3); line 4 a
    formula with a cached text in outcome (F4) and one with an empty text result in incident_id
    (B4); line 5 a formula without a value in case_type (D5). openpyxl saves formulas with an
    empty <v />, as a program that does not calculate does."""
    rows = [
        ["case_id", "incident_id", "decision_date", "case_type", "hrd_role", "outcome"],
        ["C1", "I000001", "2015-10-01", "civil", "plaintiff", "for_hrd"],
        ["C2", "=A1", "2015-10-02", "civil", "plaintiff", "for_hrd"],
        ["C3", '=""', "2015-10-03", "civil", "plaintiff", "=LOWER(F2)"],
        ["C4", "", "2015-10-04", '=IF(1,"civil","")', "plaintiff", "pending"],
    ]
    small_book(path, "court_cases", rows)

    def computed(data: bytes) -> bytes:
        # a program that computes formulas stores the result next to each of them; openpyxl
        # writes the empty value as <v /> or, with lxml installed, as <v></v>
        data = re.sub(
            rb'<c r="F4"><f>LOWER\(F2\)</f><v ?/>|<c r="F4"><f>LOWER\(F2\)</f><v></v>',
            b'<c r="F4" t="str"><f>LOWER(F2)</f><v>for_hrd</v>',
            data,
        )
        return re.sub(rb'<c r="B4"><f>""</f>(?:<v ?/>|<v></v>)', b'<c r="B4" t="str"><f>""</f><v></v>', data)

    rewrite_part(path, "xl/worksheets/sheet1.xml", computed)
    assert b"<v>for_hrd</v>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    return path


def test_a_formula_without_a_value_rejects_its_row_naming_the_cell(tmp_path, reference):
    path = _formula_book(tmp_path / "book.xlsx")
    incidents = pd.DataFrame({"incident_id": pd.Series(["I000001"], dtype="str")})
    raw = ingest.read_raw(path, "court_cases")
    result = ingest.clean_table("court_cases", raw, reference, SEASONS, incidents)
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [3, "column 'incident_id': " + NO_VALUE.format(cell="B3")],
        [5, "column 'case_type': " + NO_VALUE.format(cell="D5")],
    ]
    assert result.clean["case_id"].tolist() == ["C1", "C3"]
    assert result.clean["outcome"].astype(str).tolist() == ["for_hrd", "for_hrd"]  # the cached value


def test_validate_names_the_formula_cell(tmp_path, capsys):
    raw = raw_copy(tmp_path)
    (raw / "court_cases.csv").unlink()
    _formula_book(raw / "book.xlsx")
    assert main(["validate", str(raw), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"court_cases ({raw / 'book.xlsx'}[court_cases]): 4 rows: 2 accepted, 2 rejected" in out
    assert "  line 3: column 'incident_id': " + NO_VALUE.format(cell="B3") in out


# --------------------------------------------------------------------------- validate = pipeline
def test_validate_and_the_pipeline_reject_the_same_rows(tmp_path, capsys):
    work = copy_workflow(tmp_path / "work")
    raw = work / "data" / "raw"
    lines = incident_lines()
    lines[5] = _unclosed_description(lines[5])
    lines[8] = "I000002" + lines[8][len("I000008") :]
    (raw / "incidents.csv").write_text("\r".join(lines), encoding="cp1251")
    (raw / "court_cases.csv").unlink()
    _formula_book(raw / "book.xlsx")
    assert main(["validate", str(raw), "--lang", "en", "--config", str(work / "config" / "config.yaml")]) == 1
    out = capsys.readouterr().out
    run = snakemake(work, "data/processed/rejected/incidents.parquet", "data/processed/rejected/court_cases.parquet")
    assert run.returncode == 0, run.stderr[-3000:]
    for table, lines_listed in (("incidents", [3, 6, 9]), ("court_cases", [3, 5])):
        rejected = read_table(work / "data" / "processed" / "rejected" / f"{table}.parquet")
        assert sorted(rejected["line"].tolist()) == lines_listed
        for line, reason in zip(rejected["line"], rejected["reason"]):
            assert f"  line {line}: {reason}" in out


# --------------------------------------------------------------------------- 7. concurrent runs
METRICS = ["ingest_summary", "survey_shares", "attack_prevalence", "incidents_by_season", "media_summary"]


def test_a_second_checkout_on_the_same_output_directory_stops_with_one_line(tmp_path):
    first = copy_workflow(tmp_path / "first")
    second = copy_workflow(tmp_path / "second")
    shared = tmp_path / "shared"
    options = [f"processed_dir={shared / 'processed'}", f"report_dir={shared / 'report'}"]
    targets = [str(shared / "processed" / f"{name}.parquet") for name in METRICS]
    env = {**os.environ}
    one = subprocess.Popen(
        [sys.executable, "-m", "snakemake", *targets, "--cores", "1", "--quiet", "--config", *options],
        cwd=first,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lock = shared / "processed" / ".hrd-bulletin.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() and time.monotonic() < deadline and one.poll() is None:
        time.sleep(0.05)
    assert lock.exists(), "the first run never held the directory"
    two = snakemake(second, *targets, "--config", *options)
    _, err = one.communicate(timeout=600)
    assert one.returncode == 0, err[-3000:]
    assert two.returncode == 1
    assert "Traceback" not in two.stderr
    errors = [line for line in two.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {shared / 'processed'}: in use by another run (pid {one.pid} on ")
    assert f"from {first})" in errors[0]
    assert errors[0].endswith(
        "wait until it ends, or build into other directories (--config processed_dir=... report_dir=...)"
    )
    # the first run's outputs are whole, and the lock is gone with it
    for name in METRICS:
        assert len(read_table(shared / "processed" / f"{name}.parquet")) > 0
    assert not lock.exists()
    assert not (second / ".snakemake" / "incomplete").exists() or not any(
        (second / ".snakemake" / "incomplete").iterdir()
    )
