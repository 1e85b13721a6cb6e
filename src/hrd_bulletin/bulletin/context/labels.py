"""The words of the bulletin's text for the vocabulary's codes, as msgids (translated where shown)."""

from __future__ import annotations

from hrd_bulletin.bulletin.msgids import N_, keyed
from hrd_bulletin.contract.vocabulary import (
    CHANNELS,
    GROUPS_AND_ALL,
    INDEX_LEVELS,
    LIKELIHOOD_LEVELS,
    PREVALENCE_TYPES,
    TONES,
)
from hrd_bulletin.metrics.media import UNCODED

# Texts of the vocabulary's codes (hrd_bulletin.contract.vocabulary), in its order.
GROUP_LABELS = keyed(GROUPS_AND_ALL, N_("individuals"), N_("organizations"), N_("all"))
ATTACK_LABELS = keyed(
    PREVALENCE_TYPES,
    N_("information attacks"),
    N_("reputational attacks"),
    N_("physical attacks"),
    N_("technical attacks"),
    N_("threats"),
)
LIKELIHOOD_LABELS = keyed(
    LIKELIHOOD_LEVELS, N_("excluded"), N_("rather impossible"), N_("rather possible"), N_("highly likely")
)
LEVEL_LABELS = keyed(INDEX_LEVELS, N_("low"), N_("medium"), N_("high"))
CHANNEL_LABELS = keyed(CHANNELS, N_("press"), N_("social media"), N_("defenders' own websites"))
TONE_LABELS = keyed((*TONES, UNCODED), N_("supportive"), N_("neutral"), N_("hostile"), N_("not coded"))
STATUS_LABELS = {"match": N_("match"), "mismatch": N_("mismatch"), "not_computable": N_("not computable")}
SPECIALIZATION_LABELS = {
    "civil": N_("civil rights"),
    "political": N_("political rights"),
    "family": N_("family rights"),
    "gender": N_("gender equality"),
    "labour": N_("labour rights"),
    "children": N_("children's rights"),
    "disability": N_("rights of persons with disabilities"),
    "prisoners": N_("prisoners' rights"),
    "hiv": N_("rights of people living with HIV"),
    "other": N_("other"),
}
VALUE_LABELS = {
    ("gender", "female"): N_("women"),
    ("gender", "male"): N_("men"),
    ("ethnicity", "kazakh"): N_("Kazakh"),
    ("ethnicity", "russian"): N_("Russian"),
    ("ethnicity", "other"): N_("other"),
    ("education", "higher"): N_("higher"),
    ("education", "vocational"): N_("vocational"),
    ("education", "secondary"): N_("secondary"),
    ("employment", "labour_contract"): N_("labour contract"),
    ("employment", "service_contract"): N_("service contract"),
    ("employment", "sole_proprietor"): N_("sole proprietor"),
    ("employment", "none"): N_("civic activist, no contract"),
    ("police_appeal_result", "no_action"): N_("no action taken"),
    ("police_appeal_result", "no_violation_found"): N_("no violation found"),
    ("police_appeal_result", "action_taken"): N_("action taken"),
}
COMPLIANCE_ITEMS = {
    "tax_reports_on_time": N_("tax reports filed on time"),
    "taxes_paid_on_time": N_("taxes paid on time"),
    "accounting_records_kept": N_("accounting records kept for the statutory period"),
    "licensed_software": N_("licensed software"),
    "has_safe": N_("a safe for valuables"),
}
SCORE_TYPES = {"map": N_("answer mapped to a score"), "linear": N_("linear scale"), "bands": N_("count bands")}
