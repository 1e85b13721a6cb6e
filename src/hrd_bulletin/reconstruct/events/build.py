"""``build_events``: every season's incidents, violations, court cases and media, as tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.actors import place_actors
from hrd_bulletin.reconstruct.events.codes import ReferenceCodes
from hrd_bulletin.reconstruct.events.courts import court_frame, place_court_cases
from hrd_bulletin.reconstruct.events.incidents import incident_frame, place_incidents
from hrd_bulletin.reconstruct.events.media import media_frame, place_media
from hrd_bulletin.reconstruct.events.seasons import Season, configured_seasons
from hrd_bulletin.reconstruct.events.violations import SeasonViolations, place_violations, violation_frame


def _season_parts(
    season: Season, codes: ReferenceCodes
) -> tuple[dict[str, np.ndarray], SeasonViolations, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The incident, violation, court and media rows of one season, all replicas."""
    incidents = place_incidents(season, codes)
    violations = place_violations(season, codes)
    actor, complaint = place_actors(season, codes, violations)
    incidents.update(
        date=season.iso[incidents["day"]],
        actor=actor,
        complaint=complaint,
        primary=codes.violation_type[violations.primary_blocks.ravel()],
    )
    courts = place_court_cases(season, violations, incidents["day"])
    media = place_media(season, codes, incidents)
    return incidents, violations, courts, media


def build_events(
    reference: dict[str, pd.DataFrame], seasons: list[dict], scale: int = 1, seed: int = 0
) -> dict[str, pd.DataFrame]:
    """Build the incidents, violations, court_cases and media raw tables (text values)."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    if not seasons:
        raise ValueError("at least one season is needed")
    codes = ReferenceCodes.from_reference(reference)
    parts = [_season_parts(season, codes) for season in configured_seasons(seasons, scale, seed)]
    incident_parts, violation_parts, court_parts, media_parts = (list(p) for p in zip(*parts))
    incidents, incident_ids = incident_frame(incident_parts, codes, scale, seed)
    return {
        "incidents": incidents,
        "violations": violation_frame(violation_parts, incident_ids, codes),
        "court_cases": court_frame(court_parts, incident_ids),
        "media": media_frame(media_parts, incident_ids, codes),
    }
