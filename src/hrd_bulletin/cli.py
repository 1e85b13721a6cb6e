"""``hrd-bulletin``: check a dataset against the contract, write the data-entry template, reconstruct.

``hrd-bulletin validate RAW_DIR [--lang ru|en] [--config FILE] [--all]`` runs ingest's checks on
every raw table without writing anything and lists the rejected rows; exit status 0 = clean,
1 = rows rejected, 2 = a file cannot be read (or the config is invalid). The seasons come from
``--config``, else ``config/config.yaml`` in the current directory, else the bulletin's own
(``DEFAULT_SEASONS``). ``hrd-bulletin template OUT_DIR [--raw-dir DIR]`` writes the data-entry
workbook with the codes of ``DIR/reference`` (default ``data/raw`` in the current directory).
Every line either command prints is a message of ``hrd_bulletin.ingest.messages``.
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
from hrd_bulletin.config import BULLETIN_SEASONS
from hrd_bulletin.errors import UserError
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.limits import using as using_limits

DEFAULT_CONFIG = Path("config/config.yaml")
# Without a config: the bulletin's seasons (tests/test_cli.py compares them with config.yaml).
DEFAULT_SEASONS = BULLETIN_SEASONS
DEFAULT_RAW_DIR = Path("data/raw")
LISTED_ROWS = 50  # rejected rows listed per table without --all


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
def reason_text(failure: Mapping[str, Any], lang: str) -> str:
    """One failure of ``IngestResult.failures`` as words in ``lang`` (``ru`` or ``en``)."""
    text = msg.reason(
        str(failure["kind"]), str(failure["expected"]), str(failure["found"]), str(failure["detail"]), lang
    )
    column = failure.get("column")
    if not (isinstance(column, str) and column):
        return text
    return msg.with_column(column, text, lang)


def _listing_order(failures: pd.DataFrame) -> pd.Series:
    """The rejected lines in listing order: by line, each row sharing an identifier with earlier
    ones right after the first of them, so that the monitor sees the rows of a key together."""
    lines = failures["line"].drop_duplicates()
    shared = failures[failures["kind"] == "duplicate key"]
    first = shared["detail"].astype("str").str.split(",").str[0].str.strip()
    group_of = dict(zip(shared["line"], pd.to_numeric(first, errors="coerce").fillna(shared["line"]).astype("int64")))
    keys = pd.DataFrame({"line": lines.to_numpy(), "group": [group_of.get(n, n) for n in lines]})
    return keys.sort_values(["group", "line"], kind="stable")["line"].reset_index(drop=True)


def _row_lines(failures: pd.DataFrame, lang: str, limit: int | None) -> tuple[list[str], int]:
    """Listing lines for the rejected rows (first ``limit``), and how many rows were left out."""
    lines = _listing_order(failures)
    shown = lines if limit is None else lines.iloc[:limit]
    subset = failures[failures["line"].isin(shown)]
    # a bounded number of rows (LISTED_ROWS unless --all): formatting each one is cheap
    texts = [reason_text(f, lang) for f in subset.to_dict("records")]
    joined = pd.Series(texts, index=subset.index).groupby(subset["line"], sort=False).agg("; ".join)
    out = [msg.cli_text("row", lang, line=line, reasons=joined[line]) for line in shown]
    return out, len(lines) - len(shown)


# --------------------------------------------------------------------------- validate
def _settings(config: str | None) -> tuple[list[dict[str, Any]], Any]:
    """The seasons and the ingest limits: of ``config``, else of config/config.yaml, else the defaults."""
    from hrd_bulletin.config import load_config
    from hrd_bulletin.ingest.limits import Limits

    path = config if config is not None else (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if path is None:
        return [dict(s) for s in DEFAULT_SEASONS], Limits()
    loaded = load_config(path)
    return list(loaded["seasons"]), Limits.from_mapping(loaded.get("ingest"))


def _report_table(out: TextIO, result: Any, path: str, lang: str, show_all: bool) -> None:
    s = result.summary
    rows = {"rows": s["raw_rows"], "clean": s["clean_rows"], "rejected": s["rejected_rows"]}
    _say(out, msg.cli_text("table", lang, table=s["table"], path=path, **rows))
    if s["extra_columns"]:
        _say(out, msg.cli_text("extra", lang, columns=", ".join(s["extra_columns"])))
    lines, more = _row_lines(result.failures, lang, None if show_all else LISTED_ROWS)
    for line in lines:
        _say(out, line)
    if more:
        _say(out, msg.cli_text("more", lang, count=more))


def _check_tables(
    raw_dir: Path, reference: Any, seasons: Any, lang: str, show_all: bool, out: TextIO, err: TextIO
) -> tuple[int, int]:
    """Check every raw table; returns (files not readable, rows rejected)."""
    from hrd_bulletin import ingest

    unreadable = rejected = 0
    clean: dict[str, pd.DataFrame] = {}
    for table in contract.RAW_TABLES:
        parents = contract.raw_parents(table)
        lost = [p for p in parents if p not in clean]
        if lost:
            _say(out, msg.cli_text("skipped", lang, table=table, parents=", ".join(lost)))
            continue
        try:
            with msg.guarded(raw_dir / contract.path(table)):
                source = ingest.raw_source(raw_dir, table)
            with msg.guarded(source):
                raw = ingest.read_raw(source, table)
                result = ingest.clean_table(table, raw, reference, seasons, clean.get("incidents") if parents else None)
        except UserError as exc:
            unreadable += 1
            _say(out, msg.cli_text("unreadable", lang, table=table))
            _say(err, msg.cli_text("error", lang, message=msg.error_text(exc, lang)))
            continue
        clean[table] = result.clean
        _report_table(out, result, raw.path, lang, show_all)
        rejected += int(result.summary["rejected_rows"])
    return unreadable, rejected


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
    raw_dir = Path(raw_dir)
    try:
        seasons, limits = _settings(config)
        if not raw_dir.is_dir():
            raise msg.file_error(raw_dir, msg.NO_DIRECTORY)
        with using_limits(limits), msg.guarded(raw_dir / "reference"):
            reference = ingest.load_reference(raw_dir / "reference")
    except UserError as exc:
        _say(err, msg.cli_text("error", lang, message=msg.error_text(exc, lang)))
        return 2
    with using_limits(limits):
        unreadable, rejected = _check_tables(raw_dir, reference, seasons, lang, show_all, out, err)
    if unreadable:
        _say(out, msg.cli_text("files", lang, count=unreadable))
        return 2
    if rejected:
        _say(out, msg.cli_text("rejected", lang, count=rejected))
        return 1
    _say(out, msg.cli_text("clean", lang))
    return 0


# --------------------------------------------------------------------------- template
def template(
    out_dir: str | Path, raw_dir: str | Path | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Write the data-entry workbook with the codes of ``raw_dir/reference``; return the exit status.

    Without ``raw_dir``, the codes come from ``data/raw`` in the current directory.
    """
    from hrd_bulletin import ingest, workbook

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if raw_dir is None and not DEFAULT_RAW_DIR.is_dir():
            raise UserError(msg.cli_text("no reference", "en"))
        reference = ingest.load_reference(Path(raw_dir or DEFAULT_RAW_DIR) / "reference")
        path = workbook.write_template(out_dir, reference)
    except UserError as exc:
        _say(err, msg.cli_text("error", "en", message=exc))
        return 2
    _say(out, msg.cli_text("wrote", "en", path=path))
    return 0


# --------------------------------------------------------------------------- forms
def forms(
    out_dir: str | Path, raw_dir: str | Path | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Write the XLSForm field forms (survey.xlsx, incidents.xlsx) with the codes of ``raw_dir/reference``."""
    from hrd_bulletin import forms as field_forms
    from hrd_bulletin import ingest

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if raw_dir is None and not DEFAULT_RAW_DIR.is_dir():
            raise UserError(msg.cli_text("no reference", "en"))
        reference = ingest.load_reference(Path(raw_dir or DEFAULT_RAW_DIR) / "reference")
        paths = field_forms.write_forms(out_dir, reference)
    except UserError as exc:
        _say(err, msg.cli_text("error", "en", message=exc))
        return 2
    for path in paths:
        _say(out, msg.cli_text("wrote", "en", path=path))
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
    check.add_argument(
        "--config",
        help=f"config file with the seasons (default: {DEFAULT_CONFIG} in the current directory if present, "
        "else the bulletin's seasons "
        + "; ".join(f"{s['id']} {s['start']}..{s['end']}" for s in DEFAULT_SEASONS)
        + ")",
    )
    check.add_argument(
        "--all",
        action="store_true",
        dest="show_all",
        help=f"list every rejected row (default: the first {LISTED_ROWS} per table)",
    )
    blank = sub.add_parser("template", help="write the XLSX data-entry template")
    blank.add_argument("out_dir", help="directory to write monitoring_template.xlsx into")
    blank.add_argument(
        "--raw-dir", help=f"take the codes from RAW_DIR/reference (default: {DEFAULT_RAW_DIR} in the current directory)"
    )
    field = sub.add_parser("forms", help="write the XLSForm field forms for KoboToolbox / ODK")
    field.add_argument("out_dir", help="directory to write survey.xlsx and incidents.xlsx into")
    field.add_argument(
        "--raw-dir", help=f"take the codes from RAW_DIR/reference (default: {DEFAULT_RAW_DIR} in the current directory)"
    )
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
        if args.command == "forms":
            return forms(args.out_dir, args.raw_dir)
        return template(args.out_dir, args.raw_dir)
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: stop quietly, as other command-line tools do
        # (the Python docs' recipe: point stdout at devnull so the final flush cannot fail)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
