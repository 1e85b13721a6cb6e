# Ingest: messy raw CSV or workbook sheets -> typed, validated Parquet; bad rows to rejected/.


rule reference_tables:
    input:
        **{name: raw(f"reference/{name}.csv") for name in REFERENCE_TABLES},
        code=code("reference_tables"),
    output:
        **{name: reference(name) for name in REFERENCE_TABLES},
    log:
        logfile("reference_tables"),
    benchmark:
        bench("reference_tables")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=512,
    params:
        ingest=config.get("ingest") or {},
    script:
        STAGE


# One rule per raw table of the contract (clean_survey, clean_incidents, ...). A table whose
# foreign keys point at another raw table (violations, court cases and media at incidents) is
# checked against that table's clean rows, so it waits for them.
for _table in RAW_TABLES:

    rule:
        name:
            f"clean_{_table}"
        input:
            **{parent: processed(parent) for parent in raw_parents(_table)},
            code=code(f"clean_{_table}"),
            raw=raw_table(_table),
            reference=[reference(name) for name in REFERENCE_TABLES],
        output:
            clean=processed(_table),
            rejected=f"{{processed}}/rejected/{_table}.parquet",
            summary=f"{{processed}}/ingest/{_table}.summary.parquet",
        log:
            logfile(f"clean_{_table}"),
        benchmark:
            bench(f"clean_{_table}")
        priority: PRIORITY[_table]
        conda:
            ENV
        threads: 1
        resources:
            mem_mb=4096,
        params:
            table=_table,
            seasons=SEASONS,
            # the config's limits as a param: changing one reruns ingest
            ingest=config.get("ingest") or {},
        script:
            STAGE


rule ingest_summary:
    input:
        code=code("ingest_summary"),
        summaries=[f"{{processed}}/ingest/{t}.summary.parquet" for t in RAW_TABLES],
    output:
        summary=report(
            processed("ingest_summary"),
            caption="../reports/workflow/ingest_summary.rst",
            category="Data",
        ),
    log:
        logfile("ingest_summary"),
    benchmark:
        bench("ingest_summary")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=256,
    script:
        STAGE
