"""Reconstructed survey microdata: two waves whose aggregates reproduce the bulletin.

The original microdata are not public. Wave 2 (the bulletin's: 79 individuals and 52
organizations) is built so that every consistent survey figure of the bulletin holds exactly:
each published count is placed on purpose. Who gets which answer is decided by a *design*:
every respondent sits in a region (:mod:`.design`) whose profile gives it a target threat,
vulnerability and resource score, and the answers of the items behind each index
(``config/indices.yaml``) are handed out greedily to the respondents furthest below their
target (a Gale-Ryser style fill). A deterministic annealing search (:mod:`.search`) then swaps
answers of one item between two respondents of the same group, and regions between two
respondents of the same type, until every explicit target holds: the index level counts of
the conclusions (``LEVEL_TARGETS``), the regional risks of the map (``REGIONAL_RISK``), Astana's
lead on every component and the national means (``NATIONAL``); the build fails otherwise.
The marginals and region sizes stay exact throughout (swaps and fills only decide *who* gives
an answer and who lives where). ``seed`` only decides which id each respondent gets. Wave 1 is
an earlier wave of mostly the same respondents with slightly fewer threats and slightly more
resources.
"""

from __future__ import annotations

from hrd_bulletin.reconstruct.survey.build import build_survey

__all__ = ["build_survey"]
