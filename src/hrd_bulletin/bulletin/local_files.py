"""Local files only: what the HTML inlining and the PDF's URL fetcher may read.

Both resolve a path (symlinks followed) and serve it only if it is a file under one of the
allowed directories, so a template or chart cannot make a build read anything else.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit


def file_url_path(url: str) -> Path:
    """The path of a ``file:`` URL on this machine; any other URL is refused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise PermissionError(f"not a local file URL: {url}")
    return Path(unquote(parts.path))


def inside(path: Path, roots: Sequence[str | os.PathLike[str]]) -> Path:
    """``path`` resolved (symlinks followed), if it is a file under one of ``roots``; else refused."""
    real = Path(os.path.realpath(path))
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if real.is_relative_to(real_root) and real.is_file():
            return real
    raise PermissionError(f"refused: {path} is not a file under the allowed directories")
