"""The bounds ingest reads within: a field's size, what a workbook may expand to.

They come from the config's ``ingest:`` section (``max_field_bytes``, ``max_unzipped_bytes``,
``max_zip_ratio``; defaults in the schema and in ``Limits``). The pipeline's jobs and
``hrd-bulletin validate`` read with the same limits; the readers ask ``current()``, which
``using(limits)`` sets for a block of code (the pipeline's start-up hands them to its jobs
through the environment variable ``ENV_VAR``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields
from typing import Any

ENV_VAR = "HRD_BULLETIN_INGEST_LIMITS"
# A workbook part smaller than this may have any compression ratio (tiny parts compress oddly).
RATIO_FLOOR_BYTES = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What ingest accepts before it refuses a field or a workbook."""

    max_field_bytes: int = 1 << 20  # one cell's text, in UTF-8 bytes
    max_unzipped_bytes: int = 256 << 20  # all the parts of a workbook, expanded
    max_zip_ratio: int = 200  # expanded / compressed size of one part (above RATIO_FLOOR_BYTES)

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any] | None) -> Limits:
        """The config's ``ingest:`` section (missing keys take their default)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in (section or {}).items() if k in known})

    def as_json(self) -> str:
        """The limits as the JSON text of ``ENV_VAR``."""
        return json.dumps(asdict(self), sort_keys=True)


_CURRENT: ContextVar[Limits | None] = ContextVar("hrd_bulletin_ingest_limits", default=None)


def from_environment() -> Limits:
    """The limits the pipeline's start-up exported (``ENV_VAR``), else the defaults."""
    text = os.environ.get(ENV_VAR)
    if not text:
        return Limits()
    try:
        return Limits.from_mapping(json.loads(text))
    except (ValueError, TypeError):
        return Limits()


def current() -> Limits:
    """The limits in force: those of the innermost ``using``, else ``from_environment()``."""
    limits = _CURRENT.get()
    return limits if limits is not None else from_environment()


@contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Read with ``limits`` inside the block."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)
