"""Where each figure goes: the catalog's figures placed in their parts, with caption and source."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.context.common import RenderError
from hrd_bulletin.bulletin.msgids import N_
from hrd_bulletin.contract.vocabulary import ALL


def figure_slots(
    figures: Mapping[str, str | os.PathLike[str]],
    seasons: Sequence[Mapping[str, Any]],
    tr: Any,
    describe: Callable[[catalog.Drawing, str], tuple[str, str]],
) -> dict[str, list[dict[str, Any]]]:
    """The SVGs given (by name) grouped by part in catalog order, each with slot, caption, source
    tables, alternative text and long description (``describe(drawing, caption)`` gives both:
    ``bulletin.alttext.describer``)."""
    drawings = catalog.bulletin_drawings([str(s["id"]) for s in seasons])
    unknown = sorted(set(figures) - {d.name for d in drawings})
    if unknown:
        known = ", ".join(d.name for d in drawings)
        raise RenderError(f"render: no place for figure(s) {', '.join(unknown)}; known: {known}")
    season_labels = {str(s["id"]): str(s["label"]) for s in seasons}
    season_labels[ALL] = tr.gettext(N_("whole period"))
    slots: dict[str, list[dict[str, Any]]] = {part: [] for part in catalog.PARTS}
    for drawing in drawings:
        if drawing.name not in figures:
            continue
        figure = drawing.figure
        caption = tr.gettext(figure.caption)
        if drawing.season is not None:
            caption = f"{caption}: {season_labels[drawing.season]}"
        alt, long = describe(drawing, caption)
        slots[figure.part].append(
            {
                "name": drawing.name,
                "slot": figure.slot,
                "part": figure.part,
                "caption": caption,
                "alt": alt,
                "long": long,
                "tables": list(figure.tables),
                "src": Path(figures[drawing.name]).resolve().as_uri(),
            }
        )
    return slots
