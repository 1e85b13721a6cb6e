"""Self-describing Parquet: declared types, non-null keys, English and Russian descriptions."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hrd_bulletin import contract
from hrd_bulletin.contract import processed
from hrd_bulletin.contract.tables_doc import tables_markdown
from hrd_bulletin.io import write_table
from hrd_bulletin.metrics import STAGE_TABLES

ROOT = Path(__file__).resolve().parents[1]


def _likelihood_possible(suppression: list[str | None]) -> pd.DataFrame:
    # Two rows by hand; the suppression column is all null in the first use, as in a table
    # where no cell is withheld.
    return pd.DataFrame(
        {
            "wave": [2, 2],
            "attack_type": ["physical", "physical"],
            "group": ["individual", "all"],
            "n": [3, 40],
            "count": [None, 12],
            "share": [None, 0.3],
            "suppressed": [True, False] if suppression[0] else [False, False],
            "suppression": suppression,
        }
    )


def _survey_stats() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave": [2],
            "item": ["experience_years"],
            "group": ["all"],
            "n": [40],
            "mean": [7.5],
            "median": [6.0],
            "min": [0.0],
            "max": [25.0],
            "suppressed": [False],
            "suppression": [None],
        }
    )


def test_every_metric_table_has_a_declared_schema() -> None:
    metric = {t for tables in STAGE_TABLES.values() for t in tables}
    others = {"reproduction", "ingest_summary", "edition_changes", "period_changes"}
    assert metric | others == set(processed.declared_tables())


def test_suppression_is_a_string_whatever_the_data(tmp_path: Path) -> None:
    write_table(_likelihood_possible([None, None]), tmp_path / "a.parquet", "likelihood_possible")
    write_table(_likelihood_possible(["primary", None]), tmp_path / "b.parquet", "likelihood_possible")
    write_table(_survey_stats(), tmp_path / "c.parquet", "survey_stats")
    types = {pq.read_schema(tmp_path / f"{n}.parquet").field("suppression").type for n in "abc"}
    assert types == {pa.large_string()}
    # as pl.concat does: the two tables' suppression columns combine without a cast
    a = pq.read_table(tmp_path / "a.parquet").select(["suppression"])
    c = pq.read_table(tmp_path / "c.parquet").select(["suppression"])
    assert pa.concat_tables([a, c]).column("suppression").to_pylist() == [None, None, None]


def test_keys_are_not_nullable_and_a_null_key_is_refused(tmp_path: Path) -> None:
    write_table(_survey_stats(), tmp_path / "s.parquet", "survey_stats")
    schema = pq.read_schema(tmp_path / "s.parquet")
    assert [f.name for f in schema if not f.nullable] == ["wave", "item", "group"]
    broken = _survey_stats().assign(item=[None])
    with pytest.raises(ValueError, match="'item' is a key"):
        write_table(broken, tmp_path / "t.parquet", "survey_stats")


def test_an_undeclared_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="without a declared schema: respondent_id"):
        write_table(_survey_stats().assign(respondent_id=["R1"]), tmp_path / "s.parquet", "survey_stats")


def test_duckdb_shows_descriptions_title_and_version(tmp_path: Path) -> None:
    path = tmp_path / "s.parquet"
    write_table(_survey_stats(), path, "survey_stats")
    rows = duckdb.sql(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')").fetchall()
    meta = dict(rows)
    assert meta["description.mean"] == "Mean over respondents who answered."
    assert meta["description_ru.mean"] == "Среднее по ответившим."
    assert meta["title"] == "Numeric survey items"
    assert meta["contract_version"] == contract.package()["version"]
    required = duckdb.sql(
        f"SELECT name FROM parquet_schema('{path}') WHERE repetition_type = 'REQUIRED' AND name <> 'duckdb_schema'"
    ).fetchall()
    assert {r[0] for r in required} >= {"wave", "item", "group"}
    field = pq.read_schema(path).field("mean")
    assert field.metadata[b"description_ru"].decode() == "Среднее по ответившим."


def test_the_same_frame_gives_the_same_bytes(tmp_path: Path) -> None:
    write_table(_survey_stats(), tmp_path / "a.parquet", "survey_stats")
    write_table(_survey_stats(), tmp_path / "b.parquet", "survey_stats")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_raw_descriptions_come_from_the_data_package() -> None:
    fields = processed.fields_of("incidents", "clean")
    assert fields["description"]["description"] == contract.field("incidents", "description")["description"]
    assert fields["incident_id"]["key"] and not fields["victim_id"].get("key")
    assert "season" in fields
    assert {"line", "column", "reason"} <= set(processed.fields_of("incidents", "rejected"))


def test_docs_tables_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert committed == tables_markdown(), "docs/tables.md is stale: python -m hrd_bulletin.contract.tables_doc"


def test_every_processed_parquet_of_the_build_describes_itself(bundled: Path) -> None:
    files = sorted((bundled / "data" / "processed").rglob("*.parquet"))
    assert len(files) > 30
    for path in files:
        schema = pq.read_schema(path)
        assert b"contract_version" in schema.metadata and b"title" in schema.metadata, path
        for field in schema:
            assert field.metadata and field.metadata.get(b"description") and field.metadata.get(b"description_ru"), (
                f"{path.name}: {field.name}"
            )
