"""The figures the editorial commentary may name (``{{ figure.<name> }}``), and its sections.

Each figure is read from the metric tables through the context the templates use, or, for the
two facts of the fieldwork that no table holds, from the publisher config (``fieldwork``): the
commentary never carries a number of its own. docs/content.md lists the names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.commentary import load_commentary
from hrd_bulletin.bulletin.context.common import one_row
from hrd_bulletin.config import edition_id
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
    takedown = one_row(tables["threat_types"], "threat_types", season=ALL, threat_type=TAKEDOWN_THREAT)
    figures = {
        "months_observed": context["period"]["months"],
        "respondents": context["part1"]["n_all"],
        "coalition_members": coalition["yes"]["share"],
        "coalition_non_members": coalition["no"]["share"],
        "coalition_unaware": coalition["unaware"]["share"],
        "takedown_demands": takedown["violations"],
        "threats_from_state": state["from_state"],
        "complaints_about_state": state["complaints_about_state"],
    }
    for name in ("observers", "regions_observed"):
        if name in fieldwork:
            figures[name] = fieldwork[name]
    return figures


def commentary(
    content_dir: str | Path,
    context: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    publisher: Mapping[str, Any],
    lang: str,
) -> dict[str, Any]:
    """The edition's commentary sections, rendered, by section name."""
    figures = commentary_figures(context, tables, publisher)
    return load_commentary(content_dir, edition_id(publisher), lang, figures)
