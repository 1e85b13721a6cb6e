"""Bulletin rendering: context from metric tables, autoescape, the URL fetcher, reproducible PDF."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.bulletin.commentary import SECTIONS
from hrd_bulletin.bulletin.context import RenderError, build_context
from hrd_bulletin.bulletin.html import TEMPLATES_DIR, render_html, self_contained_html
from hrd_bulletin.bulletin.pdf import OUTPUT_MODE, import_weasyprint, make_fetcher, render_pdf, source_date_epoch
from hrd_bulletin.bulletin.report import run_report, run_review
from hrd_bulletin.contract.vocabulary import INDICES
from hrd_bulletin.io import atomic_write, write_table

NNBSP = "\u202f"
SEASONS = [
    {"id": "S1", "start": "2015-08-01", "end": "2016-04-30", "label_ru": "Первый сезон", "label_en": "Season 1"},
    {"id": "S2", "start": "2016-05-01", "end": "2017-03-31", "label_ru": "Второй сезон", "label_en": "Season 2"},
]
HOSTILE_SCRIPT = "<script>alert(1)</script>"
SECRET_VALUE = 9.87  # the risk of a suppressed region: must never be printed
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="120" height="60" fill="#456f9a"/></svg>'
)


# --------------------------------------------------------------------------- fixture tables


def _survey_shares() -> pd.DataFrame:
    rows: list[tuple[str, str, str, int, int]] = [
        ("respondent_type", "individual", "all", 6, 10),
        ("respondent_type", "organization", "all", 4, 10),
        ("gender", "female", "all", 6, 10),
        ("gender", "male", "all", 4, 10),
        ("ethnicity", "kazakh", "all", 5, 10),
        ("ethnicity", "russian", "all", 4, 10),
        ("ethnicity", "other", "all", 1, 10),
        ("education", "higher", "all", 8, 10),
        ("education", "vocational", "all", 1, 10),
        ("education", "secondary", "all", 1, 10),
        ("civic_activist", "true", "individual", 3, 6),
        ("employment", "labour_contract", "individual", 1, 6),
        ("employment", "service_contract", "individual", 1, 6),
        ("employment", "sole_proprietor", "individual", 1, 6),
        ("specializations", "civil", "all", 7, 10),
        ("specializations", "hiv", "all", 2, 10),
        ("media_access", "true", "individual", 5, 6),
        ("cooperates_with_state", "true", "organization", 4, 4),
        ("security_training", "false", "all", 6, 10),
        ("needs_training", "true", "all", 7, 10),
        ("needs_information", "true", "all", 6, 10),
        ("police_appeal", "true", "individual", 2, 6),
        ("police_appeal", "true", "organization", 0, 4),
        ("police_appeal_result", "no_action", "all", 2, 2),
        ("police_appeal_result", "no_violation_found", "all", 0, 2),
        ("police_appeal_result", "action_taken", "all", 0, 2),
        ("coalition_member", "yes", "all", 1, 10),
        ("coalition_member", "no", "all", 7, 10),
        ("coalition_member", "unaware", "all", 2, 10),
        ("coalition_member", "yes", "individual", 1, 6),
        ("coalition_member", "yes", "organization", 0, 4),
    ]
    for item, value in (
        ("has_security_protocol", "false"),
        ("has_alarm", "false"),
        ("access_locks", "false"),
        ("access_secure_comms", "false"),
        ("needs_financial_advice", "true"),
    ):
        rows += [(item, value, "all", 5, 10), (item, value, "individual", 4, 6), (item, value, "organization", 1, 4)]
    for group, n, counts in (("individual", 6, (3, 2, 1)), ("organization", 4, (2, 2, 0))):
        rows += [("secure_exchange", v, group, c, n) for v, c in zip(("yes", "unknown", "no"), counts)]
    for item, count in (
        ("tax_reports_on_time", 4),
        ("taxes_paid_on_time", 4),
        ("accounting_records_kept", 3),
        ("licensed_software", 2),
        ("has_safe", 1),
    ):
        rows.append((item, "true", "organization", count, 4))
    df = pd.DataFrame(rows, columns=["item", "value", "group", "count", "n"])
    df.insert(0, "wave", 2)
    df["share"] = df["count"] / df["n"]
    return df


def _survey_stats() -> pd.DataFrame:
    rows = [
        ("experience_years", "individual", 6, 10.0, 1.0, 27.0),
        ("experience_years", "organization", 4, 10.7, 1.0, 69.0),
        ("experience_years", "all", 10, 10.3, 1.0, 69.0),
        ("projects_per_year", "organization", 4, 3.0, 1.0, 7.0),
        ("annual_budget_usd", "organization", 4, 27867.0, 500.0, 250000.0),
        ("security_self_rating", "all", 10, 3.4, 1.0, 5.0),
    ]
    df = pd.DataFrame(rows, columns=["item", "group", "n", "mean", "min", "max"])
    df.insert(0, "wave", 2)
    df["median"] = df["mean"]
    return df


def _attack_prevalence() -> pd.DataFrame:
    # (type, share individual, share organization, share all, p): information is 32,8 % overall;
    # physical is not significant (p = 0,39).
    spec = [
        ("information", 0.405, 0.212, 0.328, 0.024),
        ("reputational", 0.392, 0.173, 0.305, 0.011),
        ("physical", 0.241, 0.173, 0.214, 0.39),
        ("technical", 0.215, 0.077, 0.16, 0.049),
        ("threats", 0.456, 0.192, 0.351, 0.003),
    ]
    rows = []
    for attack_type, ind, org, all_, p in spec:
        for group, share, n in (("individual", ind, 79), ("organization", org, 52), ("all", all_, 131)):
            rows.append(
                {
                    "wave": 2,
                    "attack_type": attack_type,
                    "group": group,
                    "n": n,
                    "n_attacked": round(share * n),
                    "share": share,
                    "ci_low": share - 0.05,
                    "ci_high": share + 0.05,
                    "mean_count": 5.0,
                    "min_count": 1,
                    "max_count": 10,
                    "p_value": p if group == "all" else None,
                }
            )
    return pd.DataFrame(rows)


def _likelihood() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, possible = [], []
    for attack_type, counts in (
        ("information", (7, 42, 57, 25)),
        ("reputational", (7, 39, 56, 29)),
        ("physical", (9, 56, 51, 15)),
        ("technical", (7, 48, 61, 15)),
    ):
        rows += [
            {
                "wave": 2,
                "attack_type": attack_type,
                "group": "all",
                "level": level,
                "n": 131,
                "count": c,
                "share": c / 131,
            }
            for level, c in zip((1, 2, 3, 4), counts)
        ]
        possible.append(
            {
                "wave": 2,
                "attack_type": attack_type,
                "group": "all",
                "n": 131,
                "count": counts[2] + counts[3],
                "share": (counts[2] + counts[3]) / 131,
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(possible)


def _regional() -> pd.DataFrame:
    rows = [
        ("AAA", 12, 3.5, 3.6, 1.9, 6.63, 3.2, False, "medium"),
        ("BBB", 8, 2.3, 1.8, 3.2, 1.29, 4.6, False, "high"),
        ("CCC", 2, 2.0, 2.0, 2.0, SECRET_VALUE, 2.0, True, None),
        ("all", 22, 2.8, 2.7, 2.6, 2.91, 3.4, False, "medium"),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "region",
            "n",
            "threats",
            "vulnerability",
            "resources",
            "risk",
            "security",
            "suppressed",
            "security_level",
        ],
    )
    df.insert(0, "wave", 2)
    # Like the real table, suppressed values are null; the secret stays only in `risk`
    # to prove the renderer masks suppressed rows itself.
    df.loc[df["suppressed"], ["threats", "vulnerability", "resources", "security"]] = None
    return df


def _index_levels() -> pd.DataFrame:
    rows = []
    shares = {"low": 0.5, "medium": 0.46, "high": 0.04}
    for index in INDICES:
        for level, share in shares.items():
            for group, s in (
                ("individual", share),
                ("organization", share / 2 if level == "high" else share),
                ("all", share),
            ):
                rows.append(
                    {
                        "wave": 2,
                        "index": index,
                        "level": level,
                        "group": group,
                        "n": 100,
                        "count": round(s * 100),
                        "share": s,
                    }
                )
    return pd.DataFrame(rows)


def _index_dynamics() -> pd.DataFrame:
    values = {
        "threats": (2.62, 2.79),
        "vulnerability": (2.7, 2.7),
        "resources": (2.73, 2.6),
        "risk": (2.55, 2.89),
        "security": (3.4, 3.4),
    }
    return pd.DataFrame(
        [
            {"region": "all", "index": k, "wave_from": 1, "wave_to": 2, "value_from": a, "value_to": b, "change": b - a}
            for k, (a, b) in values.items()
        ]
    )


def _incident_tables() -> dict[str, pd.DataFrame]:
    by_season = pd.DataFrame(
        [
            {
                "season": "S1",
                "incidents": 391,
                "violations": 407,
                "threat_types": 36,
                "threat_categories": 5,
                "new_threat_types": 36,
                "change_vs_previous": None,
                "months": 9,
                "incidents_per_month": 43.4,
                "rate_ratio": None,
                "rate_ratio_ci_low": None,
                "rate_ratio_ci_high": None,
                "rate_ratio_p_value": None,
                "new_threat_type_codes": "refusal",
            },
            {
                "season": "S2",
                "incidents": 576,
                "violations": 639,
                "threat_types": 56,
                "threat_categories": 7,
                "new_threat_types": 20,
                "change_vs_previous": 0.473,
                "months": 11,
                "incidents_per_month": 52.4,
                "rate_ratio": 1.21,
                "rate_ratio_ci_low": 1.06,
                "rate_ratio_ci_high": 1.37,
                "rate_ratio_p_value": 0.004,
                "new_threat_type_codes": "tax_audit",
            },
            {
                "season": "all",
                "incidents": 967,
                "violations": 1046,
                "threat_types": 56,
                "threat_categories": 7,
                "new_threat_types": None,
                "change_vs_previous": None,
                "months": 20,
                "incidents_per_month": 48.35,
                "rate_ratio": None,
                "rate_ratio_ci_low": None,
                "rate_ratio_ci_high": None,
                "rate_ratio_p_value": None,
                "new_threat_type_codes": None,
            },
        ]
    )
    region_counts = {
        "S1": {"AAA": 70, "BBB": 50, "CCC": 271},
        "S2": {"AAA": 120, "BBB": 19, "CCC": 437},
        "all": {"AAA": 190, "BBB": 69, "CCC": 708},
    }
    by_region = pd.DataFrame(
        [
            {"season": s, "region": r, "incidents": c, "rank": rank}
            for s, counts in region_counts.items()
            for rank, (r, c) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1]), start=1)
        ]
    )
    victims = pd.DataFrame(
        [
            {"season": s, "victim_category": v, "incidents": c, "share": c / n}
            for s, n, counts in (("S1", 391, (211, 180)), ("S2", 576, (363, 213)), ("all", 967, (574, 393)))
            for v, c in zip(("journalist", "activist"), counts)
        ]
    )
    types = pd.DataFrame(
        [
            {"season": s, "threat_type": t, "category": "information", "violations": c, "share": c / n, "rank": rank}
            for s, n, rows in (
                ("S1", 407, (("refusal", 300, 1), ("tax_audit", 0, 2))),
                ("S2", 639, (("refusal", 400, 1), ("tax_audit", 239, 2))),
                ("all", 1046, (("refusal", 700, 1), ("tax_audit", 239, 2))),
            )
            for t, c, rank in rows
        ]
    )
    sources = pd.DataFrame(
        [
            {"season": s, "source_actor": a, "is_state": st, "incidents": c, "share": c / n, "is_new": new}
            for s, n, rows in (
                ("S1", 391, (("police", True, 391, True), ("media", False, 0, False))),
                ("S2", 576, (("police", True, 500, False), ("media", False, 76, True))),
                ("all", 967, (("police", True, 891, None), ("media", False, 76, None))),
            )
            for a, st, c, new in rows
        ]
    )
    split = pd.DataFrame(
        [
            {"season": s, "is_state": st, "incidents": c, "n": n, "share": c / n}
            for s, n, state in (("S1", 391, 215), ("S2", 576, 252), ("all", 967, 467))
            for st, c in ((True, state), (False, n - state))
        ]
    )
    state = pd.DataFrame(
        [
            {
                "season": s,
                "incidents": n,
                "ignored": ig,
                "formal": 40,
                "effective": 40,
                "responded": 80,
                "share_ignored": ig / n,
                "share_effective_of_responded": 0.5,
                "from_state": fs,
                "complaints_about_state": cp,
            }
            for s, n, ig, fs, cp in (("S1", 391, 356, 215, 5), ("S2", 576, 524, 252, 8), ("all", 967, 880, 467, 13))
        ]
    )
    courts = pd.DataFrame(
        [
            {
                "season": s,
                "decisions": a + f,
                "against_hrd": a,
                "for_hrd": f,
                "pending": 0,
                "other": 0,
                "ratio_against_to_for": a / f,
            }
            for s, a, f in (("S1", 20, 2), ("S2", 40, 4), ("all", 60, 6))
        ]
    )
    # victims_by_region: the whole period's journalists and activists by region (the victims map).
    victims_by_region = pd.DataFrame(
        [
            {"season": "all", "region": r, "victim_category": v, "incidents": c}
            for r, counts in (("AAA", (120, 60)), ("BBB", (40, 90)), ("CCC", (414, 243)), ("all", (574, 393)))
            for v, c in zip(("journalist", "activist"), counts)
        ]
    )
    return {
        "incidents_by_season": by_season,
        "incidents_by_region": by_region,
        "victims_by_region": victims_by_region,
        "incidents_by_settlement": _settlements(),
        "victim_categories": victims,
        "threat_types": types,
        "threat_sources": sources,
        "threat_source_split": split,
        "state_response": state,
        "court_outcomes": courts,
    }


HOSTILE_SETTLEMENT = '<img src="http://127.0.0.1:9/s.png">'


def _settlements() -> pd.DataFrame:
    # Dense ranks as the metric stage writes them; only settlements with incidents appear.
    # Ties: Astana and Pavlodar share rank 2 in S1. The unknown region (None) prints as a dash.
    rows = [
        ("S1", "Almaty", "AAA", 70, 1),
        ("S1", "Pavlodar", "CCC", 50, 2),
        ("S1", "Astana", "BBB", 50, 2),
        ("S1", HOSTILE_SETTLEMENT, "CCC", 40, 3),
        ("S1", "Aktobe", None, 30, 4),
        ("S2", "Almaty", "AAA", 120, 1),
        ("S2", "Uralsk", "CCC", 64, 2),
        ("S2", "Astana", "BBB", 19, 3),
        ("all", "Almaty", "AAA", 190, 1),
        ("all", "Astana", "BBB", 69, 2),
        ("all", "Uralsk", "CCC", 64, 3),
        ("all", "Pavlodar", "CCC", 50, 4),
        ("all", HOSTILE_SETTLEMENT, "CCC", 40, 5),
        ("all", "Aktobe", None, 30, 6),
    ]
    return pd.DataFrame(rows, columns=["season", "settlement", "region", "incidents", "rank"])


def _media() -> pd.DataFrame:
    rows = []
    for season, press, social, own in (("S1", 122, 39, 14), ("S2", 143, 32, 205), ("all", 265, 71, 219)):
        rows += [
            (season, "press", "all", "all", press),
            (season, "social", "all", "all", social),
            (season, "hrd_site", "all", "all", own),
            (season, "all", "all", "all", press + social + own),
        ]
        if season != "all":
            rows += [(season, "all", "AAA", "all", 40), (season, "all", "national", "all", 90)]
    rows += [
        ("all", "all", "all", "supportive", 351),
        ("all", "all", "all", "neutral", 77),
        ("all", "all", "all", "hostile", 2),
        ("all", "all", "all", "uncoded", 125),
    ]
    return pd.DataFrame(rows, columns=["season", "channel", "region", "tone", "materials"])


def metric_tables() -> dict[str, pd.DataFrame]:
    likelihood, possible = _likelihood()
    return {
        "survey_shares": _survey_shares(),
        "survey_stats": _survey_stats(),
        "attack_prevalence": _attack_prevalence(),
        "likelihood": likelihood,
        "likelihood_possible": possible,
        "regional_indices": _regional(),
        "index_levels": _index_levels(),
        "index_dynamics": _index_dynamics(),
        **_incident_tables(),
        "media_summary": _media(),
        "reproduction": pd.DataFrame(
            [
                {
                    "figure_id": "attacks.information.all",
                    "published": 32.8,
                    "computed": 32.8,
                    "unit": "percent",
                    "status": "match",
                    "note": "",
                    "part": "II",
                    "published_text": "32,8",
                    "computed_text": "32,8",
                },
                {
                    "figure_id": "incidents.change",
                    "published": 33.0,
                    "computed": 47.3,
                    "unit": "percent",
                    "status": "mismatch",
                    "note": "change computed on the wrong base",
                    "part": "III",
                    "published_text": "33",
                    "computed_text": "47",
                },
            ]
        ),
        "ingest_summary": pd.DataFrame(
            [
                {"table": "survey", "raw_rows": 249, "clean_rows": 249, "rejected_rows": 0, "sha256": "ab" * 32},
            ]
        ),
    }


def reference_tables(port: int = 9) -> dict[str, pd.DataFrame]:
    return {
        "regions": pd.DataFrame(
            {
                "code": ["AAA", "BBB", "CCC"],
                "name_ru": ["Астана", HOSTILE_SCRIPT, f'<img src="http://127.0.0.1:{port}/x.png">'],
                "name_en": ["Astana", HOSTILE_SCRIPT, f'<img src="http://127.0.0.1:{port}/x.png">'],
                "kind": ["city", "oblast", "oblast"],
            }
        ),
        "threat_types": pd.DataFrame(
            {
                "code": ["refusal", "tax_audit"],
                "category": ["information", "finance"],
                "label_ru": ["Отказ в информации", "Налоговая проверка"],
                "label_en": ["Refusal of information", "Tax audit"],
            }
        ),
        "threat_categories": pd.DataFrame(
            {
                "code": ["information", "finance"],
                "label_ru": ["Информация", "Финансы"],
                "label_en": ["Information", "Finance"],
            }
        ),
        "victim_categories": pd.DataFrame(
            {
                "code": ["journalist", "activist"],
                "label_ru": ["Журналист", "Активист"],
                "label_en": ["Journalist", "Activist"],
            }
        ),
        "actors": pd.DataFrame(
            {
                "code": ["police", "media"],
                "label_ru": ["Полиция", "СМИ"],
                "label_en": ["Police", "Media"],
                "is_state": [True, False],
            }
        ),
    }


def context(
    lang: str, figures: dict[str, Path] | None = None, port: int = 9, tables: dict[str, pd.DataFrame] | None = None
) -> dict[str, Any]:
    return build_context(
        tables if tables is not None else metric_tables(),
        reference_tables(port),
        lang=lang,
        seasons=SEASONS,
        min_cell=5,
        indices_spec={
            "indices": {
                "threats": {
                    "label_en": "Threats",
                    "label_ru": "Угрозы",
                    "min_items": 1,
                    "items": [
                        {
                            "column": "threats",
                            "weight": 0.4,
                            "score": {"type": "bands", "bands": [{"min": 0, "score": 1}]},
                        }
                    ],
                    "levels": {"medium": 2.5, "high": 3.5},
                }
            }
        },
        figures=figures or {},
        provenance={"contract_version": "1.0", "package_version": "0.1.0", "git_commit": "abc1234"},
    )


@pytest.fixture()
def chart(tmp_path: Path) -> Path:
    path = tmp_path / "figs" / "attack_prevalence.svg"
    path.parent.mkdir()
    path.write_text(SVG, encoding="utf-8")
    return path


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[tuple[int, list[str]]]:
    _Counter.hits = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    httpd.timeout = 0.5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], _Counter.hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    except ImportError:
        pass
    if shutil.which("pdftotext") is None:
        pytest.skip("neither pypdf nor pdftotext is available")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> str:
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]

        names = []
        for page in PdfReader(str(path)).pages:
            fonts = page.get("/Resources", {}).get_object().get("/Font", {})
            names += [str(font.get_object().get("/BaseFont")) for font in fonts.get_object().values()]
        return " ".join(names)
    except ImportError:
        pass
    if shutil.which("pdffonts") is None:
        pytest.skip("neither pypdf nor pdffonts is available")
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------- context and HTML


def test_context_reads_findings_from_the_tables() -> None:
    ctx = context("ru")
    attacks = {a["type"]: a for a in ctx["part2"]["attacks"]}
    assert [a["type"] for a in ctx["part2"]["attacks"]] == ["information", "reputational", "physical", "technical"]
    assert attacks["information"]["significant"] is True
    assert attacks["physical"]["significant"] is False
    assert attacks["physical"]["more_exposed"] == "individual"
    assert ctx["part5"]["highest"][0]["region"] == "AAA"
    assert ctx["part5"]["compare"] == {
        "threats": "above",
        "vulnerability": "above",
        "resources": "below",
        "security": "below",
    }
    assert ctx["part3"]["regions_top"]["all"][0]["region"] == "CCC"


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_risk_finding_of_a_two_wave_survey_says_the_survey_waves() -> None:
    # Risk 2,55 -> 2,89 between waves 1 and 2: +0,34, under the 0,5 of a slight change.
    text = _words(render_html(context("en"), "en"))
    assert text.count("Between the survey waves the level of risk rose slightly.") == 2  # part V, conclusions
    assert "Between survey waves 1 and 2 the level" not in text


def test_the_risk_finding_of_a_longer_survey_names_the_latest_two_waves() -> None:
    # The same change between waves 2 and 3 of a three-wave survey: "the survey waves" would
    # read as all three, so both sentences name the two compared.
    tables = metric_tables()
    tables["index_dynamics"] = _index_dynamics().assign(wave_from=2, wave_to=3)
    en = _words(render_html(context("en", tables=tables), "en"))
    assert en.count("Between survey waves 2 and 3 the level of risk rose slightly.") == 2
    assert "Between the survey waves the level" not in en
    ru = _words(render_html(context("ru", tables=tables), "ru"))
    assert ru.count("Между 2-й и 3-й волнами опроса уровень риска правозащитников незначительно повысился.") == 2


def test_suppressed_regions_lose_their_values() -> None:
    ctx = context("en")
    ccc = next(r for r in ctx["part5"]["regions"] if r["region"] == "CCC")
    assert ccc["risk"] is None and ccc["suppressed"] is True
    assert [r["region"] for r in ctx["part5"]["lowest"]] == ["BBB", "AAA"]
    assert ctx["part5"]["suppressed"] == ['<img src="http://127.0.0.1:9/x.png">']


def test_russian_html_formats_numbers_and_escapes_labels() -> None:
    html = render_html(context("ru"), "ru")
    assert f"32,8{NNBSP}%" in html
    assert "27\u00a0867" in html
    assert "Часть II" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE_SCRIPT not in html
    assert '<img src="http://127.0.0.1' not in html
    assert "9,9" not in html and "9,87" not in html
    # The physical attacks are not significant (p = 0,39): the sentence says so, in plain words.
    assert "О физических атаках они тоже сообщают чаще, но эти различия невелики и могут быть случайными." in html


def test_html_links_css_files_and_never_templates_a_style_block() -> None:
    html = render_html(context("ru"), "ru")
    assert '<link rel="stylesheet" href="bulletin.css">' in html
    assert "<style" not in html


def test_english_edition_has_no_cyrillic() -> None:
    html = render_html(context("en"), "en")
    assert re.findall(r"[А-Яа-яЁё]+", html) == []
    assert "32.8%" in html
    assert "Part II" in html


def test_charts_are_captioned_in_words_and_for_reviewers_with_their_table(chart: Path) -> None:
    html = render_html(context("en", {"attack_prevalence": chart}), "en")
    assert chart.resolve().as_uri() in html
    # Readers see where the numbers come from in words, never a file of the pipeline.
    assert "Source: survey of human rights defenders, wave 2" in html
    assert ".parquet" not in html
    review = render_html(context("en", {"attack_prevalence": chart}), "en", document="review")
    assert "<code>attack_prevalence.parquet</code>" in review


def test_unknown_chart_is_an_error(chart: Path) -> None:
    with pytest.raises(RenderError):
        context("en", {"mystery": chart})


def test_self_contained_html_inlines_css_and_svg(chart: Path) -> None:
    html = render_html(context("en", {"attack_prevalence": chart}), "en")
    standalone = self_contained_html(html, TEMPLATES_DIR, [chart.parent])
    assert '<link rel="stylesheet"' not in standalone
    assert "@page" in standalone
    assert "data:image/svg+xml;base64," in standalone
    assert "file://" not in standalone


def test_missing_table_is_reported() -> None:
    tables = metric_tables()
    del tables["media_summary"]
    with pytest.raises(RenderError, match="media_summary"):
        build_context(tables, reference_tables(), lang="en", seasons=SEASONS, min_cell=5)


# --------------------------------------------------------------------------- fetcher


def test_fetcher_serves_only_allowed_files(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (allowed / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = make_fetcher([allowed])
    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "file:///etc/passwd",
        allowed.as_uri() + "/../secret.txt",
        (allowed / "link.txt").as_uri(),
        "ftp://example.org/x",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)


def test_pdf_sends_no_request_and_embeds_no_attachment(tmp_path: Path, server: tuple[int, list[str]]) -> None:
    port, hits = server
    html = render_html(context("ru", port=port), "ru")
    html = html.replace(
        "</body>",
        f'<a rel="attachment" href="file:///etc/hostname">x</a>'
        f'<a rel="attachment" href="{(TEMPLATES_DIR / "bulletin.css").as_uri()}">y</a>'
        f'<img src="http://127.0.0.1:{port}/direct.png"></body>',
    )
    out = tmp_path / "b.pdf"
    refused = render_pdf(html, TEMPLATES_DIR, out, roots=[TEMPLATES_DIR], epoch=1490918400)
    assert hits == []
    assert any(u.startswith("http://127.0.0.1") for u in refused)
    data = out.read_bytes()
    assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data


def test_pdf_is_reproducible_and_reads_the_russian_way(tmp_path: Path, chart: Path) -> None:
    ctx = context("ru", {"attack_prevalence": chart})
    html = render_html(ctx, "ru")
    roots = [TEMPLATES_DIR, chart.parent]
    epoch = source_date_epoch(SEASONS)
    assert epoch == 1490918400  # 2017-03-31T00:00:00Z
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_pdf(html, TEMPLATES_DIR, first, roots=roots, epoch=epoch)
    render_pdf(html, TEMPLATES_DIR, second, roots=roots, epoch=epoch)
    assert first.read_bytes() == second.read_bytes()
    # The project's fonts through @font-face, not whatever fontconfig finds.
    fonts = pdf_fonts(first)
    assert "Bulletin-Serif" in fonts and "Bulletin-Sans" in fonts
    # Nothing taken from the machine's own fonts (DejaVu Serif is what fontconfig offers here).
    assert "DejaVu-Serif" not in fonts
    text = re.sub(r"\s+", " ", pdf_text(first))
    for heading in (
        "ЧАСТЬ I",  # the part numerals are set in capitals
        "ЧАСТЬ V",
        "Выводы по результатам исследования",
        # (the recommendations are the editors' commentary, which this fixture has none of)
        "О данных",
    ):
        assert heading in text
    assert re.search(r"32,8\s?%", text)


def all_fonts(path: Path) -> list[str]:
    """Every font the PDF embeds, also inside form XObjects (SVG images), without subset tags."""
    pypdf = pytest.importorskip("pypdf")
    names: set[str] = set()

    def walk(resources: Any, seen: set[int]) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in resources.get("/Font", {}).get_object().values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
        for xobject in resources.get("/XObject", {}).get_object().values():
            if id(xobject.get_object()) not in seen:
                seen.add(id(xobject.get_object()))
                walk(xobject.get_object().get("/Resources"), seen)

    for page in pypdf.PdfReader(str(path)).pages:
        walk(page.get("/Resources"), set())
    return sorted(names)


CHART_TEXT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
    "<text style=\"font-size: 8px; font-family: 'Bulletin Sans', 'DejaVu Sans', sans-serif; "
    'text-anchor: end" x="190" y="20">Угрозы по регионам</text>'
    "<text style=\"font-weight: 700; font-size: 8px; font-family: 'Bulletin Sans', 'DejaVu Sans', "
    'sans-serif" x="10" y="40">Астана 6,8</text></svg>'
)
TINY_HTML = (
    '<html><head><style>body { font-family: "Bulletin Sans"; }</style></head>'
    '<body><p>Часть I</p><img src="chart.svg"></body></html>'
)
EMPTY_FONTCONFIG = (
    '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
    "<fontconfig><cachedir>{cache}</cachedir></fontconfig>"
)


def test_chart_text_uses_the_bundled_font_even_without_system_fonts(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_text(CHART_TEXT_SVG, encoding="utf-8")
    (tmp_path / "page.html").write_text(TINY_HTML, encoding="utf-8")
    (tmp_path / "fonts.conf").write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    with_system = tmp_path / "system.pdf"
    render_pdf(TINY_HTML, tmp_path, with_system, roots=[tmp_path], epoch=1490918400)
    # Fontconfig reads its configuration once per process: the empty one needs a fresh process.
    code = (
        "import sys; from pathlib import Path; from hrd_bulletin.bulletin.pdf import render_pdf; "
        "d = Path(sys.argv[1]); "
        "render_pdf((d / 'page.html').read_text(encoding='utf-8'), d, d / 'empty.pdf', "
        "roots=[d], epoch=1490918400)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}
    env["FONTCONFIG_FILE"] = str(tmp_path / "fonts.conf")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env, check=True, capture_output=True)
    data = with_system.read_bytes()
    assert (tmp_path / "empty.pdf").read_bytes() == data
    # Body and chart text share the two subsets of matplotlib's DejaVu files; nothing else.
    assert all_fonts(with_system) == ["Bulletin-Sans", "Bulletin-Sans-Bold"]
    text = pdf_text(with_system)
    assert "Угрозы по регионам" in text and "Астана 6,8" in text


def test_run_report_writes_both_outputs(tmp_path: Path, chart: Path) -> None:
    inputs: dict[str, Any] = {}
    for name, df in metric_tables().items():
        write_table(df, tmp_path / f"{name}.parquet")
        inputs[name] = str(tmp_path / f"{name}.parquet")
    reference = reference_tables()
    for name in catalog.REFERENCE_TABLES:
        write_table(reference[name], tmp_path / "reference" / f"{name}.parquet")
    inputs["reference"] = [str(tmp_path / "reference" / f"{name}.parquet") for name in catalog.REFERENCE_TABLES]
    # One SVG for every place of the bulletin, in catalog order.
    inputs["figures"] = [str(chart)] * len(catalog.bulletin_drawings([s["id"] for s in SEASONS]))
    # The commentary: every section in both languages, plain sentences.
    inputs["commentary"] = []
    for lang in ("ru", "en"):
        for section in SECTIONS:
            path = tmp_path / "content" / "2017" / lang / f"{section}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"The editors' {section} text.\n", encoding="utf-8")
            inputs["commentary"].append(str(path))
    out = {"html": str(tmp_path / "out" / "b.html"), "pdf": str(tmp_path / "out" / "b.pdf")}
    run_report(
        inputs,
        out,
        {
            "lang": "en",
            "seasons": SEASONS,
            "min_cell": 5,
            "contract_version": "1.0",
            "package_version": "0.1.0",
            "git_commit": "abc1234",
        },
    )
    html = Path(out["html"]).read_text(encoding="utf-8")
    assert "abc1234" in html  # the provenance line of "About the data"
    assert "The editors' recommendations text." in html and "The editors' coalition text." in html
    review = {"html": str(tmp_path / "out" / "r.html"), "pdf": str(tmp_path / "out" / "r.pdf")}
    run_review(inputs, review, {"lang": "en", "seasons": SEASONS, "min_cell": 5, "git_commit": "abc1234"})
    assert "ab" * 32 in Path(review["html"]).read_text(encoding="utf-8")  # the raw files' hashes
    for p in review.values():
        out[p] = p
    assert Path(out["pdf"]).read_bytes().startswith(b"%PDF")
    assert {oct(Path(p).stat().st_mode & 0o777) for p in out.values()} == {"0o644"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b.html", "b.pdf", "r.html", "r.pdf"]


# --------------------------------------------------------------------------- settlements


def test_top_settlements_keep_ties_and_drop_rank_four() -> None:
    st = context("en")["part3"]["settlements"]
    assert [(r["rank"], r["label"]) for r in st["top"]["S1"]] == [
        (1, "Almaty"),
        (2, "Astana"),
        (2, "Pavlodar"),
        (3, HOSTILE_SETTLEMENT),
    ]
    assert [r["label"] for r in st["seconds"]["S1"]] == ["Astana", "Pavlodar"]
    assert [r["incidents"] for r in st["top"]["all"]] == [190, 69, 64]


def test_leading_settlement_is_counted_by_season() -> None:
    st = context("en")["part3"]["settlements"]
    [leader] = st["leaders"]
    assert (leader["label"], leader["incidents"], leader["region_label"]) == ("Almaty", 190, "Astana")
    assert [(s["id"], s["incidents"]) for s in leader["seasons"]] == [("S1", 70), ("S2", 120)]


def test_tied_leaders_and_a_season_without_incidents() -> None:
    tables = metric_tables()
    settlements = tables["incidents_by_settlement"]
    # Uralsk joins Almaty at 190 overall; it has no row in S1 (no incidents there), so 0.
    settlements.loc[
        (settlements["season"] == "all") & (settlements["settlement"] == "Uralsk"), ["incidents", "rank"]
    ] = [190, 1]
    st = build_context(tables, reference_tables(), lang="en", seasons=SEASONS, min_cell=5)["part3"]["settlements"]
    assert [(r["label"], [s["incidents"] for s in r["seasons"]]) for r in st["leaders"]] == [
        ("Almaty", [70, 120]),
        ("Uralsk", [0, 64]),
    ]
    html = render_html(build_context(tables, reference_tables(), lang="en", seasons=SEASONS, min_cell=5), "en")
    assert "the most incidents over the whole period, 190 each, were recorded in Almaty and Uralsk" in html


def test_settlement_finding_and_table_print_names_as_text() -> None:
    html = render_html(context("en"), "en")
    assert (
        "Of all settlements, the most incidents over the whole period were recorded in Almaty: 190, "
        "of them 70 in Season 1 and 120 in Season 2."
    ) in html
    assert "The most incidents in Season 1 were in Almaty (70), then in Astana and Pavlodar (50 each)." in html
    assert "Source: incident and court monitoring" in html
    assert "<td>&lt;img src=&#34;http://127.0.0.1:9/s.png&#34;&gt;</td>" in html
    assert HOSTILE_SETTLEMENT not in html
    # Aktobe (rank 4 in S1, 6 overall) is outside the top three ranks.
    assert "Aktobe" not in html
    ru = render_html(context("ru"), "ru")
    assert "из них 70 — в\u00a0первом сезоне и 120 — во\u00a0втором сезоне" in ru


# --------------------------------------------------------------------------- suppression and nulls


def _suppressed_tables() -> dict[str, pd.DataFrame]:
    """Region BBB withheld as the complement of CCC; organizations' compliance and a test withheld."""
    tables = metric_tables()
    regional = tables["regional_indices"]
    regional["suppression"] = pd.Series([None, "complementary", "primary", None], dtype="str")
    regional.loc[regional["region"] == "BBB", "suppressed"] = True
    for name in ("threats", "vulnerability", "resources", "risk", "security"):
        regional[name] = regional[name].astype("Float64")
    regional.loc[regional["region"] == "BBB", ["threats", "vulnerability", "resources", "risk", "security"]] = pd.NA
    shares = tables["survey_shares"]
    shares["count"] = shares["count"].astype("Int64")
    shares["share"] = shares["share"].astype("Float64")
    hidden = (shares["group"] == "organization") | (shares["item"] == "specializations") & (shares["value"] == "hiv")
    shares.loc[hidden, ["count", "share"]] = pd.NA
    shares["suppressed"] = hidden
    shares["suppression"] = pd.Series(["primary" if h else None for h in hidden], dtype="str")
    prevalence = tables["attack_prevalence"]
    for name in ("share", "p_value"):
        prevalence[name] = prevalence[name].astype("Float64")
    physical = prevalence["attack_type"] == "physical"
    prevalence.loc[physical & (prevalence["group"] == "organization"), "share"] = pd.NA
    prevalence.loc[physical, "p_value"] = pd.NA
    return tables


def test_suppressed_cells_print_as_dashes_and_never_crash() -> None:
    ctx = build_context(_suppressed_tables(), reference_tables(), lang="en", seasons=SEASONS, min_cell=5)
    p5 = ctx["part5"]
    assert [(r["region"], r["suppression"]) for r in p5["regions"]] == [
        ("AAA", None),
        ("BBB", "complementary"),
        ("CCC", "primary"),
    ]
    assert p5["suppressed_primary"] == ['<img src="http://127.0.0.1:9/x.png">']
    assert p5["suppressed_complementary"] == [HOSTILE_SCRIPT]
    assert [r["region"] for r in p5["lowest"]] == ["AAA"]
    # Compliance rows are all suppressed: no best/weakest sentence is built from them.
    assert ctx["part1"]["compliance"] == []
    assert [s["label"] for s in ctx["part1"]["specializations"]] == ["civil rights"]
    physical = next(a for a in ctx["part2"]["attacks"] if a["type"] == "physical")
    assert physical["p_value"] is None and physical["significant"] is False
    assert physical not in ctx["part2"]["exposure"]["not_significant"]
    assert physical in ctx["part2"]["exposure"]["withheld"]
    html = render_html(ctx, "en", document="review")  # the full tables are the reviewers'
    assert '<td class="suppressed complementary">—</td>' in html
    assert '<td class="suppressed primary">—</td>' in html
    assert "fewer than 5 respondents (disclosure control), the values are not shown: &lt;img" in html
    assert (
        "— in the row of &lt;script&gt;alert(1)&lt;/script&gt;: withheld although there are enough respondents" in html
    )
    assert "the test is withheld because one of the groups is too small to publish" in render_html(ctx, "en")
    # A null printed raw would read "None" ("None of the appeals ..." is a sentence of the text).
    assert re.findall(r"\bNone\b(?! of)", re.sub(r"<[^>]+>", "", html)) == []
    assert "9.87" not in html and "9.9" not in html


def test_russian_note_distinguishes_the_two_suppressions() -> None:
    ctx = build_context(_suppressed_tables(), reference_tables(), lang="ru", seasons=SEASONS, min_cell=5)
    html = render_html(ctx, "ru", document="review")
    assert "— : менее 5 респондентов" in html
    assert "вторичное подавление" in html


# --------------------------------------------------------------------------- atomic writes


def test_editions_are_written_atomically_with_mode_0644(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    out.write_text("old", encoding="utf-8")
    atomic_write(out, lambda tmp: Path(tmp).write_text("new", encoding="utf-8"), mode=OUTPUT_MODE)
    assert out.read_text(encoding="utf-8") == "new"
    assert out.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html"]


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    out.write_bytes(b"%PDF old")

    def boom(tmp: str) -> None:
        Path(tmp).write_bytes(b"%PDF half")
        raise RuntimeError("weasyprint failed")

    with pytest.raises(RuntimeError, match="weasyprint failed"):
        atomic_write(out, boom, mode=OUTPUT_MODE)
    assert out.read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]


def test_render_pdf_failure_removes_its_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.document import Document

    def fail(self: Any, target: Any = None, **kwargs: Any) -> None:
        Path(target).write_bytes(b"%PDF partial")
        raise OSError("disk full")

    monkeypatch.setattr(Document, "write_pdf", fail)
    with pytest.raises(OSError, match="disk full"):
        render_pdf("<p>x</p>", tmp_path, tmp_path / "out" / "b.pdf", roots=[tmp_path], epoch=1490918400)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("fails", [False, True])
def test_render_pdf_removes_weasyprints_temporary_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    # The job process exits without a garbage collection, so the copies of the @font-face
    # fonts WeasyPrint keeps in a temporary folder must be gone when render_pdf returns.
    import tempfile

    from weasyprint.document import Document

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    if fails:
        monkeypatch.setattr(
            Document, "write_pdf", lambda self, target=None, **kw: (_ for _ in ()).throw(OSError("disk full"))
        )
    try:
        render_pdf("<p>Бюллетень</p>", tmp_path, tmp_path / "b.pdf", roots=[tmp_path], epoch=1490918400)
    except OSError:
        assert fails
    used = [p for p in temp.iterdir() if p.name.startswith("weasyprint-")]
    assert used == []
    assert (tmp_path / "b.pdf").exists() != fails


def test_weasyprint_import_restores_the_library_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes.util

    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    lookup = ctypes.util.find_library
    import_weasyprint()
    assert ctypes.util.find_library is lookup
    assert "weasyprint" in sys.modules
