# Figures: charts and maps (SVG) from the metric tables, one job per stage of the data they read
# (for both editions), so that a correction to media.csv redraws only the media chart.
from hrd_bulletin.bulletin.catalog import CHART_TABLES, REFERENCE_TABLES as CHART_REFERENCES
from hrd_bulletin.bulletin.catalog import figure_part, map_names, map_table

SEASON_IDS = [s["id"] for s in SEASONS]
PART_TITLES = {
    "part1": "I. Portrait",
    "part2": "II. Security",
    "part3": "III. Incidents and courts",
    "part4": "IV. Media",
    "part5": "V. Regional indices",
}


def _stage_of(table):
    for stage, tables in STAGE_TABLES.items():
        if table in tables:
            return stage
    raise ValueError(f"no stage writes {table}")


def chart_groups():
    """Chart names grouped by the stages whose tables they read, e.g. {'survey': [...], ...}."""
    groups = {}
    for name, tables in CHART_TABLES.items():
        key = "_".join(sorted({_stage_of(t) for t in tables}))
        groups.setdefault(key, []).append(name)
    return groups


CHART_GROUPS = chart_groups()
MAP_GROUPS = {
    "indices": [n for n in map_names(SEASON_IDS) if not n.startswith("map_incidents")],
    "incidents": [n for n in map_names(SEASON_IDS) if n.startswith("map_incidents")],
}


def figure_path(lang, name):
    return f"{{report}}/figures/{lang}/{name}.svg"


def figure_output(lang, name):
    """The SVG, marked for `snakemake --report` under its bulletin part."""
    return report(
        figure_path(lang, name),
        caption="../reports/workflow/figure.rst",
        category=PART_TITLES[figure_part(name)],
        subcategory=f"{lang} edition",
        labels={"figure": name, "edition": lang},
    )


def all_figures(lang):
    names = [n for group in CHART_GROUPS.values() for n in group]
    names += [n for group in MAP_GROUPS.values() for n in group]
    return {name: figure_path(lang, name) for name in names}


def _figure_jobs():
    """{stage key: (charts, maps)}: a map joins the charts that read the same stages' tables."""
    jobs = {group: (charts, []) for group, charts in CHART_GROUPS.items()}
    for maps in MAP_GROUPS.values():
        for m in maps:
            jobs.setdefault(_stage_of(map_table(m)), ([], []))[1].append(m)
    return jobs


# One job per stage of the data draws the charts and maps of every edition: one matplotlib
# start-up and one read of each table instead of one per edition and kind of figure.
for _group, (_charts, _maps) in _figure_jobs().items():

    rule:
        name:
            f"charts_{_group}"
        input:
            _code=code("bulletin.maps", "bulletin.figures", "bulletin.catalog", "bulletin.style", "i18n", "boundaries"),
            **{t: for_report(f"{{processed}}/{t}.parquet") for c in _charts for t in CHART_TABLES[c]},
            **{f"reference_{r}": for_report(f"{{processed}}/reference/{r}.parquet") for r in CHART_REFERENCES},
            **(
                {"boundaries": lambda w: f"{BY_REPORT[w.report]['raw_dir']}/reference/regions_2015.geojson"}
                if _maps
                else {}
            ),
            **{map_table(m): for_report(f"{{processed}}/{map_table(m)}.parquet") for m in _maps},
        output:
            **{
                f"{lang}__{name}": figure_output(lang, name)
                for lang in LANGS
                for name in [*_charts, *_maps]
            },
        log:
            report_log("charts", _group),
        benchmark:
            report_bench("charts", _group)
        params:
            entry="hrd_bulletin.bulletin.maps:run_charts_and_maps",
            langs=LANGS,
            seasons=SEASONS,
        threads: 1
        priority: max(PRIORITY.get(stage, 0) for stage in _group.split("_"))
        resources:
            mem_mb=1024,
        conda:
            ENV
        script:
            STAGE
