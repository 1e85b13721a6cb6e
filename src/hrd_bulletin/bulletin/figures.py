"""The figures stage: the charts and maps of one figure job (catalog.FIGURE_JOBS), every edition.

Each table is read once and drawn in each language: one matplotlib start-up per job, not one
per edition and kind of figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from hrd_bulletin import i18n
from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.catalog import Drawing
from hrd_bulletin.bulletin.charts import CHARTS, Labels
from hrd_bulletin.bulletin.inputs import read_reference
from hrd_bulletin.bulletin.maps import draw_map, read_boundaries
from hrd_bulletin.bulletin.style import save_svg
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import read_table


def _job_drawings(names: Sequence[str], season_ids: Sequence[str]) -> list[Drawing]:
    unknown = [n for n in names if n not in catalog.FIGURES]
    if unknown:
        raise ConfigError(f"figures: unknown figure(s) {', '.join(unknown)}; known: {', '.join(catalog.FIGURES)}")
    return catalog.drawings(names, season_ids)


def _read_tables(input: Mapping[str, Any], drawings: Sequence[Drawing]) -> dict[str, pd.DataFrame]:
    needed = list(dict.fromkeys(t for d in drawings for t in d.figure.tables))
    missing = [t for t in needed if t not in input]
    if missing:
        raise ConfigError(f"figures: the input(s) {', '.join(missing)} are missing")
    return {name: read_table(input[name]) for name in needed}


def run_figures(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of the rules ``figures_<job>``: draw the named figures in every edition.

    input: one metric table per name the figures read (catalog.FIGURES[...].tables),
    ``reference`` (paths in catalog.REFERENCE_TABLES order) and, when maps are drawn,
    ``boundaries`` (regions_2015.geojson).
    params: ``figures`` (catalog names, drawn in this order), ``langs``, ``seasons`` and
    ``report_dir``: each SVG goes to ``catalog.figure_path(report_dir, lang, name)``, the path
    the rule declares as an output.
    """
    seasons = list(params["seasons"])
    drawings = _job_drawings(list(params["figures"]), [str(s["id"]) for s in seasons])
    tables = _read_tables(input, drawings)
    reference = read_reference(input)
    boundaries = None
    if any(d.figure.kind == "map" for d in drawings):
        if "boundaries" not in input:
            raise ConfigError("maps: the input 'boundaries' (regions_2015.geojson) is missing")
        boundaries = read_boundaries(str(input["boundaries"]))
    for lang in params["langs"]:
        labels = Labels.from_reference(reference, seasons, str(lang))
        _ = i18n.get_translations(str(lang)).gettext
        for drawing in drawings:
            if drawing.figure.kind == "map":
                season_label = None if drawing.season is None else labels.season(drawing.season)
                fig = draw_map(drawing, tables, boundaries, labels, _, season_label=season_label)
            else:
                fig = CHARTS[drawing.figure.name](tables, labels, _)
            save_svg(fig, catalog.figure_path(params["report_dir"], str(lang), drawing.name))
