"""Violations: a threat type per incident, a second one for some, the type counts exact."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.codes import ReferenceCodes
from hrd_bulletin.reconstruct.events.profiles import VIOLATIONS
from hrd_bulletin.reconstruct.events.replicas import block_perms
from hrd_bulletin.reconstruct.events.seasons import Season, Stream, apportion
from hrd_bulletin.reconstruct.events.text import take


@dataclass(frozen=True)
class SeasonViolations:
    """The violations of one season: a base block and where each replica puts its incidents.

    Types are indices into VIOLATIONS in the base block, reference indices in ``threat_type``.
    """

    primary: np.ndarray  # base block: the first type of each incident
    extra_incident: np.ndarray  # base block: incidents with a second violation
    extra_type: np.ndarray  # and its type
    position: np.ndarray  # (scale, n): the replica position of each base incident
    primary_blocks: np.ndarray  # (scale, n): the first type at each replica position
    incident: np.ndarray  # every violation's incident row, over all seasons
    threat_type: np.ndarray  # every violation's type


def _violation_structure(
    type_counts: np.ndarray, n_incidents: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Primary type per incident plus (incident, type) extras, no pair twice, counts exact."""
    pool = np.repeat(np.arange(len(type_counts)), type_counts)
    pool = pool[rng.permutation(len(pool))]
    primary = pool[:n_incidents].copy()
    extra_types = pool[n_incidents:]
    n_extra = len(extra_types)
    if n_extra > n_incidents:
        raise ValueError("more than two violations per incident are not generated")
    # Extra k goes to incident k; when its primary is the same type, swap that primary with a
    # later incident's different one (swapping primaries keeps every type count).
    # Loops over the few extras of one base block, never over the replicated table.
    for k in range(n_extra):
        if primary[k] != extra_types[k]:
            continue
        later = np.flatnonzero(primary[n_extra:] != extra_types[k])
        if len(later):
            j = n_extra + later[0]
        else:
            earlier = np.flatnonzero((primary[:n_extra] != extra_types[k]) & (extra_types != primary[k]))
            if not len(earlier):
                raise ValueError("cannot place a second violation without repeating a type")
            j = earlier[0]
        primary[k], primary[j] = primary[j], primary[k]
    return primary, np.arange(n_extra), extra_types


def place_violations(season: Season, codes: ReferenceCodes) -> SeasonViolations:
    """One structure per season and seed, its incidents placed differently in each replica."""
    n, scale = season.incidents, season.scale
    type_counts = season.counts(VIOLATIONS)
    # Every incident needs at least one violation, even where the scaled counts fall short.
    type_counts = apportion(type_counts, max(int(type_counts.sum()), n))
    primary, extra_incident, extra_type = _violation_structure(type_counts, n, season.rng(Stream.VIOLATION_STRUCTURE))
    order = block_perms(n, scale, season.rng(Stream.VIOLATION_PLACEMENT))
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.broadcast_to(np.arange(n), order.shape), axis=1)
    primary_blocks = primary[order]
    replica_start = (np.arange(scale) * n)[:, None]
    extra_rows = (position[:, extra_incident] + replica_start).ravel()
    incident = np.concatenate([np.arange(scale * n), extra_rows]) + season.offset
    threat_type = codes.violation_type[np.concatenate([primary_blocks.ravel(), np.tile(extra_type, scale)])]
    return SeasonViolations(primary, extra_incident, extra_type, position, primary_blocks, incident, threat_type)


def violation_frame(parts: list[SeasonViolations], incident_ids: np.ndarray, codes: ReferenceCodes) -> pd.DataFrame:
    """The violations table, by incident and then by threat type."""
    incident = np.concatenate([p.incident for p in parts])
    threat_type = np.concatenate([p.threat_type for p in parts])
    order = np.lexsort((threat_type, incident))
    return pd.DataFrame(
        {
            "incident_id": incident_ids[incident[order]],
            "threat_type": take(codes.threat_types, threat_type[order]),
        }
    )
