# Incidents and courts: part III, for any number of seasons.


rule incident_metrics:
    input:
        incidents=processed("incidents"),
        violations=processed("violations"),
        regions=reference("regions"),
        threat_types=reference("threat_types"),
        victim_categories=reference("victim_categories"),
        actors=reference("actors"),
    output:
        **{t: processed(t) for t in INCIDENT_TABLES},
    log:
        f"{LOGS}/incident_metrics/incident_metrics.log",
    params:
        entry="hrd_bulletin.incidents:run_incidents",
        seasons=SEASONS,
    conda:
        ENV
    script:
        STAGE


# Separate from incident_metrics so that a correction to court_cases.csv recomputes only this.
rule court_outcomes:
    input:
        court_cases=processed("court_cases"),
    output:
        court_outcomes=processed("court_outcomes"),
    log:
        f"{LOGS}/court_outcomes/court_outcomes.log",
    params:
        entry="hrd_bulletin.incidents:run_court_outcomes",
        seasons=SEASONS,
    conda:
        ENV
    script:
        STAGE
