"""Source actors and complaints: exact counts, paired with incidents by their threat type."""

from __future__ import annotations

import numpy as np

from hrd_bulletin.reconstruct.events.codes import ReferenceCodes
from hrd_bulletin.reconstruct.events.profiles import ACTORS, VIOLATIONS
from hrd_bulletin.reconstruct.events.seasons import Season, Stream
from hrd_bulletin.reconstruct.events.violations import SeasonViolations

# The usual source of each threat type (default "other"); used only to pair actors with
# incidents plausibly, never to set a count.
_USUAL_ACTOR: dict[str, str] = {
    "police_detention": "police",
    "administrative_arrest": "police",
    "search": "police",
    "interrogation": "police",
    "confiscation_materials": "police",
    "provocation": "police",
    "court_proceedings": "court",
    "restriction_of_freedom": "court",
    "administrative_fine": "court",
    "bailiff_enforcement": "court",
    "property_seizure": "court",
    "trade_union_liquidation": "court",
    "refusal_information": "akimat",
    "denial_accreditation": "akimat",
    "assembly_ban": "akimat",
    "denial_access_event": "akimat",
    "office_eviction": "akimat",
    "demand_remove_material": "akimat",
    "criminal_prosecution": "prosecutor",
    "official_warning": "prosecutor",
    "false_information_charge": "prosecutor",
    "inciting_discord_charge": "prosecutor",
    "foreign_funding_check": "prosecutor",
    "surveillance": "national_security",
    "communications_interception": "national_security",
    "travel_ban": "national_security",
    "tax_audit": "tax_authority",
    "extra_tax_assessment": "tax_authority",
    "bank_transaction_check": "tax_authority",
    "fundraising_check": "tax_authority",
    "tax_fine": "tax_authority",
    "financial_reporting_demand": "tax_authority",
    "asset_freeze": "tax_authority",
    "refusal_registration": "other_state",
    "ngo_inspection": "other_state",
    "blocking_website": "other_state",
    "prison_pressure": "other_state",
    "ill_treatment": "other_state",
    "forced_psychiatric_exam": "other_state",
    "grant_obstruction": "other_state",
    "censorship": "other_state",
    "insults": "private_person",
    "defamation_lawsuit": "private_person",
    "threats_pressure": "unknown_person",
    "pressure_on_relatives": "unknown_person",
    "physical_assault": "unknown_person",
    "property_damage": "unknown_person",
    "hacking": "unknown_person",
    "cyber_attack": "unknown_person",
    "personal_data_leak": "unknown_person",
    "online_harassment": "unknown_person",
    "dismissal": "business",
    "obstruction_journalism": "business",
    "smear_publication": "media",
    "defamation_campaign": "media",
    "foreign_agent_accusation": "media",
}
# The usual actor of each VIOLATIONS entry, as an index into ACTORS.
_USUAL_ACTOR_RANK = np.array(
    [list(ACTORS).index(_USUAL_ACTOR.get(code, "other")) for code in VIOLATIONS], dtype=np.int64
)


def _actor_slots(
    usual: np.ndarray, a_counts: np.ndarray, c_counts: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Actor and complaint flag for each slot of incidents sorted by usual actor, counts exact."""
    n_actors = len(a_counts)
    usual_counts = np.bincount(usual, minlength=n_actors)
    matched = np.minimum(usual_counts, a_counts)
    group_start = np.cumsum(usual_counts) - usual_counts
    slot = np.arange(len(usual))
    slot_group = np.repeat(np.arange(n_actors), usual_counts)
    slot_actor = np.where(slot - group_start[slot_group] < matched[slot_group], slot_group, -1)
    leftover = np.repeat(np.arange(n_actors), a_counts - matched)
    slot_actor[slot_actor < 0] = leftover[rng.permutation(len(leftover))]
    # complaints on c random slots of each actor
    order = np.lexsort((rng.random(len(usual)), slot_actor))
    sorted_actor = slot_actor[order]
    rank = np.arange(len(usual)) - np.searchsorted(sorted_actor, sorted_actor, side="left")
    complaint = np.empty(len(usual), dtype=bool)
    complaint[order] = rank < c_counts[sorted_actor]
    return slot_actor, complaint


def place_actors(season: Season, codes: ReferenceCodes, violations: SeasonViolations) -> tuple[np.ndarray, np.ndarray]:
    """Reference actor and complaint flag of every incident of the season, all replicas.

    Each incident gets its primary type's usual source as far as that actor's count allows, the
    rest at random; complaints travel with the actor.
    """
    n, scale = season.incidents, season.scale
    actor_counts = season.counts(ACTORS, total=n, column=2 * season.profile)
    complaint_counts = np.minimum(season.counts(ACTORS, column=2 * season.profile + 1), actor_counts)
    rng = season.rng(Stream.ACTOR)
    slot_actor, slot_complaint = _actor_slots(
        _USUAL_ACTOR_RANK[violations.primary], actor_counts, complaint_counts, rng
    )
    # The slots of a replica: its incidents sorted by usual actor, at random within one actor.
    key = _USUAL_ACTOR_RANK[violations.primary_blocks] + rng.random((scale, n))
    slot = np.argsort(key, axis=1, kind="stable")
    actor_blocks = np.empty((scale, n), dtype=np.int64)
    complaint_blocks = np.empty((scale, n), dtype=bool)
    np.put_along_axis(actor_blocks, slot, np.broadcast_to(slot_actor, (scale, n)), axis=1)
    np.put_along_axis(complaint_blocks, slot, np.broadcast_to(slot_complaint, (scale, n)), axis=1)
    return codes.actor[actor_blocks.ravel()], complaint_blocks.ravel()
