"""The release's Frictionless ``datapackage.json`` and its zip, both byte-stable."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hrd_bulletin import contract
from hrd_bulletin.config import edition_id
from hrd_bulletin.contract import processed
from hrd_bulletin.release.tables import FIGURE_ID, keys_of

# Every entry of the zip has this time stamp (the earliest a zip can hold) and these permissions.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_MODE = 0o644
# Frictionless values in the release's CSVs: booleans as true/false, missing as an empty cell.
_BOOLEANS = {"trueValues": ["true"], "falseValues": ["false"]}


def _field(spec: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: spec[k] for k in ("name", "type", "description", "description_ru")}
    if spec["type"] == "boolean":
        out.update(_BOOLEANS)
    if spec["name"] == "suppression":
        out["constraints"] = {"enum": ["primary", "complementary"]}
    return out


def _id_field(prefix: str) -> dict[str, Any]:
    return {
        "name": FIGURE_ID,
        "type": "string",
        "description": f"Stable id of the row: '{prefix}.' and the key values joined by dots.",
        "description_ru": f"Постоянный идентификатор строки: '{prefix}.' и значения ключей через точку.",
        "constraints": {"required": True, "unique": True},
    }


def file_facts(data: bytes) -> dict[str, Any]:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def metric_resource(table: str, prefix: str, columns: Sequence[str], data: bytes) -> dict[str, Any]:
    """The resource of one released metric table (schema from its declared schema)."""
    schema = processed.table_schema(table)
    fields = {f["name"]: f for f in schema["fields"]}
    return {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "title": schema["title"],
        "title_ru": schema["title_ru"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **file_facts(data),
        "schema": {
            "fields": [_id_field(prefix), *(_field(fields[c]) for c in columns)],
            "primaryKey": keys_of(table),
        },
    }


def reference_resource(name: str, columns: Sequence[str], data: bytes) -> dict[str, Any]:
    """The resource of one code list (a reference table of the contract)."""
    resource = contract.resource(name)
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    return {
        "name": f"reference-{name.replace('_', '-')}",
        "path": f"reference/{name}.csv",
        "profile": "tabular-data-resource",
        "title": resource.get("title", name),
        "title_ru": resource.get("title_ru", name),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **file_facts(data),
        "schema": {"fields": [_field(fields[c]) for c in columns], "primaryKey": ["code"]},
    }


def descriptor(
    publisher: Mapping[str, Any], resources: Sequence[Mapping[str, Any]], edition_record: Mapping[str, Any]
) -> dict[str, Any]:
    """The whole data package: who publishes it, under which licence, which edition (id, date,
    commit, seasons: ``edition_record``), and its resources."""
    edition = publisher["edition"]
    licence = publisher["licence"]
    return {
        "profile": "tabular-data-package",
        "name": f"hrd-bulletin-open-data-{edition['year']}-{edition['number']}",
        "title": f"{edition['title_en']}: open data ({edition['series_en']} {edition['number']}, {edition['year']})",
        "title_ru": f"{edition['title_ru']}: открытые данные ({edition['series_ru']} № {edition['number']}, "
        f"{edition['year']})",
        "description": "Every aggregate the bulletin publishes, one CSV per metric table, disclosure-controlled "
        "as printed. See README.md.",
        "description_ru": "Все агрегированные данные бюллетеня, по одному CSV на таблицу показателей, с тем же "
        "контролем раскрытия, что и в печатной версии. См. README.md.",
        "version": f"{edition['year']}.{edition['number']}",
        "licenses": [{"title": str(licence["name"]), "path": str(licence["url"])}],
        "contributors": [{"title": str(o["name_en"]), "role": "publisher"} for o in publisher.get("organisations", [])],
        "keywords": ["human rights defenders", "Kazakhstan", "monitoring", "правозащитники", "Казахстан"],
        "x-contract-version": processed.contract_version(),
        "x-edition": dict(edition_record),
        "resources": list(resources),
    }


def edition_record(publisher: Mapping[str, Any], seasons: Sequence[Mapping[str, Any]], commit: str) -> dict[str, Any]:
    """What identifies the edition a release belongs to: its id (``publisher.edition.id``), its
    date (``publisher.edition.date``, else the end of its last season), the commit that built it
    and the seasons it covers. No clock is read: the same inputs give the same record."""
    edition = publisher["edition"]
    date = edition.get("date") or (str(seasons[-1]["end"]) if seasons else None)
    return {
        "id": edition_id(publisher),
        "number": edition.get("number"),
        "year": edition.get("year"),
        "date": str(date) if date is not None else None,
        "commit": commit or "unknown",
        "seasons": [str(s["id"]) for s in seasons],
    }


def descriptor_bytes(package: Mapping[str, Any]) -> bytes:
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_zip(root: Path, files: Sequence[str], target: str) -> None:
    """Zip ``files`` (relative to ``root``) under the directory name ``root.name``, in the given
    order, with fixed time stamps and permissions: the same files give the same bytes."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in files:
            info = zipfile.ZipInfo(f"{root.name}/{name}", date_time=ZIP_TIME)
            info.external_attr = ZIP_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            archive.writestr(info, (root / name).read_bytes(), compresslevel=9)
