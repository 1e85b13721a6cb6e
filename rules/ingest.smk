# Ingest: messy raw CSV -> typed, validated Parquet; bad rows to rejected/, never dropped.


rule ingest_reference:
    input:
        _code=code("ingest", "contract"),
        **{name: raw(f"reference/{name}.csv") for name in REFERENCE_TABLES},
    output:
        **{name: reference(name) for name in REFERENCE_TABLES},
    log:
        logfile("ingest_reference", "reference"),
    benchmark:
        bench("ingest_reference", "reference")
    params:
        entry="hrd_bulletin.ingest:run_ingest_reference",
    threads: 1
    resources:
        mem_mb=512,
    conda:
        ENV
    script:
        STAGE


# Violations, court cases and media point at incidents: they are checked against the clean ones.
_NEEDS_INCIDENTS = {"violations", "court_cases", "media"}

for _table in RAW_TABLES:

    rule:
        name:
            f"ingest_{_table}"
        input:
            _code=code("ingest", "contract"),
            raw=raw_table(_table),
            reference=[reference(name) for name in REFERENCE_TABLES],
            **({"incidents": processed("incidents")} if _table in _NEEDS_INCIDENTS else {}),
        output:
            clean=processed(_table),
            rejected=f"{{processed}}/rejected/{_table}.parquet",
            summary=f"{{processed}}/ingest/{_table}.summary.parquet",
        log:
            logfile("ingest", _table),
        benchmark:
            bench("ingest", _table)
        params:
            entry="hrd_bulletin.ingest:run_ingest_table",
            table=_table,
            seasons=SEASONS,
        threads: 1
        priority: PRIORITY[_table]
        resources:
            mem_mb=4096,
        conda:
            ENV
        script:
            STAGE


rule ingest_summary:
    input:
        _code=code("ingest", "contract"),
        summaries=[f"{{processed}}/ingest/{t}.summary.parquet" for t in RAW_TABLES],
    output:
        summary=report(
            processed("ingest_summary"),
            caption="../reports/workflow/ingest_summary.rst",
            category="Data",
        ),
    log:
        logfile("ingest_summary", "ingest_summary"),
    benchmark:
        bench("ingest_summary", "ingest_summary")
    params:
        entry="hrd_bulletin.ingest:run_ingest_summary",
    threads: 1
    resources:
        mem_mb=256,
    conda:
        ENV
    script:
        STAGE
