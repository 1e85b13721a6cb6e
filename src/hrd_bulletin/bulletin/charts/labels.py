"""The words of the charts: msgids of the codes they show, and the edition's reference labels.

Every fixed text is an English msgid inside ``N_()`` (translated where it is drawn), so Babel
extracts it. ``Labels`` carries one edition's reference labels and number formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hrd_bulletin import i18n
from hrd_bulletin.bulletin.glossary import reference_term
from hrd_bulletin.bulletin.msgids import N_, keyed
from hrd_bulletin.contract.vocabulary import (
    CHANNELS,
    GROUPS_AND_ALL,
    INDEX_LEVELS,
    INDICES,
    LIKELIHOOD_LEVELS,
    PREVALENCE_TYPES,
    TONES,
)
from hrd_bulletin.errors import ConfigError
from hrd_bulletin.metrics.media import UNCODED

# Chart texts of the vocabulary's codes (hrd_bulletin.contract.vocabulary), in its order.
GROUP_NAMES: dict[str, str] = keyed(
    GROUPS_AND_ALL, N_("Individual defenders"), N_("Organisations"), N_("All defenders")
)
# attack_prevalence's attack types (PREVALENCE_TYPES).
ATTACK_NAMES: dict[str, str] = keyed(
    PREVALENCE_TYPES,
    N_("Information attacks"),
    N_("Attacks on reputation"),
    N_("Physical attacks"),
    N_("Attacks on equipment"),
    N_("Threats"),
)
LIKELIHOOD_NAMES: dict[int, str] = keyed(
    LIKELIHOOD_LEVELS, N_("Ruled out"), N_("Unlikely"), N_("Likely"), N_("Highly likely")
)
PORTRAIT_ITEMS: dict[str, tuple[str, dict[str, str]]] = {
    "gender": (N_("Gender"), {"female": N_("Female"), "male": N_("Male")}),
    "ethnicity": (
        N_("Ethnicity"),
        {"kazakh": N_("Kazakh"), "russian": N_("Russian"), "other": N_("Other")},
    ),
    "education": (
        N_("Education"),
        {"higher": N_("Higher"), "vocational": N_("Vocational"), "secondary": N_("Secondary")},
    ),
}
EXPERIENCE_ITEM = "experience_years"
# (item, answer counted, label): the share answering `answer` is read from survey_shares.
SECURITY_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("security_training", "true", N_("Has had security training")),
    ("needs_training", "true", N_("Needs security training")),
    ("needs_information", "true", N_("Needs information on security")),
    ("has_security_protocol", "true", N_("Has a security protocol")),
    ("has_alarm", "true", N_("Has an alarm")),
    ("access_locks", "true", N_("Has special locks")),
    ("access_secure_comms", "true", N_("Has safe means of communication")),
    ("needs_financial_advice", "true", N_("Needs advice on financial security")),
    ("secure_exchange", "yes", N_("Can send and receive information securely")),
)
INDEX_NAMES: dict[str, str] = keyed(
    INDICES, N_("Threats"), N_("Vulnerability"), N_("Resources"), N_("Risk"), N_("Security")
)
INDEX_LEVEL_NAMES: dict[str, str] = keyed(INDEX_LEVELS, N_("Low"), N_("Medium"), N_("High"))
CHANNEL_NAMES: dict[str, str] = keyed(
    CHANNELS, N_("News media"), N_("Social media"), N_("Human rights organisations' websites")
)
# Media tones, and the tone of materials nobody coded.
TONE_NAMES: dict[str, str] = keyed(
    (*TONES, UNCODED), N_("Supportive of the defender"), N_("Neutral"), N_("Hostile to the defender"), N_("Not coded")
)
# Count columns of state_response and court_outcomes.
RESPONSE_NAMES: dict[str, str] = {
    "ignored": N_("Ignored"),
    "formal": N_("Formal response"),
    "effective": N_("Effective response"),
}
COURT_OUTCOME_NAMES: dict[str, str] = {
    "against_hrd": N_("Against the defender"),
    "for_hrd": N_("For the defender"),
    "pending": N_("Pending"),
    "other": N_("Other"),
}


@dataclass(frozen=True)
class Labels:
    """Reference labels and number formats for one language of the bulletin."""

    lang: str
    regions: Mapping[str, str] = field(default_factory=dict)
    threat_types: Mapping[str, str] = field(default_factory=dict)
    threat_categories: Mapping[str, str] = field(default_factory=dict)
    victim_categories: Mapping[str, str] = field(default_factory=dict)
    actors: Mapping[str, str] = field(default_factory=dict)
    seasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        """Babel locale of the edition."""
        return self.lang

    def region(self, code: str) -> str:
        """Name of a region (the code when unknown)."""
        return self.regions.get(code, code)

    def threat_type(self, code: str) -> str:
        """Label of a threat type."""
        return self.threat_types.get(code, code)

    def threat_category(self, code: str) -> str:
        """Label of a threat category."""
        return self.threat_categories.get(code, code)

    def victim_category(self, code: str) -> str:
        """Label of a victim category."""
        return self.victim_categories.get(code, code)

    def actor(self, code: str) -> str:
        """Label of a source actor."""
        return self.actors.get(code, code)

    def season(self, season_id: str) -> str:
        """Label of a season from the config (the id when unknown)."""
        return self.seasons.get(season_id, season_id)

    def number(self, value: float, decimals: int = 0) -> str:
        """``value`` as printed in the edition's language (decimal comma in ru, half-up rounding)."""
        return i18n.fmt_decimal(value, self.lang, decimals)

    def percent(self, share: float, decimals: int = 1) -> str:
        """A share as a percentage in the edition's language ("32,8 %" in ru, "32.8%" in en)."""
        return i18n.fmt_percent(share, self.lang, decimals)

    @classmethod
    def from_reference(
        cls, reference: Mapping[str, pd.DataFrame], seasons: Sequence[Mapping[str, Any]], lang: str
    ) -> Labels:
        """Labels of the processed reference tables and the config seasons in ``lang`` (ru/en)."""
        if lang not in i18n.LANGUAGES:
            raise ConfigError(f"figures: language must be one of {', '.join(i18n.LANGUAGES)}, got {lang!r}")

        def mapping(name: str, column: str) -> dict[str, str]:
            table = reference.get(name)
            if table is None or column not in table.columns:
                return {}
            # The glossary's term where it has one for the code: charts and text say the same.
            return {
                code: reference_term(name, code, lang, label)
                for code, label in zip(table["code"].astype(str), table[column].astype(str))
            }

        return cls(
            lang=lang,
            regions=mapping("regions", f"name_{lang}"),
            threat_types=mapping("threat_types", f"label_{lang}"),
            threat_categories=mapping("threat_categories", f"label_{lang}"),
            victim_categories=mapping("victim_categories", f"label_{lang}"),
            actors=mapping("actors", f"label_{lang}"),
            seasons={str(s["id"]): i18n.season_label(s, lang) for s in seasons},
        )
