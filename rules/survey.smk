# Survey: parts I, II (shares, statistics, attacks, likelihood) and V (risk indices).


rule survey_metrics:
    input:
        clean_survey=processed("survey"),
    output:
        **{t: processed(t) for t in SURVEY_TABLES},
    log:
        f"{LOGS}/survey_metrics/survey_metrics.log",
    params:
        entry="hrd_bulletin.survey:run_survey",
    conda:
        ENV
    script:
        STAGE


rule risk_indices:
    input:
        clean_survey=processed("survey"),
        spec=config["indices"],
        regions=reference("regions"),
    output:
        **{t: processed(t) for t in INDEX_TABLES},
    log:
        f"{LOGS}/risk_indices/risk_indices.log",
    params:
        entry="hrd_bulletin.indices:run_indices",
        min_cell=config["disclosure"]["min_cell"],
    conda:
        ENV
    script:
        STAGE
