"""The raw data package for a file dialect the ingest accepts, in standard Frictionless terms.

``datapackage.json`` describes the bundled files (UTF-8, ``,``, decimal point, ISO dates). Monitors
may send any combination that ``x-raw-format`` lists; :func:`package_for` gives the descriptor of
a set of files in one such dialect (resource ``encoding`` and ``dialect``, number
``decimalChar`` and ``groupChar``, date ``format``), so that ``frictionless validate`` checks
them exactly as the pipeline reads them. Booleans need no variant: every field lists all the
accepted words (``trueValues``/``falseValues``, lower, capitalised and upper case).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hrd_bulletin import contract


@dataclass(frozen=True)
class Dialect:
    """How a set of raw CSV files is written."""

    encoding: str = "utf-8"  # utf-8, utf-8-sig (with BOM) or cp1251
    delimiter: str = ","  # ",", ";" or tab
    decimal_char: str = "."  # "." or ","
    group_char: str | None = None  # thousands separator of numbers: a space, NBSP or NNBSP
    date_format: str = "%Y-%m-%d"  # or "%d.%m.%Y"

    def check(self) -> None:
        """Raise ValueError for a variant the ingest does not accept."""
        accepted = contract.RAW_FORMAT
        wanted = {
            "encodings": self.encoding,
            "delimiters": self.delimiter,
            "decimal_chars": self.decimal_char,
            "date_formats": self.date_format,
        }
        for key, value in wanted.items():
            if value not in accepted[key]:
                raise ValueError(f"dialect: {value!r} is not among the accepted {key} {accepted[key]}")
        if self.group_char is not None and self.group_char not in accepted["group_chars"]:
            raise ValueError(f"dialect: group char {self.group_char!r} is not accepted")


def _field(field: dict[str, Any], dialect: Dialect) -> dict[str, Any]:
    if field["type"] == "number":
        field["decimalChar"] = dialect.decimal_char
        if dialect.group_char is not None:
            field["groupChar"] = dialect.group_char
    if field["type"] == "date":
        field["format"] = dialect.date_format
    return field


def package_for(dialect: Dialect) -> dict[str, Any]:
    """The raw data package descriptor for files written in ``dialect``."""
    dialect.check()
    package = contract.package()
    for resource in package["resources"]:
        resource["encoding"] = dialect.encoding
        resource["dialect"] = {**resource.get("dialect", {}), "delimiter": dialect.delimiter}
        resource["schema"]["fields"] = [_field(f, dialect) for f in resource["schema"]["fields"]]
    return package
