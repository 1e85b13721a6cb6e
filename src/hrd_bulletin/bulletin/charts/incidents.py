"""Charts of part III: incidents and violations, victims, threat types and sources, state and courts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure, SubFigure

from hrd_bulletin.bulletin.charts.draw import (
    Bars,
    Block,
    Translate,
    bar_chart_height,
    counts_text,
    new_figure,
    no_data,
    no_data_figure,
    panel_grid,
    shares_text,
    styled,
    value_axis,
    vbars,
)
from hrd_bulletin.bulletin.charts.labels import (
    COURT_OUTCOME_NAMES,
    RESPONSE_NAMES,
    Labels,
)
from hrd_bulletin.bulletin.charts.selection import (
    Tables,
    as_floats,
    as_text,
    by_value,
    capitalised,
    grid_of,
    in_order,
    seasons_of,
    usable,
    wrap,
)
from hrd_bulletin.bulletin.style import CATEGORICAL, CM
from hrd_bulletin.contract.vocabulary import (
    ALL,
)

# A bar more than this many times the next largest is drawn broken (state response: "ignored").
BREAK_RATIO = 10.0


@styled
def incidents_by_season(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents and violations per season, and incidents per month."""
    title = _("Incidents and violations by season")
    df = usable(tables, "incidents_by_season", ["season", "incidents", "violations"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    fig, body = new_figure(
        8.5 * CM, title, _("Number of incidents and of violations recorded in them; incidents per month")
    )
    left, right = body.subplots(1, 2, width_ratios=[3, 2])
    ticks = [wrap(labels.season(s), max(12, 36 // len(seasons))) for s in seasons]
    rows = df.set_index(as_text(df["season"]))
    counts = [as_floats(rows["incidents"].reindex(seasons)), as_floats(rows["violations"].reindex(seasons))]
    left.set_title(_("Incidents and violations"))
    series = [Bars(c, counts_text(c, labels), color=CATEGORICAL[i]) for i, c in enumerate(counts)]
    top = vbars(left, ticks, series, [_("Incidents"), _("Violations")])
    value_axis(left, labels, horizontal=False, share=False, limit=top * 1.12)

    right.set_title(_("Incidents per month"))
    per_month = (
        as_floats(rows["incidents_per_month"].reindex(seasons))
        if "incidents_per_month" in rows
        else np.full(len(seasons), np.nan)
    )
    if np.isnan(per_month).all():
        no_data(right, _)
        return fig
    texts = [("" if np.isnan(v) else labels.number(v, 1)) for v in per_month]
    top = vbars(right, ticks, [Bars(per_month, texts)], [""])
    value_axis(right, labels, horizontal=False, share=False, limit=top * 1.12)
    return fig


def _season_grid(df: pd.DataFrame, key: str, value: str, codes: Sequence[str], seasons: Sequence[str]) -> np.ndarray:
    """``value`` over ``codes`` (rows) and seasons (columns); NaN where absent."""
    return grid_of(df, key, "season", value, codes, seasons)


def _whole_period_order(df: pd.DataFrame, key: str, value: str, codes: Sequence[str]) -> list[str]:
    """Codes from the largest whole-period value down (the sum of the seasons without an ``all`` row)."""
    seasons = seasons_of(df)
    whole = grid_of(df, key, "season", value, codes, [ALL])[:, 0]
    if np.isnan(whole).all():
        whole = np.nansum(_season_grid(df, key, value, codes, seasons), axis=1)
    return [codes[i] for i in by_value(whole)]


def _season_bars(grid: np.ndarray, labels: Labels, *, share: bool) -> list[Bars]:
    """One Bars per season column of ``grid``; a category that dwarfs the others is drawn broken."""
    texts = shares_text if share else counts_text
    largest = np.sort(np.nan_to_num(grid, nan=0.0).max(axis=1, initial=0.0))[::-1]
    cap = None
    if not share and len(largest) > 1 and largest[1] > 0 and largest[0] > BREAK_RATIO * largest[1]:
        # Scaled to the other categories, the dwarfing one cut short (its label says its value).
        cap = float(largest[1]) * 2.6
    return [Bars(grid[:, j], texts(grid[:, j], labels), cap=cap) for j in range(grid.shape[1])]


def _season_grid_chart(
    body: SubFigure,
    blocks: Sequence[tuple[str | None, list[str], np.ndarray]],
    seasons: Sequence[str],
    labels: Labels,
    *,
    share: bool,
) -> None:
    """Small multiples: a column per season, a row per block of (title, category names, grid)."""
    rows = [Block(title, names, _season_bars(grid, labels, share=share)) for title, names, grid in blocks]
    top = max(float(np.max(b.ends())) for row in rows for b in row.bars)
    broken = any(b.cap is not None for row in rows for b in row.bars)
    margin = 1.0 if broken else (1.3 if share else 1.18)
    limit = max(top, 1e-9 if share else 1.0) * margin
    panel_grid(body, rows, [labels.season(s) for s in seasons], labels, share=share, limit=limit)


@styled
def victim_categories(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share of incidents by victim category, one panel per season."""
    title = _("Who was targeted: incidents by category of victim")
    df = usable(tables, "victim_categories", ["season", "victim_category", "share"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    codes = in_order(as_text(df["victim_category"]), list(labels.victim_categories))
    codes = _whole_period_order(df, "victim_category", "share", codes)
    grid = _season_grid(df, "victim_category", "share", codes, seasons)
    fig, body = new_figure(bar_chart_height(len(codes), per_bar_cm=0.7), title, _("Share of the season's incidents"))
    names = [wrap(labels.victim_category(c), 34) for c in codes]
    _season_grid_chart(body, [(None, names, grid)], seasons, labels, share=True)
    return fig


@styled
def top_threat_types(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """The ten most frequent threat types over the whole period, grouped under their category."""
    title = _("The ten most frequent types of threats, whole period")
    df = usable(tables, "threat_types", ["season", "threat_type", "category", "violations"])
    if df is not None:
        df = df[as_text(df["season"]) == ALL]
        counts = as_floats(df["violations"])
        df = df.assign(_count=counts)[counts > 0]
        # Stable sort keeps reference order among ties.
        df = df.sort_values("_count", ascending=False, kind="stable").head(10)
    if df is None or len(df) == 0:
        return no_data_figure(title, _)
    # Categories in the order of their most frequent type; types by count within each.
    cats = in_order(as_text(df["category"]), [])
    rows: list[tuple[str, str, float]] = []  # (kind, code, count): a category heading or a type
    for cat in cats:
        part = df[as_text(df["category"]) == cat]
        rows.append(("category", cat, np.nan))
        rows += [("type", t, float(c)) for t, c in zip(as_text(part["threat_type"]), part["_count"])]
    color_of = {c: CATEGORICAL[i % len(CATEGORICAL)] for i, c in enumerate(cats)}

    fig, body = new_figure(bar_chart_height(len(rows), per_bar_cm=0.46), title, _("Number of violations"))
    ax = body.add_subplot()
    category = ""
    for y, (kind, code, count) in enumerate(rows):
        if kind == "category":
            category = code
            ax.text(0, y + 0.15, wrap(labels.threat_category(code), 90), ha="left", va="center", fontweight="bold")
            continue
        ax.barh(y, count, height=0.68, color=color_of[category], linewidth=0, zorder=2)
        ax.annotate(labels.number(count, 0), (count, y), xytext=(2.5, 0), textcoords="offset points", va="center")
    ax.set_yticks(
        [y for y, r in enumerate(rows) if r[0] == "type"],
        [wrap(capitalised(labels.threat_type(code)), 40) for kind, code, _c in rows if kind == "type"],
    )
    ax.set_ylim(len(rows) - 0.5, -0.6)
    value_axis(ax, labels, horizontal=True, share=False, limit=float(df["_count"].max()) * 1.12)
    return fig


@styled
def threat_sources(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents by source actor, one panel per season, state bodies and non-state actors apart."""
    title = _("Where the threats came from: incidents by source")
    df = usable(tables, "threat_sources", ["season", "source_actor", "is_state", "incidents"])
    seasons = [] if df is None else seasons_of(df)
    if not seasons:
        return no_data_figure(title, _)
    actors = in_order(as_text(df["source_actor"]), list(labels.actors))
    actors = _whole_period_order(df, "source_actor", "incidents", actors)
    state_of = dict(zip(as_text(df["source_actor"]), df["is_state"].astype("boolean").fillna(False).astype(bool)))
    blocks = [
        (_("State bodies"), [a for a in actors if state_of.get(a, False)]),
        (_("Non-state actors"), [a for a in actors if not state_of.get(a, False)]),
    ]
    blocks = [(name, codes) for name, codes in blocks if codes]
    n_rows = sum(len(c) for _n, c in blocks)
    fig, body = new_figure(bar_chart_height(n_rows + 2 * len(blocks), per_bar_cm=0.4), title, _("Number of incidents"))
    rows = [
        (
            name,
            [wrap(labels.actor(a), 34) for a in codes],
            _season_grid(df, "source_actor", "incidents", codes, seasons),
        )
        for name, codes in blocks
    ]
    _season_grid_chart(body, [(n, c, np.nan_to_num(g, nan=0.0)) for n, c, g in rows], seasons, labels, share=False)
    return fig


def _counts_rows(
    df: pd.DataFrame | None, columns: Mapping[str, str], _: Translate
) -> tuple[list[str], np.ndarray] | None:
    """The count columns (in their order) as categories over the seasons, or None without data."""
    seasons = [] if df is None else seasons_of(df)
    present = [c for c in columns if df is not None and c in df.columns]
    if not seasons or not present:
        return None
    rows = df.set_index(as_text(df["season"]))
    grid = np.vstack([as_floats(rows[c].reindex(seasons)) for c in present])
    return [wrap(_(columns[c]), 24) for c in present], grid


@styled
def state_response_courts(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """State response to incidents and court outcomes, one panel per season; a dwarfing bar is broken."""
    title = _("State response and court decisions")
    response = usable(tables, "state_response", ["season"])
    courts = usable(tables, "court_outcomes", ["season"])
    seasons = seasons_of(response) if response is not None else seasons_of(courts) if courts is not None else []
    blocks = []
    for name, df, columns in (
        (_("State response to incidents"), response, RESPONSE_NAMES),
        (_("Court decisions in cases involving defenders"), courts, COURT_OUTCOME_NAMES),
    ):
        rows = _counts_rows(df, columns, _) if df is not None and seasons_of(df) == seasons else None
        if rows is not None:
            blocks.append((name, rows[0], rows[1]))
    if not seasons or not blocks:
        return no_data_figure(title, _)
    fig, body = new_figure(
        bar_chart_height(sum(len(b[1]) + 2 for b in blocks), per_bar_cm=0.42),
        title,
        _("Number of incidents and of court decisions; a broken bar is drawn shorter than its value"),
    )
    _season_grid_chart(body, blocks, seasons, labels, share=False)
    return fig
