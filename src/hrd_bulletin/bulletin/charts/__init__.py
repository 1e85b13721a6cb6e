"""The bulletin's charts, drawn only from metric tables: rows are selected and ordered, never computed.

Every chart function has the shape ``(tables, labels, _) -> Figure``: ``tables`` maps metric-table
names to DataFrames, ``labels`` gives reference labels and number formats for the edition's
language, and ``_`` is a gettext function. A missing table, a table without rows or a
selection without values gives a "No data" note. What each chart is drawn from and where it
goes in the bulletin is in ``hrd_bulletin.bulletin.catalog``.
"""

from __future__ import annotations

from collections.abc import Mapping

from hrd_bulletin.bulletin.charts.draw import Chart
from hrd_bulletin.bulletin.charts.incidents import (
    incidents_by_season,
    state_response_courts,
    threat_sources,
    top_threat_types,
    victim_categories,
)
from hrd_bulletin.bulletin.charts.labels import Labels
from hrd_bulletin.bulletin.charts.media import media
from hrd_bulletin.bulletin.charts.portrait import portrait, security_resources
from hrd_bulletin.bulletin.charts.regional import index_dynamics, index_levels
from hrd_bulletin.bulletin.charts.security import attack_prevalence, likelihood

# The function that draws each chart of the catalog (catalog.FIGURES, kind "chart").
CHARTS: Mapping[str, Chart] = {
    "attack_prevalence": attack_prevalence,
    "likelihood": likelihood,
    "portrait": portrait,
    "security_resources": security_resources,
    "incidents_by_season": incidents_by_season,
    "victim_categories": victim_categories,
    "top_threat_types": top_threat_types,
    "threat_sources": threat_sources,
    "state_response_courts": state_response_courts,
    "media": media,
    "index_levels": index_levels,
    "index_dynamics": index_dynamics,
}

__all__ = ["CHARTS", "Chart", "Labels"]
