"""The package modules a rule's stage function runs: its input ``code``, found, not listed.

Snakemake reruns a job when one of its inputs changes; listing each rule's modules by hand
goes stale the first time a module gains an import (the maps' layout module was missing from
the figure rules, so a fix to it never reached the bulletin). This walks the imports of the
stage function's module statically (``ast``; modules are found on disk and nothing is imported,
since the Snakefile calls it at start-up), through every ``hrd_bulletin`` module it reaches,
function-level imports included.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import re
from functools import cache
from pathlib import Path

PACKAGE = "hrd_bulletin"


@cache
def _package_dir(package_root: str) -> Path | None:
    # find_spec of a top-level name locates it without running it (a dotted name would import
    # its parents, and their imports, which is what this module must not do).
    spec = importlib.util.find_spec(package_root)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _origin(name: str) -> str | None:
    """The source file of module ``name`` of its top-level package, found on disk."""
    top, *rest = name.split(".")
    base = _package_dir(top)
    if base is None:
        return None
    path = base.joinpath(*rest)
    for candidate in (path / "__init__.py", path.with_suffix(".py")) if rest else (base / "__init__.py",):
        if candidate.is_file():
            return str(candidate)
    return None


def _with_parents(name: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: importing a module runs its packages' __init__."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


_IMPORT_LINE = re.compile(r"^\s*(?:from\s+\S+\s+)?import\s")


def _import_nodes(source: str) -> list[ast.stmt]:
    """The import statements of ``source``, wherever they are (module or function level).

    Only the lines that start an import are parsed (with their parenthesised continuation):
    parsing whole modules for 21 rules costs the workflow's start-up most of a second. A line of
    a docstring that happens to read like an import and does not parse is skipped.
    """
    nodes: list[ast.stmt] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        if _IMPORT_LINE.match(lines[i]):
            statement = [lines[i].strip()]
            while "(" in statement[0] and ")" not in statement[-1] and i + 1 < len(lines):
                i += 1
                statement.append(lines[i].strip())
            with contextlib.suppress(SyntaxError):
                nodes.extend(ast.parse(" ".join(statement).replace("\\ ", " ")).body)
        i += 1
    return [n for n in nodes if isinstance(n, ast.Import | ast.ImportFrom)]


@cache
def _imports(name: str, origin: str, package_root: str) -> frozenset[str]:
    package = name if origin.endswith("__init__.py") else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_nodes(Path(origin).read_text(encoding="utf-8")):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from pkg import module" names a module as often as a function: keep it if it is one.
            found.update(f"{base}.{alias.name}" for alias in node.names if _origin(f"{base}.{alias.name}"))
    return frozenset(n for n in found if n == package_root or n.startswith(package_root + "."))


@cache
def module_files(root: str, package_root: str = PACKAGE) -> tuple[str, ...]:
    """Files of module ``root`` and of every ``package_root`` module it imports, directly or
    not, sorted."""
    seen: dict[str, str] = {}
    todo = _with_parents(root)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        origin = _origin(name)
        if origin is None or not origin.endswith(".py"):
            continue
        seen[name] = origin
        for imported in _imports(name, origin, package_root):
            todo.extend(n for n in _with_parents(imported) if n not in seen)
    return tuple(sorted(set(seen.values())))


# Data files a module reads at run time, beside it in the package: part of the code that makes
# the output (a change to the glossary's terms must re-render what prints them).
MODULE_DATA: dict[str, tuple[str, ...]] = {
    "glossary.py": ("glossary.csv",),
}


def stage_code(entry: str) -> list[str]:
    """The module files behind a stage entry ``"hrd_bulletin.x.y:function"``, with the data
    files of ``MODULE_DATA`` that those modules read."""
    files = list(module_files(entry.partition(":")[0]))
    for path in list(files):
        for data in MODULE_DATA.get(Path(path).name, ()):
            files.append(str(Path(path).with_name(data)))
    return sorted(files)
