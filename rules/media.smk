# Media monitoring: part IV, the season x channel x region x tone cube.


rule media_metrics:
    input:
        _code=code("metrics.media"),
        media=processed("media"),
        regions=reference("regions"),
    output:
        media_summary=processed("media_summary"),
    log:
        logfile("media_metrics", "media_metrics"),
    benchmark:
        bench("media_metrics", "media_metrics")
    params:
        entry="hrd_bulletin.metrics.media:run_media",
        seasons=SEASONS,
    threads: 1
    resources:
        mem_mb=2048,
    conda:
        ENV
    script:
        STAGE
