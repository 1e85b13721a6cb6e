# Reproduction audit: every published figure of the bulletin against the metric tables.


rule reproduction:
    input:
        **{t: processed(t) for t in METRIC_TABLES},
        code=code("reproduction"),
        figures=config["published"],
    output:
        reproduction=report(
            processed("reproduction"),
            caption="../reports/workflow/reproduction.rst",
            category="Reproduction audit",
        ),
    log:
        logfile("reproduction"),
    benchmark:
        bench("reproduction")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1024,
    script:
        STAGE
