"""Wave-2 answers outside the indices: specializations, security self-rating, police appeals."""

from __future__ import annotations

import numpy as np

from hrd_bulletin.reconstruct.survey.respondents import ATTACK_TYPES, IND, N

SPECIALIZATIONS: tuple[str, ...] = (
    "civil",
    "political",
    "family",
    "gender",
    "labour",
    "children",
    "disability",
    "prisoners",
    "hiv",
    "other",
)


def specializations() -> np.ndarray:
    """Multi-select: one to three codes per respondent, every code named."""
    primary = np.array(
        [
            "civil",
            "political",
            "labour",
            "children",
            "civil",
            "gender",
            "prisoners",
            "political",
            "family",
            "disability",
            "hiv",
            "civil",
            "other",
        ]
    )
    second = np.array(["political", "civil", "gender", "family", "labour", "children", "disability"])
    i = np.arange(N)
    first = primary[(i * 5) % len(primary)]
    other = second[(i * 3) % len(second)]
    third = np.where(i % 4 == 0, primary[(i * 7 + 3) % len(primary)], "")
    out = []
    for codes in zip(first, np.where(i % 3 == 0, "", other), third):
        picked = sorted({c for c in codes if c}, key=SPECIALIZATIONS.index)
        out.append(";".join(picked))
    return np.array(out, dtype=object)


def _zigzag_rank(values: np.ndarray, strength: float) -> np.ndarray:
    """Ranks of ``values`` (ascending), moved by a deterministic zigzag of +-strength."""
    rank = np.argsort(np.argsort(values, kind="stable"), kind="stable")
    return rank + strength * (((rank * 37) % 23) - 11) / 11


def security_self_rating(risk: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Self-rating 1-5: 22 low (1-2), 85 medium (3-4), 24 high (5), mean 448/131 = 3.42;
    individuals feel less safe; Zhambyl and Karaganda respondents feel safest."""
    tallies = (
        np.repeat([5, 4, 3, 2, 1], [9, 18, 35, 13, 4]),  # individuals
        np.repeat([5, 4, 3, 2, 1], [15, 15, 17, 5, 0]),  # organizations
    )
    out = np.zeros(N, dtype=int)
    safest = np.isin(region, ["ZHA", "KAR"])
    for group, values in zip((IND, ~IND), tallies):
        idx = np.flatnonzero(group)
        key = _zigzag_rank(risk[idx], 6) - 1000 * safest[idx]
        # Astana's defenders are the most at risk yet rate their security as medium.
        astana = region[idx] == "AST"
        key[astana] = len(idx) / 2 + np.arange(astana.sum())
        out[idx[np.argsort(key, kind="stable")]] = values
    return out


def police_appeals(data: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Appeal flag and result: the most attacked turned to the police (24 individuals and 2
    organizations), all in vain."""
    attacked = sum(np.array(data[f"attacks_{k}"], dtype=int) for k in ATTACK_TYPES) + np.array(
        data["threats"], dtype=int
    )
    appeal = np.zeros(N, dtype=bool)
    for group, count in ((IND, 24), (~IND, 2)):
        idx = np.flatnonzero(group)
        appeal[idx[np.argsort(-attacked[idx], kind="stable")[:count]]] = True
    result = np.full(N, None, dtype=object)
    appealed = np.flatnonzero(appeal)
    result[appealed] = np.where(np.arange(len(appealed)) % 5 < 3, "no_action", "no_violation_found")
    return appeal.astype(object), result
