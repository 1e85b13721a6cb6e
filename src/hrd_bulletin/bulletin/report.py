"""The report stage: metric and reference tables, figures and config -> one edition, HTML and PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.context import RenderError, build_context
from hrd_bulletin.bulletin.context.common import reference_labels
from hrd_bulletin.bulletin.context.editions import edition_changes
from hrd_bulletin.bulletin.context.editorial import commentary
from hrd_bulletin.bulletin.context.periods import between_periods, period_chart
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


def publisher_with_logos(publisher: Mapping[str, Any], logos: Sequence[str]) -> dict[str, Any]:
    """The config's publisher block with each logo's file URL, from the ``logos`` input.

    ``logos`` lists the logo files in config order (organisations, then the funder), as the rule
    gives them; the file URL lets the PDF renderer and the HTML inliner read them.
    """
    out = {**publisher, "organisations": [dict(o) for o in publisher.get("organisations", [])]}
    owners = [o for o in out["organisations"] if o.get("logo")]
    if out.get("funder") and out["funder"].get("logo"):
        out["funder"] = dict(out["funder"])
        owners.append(out["funder"])
    if len(owners) != len(logos):
        raise RenderError(f"render: {len(owners)} logos in the publisher config, {len(logos)} logo files given")
    for owner, path in zip(owners, logos, strict=True):
        owner["logo_src"] = Path(path).resolve().as_uri()
    return out


def _context(input: Mapping[str, Any], params: Mapping[str, Any], document: str) -> tuple[dict[str, Any], list[str]]:
    lang = str(params["lang"])
    seasons = list(params["seasons"])
    tables = {name: read_table(input[name]) for name in catalog.REPORT_TABLES}
    spec = None
    if "indices" in input:
        spec = yaml.safe_load(Path(str(input["indices"])).read_text(encoding="utf-8"))
    figures = figure_files(input, seasons)
    logos = paths(input.get("logos", []))
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
        publisher=publisher_with_logos(params.get("publisher") or {}, logos),
        document=document,
    )
    if "changes" in input and paths(input["changes"]):
        context["editions"] = edition_changes(read_table(paths(input["changes"])[0]), lang)
        if "periods" in input and paths(input["periods"]):
            labels = reference_labels(read_reference(input), lang)
            periods = between_periods(read_table(paths(input["periods"])[0]), context["seasons"], labels)
            context["editions"]["periods"] = periods
            context["editions"]["chart"] = period_chart(paths(input.get("period_figure", [])), periods, context)
    if document == "bulletin":
        # The researchers' commentary (content/<edition>/<lang>/*.md), only in the readers' bulletin.
        files = paths(input.get("commentary", []))
        if not files:
            raise RenderError("render: the input 'commentary' (the edition's Markdown files) is missing")
        context["commentary"] = commentary(files, context, tables, context["publisher"], lang)
    files = [*figures.values(), *logos, *paths(input.get("period_figure", []))]
    return context, sorted({str(Path(p).resolve().parent) for p in files})


def _write(document: str, input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    templates = Path(str(input.get("templates", TEMPLATES_DIR))).resolve()
    context, image_dirs = _context(input, params, document)
    html = render_html(context, str(params["lang"]), templates, document)
    roots = [templates, *image_dirs]
    render_pdf(html, templates, output["pdf"], roots=roots, epoch=source_date_epoch(list(params["seasons"])))
    standalone = self_contained_html(html, templates, roots)
    atomic_write(str(output["html"]), lambda tmp: Path(tmp).write_text(standalone, encoding="utf-8"), mode=OUTPUT_MODE)


def run_report(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of the rules ``bulletin_<lang>``: the readers' bulletin of one edition, HTML and PDF.

    input: every table of catalog.REPORT_TABLES by name, ``reference`` (paths in
    catalog.REFERENCE_TABLES order), ``figures`` (paths in catalog.bulletin_drawings order),
    ``logos`` (the publisher's logo files in config order), optional ``indices``
    (config/indices.yaml) and ``templates`` (directory).
    output: ``html`` (self-contained), ``pdf``.
    params: lang, seasons, min_cell, contract_version, package_version, git_commit, publisher.
    """
    _write("bulletin", input, output, params)


def run_review(input: Mapping[str, Any], output: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    """Stage entry of the rules ``review_<lang>``: the reviewers' report (same inputs as run_report)."""
    _write("review", input, output, params)
