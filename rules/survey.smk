# Survey: parts I, II (shares, statistics, attacks, likelihood) and V (risk indices).


rule survey_tables:
    input:
        code=code("survey_tables"),
        clean_survey=processed("survey"),
    output:
        **{t: processed(t) for t in SURVEY_TABLES},
    log:
        logfile("survey_tables"),
    benchmark:
        bench("survey_tables")
    priority: PRIORITY["survey"]
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2048,
    params:
        min_cell=config["disclosure"]["min_cell"],
    script:
        STAGE


rule index_tables:
    input:
        code=code("index_tables"),
        clean_survey=processed("survey"),
        spec=config["indices"],
        regions=reference("regions"),
    output:
        **{t: processed(t) for t in INDEX_TABLES},
    log:
        logfile("index_tables"),
    benchmark:
        bench("index_tables")
    priority: PRIORITY["survey"]
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2048,
    params:
        min_cell=config["disclosure"]["min_cell"],
    script:
        STAGE
