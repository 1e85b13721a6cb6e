# Report: the bulletin, Russian and English editions, HTML and PDF, from the metric tables only.
import subprocess
from importlib import resources
from pathlib import Path

import hrd_bulletin
from hrd_bulletin.bulletin.catalog import REFERENCE_TABLES as REPORT_REFERENCES
from hrd_bulletin.bulletin.catalog import REPORT_TABLES

TEMPLATES = str(resources.files("hrd_bulletin.bulletin") / "templates")
CATALOG = str(resources.files("hrd_bulletin") / "locale" / "ru" / "LC_MESSAGES" / "messages.mo")


def git_commit():
    """The checkout's commit for the provenance page ('unknown' outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=workflow.basedir, capture_output=True, text=True, timeout=10,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def report_path(lang, ext):
    return f"{{report}}/bulletin_{lang}.{ext}"


for _lang in LANGS:

    rule:
        name:
            f"report_{_lang}"
        input:
            _code=code("bulletin.render", "bulletin.catalog", "i18n"),
            **{t: for_report(f"{{processed}}/{t}.parquet") for t in REPORT_TABLES},
            **{f"ref_{r}": for_report(f"{{processed}}/reference/{r}.parquet") for r in REPORT_REFERENCES},
            **{f"fig_{name}": path for name, path in all_figures(_lang).items()},
            indices=config["indices"],
            templates=TEMPLATES,
            template_files=sorted(str(p) for p in Path(TEMPLATES).glob("*") if p.is_file()),
            catalog=CATALOG,
        output:
            pdf=report(
                report_path(_lang, "pdf"),
                caption="../reports/workflow/bulletin.rst",
                category="Bulletin",
                labels={"edition": _lang, "format": "PDF"},
            ),
            html=report(
                report_path(_lang, "html"),
                caption="../reports/workflow/bulletin.rst",
                category="Bulletin",
                labels={"edition": _lang, "format": "HTML"},
            ),
        log:
            report_log("report", _lang),
        benchmark:
            report_bench("report", _lang)
        params:
            entry="hrd_bulletin.bulletin.render:run_report",
            lang=_lang,
            seasons=SEASONS,
            min_cell=config["disclosure"]["min_cell"],
            contract_version=config["contract_version"],
            package_version=hrd_bulletin.__version__,
            git_commit=git_commit(),
        threads: 1
        resources:
            mem_mb=2048,
        conda:
            ENV
        script:
            STAGE
