"""Every text ingest and ``hrd-bulletin validate`` show, as gettext messages (msgids are English).

A row failure is stored structured (kind, column, expected, found, detail: ``FAILURE_COLUMNS``);
``reason`` turns those fields into words in either language, and ``english_reasons`` does the
same for many rows at once (the ``message`` and ``reason`` columns ingest writes). File-level
problems are ``FileError``s, which can say themselves in either language. The Russian texts live
in the catalog ``locale/ru/LC_MESSAGES/messages.po`` (see babel.cfg to extract and compile), so a
new check adds its message here, once, and its translation there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

from hrd_bulletin.errors import DataError, UserError


def N_(message: str) -> str:
    """Mark ``message`` for extraction (pybabel); it is translated where it is shown."""
    return message


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang``; English is the msgid itself (no catalog needed by ingest jobs)."""
    if lang == "en":
        return message
    from hrd_bulletin.i18n import get_translations

    return get_translations(lang).gettext(message)


# --------------------------------------------------------------------------- row failures
TYPES = {
    "integer": N_("an integer"),
    "number": N_("a number (decimal point or comma)"),
    "date": N_("a date YYYY-MM-DD or DD.MM.YYYY"),
    "boolean": N_("a boolean (1/0, true/false, yes/no, да/нет)"),
}
# "applies to" names the respondents a question is for as "<respondent_type> respondents"; the
# catalog knows the phrase for each type of the contract.
_RESPONDENT_GROUPS = (N_("individual respondents"), N_("organization respondents"))
_EXPECTED = N_("expected %(what)s, found '%(found)s'")
_REASONS = {
    "type": _EXPECTED,
    "range": _EXPECTED,
    "enum": N_("expected one of %(expected)s, found '%(found)s'"),
    "reference": N_("expected a code of the reference table %(expected)s, found '%(found)s'"),
    "multi-select": N_("expected ;-separated options among %(expected)s, found unknown '%(found)s'"),
    "required": N_("a value is required, found an empty cell"),
    "pattern": N_("expected text matching %(expected)s, found '%(found)s'"),
    "duplicate key": N_("identifier (%(expected)s) (%(found)s) used by the rows on lines %(detail)s"),
    "incident not found": N_("expected an incident_id of the clean incidents, found '%(found)s'"),
    "applies to": N_("asked of %(what)s only, found '%(found)s' for respondent_type '%(detail)s'"),
    "requires": N_("filled only when %(expected)s is true, found '%(found)s' with %(expected)s '%(detail)s'"),
    "season": N_("expected a date within a season (%(expected)s), found '%(found)s'"),
    "field count": N_("expected %(expected)s fields as in the header, found %(found)s fields"),
    "quote": N_(
        "a quoted field not closed by a quote just before a delimiter or the line end "
        "(this line alone rejected, reading resumed on the next line)"
    ),
    "field size": N_("expected at most %(expected)s bytes in a field (ingest.max_field_bytes), found %(found)s bytes"),
    "formula": N_(
        "formula without a computed value in cell %(found)s: open and save the workbook in a spreadsheet program"
    ),
    "overflow": N_("expected %(what)s, found '%(found)s', beyond the numbers that can be stored"),
}
# A check of the schema ingest does not know by name (its kind is the check's name).
_OTHER_CHECK = N_("failed the check %(expected)s, found '%(found)s'")
# English words a one-column key apart. It is not a catalog message: the key's name is not in
# it, and the Russian wording names the key, so other languages translate the general form.
_ONE_COLUMN_KEY = "identifier '%(found)s' used by the rows on lines %(detail)s"
# The last two of several line numbers: "2, 5 and 9".
_AND = N_("%(rest)s and %(last)s")
_COLUMN = N_("column '%(column)s': %(reason)s")


def _range(expected: str, lang: str) -> str:
    low, _, high = expected.partition("..")
    if low and high:
        return translate(N_("a value from %(low)s to %(high)s"), lang) % {"low": low, "high": high}
    if low:
        return translate(N_("a value >= %(low)s"), lang) % {"low": low}
    return translate(N_("a value <= %(high)s"), lang) % {"high": high}


def _template(kind: str, expected: str, lang: str) -> tuple[str, dict[str, str]]:
    """The translated template of a failure and its parameters other than found and detail."""
    params = {"expected": expected}
    if kind == "type":
        params["what"] = translate(TYPES[expected], lang)
    elif kind == "range":
        params["what"] = _range(expected, lang)
    elif kind == "overflow":
        params["what"] = _range(expected, lang) if expected.strip(".") else translate(N_("a finite number"), lang)
    elif kind == "applies to":
        params["what"] = translate(f"{expected} respondents", lang)
    if kind == "duplicate key" and lang == "en" and ", " not in expected:
        return _ONE_COLUMN_KEY, params
    return translate(_REASONS.get(kind, _OTHER_CHECK), lang), params


def line_list(lines: str, lang: str) -> str:
    """``"2, 5, 9"`` (a duplicate key's lines, structured) as words: ``2, 5 and 9``."""
    parts = [p.strip() for p in lines.split(",") if p.strip()]
    if len(parts) < 2:
        return lines
    return translate(_AND, lang) % {"rest": ", ".join(parts[:-1]), "last": parts[-1]}


def reason(kind: str, expected: str, found: str, detail: str, lang: str) -> str:
    """One failure, from its structured fields, as words in ``lang``."""
    template, params = _template(kind, expected, lang)
    if kind == "duplicate key":
        detail = line_list(detail, lang)
    return template % {**params, "found": found, "detail": detail}


def with_column(column: str, text: str, lang: str) -> str:
    """``column 'x': text``: how a reason (or a file error) names its column."""
    return translate(_COLUMN, lang) % {"column": column, "reason": text}


# Stand-ins for the per-row parts while the fixed parts are filled in: NUL is in no template.
_SLOTS = {"found": "\x00found\x00", "detail": "\x00detail\x00"}
_SLOT = re.compile("(\x00found\x00|\x00detail\x00)")


def english_reasons(kind: str, expected: str, found: np.ndarray, detail: np.ndarray) -> np.ndarray:
    """``reason(..., "en")`` for many rows of one kind and expectation at once (object arrays)."""
    template, params = _template(kind, expected, "en")
    if kind == "duplicate key":
        detail = np.array([line_list(str(d), "en") for d in detail], dtype=object)
    pieces = _SLOT.split(template % {**params, **_SLOTS})
    per_row = {_SLOTS["found"]: found, _SLOTS["detail"]: detail}
    text = np.full(len(found), "", dtype=object)
    for piece in pieces:
        text = text + per_row.get(piece, piece)
    return text


# --------------------------------------------------------------------------- file-level errors
NOT_TEXT_BOM = N_("not a text CSV in UTF-8 or Windows-1251 (found a UTF-16/32 byte-order mark)")
NOT_TEXT_NUL = N_("not a text CSV in UTF-8 or Windows-1251 (found NUL bytes: UTF-16 or binary data)")
NOT_TEXT_BOM_THEN_INVALID = N_("not a text CSV in UTF-8 or Windows-1251 (a UTF-8 BOM, then invalid UTF-8)")
NOT_TEXT_INVALID = N_("not a text CSV in UTF-8 or Windows-1251 (invalid UTF-8 from this line on)")
CUT_CHARACTER = N_("the file ends in the middle of a UTF-8 character (truncated copy?)")
FILE_NOT_FOUND = N_("file not found")
EMPTY_FILE = N_("empty file (0 bytes); expected at least a header row")
NO_HEADER_LINE = N_("no header row (the first line is empty)")
NO_HEADER_ROW = N_("no header row (the first row is empty)")
DUPLICATE_COLUMN = N_("duplicate column name in the header")
MISSING_COLUMN = N_("missing required column")
NOT_XLSX = N_("not a readable XLSX workbook")
NO_SHEET = N_("no sheet '%(sheet)s' in the workbook (sheets: %(sheets)s)")
SEVERAL_WORKBOOKS = N_("several workbooks have a sheet '%(sheet)s': %(books)s; keep one")
NO_SOURCE = N_("file not found (nor a workbook *.xlsx in %(raw_dir)s with a sheet '%(sheet)s')")
REFERENCE_FIELD_COUNT = N_("expected %(expected)s fields as in the header, found %(found)s")
REFERENCE_EMPTY = N_("the reference table has no rows")
REFERENCE_MISSING = N_("missing reference table '%(table)s'")
NO_DIRECTORY = N_("no such directory")
REFERENCE_QUOTE = N_("a quoted field not closed by a quote just before a delimiter or the line end")
ZIP_TOO_BIG = N_(
    "the workbook expands to more than %(limit)s bytes (part %(member)s; ingest.max_unzipped_bytes): "
    "refused as a possible zip bomb"
)
ZIP_RATIO = N_(
    "the workbook part %(member)s expands more than %(limit)s times its compressed size "
    "(ingest.max_zip_ratio): refused as a possible zip bomb"
)
XML_DTD = N_(
    "the workbook part %(member)s declares a DTD or entities (<!DOCTYPE, <!ENTITY): refused, "
    "a spreadsheet never needs them"
)
UNEXPECTED = N_("could not be read: %(error)s (an unexpected error: please report it to the maintainers)")


class FileError(DataError):
    """A DataError that can word itself in either language (``text``); ``str`` is English."""

    def __init__(
        self, file: str, words: Callable[[str], str], *, line: int | None = None, column: str | None = None
    ) -> None:
        self.words = words
        super().__init__(file, words("en"), line=line, column=column)

    def text(self, lang: str) -> str:
        """The whole one-line error in ``lang``: file, line, column and what is wrong."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is None:
            return f"{where}: {self.words(lang)}"
        return f"{where}: {with_column(self.column, self.words(lang), lang)}"


def file_error(
    file: Any, message: str, *, line: int | None = None, column: str | None = None, **params: Any
) -> FileError:
    """The file-level error ``message`` (one of the constants above) with its parameters."""

    def words(lang: str) -> str:
        template = translate(message, lang)
        return template % params if params else template

    return FileError(str(file), words, line=line, column=column)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


@contextmanager
def guarded(file: Any) -> Iterator[None]:
    """Inside the block, an exception that is no user error becomes a one-line FileError naming ``file``.

    A traceback from a user's file is a bug; this keeps the run's promise of one line while the bug
    is found (the original exception stays chained as the cause).
    """
    try:
        yield
    except UserError:
        raise
    except Exception as exc:
        error = _one_line(f"{type(exc).__name__}: {exc}")
        raise file_error(file, UNEXPECTED, error=error) from exc


def row_error(file: str, failure: Mapping[str, Any], *, line: int) -> FileError:
    """A bad row that is fatal (in a reference table), worded like a rejected row's reason."""

    def words(lang: str) -> str:
        return reason(failure["kind"], failure["expected"], failure["found"], failure["detail"], lang)

    return FileError(file, words, line=line, column=str(failure["column"]))


def error_text(exc: Exception, lang: str) -> str:
    """A user error in ``lang``: ingest's own are translated, others (config) are as raised."""
    return exc.text(lang) if isinstance(exc, FileError) else str(exc)


# --------------------------------------------------------------------------- hrd-bulletin validate
CLI = {
    "error": N_("error: %(message)s"),
    "table": N_("%(table)s (%(path)s): %(rows)s rows: %(clean)s accepted, %(rejected)s rejected"),
    "extra": N_("  extra columns not in the contract (ignored): %(columns)s"),
    "row": N_("  line %(line)s: %(reasons)s"),
    "more": N_("  ... and %(count)s more rejected rows (--all lists every one)"),
    "skipped": N_("%(table)s: not checked, the %(parents)s could not be read"),
    "unreadable": N_("%(table)s: file not readable"),
    "clean": N_("OK: every row of every table fits the contract"),
    "rejected": N_("%(count)s rows rejected in total"),
    "files": N_("%(count)s files could not be read"),
    "wrote": N_("wrote %(path)s"),
    "no reference": N_(
        "no reference tables: give --raw-dir DIR (a raw directory with reference/), or run where data/raw is"
    ),
}


def cli_text(key: str, lang: str, **params: Any) -> str:
    """One fixed line of the command-line tool in ``lang``."""
    return translate(CLI[key], lang) % params


# --------------------------------------------------------------------------- platform exports
# A submission rejected or not approved in review on KoboToolbox or ODK Central (ingest.platforms).
_REASONS["review"] = N_(
    "the submission is marked '%(found)s' in review on %(expected)s (rejected or not approved): kept out of the tables"
)
EXPORT_NO_PARENT = N_(
    "rows of a repeat group join their submission, but the file of '%(parent)s' (%(path)s) is not an export"
)
