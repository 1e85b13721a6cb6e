"""The pipeline's vocabulary: the codes every stage and the bulletin share, defined once.

Codes that the data package enumerates (respondent types, media channels and tones) are read
from it, so the contract stays the only place where they are spelled out; the rest are the
metric tables' own codes (``data-contract.md``, processed tables).
"""

from __future__ import annotations

from hrd_bulletin import contract

# The margin of every breakdown (`season`, `region`, `group`): the literal "all".
ALL = "all"

# Respondent groups, in the bulletin's order, and with the pooled margin.
GROUPS: tuple[str, ...] = tuple(contract.enum_of("survey", "respondent_type") or ())
GROUPS_AND_ALL: tuple[str, ...] = (*GROUPS, ALL)

# Kinds of attack asked about (attacks_<type> and likelihood_<type> in the survey).
ATTACK_TYPES: tuple[str, ...] = ("information", "reputational", "physical", "technical")
# attack_prevalence's attack_type: the four kinds and "threats" (any threat received).
PREVALENCE_TYPES: tuple[str, ...] = (*ATTACK_TYPES, "threats")

# Likelihood scale 1-4; levels 3 (rather possible) and 4 (highly likely) count as "possible".
LIKELIHOOD_LEVELS: tuple[int, ...] = (1, 2, 3, 4)
POSSIBLE_LEVELS: tuple[int, ...] = (3, 4)

# Risk = Threats x Vulnerability / Resources; security is reported beside them.
INDICES: tuple[str, ...] = ("threats", "vulnerability", "resources", "risk", "security")
# The indices scored from items (risk is computed from the other three).
ITEM_INDICES: tuple[str, ...] = ("threats", "vulnerability", "resources", "security")
INDEX_LEVELS: tuple[str, ...] = ("low", "medium", "high")

CHANNELS: tuple[str, ...] = tuple(contract.enum_of("media", "channel") or ())
TONES: tuple[str, ...] = tuple(contract.enum_of("media", "tone") or ())

# Significance level of every test the bulletin reports in words (Fisher, rate ratio), and
# 1 - the confidence level of its intervals (Wilson, exact rate ratio: 95 %).
ALPHA = 0.05
