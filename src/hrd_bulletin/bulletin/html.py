"""The HTML edition: the Jinja environment of an edition, and the self-contained HTML file."""

from __future__ import annotations

import base64
import html as html_lib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from hrd_bulletin.bulletin.local_files import file_url_path, inside
from hrd_bulletin.bulletin.webfonts import font_face_css
from hrd_bulletin.i18n import agreement_filters, get_translations, jinja_filters

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEETS: tuple[str, ...] = ("bulletin.css",)


def make_environment(lang: str, templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> jinja2.Environment:
    """Jinja environment of one edition: autoescaped HTML, gettext catalog, number filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    _install_escaped_gettext(env, lang)
    env.filters.update(jinja_filters(lang))
    env.filters.update(agreement_filters(lang))
    count = env.filters["count"]

    def noun_after(n: Any, noun: str, case: str = "nomn") -> str:
        # The noun in the form the number governs, for a figure printed apart (key figures).
        return count(n, noun, case).split("\u00a0", 1)[-1]

    env.filters["noun_after"] = noun_after
    env.filters["where"] = _where_filter(lang)
    return env


def _install_escaped_gettext(env: jinja2.Environment, lang: str) -> None:
    """gettext whose translations are text, not markup.

    Jinja's i18n extension trusts a translated string as HTML (only the variables put into it
    are escaped), so a "<" in a translation ("p < 0,05") would open a tag. A catalogue is text
    written by translators: it is escaped like data.
    """
    translations = get_translations(lang)

    def gettext(message: str) -> Markup:
        return escape(translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        # A count read from a metric table may arrive as a float (a nullable integer column).
        return escape(translations.ngettext(singular, plural, int(n)))

    def pgettext(context: str, message: str) -> Markup:
        return escape(translations.pgettext(context, message))

    def npgettext(context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(translations.npgettext(context, singular, plural, n))

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )


def _where_filter(lang: str) -> Any:
    """``{{ label|where }}``: «в Астане», «во втором сезоне»; English "in Astana" (see
    ``russian.in_place``; ``fallback`` names what an undeclinable label is: «сезон» -> «в сезоне S1»)."""
    from hrd_bulletin import russian
    from hrd_bulletin.i18n import midsentence

    def where(label: str, fallback: str | None = None) -> str:
        if lang == "ru":
            return russian.in_place(str(label), fallback)
        # A season or a settlement (``fallback`` given) is a name: its capitals stay.
        return f"in {label}" if fallback else f"in {midsentence(str(label), lang)}"

    return where


# The two documents of an edition and their entry templates.
DOCUMENTS: Mapping[str, str] = {"bulletin": "base.html", "review": "review.html"}


def render_html(
    context: Mapping[str, Any],
    lang: str,
    templates_dir: str | os.PathLike[str] = TEMPLATES_DIR,
    document: str = "bulletin",
) -> str:
    """A document as HTML linking its stylesheets (relative to the templates) and images (file URLs)."""
    env = make_environment(lang, templates_dir)
    template = env.get_template(DOCUMENTS[document])
    return template.render(**{**context, "lang": lang, "document": document, "stylesheets": STYLESHEETS})


_LINK_RE = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMG_RE = re.compile(r'src="(file://[^"]+)"')
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


def self_contained_html(
    html: str, templates_dir: str | os.PathLike[str], allowed: Sequence[str | os.PathLike[str]]
) -> str:
    """The HTML edition with its CSS inlined as-is, its fonts (WOFF subsets) and its SVG charts as
    data: URIs: nothing remote."""
    templates = Path(templates_dir).resolve()

    def css(match: re.Match[str]) -> str:
        path = inside(templates / html_lib.unescape(match.group(1)), [templates])
        return "<style>\n" + path.read_text(encoding="utf-8") + "\n</style>"

    def img(match: re.Match[str]) -> str:
        path = inside(file_url_path(html_lib.unescape(match.group(1))), allowed)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'src="data:{_MIME.get(path.suffix.lower(), "image/svg+xml")};base64,{payload}"'

    fonts = "<style>\n" + font_face_css() + "</style>\n</head>"
    return _IMG_RE.sub(img, _LINK_RE.sub(css, html)).replace("</head>", fonts, 1)
