"""Metric tables: pure functions from clean tables to tidy, disclosure-safe metric tables."""

from __future__ import annotations

from collections.abc import Mapping

# The metric tables each metric rule writes, in the order the data contract lists them. The
# workflow declares a rule's outputs from this, and each stage function writes exactly these.
STAGE_TABLES: Mapping[str, tuple[str, ...]] = {
    "survey_tables": ("survey_shares", "survey_stats", "attack_prevalence", "likelihood", "likelihood_possible"),
    "index_tables": ("risk_indices", "regional_indices", "index_levels", "index_dynamics", "group_indices"),
    "incident_tables": (
        "incidents_by_season",
        "incidents_by_region",
        "incidents_by_settlement",
        "victim_categories",
        "victims_by_region",
        "threat_types",
        "threat_sources",
        "threat_source_split",
        "state_response",
    ),
    "court_outcomes": ("court_outcomes",),
    "media_summary": ("media_summary",),
}
