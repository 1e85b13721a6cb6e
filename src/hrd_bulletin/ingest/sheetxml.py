"""A read-only sheet's rows with cached values, telling a formula without a value from an empty cell.

openpyxl's ``data_only`` reading gives ``None`` both for an empty cell and for a formula whose
result was never computed (a workbook saved by a program that does not calculate: no ``<v>``, or
an empty one on a cell that is not of text type ``t="str"``; an empty text result is an empty cell). The parser
here is openpyxl's own, with one change: such a cell becomes a ``Formula`` naming the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SheetRow = tuple[int, tuple[Any, ...]]  # (row number, cell values from column A)


@dataclass(frozen=True)
class Formula:
    """A formula cell without a cached value."""

    cell: str  # e.g. "D5"


def _parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None and _uncomputed(element):
                from openpyxl.utils import get_column_letter

                cell["value"] = Formula(f"{get_column_letter(cell['column'])}{cell['row']}")
            return cell

    def _uncomputed(element: Any) -> bool:
        # no cached value at all, or an empty one where only a text result (t="str") may be empty
        cached = element.find(VALUE_TAG)
        return cached is None or (not cached.text and element.get("t") != "str")

    return _Parser


def formula_rows(workbook: Any, worksheet: Any, limit: int | None = None) -> Iterator[SheetRow]:
    """The rows of a read-only ``worksheet`` that hold cells, up to row ``limit``."""
    parser_class = _parser_class()
    with workbook._archive.open(worksheet._worksheet_path) as source:
        parser = parser_class(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            if limit is not None and number > limit:
                return
            width = max((c["column"] for c in cells), default=0)
            values: list[Any] = [None] * width
            for c in cells:
                values[c["column"] - 1] = c["value"]
            yield number, tuple(values)
