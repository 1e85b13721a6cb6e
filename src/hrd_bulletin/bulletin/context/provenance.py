"""The audit and provenance pages: reproduction statuses, raw files, software versions."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import pandas as pd

from hrd_bulletin.bulletin.context.common import records
from hrd_bulletin.bulletin.context.labels import STATUS_LABELS

# The packages whose versions the provenance page lists.
SOFTWARE: tuple[str, ...] = (
    "hrd-bulletin",
    "pandas",
    "numpy",
    "pyarrow",
    "scipy",
    "statsmodels",
    "matplotlib",
    "jinja2",
    "babel",
    "weasyprint",
    "pydyf",
    "fonttools",
    "snakemake",
)


def software_versions() -> list[dict[str, str]]:
    """Python and the installed versions of the packages the bulletin was built with."""
    out = [{"name": "python", "version": platform.python_version()}]
    for name in SOFTWARE:
        try:
            out.append({"name": name, "version": metadata.version(name)})
        except metadata.PackageNotFoundError:
            continue
    return out


def audit(reproduction: pd.DataFrame, tr: Any) -> dict[str, Any]:
    """The reproduction audit: every published figure's status, and how many have each status."""
    status_counts = reproduction["status"].astype(str).value_counts()
    return {
        "rows": [
            {**r, "status_label": tr.gettext(STATUS_LABELS.get(r["status"], r["status"]))}
            for r in records(reproduction)
        ],
        "counts": {k: int(status_counts.get(k, 0)) for k in STATUS_LABELS},
    }


def provenance_page(provenance: Mapping[str, Any], ingest_summary: pd.DataFrame) -> dict[str, Any]:
    """What the edition was built from and with: contract, package, commit, raw files, software."""
    files = records(ingest_summary)
    # One short fingerprint of every raw file a reader can quote (the full hashes are for reviewers).
    lines = "".join(f"{f['table']} {f['sha256']}\n" for f in sorted(files, key=lambda f: str(f["table"])))
    return {
        "data_digest": hashlib.sha256(lines.encode("utf-8")).hexdigest()[:16],
        "contract_version": provenance.get("contract_version"),
        "package_version": provenance.get("package_version"),
        "git_commit": provenance.get("git_commit"),
        "raw_files": files,
        "software": provenance.get("software") or software_versions(),
    }
