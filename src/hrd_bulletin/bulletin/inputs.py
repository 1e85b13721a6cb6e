"""Reading the inputs the figure and report rules share: lists of files in catalog order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.io import read_table


def paths(value: Any) -> list[str]:
    """A Snakemake input given as a list, as a list of str (a one-file list may come as one str)."""
    return [str(value)] if isinstance(value, str) else [str(v) for v in value]


def read_reference(input: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The ``reference`` input: paths in catalog.REFERENCE_TABLES order, as {name: table}."""
    files = paths(input["reference"])
    if len(files) != len(catalog.REFERENCE_TABLES):
        raise ConfigError(
            f"the input 'reference' must list {len(catalog.REFERENCE_TABLES)} tables "
            f"({', '.join(catalog.REFERENCE_TABLES)}), got {len(files)}"
        )
    return {name: read_table(path) for name, path in zip(catalog.REFERENCE_TABLES, files, strict=True)}
