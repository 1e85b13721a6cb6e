"""Marking texts for translation where they are defined, and naming the vocabulary's codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

Code = TypeVar("Code")


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def keyed(codes: Sequence[Code], *texts: str) -> dict[Code, str]:
    """``{code: text}``, the texts given in the order of ``codes`` (a vocabulary tuple), one each.

    The codes come from hrd_bulletin.contract.vocabulary, so a module that names them keeps no
    second list of them; a text more or less than there are codes is an error at import.
    """
    return dict(zip(codes, texts, strict=True))
