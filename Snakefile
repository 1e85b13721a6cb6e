# hrd-bulletin: raw monitoring data -> clean Parquet -> metric Parquet -> figures -> bulletin.
# Stages live in rules/*.smk; every rule calls one function of the hrd_bulletin package.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "reports/workflow/workflow.rst"


include: "rules/common.smk"
include: "rules/ingest.smk"
include: "rules/survey.smk"
include: "rules/incidents.smk"
include: "rules/media.smk"
include: "rules/audit.smk"
include: "rules/figures.smk"
include: "rules/report.smk"
include: "rules/open_data.smk"


# Seconds of work each: on a cluster they run on the submit host instead of waiting in the queue.
localrules:
    all,
    ingest_summary,
    reproduction,
    open_data,


# One run at a time per output directory, whichever checkout it starts from (rules/common.smk).
onstart:
    hold_output_dirs()


onsuccess:
    runlock.release()
    release_scheduler_timers()


onerror:
    runlock.release()
    release_scheduler_timers()


rule all:
    default_target: True
    input:
        final_outputs(),
