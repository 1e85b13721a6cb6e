# The open-data release of each dataset's edition, beside the bulletin: every published
# aggregate as CSV, datapackage.json, README.md (Russian and English) and a zip of it all.
from hrd_bulletin.release.stage import DATAPACKAGE, release_files

# report_references() is rules/figures.smk's, MESSAGES and git_commit() rules/report.smk's
# (included first).
OPEN_DATA = catalog.OPEN_DATA_DIR


rule open_data:
    input:
        **{table: for_report(f"{{processed}}/{table}.parquet") for table in catalog.open_data_tables()},
        code=code("open_data"),
        reference=report_references,
        messages=MESSAGES,
    output:
        datapackage=f"{{report}}/{OPEN_DATA}/{DATAPACKAGE}",
        files=[f"{{report}}/{OPEN_DATA}/{name}" for name in release_files() if name != DATAPACKAGE],
        zip=f"{{report}}/{OPEN_DATA}.zip",
    log:
        report_log("open_data", "release"),
    benchmark:
        report_bench("open_data", "release")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1024,
    params:
        seasons=SEASONS,
        min_cell=config["disclosure"]["min_cell"],
        publisher=config.get("publisher") or {},
        reconstructed=(config.get("open_data") or {}).get("reconstructed", False),
        git_commit=git_commit(),
    script:
        STAGE


# Edition to edition (docs/editions.md): this edition's released figures against the previous
# edition's release (config previous_edition), for the default dataset; absent, no comparison.
PREVIOUS_EDITION = config.get("previous_edition")


rule edition_changes:
    input:
        current=f"{{report}}/{OPEN_DATA}/{DATAPACKAGE}",
        previous=PREVIOUS_EDITION or [],
        code=code("edition_changes"),
    output:
        changes="{report}/edition_changes.parquet",
        periods="{report}/period_changes.parquet",
    log:
        report_log("edition_changes", "release"),
    benchmark:
        report_bench("edition_changes", "release")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1024,
    params:
        min_base=(config.get("comparison") or {}).get("min_base", 10),
    script:
        STAGE


# The chart of "What changed since the last edition" (the new season against the one before).
rule figures_changes:
    input:
        periods="{report}/period_changes.parquet",
        code=code("figures_changes"),
        reference=report_references,
    output:
        [catalog.figure_path("{report}", lang, "period_changes") for lang in LANGS],
    log:
        report_log("figures", "changes"),
    benchmark:
        report_bench("figures", "changes")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1024,
    params:
        langs=LANGS,
        seasons=SEASONS,
        report_dir=lambda wildcards: wildcards.report,
    script:
        STAGE
