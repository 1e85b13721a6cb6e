"""``hrd-bulletin``: check a dataset against the contract, write the data-entry template, reconstruct.

``hrd-bulletin validate RAW_DIR [--lang ru|en] [--config FILE] [--all]`` runs ingest's checks on
every raw table without writing anything and lists the rejected rows; exit status 0 = clean,
1 = rows rejected, 2 = a file cannot be read (or the config is invalid).
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.errors import UserError

DEFAULT_CONFIG = Path("config/config.yaml")
LISTED_ROWS = 50  # rejected rows listed per table without --all
_NEEDS_INCIDENTS = ("violations", "court_cases", "media")

# Fixed parts of the validate report; ingest's reasons are rebuilt from their structured form.
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "error": "error: {message}",
        "table": "{table} ({path}): {rows} rows: {clean} accepted, {rejected} rejected",
        "extra": "  extra columns not in the contract (ignored): {columns}",
        "row": "  line {line}: {reasons}",
        "more": "  ... and {count} more rejected rows (--all lists every one)",
        "skipped": "{table}: not checked, the incidents could not be read",
        "unreadable": "{table}: file not readable",
        "clean": "OK: every row of every table fits the contract",
        "rejected": "{count} rows rejected in total",
        "files": "{count} files could not be read",
        "column": "column '{column}': {reason}",
    },
    "ru": {
        "error": "ошибка: {message}",
        "table": "{table} ({path}): строк {rows}: принято {clean}, отклонено {rejected}",
        "extra": "  лишние столбцы вне контракта (не используются): {columns}",
        "row": "  строка {line}: {reasons}",
        "more": "  ... и ещё {count} отклонённых строк (--all — показать все)",
        "skipped": "{table}: не проверено, так как не удалось прочитать incidents",
        "unreadable": "{table}: файл не читается",
        "clean": "Всё в порядке: все строки всех таблиц соответствуют контракту",
        "rejected": "Всего отклонено строк: {count}",
        "files": "Не удалось прочитать файлов: {count}",
        "column": "столбец '{column}': {reason}",
    },
}

_RU_TYPES = {
    "integer": "целое число",
    "number": "число (десятичная точка или запятая)",
    "date": "дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ",
    "boolean": "да/нет (1/0, true/false, yes/no, да/нет)",
}
_RU_APPLIES = {"individual": "физических лиц", "organization": "организаций"}
_RU_REASONS = {
    "type": "ожидается {expected_ru}, найдено '{found}'",
    "range": "ожидается {expected_ru}, найдено '{found}'",
    "enum": "ожидается один из кодов {expected}, найдено '{found}'",
    "reference": "ожидается код из справочника {expected}, найдено '{found}'",
    "multi-select": "ожидаются коды через ';' из списка {expected}, найдены неизвестные '{found}'",
    "required": "значение обязательно, ячейка пуста",
    "pattern": "ожидается текст по шаблону {expected}, найдено '{found}'",
    "duplicate key": "повтор ключа ({expected}): '{found}' (впервые в строке {detail})",
    "incident not found": "ожидается incident_id одного из принятых происшествий, найдено '{found}'",
    "applies to": "вопрос только для {expected_ru}, найдено '{found}' при respondent_type '{detail}'",
    "requires": "заполняется только при {expected} = да, найдено '{found}' при {expected} '{detail}'",
    "season": "ожидается дата внутри сезона ({expected}), найдено '{found}'",
    "field count": "ожидается полей: {expected}, как в заголовке; найдено полей: {found}",
}


# --------------------------------------------------------------------------- output safety
def escape_control(text: str) -> str:
    """Control and format characters (ESC, CR, bidi overrides, ...) as visible escapes: no terminal injection."""
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            code = ord(char)
            named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
            out.append(named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(char)
    return "".join(out)


def _say(stream: TextIO, text: str) -> None:
    print(escape_control(text), file=stream)


# --------------------------------------------------------------------------- reasons
def _range_ru(expected: str) -> str:
    low, _, high = expected.partition("..")
    if low and high:
        return f"значение от {low} до {high}"
    if low:
        return f"значение не меньше {low}"
    return f"значение не больше {high}"


def reason_text(failure: Mapping[str, Any], lang: str) -> str:
    """One failure of ``IngestResult.failures`` as words in ``lang`` (``ru`` or ``en``)."""
    column = failure.get("column")
    has_column = isinstance(column, str) and bool(column)
    if lang == "en":
        reason = str(failure["message"])
    else:
        kind = str(failure["kind"])
        expected = str(failure["expected"])
        fields = {
            "expected": expected,
            "found": str(failure["found"]),
            "detail": str(failure["detail"]),
            "expected_ru": (
                _RU_TYPES.get(expected, expected)
                if kind == "type"
                else _range_ru(expected)
                if kind == "range"
                else _RU_APPLIES.get(expected, expected)
            ),
        }
        template = _RU_REASONS.get(kind)
        reason = template.format(**fields) if template is not None else str(failure["message"])
    if not has_column:
        return reason
    return MESSAGES[lang]["column"].format(column=column, reason=reason)


def _row_lines(failures: pd.DataFrame, lang: str, limit: int | None) -> tuple[list[str], int]:
    """Listing lines for the rejected rows (first ``limit``), and how many rows were left out."""
    lines = failures["line"].drop_duplicates()
    shown = lines if limit is None else lines.iloc[:limit]
    subset = failures[failures["line"].isin(shown)]
    # a bounded number of rows (LISTED_ROWS unless --all): formatting each one is cheap
    texts = [reason_text(f, lang) for f in subset.to_dict("records")]
    joined = pd.Series(texts, index=subset.index).groupby(subset["line"], sort=False).agg("; ".join)
    out = [MESSAGES[lang]["row"].format(line=line, reasons=reasons) for line, reasons in joined.items()]
    return out, len(lines) - len(shown)


# --------------------------------------------------------------------------- validate
def _seasons(config: str | None) -> list[dict[str, Any]]:
    from hrd_bulletin.config import load_config

    if config is not None:
        return list(load_config(config)["seasons"])
    if DEFAULT_CONFIG.is_file():
        return list(load_config(DEFAULT_CONFIG)["seasons"])
    from hrd_bulletin.reconstruct import BULLETIN_SEASONS

    return [dict(s) for s in BULLETIN_SEASONS]


def validate(
    raw_dir: str | Path,
    *,
    lang: str = "ru",
    config: str | None = None,
    show_all: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check every raw table of ``raw_dir`` against the contract, writing nothing; return the exit status."""
    from hrd_bulletin import ingest

    out = out or sys.stdout
    err = err or sys.stderr
    text = MESSAGES[lang]
    raw_dir = Path(raw_dir)
    try:
        seasons = _seasons(config)
        if not raw_dir.is_dir():
            raise UserError(f"{raw_dir}: no such directory")
        reference = ingest.load_reference(raw_dir / "reference")
    except UserError as exc:
        _say(err, text["error"].format(message=exc))
        return 2
    unreadable = 0
    rejected_total = 0
    incidents: pd.DataFrame | None = None
    for table in contract.RAW_TABLES:
        if table in _NEEDS_INCIDENTS and incidents is None:
            _say(out, text["skipped"].format(table=table))
            continue
        try:
            path = ingest.raw_source(raw_dir, table)
            raw = ingest.read_raw(path, table)
            result = ingest.clean_table(
                table, raw, reference, seasons, incidents if table in _NEEDS_INCIDENTS else None
            )
        except UserError as exc:
            unreadable += 1
            _say(out, text["unreadable"].format(table=table))
            _say(err, text["error"].format(message=exc))
            continue
        if table == "incidents":
            incidents = result.clean
        s = result.summary
        _say(
            out,
            text["table"].format(
                table=table, path=raw.path, rows=s["raw_rows"], clean=s["clean_rows"], rejected=s["rejected_rows"]
            ),
        )
        if s["extra_columns"]:
            _say(out, text["extra"].format(columns=", ".join(s["extra_columns"])))
        rows, more = _row_lines(result.failures, lang, None if show_all else LISTED_ROWS)
        for line in rows:
            _say(out, line)
        if more:
            _say(out, text["more"].format(count=more))
        rejected_total += int(s["rejected_rows"])
    if unreadable:
        _say(out, text["files"].format(count=unreadable))
        return 2
    if rejected_total:
        _say(out, text["rejected"].format(count=rejected_total))
        return 1
    _say(out, text["clean"])
    return 0


# --------------------------------------------------------------------------- template
def template(
    out_dir: str | Path, raw_dir: str | Path | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Write the data-entry workbook (codes from ``raw_dir/reference`` if given); return the exit status."""
    from hrd_bulletin import ingest, workbook

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        reference = ingest.load_reference(Path(raw_dir) / "reference") if raw_dir is not None else None
        path = workbook.write_template(out_dir, reference)
    except UserError as exc:
        _say(err, f"error: {exc}")
        return 2
    _say(out, f"wrote {path}")
    return 0


# --------------------------------------------------------------------------- entry point
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hrd-bulletin",
        description="Monitoring bulletin on threats to human-rights defenders: data tools.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("validate", help="check a raw dataset against the data contract (writes nothing)")
    check.add_argument("raw_dir", help="directory with the raw tables (CSV or an XLSX workbook) and reference/")
    check.add_argument("--lang", choices=("ru", "en"), default="ru", help="language of the report (default ru)")
    check.add_argument("--config", help=f"config file with the seasons (default {DEFAULT_CONFIG} if present)")
    check.add_argument(
        "--all",
        action="store_true",
        dest="show_all",
        help=f"list every rejected row (default: the first {LISTED_ROWS} per table)",
    )
    blank = sub.add_parser("template", help="write the XLSX data-entry template")
    blank.add_argument("out_dir", help="directory to write monitoring_template.xlsx into")
    blank.add_argument("--raw-dir", help="take the codes from RAW_DIR/reference (default: the bundled ones)")
    sub.add_parser(
        "reconstruct", add_help=False, help="write the reconstructed dataset (see: hrd-bulletin reconstruct --help)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console script ``hrd-bulletin``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["reconstruct"]:
        from hrd_bulletin.reconstruct.__main__ import main as reconstruct_main

        return reconstruct_main(args_list[1:])
    args = _parser().parse_args(args_list)
    try:
        if args.command == "validate":
            return validate(args.raw_dir, lang=args.lang, config=args.config, show_all=args.show_all)
        return template(args.out_dir, args.raw_dir)
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: stop quietly, as other command-line tools do
        # (the Python docs' recipe: point stdout at devnull so the final flush cannot fail)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
