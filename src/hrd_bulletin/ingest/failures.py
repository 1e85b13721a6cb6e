"""Row failures: collected check by check, then one per cell, in structured and worded form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.rawtable import RawTable

# IngestResult.failures: kind is one of type, range, enum, reference, multi-select, required,
# pattern, duplicate key, incident not found, applies to, requires, season, overflow; from the
# reader: field size, formula (cells), field count, quote (whole records).
FAILURE_COLUMNS = ["line", "column", "kind", "expected", "found", "detail", "message"]
_FRAME_DTYPES = {
    "row": "int64",
    "column": "str",
    "kind": "str",
    "message": "str",
    "expected": "str",
    "found": "str",
    "detail": "str",
    "rank": "int64",
    "seq": "int64",
}


def _cell_texts(part: str | pd.Series, rows: np.ndarray) -> np.ndarray:
    if isinstance(part, str):
        return np.full(rows.size, part, dtype=object)
    values = pd.Series(part).iloc[rows].astype("str").str.strip().fillna("")
    return values.to_numpy(dtype=object)


@dataclass
class Failures:
    """Row failures collected column by column: (row position, column, kind, message, structure)."""

    rows: list[np.ndarray] = field(default_factory=list)
    columns: list[str | None] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    messages: list[np.ndarray] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    found: list[np.ndarray] = field(default_factory=list)
    detail: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str | None,
        kind: str,
        *,
        expected: str = "",
        found: str | pd.Series = "",
        detail: str | pd.Series = "",
    ) -> None:
        """Record a failure of ``kind`` for the rows in ``mask``; Series parts are per row (stripped)."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not rows.size:
            return
        # words only for the flagged rows: a million clean rows cost nothing here
        found_text = _cell_texts(found, rows)
        detail_text = _cell_texts(detail, rows)
        self.rows.append(rows)
        self.columns.append(column)
        self.kinds.append(kind)
        self.messages.append(msg.english_reasons(kind, expected, found_text, detail_text))
        self.expected.append(expected)
        self.found.append(found_text)
        self.detail.append(detail_text)

    def frame(self, order: Sequence[str]) -> pd.DataFrame:
        """One row per failure, first per (row, column) kept, sorted by row and column order."""
        if not self.rows:
            return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in _FRAME_DTYPES.items()})
        position = {name: i for i, name in enumerate(order)}
        parts = []
        for seq, (rows, column, kind, message, expected, found, detail) in enumerate(
            zip(self.rows, self.columns, self.kinds, self.messages, self.expected, self.found, self.detail)
        ):
            parts.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "column": column,
                        "kind": kind,
                        "message": message,
                        "expected": expected,
                        "found": found,
                        "detail": detail,
                        "rank": position.get(column, -1) if column is not None else -1,
                        "seq": seq,
                    }
                )
            )
        out = pd.concat(parts, ignore_index=True)
        out = out.sort_values(["row", "rank", "seq"], kind="stable")
        return out.drop_duplicates(["row", "column"], keep="first").reset_index(drop=True)


def empty_failures() -> pd.DataFrame:
    """``IngestResult.failures`` without a row."""
    frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in FAILURE_COLUMNS})
    frame["line"] = frame["line"].astype("int64")
    return frame


def _record_parts(raw: RawTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kind, expected and found of each record of ``raw.bad_rows`` (a wrong width, a bad quote)."""
    bad = raw.bad_rows
    kinds = bad["kind"].astype("str").to_numpy(dtype=object) if "kind" in bad else np.full(len(bad), "field count")
    width = str(len(raw.text.columns))
    counted = kinds == "field count"
    expected = np.where(counted, width, "").astype(object)
    found = np.where(counted, bad["fields"].astype("str").to_numpy(dtype=object), "").astype(object)
    return kinds.astype(object), expected, found


def field_count_reasons(raw: RawTable) -> np.ndarray:
    """The reason of each record of ``raw.bad_rows`` (a wrong number of fields, a bad quote)."""
    kinds, expected, found = _record_parts(raw)
    out = np.full(len(kinds), "", dtype=object)
    for kind in dict.fromkeys(kinds.tolist()):
        part = kinds == kind
        width = str(expected[part][0]) if part.any() else ""
        out[part] = msg.english_reasons(kind, width, found[part], np.full(int(part.sum()), "", dtype=object))
    return out


def add_reader_problems(raw: RawTable, failures: Failures) -> None:
    """The cells the reader found bad (a field over the size limit, a formula without a value)."""
    problems = raw.problems
    for (column, kind, expected), group in problems.groupby(["column", "kind", "expected"], sort=False):
        mask = np.zeros(len(raw.text), dtype=bool)
        mask[group["row"].to_numpy(dtype=np.int64)] = True
        found = pd.Series("", index=range(len(raw.text)), dtype="str")
        found.iloc[group["row"].to_numpy(dtype=np.int64)] = group["found"].to_numpy(dtype=object)
        failures.add(mask, str(column), str(kind), expected=str(expected), found=found)


def failure_records(raw: RawTable, failures: pd.DataFrame) -> pd.DataFrame:
    """The failures with source lines (wrong-width records included), in file order."""
    cell = pd.DataFrame(
        {
            "line": raw.lines[failures["row"].to_numpy(dtype=np.int64)].astype(np.int64),
            "column": failures["column"].astype("str"),
            "kind": failures["kind"].astype("str"),
            "expected": failures["expected"].astype("str"),
            "found": failures["found"].astype("str"),
            "detail": failures["detail"].astype("str"),
            "message": failures["message"].astype("str"),
        }
    )
    bad = raw.bad_rows
    if len(bad):
        kinds, expected, found = _record_parts(raw)
        record = pd.DataFrame(
            {
                "line": bad["line"].to_numpy(dtype=np.int64),
                "column": pd.Series(pd.NA, index=bad.index, dtype="str"),
                "kind": kinds,
                "expected": expected,
                "found": found,
                "detail": "",
                "message": field_count_reasons(raw),
            }
        )
        cell = pd.concat([cell, record], ignore_index=True) if len(cell) else record
        cell = cell.sort_values("line", kind="stable")
    out = cell.reset_index(drop=True)
    if not len(out):
        return empty_failures()
    return out.astype({"line": "int64", **dict.fromkeys(FAILURE_COLUMNS[1:], "str")})
