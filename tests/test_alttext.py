"""Alternative text of the charts and maps (issue 14, item 2): from the data, in the edition's
language, short, never a suppressed value; and in the built PDFs on every chart's /Figure.

The expected sentences below are worked out by hand from the small fixtures here (the numbers
formatted as the bulletin formats them: decimal comma and a narrow no-break space before % in
Russian, a no-break space between a number and its noun)."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hrd_bulletin import russian
from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.alttext import TEXTS, Words, describe
from hrd_bulletin.bulletin.alttext_incidents import VICTIM_PANELS
from hrd_bulletin.bulletin.alttext_words import LIMIT, fitted
from hrd_bulletin.i18n import get_translations
from russian_agreement import disagreements

NB, NN = "\u00a0", "\u202f"
SECRET = 9.87  # the risk of a suppressed region: never stated
REGIONS = {
    "en": {"AAA": "Astana", "BBB": "Pavlodar", "CCC": "Kostanay", "DDD": "Almaty"},
    "ru": {"AAA": "Астана", "BBB": "Павлодарская область", "CCC": "Костанайская область", "DDD": "Алматы"},
}


def words(lang: str) -> Words:
    return Words(lang, get_translations(lang), {"regions": REGIONS[lang]}, {"S1": "Season 1"})


def drawing(name: str, season: str | None = None) -> catalog.Drawing:
    return catalog.Drawing(catalog.FIGURES[name], season)


def attacks(org_suppressed: bool = False) -> pd.DataFrame:
    """Two kinds of attack in wave 2 (wave 1 must be ignored); p-values on the ``all`` rows."""
    rows = []
    for wave, kind, ind, org, all_, p in (
        (1, "threats", 0.9, 0.9, 0.9, 0.5),
        (2, "information", 0.405, 0.212, 0.328, 0.024),
        (2, "threats", 0.456, 0.192, 0.351, 0.003),
    ):
        for group, share in (("individual", ind), ("organization", org), ("all", all_)):
            hidden = org_suppressed and group == "organization"
            rows.append(
                {
                    "wave": wave,
                    "attack_type": kind,
                    "group": group,
                    # A suppressed row keeps a value here, to prove the text masks it itself.
                    "share": 0.777 if hidden else share,
                    "p_value": (None if org_suppressed else p) if group == "all" else None,
                    "suppressed": hidden,
                }
            )
    return pd.DataFrame(rows)


def regional() -> pd.DataFrame:
    rows = [
        ("AAA", 3.5, 6.6, False),
        ("BBB", 2.3, 1.3, False),
        ("CCC", None, SECRET, True),
        ("DDD", 2.9, 2.0, False),
        ("all", 2.8, 2.9, False),
    ]
    df = pd.DataFrame(rows, columns=["region", "threats", "risk", "suppressed"])
    df.insert(0, "wave", 2)
    return pd.concat([df.assign(wave=1, threats=1.0, risk=1.0), df], ignore_index=True)


def courts_tables() -> dict[str, pd.DataFrame]:
    state = pd.DataFrame(
        [
            {"season": "S1", "incidents": 391, "ignored": 356, "formal": 17, "effective": 18, "share_ignored": 0.91},
            {
                "season": "all",
                "incidents": 967,
                "ignored": 880,
                "formal": 43,
                "effective": 44,
                "share_ignored": 0.910031,
            },
        ]
    )
    courts = pd.DataFrame(
        [
            {"season": "S1", "decisions": 27, "against_hrd": 20, "for_hrd": 2},
            {"season": "all", "decisions": 79, "against_hrd": 60, "for_hrd": 6},
        ]
    )
    return {"state_response": state, "court_outcomes": courts}


def alt(name: str, tables: dict[str, pd.DataFrame], lang: str, season: str | None = None) -> Any:
    return describe(drawing(name, season), tables, words(lang), "Caption")


# --------------------------------------------------------------------------- hand-worked sentences


def test_attack_prevalence_says_both_groups_and_the_comparison() -> None:
    tables = {"attack_prevalence": attacks()}
    assert alt("attack_prevalence", tables, "en").alt == (
        "Survey wave 2, defenders who suffered each kind of attack: threats — 45.6% of individuals and "
        "19.2% of organisations; information attacks — 40.5% of individuals and 21.2% of organisations. "
        "Individuals suffer every kind more often than organisations, and every difference is significant."
    )
    assert alt("attack_prevalence", tables, "ru").alt == (
        "Волна опроса 2, доля правозащитников, подвергшихся атакам каждого вида: угрозы — "
        f"45,6{NN}% физических лиц и 19,2{NN}% организаций; информационные атаки — 40,5{NN}% физических "
        f"лиц и 21,2{NN}% организаций. Физические лица подвергаются атакам каждого вида чаще "
        "организаций, и все различия значимы."
    )


def test_index_map_names_highest_lowest_and_the_withheld_region() -> None:
    tables = {"regional_indices": regional()}
    assert alt("map_threats", tables, "en").alt == (
        "Threats index by region, survey wave 2: highest in Astana (3.5) and in Almaty (2.9); lowest in "
        f"Pavlodar (2.3); Kazakhstan: 2.8. 1{NB}region withheld (too few respondents)."
    )
    assert alt("map_threats", tables, "ru").alt == (
        f"Индекс угроз по регионам, волна опроса 2: выше всего — в{NB}Астане (3,5) и в{NB}Алматы (2,9); "
        f"ниже всего — в{NB}Павлодарской области (2,3); Казахстан — 2,8. Не показано: 1{NB}регион "
        "(слишком мало респондентов)."
    )


def test_state_response_and_courts_in_whole_sentences() -> None:
    tables = courts_tables()
    assert alt("state_response_courts", tables, "en").alt == (
        f"Over the whole period the state ignored 880 of 967{NB}incidents (91.0%), responded formally to 43 "
        f"and effectively to 44. Of 79{NB}court decisions, 60 went against the defender and 6 in the "
        "defender's favour."
    )
    assert alt("state_response_courts", tables, "ru").alt == (
        f"За весь период государство оставило без ответа 880 из 967{NB}происшествий (91,0{NN}%), "
        f"формально отреагировало на 43, действенно — на 44. Из 79{NB}судебных решений против "
        "правозащитника вынесено 60, в его пользу — 6."
    )


def test_region_names_decline_in_the_locative() -> None:
    # «в Костанайской область» was the engine's reading of the adjective as a surname.
    assert russian.in_place("Костанайская область") == f"в{NB}Костанайской области"
    assert russian.inflect("Частное лицо", "gent") == "частного лица"


# --------------------------------------------------------------------------- disclosure, length


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_suppressed_cell_is_never_stated(lang: str) -> None:
    for name in ("map_risk", "map_threats"):
        text = alt(name, {"regional_indices": regional()}, lang)
        for shown in ("9.9", "9,9", "9.87", "9,87"):
            assert shown not in text.alt and shown not in text.long
    text = alt("attack_prevalence", {"attack_prevalence": attacks(org_suppressed=True)}, lang)
    for shown in ("77.7", "77,7"):
        assert shown not in text.alt and shown not in text.long
    # Without the organisations' shares there is no comparison between the groups.
    assert ("threats — 35.1% of all defenders" if lang == "en" else f"угрозы — 35,1{NN}% всех") in text.alt
    assert "significant" not in text.alt and "значим" not in text.alt


def test_a_long_list_is_cut_to_the_limit_and_kept_whole_in_the_long_description() -> None:
    items = [f"item {i} — {'x' * 40}" for i in range(10)]
    text = fitted("Head: ", items, ["After."])
    assert len(text.alt) <= LIMIT
    assert text.alt == "Head: " + "; ".join(items[:5]) + ". After."
    assert text.long == "Head: " + "; ".join(items) + ". After."


def test_every_figure_of_the_catalog_has_a_text_and_the_victims_map_its_panels() -> None:
    from hrd_bulletin.bulletin.maps_victims import PANELS

    assert set(TEXTS) == set(catalog.FIGURES)
    assert VICTIM_PANELS == PANELS


def test_no_data_is_said_not_left_empty() -> None:
    empty = {"regional_indices": regional().iloc[0:0]}
    assert alt("map_risk", empty, "en").alt == "Caption: no data."


# --------------------------------------------------------------------------- the built documents


def _figures_of(pdf: Path) -> list[str | None]:
    """The /Alt of every /Figure of the PDF's structure tree (None where it has none)."""
    import pikepdf

    found: list[str | None] = []
    with pikepdf.open(pdf) as doc:
        stack = [doc.Root.StructTreeRoot]
        seen: set[tuple[int, int]] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if node.get("/S") == "/Figure":
                found.append(str(node["/Alt"]) if "/Alt" in node else None)
            if "/K" in node:
                stack.append(node["/K"])
    return found


def _html_charts(html: str) -> list[tuple[str, str, str]]:
    """(alt, caption, long description) of every chart and map of an HTML edition."""
    out = []
    for block in re.findall(r'<figure class="chart">(.*?)</figure>', html, flags=re.S):
        alt_text = html_lib.unescape(re.search(r'alt="([^"]*)"', block).group(1))
        described = re.search(r'aria-describedby="([^"]+)"', block).group(1)
        caption = re.search(r"<figcaption>.*?</span>(.*?)<span", block, flags=re.S).group(1)
        long = re.search(rf'<p id="{described}" hidden>(.*?)</p>', block, flags=re.S).group(1)
        out.append((alt_text, " ".join(html_lib.unescape(caption).split()), html_lib.unescape(long)))
    return out


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_chart_of_the_built_pdf_has_its_alt_text(bundled: Path, lang: str) -> None:
    build = bundled / "reports" / "build"
    charts = _html_charts((build / f"bulletin_{lang}.html").read_text(encoding="utf-8"))
    seasons = 2  # the bundled config's
    assert len(charts) == len(catalog.bulletin_drawings([f"S{i + 1}" for i in range(seasons)]))
    alts = [a for a, _c, _l in charts]
    assert len(set(alts)) == len(alts)
    for alt_text, caption, long in charts:
        assert alt_text and alt_text != caption and len(alt_text) <= LIMIT, alt_text
        # The long description says at least as much, and where the full table is.
        assert len(long) > len(alt_text) and ("reviewers" in long or "рецензентов" in long), long
        has_cyrillic = re.search("[А-Яа-яЁё]", alt_text) is not None
        assert has_cyrillic == (lang == "ru"), alt_text
    in_pdf = _figures_of(build / f"bulletin_{lang}.pdf")
    # Every chart and map is a /Figure carrying its alternative text; no /Figure has a caption as /Alt.
    assert sorted(a for a in in_pdf if a in set(alts)) == sorted(alts)
    assert not {c for _a, c, _l in charts} & set(in_pdf)
    if lang == "ru":
        assert [str(d) for d in disagreements("\n".join(alts + [long for _a, _c, long in charts]))] == []
