# Survey: parts I, II (shares, statistics, attacks, likelihood) and V (risk indices).


rule survey_metrics:
    input:
        _code=code("metrics.survey", "metrics.disclosure"),
        clean_survey=processed("survey"),
    output:
        **{t: processed(t) for t in SURVEY_TABLES},
    log:
        logfile("survey_metrics", "survey_metrics"),
    benchmark:
        bench("survey_metrics", "survey_metrics")
    params:
        entry="hrd_bulletin.metrics.survey:run_survey",
        min_cell=config["disclosure"]["min_cell"],
    threads: 1
    priority: PRIORITY["survey"]
    resources:
        mem_mb=2048,
    conda:
        ENV
    script:
        STAGE


rule risk_indices:
    input:
        _code=code("metrics.indices", "metrics.disclosure"),
        clean_survey=processed("survey"),
        spec=config["indices"],
        regions=reference("regions"),
    output:
        **{t: processed(t) for t in INDEX_TABLES},
    log:
        logfile("risk_indices", "risk_indices"),
    benchmark:
        bench("risk_indices", "risk_indices")
    params:
        entry="hrd_bulletin.metrics.indices:run_indices",
        min_cell=config["disclosure"]["min_cell"],
    threads: 1
    priority: PRIORITY["survey"]
    resources:
        mem_mb=2048,
    conda:
        ENV
    script:
        STAGE
