# Start-up: validate the config and the raw files' readability before any job runs, so that a
# user's mistake stops the run with one line instead of a traceback or a half-built tree.
import sys

from hrd_bulletin.config import prepare_config
from hrd_bulletin.contract import RAW_TABLES, REFERENCE_TABLES
from hrd_bulletin.errors import UserError
from hrd_bulletin.ingest import preflight

try:
    config = prepare_config(config, workflow.source_path("../config/schema.yaml"))
    preflight(config["raw_dir"])
except UserError as _err:
    print(f"error: {_err}", file=sys.stderr)
    sys.exit(1)

RAW = config["raw_dir"]
PROCESSED = config["processed_dir"]
REPORT = config["report_dir"]
LOGS = config["log_dir"]
SEASONS = config["seasons"]
ENV = "../environment.yml"
STAGE = "../scripts/stage.py"

# Metric tables and the rule writing them; the audit and `all` read this list.
SURVEY_TABLES = ["survey_shares", "survey_stats", "attack_prevalence", "likelihood", "likelihood_possible"]
INDEX_TABLES = ["risk_indices", "regional_indices", "index_levels", "index_dynamics"]
INCIDENT_TABLES = [
    "incidents_by_season",
    "incidents_by_region",
    "incidents_by_settlement",
    "victim_categories",
    "threat_types",
    "threat_sources",
    "threat_source_split",
    "state_response",
]
COURT_TABLES = ["court_outcomes"]
MEDIA_TABLES = ["media_summary"]
METRIC_TABLES = SURVEY_TABLES + INDEX_TABLES + INCIDENT_TABLES + COURT_TABLES + MEDIA_TABLES
STAGE_TABLES = {
    "survey": SURVEY_TABLES + INDEX_TABLES,
    "incidents": INCIDENT_TABLES + COURT_TABLES,
    "media": MEDIA_TABLES,
}


def processed(name):
    return f"{PROCESSED}/{name}.parquet"


def reference(name):
    return f"{PROCESSED}/reference/{name}.parquet"


def final_outputs():
    """Everything `snakemake` builds by default: audit, metric tables, both editions."""
    tables = [processed("ingest_summary"), processed("reproduction")] + [
        processed(t) for t in METRIC_TABLES
    ]
    return tables + [report_path(lang, ext) for lang in LANGS for ext in ("pdf", "html")]
