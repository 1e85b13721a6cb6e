"""Charts: drawn from small hand-made metric tables, localised, translated, byte-stable."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Annotation, Text

from hrd_bulletin.bulletin import catalog, charts, style
from hrd_bulletin.bulletin.charts import CHARTS, Labels
from hrd_bulletin.bulletin.figures import run_figures
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.i18n import get_translations
from hrd_bulletin.io import write_table

NNBSP = "\u202f"

SEASONS = [
    {
        "id": "S1",
        "start": "2015-08-01",
        "end": "2016-04-30",
        "label_ru": "Первый сезон (август 2015 – апрель 2016)",
        "label_en": "Season 1 (August 2015 – April 2016)",
    },
    {
        "id": "S2",
        "start": "2016-05-01",
        "end": "2017-03-31",
        "label_ru": "Второй сезон (май 2016 – март 2017)",
        "label_en": "Season 2 (May 2016 – March 2017)",
    },
]


def _reference() -> dict[str, pd.DataFrame]:
    types = [
        (f"t{i:02d}", "information" if i % 2 else "judicial", f"вид угрозы {i}", f"threat type {i}")
        for i in range(1, 13)
    ]
    return {
        "regions": pd.DataFrame(
            {
                "code": ["AST", "ALA"],
                "name_ru": ["Астана", "Алматы"],
                "name_en": ["Astana", "Almaty"],
                "kind": ["city", "city"],
            }
        ),
        "threat_types": pd.DataFrame(types, columns=["code", "category", "label_ru", "label_en"]),
        "threat_categories": pd.DataFrame(
            {
                "code": ["information", "judicial"],
                "label_ru": ["Ограничение доступа к информации и свободы слова", "Судебное и правовое преследование"],
                "label_en": ["Restrictions on information and free expression", "Judicial and legal persecution"],
            }
        ),
        "victim_categories": pd.DataFrame(
            {
                "code": ["journalist", "hrd"],
                "label_ru": [
                    "Журналист, редакция, СМИ, блогер",
                    "Правозащитник, член или глава правозащитной организации",
                ],
                "label_en": [
                    "Journalist, editorial office, media outlet, blogger",
                    "Human-rights defender, member or head of a human-rights organisation",
                ],
            }
        ),
        "actors": pd.DataFrame(
            {
                "code": ["police", "private_person"],
                "label_ru": ["Полиция", "Частное лицо"],
                "label_en": ["Police", "Private person"],
                "is_state": pd.array([True, False], dtype="boolean"),
            }
        ),
    }


def _survey_tables() -> dict[str, pd.DataFrame]:
    prevalence = pd.DataFrame(
        {
            "wave": [1, 2, 2, 2, 2, 2, 2],
            "attack_type": ["information"] + ["information"] * 3 + ["physical"] * 3,
            "group": ["all", "individual", "organization", "all", "individual", "organization", "all"],
            "n": [10, 79, 52, 131, 79, 52, 131],
            "n_attacked": [1, 32, 11, 43, 19, 9, 28],
            # wave 1 has 0.111: it must not be drawn (latest wave only).
            "share": [0.111, 0.405, 0.212, 0.328, 0.241, 0.173, 0.214],
            "ci_low": [0.02, 0.30, 0.12, 0.25, 0.16, 0.09, 0.15],
            "ci_high": [0.43, 0.51, 0.34, 0.41, 0.35, 0.30, 0.29],
        }
    )
    likelihood = pd.DataFrame(
        {
            "wave": [2] * 8,
            "attack_type": ["reputational"] * 8,
            # The individual rows come first: only the pooled group may be drawn.
            "group": ["individual"] * 4 + ["all"] * 4,
            "level": [1, 2, 3, 4] * 2,
            "n": [79] * 4 + [131] * 4,
            "count": [1, 2, 3, 73, 7, 39, 56, 29],
            "share": [0.013, 0.025, 0.038, 0.924, 0.053, 0.298, 0.427, 0.222],
        }
    )
    share_rows = [
        ("gender", "female", 0.542),
        ("gender", "male", 0.458),
        ("ethnicity", "kazakh", 0.427),
        ("ethnicity", "russian", 0.42),
        ("ethnicity", "other", 0.153),
        ("education", "higher", 0.87),
        ("education", "vocational", 0.099),
        ("education", "secondary", 0.031),
        # The other answers come first: only "true" / "yes" may be drawn.
        ("has_alarm", "false", 0.748),
        ("has_alarm", "true", 0.252),
        ("secure_exchange", "no", 0.183),
        ("secure_exchange", "yes", 0.412),
    ]
    shares = pd.DataFrame(
        {
            "wave": [2] * len(share_rows),
            "item": [r[0] for r in share_rows],
            "value": [r[1] for r in share_rows],
            "group": ["all"] * len(share_rows),
            "n": [131] * len(share_rows),
            "count": [0] * len(share_rows),
            "share": [r[2] for r in share_rows],
        }
    )
    stats = pd.DataFrame(
        {
            "wave": [2, 2, 2],
            "item": ["experience_years"] * 3,
            "group": ["individual", "organization", "all"],
            "n": [79, 52, 131],
            "mean": [10.0, 10.7, 10.3],
            "median": [8.0, 9.0, 8.0],
            "min": [1.0, 1.0, 1.0],
            "max": [27.0, 69.0, 69.0],
        }
    )
    levels = pd.DataFrame(
        {
            "wave": [2] * 3,
            "index": ["threats"] * 3,
            "level": ["low", "medium", "high"],
            "group": ["all"] * 3,
            "n": [131] * 3,
            "count": [66, 60, 5],
            "share": pd.array([0.504, 0.458, 0.038], dtype="Float64"),
        }
    )
    # National values of the five indices in waves 1 and 2; Almaty's wave 1 is withheld.
    dyn_rows = [
        ("all", "threats", 2.62, 2.79),
        ("all", "vulnerability", 2.67, 2.69),
        ("all", "resources", 2.73, 2.60),
        ("all", "security", 3.42, 3.42),
        ("all", "risk", 2.57, 2.88),
        ("AST", "risk", 5.57, 6.81),
        ("ALA", "risk", None, 2.64),
    ]
    dynamics = pd.DataFrame(
        {
            "region": [r[0] for r in dyn_rows],
            "index": [r[1] for r in dyn_rows],
            "wave_from": [1] * len(dyn_rows),
            "wave_to": [2] * len(dyn_rows),
            "value_from": pd.array([r[2] for r in dyn_rows], dtype="Float64"),
            "value_to": pd.array([r[3] for r in dyn_rows], dtype="Float64"),
            "suppressed": [r[2] is None for r in dyn_rows],
        }
    )
    return {
        "index_dynamics": dynamics,
        "attack_prevalence": prevalence,
        "likelihood": likelihood,
        "survey_shares": shares,
        "survey_stats": stats,
        "index_levels": levels,
    }


def _event_tables() -> dict[str, pd.DataFrame]:
    by_season = pd.DataFrame(
        {
            "season": ["S1", "S2", "all"],
            "incidents": [391, 576, 967],
            "violations": [407, 639, 1046],
            "threat_types": [36, 56, 56],
            "threat_categories": [5, 7, 7],
            "new_threat_types": pd.array([36, 20, pd.NA], dtype="Int64"),
            "change_vs_previous": pd.array([pd.NA, 0.473, pd.NA], dtype="Float64"),
            "months": [9, 11, 20],
            "incidents_per_month": [43.444, 52.364, 48.35],
        }
    )
    victims = pd.DataFrame(
        {
            "season": ["S1", "S1", "S2", "S2", "all", "all"],
            "victim_category": ["journalist", "hrd"] * 3,
            "incidents": [211, 82, 363, 99, 574, 181],
            "n": [391, 391, 576, 576, 967, 967],
            "share": pd.array([0.54, 0.21, 0.63, 0.172, 0.594, 0.187], dtype="Float64"),
        }
    )
    # Twelve types over the whole period with counts 120, 110, ..., 10: t11 and t12 are not top ten.
    counts = [120 - 10 * i for i in range(12)]
    threat_types = pd.DataFrame(
        {
            "season": ["all"] * 12,
            "threat_type": [f"t{i:02d}" for i in range(1, 13)],
            "category": ["information" if i % 2 else "judicial" for i in range(1, 13)],
            "violations": counts,
            "n": [sum(counts)] * 12,
            "share": [c / 780 for c in counts],
            "rank": list(range(1, 13)),
        }
    )
    sources = pd.DataFrame(
        {
            "season": ["S1", "S1", "S2", "S2", "all", "all"],
            "source_actor": ["police", "private_person"] * 3,
            "is_state": pd.array([True, False] * 3, dtype="boolean"),
            "incidents": [70, 44, 80, 58, 150, 102],
        }
    )
    response = pd.DataFrame(
        {
            "season": ["S1", "S2", "all"],
            "incidents": [391, 576, 967],
            "ignored": [356, 524, 880],
            "formal": [17, 26, 43],
            "effective": [18, 26, 44],
        }
    )
    courts = pd.DataFrame(
        {
            "season": ["S1", "S2", "all"],
            "decisions": [27, 52, 79],
            "against_hrd": [20, 40, 60],
            "for_hrd": [2, 4, 6],
            "pending": [3, 5, 8],
            "other": [2, 3, 5],
        }
    )
    media = pd.DataFrame(
        {
            "season": ["S1", "S1", "S1", "S2", "S2", "all"],
            "channel": ["press", "hrd_site", "all", "press", "all", "all"],
            "region": ["all"] * 6,
            "tone": ["all", "all", "hostile", "all", "all", "all"],
            "materials": [122, 14, 1, 143, 175, 311],
        }
    )
    return {
        "incidents_by_season": by_season,
        "victim_categories": victims,
        "threat_types": threat_types,
        "threat_sources": sources,
        "state_response": response,
        "court_outcomes": courts,
        "media_summary": media,
    }


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {**_survey_tables(), **_event_tables()}


@pytest.fixture(scope="module")
def ru() -> Labels:
    return Labels.from_reference(_reference(), SEASONS, "ru")


@pytest.fixture(scope="module")
def en() -> Labels:
    return Labels.from_reference(_reference(), SEASONS, "en")


def identity(msgid: str) -> str:
    return msgid


def texts(fig: Figure) -> list[str]:
    """Every text artist's string after a draw (tick labels are only set when drawn)."""
    FigureCanvasAgg(fig).draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


# --------------------------------------------------------------------------- style and SVG


def test_two_renders_give_identical_svg_without_date(tables, ru, tmp_path):
    for name in ("attack_prevalence", "portrait"):
        func = CHARTS[name]
        a, b = tmp_path / f"{name}_a.svg", tmp_path / f"{name}_b.svg"
        style.save_svg(func(tables, ru, identity), a)
        style.save_svg(func(tables, ru, identity), b)
        svg = a.read_bytes()
        assert svg == b.read_bytes()
        assert b"<dc:date>" not in svg
        assert b"<text" in svg
        assert not list(tmp_path.glob(".*.tmp"))


def test_style_sets_font_and_svg_params():
    with style.chart_style():
        assert matplotlib.rcParams["font.family"] == ["PT Sans"]
        assert matplotlib.rcParams["svg.fonttype"] == "none"
        assert matplotlib.rcParams["svg.hashsalt"] == "hrd-bulletin"
        # "PT Sans" is the package's file, even where the system has its own PT Sans.
        found = Path(font_manager.findfont("PT Sans"))
        bold = Path(font_manager.findfont(font_manager.FontProperties(family="PT Sans", weight="bold")))
    fonts = Path(style.__file__).parent / "fonts"
    assert found == fonts / "PTS55F.ttf" and bold == fonts / "PTS75F.ttf"
    assert pytest.approx(16 / 2.54) == style.FULL_WIDTH


def test_svg_text_names_the_bulletin_font(tmp_path):
    with style.chart_style():
        fig = Figure(figsize=(2, 1))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title("Угрозы по регионам", fontweight="normal")
        ax.text(0.5, 0.5, "Астана 6,8", ha="center", fontweight="bold")
    style.save_svg(fig, tmp_path / "t.svg")
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    # Text stays text, in the family the PDF binds to the package's PT Sans, PT Sans after it.
    assert ">Угрозы по регионам</text>" in svg and ">Астана 6,8</text>" in svg
    assert svg.count("font-family: 'Bulletin Sans', 'Bulletin Fallback', 'PT Sans', sans-serif") == 2
    assert "font-weight: 700" in svg
    assert "DejaVu" not in svg


def _lightness(color: str) -> float:
    """CIE L* of an sRGB hex colour (D65), written out here rather than taken from the style."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else 24389 / 27 * y


def test_lightness_helper_matches_known_values():
    assert _lightness("#000000") == pytest.approx(0.0)
    assert _lightness("#ffffff") == pytest.approx(100.0)
    assert _lightness("#777777") == pytest.approx(50.0, abs=0.1)


def test_categorical_palette_stays_apart_in_greyscale():
    # At most six hues, and any two at least 10 L* apart: told apart on a greyscale print.
    palette = style.CATEGORICAL
    assert 2 <= len(palette) <= 6 and len(set(palette)) == len(palette)
    values = sorted(_lightness(c) for c in palette)
    assert min(b - a for a, b in itertools.pairwise(values)) >= 10
    # The pair most charts use (first two) is far apart; the first is dark enough for white text.
    assert abs(_lightness(palette[0]) - _lightness(palette[1])) >= 30
    assert _lightness(palette[0]) < 35


def test_sequential_palette_steps_light_to_dark():
    values = [_lightness(c) for c in style.SEQUENTIAL]
    assert all(a - b >= 10 for a, b in itertools.pairwise(values))


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_renders_inside_its_frame(name, tables, ru):
    func, sources = CHARTS[name], catalog.FIGURES[name].tables
    fig = func({t: tables[t] for t in sources}, ru, identity)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    assert "No data" not in [t.get_text() for t in fig.findobj(Text)]
    box = fig.get_tightbbox(canvas.get_renderer())
    width, height = fig.get_size_inches()
    # Nothing drawn outside the page area of the figure (1/50 inch tolerance).
    assert box.x0 >= -0.02 and box.y0 >= -0.02
    assert box.x1 <= width + 0.02 and box.y1 <= height + 0.02


def _drawn(name, tables, labels):
    fig = CHARTS[name]({t: tables[t] for t in catalog.FIGURES[name].tables}, labels, identity)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, canvas.get_renderer()


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_text_lies_inside_the_figure(name, lang, tables, ru, en):
    fig, renderer = _drawn(name, tables, {"ru": ru, "en": en}[lang])
    width, height = fig.bbox.width, fig.bbox.height
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or id(text) in _undrawn_ticks(fig):
            continue
        box = text.get_window_extent(renderer)
        # Titles, subtitles, labels: none clipped at an edge (half a pixel of rounding).
        assert box.x0 >= -0.5 and box.y0 >= -0.5, text.get_text()
        assert box.x1 <= width + 0.5 and box.y1 <= height + 0.5, text.get_text()


def _undrawn_ticks(fig) -> set[int]:
    """Tick labels outside their axis' view limits: kept by matplotlib, never drawn."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_chart_uses_hatching(name, tables, en):
    fig, _renderer = _drawn(name, tables, en)
    hatched = [p for p in fig.findobj(Patch) if p.get_hatch()]
    assert hatched == []


# Charts whose key is an ordered scale or two dot colours: a small legend is the label there.
KEYED = {"likelihood", "index_levels", "index_dynamics"}


@pytest.mark.parametrize("name", sorted(set(CHARTS) - KEYED))
def test_directly_labelled_charts_have_no_legend(name, tables, en):
    fig, _renderer = _drawn(name, tables, en)
    assert fig.findobj(Legend) == []


def test_interval_lines_are_thin_light_and_never_cross_a_value_label(tables, en):
    fig, renderer = _drawn("attack_prevalence", tables, en)
    lines = [c for c in fig.findobj(LineCollection) if len(c.get_segments())]
    assert lines, "no interval lines drawn"
    for collection in lines:
        assert max(collection.get_linewidths()) <= 1.0
        assert _lightness(to_hex(collection.get_colors()[0])) >= 50
        ax = collection.axes
        labels = [a.get_window_extent(renderer) for a in ax.texts if isinstance(a, Annotation)]
        assert len(labels) == len(collection.get_segments())
        for (x0, y0), (x1, y1) in collection.get_segments():
            (px0, py), (px1, _py) = ax.transData.transform([(x0, y0), (x1, y1)])
            for box in labels:
                crosses = box.y0 <= py <= box.y1 and px0 <= box.x1 and box.x0 <= px1
                assert not crosses


def test_a_dwarfing_category_is_drawn_broken_with_its_true_value(tables, en):
    fig, _renderer = _drawn("state_response_courts", tables, en)
    strings = [t.get_text() for t in fig.findobj(Text)]
    # Ignored (356, 524) against formal/effective (17-26): the axis is scaled to the small ones.
    assert "356" in strings and "524" in strings and "17" in strings
    response_axes = [ax for ax in fig.findobj(lambda a: hasattr(a, "get_xlim")) if "Ignored" in _ticks(ax)]
    assert len(response_axes) == 1
    for ax in {a for a in fig.axes if a.get_shared_x_axes().joined(a, response_axes[0])}:
        assert 26 < ax.get_xlim()[1] < 356


def _ticks(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_threat_categories_are_headings_over_bars_of_one_colour(tables, en):
    fig, _renderer = _drawn("top_threat_types", tables, en)
    ax = fig.axes[0]
    headings = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    # The glossary's terms of the category codes (bulletin/glossary.csv), not the fixture's labels.
    assert headings == ["Restrictions on information and freedom of expression", "Judicial and legal harassment"]
    bars = sorted((r for r in ax.patches if isinstance(r, Rectangle) and r.get_width() > 0), key=lambda r: r.get_y())
    # Types t01, t03, ... (information: 120, 100, 80, 60, 40) then t02, ... (judicial: 110, ..., 30).
    assert [round(r.get_width()) for r in bars] == [120, 100, 80, 60, 40, 110, 90, 70, 50, 30]
    colours = [to_hex(r.get_facecolor()) for r in bars]
    assert set(colours[:5]) == {"#1f3f63"} and set(colours[5:]) == {"#d4863a"}


def test_index_dynamics_compares_the_two_waves(tables, en, ru):
    strings = texts(charts.index_dynamics(tables, en, identity))
    assert {"2.62", "2.79", "2.57", "2.88", "5.57", "6.81", "2.64"} <= set(strings)
    # Almaty's wave 1 is withheld: a dash, not a number.
    assert "—" in strings
    assert "Survey wave 1" in strings and "Survey wave 2" in strings
    regions = texts(charts.index_dynamics(tables, ru, identity))
    assert "Астана" in regions and "2,88" in regions
    ranked = [t for t in regions if t in ("Kazakhstan", "Астана", "Алматы")]
    # Kazakhstan first, then the regions from the highest risk in the later wave down.
    assert ranked == ["Kazakhstan", "Астана", "Алматы"]


def test_the_dynamics_chart_of_two_waves_says_the_two_survey_waves(tables, en):
    strings = texts(charts.index_dynamics(tables, en, identity))
    assert "The indices in the two survey waves" in strings


def test_the_dynamics_chart_of_a_longer_survey_names_the_latest_two_waves(tables, en, ru):
    # Waves 2 and 3 of a three-wave survey (waves are numbered from 1): the title names them.
    later = {**tables, "index_dynamics": tables["index_dynamics"].assign(wave_from=2, wave_to=3)}
    strings = texts(charts.index_dynamics(later, en, identity))
    assert "The indices in survey waves 2 and 3" in strings
    assert "The indices in the two survey waves" not in strings
    assert "Survey wave 2" in strings and "Survey wave 3" in strings and "Survey wave 1" not in strings
    russian = texts(charts.index_dynamics(later, ru, get_translations("ru").gettext))
    assert "Индексы в 2-й и 3-й волнах опроса" in russian


def test_the_dynamics_chart_has_a_slot_in_part5():
    figure = catalog.FIGURES["index_dynamics"]
    assert (figure.kind, figure.part, figure.slot) == ("chart", "part5", "dynamics")
    template = Path(catalog.__file__).parent / "templates" / "part5_regional.html"
    assert 'charts(figures.part5, "dynamics")' in template.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(CHARTS))
def test_zero_row_tables_give_a_no_data_note(name, tables, en):
    func, sources = CHARTS[name], catalog.FIGURES[name].tables
    empty = {t: tables[t].iloc[0:0] for t in sources}
    assert "No data" in texts(func(empty, en, identity))


def test_missing_table_gives_a_no_data_note(en):
    assert "No data" in texts(charts.attack_prevalence({}, en, identity))


def test_season_without_incidents_still_renders(en):
    victims = pd.DataFrame(
        {
            "season": ["S1", "S1", "S2", "S2", "all", "all"],
            "victim_category": ["journalist", "hrd"] * 3,
            "incidents": [3, 1, 0, 0, 3, 1],
            "n": [4, 4, 0, 0, 4, 4],
            "share": pd.array([0.75, 0.25, pd.NA, pd.NA, 0.75, 0.25], dtype="Float64"),
        }
    )
    strings = texts(charts.victim_categories({"victim_categories": victims}, en, identity))
    # The config's label, with a no-break space before the range's dash (it never starts a line).
    assert "Season 2 (May 2016\u00a0– March 2017)" in strings
    assert "75.0%" in strings
    assert "No data" not in strings


# --------------------------------------------------------------------------- language


def test_cyrillic_labels_reach_the_chart(tables, ru):
    sources = texts(charts.threat_sources(tables, ru, identity))
    assert "Полиция" in sources and "Частное лицо" in sources
    assert "Первый сезон (август 2015\u00a0– апрель 2016)" in sources
    victims = " ".join(texts(charts.victim_categories(tables, ru, identity)))
    assert "Журналист, редакция, СМИ," in victims


def test_numbers_use_decimal_comma_in_russian_and_point_in_english(tables, ru, en):
    ru_texts = texts(charts.attack_prevalence(tables, ru, identity))
    en_texts = texts(charts.attack_prevalence(tables, en, identity))
    assert f"32,8{NNBSP}%" in ru_texts and f"40,5{NNBSP}%" in ru_texts
    assert "32.8%" in en_texts and "40.5%" in en_texts
    assert not any("32.8" in t for t in ru_texts)
    # The wave-1 row (11,1 %) is not the latest wave.
    assert not any("11,1" in t for t in ru_texts)
    per_month = texts(charts.incidents_by_season(tables, ru, identity))
    assert "43,4" in per_month and "52,4" in per_month


def test_translator_is_applied_to_fixed_texts(tables, en):
    fig = charts.attack_prevalence(tables, en, str.upper)
    strings = texts(fig)
    assert fig.get_suptitle() == "DEFENDERS WHO SUFFERED ATTACKS OR THREATS, BY TYPE"
    assert "INDIVIDUAL DEFENDERS (n\u00a0=\u00a079)" in strings
    assert "INFORMATION ATTACKS" in strings
    levels = texts(charts.likelihood(tables, en, str.upper))
    assert {"RULED OUT", "UNLIKELY", "LIKELY", "HIGHLY LIKELY"} <= set(levels)
    assert "NO DATA" in texts(charts.media({}, en, str.upper))


# --------------------------------------------------------------------------- selection


def test_top_threat_types_keeps_the_ten_largest(tables, en):
    strings = texts(charts.top_threat_types(tables, en, identity))
    assert "Threat type 10" in strings and "30" in strings
    assert "Threat type 11" not in strings and "Threat type 12" not in strings
    assert "Judicial and legal harassment" in strings


def test_likelihood_uses_the_pooled_group(tables, en):
    strings = texts(charts.likelihood(tables, en, identity))
    assert "42.7%" in strings and "22.2%" in strings
    assert "92.4%" not in strings


def test_security_resources_reads_yes_answers(tables, en):
    strings = texts(charts.security_resources(tables, en, identity))
    assert "25.2%" in strings and "41.2%" in strings
    assert "74.8%" not in strings and "18.3%" not in strings


def test_media_reads_a_missing_cube_cell_as_zero(tables, en):
    fig = charts.media(tables, en, identity)
    values = [a.get_text() for a in fig.findobj(Annotation) if a.get_text().isdigit()]
    # One panel per season. Channels present: press (122, 143) and own sites (14, none in S2 = 0);
    # social has no row at all and is left out. Tones: only hostile (1 in S1, none in S2 = 0).
    assert values == ["122", "14", "143", "0", "1", "0"]


# --------------------------------------------------------------------------- labels and stage


def test_labels_from_reference():
    ru = Labels.from_reference(_reference(), SEASONS, "ru")
    en = Labels.from_reference(_reference(), SEASONS, "en")
    assert ru.region("AST") == "Астана" and en.region("AST") == "Astana"
    assert ru.actor("police") == "Полиция" and en.victim_category("hrd").startswith("Human rights defender")
    assert en.season("S2") == "Season 2 (May 2016\u00a0– March 2017)"
    assert en.region("XXX") == "XXX"
    assert ru.locale == "ru"
    assert ru.percent(0.328) == f"32,8{NNBSP}%" and en.percent(0.3285) == "32.9%"
    assert ru.number(1046) == "1\u00a0046"
    with pytest.raises(ConfigError):
        Labels.from_reference(_reference(), SEASONS, "de")


def test_the_stage_entry_writes_the_requested_charts(tables, tmp_path):
    inputs = {}
    for name in ("attack_prevalence", "threat_types", "victim_categories"):
        inputs[name] = str(tmp_path / f"{name}.parquet")
        write_table(tables[name], inputs[name])
    reference = _reference()
    inputs["reference"] = [str(tmp_path / "reference" / f"{name}.parquet") for name in catalog.REFERENCE_TABLES]
    for name, path in zip(catalog.REFERENCE_TABLES, inputs["reference"]):
        write_table(reference[name], path)
    figures = ["attack_prevalence", "top_threat_types"]
    params = {"figures": figures, "langs": ["en"], "seasons": SEASONS, "report_dir": str(tmp_path / "out")}
    run_figures(inputs, {}, params)
    for name in figures:
        path = catalog.figure_path(tmp_path / "out", "en", name)
        assert Path(path).read_text(encoding="utf-8").startswith("<?xml")
    with pytest.raises(ConfigError, match="unknown figure"):
        run_figures(inputs, {}, {**params, "figures": ["nonsense"]})
    with pytest.raises(ConfigError, match="likelihood"):
        run_figures(inputs, {}, {**params, "figures": ["likelihood"]})


def test_the_catalog_names_each_charts_source_tables():
    assert set(CHARTS) == {name for name, f in catalog.FIGURES.items() if f.kind == "chart"}
    assert catalog.FIGURES["state_response_courts"].tables == ("state_response", "court_outcomes")
    assert catalog.FIGURES["top_threat_types"].tables == ("threat_types",)
    assert {t for name in CHARTS for t in catalog.FIGURES[name].tables} == {
        "attack_prevalence",
        "likelihood",
        "survey_shares",
        "survey_stats",
        "incidents_by_season",
        "victim_categories",
        "threat_types",
        "threat_sources",
        "state_response",
        "court_outcomes",
        "media_summary",
        "index_levels",
        "index_dynamics",
    }


def test_every_figure_is_drawn_by_exactly_one_job():
    jobs = [name for names in catalog.FIGURE_JOBS.values() for name in names]
    assert sorted(jobs) == sorted(catalog.FIGURES)


def test_chart_names_cover_the_vocabulary():
    from hrd_bulletin.bulletin.charts import labels
    from hrd_bulletin.contract import vocabulary

    assert tuple(labels.GROUP_NAMES) == vocabulary.GROUPS_AND_ALL
    assert tuple(labels.ATTACK_NAMES) == vocabulary.PREVALENCE_TYPES
    assert tuple(labels.INDEX_NAMES) == vocabulary.INDICES
    assert tuple(labels.CHANNEL_NAMES) == vocabulary.CHANNELS
    assert labels.GROUP_NAMES["organization"] == "Organisations"
    assert labels.TONE_NAMES["uncoded"] == "Not coded"


def test_babel_extracts_the_chart_msgids():
    from babel.messages.extract import extract_from_file

    msgids = {m[1] for path in Path(charts.__file__).parent.glob("*.py") for m in extract_from_file("python", path)}
    # Texts built in f-strings are invisible to Babel; these must still be found.
    assert {
        "Survey wave",
        "all respondents",
        "No data",
        "Individual defenders",
        "Likely",
        "Share of respondents with at least one attack; thin lines: 95-percent confidence interval",
    } <= msgids
