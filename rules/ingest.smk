# Ingest: messy raw CSV -> typed, validated Parquet; bad rows to rejected/, never dropped.


rule ingest_reference:
    input:
        **{name: f"{RAW}/reference/{name}.csv" for name in REFERENCE_TABLES},
    output:
        **{name: reference(name) for name in REFERENCE_TABLES},
    log:
        f"{LOGS}/ingest_reference/ingest_reference.log",
    params:
        entry="hrd_bulletin.ingest:run_ingest_reference",
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
            raw=f"{RAW}/{_table}.csv",
            reference=[reference(name) for name in REFERENCE_TABLES],
            **({"incidents": processed("incidents")} if _table in _NEEDS_INCIDENTS else {}),
        output:
            clean=processed(_table),
            rejected=f"{PROCESSED}/rejected/{_table}.parquet",
            summary=f"{PROCESSED}/ingest/{_table}.summary.parquet",
        log:
            f"{LOGS}/ingest/{_table}.log",
        params:
            entry="hrd_bulletin.ingest:run_ingest_table",
            table=_table,
            seasons=SEASONS,
        conda:
            ENV
        script:
            STAGE


rule ingest_summary:
    input:
        summaries=[f"{PROCESSED}/ingest/{t}.summary.parquet" for t in RAW_TABLES],
    output:
        summary=processed("ingest_summary"),
    log:
        f"{LOGS}/ingest_summary/ingest_summary.log",
    params:
        entry="hrd_bulletin.ingest:run_ingest_summary",
    conda:
        ENV
    script:
        STAGE
