"""Reconstructed incidents, violations, court cases and media materials.

Every count the bulletin publishes consistently is placed on purpose in a per-season profile
(:mod:`.profiles`); randomness (seeded NumPy generators, one per attribute: :class:`.seasons.Stream`)
only decides which row gets which value, so the marginal counts are exact for every seed.
``scale`` replicates each season block with fresh ids and fresh permutations (:mod:`.replicas`),
so counts scale exactly too.
"""

from __future__ import annotations

from hrd_bulletin.reconstruct.events.build import build_events

__all__ = ["build_events"]
