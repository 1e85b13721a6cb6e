"""What the bulletin shows and what each piece is drawn from: the one registry of figures.

Every figure is listed once, in the order the bulletin prints it, with its part, its place in
the part's template, its caption and the metric tables it is drawn from. The workflow wires
the figure and report rules from this module, the charts, maps and report read it; so it stays
light (no matplotlib, geopandas or WeasyPrint), because Snakemake imports it at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.contract.vocabulary import ALL

# The bulletin's parts; the titles name the categories of `snakemake --report`.
PARTS: Mapping[str, str] = {
    "part1": "I. Portrait",
    "part2": "II. Security",
    "part3": "III. Incidents and courts",
    "part4": "IV. Media",
    "part5": "V. Regional indices",
}

# Reference tables the figures and the report label things with.
REFERENCE_TABLES: tuple[str, ...] = ("regions", "threat_types", "threat_categories", "victim_categories", "actors")


@dataclass(frozen=True)
class Figure:
    """One chart or map of the bulletin.

    ``slot`` is where the part's template places it; ``caption`` is an English msgid;
    ``tables`` are the metric tables it is drawn from (the report prints them as its source).
    A figure ``per_season`` is drawn once per season and once for the whole period.
    """

    name: str
    kind: str  # "chart" or "map"
    part: str
    slot: str
    caption: str
    tables: tuple[str, ...]
    per_season: bool = False


def _figures(*figures: Figure) -> Mapping[str, Figure]:
    return {f.name: f for f in figures}


# Every figure, in the bulletin's order.
FIGURES: Mapping[str, Figure] = _figures(
    Figure(
        name="portrait",
        kind="chart",
        part="part1",
        slot="portrait",
        caption=N_("Portrait of the respondents"),
        tables=("survey_shares", "survey_stats"),
    ),
    Figure(
        name="security_resources",
        kind="chart",
        part="part1",
        slot="security",
        caption=N_("Means of protection and security needs, by group"),
        tables=("survey_shares",),
    ),
    Figure(
        name="attack_prevalence",
        kind="chart",
        part="part2",
        slot="attacks",
        caption=N_("Share of defenders who suffered each kind of attack, by group"),
        tables=("attack_prevalence",),
    ),
    Figure(
        name="likelihood",
        kind="chart",
        part="part2",
        slot="likelihood",
        caption=N_("How likely defenders find each kind of attack"),
        tables=("likelihood",),
    ),
    Figure(
        name="incidents_by_season",
        kind="chart",
        part="part3",
        slot="seasons",
        caption=N_("Incidents and violations by season"),
        tables=("incidents_by_season",),
    ),
    Figure(
        name="map_incidents",
        kind="map",
        part="part3",
        slot="regions",
        caption=N_("Incidents by region"),
        tables=("incidents_by_region",),
        per_season=True,
    ),
    Figure(
        name="victim_categories",
        kind="chart",
        part="part3",
        slot="victims",
        caption=N_("Victims of incidents by category and season"),
        tables=("victim_categories",),
    ),
    Figure(
        name="map_victims",
        kind="map",
        part="part3",
        slot="victims",
        caption=N_("Victims of incidents by category and region, whole period"),
        tables=("victims_by_region",),
    ),
    Figure(
        name="top_threat_types",
        kind="chart",
        part="part3",
        slot="types",
        caption=N_("The most frequent kinds of threats"),
        tables=("threat_types",),
    ),
    Figure(
        name="threat_sources",
        kind="chart",
        part="part3",
        slot="types",
        caption=N_("Sources of threats by season"),
        tables=("threat_sources",),
    ),
    Figure(
        name="state_response_courts",
        kind="chart",
        part="part3",
        slot="state",
        caption=N_("The state's response to incidents and court decisions"),
        tables=("state_response", "court_outcomes"),
    ),
    Figure(
        name="media",
        kind="chart",
        part="part4",
        slot="media",
        caption=N_("Media items by channel, season and tone"),
        tables=("media_summary",),
    ),
    Figure(
        name="map_risk",
        kind="map",
        part="part5",
        slot="maps",
        caption=N_("Map of the risk index by region"),
        tables=("regional_indices",),
    ),
    Figure(
        name="map_threats",
        kind="map",
        part="part5",
        slot="maps",
        caption=N_("Map of the threats index by region"),
        tables=("regional_indices",),
    ),
    Figure(
        name="map_vulnerability",
        kind="map",
        part="part5",
        slot="maps",
        caption=N_("Map of the vulnerability index by region"),
        tables=("regional_indices",),
    ),
    Figure(
        name="map_resources",
        kind="map",
        part="part5",
        slot="maps",
        caption=N_("Map of the resources index by region"),
        tables=("regional_indices",),
    ),
    Figure(
        name="map_security",
        kind="map",
        part="part5",
        slot="maps",
        caption=N_("Map of the security index by region"),
        tables=("regional_indices",),
    ),
    Figure(
        name="index_levels",
        kind="chart",
        part="part5",
        slot="levels",
        caption=N_("Levels of the indices by group"),
        tables=("index_levels",),
    ),
    Figure(
        name="index_dynamics",
        kind="chart",
        part="part5",
        slot="dynamics",
        caption=N_("The indices in the last two survey waves: nationally, and the risk index by region"),
        tables=("index_dynamics",),
    ),
)

# The figure jobs of the workflow (rules figures_<job>): one per stage of the data the figures
# read, so that a correction to media.csv redraws only the media chart. A job draws its
# figures in this order, in every edition.
FIGURE_JOBS: Mapping[str, tuple[str, ...]] = {
    "survey": (
        "attack_prevalence",
        "likelihood",
        "portrait",
        "security_resources",
        "index_levels",
        "index_dynamics",
        "map_threats",
        "map_vulnerability",
        "map_resources",
        "map_risk",
        "map_security",
    ),
    "incidents": (
        "incidents_by_season",
        "victim_categories",
        "top_threat_types",
        "threat_sources",
        "state_response_courts",
        "map_incidents",
        "map_victims",
    ),
    "media": ("media",),
}

# Metric tables the report reads (besides the figures).
REPORT_TABLES: tuple[str, ...] = (
    "survey_shares",
    "survey_stats",
    "attack_prevalence",
    "likelihood",
    "likelihood_possible",
    "regional_indices",
    "index_levels",
    "index_dynamics",
    "incidents_by_season",
    "incidents_by_region",
    "incidents_by_settlement",
    "victim_categories",
    # The victims map's table: the report reads it for the map's alternative text.
    "victims_by_region",
    "threat_types",
    "threat_sources",
    "threat_source_split",
    "state_response",
    "court_outcomes",
    "media_summary",
    "reproduction",
    "ingest_summary",
)


@dataclass(frozen=True)
class Drawing:
    """One SVG of a figure: the whole figure, or its map of one season (``season``)."""

    figure: Figure
    season: str | None = None

    @property
    def name(self) -> str:
        """The SVG's name: the figure's, with ``_<season>`` for a figure drawn per season."""
        return self.figure.name if self.season is None else f"{self.figure.name}_{self.season}"


def drawings(names: Sequence[str], season_ids: Sequence[str]) -> list[Drawing]:
    """The SVGs of the named figures, in order; a figure ``per_season`` expands to one per
    season id (config order) and one for the whole period (``all``)."""
    out = []
    for name in names:
        figure = FIGURES[name]
        if figure.per_season:
            out += [Drawing(figure, season) for season in [*season_ids, ALL]]
        else:
            out.append(Drawing(figure))
    return out


def bulletin_drawings(season_ids: Sequence[str]) -> list[Drawing]:
    """Every SVG of the bulletin, in the bulletin's order (the report's ``figures`` input)."""
    return drawings(list(FIGURES), season_ids)


def job_tables(job: str) -> list[str]:
    """The metric tables a figure job reads, in the order its figures name them."""
    return list(dict.fromkeys(t for name in FIGURE_JOBS[job] for t in FIGURES[name].tables))


def job_has_maps(job: str) -> bool:
    """Whether a figure job draws maps (and so reads the region boundaries)."""
    return any(FIGURES[name].kind == "map" for name in FIGURE_JOBS[job])


def figure_path(report_dir: str | os.PathLike[str], lang: str, name: str) -> str:
    """Where the SVG ``name`` of the ``lang`` edition is written: the rules declare it, the
    figure jobs write it and the report reads it."""
    return f"{report_dir}/figures/{lang}/{name}.svg"


# ---------------------------------------------------------------- the open-data release
# The directory of the open-data release beside the bulletin (rules/open_data.smk).
OPEN_DATA_DIR = "open-data"
# Metric tables the report reads that the release leaves out: settlements are free text of the
# raw data, the audit quotes the bulletin and holds no aggregate of its own, the ingest summary
# is bookkeeping (file hashes).
NOT_OPEN_DATA: tuple[str, ...] = ("incidents_by_settlement", "reproduction", "ingest_summary")


def open_data_tables() -> list[str]:
    """The metric tables the open-data release publishes, one CSV each: those of the figures in
    bulletin order, then the report's other tables (less ``NOT_OPEN_DATA``)."""
    tables = [t for figure in FIGURES.values() for t in figure.tables] + list(REPORT_TABLES)
    return [t for t in dict.fromkeys(tables) if t not in NOT_OPEN_DATA]


def open_data_file(table: str) -> str:
    """The CSV of a metric table in the release, relative to the report directory."""
    if table not in open_data_tables():
        raise KeyError(f"{table!r} is not in the open-data release")
    return f"{OPEN_DATA_DIR}/{table}.csv"


def open_data_files(figure: str | Figure) -> list[str]:
    """The CSVs (relative to the report directory) holding the data of a figure, by name or
    Figure; a figure drawn per season has one file for all its seasons."""
    figure = FIGURES[figure] if isinstance(figure, str) else figure
    return [open_data_file(t) for t in figure.tables]
