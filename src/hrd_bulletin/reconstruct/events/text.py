"""Integer codes turned into the text values of the CSV files."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def ids(prefix: str, n: int, min_width: int) -> np.ndarray:
    width = max(min_width, len(str(n)))
    numbers = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)
    return (prefix + numbers).to_numpy(dtype=object)


def take(labels: Sequence[str], codes: np.ndarray, missing: str = "") -> np.ndarray:
    """Map integer codes to text; -1 gives ``missing``."""
    table = np.array([*labels, missing], dtype=object)
    return table[np.where(codes < 0, len(labels), codes)]


def bool_text(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "true", "false").astype(object)


def linked_ids(rows: np.ndarray, incident_ids: np.ndarray) -> np.ndarray:
    """The incident id of each row number; '' where the row number is -1 (no incident)."""
    return np.where(rows >= 0, incident_ids[np.maximum(rows, 0)], "").astype(object)
