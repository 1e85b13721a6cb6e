"""The words of the bulletin's text for the vocabulary's codes, as msgids (translated where shown)."""

from __future__ import annotations

from hrd_bulletin.bulletin.glossary import term
from hrd_bulletin.bulletin.msgids import N_, keyed
from hrd_bulletin.contract.vocabulary import (
    CHANNELS,
    GROUPS_AND_ALL,
    INDEX_LEVELS,
    LIKELIHOOD_LEVELS,
    PREVALENCE_TYPES,
    TONES,
)

# Texts of the vocabulary's codes (hrd_bulletin.contract.vocabulary), in its order.
GROUP_LABELS = keyed(GROUPS_AND_ALL, N_("individuals"), N_("organisations"), N_("all"))
LEVEL_LABELS = keyed(INDEX_LEVELS, N_("low"), N_("medium"), N_("high"))
# The glossary's domains of the vocabulary's codes: the words the text and the charts print.
VOCABULARY_DOMAINS: dict[str, tuple[object, ...]] = {
    "attack": tuple(PREVALENCE_TYPES),
    "likelihood": tuple(LIKELIHOOD_LEVELS),
    "channel": tuple(CHANNELS),
    "tone": tuple(TONES),
    "index_level": tuple(INDEX_LEVELS),
}
UNCODED_LABEL = N_("not coded")


def vocab(domain: str, code: object, lang: str) -> str:
    """The glossary's term for a vocabulary code (``vocab("attack", "physical", "en")``)."""
    return term(f"{domain}.{code}", lang)


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
