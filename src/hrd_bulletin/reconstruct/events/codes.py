"""The reference tables' codes, and where each profile entry sits among them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hrd_bulletin.reconstruct.events.profiles import ACTORS, MEDIA_REGION, SETTLEMENTS, VICTIMS, VIOLATIONS


def _code_index(codes: Sequence[str], wanted: Sequence[str], what: str) -> np.ndarray:
    position = {c: i for i, c in enumerate(codes)}
    missing = [w for w in wanted if w not in position]
    if missing:
        raise ValueError(f"{what} codes missing from the reference: {missing}")
    return np.array([position[w] for w in wanted], dtype=np.int64)


@dataclass(frozen=True)
class ReferenceCodes:
    """Reference codes, and for each profile table the reference index of every entry."""

    threat_types: list[str]
    regions: list[str]
    victims: list[str]
    actors: list[str]
    threat_labels: dict[str, str]
    violation_type: np.ndarray  # per VIOLATIONS entry
    settlement_region: np.ndarray  # per SETTLEMENTS entry
    victim: np.ndarray  # per VICTIMS entry
    actor: np.ndarray  # per ACTORS entry
    media_region: np.ndarray  # per MEDIA_REGION entry; -1 for "" (national)

    @classmethod
    def from_reference(cls, reference: dict[str, pd.DataFrame]) -> ReferenceCodes:
        types = reference["threat_types"]
        regions = list(reference["regions"]["code"])
        return cls(
            threat_types=list(types["code"]),
            regions=regions,
            victims=list(reference["victim_categories"]["code"]),
            actors=list(reference["actors"]["code"]),
            threat_labels=dict(zip(types["code"], types["label_ru"])),
            violation_type=_code_index(list(types["code"]), list(VIOLATIONS), "threat type"),
            settlement_region=_code_index(regions, [s[1] for s in SETTLEMENTS], "region"),
            victim=_code_index(list(reference["victim_categories"]["code"]), list(VICTIMS), "victim category"),
            actor=_code_index(list(reference["actors"]["code"]), list(ACTORS), "actor"),
            media_region=np.array(
                [-1 if not r else int(_code_index(regions, [r], "region")[0]) for r in MEDIA_REGION], dtype=np.int64
            ),
        )
