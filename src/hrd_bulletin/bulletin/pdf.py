"""The PDF edition: WeasyPrint, fed only the project's files, writing byte-reproducible PDFs."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hrd_bulletin.bulletin.context.common import RenderError
from hrd_bulletin.bulletin.local_files import file_url_path, inside
from hrd_bulletin.io import atomic_write

# Tagged PDF/UA-1: a structure tree in reading order, /Lang, the title shown, XMP metadata and
# the figures' alternative text, so that screen readers can read the editions.
PDF_VARIANT = "pdf/ua-1"
OUTPUT_MODE = 0o644  # the editions are published files: world-readable, as a plain write would be
# The project's type: PT Serif for text, PT Sans for headings, captions and charts (ParaType,
# designed for Cyrillic print; the files and their licence travel inside the package).
FONT_FILES: Mapping[tuple[str, str, str], str] = {
    ("Bulletin Sans", "normal", "normal"): "PTS55F.ttf",
    ("Bulletin Sans", "normal", "italic"): "PTS56F.ttf",
    ("Bulletin Sans", "bold", "normal"): "PTS75F.ttf",
    ("Bulletin Sans", "bold", "italic"): "PTS76F.ttf",
    ("Bulletin Serif", "normal", "normal"): "PTF55F.ttf",
    ("Bulletin Serif", "normal", "italic"): "PTF56F.ttf",
    ("Bulletin Serif", "bold", "normal"): "PTF75F.ttf",
    ("Bulletin Serif", "bold", "italic"): "PTF76F.ttf",
}


def font_dir() -> Path:
    """The package's font files."""
    return Path(__file__).resolve().parent / "fonts"


def fallback_font() -> Path:
    """DejaVu Sans from matplotlib, for the few characters PT lacks (U+2009 and U+202F, the thin
    spaces of Russian number groups): named in every font stack, so that no glyph is ever taken
    from whatever fonts the machine has and the PDF is the same everywhere."""
    # Found without importing matplotlib (half a second a report job does not otherwise spend).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise RenderError("render: matplotlib, whose DejaVu Sans is the fallback font, is not installed")
    return Path(spec.origin).resolve().parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"


def font_css() -> str:
    """@font-face rules for the project's fonts, by file URL (no fontconfig needed)."""
    # Chart SVGs name "Bulletin Sans" for their <text> too: WeasyPrint hands SVG images the
    # document's font configuration, so body and charts share one font subset.
    rules = []
    for (family, weight, style), file in FONT_FILES.items():
        url = (font_dir() / file).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; font-style: {style}; }}'
        )
    for weight, file in (("normal", fallback_font()), ("bold", fallback_font().with_name("DejaVuSans-Bold.ttf"))):
        rules.append(
            f'@font-face {{ font-family: "Bulletin Fallback"; src: url("{file.as_uri()}"); font-weight: {weight}; }}'
        )
    return "\n".join(rules) + "\n"


def import_weasyprint() -> None:
    _import_weasyprint()
    from hrd_bulletin.bulletin import svgtext

    svgtext.install()


def _import_weasyprint() -> None:
    """Import WeasyPrint; on Linux without the ~0.2 s it spends looking for libraries by name.

    WeasyPrint opens Pango, HarfBuzz and co. through cffi, trying up to six names per library.
    Each name that is not a loadable file makes cffi call ``ctypes.util.find_library``, which
    runs gcc, ld and ldconfig: about 25 subprocesses per report job, mostly for the optional
    HarfBuzz-Subset. On Linux the sonames WeasyPrint also tries (``libpango-1.0.so.0``...) open
    directly, so the look-ups are skipped there; elsewhere, or if that fails, the usual import.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:
        pass  # the callers' own import retries with the look-ups
    finally:
        ctypes.util.find_library = find_library


def _fetcher_class() -> type:
    import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves files under the allowed directories and data: URLs; refuses everything else."""

        def __init__(self, roots: Sequence[str | os.PathLike[str]]) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
            self.roots = [Path(os.path.realpath(r)) for r in roots]
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                self.refused.append(url)
                raise PermissionError(f"refused URL scheme: {url}")
            try:
                path = inside(file_url_path(url.split("?")[0].split("#")[0]), self.roots)
            except PermissionError:
                self.refused.append(url)
                raise
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _mime(path)})

    return LocalOnlyFetcher


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".png": "image/png",
        ".html": "text/html",
    }.get(path.suffix.lower(), "application/octet-stream")


def make_fetcher(roots: Sequence[str | os.PathLike[str]]) -> Any:
    """A WeasyPrint URL fetcher serving only files under ``roots`` (and data: URLs)."""
    return _fetcher_class()(roots)


def source_date_epoch(seasons: Sequence[Mapping[str, Any]]) -> int:
    """Seconds since 1970 of the end of the last season (UTC midnight): the PDF's only 'now'."""
    end = dt.date.fromisoformat(str(seasons[-1]["end"])[:10])
    return int(dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def _env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def layout(
    html: str, base_url: str | os.PathLike[str], *, roots: Sequence[str | os.PathLike[str]]
) -> tuple[Any, Any, Any]:
    """WeasyPrint's layout of ``html``: (document, fetcher, font configuration).

    The layout rules of the tests read the same page boxes the PDF is written from.
    """
    import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = make_fetcher([*roots, font_dir(), fallback_font().parent])
    base = Path(base_url).resolve().as_uri() + "/"
    # @font-face rules are honoured only through a FontConfiguration shared by CSS and render.
    font_config = FontConfiguration()
    fonts = CSS(string=font_css(), base_url=base, url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config
    )
    return document, fetcher, font_config


def render_pdf(
    html: str,
    base_url: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    roots: Sequence[str | os.PathLike[str]],
    epoch: int,
) -> list[str]:
    """Write the PDF of ``html`` byte-reproducibly; only files under ``roots`` are read.

    Attachments (``<a rel="attachment">``, ``<link rel="attachment">``) are stripped before
    writing, so no file is ever embedded. Returns the URLs the fetcher refused.
    """
    document, fetcher, font_config = layout(html, base_url, roots=roots)
    try:
        document.metadata.attachments = []
        for page in document.pages:
            # Relative links of the HTML edition (the captions' open-data CSVs) resolve against
            # the templates folder here: dead in the PDF, and they would print the build
            # machine's paths into a published file. The caption names the file instead.
            page.links = [
                link
                for link in page.links
                if link[0] != "attachment" and not (link[0] == "external" and str(link[1]).startswith("file:"))
            ]
        # fontTools stamps the font subset with "now" unless SOURCE_DATE_EPOCH says otherwise.
        with _env_var("SOURCE_DATE_EPOCH", str(int(epoch))):
            atomic_write(out_path, lambda tmp: document.write_pdf(tmp, pdf_variant=PDF_VARIANT), mode=OUTPUT_MODE)
    finally:
        # FontConfiguration deletes its temporary copies of the @font-face fonts in __del__,
        # which the document's reference cycles delay until a garbage collection; a job
        # process exits without one (stage.run_snakemake_job), so delete them now.
        font_config.__del__()
    return list(fetcher.refused)
