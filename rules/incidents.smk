# Incidents and courts: part III, for any number of seasons.


rule incident_tables:
    input:
        code=code("incident_tables"),
        incidents=processed("incidents"),
        violations=processed("violations"),
        regions=reference("regions"),
        threat_types=reference("threat_types"),
        victim_categories=reference("victim_categories"),
        actors=reference("actors"),
    output:
        **{t: processed(t) for t in INCIDENT_TABLES},
    log:
        logfile("incident_tables"),
    benchmark:
        bench("incident_tables")
    priority: PRIORITY["incidents"]
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4096,
    params:
        seasons=SEASONS,
    script:
        STAGE


# Its own rule so that a correction to court_cases.csv recomputes only this table.
rule court_outcomes:
    input:
        code=code("court_outcomes"),
        court_cases=processed("court_cases"),
    output:
        court_outcomes=processed("court_outcomes"),
    log:
        logfile("court_outcomes"),
    benchmark:
        bench("court_outcomes")
    priority: PRIORITY["incidents"]
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=512,
    params:
        seasons=SEASONS,
    script:
        STAGE
