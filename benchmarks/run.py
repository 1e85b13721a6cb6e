"""Benchmark of ingest and every metric stage at scale, with DuckDB as the yardstick.

    python benchmarks/run.py [--incidents 1000000] [--media 100000] [--respondents 20000]
                             [--seed 0] [--workdir DIR] [--keep] [--no-duckdb] [--inline]

1. Generates raw CSV with the reconstruction generator: events (incidents, violations, court
   cases, media) at ``ceil(incidents / 967)`` times the bundled dataset, the survey at
   ``ceil(respondents / 249)`` times; media is then cut to ``--media`` rows by a seeded sample
   (media rows only point at incidents, so any subset is valid). Actual sizes are printed.
2. Runs every rule up to the metric tables through the very entry point the workflow runs
   (``hrd_bulletin.stage.run_stage`` with ``STAGES[rule]``, the rule's inputs, outputs and
   parameters), each in a fresh Python process (``python run.py --stage RULE``) that reports
   its wall time and its peak RSS (imports are loaded before the clock starts).
3. Runs the incident, court and media aggregations as DuckDB SQL over the same clean Parquet
   (also one process per stage), checks the results equal the pandas metric tables (counts
   exactly, shares to 1e-12) and prints the time ratio pandas / DuckDB per stage.

Exits 1 when a result differs or a stage fails; missed speed or memory targets only print MISSED.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "config.yaml"
INDEX_SPEC = ROOT / "config" / "indices.yaml"

BASE_INCIDENTS = 967
BASE_RESPONDENTS = 249

TARGET_SECONDS = 60.0
TARGET_PEAK_MB = 3 * 1024.0
TARGET_RATIO = 3.0
SHARE_TOLERANCE = 1e-12

INGEST_TABLES = ("survey", "incidents", "violations", "court_cases", "media")
METRIC_STAGES = ("survey_tables", "index_tables", "incident_tables", "court_outcomes", "media_summary")
DUCKDB_STAGES = ("incident_tables", "court_outcomes", "media_summary")
# The workflow's rules up to the metric tables, in an order that respects their inputs.
STAGES = ("reference_tables", *(f"clean_{t}" for t in INGEST_TABLES), *METRIC_STAGES)


# --------------------------------------------------------------------------- configuration


def load_seasons() -> list[dict[str, Any]]:
    """The seasons of config/config.yaml, dates as ISO strings (as the workflow passes them)."""
    from hrd_bulletin.config import check_seasons

    return check_seasons(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["seasons"])


def load_min_cell() -> int:
    """The disclosure threshold of config/config.yaml."""
    return int(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["disclosure"]["min_cell"])


# --------------------------------------------------------------------------- data generation


def generate(raw_dir: Path, incidents: int, media: int, respondents: int, seed: int) -> dict[str, int]:
    """Write the raw dataset under ``raw_dir``; returns rows per raw table."""
    from hrd_bulletin.reconstruct import build_dataset, datapackage_bytes, to_csv_bytes
    from hrd_bulletin.reconstruct.survey import build_survey

    event_scale = max(1, math.ceil(incidents / BASE_INCIDENTS))
    survey_scale = max(1, math.ceil(respondents / BASE_RESPONDENTS))
    tables = build_dataset(scale=event_scale, seed=seed, seasons=load_seasons())
    if survey_scale != event_scale:
        tables["survey.csv"] = build_survey(scale=survey_scale, seed=seed)
    frame = tables["media.csv"]
    if media < len(frame):
        keep = np.sort(np.random.default_rng(seed).choice(len(frame), size=media, replace=False))
        tables["media.csv"] = frame.iloc[keep].reset_index(drop=True)
    for name, df in tables.items():
        path = raw_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_csv_bytes(df))
    (raw_dir / "datapackage.json").write_bytes(datapackage_bytes())
    print(f"generated: events x{event_scale}, survey x{survey_scale}, seed {seed}")
    return {name.removesuffix(".csv"): len(df) for name, df in tables.items() if "/" not in name}


# --------------------------------------------------------------------------- pandas stages
# Each stage is a rule of the workflow, run through the same entry point the rule runs
# (hrd_bulletin.stage.run_stage with STAGES[rule]), with the inputs, outputs and parameters the
# rule passes. Paths follow the workflow: processed/<table>.parquet, processed/reference/<name>.parquet.


def _ref_path(work: Path, name: str) -> Path:
    return work / "processed" / "reference" / f"{name}.parquet"


def _clean_path(work: Path, table: str) -> Path:
    return work / "processed" / f"{table}.parquet"


def _timed(parts: dict[str, float], name: str, build: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = build()
    parts[name] = time.perf_counter() - start
    return value


def _reference_job(work: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from hrd_bulletin import contract

    names = contract.REFERENCE_TABLES
    inputs = {name: str(work / "raw" / "reference" / f"{name}.csv") for name in names}
    return inputs, {name: str(_ref_path(work, name)) for name in names}, {}


def _clean_job(work: Path, table: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from hrd_bulletin import contract

    inputs: dict[str, Any] = {
        "raw": str(work / "raw" / f"{table}.csv"),
        "reference": [str(_ref_path(work, name)) for name in contract.REFERENCE_TABLES],
        **{parent: str(_clean_path(work, parent)) for parent in contract.raw_parents(table)},
    }
    outputs = {
        "clean": str(_clean_path(work, table)),
        "rejected": str(work / "processed" / "rejected" / f"{table}.parquet"),
        "summary": str(work / "processed" / "ingest" / f"{table}.summary.parquet"),
    }
    return inputs, outputs, {"table": table, "seasons": load_seasons()}


def _metric_job(work: Path, rule: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from hrd_bulletin.metrics import STAGE_TABLES

    inputs: dict[str, Any] = {
        "survey_tables": {"clean_survey": _clean_path(work, "survey")},
        "index_tables": {
            "clean_survey": _clean_path(work, "survey"),
            "spec": INDEX_SPEC,
            "regions": _ref_path(work, "regions"),
        },
        "incident_tables": {
            "incidents": _clean_path(work, "incidents"),
            "violations": _clean_path(work, "violations"),
            **{name: _ref_path(work, name) for name in ("regions", "threat_types", "victim_categories", "actors")},
        },
        "court_outcomes": {"court_cases": _clean_path(work, "court_cases")},
        "media_summary": {"media": _clean_path(work, "media"), "regions": _ref_path(work, "regions")},
    }[rule]
    params = {"min_cell": load_min_cell()} if rule in ("survey_tables", "index_tables") else {"seasons": load_seasons()}
    outputs = {table: str(_clean_path(work, table)) for table in STAGE_TABLES[rule]}
    return {k: str(v) for k, v in inputs.items()}, outputs, params


def job_arguments(work: Path, rule: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The (input, output, params) that the workflow's rule ``rule`` hands its stage function."""
    if rule == "reference_tables":
        return _reference_job(work)
    if rule.startswith("clean_"):
        return _clean_job(work, rule.removeprefix("clean_"))
    return _metric_job(work, rule)


def _rows_in(work: Path, rule: str, inputs: Mapping[str, Any]) -> int:
    """Rows the stage reads: the raw rows for ingest, the clean rows of its Parquet inputs otherwise."""
    if rule == "reference_tables":
        return sum(max(0, len(Path(p).read_text(encoding="utf-8").splitlines()) - 1) for p in inputs.values())
    if rule.startswith("clean_"):
        return int(
            pq.read_table(work / "processed" / "ingest" / f"{rule.removeprefix('clean_')}.summary.parquet")
            .column("raw_rows")[0]
            .as_py()
        )
    parquet = [p for name, p in inputs.items() if str(p).endswith(".parquet") and "/reference/" not in str(p)]
    return sum(pq.ParquetFile(p).metadata.num_rows for p in parquet)


def run_pandas_stage(work: Path, rule: str) -> tuple[int, dict[str, float]]:
    from hrd_bulletin.stage import STAGES, run_stage

    inputs, outputs, params = job_arguments(work, rule)
    if run_stage(STAGES[rule], inputs, outputs, params) != 0:
        raise RuntimeError(f"stage {rule} failed")
    return _rows_in(work, rule, inputs), {}


# --------------------------------------------------------------------------- DuckDB
# The same aggregations in SQL. ``seasons`` (id, ord, months) is registered from the config;
# ``season_all`` adds the 'all' margin last. GROUPING SETS compute season and 'all' in one scan.

_SEASONS_SQL = """
CREATE OR REPLACE TEMP TABLE season_all AS
SELECT id AS season, ord, months FROM seasons
UNION ALL SELECT 'all', (SELECT count(*) FROM seasons), (SELECT sum(months) FROM seasons);
"""

_SQL: dict[str, str] = {
    "incidents_by_season": """
WITH inc AS (SELECT incident_id, season FROM read_parquet({incidents})
             WHERE season IN (SELECT id FROM seasons)),
vio AS (SELECT i.season, v.threat_type FROM read_parquet({violations}) v JOIN inc i USING (incident_id)),
tt AS (SELECT code, category, row_number() OVER () AS ord FROM read_parquet({threat_types})),
n_inc AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season, count(*) AS n
          FROM inc GROUP BY GROUPING SETS ((season), ())),
n_vio AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season, count(*) AS n
          FROM vio GROUP BY GROUPING SETS ((season), ())),
types AS (SELECT DISTINCT season, threat_type FROM vio WHERE threat_type IS NOT NULL),
first_seen AS (SELECT t.threat_type, min(s.ord) AS first_ord
               FROM types t JOIN seasons s ON s.id = t.season GROUP BY t.threat_type),
per_season AS (
  SELECT t.season, count(DISTINCT t.threat_type) AS threat_types, count(DISTINCT tt.category) AS threat_categories,
         count(*) FILTER (WHERE f.first_ord = s.ord) AS new_threat_types,
         string_agg(t.threat_type, ';' ORDER BY tt.ord NULLS LAST, t.threat_type) FILTER (WHERE f.first_ord = s.ord)
           AS new_threat_type_codes
  FROM types t JOIN seasons s ON s.id = t.season JOIN first_seen f USING (threat_type)
  LEFT JOIN tt ON tt.code = t.threat_type
  GROUP BY t.season
  UNION ALL
  SELECT 'all', count(DISTINCT t.threat_type), count(DISTINCT tt.category), NULL, NULL
  FROM types t LEFT JOIN tt ON tt.code = t.threat_type
),
counted AS (
  SELECT a.season, a.ord, coalesce(ni.n, 0) AS incidents, coalesce(nv.n, 0) AS violations,
         coalesce(p.threat_types, 0) AS threat_types, coalesce(p.threat_categories, 0) AS threat_categories,
         CASE WHEN a.season = 'all' THEN NULL ELSE coalesce(p.new_threat_types, 0) END AS new_threat_types,
         CASE WHEN a.season = 'all' THEN NULL ELSE coalesce(p.new_threat_type_codes, '') END AS new_threat_type_codes,
         a.months
  FROM season_all a LEFT JOIN n_inc ni USING (season) LEFT JOIN n_vio nv USING (season)
  LEFT JOIN per_season p USING (season)
)
SELECT season, incidents, violations, threat_types, threat_categories, new_threat_types,
       CASE WHEN season = 'all' THEN NULL
            ELSE (incidents - lag(incidents) OVER w) / nullif(lag(incidents) OVER w, 0) END AS change_vs_previous,
       months, incidents / nullif(months, 0) AS incidents_per_month, new_threat_type_codes
FROM counted
WINDOW w AS (PARTITION BY season = 'all' ORDER BY ord)
ORDER BY ord
""",
    "incidents_by_region": """
WITH c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season, region, count(*) AS n
           FROM read_parquet({incidents}) WHERE season IN (SELECT id FROM seasons)
           GROUP BY GROUPING SETS ((season, region), (region))),
r AS (SELECT code AS region, row_number() OVER () AS rord FROM read_parquet({regions})),
g AS (SELECT a.season, a.ord, r.region, r.rord, coalesce(c.n, 0) AS incidents
      FROM season_all a CROSS JOIN r LEFT JOIN c ON c.season = a.season AND c.region = r.region)
SELECT season, region, incidents, dense_rank() OVER (PARTITION BY season ORDER BY incidents DESC) AS rank
FROM g ORDER BY ord, rord
""",
    "incidents_by_settlement": """
WITH inc AS (SELECT season, trim(settlement) AS settlement, region FROM read_parquet({incidents})
             WHERE season IN (SELECT id FROM seasons)),
c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season, settlement, region,
             count(*) AS incidents
      FROM inc WHERE settlement IS NOT NULL AND settlement <> ''
      GROUP BY GROUPING SETS ((season, settlement, region), (settlement, region)))
SELECT season, settlement, region, incidents,
       dense_rank() OVER (PARTITION BY season ORDER BY incidents DESC) AS rank
FROM c
""",
    "victim_categories": """
WITH c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
                  CASE WHEN grouping(victim_category) = 1 THEN '*' ELSE victim_category END AS victim_category,
                  count(*) AS n
           FROM read_parquet({incidents}) WHERE season IN (SELECT id FROM seasons)
           GROUP BY GROUPING SETS ((season, victim_category), (victim_category), (season), ())),
v AS (SELECT code AS victim_category, row_number() OVER () AS vord FROM read_parquet({victim_categories}))
SELECT a.season, v.victim_category, coalesce(c.n, 0) AS incidents, coalesce(t.n, 0) AS n,
       coalesce(c.n, 0) / nullif(coalesce(t.n, 0), 0) AS share
FROM season_all a CROSS JOIN v
LEFT JOIN c ON c.season = a.season AND c.victim_category = v.victim_category
LEFT JOIN c t ON t.season = a.season AND t.victim_category = '*'
ORDER BY a.ord, v.vord
""",
    "threat_types": """
WITH inc AS (SELECT incident_id, season FROM read_parquet({incidents}) WHERE season IN (SELECT id FROM seasons)),
vio AS (SELECT i.season, v.threat_type FROM read_parquet({violations}) v JOIN inc i USING (incident_id)),
c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
             CASE WHEN grouping(threat_type) = 1 THEN '*' ELSE threat_type END AS threat_type, count(*) AS n
      FROM vio GROUP BY GROUPING SETS ((season, threat_type), (threat_type), (season), ())),
tt AS (SELECT code AS threat_type, category, row_number() OVER () AS tord FROM read_parquet({threat_types})),
g AS (SELECT a.season, a.ord, tt.threat_type, tt.tord, tt.category, coalesce(c.n, 0) AS violations,
             coalesce(t.n, 0) AS n
      FROM season_all a CROSS JOIN tt
      LEFT JOIN c ON c.season = a.season AND c.threat_type = tt.threat_type
      LEFT JOIN c t ON t.season = a.season AND t.threat_type = '*')
SELECT season, threat_type, category, violations, n, violations / nullif(n, 0) AS share,
       dense_rank() OVER (PARTITION BY season ORDER BY violations DESC) AS rank
FROM g ORDER BY ord, tord
""",
    "threat_sources": """
WITH c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
                  CASE WHEN grouping(source_actor) = 1 THEN '*' ELSE source_actor END AS source_actor, count(*) AS n
           FROM read_parquet({incidents}) WHERE season IN (SELECT id FROM seasons)
           GROUP BY GROUPING SETS ((season, source_actor), (source_actor), (season), ())),
ac AS (SELECT code AS source_actor, coalesce(is_state, false) AS is_state, row_number() OVER () AS aord
       FROM read_parquet({actors})),
g AS (SELECT a.season, a.ord, ac.source_actor, ac.aord, ac.is_state, coalesce(c.n, 0) AS incidents,
             coalesce(t.n, 0) AS n
      FROM season_all a CROSS JOIN ac
      LEFT JOIN c ON c.season = a.season AND c.source_actor = ac.source_actor
      LEFT JOIN c t ON t.season = a.season AND t.source_actor = '*'),
w AS (SELECT *,
             CASE WHEN season = 'all' THEN NULL
                  ELSE lag(incidents) OVER (PARTITION BY source_actor, season = 'all' ORDER BY ord)
             END AS previous_incidents,
             CASE WHEN season = 'all' THEN NULL
                  ELSE sum(incidents) OVER (PARTITION BY source_actor, season = 'all' ORDER BY ord
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS earlier
      FROM g)
SELECT season, source_actor, is_state, incidents, n, incidents / nullif(n, 0) AS share, previous_incidents,
       (incidents - previous_incidents) / nullif(previous_incidents, 0) AS change_vs_previous,
       CASE WHEN season = 'all' THEN NULL ELSE coalesce(earlier, 0) = 0 AND incidents > 0 END AS is_new
FROM w ORDER BY ord, aord
""",
    "threat_source_split": """
WITH inc AS (SELECT i.season,
                    CASE WHEN ac.code IS NULL THEN NULL
                         WHEN coalesce(ac.is_state, false) THEN 'state' ELSE 'non_state' END AS side
             FROM read_parquet({incidents}) i LEFT JOIN read_parquet({actors}) ac ON ac.code = i.source_actor
             WHERE i.season IN (SELECT id FROM seasons)),
c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
             CASE WHEN grouping(side) = 1 THEN '*' ELSE side END AS side, count(*) AS n
      FROM inc GROUP BY GROUPING SETS ((season, side), (side), (season), ())),
s AS (SELECT * FROM (VALUES ('state', 0), ('non_state', 1)) AS s(side, sord))
SELECT a.season, s.side = 'state' AS is_state, coalesce(c.n, 0) AS incidents, coalesce(t.n, 0) AS n,
       coalesce(c.n, 0) / nullif(coalesce(t.n, 0), 0) AS share
FROM season_all a CROSS JOIN s
LEFT JOIN c ON c.season = a.season AND c.side = s.side
LEFT JOIN c t ON t.season = a.season AND t.side = '*'
ORDER BY a.ord, s.sord
""",
    "state_response": """
WITH inc AS (SELECT i.season, i.state_response, coalesce(ac.is_state, false) AS from_state,
                    coalesce(i.complaint_filed, false) AS complained
             FROM read_parquet({incidents}) i LEFT JOIN read_parquet({actors}) ac ON ac.code = i.source_actor
             WHERE i.season IN (SELECT id FROM seasons)),
c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season, count(*) AS incidents,
             count(*) FILTER (WHERE state_response = 'none') AS ignored,
             count(*) FILTER (WHERE state_response = 'formal') AS formal,
             count(*) FILTER (WHERE state_response = 'effective') AS effective,
             count(*) FILTER (WHERE from_state) AS from_state,
             count(*) FILTER (WHERE from_state AND complained) AS complaints_about_state
      FROM inc GROUP BY GROUPING SETS ((season), ())),
z AS (SELECT a.season, a.ord, coalesce(c.incidents, 0) AS incidents, coalesce(c.ignored, 0) AS ignored,
             coalesce(c.formal, 0) AS formal, coalesce(c.effective, 0) AS effective,
             coalesce(c.from_state, 0) AS from_state, coalesce(c.complaints_about_state, 0) AS complaints_about_state
      FROM season_all a LEFT JOIN c USING (season))
SELECT season, incidents, ignored, formal, effective, formal + effective AS responded,
       ignored / nullif(incidents, 0) AS share_ignored,
       effective / nullif(formal + effective, 0) AS share_effective_of_responded,
       from_state, complaints_about_state
FROM z ORDER BY ord
""",
    "court_outcomes": """
WITH c AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
                  count(*) FILTER (WHERE outcome = 'against_hrd') AS against_hrd,
                  count(*) FILTER (WHERE outcome = 'for_hrd') AS for_hrd,
                  count(*) FILTER (WHERE outcome = 'pending') AS pending,
                  count(*) FILTER (WHERE outcome = 'other') AS other
           FROM read_parquet({court_cases}) WHERE season IN (SELECT id FROM seasons)
           GROUP BY GROUPING SETS ((season), ())),
z AS (SELECT a.season, a.ord, coalesce(against_hrd, 0) AS against_hrd, coalesce(for_hrd, 0) AS for_hrd,
             coalesce(pending, 0) AS pending, coalesce(other, 0) AS other
      FROM season_all a LEFT JOIN c USING (season))
SELECT season, against_hrd + for_hrd + pending + other AS decisions, against_hrd, for_hrd, pending, other,
       against_hrd / nullif(for_hrd, 0) AS ratio_against_to_for
FROM z ORDER BY ord
""",
    "media_summary": """
WITH m AS (SELECT season, channel,
                  CASE WHEN region IS NULL OR trim(region) = '' THEN 'national' ELSE region END AS region,
                  CASE WHEN tone IS NULL OR trim(tone) = '' THEN 'uncoded' ELSE tone END AS tone
           FROM read_parquet({media})
           WHERE season IN (SELECT id FROM seasons) AND channel IS NOT NULL),
cube AS (SELECT CASE WHEN grouping(season) = 1 THEN 'all' ELSE season END AS season,
                CASE WHEN grouping(channel) = 1 THEN 'all' ELSE channel END AS channel,
                CASE WHEN grouping(region) = 1 THEN 'all' ELSE region END AS region,
                CASE WHEN grouping(tone) = 1 THEN 'all' ELSE tone END AS tone,
                count(*) AS materials
         FROM m GROUP BY CUBE (season, channel, region, tone))
SELECT * FROM cube
UNION ALL
SELECT id, 'all', 'all', 'all', 0 FROM seasons
WHERE id NOT IN (SELECT season FROM cube WHERE channel = 'all' AND region = 'all' AND tone = 'all')
""",
}


def _duckdb_tables() -> dict[str, tuple[str, ...]]:
    """The tables the DuckDB SQL recomputes, by the rule that writes them in the workflow."""
    from hrd_bulletin.metrics import STAGE_TABLES

    # Only the tables the SQL below recomputes (a table added to a rule joins when it has SQL).
    return {rule: tuple(t for t in STAGE_TABLES[rule] if t in _SQL) for rule in DUCKDB_STAGES}


DUCKDB_TABLES: dict[str, tuple[str, ...]] = _duckdb_tables()


def _seasons_frame() -> pd.DataFrame:
    from hrd_bulletin.metrics.incidents import season_months

    seasons = load_seasons()
    return pd.DataFrame(
        {
            "id": [str(s["id"]) for s in seasons],
            "ord": np.arange(len(seasons), dtype="int64"),
            "months": [season_months(s["start"], s["end"]) for s in seasons],
        }
    )


def duckdb_stage(work: Path, stage: str) -> tuple[int, dict[str, float]]:
    """Run the SQL of one stage over the clean Parquet; results to ``duckdb/<table>.parquet``."""
    import duckdb

    paths = {table: f"'{_clean_path(work, table)}'" for table in ("incidents", "violations", "court_cases", "media")}
    paths.update(
        {name: f"'{_ref_path(work, name)}'" for name in ("regions", "threat_types", "victim_categories", "actors")}
    )
    out_dir = work / "duckdb"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.register("seasons", _seasons_frame())
    con.execute(_SEASONS_SQL)
    parts: dict[str, float] = {}
    for table in DUCKDB_TABLES[stage]:
        sql = _SQL[table].format(**paths)
        result = _timed(parts, table, lambda sql=sql: con.sql(sql).to_arrow_table())
        pq.write_table(result, out_dir / f"{table}.parquet")
    con.close()
    source = {
        "incident_tables": ("incidents", "violations"),
        "court_outcomes": ("court_cases",),
        "media_summary": ("media",),
    }
    rows = sum(pq.ParquetFile(_clean_path(work, t)).metadata.num_rows for t in source[stage])
    return rows, parts


# --------------------------------------------------------------------------- equality

# table -> (key columns, columns compared exactly, columns compared to SHARE_TOLERANCE)
COMPARE: dict[str, tuple[list[str], list[str], list[str]]] = {
    "incidents_by_season": (
        ["season"],
        [
            "incidents",
            "violations",
            "threat_types",
            "threat_categories",
            "new_threat_types",
            "months",
            "new_threat_type_codes",
        ],
        ["change_vs_previous", "incidents_per_month"],
    ),
    "incidents_by_region": (["season", "region"], ["incidents", "rank"], []),
    "incidents_by_settlement": (["season", "settlement", "region"], ["incidents", "rank"], []),
    "victim_categories": (["season", "victim_category"], ["incidents", "n"], ["share"]),
    "threat_types": (["season", "threat_type"], ["category", "violations", "n", "rank"], ["share"]),
    "threat_sources": (
        ["season", "source_actor"],
        ["is_state", "incidents", "n", "previous_incidents", "is_new"],
        ["share", "change_vs_previous"],
    ),
    "threat_source_split": (["season", "is_state"], ["incidents", "n"], ["share"]),
    "state_response": (
        ["season"],
        ["incidents", "ignored", "formal", "effective", "responded", "from_state", "complaints_about_state"],
        ["share_ignored", "share_effective_of_responded"],
    ),
    "court_outcomes": (
        ["season"],
        ["decisions", "against_hrd", "for_hrd", "pending", "other"],
        ["ratio_against_to_for"],
    ),
    "media_summary": (["season", "channel", "region", "tone"], ["materials"], []),
}


def _as_object(series: pd.Series) -> np.ndarray:
    """Values as Python objects with every missing value as None (NA, NaN, None alike)."""
    values = series.astype(object).to_numpy(copy=True)
    missing = pd.isna(series).to_numpy()
    values[missing] = None
    return values


def compare_table(name: str, ours: pd.DataFrame, theirs: pd.DataFrame) -> list[str]:
    """Differences between the pandas and DuckDB versions of one metric table (empty = equal)."""
    keys, exact, approx = COMPARE[name]
    problems: list[str] = []
    if len(ours) != len(theirs):
        problems.append(f"{name}: {len(ours)} rows (pandas) vs {len(theirs)} (DuckDB)")
        return problems

    def aligned(df: pd.DataFrame) -> pd.DataFrame:
        frame = df[[*keys, *exact, *approx]].copy()
        for key in keys:
            frame[key] = frame[key].astype(object).where(frame[key].notna(), "<NA>").astype(str)
        return frame.sort_values(keys, kind="stable").reset_index(drop=True)

    a, b = aligned(ours), aligned(theirs)
    if not a[keys].equals(b[keys]):
        problems.append(f"{name}: key sets differ")
        return problems
    for column in exact:
        left, right = _as_object(a[column]), _as_object(b[column])
        # Counts compare as integers, flags as bools, text as text; None only equals None.
        diff = [
            i
            for i, (x, y) in enumerate(zip(left, right))
            if (x is None) != (y is None) or (x is not None and _norm(x) != _norm(y))
        ]
        if diff:
            i = diff[0]
            problems.append(
                f"{name}.{column}: {len(diff)} rows differ, e.g. {dict(a.loc[i, keys])}: {left[i]!r} vs {right[i]!r}"
            )
    for column in approx:
        left = pd.to_numeric(a[column].astype("Float64"), errors="coerce").astype("float64").to_numpy()
        right = pd.to_numeric(b[column].astype("Float64"), errors="coerce").astype("float64").to_numpy()
        same_na = np.isnan(left) == np.isnan(right)
        close = np.isnan(left) | (np.abs(left - right) <= SHARE_TOLERANCE)
        bad = np.flatnonzero(~(same_na & close))
        if len(bad):
            i = int(bad[0])
            problems.append(
                f"{name}.{column}: {len(bad)} rows differ, e.g. {dict(a.loc[i, keys])}: {left[i]!r} vs {right[i]!r}"
            )
    return problems


def _norm(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return value


def compare_all(work: Path) -> list[str]:
    """Compare every DuckDB result with the pandas metric table of the same name."""
    from hrd_bulletin.io import read_table

    problems: list[str] = []
    for tables in DUCKDB_TABLES.values():
        for name in tables:
            ours = read_table(_clean_path(work, name))
            theirs = pq.read_table(work / "duckdb" / f"{name}.parquet").to_pandas()
            problems += compare_table(name, ours, theirs)
    return problems


# --------------------------------------------------------------------------- stage processes


def run_stage_here(work: Path, stage: str) -> dict[str, Any]:
    """Run one stage in this process; wall seconds, rows in, peak RSS of this process in MB."""
    run = (
        (lambda w: duckdb_stage(w, stage.removeprefix("duckdb_")))
        if stage.startswith("duckdb_")
        else (lambda w: run_pandas_stage(w, stage))
    )
    # Imports are start-up, not work: load them before the clock starts (both sides alike).
    for module in STAGE_IMPORTS.get(stage.split("_")[0], ()):
        importlib.import_module(module)
    start = time.perf_counter()
    rows, parts = run(work)
    wall = time.perf_counter() - start
    return {"stage": stage, "rows_in": rows, "wall": wall, "peak_mb": peak_rss_mb(), "parts": parts}


STAGE_IMPORTS: dict[str, tuple[str, ...]] = {
    "reference": ("hrd_bulletin.ingest", "hrd_bulletin.io"),
    "clean": ("hrd_bulletin.ingest", "hrd_bulletin.io"),
    "survey": ("hrd_bulletin.metrics.survey", "hrd_bulletin.io"),
    "index": ("hrd_bulletin.metrics.indices", "hrd_bulletin.io"),
    "incident": ("hrd_bulletin.metrics.incidents", "hrd_bulletin.io"),
    "court": ("hrd_bulletin.metrics.courts", "hrd_bulletin.io"),
    "media": ("hrd_bulletin.metrics.media", "hrd_bulletin.io"),
    "duckdb": ("duckdb", "hrd_bulletin.metrics.incidents"),
}


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB.

    VmHWM (Linux) belongs to the address space, so it starts afresh at exec; ru_maxrss would
    carry over the parent's peak into a freshly started stage process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_stage(work: Path, stage: str, inline: bool) -> dict[str, Any]:
    """Run one stage in a fresh interpreter (or here with ``inline``) and return its measurements."""
    if inline:
        return run_stage_here(work, stage)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--stage", stage, "--workdir", str(work)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise RuntimeError(f"stage {stage} failed (exit {proc.returncode})")
    if proc.stderr:
        sys.stderr.write(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def report(results: Sequence[Mapping[str, Any]], duck: Mapping[str, Mapping[str, Any]], with_duckdb: bool) -> list[str]:
    """Print the stage table, the per-table detail and the targets; returns the missed targets."""
    header = f"{'stage':<20} {'rows in':>10} {'wall s':>8} {'peak MB':>8} {'DuckDB s':>9} {'ratio':>6}"
    print()
    print(header)
    print("-" * len(header))
    missed: list[str] = []
    for r in results:
        d = duck.get(r["stage"])
        ratio = r["wall"] / d["wall"] if d else None
        print(
            f"{r['stage']:<20} {r['rows_in']:>10} {r['wall']:>8.2f} {r['peak_mb']:>8.0f} "
            f"{_fmt(d['wall'] if d else None, 3):>9} {_fmt(ratio, 1):>6}"
        )
        if ratio is not None and ratio > TARGET_RATIO:
            missed.append(f"{r['stage']}: pandas/DuckDB {ratio:.1f} > {TARGET_RATIO:g}")
    total = sum(r["wall"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    print("-" * len(header))
    print(f"{'total':<20} {'':>10} {total:>8.2f} {peak:>8.0f}")

    if duck:
        print()
        # The pandas side is timed per rule, as the workflow runs it; DuckDB's SQL per table.
        print(f"{'table':<26} {'DuckDB s':>9}")
        for r in results:
            d = duck.get(r["stage"])
            if not d:
                continue
            for table, seconds in d["parts"].items():
                print(f"{table:<26} {seconds:>9.3f}")

    print()
    if total > TARGET_SECONDS:
        missed.append(f"ingest + metrics {total:.1f} s > {TARGET_SECONDS:g} s")
    if peak > TARGET_PEAK_MB:
        missed.append(f"peak {peak:.0f} MB > {TARGET_PEAK_MB:.0f} MB")
    print(
        f"target ingest + metrics < {TARGET_SECONDS:g} s: "
        f"{'MISSED' if total > TARGET_SECONDS else 'met'} ({total:.1f} s)"
    )
    print(f"target peak < {TARGET_PEAK_MB:.0f} MB: {'MISSED' if peak > TARGET_PEAK_MB else 'met'} ({peak:.0f} MB)")
    if with_duckdb:
        worst = [f for f in missed if "pandas/DuckDB" in f]
        print(f"target every metric stage <= {TARGET_RATIO:g}x DuckDB: {'MISSED' if worst else 'met'}")
        for line in worst:
            print(f"  MISSED {line}")
    else:
        print(f"target every metric stage <= {TARGET_RATIO:g}x DuckDB: not measured (--no-duckdb)")
    return missed


def machine() -> str:
    """One line naming the machine and the library versions."""
    import pyarrow

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        import duckdb

        duck = f", duckdb {duckdb.__version__}"
    except ImportError:
        duck = ""
    return (
        f"machine: {os.cpu_count()} cpu, {mem:.1f} GiB RAM, Python {platform.python_version()}, "
        f"pandas {pd.__version__}, pyarrow {pyarrow.__version__}, numpy {np.__version__}{duck}"
    )


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000, help="incidents wanted (default 1 000 000)")
    parser.add_argument("--media", type=int, default=100_000, help="media materials wanted (default 100 000)")
    parser.add_argument("--respondents", type=int, default=20_000, help="survey rows wanted (default 20 000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="where raw and processed data go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB comparison")
    parser.add_argument(
        "--inline",
        action="store_true",
        help="run the stages in this process (fast for tests; peak MB is then cumulative)",
    )
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, run every stage, compare with DuckDB, print the table; 1 on a difference."""
    args = parse_args(argv)
    if args.stage:
        print(json.dumps(run_stage_here(args.workdir, args.stage)))
        return 0

    with_duckdb = not args.no_duckdb
    if with_duckdb:
        try:
            import duckdb  # noqa: F401
        except ImportError:
            print("duckdb is not installed: pip install 'hrd-bulletin[bench]', or pass --no-duckdb", file=sys.stderr)
            return 2
    made_temp = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="hrd-bench-")) if made_temp else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(machine())
        start = time.perf_counter()
        sizes = generate(work / "raw", args.incidents, args.media, args.respondents, args.seed)
        print(
            f"generated in {time.perf_counter() - start:.1f} s: "
            + ", ".join(f"{name} {n}" for name, n in sizes.items())
        )
        results = []
        for stage in STAGES:
            results.append(run_stage(work, stage, args.inline))
        duck: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        if with_duckdb:
            for stage in DUCKDB_STAGES:
                duck[stage] = run_stage(work, f"duckdb_{stage}", args.inline)
            problems = compare_all(work)
        report(results, duck, with_duckdb)
        if with_duckdb:
            print()
            if problems:
                print("EQUALITY FAILED (pandas vs DuckDB):")
                for line in problems:
                    print(f"  {line}")
            else:
                n = sum(len(t) for t in DUCKDB_TABLES.values())
                print(f"equality: all {n} DuckDB tables equal the pandas metric tables")
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
