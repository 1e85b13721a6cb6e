# Snakemake `script:` shim: every rule runs the package function named in params.entry.
from hrd_bulletin.stage import run_snakemake_job

run_snakemake_job(snakemake)  # noqa: F821 - injected by Snakemake
