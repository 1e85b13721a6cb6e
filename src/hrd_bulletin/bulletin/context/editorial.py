"""The figures the editorial commentary may name (``{{ figure.<name> }}``), and its sections.

Each figure is read from the metric tables through the context the templates use, or, for the
two facts of the fieldwork that no table holds, from the publisher config (``fieldwork``): the
commentary never carries a number of its own. docs/content.md lists the names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.commentary import load_commentary_files
from hrd_bulletin.bulletin.context.common import maybe_row
from hrd_bulletin.contract.vocabulary import ALL

# The threat type of "demands to take down or delete an article or a photo" (reference threat_types).
TAKEDOWN_THREAT = "demand_remove_material"


def commentary_figures(
    context: Mapping[str, Any], tables: Mapping[str, pd.DataFrame], publisher: Mapping[str, Any]
) -> dict[str, Any]:
    """Every figure name of docs/content.md with its value for this edition."""
    coalition = context["part2"]["coalition"]
    state = context["part3"]["state"]
    fieldwork = publisher.get("fieldwork") or {}
    # A dataset without such threats has no such figure: commentary naming it stops the build
    # with the file, line and the names known.
    takedown = maybe_row(tables["threat_types"], "threat_types", season=ALL, threat_type=TAKEDOWN_THREAT)
    figures = {
        "months_observed": context["period"]["months"],
        "respondents": context["part1"]["n_all"],
        "coalition_members": coalition["yes"]["share"],
        "coalition_non_members": coalition["no"]["share"],
        "coalition_unaware": coalition["unaware"]["share"],
        "threats_from_state": state["from_state"],
        "complaints_about_state": state["complaints_about_state"],
    }
    if takedown is not None:
        figures["takedown_demands"] = takedown["violations"]
    for name in ("observers", "regions_observed"):
        if name in fieldwork:
            figures[name] = fieldwork[name]
    return figures


def commentary(
    files: list[str],
    context: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    publisher: Mapping[str, Any],
    lang: str,
) -> dict[str, Any]:
    """The edition's commentary sections (``files``: every section in every language), rendered."""
    return load_commentary_files(files, lang, commentary_figures(context, tables, publisher))
