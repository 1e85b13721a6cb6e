"""The figure stage of rule ``figures_changes``: the chart of "What changed since the last
edition", every edition. Its own module, so that a change to this chart reruns only this job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hrd_bulletin import i18n
from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.charts.labels import Labels
from hrd_bulletin.bulletin.charts.periods import FIGURE, TABLE, period_changes
from hrd_bulletin.bulletin.inputs import read_reference
from hrd_bulletin.bulletin.style import save_svg
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import read_table


def run_period_figure(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of the rule ``figures_changes``: the chart of "What changed since the last
    edition" in every edition, from ``periods`` (period_changes.parquet) and ``reference``.

    params: ``langs``, ``seasons`` and ``report_dir``: each SVG goes to
    ``catalog.figure_path(report_dir, lang, "period_changes")``.
    """
    if "periods" not in input:
        raise ConfigError("figures: the input 'periods' (period_changes.parquet) is missing")
    tables = {TABLE: read_table(input["periods"])}
    reference = read_reference(input)
    seasons = list(params["seasons"])
    for lang in params["langs"]:
        labels = Labels.from_reference(reference, seasons, str(lang))
        _ = i18n.get_translations(str(lang)).gettext
        save_svg(period_changes(tables, labels, _), catalog.figure_path(params["report_dir"], str(lang), FIGURE))
