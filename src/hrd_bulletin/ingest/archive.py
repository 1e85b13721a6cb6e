"""A workbook's zip archive checked before any XML of it is parsed.

Every part's declared and actual expanded size is held against ``ingest.max_unzipped_bytes``
(all parts together) and ``ingest.max_zip_ratio`` (one part's expanded / compressed size, for parts
over ``limits.RATIO_FLOOR_BYTES``); an XML part that declares a DTD or entities (``<!DOCTYPE``,
``<!ENTITY``: "billion laughs", external entities) is refused. Decompression stops at the first
byte over a bound, so a bomb costs milliseconds. Each refusal is a one-line file error.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from hrd_bulletin.ingest import limits as limits_module
from hrd_bulletin.ingest import messages as msg
from hrd_bulletin.ingest.limits import Limits

_CHUNK = 1 << 16
_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _part_budget(info: zipfile.ZipInfo, limits: Limits, left: int) -> tuple[int, str]:
    """How many bytes the part may expand to, and which bound says so."""
    ratio_cap = max(limits.max_zip_ratio * max(info.compress_size, 1), limits_module.RATIO_FLOOR_BYTES)
    if ratio_cap < left:
        return ratio_cap, "ratio"
    return left, "size"


def _refuse(path: Path, bound: str, member: str, limits: Limits) -> msg.FileError:
    if bound == "ratio":
        return msg.file_error(path, msg.ZIP_RATIO, member=member, limit=limits.max_zip_ratio)
    return msg.file_error(path, msg.ZIP_TOO_BIG, member=member, limit=limits.max_unzipped_bytes)


def _read_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, left: int) -> int:
    """Expand one part within its budget; return its size. Raises for a bound or a DTD."""
    budget, bound = _part_budget(info, limits, left)
    if info.file_size > budget:
        raise _refuse(path, bound, info.filename, limits)
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    size = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > budget:
                raise _refuse(path, bound, info.filename, limits)
            if is_xml:
                window = tail + chunk
                if any(marker in window for marker in _MARKERS):
                    raise msg.file_error(path, msg.XML_DTD, member=info.filename)
                tail = window[-16:]
    return size


@lru_cache(maxsize=64)
def _checked(path: str, size: int, mtime_ns: int, limits: Limits) -> None:
    # the same file, unchanged, checked once per process (raw_source, preflight and the reader
    # each open it)
    check_bytes(Path(path), Path(path).read_bytes(), limits)


def check_bytes(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts expand beyond the limits or declare entities."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
                largest = max(infos, key=lambda i: i.file_size)
                raise _refuse(path, "size", largest.filename, limits)
            left = limits.max_unzipped_bytes
            for info in infos:
                left -= _read_part(path, archive, info, limits, left)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        # damaged, encrypted or of an unknown compression: not a workbook ingest can read
        raise msg.file_error(path, msg.NOT_XLSX) from None


def check_archive(path: Path, data: bytes | None = None) -> None:
    """``check_bytes`` with the limits in force, of ``data`` or else of the file at ``path``."""
    current = limits_module.current()
    if data is not None:
        check_bytes(path, data, current)
        return
    try:
        stat = path.stat()
    except OSError:
        raise msg.file_error(path, msg.FILE_NOT_FOUND) from None
    _checked(str(path), stat.st_size, stat.st_mtime_ns, current)
