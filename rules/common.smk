# Start-up: validate the config and the raw files' readability before any job runs, so that a
# user's mistake stops the run with one line instead of a traceback or a half-built tree.
import importlib.util
import os
import re
import sys
from pathlib import Path

from hrd_bulletin.config import check_publisher_files, datasets, prepare_config, publisher_logos
from hrd_bulletin.contract import RAW_TABLES, REFERENCE_TABLES, raw_parents
from hrd_bulletin.errors import UserError
from hrd_bulletin.ingest import preflight, raw_source
from hrd_bulletin.ingest import limits as ingest_limits
from hrd_bulletin.ingest import runlock
from hrd_bulletin.metrics import STAGE_TABLES as RULE_TABLES
from hrd_bulletin.bulletin.commentary import SECTIONS, section_path
from hrd_bulletin.config import DEFAULT_DATASET, edition_id
from hrd_bulletin.release.compare import read_release
from hrd_bulletin.codedeps import module_files, stage_code
from hrd_bulletin.stage import STAGES, release_scheduler_timers

try:
    config = prepare_config(config)
    DATASETS = datasets(config)
    # the config's ingest limits, for the start-up check and (through the environment) every job
    INGEST_LIMITS = ingest_limits.Limits.from_mapping(config.get("ingest"))
    os.environ[ingest_limits.ENV_VAR] = INGEST_LIMITS.as_json()
    with ingest_limits.using(INGEST_LIMITS):
        for _dirs in DATASETS.values():
            preflight(_dirs["raw_dir"])
            check_publisher_files(config, _dirs["raw_dir"])
    if config.get("previous_edition"):
        # the previous edition's release is read once here, so that a wrong path stops the run
        read_release(config["previous_edition"])
except UserError as _err:
    print(f"error: {_err}", file=sys.stderr)
    sys.exit(1)


def hold_output_dirs():
    """At the start of a run (not a dry run): hold every output directory, or stop with one line.

    Another checkout's run on the same directories is not seen by Snakemake's own lock (it is
    kept in each working directory); hrd_bulletin.ingest.runlock is kept in the output directories.
    """
    keys = ("processed_dir", "report_dir")
    runlock.hold_or_exit(d[key] for d in DATASETS.values() for key in keys)


LOGS = config["log_dir"]
SEASONS = config["seasons"]
LANGS = ["ru", "en"]  # the editions
ENV = "../environment.yml"
STAGE = "../scripts/stage.py"

# Several datasets (config `datasets:`) are built by the same rules: the wildcards {processed}
# and {report} are the dataset's own directories, constrained to the configured ones.
BY_PROCESSED = {d["processed_dir"]: d for d in DATASETS.values()}
BY_REPORT = {d["report_dir"]: d for d in DATASETS.values()}


wildcard_constraints:
    processed="|".join(re.escape(p) for p in BY_PROCESSED),
    report="|".join(re.escape(r) for r in BY_REPORT),


# Metric tables by the rule that writes them (hrd_bulletin.metrics.STAGE_TABLES).
SURVEY_TABLES = list(RULE_TABLES["survey_tables"])
INDEX_TABLES = list(RULE_TABLES["index_tables"])
INCIDENT_TABLES = list(RULE_TABLES["incident_tables"])
METRIC_TABLES = [t for tables in RULE_TABLES.values() for t in tables]


# Job priorities by data stage: the survey's chain of jobs up to its charts is the longest of
# the build (ingest, metrics, indices, ten charts and maps per edition), then the incidents'.
# Starting the longest chains first lets the last chart job, which the reports wait for, end
# sooner on a machine with fewer cores than ready jobs.
PRIORITY = {"survey": 2, "incidents": 1, "violations": 1, "court_cases": 1, "media": 0}


def code(rule):
    """The package modules behind a rule (its stage function and all it imports), as its input
    `code`, so that editing one reruns it (hrd_bulletin.codedeps).

    Snakemake alone reads this input; the stage function never sees it (hrd_bulletin.stage).
    """
    return sorted({*stage_code(STAGES[rule]), *module_files("hrd_bulletin.stage")})


def processed(name):
    """A table of the job's dataset (wildcard {processed})."""
    return f"{{processed}}/{name}.parquet"


def reference(name):
    return f"{{processed}}/reference/{name}.parquet"


def raw(path):
    """An input function: a raw file of the dataset whose processed_dir is {processed}."""
    return lambda w: f"{BY_PROCESSED[w.processed]['raw_dir']}/{path}"


def raw_table(table):
    """An input function: the raw table's file (CSV, or a workbook sheet) of the job's dataset."""
    return lambda w: str(raw_source(BY_PROCESSED[w.processed]["raw_dir"], table))


def for_report(pattern):
    """An input function: a processed file of the dataset whose report_dir is {report}."""
    return lambda w: pattern.format(processed=BY_REPORT[w.report]["processed_dir"])


def logfile(rule_name):
    return f"{LOGS}/{rule_name}/{{processed}}.log"


def bench(rule_name):
    return f"{LOGS}/benchmarks/{rule_name}/{{processed}}.tsv"


def report_log(rule_name, name):
    return f"{LOGS}/{rule_name}/{{report}}/{name}.log"


def report_bench(rule_name, name):
    return f"{LOGS}/benchmarks/{rule_name}/{{report}}/{name}.tsv"


def final_outputs():
    """Everything `snakemake` builds, for every dataset: audit, metric tables, both editions, open
    data; and the comparison with the previous edition when config previous_edition names it."""
    out = []
    for dirs in DATASETS.values():
        p, r = dirs["processed_dir"], dirs["report_dir"]
        out += [f"{p}/{t}.parquet" for t in ["ingest_summary", "reproduction", *METRIC_TABLES]]
        out += [
            f"{r}/{doc}_{lang}.{ext}" for doc in ("bulletin", "review") for lang in LANGS for ext in ("pdf", "html")
        ]
        # the open-data release (rules/open_data.smk): its data package, the files beside it, its zip
        out += [f"{r}/open-data/datapackage.json", f"{r}/open-data.zip"]
    if config.get("previous_edition"):
        # edition to edition (rules/open_data.smk), for the default dataset only
        out.append(f"{DATASETS[DEFAULT_DATASET]['report_dir']}/edition_changes.parquet")
    return out
