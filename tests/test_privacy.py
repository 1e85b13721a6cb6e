"""End to end: nothing that identifies a person, an event or a source reaches the bulletin,
hostile free text stays text, and a region with too few respondents is hidden everywhere.

Two builds: the session's bundled build, and one variant whose raw data carry hostile text and
a latest-wave region with 3 respondents (built while a local HTTP server counts requests).
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hrd_bulletin.io import read_table
from workflow_helpers import copy_workflow, snakemake

LANGS = ("ru", "en")
ID_COLUMNS = ("respondent_id", "victim_id", "incident_id", "case_id", "material_id")
TEXT_COLUMNS = ("description", "outlet", "source_url", "url")
RAW_TABLES = ("survey", "incidents", "violations", "court_cases", "media")
MOVED_REGION, TO_REGION = "ZHA", "ALA"  # Zhambyl has 5 respondents in wave 2; 2 move to Almaty
INDEX_NAMES = ("threats", "vulnerability", "resources", "risk", "security")


# --------------------------------------------------------------------------- text of the editions


def pdf_text(path: Path, layout: bool = False) -> str:
    """Text of a PDF (pdftotext when installed, else pypdf)."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


class _Html(HTMLParser):
    """Text content, every tag with its attributes, and the text inside <style>/<script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.code: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("style", "script"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        (self.code if self._in else self.text).append(data)

    def handle_comment(self, data):
        self.text.append(data)  # matplotlib writes each SVG text as a comment too


def parse_html(path: Path) -> _Html:
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _compact(text: str) -> str:
    # PDF text wraps lines and hyphenates nothing we look for: compare without whitespace.
    return re.sub(r"\s+", "", text)


def raw_secrets(raw_dir: Path) -> tuple[set[str], set[str]]:
    """Every id token and every free-text value (description, outlet, url) of the raw data."""
    ids: set[str] = set()
    texts: set[str] = set()
    for table in RAW_TABLES:
        frame = pd.read_csv(raw_dir / f"{table}.csv", dtype=str, keep_default_na=False)
        for column in ID_COLUMNS:
            if column in frame:
                ids |= {v.strip() for v in frame[column] if v.strip()}
        for column in TEXT_COLUMNS:
            if column in frame:
                texts |= {_compact(v) for v in frame[column] if len(_compact(v)) >= 6}
    return ids, texts


def leaks(edition_texts: dict[str, str], ids: set[str], texts: set[str]) -> dict[str, list[str]]:
    """For each edition, the raw ids (as whole tokens) and free-text values found in its text."""
    found = {}
    for name, text in edition_texts.items():
        tokens = set(re.findall(r"\w+", text))
        compact = _compact(text)
        hits = sorted(ids & tokens) + sorted(t[:60] for t in texts if t in compact)
        if hits:
            found[name] = hits[:20]
    return found


def edition_texts(report_dir: Path) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        out[f"bulletin_{lang}.pdf"] = pdf_text(report_dir / f"bulletin_{lang}.pdf")
        out[f"bulletin_{lang}.html"] = " ".join(parse_html(report_dir / f"bulletin_{lang}.html").text)
    return out


def test_no_raw_identifier_or_free_text_in_the_bundled_editions(bundled: Path) -> None:
    ids, texts = raw_secrets(bundled / "data" / "raw")
    assert {"R0001", "I000001", "V0426", "C00001", "M00001"} <= ids  # the scan has something to find
    assert any("monitoring.example.org" in t for t in texts)
    texts_by_edition = edition_texts(bundled / "reports" / "build")
    assert all(len(t) > 10_000 for t in texts_by_edition.values())
    assert leaks(texts_by_edition, ids, texts) == {}


# --------------------------------------------------------------------------- hostile variant


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []
    lock = threading.Lock()
    timeout = 2  # a client that stalls cannot hold the build's server thread

    def _count(self) -> None:
        with self.lock:
            if len(self.hits) < 1000:
                self.hits.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_POST = _count

    def log_message(self, *args) -> None:  # quiet
        pass


def _hostile_strings(port: int) -> list[str]:
    return [
        "<script>alert(1)</script>",
        f'<img src="http://127.0.0.1:{port}/x">',
        f'<div style="background: url(http://127.0.0.1:{port}/y)">css</div>',
        f"@import url(http://127.0.0.1:{port}/i.css);",
        "file:///etc/passwd",
        "ctrl\x01\x07\x1b[31m\x7fend",
        "\u202eRTL override\u200f mark\u200e",
        f'=HYPERLINK("http://127.0.0.1:{port}")',
        "<b>" + "Ж" * 500_000 + "</b>",  # 1 MB of UTF-8
    ]


def _write_hostile_raw(raw: Path, port: int) -> str:
    """Rewrite the raw CSVs with hostile free text and a small region; returns the settlement."""
    hostile = _hostile_strings(port)
    settlement = f"<img src=http://127.0.0.1:{port}/s>"
    bad_urls = [
        f"http://127.0.0.1:{port}/u",
        "javascript:alert(1)",
        "file:///etc/passwd",
        f'=HYPERLINK("http://127.0.0.1:{port}/h")',
    ]

    incidents = pd.read_csv(raw / "incidents.csv", dtype=str, keep_default_na=False)
    for i, value in enumerate(hostile):
        incidents.loc[i, "description"] = value
    for i, value in enumerate(bad_urls):
        incidents.loc[len(hostile) + i, "source_url"] = value
    # Almaty is the top settlement (190 incidents): it is printed in the top-settlement lists.
    incidents.loc[incidents["settlement"] == "Алматы", "settlement"] = settlement
    incidents.to_csv(raw / "incidents.csv", index=False, lineterminator="\n")

    media = pd.read_csv(raw / "media.csv", dtype=str, keep_default_na=False)
    for i, value in enumerate(hostile):
        media.loc[i, "outlet"] = value
    for i, value in enumerate(bad_urls):
        media.loc[i, "url"] = value
    media.to_csv(raw / "media.csv", index=False, lineterminator="\n")

    survey = pd.read_csv(raw / "survey.csv", dtype=str, keep_default_na=False)
    latest = survey["wave"].astype(int).max()
    rows = survey.index[(survey["wave"].astype(int) == latest) & (survey["region"] == MOVED_REGION)]
    assert len(rows) == 5
    survey.loc[rows[:2], "region"] = TO_REGION
    survey.to_csv(raw / "survey.csv", index=False, lineterminator="\n")
    return settlement


# Config text that reaches the documents: markup, template syntax, mathtext and format signs.
HOSTILE_ORG = "<script>alert('org')</script>"
HOSTILE_LABEL = "<b>S1</b> {{ 7*7 }} {% raw %} $x^2$ 100% {0} %(n)s US$5"


def _hostile_config(path: Path) -> None:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for season in config["seasons"]:
        season["label_en"] = f"{HOSTILE_LABEL} {season['id']}"
        season["label_ru"] = f"{HOSTILE_LABEL} {season['id']}"
    config["publisher"]["edition"]["title_en"] = HOSTILE_LABEL
    config["publisher"]["organisations"][0]["name_en"] = HOSTILE_ORG
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The variant build: (workdir, settlement, port, requests the server received)."""
    work = copy_workflow(tmp_path_factory.mktemp("hostile"))
    _hostile_config(work / "config" / "config.yaml")
    _Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        settlement = _write_hostile_raw(work / "data" / "raw", port)
        run = snakemake(work)
        hits = list(_Counter.hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert run.returncode == 0, run.stderr[-3000:]
    return work, settlement, port, hits


def test_hostile_build_succeeds_without_a_single_request(hostile) -> None:
    work, _settlement, _port, hits = hostile
    assert hits == []
    summary = read_table(work / "data" / "processed" / "ingest_summary.parquet").set_index("table")
    for table in ("incidents", "media"):
        raw_rows, clean, rejected = summary.loc[table, ["raw_rows", "clean_rows", "rejected_rows"]]
        assert raw_rows == clean + rejected
        bad = read_table(work / "data" / "processed" / "rejected" / f"{table}.parquet")
        assert len(bad) == rejected and bad["reason"].notna().all()  # rejected with a reason


def test_hostile_text_is_escaped_in_html_and_literal_in_pdf(hostile) -> None:
    work, settlement, _port, _hits = hostile
    for lang in LANGS:
        path = work / "reports" / "build" / f"bulletin_{lang}.html"
        page = parse_html(path)
        assert [t for t, _a in page.tags if t == "script"] == []
        for tag, attrs in page.tags:
            for name, value in attrs:
                assert "127.0.0.1" not in (value or ""), (tag, name, value)
                assert not (value or "").startswith(("file:", "javascript:")), (tag, name, value)
        assert not any("127.0.0.1" in block for block in page.code)
        assert settlement not in path.read_text(encoding="utf-8")


def test_hostile_settlement_is_printed_as_text(hostile) -> None:
    work, settlement, _port, _hits = hostile
    # The settlement has the most incidents, so the bulletin's top-settlement list prints it.
    by_settlement = read_table(work / "data" / "processed" / "incidents_by_settlement.parquet")
    top = by_settlement[(by_settlement["season"] == "all") & (by_settlement["rank"] == 1)]
    assert top["settlement"].tolist() == [settlement]
    for lang in LANGS:
        path = work / "reports" / "build" / f"bulletin_{lang}.html"
        raw_html = path.read_text(encoding="utf-8")
        assert htmllib.escape(settlement, quote=False) in raw_html, (
            f"bulletin_{lang}.html does not print the top settlement (escaped: &lt;img ...)"
        )
        assert settlement in " ".join(parse_html(path).text)
        assert _compact(settlement) in _compact(pdf_text(work / "reports" / "build" / f"bulletin_{lang}.pdf"))


def test_hostile_variant_leaks_no_raw_identifier_or_free_text(hostile) -> None:
    work, _settlement, port, _hits = hostile
    ids, texts = raw_secrets(work / "data" / "raw")
    assert f'=HYPERLINK("http://127.0.0.1:{port}")' in texts
    assert leaks(edition_texts(work / "reports" / "build"), ids, texts) == {}


def _suppressed_latest(work: Path) -> pd.DataFrame:
    regional = read_table(work / "data" / "processed" / "regional_indices.parquet")
    latest = regional[regional["wave"] == regional["wave"].max()].set_index("region")
    return latest


def test_small_region_is_suppressed_with_a_complement(hostile) -> None:
    latest = _suppressed_latest(hostile[0])
    assert latest.loc[MOVED_REGION, "n"] == 3
    assert latest.loc[MOVED_REGION, "suppressed"]
    assert latest.loc[MOVED_REGION, "suppression"] == "primary"
    assert latest.loc[MOVED_REGION, list(INDEX_NAMES)].isna().all()
    complement = latest.index[latest["suppression"] == "complementary"].tolist()
    # The other four regions of n = 5 tie; Aktobe comes first by code.
    assert complement == ["AKT"]
    assert latest.loc[complement, list(INDEX_NAMES)].isna().all().all()
    assert not latest.loc["all", "suppressed"]
    dynamics = read_table(hostile[0] / "data" / "processed" / "index_dynamics.parquet")
    hidden = dynamics[dynamics["region"].isin([MOVED_REGION, *complement])]
    assert hidden["change"].isna().all() and hidden["value_to"].isna().all()


def test_suppressed_regions_have_no_value_on_any_map(hostile) -> None:
    work = hostile[0]
    latest = _suppressed_latest(work)
    hidden = latest.index[latest["suppressed"]].tolist()
    assert MOVED_REGION in hidden and len(hidden) >= 2
    for lang in LANGS:
        for index in INDEX_NAMES:
            svg = (work / "reports" / "build" / "figures" / lang / f"map_{index}.svg").read_text(encoding="utf-8")
            assert 'id="value-ALA"' in svg  # published regions are labelled
            for code in hidden:
                assert f'id="value-{code}"' not in svg, (lang, index, code)


def test_bulletin_table_shows_a_dash_for_the_small_region(hostile) -> None:
    work = hostile[0]
    # The regional table is the reviewers' (the bulletin shows the map and its ranked bars).
    text = pdf_text(work / "reports" / "build" / "review_en.pdf", layout=True)
    # The regional table's row: "Zhambyl Region  3  —  —  —  —  —" (n is printed, values not).
    rows = [line.split() for line in text.splitlines() if re.match(r"\s*Zhambyl Region\s+3\s", line)]
    assert rows, "no row for Zhambyl Region with n = 3 in the regional table"
    for row in rows:
        assert row[2:] == ["3"] + ["—"] * 5, row
    complement = [line.split() for line in text.splitlines() if re.match(r"\s*Aktobe Region\s+5\s+—", line)]
    assert complement and complement[0][2:] == ["5"] + ["—"] * 5


def test_hostile_config_text_is_data_in_every_document(hostile) -> None:
    work = hostile[0]
    escaped = "&lt;b&gt;S1&lt;/b&gt; {{ 7*7 }} {% raw %} $x^2$ 100% {0} %(n)s US$5"
    for name in ("bulletin_en", "review_en", "bulletin_ru"):
        html = (work / "reports" / "build" / f"{name}.html").read_text(encoding="utf-8")
        assert escaped in html, name  # escaped markup, template syntax left as typed
        assert "<b>S1</b>" not in html and "49" not in html.split(escaped)[0][-20:]
    assert "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt;" in (
        work / "reports" / "build" / "bulletin_en.html"
    ).read_text(encoding="utf-8")
    text = " ".join(pdf_text(work / "reports" / "build" / "bulletin_en.pdf").split())
    assert "<b>S1</b> {{ 7*7 }}" in text and "$x^2$ 100% {0} %(n)s US$5" in text
