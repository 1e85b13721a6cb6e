# Figures: the charts and maps (SVG) of both editions, from the metric tables. The jobs are
# hrd_bulletin.bulletin.catalog.FIGURE_JOBS, one per stage of the data they read, so that a
# correction to media.csv redraws only the media chart; one job draws every edition, so one
# matplotlib start-up and one read of each table serve both.
from hrd_bulletin.bulletin import catalog

SEASON_IDS = [s["id"] for s in SEASONS]


def report_references(wildcards):
    """The reference tables of the job's dataset, in catalog.REFERENCE_TABLES order."""
    processed_dir = BY_REPORT[wildcards.report]["processed_dir"]
    return [f"{processed_dir}/reference/{name}.parquet" for name in catalog.REFERENCE_TABLES]


def region_boundaries(wildcards):
    return f"{BY_REPORT[wildcards.report]['raw_dir']}/reference/regions_2015.geojson"


def figure_output(lang, drawing):
    """One SVG, shown by `snakemake --report` under its bulletin part."""
    return report(
        catalog.figure_path("{report}", lang, drawing.name),
        caption="../reports/workflow/figure.rst",
        category=catalog.PARTS[drawing.figure.part],
        subcategory=f"{lang} edition",
        labels={"figure": drawing.name, "edition": lang},
    )


def figure_outputs(names):
    """The SVGs of the named figures, in every edition."""
    return [figure_output(lang, drawing) for lang in LANGS for drawing in catalog.drawings(names, SEASON_IDS)]


# Rules figures_survey, figures_incidents, figures_media.
for _job, _figures in catalog.FIGURE_JOBS.items():

    rule:
        name:
            f"figures_{_job}"
        input:
            **{table: for_report(f"{{processed}}/{table}.parquet") for table in catalog.job_tables(_job)},
            **({"boundaries": region_boundaries} if catalog.job_has_maps(_job) else {}),
            code=code(f"figures_{_job}"),
            reference=report_references,
        output:
            figure_outputs(_figures),
        log:
            report_log("figures", _job),
        benchmark:
            report_bench("figures", _job)
        priority: PRIORITY.get(_job, 0)
        conda:
            ENV
        threads: 1
        resources:
            mem_mb=1024,
        params:
            figures=list(_figures),
            langs=LANGS,
            seasons=SEASONS,
            report_dir=lambda wildcards: wildcards.report,
        script:
            STAGE
