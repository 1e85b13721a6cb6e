# Reproduction audit: every published figure of the bulletin against the metric tables.


rule reproduction:
    input:
        figures=config["published"],
        **{t: processed(t) for t in METRIC_TABLES},
    output:
        reproduction=processed("reproduction"),
    log:
        f"{LOGS}/reproduction/reproduction.log",
    params:
        entry="hrd_bulletin.reproduction:run_reproduction",
    conda:
        ENV
    script:
        STAGE
