# Snakemake `script:` shim: every rule runs the function hrd_bulletin.stage.STAGES gives for its name.
from hrd_bulletin.stage import run_snakemake_job

run_snakemake_job(snakemake)  # noqa: F821 - injected by Snakemake
