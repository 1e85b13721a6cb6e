"""The one bridge between Snakemake jobs and the package's stage entry points."""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from hrd_bulletin.errors import UserError

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"

# Every rule of the workflow and the function it runs: the one place to look it up. Functions
# are named as "module:function" and imported only by the job that runs them, so that a job
# starts without importing matplotlib or WeasyPrint when it needs neither.
STAGES: Mapping[str, str] = {
    "reference_tables": "hrd_bulletin.ingest.stages:run_ingest_reference",
    "clean_survey": "hrd_bulletin.ingest.stages:run_ingest_table",
    "clean_incidents": "hrd_bulletin.ingest.stages:run_ingest_table",
    "clean_violations": "hrd_bulletin.ingest.stages:run_ingest_table",
    "clean_court_cases": "hrd_bulletin.ingest.stages:run_ingest_table",
    "clean_media": "hrd_bulletin.ingest.stages:run_ingest_table",
    "ingest_summary": "hrd_bulletin.ingest.stages:run_ingest_summary",
    "survey_tables": "hrd_bulletin.metrics.survey:run_survey",
    "index_tables": "hrd_bulletin.metrics.indices:run_indices",
    "incident_tables": "hrd_bulletin.metrics.incidents:run_incidents",
    "court_outcomes": "hrd_bulletin.metrics.courts:run_court_outcomes",
    "media_summary": "hrd_bulletin.metrics.media:run_media",
    "reproduction": "hrd_bulletin.metrics.reproduction:run_reproduction",
    "figures_survey": "hrd_bulletin.bulletin.figures:run_figures",
    "figures_incidents": "hrd_bulletin.bulletin.figures:run_figures",
    "figures_media": "hrd_bulletin.bulletin.figures:run_figures",
    "bulletin_ru": "hrd_bulletin.bulletin.report:run_report",
    "bulletin_en": "hrd_bulletin.bulletin.report:run_report",
    "review_ru": "hrd_bulletin.bulletin.report:run_review",
    "review_en": "hrd_bulletin.bulletin.report:run_review",
    "open_data": "hrd_bulletin.release.stage:run_open_data",
    "edition_changes": "hrd_bulletin.release.editions:run_edition_changes",
    "figures_changes": "hrd_bulletin.bulletin.figures_periods:run_period_figure",
}

# The input that lists a rule's package modules: Snakemake reruns a job when one changes; the
# stage function never sees it.
CODE_INPUT = "code"


def resolve(entry: str) -> Callable[..., None]:
    """Turn ``"hrd_bulletin.metrics.survey:run_survey"`` into the function it names."""
    module_name, _, func_name = entry.partition(":")
    if not module_name.startswith("hrd_bulletin.") or not func_name:
        raise ValueError(f"stage entry must be 'hrd_bulletin.<module>:<function>', got {entry!r}")
    return getattr(importlib.import_module(module_name), func_name)


def stage_of(rule: str) -> str:
    """The function (as "module:function") that the rule named ``rule`` runs."""
    try:
        return STAGES[rule]
    except KeyError:
        raise ValueError(f"rule {rule!r} is not in hrd_bulletin.stage.STAGES") from None


def _named(items: Any) -> dict[str, Any]:
    # Snakemake's Namedlist: only the named entries, as a plain dict, without the code input.
    return {name: value for name, value in items.items() if name != CODE_INPUT}


def run_stage(
    entry: str,
    input: Mapping[str, Any],
    output: Mapping[str, Any],
    params: Mapping[str, Any],
    log_path: str | None = None,
) -> int:
    """Run one stage entry point; a UserError becomes one line on stderr and exit status 1."""
    handlers: list[logging.Handler] = []
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, handlers=handlers or None, force=True)
    func = resolve(entry)
    try:
        func(dict(input), dict(output), dict(params))
    except UserError as exc:
        logging.getLogger("hrd_bulletin").error("%s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def run_snakemake_job(smk: Any) -> None:
    """Entry for ``scripts/stage.py``: run the function that STAGES gives for the job's rule."""
    params = _named(smk.params)
    entry = stage_of(smk.rule)
    log_path = smk.log[0] if len(smk.log) else None
    status = run_stage(entry, _named(smk.input), _named(smk.output), params, log_path)
    # The job process ends here. Its last act would be a full garbage collection of everything
    # the stage built (half a second after a report's layout); outputs are written and closed,
    # so let the process exit without it. atexit handlers still run and flush the log.
    gc.freeze()
    if status:
        sys.exit(status)


def release_scheduler_timers() -> None:
    """Cancel pending non-daemon ``threading.Timer`` threads, so that Snakemake exits at once.

    Called from the Snakefile's ``onsuccess``/``onerror``. Snakemake's job-rate limiter
    (``--max-jobs-per-timespan``, default 100/1s) re-arms a non-daemon timer after every
    scheduling pass, and the interpreter waits for the last one: every run that executed jobs
    idled up to a second after its last job.
    """
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer) and not thread.daemon:
            thread.cancel()
