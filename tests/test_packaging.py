"""Everything the package loads at run time travels inside it: a non-editable install works."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "hrd_bulletin"


def _package_data() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["hrd_bulletin"]


def _data_files() -> list[str]:
    return sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )


def test_every_data_file_of_the_package_is_installed() -> None:
    patterns = _package_data()
    # A pattern's '*' must not cross a folder, as in setuptools' globs.
    missing = [
        f for f in _data_files() if not any(fnmatch.fnmatch(f, p) and f.count("/") == p.count("/") for p in patterns)
    ]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"


def test_the_check_sees_the_files_that_matter() -> None:
    files = _data_files()
    for needed in (
        "contract/datapackage.json",
        "schemas/config.schema.yaml",
        "bulletin/templates/base.html",
        "bulletin/templates/bulletin.css",
        "bulletin/fonts/PTS55F.ttf",
        "bulletin/fonts/LICENSE.txt",
        "locale/ru/LC_MESSAGES/messages.mo",
    ):
        assert needed in files
