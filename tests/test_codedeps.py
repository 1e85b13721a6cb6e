"""A rule's input `code` is the import closure of its stage function, found from the source."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hrd_bulletin import codedeps
from hrd_bulletin.stage import STAGES

ROOT = Path(__file__).resolve().parents[1]


def _names(files: list[str] | tuple[str, ...], root: Path) -> set[str]:
    return {str(Path(f).relative_to(root)) for f in files}


@pytest.fixture
def fixture_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """depfix/: a -> (function-level) b, b -> .c (relative), c -> sub (a subpackage), d unused."""
    pkg = tmp_path / "depfix"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "import os\n\ndef f():\n    from depfix import b\n    return b\n",
        "b.py": "from . import c\n",
        "c.py": "from .sub import leaf\n",
        "d.py": "import depfix.a\n",
        "sub/__init__.py": "",
        "sub/leaf.py": "VALUE = 1\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m == "depfix" or m.startswith("depfix.")]:
        del sys.modules[name]


def test_closure_follows_function_level_relative_and_subpackage_imports(fixture_package: Path) -> None:
    files = codedeps.module_files("depfix.a", package_root="depfix")
    assert _names(files, fixture_package) == {
        "depfix/__init__.py",
        "depfix/a.py",
        "depfix/b.py",
        "depfix/c.py",
        "depfix/sub/__init__.py",
        "depfix/sub/leaf.py",
    }


def test_figure_and_report_rules_see_the_modules_once_missing() -> None:
    src = ROOT / "src"
    figures = _names(codedeps.stage_code(STAGES["figures_survey"]), src)
    # The maps' layout and the victims' map are imported by bulletin/maps.py only.
    assert {"hrd_bulletin/bulletin/maps_layout.py", "hrd_bulletin/bulletin/maps_victims.py"} <= figures
    report = _names(codedeps.stage_code(STAGES["bulletin_ru"]), src)
    # svgtext is imported inside pdf.import_weasyprint, not at the top of a module.
    assert "hrd_bulletin/bulletin/svgtext.py" in report
    assert "hrd_bulletin/bulletin/maps.py" not in report
    # The glossary's terms are data the glossary module reads: editing them re-renders.
    assert "hrd_bulletin/bulletin/glossary.csv" in report


def test_every_rule_takes_its_code_from_the_closure() -> None:
    rules = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.smk")))
    for line in rules.splitlines():
        if line.strip().startswith("code="):
            assert line.strip().startswith("code=code("), line
