"""Metric tables as the open-data CSVs: read, checked, given a figure id per row, written as text.

Nothing is computed here: each CSV is its metric table as the bulletin prints it (suppressed
cells are already empty in the metric table; they stay empty), with a ``figure_id`` column in
front that names the row, for citing one cell. A table that would publish an identifier, a
free-text column, or a value in a row the disclosure rule withholds stops the release.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from hrd_bulletin.contract import processed
from hrd_bulletin.metrics.disclosure import IDENTIFIER_COLUMNS

# The stable prefix of each table's figure ids; a row's id is the prefix and the row's key
# values joined by dots (``incidents.by_region.S2.ALA``). Never change one: ids are cited.
ID_PREFIX: Mapping[str, str] = {
    "survey_shares": "survey.shares",
    "survey_stats": "survey.stats",
    "attack_prevalence": "survey.attacks",
    "likelihood": "survey.likelihood",
    "likelihood_possible": "survey.likelihood_possible",
    "incidents_by_season": "incidents.by_season",
    "incidents_by_region": "incidents.by_region",
    "victim_categories": "incidents.victims",
    "victims_by_region": "incidents.victims_by_region",
    "threat_types": "incidents.threat_types",
    "threat_sources": "incidents.sources",
    "threat_source_split": "incidents.state_sources",
    "state_response": "incidents.state_response",
    "court_outcomes": "courts.outcomes",
    "media_summary": "media.materials",
    "regional_indices": "indices.by_region",
    "index_levels": "indices.levels",
    "index_dynamics": "indices.dynamics",
}
# Raw free-text columns: never a column of a released table.
FREE_TEXT_COLUMNS: frozenset[str] = frozenset({"settlement", "description", "outlet", "source_url", "url"})
FIGURE_ID = "figure_id"
# Columns a withheld row still shows: its keys, the flags, and the denominator (the bulletin
# prints how many respondents a withheld cell has, which is why it is withheld).
_SHOWN_WHEN_WITHHELD: frozenset[str] = frozenset({"n", "suppressed", "suppression"})
# Tables whose withheld rows hide only some columns: a change between two waves is withheld when
# either end is, while the published end (value_from or value_to) stays as printed.
_HIDDEN_ONLY: Mapping[str, tuple[str, ...]] = {"index_dynamics": ("change",)}


class ReleaseError(ValueError):
    """A table cannot be released as it is (it would disclose something, or it is malformed)."""


def keys_of(table: str) -> list[str]:
    """The columns that identify a row of the released table (the metric table's primary key)."""
    return list(processed.table_schema(table)["primaryKey"])


def cell_text(value: Any) -> str:
    """A cell as CSV text: empty for missing, true/false, integers as such, floats round-trip."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def _check_columns(name: str, table: pa.Table) -> None:
    found = sorted((IDENTIFIER_COLUMNS | FREE_TEXT_COLUMNS) & set(table.column_names))
    if found:
        raise ReleaseError(f"open data: {name} has identifier or free-text column(s) {', '.join(found)}")
    if name not in ID_PREFIX:
        raise ReleaseError(f"open data: {name} has no figure-id prefix (release.tables.ID_PREFIX)")


def _check_withheld(name: str, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> None:
    """Every value of a withheld row (``suppressed``) other than its keys, flags and n is empty."""
    shown = set(keys) | _SHOWN_WHEN_WITHHELD
    for row in rows:
        if not row.get("suppressed"):
            continue
        hidden = _HIDDEN_ONLY.get(name) or [c for c in row if c not in shown]
        leaked = [c for c in hidden if cell_text(row[c]) != ""]
        if leaked:
            where = ".".join(cell_text(row[k]) for k in keys)
            raise ReleaseError(f"open data: {name} row {where} is withheld but shows {', '.join(leaked)}")


def figure_ids(name: str, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> list[str]:
    """Each row's figure id; ids are unique, and no key value is empty or holds a dot."""
    ids = []
    for row in rows:
        parts = [cell_text(row[k]) for k in keys]
        bad = [p for p in parts if p == "" or "." in p]
        if bad:
            raise ReleaseError(f"open data: {name}: key value {bad[0]!r} cannot be part of a figure id")
        ids.append(".".join([ID_PREFIX[name], *parts]))
    if len(set(ids)) != len(ids):
        raise ReleaseError(f"open data: {name}: figure ids are not unique")
    return ids


def open_table(name: str, table: pa.Table) -> tuple[list[str], list[list[str]]]:
    """The released form of metric table ``name``: header and rows as text, ``figure_id`` first."""
    _check_columns(name, table)
    keys = keys_of(name)
    rows = table.to_pylist()
    _check_withheld(name, rows, keys)
    ids = figure_ids(name, rows, keys)
    columns = list(table.column_names)
    body = [[fid, *(cell_text(row[c]) for c in columns)] for fid, row in zip(ids, rows)]
    return [FIGURE_ID, *columns], body


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 CSV (no BOM), comma-separated, minimal quoting, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
