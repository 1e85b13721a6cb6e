"""The wave-2 respondents: 79 individuals, then 52 organizations, in design order."""

from __future__ import annotations

import numpy as np

ATTACK_TYPES: tuple[str, ...] = ("information", "reputational", "physical", "technical")

N_IND, N_ORG = 79, 52
N = N_IND + N_ORG
IND = np.arange(N) < N_IND
