"""The house rules of the package's source, checked: sizes, one definition of each shared code
list, and no run-time dependence on the dataset generator or the checkout."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hrd_bulletin"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)}: {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_is_over_60_lines(path: Path) -> None:
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{_name(path)}: {', '.join(long)}"


# The vocabulary's code lists, written out by hand: any other module that spells one of them
# out as a literal keeps a second copy that can drift.
VOCABULARY_LISTS = {
    ("individual", "organization"),
    ("information", "reputational", "physical", "technical"),
    ("threats", "vulnerability", "resources", "risk", "security"),
    ("threats", "vulnerability", "resources", "security"),
    ("low", "medium", "high"),
    ("press", "social", "hrd_site"),
    ("supportive", "neutral", "hostile"),
}
# The generator writes the raw data the contract describes: it may spell codes out itself.
COPIES_ALLOWED = {SRC / "contract" / "vocabulary.py", *(SRC / "reconstruct").rglob("*.py")}


def _literal_lists(tree: ast.Module) -> list[tuple[int, tuple[str, ...]]]:
    found = []
    for node in ast.walk(tree):
        elements = None
        if isinstance(node, ast.Tuple | ast.List):
            elements = node.elts
        elif isinstance(node, ast.Dict):
            elements = node.keys
        if not elements or not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements):
            continue
        values = tuple(e.value for e in elements)
        for known in VOCABULARY_LISTS:
            if values[: len(known)] == known and len(values) <= len(known) + 1:
                found.append((node.lineno, values))
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p not in COPIES_ALLOWED], ids=_name)
def test_shared_code_lists_are_defined_once(path: Path) -> None:
    copies = _literal_lists(_tree(path))
    assert not copies, f"{_name(path)}: literal copies of vocabulary lists at lines {[n for n, _ in copies]}"


def test_the_check_finds_a_copy() -> None:
    tree = ast.parse('GROUPS = ("individual", "organization", "all")\nLABELS = {"low": 1, "medium": 2, "high": 3}\n')
    assert [n for n, _ in _literal_lists(tree)] == [1, 2]


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


# Maintenance commands that call the generator on purpose (`hrd-bulletin reconstruct`).
GENERATOR_CALLERS = {SRC / "cli.py"}


@pytest.mark.parametrize(
    "path", [p for p in MODULES if "reconstruct" not in p.parts and p not in GENERATOR_CALLERS], ids=_name
)
def test_the_pipeline_does_not_import_the_generator(path: Path) -> None:
    assert not any(name.startswith("hrd_bulletin.reconstruct") for name in _imports_of(path))


def test_a_pipeline_run_loads_no_generator_module(tmp_path: Path) -> None:
    # Every stage module imported, as the workflow's jobs import them: none pulls the generator in.
    from hrd_bulletin.stage import STAGES

    modules = sorted({entry.partition(":")[0] for entry in STAGES.values()} | {"hrd_bulletin.cli"})
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('hrd_bulletin.reconstruct')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"


def test_no_module_reaches_into_the_checkout() -> None:
    # Package files travel inside the package; a path climbing out of src/ breaks an installed copy.
    offenders = [
        _name(p) for p in MODULES if "parents[" in p.read_text(encoding="utf-8") and "reconstruct" not in p.parts
    ]
    assert not offenders
