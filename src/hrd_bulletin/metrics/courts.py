"""Court decisions by outcome (bulletin part III): how often courts decide against defenders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin import contract
from hrd_bulletin.contract.vocabulary import ALL
from hrd_bulletin.io import read_table, write_table
from hrd_bulletin.metrics.seasonal import Seasons, code_positions, safe_ratio, season_codes, season_grid, season_ids

# In the contract's order: decisions against the defender first.
COURT_OUTCOMES: tuple[str, ...] = tuple(contract.enum_of("court_cases", "outcome") or ())


def court_outcomes(court_cases: pd.DataFrame, seasons: Seasons) -> pd.DataFrame:
    """Court decisions by outcome per season (of decision_date) and ``all``; against:for ratio, NA when for is 0."""
    ids = season_ids(seasons)
    outcomes = list(COURT_OUTCOMES)
    counts = season_grid(
        season_codes(court_cases, ids), code_positions(court_cases["outcome"], outcomes), ids, outcomes, "outcome", "n"
    )
    out = counts.pivot(index="season", columns="outcome", values="n").reindex(
        index=[*ids, ALL], columns=list(COURT_OUTCOMES)
    )
    out = out.fillna(0).astype("int64").reset_index()
    out.columns.name = None
    out["season"] = out["season"].astype(str)
    out["decisions"] = out[list(COURT_OUTCOMES)].sum(axis=1).astype("int64")
    out["ratio_against_to_for"] = safe_ratio(out["against_hrd"], out["for_hrd"])
    return out[["season", "decisions", *COURT_OUTCOMES, "ratio_against_to_for"]]


# --------------------------------------------------------------------------- entry point


def run_court_outcomes(input: Mapping[str, str], output: Mapping[str, str], params: Mapping[str, Any]) -> None:
    """Snakemake stage: court_outcomes from court_cases alone (rebuilds without the incident tables)."""
    write_table(
        court_outcomes(read_table(input["court_cases"]), params["seasons"]), output["court_outcomes"], "court_outcomes"
    )
