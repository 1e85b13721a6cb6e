"""The "What changed since the last edition" section: first edition, counts, every revision."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from hrd_bulletin.bulletin.context.editions import edition_changes
from hrd_bulletin.bulletin.html import make_environment

# A comparison by hand: two revisions of season 2 (+4 and +1), one new season-3 value, one
# unchanged value.
CHANGES = pd.DataFrame(
    {
        "figure_id": ["incidents.by_region.S2.ALA", "incidents.by_season.S2", "incidents.by_season.S3", "x.y"],
        "column": ["incidents"] * 4,
        "table": ["incidents_by_region", "incidents_by_season", "incidents_by_season", "t"],
        "unit": ["count"] * 4,
        "status": ["revised", "revised", "new", "unchanged"],
        "previous": [120.0, 576.0, None, 3.0],
        "current": [121.0, 580.0, 610.0, 3.0],
        "abs_change": [1.0, 4.0, None, 0.0],
        "previous_edition": ["2017"] * 4,
        "current_edition": ["2018"] * 4,
    }
)


def _text(lang: str, editions: dict) -> str:
    env = make_environment(lang)
    template = env.from_string('{% from "editions.html" import changes_section with context %}{{ changes_section() }}')
    # Collapse the markup's spaces and line breaks, not the no-break spaces after numbers.
    return re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", " ", template.render(editions=editions, lang=lang)))


def test_without_a_previous_edition_the_bulletin_says_it_is_the_first() -> None:
    assert edition_changes(None) == {"first": True}
    assert "This is the first edition of the bulletin" in _text("en", edition_changes(None))


def test_counts_and_revisions_largest_first() -> None:
    context = edition_changes(CHANGES)
    assert context["counts"] == {"new": 1, "revised": 2, "changed": 0, "discontinued": 0, "unchanged": 1}
    assert [r["figure_id"] for r in context["revised"]] == ["incidents.by_season.S2", "incidents.by_region.S2.ALA"]
    assert [r["figure_id"] for r in context["differing"]] == [
        "incidents.by_region.S2.ALA",
        "incidents.by_season.S2",
        "incidents.by_season.S3",
    ]


def test_the_sentence_agrees_in_russian_and_reads_in_english() -> None:
    ru = _text("ru", edition_changes(CHANGES))
    assert (
        "содержат 1\u00a0новое значение, 2\u00a0пересмотренных значения за периоды, которые охватывают оба "
        "выпуска, 0\u00a0изменившихся значений за весь период, 0\u00a0исключённых значений и 1\u00a0неизменное "
        "значение."
    ) in ru
    en = _text("en", edition_changes(CHANGES))
    assert "Compared with the previous edition (2017), this edition&#39;s open data hold 1\u00a0new value, " in en
    assert "2\u00a0revised values for periods both editions cover, 0\u00a0changed whole-period values" in en
    assert "incidents.by_season.S2 incidents 576 580 +4" in en


def test_the_bundled_bulletin_is_the_first_edition(bundled) -> None:
    html = (Path(bundled) / "reports" / "build" / "bulletin_ru.html").read_text(encoding="utf-8")
    assert "Это первый выпуск бюллетеня" in html


def test_denominators_are_counted_not_listed_in_the_bulletin() -> None:
    # Two threat types of season 2 share one denominator (n = 639 -> 645): a row each.
    rows = pd.DataFrame(
        {
            "figure_id": ["incidents.threat_types.S2.a", "incidents.threat_types.S2.a", "incidents.threat_types.S2.b"],
            "column": ["violations", "n", "n"],
            "table": ["threat_types"] * 3,
            "unit": ["count"] * 3,
            "status": ["revised"] * 3,
            "previous": [10.0, 639.0, 639.0],
            "current": [12.0, 645.0, 645.0],
            "abs_change": [2.0, 6.0, 6.0],
            "previous_edition": ["2017"] * 3,
            "current_edition": ["2018"] * 3,
        }
    )
    context = edition_changes(rows)
    assert [(r["figure_id"], r["column"]) for r in context["revised"]] == [
        ("incidents.threat_types.S2.a", "violations")
    ]
    assert context["revised_denominators"] == 2
    assert len(context["differing"]) == 3
    assert "The table lists 1\u00a0value; the other 2\u00a0denominators" in _text("en", context)


def test_the_revisions_note_is_grouped_by_table_in_the_releases_order() -> None:
    # incidents_by_season comes before incidents_by_region in the release (release.tables.ID_PREFIX).
    groups = edition_changes(CHANGES, "ru")["revised_by_table"]
    assert [(g["table"], [r["figure_id"] for r in g["rows"]]) for g in groups] == [
        ("incidents_by_season", ["incidents.by_season.S2"]),
        ("incidents_by_region", ["incidents.by_region.S2.ALA"]),
    ]
    assert [g["title"] for g in groups] == ["Происшествия и нарушения по сезонам", "Происшествия по регионам и сезонам"]
    en = _text("en", edition_changes(CHANGES, "en"))
    assert "Incidents and violations by season ( incidents_by_season.csv , 1\u00a0revised value)" in en


def test_revised_shares_read_in_per_cent_and_points() -> None:
    rows = pd.DataFrame(
        {
            "figure_id": ["incidents.victims.S2.journalist", "incidents.by_season.S2"],
            "column": ["share", "rate_ratio_p_value"],
            "table": ["victim_categories", "incidents_by_season"],
            "unit": ["proportion", "p-value"],
            "status": ["revised"] * 2,
            "previous": [0.63, 0.00031],
            "current": [0.625, 0.00029],
            "abs_change": [-0.005, -0.00002],
            "previous_edition": ["2017"] * 2,
            "current_edition": ["2018"] * 2,
        }
    )
    en = _text("en", edition_changes(rows, "en"))
    assert "incidents.victims.S2.journalist share 63.00% 62.50% −0.50\u00a0pp" in en
    assert "rate_ratio_p_value 0.0003 0.0003 —" in en
    ru = _text("ru", edition_changes(rows, "ru"))
    assert "63,00\u202f% 62,50\u202f% −0,50\u00a0п.\u00a0п." in ru
