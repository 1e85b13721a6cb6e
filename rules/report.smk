# Report: the bulletin, Russian and English editions, HTML and PDF, from the metric tables and
# the figures only (rules bulletin_ru, bulletin_en).
import subprocess
from importlib import resources
from pathlib import Path

import hrd_bulletin
from hrd_bulletin.bulletin import catalog

# SEASON_IDS and report_references() are rules/figures.smk's (included first).
# The package's templates, unless the config names a copy to build from (config templates_dir).
TEMPLATES = config.get("templates_dir") or str(resources.files("hrd_bulletin.bulletin") / "templates")
MESSAGES = str(resources.files("hrd_bulletin") / "locale" / "ru" / "LC_MESSAGES" / "messages.mo")


def git_commit():
    """The checkout's commit for the provenance page ('unknown' outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=workflow.basedir,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def report_path(document, lang, ext):
    return f"{{report}}/{document}_{lang}.{ext}"


def logo_files(w):
    """The publisher's logo files (config.publisher_logos), under the dataset's raw_dir."""
    return [f"{BY_REPORT[w.report]['raw_dir']}/{logo}" for logo in publisher_logos(config)]


def commentary_files():
    """The edition's commentary, every section in every language (docs/content.md)."""
    content_dir = config.get("content_dir", "content")
    edition = edition_id(config.get("publisher") or {})
    return [str(section_path(content_dir, edition, lang, s)) for lang in LANGS for s in SECTIONS]


# The readers' bulletin and the reviewers' report of each edition, from the same inputs; the
# commentary is read by the bulletin only, so a change to it rebuilds the bulletins alone.
for _document, _lang in [(d, lang) for d in ("bulletin", "review") for lang in LANGS]:

    rule:
        name:
            f"{_document}_{_lang}"
        input:
            **{table: for_report(f"{{processed}}/{table}.parquet") for table in catalog.REPORT_TABLES},
            code=code(f"{_document}_{_lang}"),
            reference=report_references,
            figures=[catalog.figure_path("{report}", _lang, d.name) for d in catalog.bulletin_drawings(SEASON_IDS)],
            indices=config["indices"],
            templates=TEMPLATES,
            template_files=sorted(str(p) for p in Path(TEMPLATES).glob("*") if p.is_file()),
            messages=MESSAGES,
            commentary=commentary_files() if _document == "bulletin" else [],
            # The comparison with the previous edition (docs/editions.md), when config names one.
            changes="{report}/edition_changes.parquet" if config.get("previous_edition") else [],
            periods="{report}/period_changes.parquet" if config.get("previous_edition") else [],
            period_figure=(
                catalog.figure_path("{report}", _lang, "period_changes") if config.get("previous_edition") else []
            ),
            logos=logo_files,
        output:
            pdf=report(
                report_path(_document, _lang, "pdf"),
                caption="../reports/workflow/bulletin.rst",
                category="Bulletin" if _document == "bulletin" else "Reviewers' report",
                labels={"edition": _lang, "format": "PDF"},
            ),
            html=report(
                report_path(_document, _lang, "html"),
                caption="../reports/workflow/bulletin.rst",
                category="Bulletin" if _document == "bulletin" else "Reviewers' report",
                labels={"edition": _lang, "format": "HTML"},
            ),
        log:
            report_log(_document, _lang),
        benchmark:
            report_bench(_document, _lang)
        conda:
            ENV
        threads: 1
        resources:
            mem_mb=2048,
        params:
            lang=_lang,
            seasons=SEASONS,
            min_cell=config["disclosure"]["min_cell"],
            contract_version=config["contract_version"],
            package_version=hrd_bulletin.__version__,
            git_commit=git_commit(),
            publisher=config.get("publisher") or {},
        script:
            STAGE
