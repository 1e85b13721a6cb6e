"""The report stage: metric and reference tables, figures and config -> one edition, HTML and PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.context import RenderError, build_context
from hrd_bulletin.bulletin.html import TEMPLATES_DIR, render_html, self_contained_html
from hrd_bulletin.bulletin.inputs import paths, read_reference
from hrd_bulletin.bulletin.pdf import OUTPUT_MODE, render_pdf, source_date_epoch
from hrd_bulletin.io import atomic_write, read_table


def figure_files(input: Mapping[str, Any], seasons: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The ``figures`` input (paths in catalog.bulletin_drawings order) as {SVG name: path}."""
    drawings = catalog.bulletin_drawings([str(s["id"]) for s in seasons])
    files = paths(input.get("figures", []))
    if len(files) != len(drawings):
        raise RenderError(
            f"render: the input 'figures' must list the {len(drawings)} SVGs of the bulletin "
            f"in catalog order, got {len(files)}"
        )
    return {drawing.name: path for drawing, path in zip(drawings, files, strict=True)}


def run_report(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of the rules ``bulletin_<lang>``: the bulletin of one edition, HTML and PDF.

    input: every table of catalog.REPORT_TABLES by name, ``reference`` (paths in
    catalog.REFERENCE_TABLES order), ``figures`` (paths in catalog.bulletin_drawings order),
    optional ``indices`` (config/indices.yaml) and ``templates`` (directory).
    output: ``html`` (self-contained), ``pdf``.
    params: lang, seasons, min_cell, contract_version, package_version, git_commit.
    """
    lang = str(params["lang"])
    seasons = list(params["seasons"])
    templates = Path(str(input.get("templates", TEMPLATES_DIR))).resolve()
    tables = {name: read_table(input[name]) for name in catalog.REPORT_TABLES}
    spec = None
    if "indices" in input:
        spec = yaml.safe_load(Path(str(input["indices"])).read_text(encoding="utf-8"))
    figures = figure_files(input, seasons)
    context = build_context(
        tables,
        read_reference(input),
        lang=lang,
        seasons=seasons,
        min_cell=int(params["min_cell"]),
        indices_spec=spec,
        figures=figures,
        provenance={
            "contract_version": params.get("contract_version"),
            "package_version": params.get("package_version"),
            "git_commit": params.get("git_commit"),
        },
    )
    html = render_html(context, lang, templates)
    roots = [templates, *sorted({str(Path(p).resolve().parent) for p in figures.values()})]
    render_pdf(html, templates, output["pdf"], roots=roots, epoch=source_date_epoch(seasons))
    standalone = self_contained_html(html, templates, roots)
    atomic_write(str(output["html"]), lambda tmp: Path(tmp).write_text(standalone, encoding="utf-8"), mode=OUTPUT_MODE)
