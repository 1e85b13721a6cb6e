"""What the bulletin shows and what each piece is drawn from: the one registry of figures.

Light on purpose (no matplotlib, geopandas or WeasyPrint): the workflow reads it at start-up to
wire the figure and report rules, and `figures`, `maps` and `render` read it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Reference tables the figures and the report label things with.
REFERENCE_TABLES: tuple[str, ...] = ("regions", "threat_types", "threat_categories", "victim_categories", "actors")

# Chart name -> the metric tables it is drawn from.
CHART_TABLES: Mapping[str, tuple[str, ...]] = {
    "attack_prevalence": ("attack_prevalence",),
    "likelihood": ("likelihood",),
    "portrait": ("survey_shares", "survey_stats"),
    "security_resources": ("survey_shares",),
    "incidents_by_season": ("incidents_by_season",),
    "victim_categories": ("victim_categories",),
    "top_threat_types": ("threat_types",),
    "threat_sources": ("threat_sources",),
    "state_response_courts": ("state_response", "court_outcomes"),
    "media": ("media_summary",),
    "index_levels": ("index_levels",),
}

MAP_INDICES: tuple[str, ...] = ("threats", "vulnerability", "resources", "risk", "security")

# Map name -> the metric table it is drawn from; `map_incidents` stands for one map per season + all.
MAP_TABLES: Mapping[str, str] = {
    **{f"map_{index}": "regional_indices" for index in MAP_INDICES},
    "map_incidents": "incidents_by_region",
}

# The bulletin's part of every figure (charts and maps).
FIGURE_PARTS: Mapping[str, str] = {
    "portrait": "part1",
    "security_resources": "part1",
    "attack_prevalence": "part2",
    "likelihood": "part2",
    "incidents_by_season": "part3",
    "map_incidents": "part3",
    "victim_categories": "part3",
    "top_threat_types": "part3",
    "threat_sources": "part3",
    "state_response_courts": "part3",
    "media": "part4",
    "map_risk": "part5",
    "map_threats": "part5",
    "map_vulnerability": "part5",
    "map_resources": "part5",
    "map_security": "part5",
    "index_levels": "part5",
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
    "threat_types",
    "threat_sources",
    "threat_source_split",
    "state_response",
    "court_outcomes",
    "media_summary",
    "reproduction",
    "ingest_summary",
)


def map_names(season_ids: Sequence[str]) -> list[str]:
    """Every output name of the maps stage: the five index maps, one per season, and ``all``."""
    return [f"map_{index}" for index in MAP_INDICES] + [f"map_incidents_{s}" for s in [*season_ids, "all"]]


def map_table(name: str) -> str:
    """The metric table a map (including ``map_incidents_<season>``) is drawn from."""
    return MAP_TABLES["map_incidents" if name.startswith("map_incidents") else name]


def figure_part(name: str) -> str:
    """The bulletin part (``part1`` ... ``part5``) a chart or map belongs to."""
    return FIGURE_PARTS["map_incidents" if name.startswith("map_incidents") else name]
