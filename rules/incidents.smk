# Incidents and courts: part III, for any number of seasons.


rule incident_metrics:
    input:
        _code=code("metrics.incidents"),
        incidents=processed("incidents"),
        violations=processed("violations"),
        regions=reference("regions"),
        threat_types=reference("threat_types"),
        victim_categories=reference("victim_categories"),
        actors=reference("actors"),
    output:
        **{t: processed(t) for t in INCIDENT_TABLES},
    log:
        logfile("incident_metrics", "incident_metrics"),
    benchmark:
        bench("incident_metrics", "incident_metrics")
    params:
        entry="hrd_bulletin.metrics.incidents:run_incidents",
        seasons=SEASONS,
    threads: 1
    priority: PRIORITY["incidents"]
    resources:
        mem_mb=4096,
    conda:
        ENV
    script:
        STAGE


# Separate from incident_metrics so that a correction to court_cases.csv recomputes only this.
rule court_outcomes:
    input:
        _code=code("metrics.incidents"),
        court_cases=processed("court_cases"),
    output:
        court_outcomes=processed("court_outcomes"),
    log:
        logfile("court_outcomes", "court_outcomes"),
    benchmark:
        bench("court_outcomes", "court_outcomes")
    params:
        entry="hrd_bulletin.metrics.incidents:run_court_outcomes",
        seasons=SEASONS,
    threads: 1
    priority: PRIORITY["incidents"]
    resources:
        mem_mb=512,
    conda:
        ENV
    script:
        STAGE
