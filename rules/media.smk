# Media monitoring: part IV, the season x channel x region x tone cube.


rule media_summary:
    input:
        code=code("media_summary"),
        media=processed("media"),
        regions=reference("regions"),
    output:
        media_summary=processed("media_summary"),
    log:
        logfile("media_summary"),
    benchmark:
        bench("media_summary")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2048,
    params:
        seasons=SEASONS,
    script:
        STAGE
