"""Charts of the bulletin, drawn only from metric tables: rows are selected and ordered, never computed.

Every chart function has the shape ``(tables, labels, _) -> Figure``: ``tables`` maps metric-table
names to DataFrames, ``labels`` gives reference labels and number formats for the edition's
language, and ``_`` is a gettext function. Every fixed text is an English msgid inside ``_()``
(or ``N_()`` where the msgid sits in a module-level mapping), so Babel can extract it.
A missing table, a table without rows or a selection without values gives a "No data" note.
"""

from __future__ import annotations

import functools
import gettext
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from hrd_bulletin import i18n
from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.style import (
    CM,
    FULL_WIDTH,
    INK,
    MAX_HEIGHT,
    MUTED,
    SeriesStyle,
    chart_style,
    is_dark,
    save_svg,
    sequential,
    series_style,
)
from hrd_bulletin.errors import ConfigError

Translate = Callable[[str], str]
Tables = Mapping[str, pd.DataFrame]
Chart = Callable[[Tables, "Labels", Translate], Figure]

ALL = "all"
REFERENCE_TABLES = catalog.REFERENCE_TABLES
# Snakemake input names of the reference tables: prefixed, because `threat_types` and
# `victim_categories` are also metric tables.
REFERENCE_PREFIX = "reference_"


def N_(msgid: str) -> str:
    """Mark a msgid for extraction without translating it (translated where it is drawn)."""
    return msgid


GROUPS: dict[str, str] = {
    "individual": N_("Individuals"),
    "organization": N_("Organizations"),
    "all": N_("All respondents"),
}
ATTACK_TYPES: dict[str, str] = {
    "information": N_("Information attacks"),
    "reputational": N_("Attacks on reputation"),
    "physical": N_("Physical attacks"),
    "technical": N_("Technical attacks"),
    "threats": N_("Threats"),
}
LIKELIHOOD_LEVELS: dict[str, str] = {
    "1": N_("Excluded"),
    "2": N_("Rather impossible"),
    "3": N_("Rather possible"),
    "4": N_("Highly likely"),
}
PORTRAIT_ITEMS: dict[str, tuple[str, dict[str, str]]] = {
    "gender": (N_("Gender"), {"female": N_("Female"), "male": N_("Male")}),
    "ethnicity": (
        N_("Ethnicity"),
        {"kazakh": N_("Kazakh"), "russian": N_("Russian"), "other": N_("Other")},
    ),
    "education": (
        N_("Education"),
        {"higher": N_("Higher"), "vocational": N_("Vocational"), "secondary": N_("Secondary")},
    ),
}
EXPERIENCE_ITEM = "experience_years"
# (item, answer counted, label): the share answering `answer` is read from survey_shares.
SECURITY_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("security_training", "true", N_("Has had security training")),
    ("needs_training", "true", N_("Needs security training")),
    ("needs_information", "true", N_("Needs information on security")),
    ("has_security_protocol", "true", N_("Has a security protocol")),
    ("has_alarm", "true", N_("Has an alarm")),
    ("access_locks", "true", N_("Has special locks")),
    ("access_secure_comms", "true", N_("Has safe means of communication")),
    ("needs_financial_advice", "true", N_("Needs advice on financial security")),
    ("secure_exchange", "yes", N_("Can send and receive information securely")),
)
INDICES: dict[str, str] = {
    "threats": N_("Threats"),
    "vulnerability": N_("Vulnerability"),
    "resources": N_("Resources"),
    "risk": N_("Risk"),
    "security": N_("Security"),
}
INDEX_LEVELS: dict[str, str] = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}
CHANNELS: dict[str, str] = {
    "press": N_("Mass media"),
    "social": N_("Social media"),
    "hrd_site": N_("Defenders' own websites"),
}
TONES: dict[str, str] = {
    "supportive": N_("Supportive"),
    "neutral": N_("Neutral"),
    "hostile": N_("Hostile"),
    "uncoded": N_("Not coded"),
}
RESPONSES: dict[str, str] = {
    "ignored": N_("Ignored"),
    "formal": N_("Formal response"),
    "effective": N_("Effective response"),
}
COURT_OUTCOMES: dict[str, str] = {
    "against_hrd": N_("Against the defender"),
    "for_hrd": N_("For the defender"),
    "pending": N_("Pending"),
    "other": N_("Other"),
}


# --------------------------------------------------------------------------- labels and numbers


@dataclass(frozen=True)
class Labels:
    """Reference labels and number formats for one language of the bulletin."""

    lang: str
    regions: Mapping[str, str] = field(default_factory=dict)
    threat_types: Mapping[str, str] = field(default_factory=dict)
    threat_categories: Mapping[str, str] = field(default_factory=dict)
    victim_categories: Mapping[str, str] = field(default_factory=dict)
    actors: Mapping[str, str] = field(default_factory=dict)
    seasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        """Babel locale of the edition."""
        return self.lang

    def region(self, code: str) -> str:
        """Name of a region (the code when unknown)."""
        return self.regions.get(code, code)

    def threat_type(self, code: str) -> str:
        """Label of a threat type."""
        return self.threat_types.get(code, code)

    def threat_category(self, code: str) -> str:
        """Label of a threat category."""
        return self.threat_categories.get(code, code)

    def victim_category(self, code: str) -> str:
        """Label of a victim category."""
        return self.victim_categories.get(code, code)

    def actor(self, code: str) -> str:
        """Label of a source actor."""
        return self.actors.get(code, code)

    def season(self, season_id: str) -> str:
        """Label of a season from the config (the id when unknown)."""
        return self.seasons.get(season_id, season_id)

    def number(self, value: float, decimals: int = 0) -> str:
        """``value`` as printed in the edition's language (decimal comma in ru, half-up rounding)."""
        return i18n.fmt_decimal(value, self.lang, decimals)

    def percent(self, share: float, decimals: int = 1) -> str:
        """A share as a percentage in the edition's language ("32,8 %" in ru, "32.8%" in en)."""
        return i18n.fmt_percent(share, self.lang, decimals)

    @classmethod
    def from_reference(
        cls, reference: Mapping[str, pd.DataFrame], seasons: Sequence[Mapping[str, Any]], lang: str
    ) -> Labels:
        """Labels of the processed reference tables and the config seasons in ``lang`` (ru/en)."""
        if lang not in i18n.LANGUAGES:
            raise ConfigError(f"figures: language must be one of {', '.join(i18n.LANGUAGES)}, got {lang!r}")

        def mapping(name: str, column: str) -> dict[str, str]:
            table = reference.get(name)
            if table is None or column not in table.columns:
                return {}
            return dict(zip(table["code"].astype(str), table[column].astype(str)))

        return cls(
            lang=lang,
            regions=mapping("regions", f"name_{lang}"),
            threat_types=mapping("threat_types", f"label_{lang}"),
            threat_categories=mapping("threat_categories", f"label_{lang}"),
            victim_categories=mapping("victim_categories", f"label_{lang}"),
            actors=mapping("actors", f"label_{lang}"),
            seasons={str(s["id"]): str(s.get(f"label_{lang}") or s["id"]) for s in seasons},
        )


# --------------------------------------------------------------------------- selection helpers


def _table(tables: Tables, name: str, columns: Sequence[str]) -> pd.DataFrame | None:
    """The table, or None when missing, empty or without the columns a chart reads."""
    df = tables.get(name)
    if df is None or len(df) == 0 or not set(columns) <= set(df.columns):
        return None
    return df


def _floats(values: pd.Series | Sequence[Any]) -> np.ndarray:
    """Values as float64 with NaN for missing (nullable dtypes included)."""
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy(dtype="float64")


def _text(series: pd.Series) -> pd.Series:
    """Values as Python str (None for missing), whatever the column's dtype (category, string, int)."""
    text = series.astype("string")
    return text.astype("object").where(text.notna(), None)


def _order(present: Sequence[Any], known: Sequence[str]) -> list[str]:
    """Known codes in their order, then any unexpected ones in table order."""
    seen = list(dict.fromkeys(str(v) for v in present if not pd.isna(v)))
    return [k for k in known if k in seen] + [v for v in seen if v not in known]


def _grid(df: pd.DataFrame, row: str, col: str, value: str, rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
    """``value`` laid out as rows x cols (NaN where the table has no row)."""
    keyed = pd.DataFrame({"r": _text(df[row]), "c": _text(df[col]), "v": _floats(df[value])})
    keyed = keyed.drop_duplicates(["r", "c"]).set_index(["r", "c"])["v"]
    index = pd.MultiIndex.from_product([list(rows), list(cols)])
    return keyed.reindex(index).to_numpy(dtype="float64").reshape(len(rows), len(cols))


def _latest_wave(df: pd.DataFrame) -> tuple[pd.DataFrame, int | None]:
    waves = _floats(df["wave"])
    if np.isnan(waves).all():
        return df.iloc[0:0], None
    latest = np.nanmax(waves)
    return df[waves == latest], int(latest)


def _only(df: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Rows whose ``column`` equals ``value`` (all rows when the table has no such column)."""
    if column not in df.columns:
        return df
    return df[_text(df[column]) == value]


def _seasons(df: pd.DataFrame) -> list[str]:
    """Season ids of the table in its (config) order, without the ``all`` margin."""
    return [s for s in _order(_text(df["season"]), []) if s != ALL]


def _unique_n(values: pd.Series) -> int | None:
    n = _floats(values)
    n = n[~np.isnan(n)]
    return int(n[0]) if len(n) and (n == n[0]).all() else None


def _capitalised(text: str) -> str:
    # Reference labels of threat types are lower case (they are also used mid-sentence).
    return text[:1].upper() + text[1:]


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=False, break_on_hyphens=True)


# --------------------------------------------------------------------------- drawing helpers


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, min(height, MAX_HEIGHT)), layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, hspace=0.04, wspace=0.04)
    return fig


def _height(n_bars: int, fixed_cm: float = 4.2, per_bar_cm: float = 0.36, minimum_cm: float = 7.0) -> float:
    """Figure height (inches) for a horizontal bar chart: room per bar plus title and legend."""
    return max(minimum_cm, fixed_cm + per_bar_cm * n_bars) * CM


def _title(fig: Figure, title: str) -> None:
    fig.suptitle(_wrap(title, 85), x=0.01, ha="left")


def _subtitle(ax: Axes, text: str) -> None:
    ax.set_title(_wrap(text, 95), fontweight="normal", color=MUTED, fontsize=7)


def _wave_text(wave: int | None, _: Translate) -> str:
    # Babel does not look inside f-strings: every msgid stays a plain _() call.
    label = _("Survey wave")
    return f"{label} {wave}"


def _pooled_text(wave: int | None, n: int | None, labels: Labels, _: Translate) -> str:
    """Subtitle of a pooled-group survey chart: wave, all respondents, n when it is one number."""
    everyone = _("all respondents")
    base = f", n = {labels.number(n)}" if n is not None else ""
    return f"{_wave_text(wave, _)}, {everyone}{base}"


def _no_data(ax: Axes, _: Translate) -> None:
    """Replace an empty panel by a centred note."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, _("No data"), transform=ax.transAxes, ha="center", va="center", color=MUTED)


def _no_data_figure(title: str, _: Translate, height: float = 6 * CM) -> Figure:
    fig = _figure(FULL_WIDTH, height)
    _title(fig, title)
    _no_data(fig.add_subplot(), _)
    return fig


def _value_axis(ax: Axes, labels: Labels, *, horizontal: bool, share: bool, limit: float) -> None:
    """Value axis from 0 with room for the value labels, locale-formatted ticks and a light grid."""
    limit = limit if np.isfinite(limit) and limit > 0 else 1.0
    if share:
        fmt = FuncFormatter(lambda v, _pos: labels.percent(v, 0))
    else:
        fmt = FuncFormatter(lambda v, _pos: labels.number(v, 0))
    axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_major_formatter(fmt)
    axis.set_major_locator(MaxNLocator(nbins=5, integer=not share))
    if horizontal:
        ax.set_xlim(0, limit)
        ax.grid(axis="x")
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_ylim(0, limit)
        ax.grid(axis="y")
        ax.tick_params(axis="x", length=0)
    if share:
        # Ticks stop at 100 % even when the axis leaves room for a label beyond it.
        ticks = [t for t in np.linspace(0, 1, 6) if t <= limit + 1e-9]
        axis.set_ticks(ticks)


def _grouped_bars(
    ax: Axes,
    categories: Sequence[str],
    series: Sequence[np.ndarray],
    styles: Sequence[SeriesStyle],
    texts: Sequence[Sequence[str]],
    *,
    horizontal: bool = True,
    lows: Sequence[np.ndarray | None] | None = None,
    highs: Sequence[np.ndarray | None] | None = None,
) -> tuple[list[Any], float]:
    """Grouped bars (first category on top / left), optional interval whiskers, value labels.

    Returns the bar containers (legend handles) and the largest extent drawn (bar or whisker end).
    """
    n_cat, n_ser = len(categories), max(len(series), 1)
    group = 0.8 if n_ser > 1 else 0.6
    thickness = group / n_ser
    base = np.arange(n_cat, dtype="float64")
    handles = []
    extent = 0.0
    for i, values in enumerate(series):
        pos = base - group / 2 + thickness * (i + 0.5)
        heights = np.nan_to_num(values, nan=0.0)
        kwargs = styles[i].bar_kwargs()
        if horizontal:
            bars = ax.barh(pos, heights, height=thickness, **kwargs)
        else:
            bars = ax.bar(pos, heights, width=thickness, **kwargs)
        handles.append(bars)
        ends = heights.copy()
        low = lows[i] if lows else None
        high = highs[i] if highs else None
        if low is not None and high is not None:
            ok = ~(np.isnan(values) | np.isnan(low) | np.isnan(high))
            err = np.vstack([np.clip(values - low, 0, None), np.clip(high - values, 0, None)])
            err[:, ~ok] = 0.0
            errkw = {"fmt": "none", "ecolor": INK, "elinewidth": 0.7, "capsize": 1.8, "capthick": 0.7}
            if horizontal:
                drawn = ax.errorbar(heights[ok], pos[ok], xerr=err[:, ok], **errkw)
            else:
                drawn = ax.errorbar(pos[ok], heights[ok], yerr=err[:, ok], **errkw)
            # A white halo keeps the whisker visible where it crosses a dark bar.
            for line in drawn.lines[1] + drawn.lines[2]:
                line.set_path_effects([patheffects.withStroke(linewidth=2.0, foreground="white")])
            ends = np.where(ok, np.maximum(heights, np.nan_to_num(high, nan=0.0)), heights)
        for p, end, label in zip(pos, ends, texts[i]):
            if not label:
                continue
            if horizontal:
                ax.annotate(
                    label, (end, p), xytext=(2, 0), textcoords="offset points", ha="left", va="center", fontsize=6.5
                )
            else:
                ax.annotate(
                    label, (p, end), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=6.5
                )
        if len(ends):
            extent = max(extent, float(np.nanmax(ends)))
    if horizontal:
        ax.set_yticks(base, list(categories))
        ax.set_ylim(n_cat - 0.5, -0.5)
    else:
        ax.set_xticks(base, list(categories))
        ax.set_xlim(-0.5, n_cat - 0.5)
    return handles, extent


def _stacked_shares(
    ax: Axes, categories: Sequence[str], shares: np.ndarray, colors: Sequence[str], labels: Labels
) -> list[Any]:
    """100 % stacked horizontal bars (rows = categories, columns = segments) with inside labels."""
    handles = []
    narrow = [0] * len(categories)
    left = np.zeros(len(categories))
    base = np.arange(len(categories), dtype="float64")
    for j, color in enumerate(colors):
        width = np.nan_to_num(shares[:, j], nan=0.0)
        bars = ax.barh(base, width, left=left, height=0.62, color=color, edgecolor=INK, linewidth=0.5)
        handles.append(bars)
        text_color = "white" if is_dark(color) else INK
        for y, x0, w in zip(base, left, width):
            if w >= 0.07:
                ax.text(x0 + w / 2, y, labels.percent(w, 1), ha="center", va="center", fontsize=6.5, color=text_color)
            elif w > 0:
                # Too narrow for the label: put it beside the bar, alternating above and below
                # so that two narrow neighbours do not overprint each other.
                narrow[int(y)] += 1
                above = narrow[int(y)] % 2 == 1
                ax.annotate(
                    labels.percent(w, 1),
                    (x0 + w / 2, y + (-0.31 if above else 0.31)),
                    xytext=(0, 1 if above else -1),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=6,
                )
        left = left + width
    ax.set_yticks(base, list(categories))
    ax.set_ylim(len(categories) - 0.4, -0.6)
    _value_axis(ax, labels, horizontal=True, share=True, limit=1.0)
    return handles


def _legend(fig: Figure, handles: Sequence[Any], names: Sequence[str], ncols: int | None = None) -> None:
    if not handles:
        return
    fig.legend(
        list(handles), [_wrap(n, 40) for n in names], loc="outside lower center", ncols=ncols or min(len(handles), 4)
    )


def _axes_legend(ax: Axes, handles: Sequence[Any], names: Sequence[str]) -> None:
    ax.legend(list(handles), [_wrap(n, 24) for n in names], loc="center left", bbox_to_anchor=(1.01, 0.5))


def _counts_text(values: np.ndarray, labels: Labels) -> list[str]:
    return ["" if np.isnan(v) else labels.number(v, 0) for v in values]


def _shares_text(values: np.ndarray, labels: Labels) -> list[str]:
    return ["" if np.isnan(v) else labels.percent(v, 1) for v in values]


def _styled(func: Chart) -> Chart:
    """Draw a chart inside the bulletin style (rcParams are read when artists are created)."""

    @functools.wraps(func)
    def wrapper(tables: Tables, labels: Labels, _: Translate) -> Figure:
        with chart_style():
            return func(tables, labels, _)

    return wrapper


# --------------------------------------------------------------------------- survey charts


@_styled
def attack_prevalence(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share attacked by attack type, individuals vs organizations vs all, Wilson whiskers (latest wave)."""
    title = _("Defenders who suffered attacks or threats, by type")
    df = _table(tables, "attack_prevalence", ["wave", "attack_type", "group", "n", "share", "ci_low", "ci_high"])
    wave = None
    if df is not None:
        df, wave = _latest_wave(df)
    if df is None or len(df) == 0 or np.isnan(_floats(df["share"])).all():
        return _no_data_figure(title, _)
    types = _order(_text(df["attack_type"]), list(ATTACK_TYPES))
    groups = _order(_text(df["group"]), list(GROUPS))
    share = _grid(df, "attack_type", "group", "share", types, groups)
    low = _grid(df, "attack_type", "group", "ci_low", types, groups)
    high = _grid(df, "attack_type", "group", "ci_high", types, groups)

    fig = _figure(FULL_WIDTH, _height(len(types) * len(groups)))
    _title(fig, title)
    ax = fig.add_subplot()
    what = _("Share of respondents with at least one attack; whiskers: 95-percent confidence interval")
    _subtitle(ax, f"{_wave_text(wave, _)}. {what}")
    series = [share[:, j] for j in range(len(groups))]
    handles, extent = _grouped_bars(
        ax,
        [_wrap(_(ATTACK_TYPES.get(t, t)), 22) for t in types],
        series,
        [series_style(j) for j in range(len(groups))],
        [_shares_text(s, labels) for s in series],
        lows=[low[:, j] for j in range(len(groups))],
        highs=[high[:, j] for j in range(len(groups))],
    )
    _value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.25, 1.25))
    names = []
    for g in groups:
        n = _unique_n(_only(df, "group", g)["n"])
        names.append(_(GROUPS.get(g, g)) + (f" (n = {labels.number(n)})" if n is not None else ""))
    _legend(fig, handles, names)
    return fig


@_styled
def likelihood(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """How likely respondents find each attack type: 100 % stacked bars of the four levels (latest wave, all)."""
    title = _("How likely respondents consider an attack")
    df = _table(tables, "likelihood", ["wave", "attack_type", "level", "n", "share"])
    wave = None
    if df is not None:
        df, wave = _latest_wave(_only(df, "group", ALL))
    if df is None or len(df) == 0 or np.isnan(_floats(df["share"])).all():
        return _no_data_figure(title, _)
    types = _order(_text(df["attack_type"]), list(ATTACK_TYPES))
    levels = list(LIKELIHOOD_LEVELS)
    shares = _grid(df, "attack_type", "level", "share", types, levels)

    fig = _figure(FULL_WIDTH, _height(len(types) * 2))
    _title(fig, title)
    ax = fig.add_subplot()
    n = _unique_n(df["n"])
    _subtitle(ax, _pooled_text(wave, n, labels, _))
    handles = _stacked_shares(
        ax, [_wrap(_(ATTACK_TYPES.get(t, t)), 22) for t in types], shares, sequential(len(levels)), labels
    )
    _legend(fig, handles, [_(LIKELIHOOD_LEVELS[lv]) for lv in levels])
    return fig


@_styled
def portrait(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Who the respondents are: gender, ethnicity, education (shares) and experience (mean, range)."""
    fig = _figure(FULL_WIDTH, 12 * CM)
    _title(fig, _("Portrait of the respondents"))
    axes = fig.subplots(2, 2)
    shares = _table(tables, "survey_shares", ["wave", "item", "value", "group", "share"])
    if shares is not None:
        shares, _wave = _latest_wave(_only(shares, "group", ALL))
    for ax, (item, (panel, values)) in zip(axes.flat, PORTRAIT_ITEMS.items()):
        ax.set_title(_wrap(_(panel), 34))
        rows = None if shares is None else shares[_text(shares["item"]) == item]
        if rows is None or len(rows) == 0 or np.isnan(_floats(rows["share"])).all():
            _no_data(ax, _)
            continue
        codes = _order(_text(rows["value"]), list(values))
        share = _grid(rows.assign(_one="x"), "value", "_one", "share", codes, ["x"])[:, 0]
        _handles, extent = _grouped_bars(
            ax,
            [_wrap(_(values.get(c, c)), 14) for c in codes],
            [share],
            [series_style(0)],
            [_shares_text(share, labels)],
        )
        _value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.35, 1.35))

    ax = axes.flat[3]
    ax.set_title(_wrap(_("Experience, years: mean (dot) and range"), 34))
    stats = _table(tables, "survey_stats", ["wave", "item", "group", "mean", "min", "max"])
    if stats is not None:
        stats, _wave = _latest_wave(stats[_text(stats["item"]) == EXPERIENCE_ITEM])
    if stats is None or len(stats) == 0 or np.isnan(_floats(stats["mean"])).all():
        _no_data(ax, _)
        return fig
    groups = _order(_text(stats["group"]), list(GROUPS))
    values = {c: _grid(stats, "group", "item", c, groups, [EXPERIENCE_ITEM])[:, 0] for c in ("mean", "min", "max")}
    pos = np.arange(len(groups), dtype="float64")
    ax.hlines(pos, values["min"], values["max"], color=MUTED, linewidth=1.2)
    ax.plot(values["min"], pos, "|", values["max"], pos, "|", color=MUTED, markersize=6)
    ax.plot(values["mean"], pos, "o", color=INK, markersize=4)
    for y, mean, lo, hi in zip(pos, values["mean"], values["min"], values["max"]):
        if np.isnan(mean):
            continue
        ax.annotate(
            labels.number(mean, 1),
            (mean, y),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=6.5,
        )
        for end in (lo, hi):
            if not np.isnan(end):
                ax.annotate(
                    labels.number(end, 0),
                    (end, y),
                    xytext=(0, -4),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=6,
                    color=MUTED,
                )
    ax.set_yticks(pos, [_wrap(_(GROUPS.get(g, g)), 14) for g in groups])
    ax.set_ylim(len(groups) - 0.4, -0.6)
    top = np.nanmax(values["max"]) if not np.isnan(values["max"]).all() else np.nanmax(values["mean"])
    _value_axis(ax, labels, horizontal=True, share=False, limit=max(top, 1.0) * 1.12)
    return fig


@_styled
def security_resources(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Shares answering yes to the security items (training, needs, protocol, ...) by group."""
    title = _("Security resources and needs")
    df = _table(tables, "survey_shares", ["wave", "item", "value", "group", "n", "share"])
    wave = None
    if df is not None:
        df, wave = _latest_wave(df)
        key = _text(df["item"]) + "=" + _text(df["value"])
        df = df[key.isin([f"{item}={value}" for item, value, _label in SECURITY_ITEMS])]
    if df is None or len(df) == 0 or np.isnan(_floats(df["share"])).all():
        return _no_data_figure(title, _)
    items = [(item, label) for item, _value, label in SECURITY_ITEMS if item in set(_text(df["item"]))]
    groups = _order(_text(df["group"]), list(GROUPS))
    share = _grid(df, "item", "group", "share", [i for i, _l in items], groups)

    fig = _figure(FULL_WIDTH, _height(len(items) * len(groups), per_bar_cm=0.32))
    _title(fig, title)
    ax = fig.add_subplot()
    what = _("Share answering yes, among respondents who answered the question")
    _subtitle(ax, f"{_wave_text(wave, _)}. {what}")
    series = [share[:, j] for j in range(len(groups))]
    handles, extent = _grouped_bars(
        ax,
        [_wrap(_(label), 30) for _i, label in items],
        series,
        [series_style(j) for j in range(len(groups))],
        [_shares_text(s, labels) for s in series],
    )
    _value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.18, 1.18))
    _legend(fig, handles, [_(GROUPS.get(g, g)) for g in groups])
    return fig


@_styled
def index_levels(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Distribution of low / medium / high levels of each index (latest wave, all respondents)."""
    title = _("Levels of the risk indices")
    df = _table(tables, "index_levels", ["wave", "index", "level", "group", "n", "share"])
    wave = None
    if df is not None:
        df, wave = _latest_wave(_only(df, "group", ALL))
    if df is None or len(df) == 0 or np.isnan(_floats(df["share"])).all():
        return _no_data_figure(title, _)
    names = _order(_text(df["index"]), list(INDICES))
    levels = _order(_text(df["level"]), list(INDEX_LEVELS))
    shares = _grid(df, "index", "level", "share", names, levels)

    fig = _figure(FULL_WIDTH, _height(len(names) * 2))
    _title(fig, title)
    ax = fig.add_subplot()
    n = _unique_n(df["n"])
    _subtitle(ax, _pooled_text(wave, n, labels, _))
    handles = _stacked_shares(
        ax, [_wrap(_(INDICES.get(i, i)), 22) for i in names], shares, sequential(len(levels)), labels
    )
    _legend(fig, handles, [_(INDEX_LEVELS.get(lv, lv)) for lv in levels])
    return fig


# --------------------------------------------------------------------------- incident charts


@_styled
def incidents_by_season(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents and violations per season, and incidents per month."""
    title = _("Incidents and violations by season")
    df = _table(tables, "incidents_by_season", ["season", "incidents", "violations"])
    seasons = [] if df is None else _seasons(df)
    if not seasons:
        return _no_data_figure(title, _)
    fig = _figure(FULL_WIDTH, 9 * CM)
    _title(fig, title)
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    ticks = [_wrap(labels.season(s), max(12, 36 // len(seasons))) for s in seasons]
    rows = df.set_index(_text(df["season"]))
    counts = [_floats(rows["incidents"].reindex(seasons)), _floats(rows["violations"].reindex(seasons))]
    left.set_title(_("Incidents and violations"))
    handles, extent = _grouped_bars(
        left,
        ticks,
        counts,
        [series_style(0), series_style(1)],
        [_counts_text(c, labels) for c in counts],
        horizontal=False,
    )
    _value_axis(left, labels, horizontal=False, share=False, limit=extent * 1.15)
    left.legend(handles, [_("Incidents"), _("Violations")], loc="upper left")

    right.set_title(_("Incidents per month"))
    per_month = (
        _floats(rows["incidents_per_month"].reindex(seasons))
        if "incidents_per_month" in rows
        else np.full(len(seasons), np.nan)
    )
    if np.isnan(per_month).all():
        _no_data(right, _)
        return fig
    _handles, extent = _grouped_bars(
        right,
        ticks,
        [per_month],
        [series_style(0)],
        [[("" if np.isnan(v) else labels.number(v, 1)) for v in per_month]],
        horizontal=False,
    )
    _value_axis(right, labels, horizontal=False, share=False, limit=extent * 1.15)
    return fig


def _season_series(
    df: pd.DataFrame, key: str, value: str, codes: Sequence[str], seasons: Sequence[str]
) -> list[np.ndarray]:
    """One array per season of ``value`` over ``codes`` (NaN where absent)."""
    grid = _grid(df, key, "season", value, codes, seasons)
    return [grid[:, j] for j in range(len(seasons))]


@_styled
def victim_categories(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Share of incidents by victim category, per season."""
    title = _("Who was targeted: incidents by category of victim")
    df = _table(tables, "victim_categories", ["season", "victim_category", "share"])
    seasons = [] if df is None else _seasons(df)
    if not seasons:
        return _no_data_figure(title, _)
    codes = _order(_text(df["victim_category"]), list(labels.victim_categories))
    series = _season_series(df, "victim_category", "share", codes, seasons)
    fig = _figure(FULL_WIDTH, _height(len(codes) * len(seasons)))
    _title(fig, title)
    ax = fig.add_subplot()
    _subtitle(ax, _("Share of the season's incidents"))
    handles, extent = _grouped_bars(
        ax,
        [_wrap(labels.victim_category(c), 32) for c in codes],
        series,
        [series_style(j) for j in range(len(seasons))],
        [_shares_text(s, labels) for s in series],
    )
    _value_axis(ax, labels, horizontal=True, share=True, limit=min(max(extent, 0.1) * 1.2, 1.2))
    _legend(fig, handles, [labels.season(s) for s in seasons], ncols=min(len(seasons), 2))
    return fig


@_styled
def top_threat_types(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """The ten most frequent threat types over the whole period, coloured by category."""
    title = _("The ten most frequent types of threats, whole period")
    df = _table(tables, "threat_types", ["season", "threat_type", "category", "violations"])
    if df is not None:
        df = df[_text(df["season"]) == ALL]
        counts = _floats(df["violations"])
        df = df.assign(_count=counts)[counts > 0]
        # Stable sort keeps reference order among ties.
        df = df.sort_values("_count", ascending=False, kind="stable").head(10)
    if df is None or len(df) == 0:
        return _no_data_figure(title, _)
    types = list(_text(df["threat_type"]))
    cats = list(_text(df["category"]))
    known = list(labels.threat_categories)
    cat_order = _order(cats, known)
    # A category keeps its reference position, so it has the same pattern in every edition.
    style_of = {c: series_style(known.index(c) if c in known else len(known) + cat_order.index(c)) for c in cat_order}

    fig = _figure(FULL_WIDTH, _height(len(types), per_bar_cm=0.6) + 0.5 * CM * ((len(cat_order) + 1) // 2))
    _title(fig, title)
    ax = fig.add_subplot()
    _subtitle(ax, _("Number of violations"))
    pos = np.arange(len(types), dtype="float64")
    count = df["_count"].to_numpy()
    for y, v, c in zip(pos, count, cats):
        ax.barh(y, v, height=0.7, **style_of[c].bar_kwargs())
        ax.annotate(
            labels.number(v, 0), (v, y), xytext=(2, 0), textcoords="offset points", ha="left", va="center", fontsize=6.5
        )
    ax.set_yticks(pos, [_wrap(_capitalised(labels.threat_type(t)), 42) for t in types])
    ax.set_ylim(len(types) - 0.5, -0.5)
    _value_axis(ax, labels, horizontal=True, share=False, limit=float(count.max()) * 1.15)
    handles = [ax.bar(0, 0, width=0, **style_of[c].bar_kwargs()) for c in cat_order]
    _legend(fig, handles, [labels.threat_category(c) for c in cat_order], ncols=2)
    return fig


@_styled
def threat_sources(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Incidents by source actor per season, state bodies and non-state actors in separate panels."""
    title = _("Where the threats came from: incidents by source")
    df = _table(tables, "threat_sources", ["season", "source_actor", "is_state", "incidents"])
    seasons = [] if df is None else _seasons(df)
    if not seasons:
        return _no_data_figure(title, _)
    actors = _order(_text(df["source_actor"]), list(labels.actors))
    state_of = dict(zip(_text(df["source_actor"]), df["is_state"].astype("boolean").fillna(False).astype(bool)))
    blocks = [
        (_("State bodies"), [a for a in actors if state_of.get(a, False)]),
        (_("Non-state actors"), [a for a in actors if not state_of.get(a, False)]),
    ]
    blocks = [(name, codes) for name, codes in blocks if codes]
    n_bars = sum(len(codes) for _n, codes in blocks) * len(seasons)
    fig = _figure(FULL_WIDTH, _height(n_bars, fixed_cm=5.0, per_bar_cm=0.3))
    _title(fig, title)
    axes = fig.subplots(len(blocks), 1, sharex=True, height_ratios=[len(c) for _n, c in blocks], squeeze=False)
    extent = 0.0
    handles: list[Any] = []
    for ax, (name, codes) in zip(axes[:, 0], blocks):
        ax.set_title(name)
        series = _season_series(df, "source_actor", "incidents", codes, seasons)
        handles, ext = _grouped_bars(
            ax,
            [_wrap(labels.actor(a), 28) for a in codes],
            series,
            [series_style(j) for j in range(len(seasons))],
            [_counts_text(s, labels) for s in series],
        )
        extent = max(extent, ext)
    for ax in axes[:, 0]:
        _value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
    axes[-1, 0].set_xlabel(_("Incidents"))
    _legend(fig, handles, [labels.season(s) for s in seasons], ncols=min(len(seasons), 2))
    return fig


def _counts_panel(
    ax: Axes, df: pd.DataFrame | None, columns: Mapping[str, str], xlabel: str, labels: Labels, _: Translate
) -> None:
    """Grouped horizontal bars: seasons as categories, one series per count column."""
    seasons = [] if df is None else _seasons(df)
    present = [c for c in columns if df is not None and c in df.columns]
    if not seasons or not present:
        _no_data(ax, _)
        return
    rows = df.set_index(_text(df["season"]))
    series = [_floats(rows[c].reindex(seasons)) for c in present]
    handles, extent = _grouped_bars(
        ax,
        [_wrap(labels.season(s), 22) for s in seasons],
        series,
        [series_style(j) for j in range(len(present))],
        [_counts_text(s, labels) for s in series],
    )
    _value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
    _axes_legend(ax, handles, [_(columns[c]) for c in present])
    ax.set_xlabel(xlabel)


@_styled
def state_response_courts(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """State response to incidents and court outcomes per season (two panels)."""
    response = _table(tables, "state_response", ["season"])
    courts = _table(tables, "court_outcomes", ["season"])
    n_seasons = max(len(_seasons(t)) if t is not None else 0 for t in (response, courts))
    fig = _figure(FULL_WIDTH, _height(max(n_seasons, 1) * 7, fixed_cm=5.0, per_bar_cm=0.3))
    _title(fig, _("State response and court decisions"))
    top, bottom = fig.subplots(2, 1)
    top.set_title(_("State response to incidents"))
    _counts_panel(top, response, RESPONSES, _("Incidents"), labels, _)
    bottom.set_title(_("Court decisions in cases involving defenders"))
    _counts_panel(bottom, courts, COURT_OUTCOMES, _("Court decisions"), labels, _)
    return fig


@_styled
def media(tables: Tables, labels: Labels, _: Translate) -> Figure:
    """Media materials per season by channel and by tone (media_summary margins)."""
    df = _table(tables, "media_summary", ["season", "channel", "region", "tone", "materials"])
    seasons = [] if df is None else _seasons(df)
    fig = _figure(FULL_WIDTH, _height(max(len(seasons), 1) * 7, fixed_cm=5.0, per_bar_cm=0.3))
    _title(fig, _("Media coverage of defenders"))
    top, bottom = fig.subplots(2, 1)
    top.set_title(_("Materials by channel"))
    bottom.set_title(_("Materials by tone"))
    if not seasons:
        _no_data(top, _)
        _no_data(bottom, _)
        return fig
    region_all = df[_text(df["region"]) == ALL]
    for ax, dim, names, other in ((top, "channel", CHANNELS, "tone"), (bottom, "tone", TONES, "channel")):
        rows = region_all[(_text(region_all[other]) == ALL) & (_text(region_all[dim]) != ALL)]
        codes = _order(_text(rows[dim]), list(names))
        if not codes:
            _no_data(ax, _)
            continue
        # The cube is sparse: a combination without material has no row, i.e. 0 materials.
        grid = np.nan_to_num(_grid(rows, dim, "season", "materials", codes, seasons), nan=0.0)
        series = [grid[i, :] for i in range(len(codes))]
        handles, extent = _grouped_bars(
            ax,
            [_wrap(labels.season(s), 22) for s in seasons],
            series,
            [series_style(i) for i in range(len(codes))],
            [_counts_text(s, labels) for s in series],
        )
        _value_axis(ax, labels, horizontal=True, share=False, limit=max(extent, 1.0) * 1.15)
        _axes_legend(ax, handles, [_(names.get(c, c)) for c in codes])
    bottom.set_xlabel(_("Number of materials"))
    return fig


# --------------------------------------------------------------------------- registry and stage

_CHART_FUNCTIONS: dict[str, Chart] = {
    "attack_prevalence": attack_prevalence,
    "likelihood": likelihood,
    "portrait": portrait,
    "security_resources": security_resources,
    "incidents_by_season": incidents_by_season,
    "victim_categories": victim_categories,
    "top_threat_types": top_threat_types,
    "threat_sources": threat_sources,
    "state_response_courts": state_response_courts,
    "media": media,
    "index_levels": index_levels,
}
# Chart name -> (function, metric tables it reads); the tables are catalog.CHART_TABLES.
CHARTS: dict[str, tuple[Chart, list[str]]] = {
    name: (_CHART_FUNCTIONS[name], list(tables)) for name, tables in catalog.CHART_TABLES.items()
}


def chart_tables() -> list[str]:
    """Every metric table some chart reads, in registry order."""
    return list(dict.fromkeys(t for _f, names in CHARTS.values() for t in names))


def translator(translations: gettext.NullTranslations | None) -> Translate:
    """The gettext function of a translations object (identity when None)."""
    return translations.gettext if translations is not None else (lambda msgid: msgid)


def render(
    names: Sequence[str],
    tables: Tables,
    labels: Labels,
    _: Translate,
    out_paths: Mapping[str, str | Path],
) -> None:
    """Draw the named charts and write each to its path as SVG."""
    unknown = [n for n in names if n not in CHARTS]
    if unknown:
        raise ConfigError(f"figures: unknown chart(s) {', '.join(unknown)}; known: {', '.join(CHARTS)}")
    for name in names:
        func, _sources = CHARTS[name]
        save_svg(func(tables, labels, _), out_paths[name])
