"""Editorial commentary: the researchers' Markdown files, rendered to safe HTML for the bulletin.

Files are ``<content_dir>/<edition>/<lang>/<section>.md`` (``content/2017/ru/coalition.md``), one
per section of ``SECTIONS`` and language. They are text, not code: a strict Markdown subset is
rendered and anything else stops the build with one line naming the file and line
(``CommentaryError``). docs/content.md is the researchers' guide.

Supported: paragraphs (lines joined; a blank line ends one); ``##`` and ``###`` headings (the
section's own title comes from the layout, so ``#`` is refused); bullet lists with ``-`` and
numbered lists with ``1.`` (one level; an item continues on lines indented by two spaces or more);
``*emphasis*`` and ``**strong**``; «quotes» as typed, and straight "quotes" turned into «» (ru) or
“” (en); links ``[text](https://...)`` to http(s) addresses only, rendered as a link whose text
is shown (the address is not printed); ``\\*`` for a literal asterisk; figure references
``{{ figure.name }}`` with an optional filter (``| pct``, ``| int``, ``| num``, ``| count: noun,
case``) resolved from the mapping the caller gives. Refused: ``#`` and ``####`` headings, ``*``
and ``+`` bullets, nested lists, tables, images, block quotes, code (backticks, fences, indented
blocks), horizontal rules and underlined headings, raw HTML blocks (a line starting with a tag).
Inline ``<``, ``>`` and ``&`` are text and are escaped. Digits are refused outside figure
references, except four-digit years: a number in the commentary must come from the data.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hrd_bulletin.errors import UserError

SECTIONS: tuple[str, ...] = (
    "introduction",
    "project",
    "coalition",
    "media_findings",
    "observers",
    "closing",
    "recommendations",
)


def _languages() -> tuple[str, ...]:
    from hrd_bulletin.i18n import LANGUAGES

    return LANGUAGES


_HEADING = re.compile(r"^(#+)\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_REFUSED_BLOCKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$"), "horizontal rules and underlined headings"),
    (re.compile(r"^\s*(?:```|~~~)"), "code blocks"),
    (re.compile(r"^\s*>"), "block quotes (quote inline with «...»)"),
    (re.compile(r"^\s*\|"), "tables"),
    (re.compile(r"^\s*<[A-Za-z!/?]"), "raw HTML"),
    (re.compile(r"^[*+]\s"), "'*' and '+' bullets (use '-')"),
)
_REFERENCE = re.compile(r"\{\{\s*figure\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*([a-z]+)\s*(?::\s*([^}]*?))?\s*)?\}\}")
_INLINE = re.compile(
    r"\\[\\*\[\]{}\"_]|\{\{.*?\}\}|\{\{|\{%|!\[|\[([^\]\n]*)\]\(([^)\s]*)\)|\*\*|\*|`|\"|\d+(?:[.,]\d+)?"
)
_QUOTES = {"ru": ("«", "»"), "en": ("“", "”")}


class CommentaryError(UserError):
    """A commentary file that cannot be rendered: ``<file>:<line>: <what>``, one line."""


@dataclass
class _Block:
    kind: str  # p, h3, h4, ul, ol
    line: int
    lines: list[str]
    items: list[tuple[int, list[str]]]
    start: int = 1


def _fail(source: str, line: int | None, message: str) -> CommentaryError:
    return CommentaryError(f"{source}:{line}: {message}" if line else f"{source}: {message}")


def _blocks(text: str, source: str) -> list[_Block]:
    """The text's blocks (paragraphs, headings, lists) with the line each starts on."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        for pattern, what in _REFUSED_BLOCKS:
            if pattern.match(line):
                raise _fail(source, number, f"{what} are not supported in commentary")
        current = _add_line(blocks, current, line, number, source)
    return blocks


def _add_line(blocks: list[_Block], current: _Block | None, line: str, number: int, source: str) -> _Block | None:
    """Put one non-blank line into the block it belongs to; return the block still open."""
    indented = line[:1] == " "
    stripped = line.strip()
    in_list = current is not None and current.kind in ("ul", "ol")
    if indented and in_list:
        if _BULLET.match(stripped) or _NUMBERED.match(stripped):
            raise _fail(source, number, "nested lists are not supported in commentary")
        current.items[-1][1].append(stripped)
        return current
    if line.startswith("    ") and current is None:
        raise _fail(source, number, "indented code blocks are not supported in commentary")
    if heading := _HEADING.match(stripped):
        level = len(heading.group(1))
        if level not in (2, 3):
            raise _fail(source, number, f"only '##' and '###' headings are supported, not '{heading.group(1)}'")
        # A commentary section sits under a part title (h2): its "##" is the bulletin's h3.
        blocks.append(_Block(f"h{level + 1}", number, [heading.group(2)], []))
        return None
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
        if item := pattern.match(stripped):
            text = item.group(item.lastindex or 1)
            if current is None or current.kind != kind:
                current = _Block(kind, number, [], [], int(item.group(1)) if kind == "ol" else 1)
                blocks.append(current)
            current.items.append((number, [text]))
            return current
    if in_list:
        current.items[-1][1].append(stripped)  # a lazy continuation of the item
        return current
    if current is None:
        current = _Block("p", number, [], [])
        blocks.append(current)
    current.lines.append(stripped)
    return current


class _Inline:
    """Inline rendering of one block's text: escaping, emphasis, links, figure references."""

    def __init__(self, figures: Mapping[str, Any], lang: str, source: str) -> None:
        self.figures, self.lang, self.source = figures, lang, source

    def render(self, lines: list[str], first_line: int) -> str:
        text = "\n".join(lines)
        out: list[str] = []
        stack: list[tuple[str, int]] = []
        quote_open = False
        position = 0
        for match in _INLINE.finditer(text):
            out.append(html.escape(text[position : match.start()], quote=False))
            position = match.end()
            token = match.group(0)
            line = first_line + text.count("\n", 0, match.start())
            if token == '"':
                out.append(_QUOTES[self.lang][1 if quote_open else 0])
                quote_open = not quote_open
            elif token in ("*", "**"):
                tag = "strong" if token == "**" else "em"
                if stack and stack[-1][0] == tag:
                    stack.pop()
                    out.append(f"</{tag}>")
                else:
                    stack.append((tag, line))
                    out.append(f"<{tag}>")
            else:
                out.append(self._token(match, token, line))
        out.append(html.escape(text[position:], quote=False))
        if stack:
            raise _fail(self.source, stack[-1][1], f"'{'**' if stack[-1][0] == 'strong' else '*'}' is never closed")
        if quote_open:
            raise _fail(self.source, first_line, 'a straight quote (") is never closed')
        return " ".join("".join(out).split("\n"))

    def _token(self, match: re.Match[str], token: str, line: int) -> str:
        if token.startswith("\\"):
            return html.escape(token[1], quote=False)
        if token[:1].isdigit():
            if re.fullmatch(r"(?:19|20)\d\d", token):
                return token  # a year is a date, not a finding
            raise _fail(
                self.source, line, f"the number {token} is typed in: use a figure reference {{{{ figure.name }}}}"
            )
        if token.startswith("{{") and token.endswith("}}") and len(token) > 4:
            return html.escape(self._figure(token, line), quote=False)
        if token in ("{{", "{%"):
            raise _fail(self.source, line, f"'{token}' without a figure reference '{{{{ figure.name }}}}'")
        if token == "![":
            raise _fail(self.source, line, "images are not supported in commentary")
        if token == "`":
            raise _fail(self.source, line, "code (backticks) is not supported in commentary")
        label, url = match.group(1), match.group(2)
        if not re.fullmatch(r"https?://[^\s<>\"']+", url or ""):
            raise _fail(self.source, line, f"links must go to an http(s) address, not {url!r}")
        return f'<a href="{html.escape(url, quote=True)}">{html.escape(label, quote=False)}</a>'

    def _figure(self, token: str, line: int) -> str:
        reference = _REFERENCE.fullmatch(token)
        if reference is None:
            raise _fail(self.source, line, f"malformed figure reference {token!r}: write {{{{ figure.name }}}}")
        name, filter_name, argument = reference.groups()
        if name not in self.figures:
            known = ", ".join(sorted(self.figures)) or "none"
            raise _fail(self.source, line, f"unknown figure {name!r} (known: {known})")
        try:
            return format_figure(self.figures[name], self.lang, filter_name, argument)
        except (ValueError, TypeError, UserError) as error:
            raise _fail(self.source, line, f"figure {name!r}: {error}") from None


def format_figure(value: Any, lang: str, filter_name: str | None = None, argument: str | None = None) -> str:
    """A figure's value as the commentary prints it (see the module doc for the filters)."""
    # Babel is imported here, not at the top: the workflow imports this module at start-up for
    # the section names and file paths, and a no-op run must stay quick.
    from hrd_bulletin.i18n import fmt_decimal, fmt_int, fmt_percent, to_decimal

    if filter_name is None:
        if isinstance(value, str):
            return value
        number = to_decimal(value)
        return fmt_int(number, lang) if number == number.to_integral_value() else fmt_decimal(number, lang, 1)
    if filter_name == "int":
        return fmt_int(value, lang)
    if filter_name == "num":
        return fmt_decimal(value, lang, int(argument) if argument else 1)
    if filter_name == "pct":
        return fmt_percent(value, lang, int(argument) if argument else 1)
    if filter_name == "count":
        from hrd_bulletin.russian import count_phrase

        parts = [p.strip() for p in (argument or "").split(",")]
        if not parts[0]:
            raise ValueError("'count' needs a noun: {{ figure.name | count: noun }}")
        if lang == "en":
            return count_phrase(value, parts[0], lang="en", plural=parts[1] if len(parts) > 1 else None)
        return count_phrase(value, parts[0], parts[1] if len(parts) > 1 else "nomn", lang="ru")
    raise ValueError(f"unknown filter {filter_name!r}; expected int, num, pct or count")


def render(text: str, figures: Mapping[str, Any], lang: str, source: str = "<commentary>") -> Markup:
    """Markdown ``text`` (the supported subset) as safe HTML, figures resolved from ``figures``."""
    if lang not in _languages():
        raise ValueError(f"unsupported language {lang!r}")
    inline = _Inline(figures, lang, source)
    parts = []
    for block in _blocks(text, source):
        if block.kind in ("ul", "ol"):
            items = "".join(f"<li>{inline.render(lines, line)}</li>" for line, lines in block.items)
            start = f' start="{block.start}"' if block.kind == "ol" and block.start != 1 else ""
            parts.append(f"<{block.kind}{start}>{items}</{block.kind}>")
        else:
            parts.append(f"<{block.kind}>{inline.render(block.lines, block.line)}</{block.kind}>")
    return Markup("\n".join(parts))


def section_path(content_dir: Path | str, edition: str, lang: str, section: str) -> Path:
    """Where a section's file lives: ``<content_dir>/<edition>/<lang>/<section>.md``."""
    return Path(content_dir) / str(edition) / lang / f"{section}.md"


def load_section(content_dir: Path | str, edition: str, lang: str, section: str, figures: Mapping[str, Any]) -> Markup:
    """One section of one edition in one language, rendered (a missing file is an error)."""
    if section not in SECTIONS:
        raise CommentaryError(f"unknown commentary section {section!r}; expected one of {', '.join(SECTIONS)}")
    path = section_path(content_dir, edition, lang, section)
    if not path.is_file():
        raise CommentaryError(
            f"{path}: missing (each section needs a file in every language: {', '.join(_languages())})"
        )
    return render(path.read_text(encoding="utf-8"), figures, lang, str(path))


def load_commentary(content_dir: Path | str, edition: str, lang: str, figures: Mapping[str, Any]) -> dict[str, Markup]:
    """Every section of ``SECTIONS`` for one edition and language, by section name.

    Both languages' files must exist even when one is built, so that a missing translation is
    found at once; unknown ``.md`` files in the folder are refused (a misspelt section name).
    """
    base = Path(content_dir) / str(edition)
    for other in _languages():
        for section in SECTIONS:
            path = section_path(content_dir, edition, other, section)
            if not path.is_file():
                raise CommentaryError(f"{path}: missing (each section needs a file in every language)")
        extra = sorted(p.name for p in (base / other).glob("*.md") if p.stem not in SECTIONS)
        if extra:
            raise CommentaryError(f"{base / other / extra[0]}: not a commentary section ({', '.join(SECTIONS)})")
    return {section: load_section(content_dir, edition, lang, section, figures) for section in SECTIONS}


def figure_names(content_dir: Path | str, edition: str) -> set[str]:
    """The figure names an edition's commentary refers to, in any language (for the caller)."""
    names = set()
    for path in sorted((Path(content_dir) / str(edition)).glob("*/*.md")):
        names.update(m.group(1) for m in _REFERENCE.finditer(path.read_text(encoding="utf-8")))
    return names


def load_commentary_files(files: list[str], lang: str, figures: Mapping[str, Any]) -> dict[str, Markup]:
    """Every section in ``lang`` from the edition's files as a rule hands them over
    (``.../<lang>/<section>.md``, every section in every language), by section name."""
    by_key = {(Path(f).parent.name, Path(f).stem): Path(f) for f in files}
    for other in _languages():
        for section in SECTIONS:
            if (other, section) not in by_key:
                raise CommentaryError(f"commentary: no {other}/{section}.md among the files given")
    rendered = {}
    for section in SECTIONS:
        path = by_key[(lang, section)]
        rendered[section] = render(path.read_text(encoding="utf-8"), figures, lang, str(path))
    return rendered
