# Figures: charts and maps (SVG) from the metric tables, one job per edition and per stage of
# the data they read, so that a correction to media.csv redraws only the media chart.
from hrd_bulletin.figures import CHARTS
from hrd_bulletin.figures import REFERENCE_TABLES as CHART_REFERENCES
from hrd_bulletin.maps import MAPS, map_names

LANGS = ["ru", "en"]
SEASON_IDS = [s["id"] for s in SEASONS]


def _stage_of(table):
    for stage, tables in STAGE_TABLES.items():
        if table in tables:
            return stage
    raise ValueError(f"no stage writes {table}")


def chart_groups():
    """Chart names grouped by the stages whose tables they read, e.g. {'survey': [...], ...}."""
    groups = {}
    for name, (_func, tables) in CHARTS.items():
        key = "_".join(sorted({_stage_of(t) for t in tables}))
        groups.setdefault(key, []).append(name)
    return groups


CHART_GROUPS = chart_groups()
MAP_GROUPS = {
    "indices": [n for n in map_names(SEASON_IDS) if not n.startswith("map_incidents")],
    "incidents": [n for n in map_names(SEASON_IDS) if n.startswith("map_incidents")],
}


def figure_path(lang, name):
    return f"{REPORT}/figures/{lang}/{name}.svg"


def all_figures(lang):
    names = [n for group in CHART_GROUPS.values() for n in group]
    names += [n for group in MAP_GROUPS.values() for n in group]
    return {name: figure_path(lang, name) for name in names}


for _lang in LANGS:
    for _group, _charts in CHART_GROUPS.items():

        rule:
            name:
                f"charts_{_group}_{_lang}"
            input:
                **{t: processed(t) for c in _charts for t in CHARTS[c][1]},
                **{f"reference_{r}": reference(r) for r in CHART_REFERENCES},
            output:
                **{c: figure_path(_lang, c) for c in _charts},
            log:
                f"{LOGS}/charts/{_group}_{_lang}.log",
            params:
                entry="hrd_bulletin.figures:run_figures",
                lang=_lang,
                seasons=SEASONS,
            conda:
                ENV
            script:
                STAGE

    for _group, _maps in MAP_GROUPS.items():

        rule:
            name:
                f"maps_{_group}_{_lang}"
            input:
                boundaries=f"{RAW}/reference/regions_2015.geojson",
                regions=reference("regions"),
                **{
                    MAPS["map_incidents" if m.startswith("map_incidents") else m]: processed(
                        MAPS["map_incidents" if m.startswith("map_incidents") else m]
                    )
                    for m in _maps
                },
            output:
                **{m: figure_path(_lang, m) for m in _maps},
            log:
                f"{LOGS}/maps/{_group}_{_lang}.log",
            params:
                entry="hrd_bulletin.maps:run_maps",
                lang=_lang,
                seasons=SEASONS,
            conda:
                ENV
            script:
                STAGE
