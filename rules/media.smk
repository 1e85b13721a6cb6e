# Media monitoring: part IV, the season x channel x region x tone cube.


rule media_metrics:
    input:
        media=processed("media"),
        regions=reference("regions"),
    output:
        media_summary=processed("media_summary"),
    log:
        f"{LOGS}/media_metrics/media_metrics.log",
    params:
        entry="hrd_bulletin.media:run_media",
        seasons=SEASONS,
    conda:
        ENV
    script:
        STAGE
