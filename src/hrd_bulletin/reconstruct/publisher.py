"""The bundled dataset's publisher logos: text-only placeholders, never anyone's real mark.

The config's ``publisher`` block names them (relative to the raw directory); a real publisher
puts its own files there.
"""

from __future__ import annotations

PLACEHOLDERS: dict[str, str] = {
    "publisher/logo_lprc.svg": "ЦИПП · LPRC",
    "publisher/logo_echo.svg": "ЭХО · ECHO",
}

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="72" viewBox="0 0 240 72" '
    'role="img" aria-label="{text}">\n'
    "  <!-- Placeholder: the publisher puts its own logo file here. Text only, no third-party mark. -->\n"
    '  <rect x="1" y="1" width="238" height="70" rx="6" fill="none" stroke="#1f3a5f" stroke-width="2"/>\n'
    '  <text x="120" y="45" text-anchor="middle" font-family="sans-serif" font-size="24" '
    'font-weight="bold" fill="#1f3a5f">{text}</text>\n'
    "</svg>\n"
)


def placeholder_files() -> dict[str, bytes]:
    """Each placeholder logo's bytes, by path relative to the raw directory."""
    return {path: _SVG.format(text=text).encode("utf-8") for path, text in PLACEHOLDERS.items()}
