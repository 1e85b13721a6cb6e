"""Reconstructed incidents, violations, court cases and media materials.

Every count the bulletin publishes consistently is placed on purpose in a per-season *profile*
below; randomness (a seeded NumPy generator) only decides which row gets which value, so the
marginal counts are exact for every seed. ``scale`` replicates each season block with fresh ids
and fresh permutations, so counts scale exactly too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

# --- profiles: the published counts ------------------------------------------------------------
# Index 0 is season 1 (Aug 2015 - Apr 2016, 9 months), index 1 season 2 (May 2016 - Mar 2017,
# 11 months). A season list other than the bundled one uses profile 0 for its first season and
# profile 1 for the later ones, scaled by the season's length in months.
_PROFILE_MONTHS = (9, 11)
_INCIDENTS = (391, 576)

# Violations per threat type (407 + 639). Over both seasons: refusal_information 135,
# court_proceedings 120, threats_pressure 102, demand_remove_material 35 (4th; 3,3 % of 1 046),
# every other type at most 32. The S1 leaders are the seven types the bulletin names.
_VIOLATIONS: dict[str, tuple[int, int]] = {
    "refusal_information": (55, 80),
    "demand_remove_material": (14, 21),
    "obstruction_journalism": (11, 10),
    "denial_accreditation": (6, 4),
    "denial_access_event": (9, 8),
    "confiscation_materials": (5, 3),
    "censorship": (7, 6),
    "blocking_website": (8, 8),
    "court_proceedings": (48, 72),
    "criminal_prosecution": (10, 12),
    "administrative_arrest": (9, 8),
    "administrative_fine": (8, 7),
    "defamation_lawsuit": (9, 8),
    "interrogation": (7, 7),
    "search": (6, 5),
    "restriction_of_freedom": (3, 2),
    "threats_pressure": (40, 62),
    "pressure_on_relatives": (20, 11),
    "physical_assault": (7, 6),
    "property_damage": (5, 4),
    "provocation": (4, 3),
    "ill_treatment": (3, 2),
    "insults": (22, 10),
    "defamation_campaign": (8, 8),
    "smear_publication": (8, 7),
    "foreign_agent_accusation": (4, 5),
    "surveillance": (18, 12),
    "police_detention": (16, 12),
    "travel_ban": (6, 4),
    "dismissal": (7, 5),
    "refusal_registration": (4, 3),
    "assembly_ban": (6, 4),
    "official_warning": (4, 3),
    "prison_pressure": (3, 1),
    "ngo_inspection": (5, 6),
    "office_eviction": (2, 2),
    "tax_audit": (0, 30),
    "bank_transaction_check": (0, 24),
    "fundraising_check": (0, 17),
    "extra_tax_assessment": (0, 18),
    "asset_freeze": (0, 15),
    "foreign_funding_check": (0, 10),
    "financial_reporting_demand": (0, 10),
    "property_seizure": (0, 8),
    "grant_obstruction": (0, 6),
    "bailiff_enforcement": (0, 5),
    "tax_fine": (0, 5),
    "online_harassment": (0, 10),
    "hacking": (0, 8),
    "cyber_attack": (0, 8),
    "communications_interception": (0, 5),
    "personal_data_leak": (0, 4),
    "false_information_charge": (0, 9),
    "inciting_discord_charge": (0, 7),
    "forced_psychiatric_exam": (0, 3),
    "trade_union_liquidation": (0, 6),
}

# (settlement as reported, region, S1, S2). S1: Almaty 70; Astana = Pavlodar 50; Kostanay =
# Petropavlovsk = Aktobe 40; the rest < 40. S2: Almaty 120, Uralsk 64, Kostanay 39, Astana 19,
# the rest < 39. Kyzylorda oblast has nothing in S1, Almaty oblast nothing in S2.
_SETTLEMENTS: tuple[tuple[str, str, int, int], ...] = (
    ("Алматы", "ALA", 70, 120),
    ("Астана", "AST", 50, 19),
    ("Павлодар", "PAV", 50, 36),
    ("Костанай", "KUS", 40, 39),
    ("Петропавловск", "SEV", 40, 30),
    ("Актобе", "AKT", 40, 35),
    ("Уральск", "ZAP", 13, 64),
    ("Шымкент", "YUZ", 15, 38),
    ("Караганда", "KAR", 14, 37),
    ("Усть-Каменогорск", "VOS", 9, 24),
    ("Семей", "VOS", 5, 12),
    ("Атырау", "ATY", 8, 26),
    ("Актау", "MAN", 6, 28),
    ("Жанаозен", "MAN", 5, 10),
    ("Тараз", "ZHA", 7, 22),
    ("Кокшетау", "AKM", 6, 8),
    ("Темиртау", "KAR", 4, 6),
    ("Экибастуз", "PAV", 4, 4),
    ("Талдыкорган", "ALM", 5, 0),
    ("Кызылорда", "KZY", 0, 18),
)

_VICTIMS: dict[str, tuple[int, int]] = {
    "journalist": (211, 363),
    "hrd": (31, 41),
    "activist": (82, 99),
    "ngo": (27, 29),
    "trade_unionist": (8, 19),
    "convicted_activist": (16, 5),
    "lawyer": (16, 20),
}

# actor -> (S1 incidents, S1 complaints, S2 incidents, S2 complaints). State actors: 215 + 252
# = 467 incidents (> 400) with 5 + 8 = 13 complaints; police, courts and akimats lead and grow.
_ACTORS: dict[str, tuple[int, int, int, int]] = {
    "police": (70, 2, 80, 3),
    "court": (62, 2, 72, 2),
    "akimat": (55, 1, 64, 2),
    "prosecutor": (13, 0, 8, 1),
    "national_security": (9, 0, 5, 0),
    "tax_authority": (2, 0, 20, 0),
    "other_state": (4, 0, 3, 0),
    "private_person": (44, 4, 58, 5),
    "unknown_person": (54, 4, 62, 3),
    "business": (40, 3, 55, 4),
    "media": (0, 0, 48, 4),
    "religious_org": (0, 0, 22, 1),
    "trade_union": (0, 0, 28, 2),
    "other": (38, 1, 51, 1),
}

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
_USUAL_ACTOR_RANK = np.array(
    [list(_ACTORS).index(_USUAL_ACTOR.get(code, "other")) for code in _VIOLATIONS], dtype=np.int64
)

# 880 ignored (91,0 %), 43 formal, 44 effective: half of the responses were useful.
_STATE_RESPONSE: dict[str, tuple[int, int]] = {
    "none": (356, 524),
    "formal": (17, 26),
    "effective": (18, 26),
}

# Court decisions: 60 against the defender to 6 for (10:1), each season 10:1 too.
_COURT_OUTCOME: dict[str, tuple[int, int]] = {
    "against_hrd": (20, 40),
    "for_hrd": (2, 4),
    "pending": (3, 5),
    "other": (2, 3),
}
_COURT_TYPE: dict[str, tuple[int, int]] = {
    "criminal": (7, 14),
    "civil": (8, 15),
    "administrative": (12, 23),
}
_COURT_ROLE: dict[str, tuple[int, int]] = {"defendant": (23, 45), "plaintiff": (4, 7)}
_COURT_LINKED = (18, 35)  # decisions tied to an incident with a court_proceedings violation

# Media: 175 + 380. Mass media 161 + 175 = press + social; own sites 14 + 205.
_MEDIA_CHANNEL: dict[str, tuple[int, int]] = {
    "press": (122, 143),
    "social": (39, 32),
    "hrd_site": (14, 205),
}
# Tone 351 / 77 / 2 coded (81,6 / 17,9 / 0,5 %), 125 not coded; "" = not coded.
_MEDIA_TONE: dict[str, tuple[int, int]] = {
    "supportive": (105, 246),
    "neutral": (30, 47),
    "hostile": (1, 1),
    "": (39, 86),
}
# "" = national. S1 leaders Aktobe, Almaty, Pavlodar, Astana (30-60 over three quarters);
# S2 Astana 92, then Shymkent, Kostanay, Karaganda, Pavlodar, Aktau 40-59.
_MEDIA_REGION: dict[str, tuple[int, int]] = {
    "AKT": (38, 3),
    "ALA": (36, 30),
    "PAV": (33, 44),
    "AST": (31, 92),
    "YUZ": (3, 55),
    "KUS": (4, 50),
    "KAR": (5, 47),
    "MAN": (0, 41),
    "VOS": (4, 3),
    "ZAP": (4, 5),
    "SEV": (3, 0),
    "ATY": (2, 0),
    "": (12, 10),
}
_MEDIA_LINK_SHARE = 0.3  # of regional materials, those that cover a recorded incident

# --- fictional outlets and texts ---------------------------------------------------------------
_OUTLETS: dict[str, tuple[tuple[str, str], ...]] = {
    "press": (
        ("Дала-Ньюс", "dala-news.example.kz"),
        ("Степной курьер", "stepnoy-kurier.example.kz"),
        ("Городской обозреватель", "gorobozrevatel.example.kz"),
        ("Новая неделя Инфо", "nedelya-info.example.kz"),
        ("Региональный вестник", "regvestnik.example.kz"),
        ("Вечерний экспресс-онлайн", "vexpress.example.kz"),
        ("Деловой обзор", "delobzor.example.kz"),
        ("Информ-Панорама", "inform-panorama.example.kz"),
    ),
    "social": (
        ("Страница в Facebook «Гражданский контроль»", "social.example.org/grazhdanskiy-kontrol"),
        ("Группа ВКонтакте «Открытый город»", "social.example.org/otkrytyi-gorod"),
        ("Страница в Facebook «Голос активиста»", "social.example.org/golos-aktivista"),
        ("Блог «Заметки наблюдателя»", "blogs.example.org/nablyudatel"),
    ),
    "hrd_site": (
        ("Сайт «Правозащитный монитор»", "pravmonitor.example.kz"),
        ("Сайт «Бюро гражданских инициатив»", "bgi.example.kz"),
        ("Сайт «Центр правовой помощи»", "cpp.example.kz"),
        ("Сайт «Хроника свободы слова»", "khronika.example.org"),
    ),
}
_URL_SHARE = 0.92  # materials with a stored link
_SOURCE_URL_SHARE = 0.75  # incidents with a stored source link
_VICTIM_ID_SHARE = 0.85  # incidents whose victim has a pseudonymous id
_VICTIM_POOL_SHARE = 0.6  # distinct victims per incident of a category: people recur

_VICTIM_WORD: dict[str, str] = {
    "journalist": "журналист",
    "hrd": "правозащитник",
    "activist": "активист",
    "ngo": "НПО",
    "trade_unionist": "профсоюзный активист",
    "convicted_activist": "осуждённый активист",
    "lawyer": "адвокат",
}

_INCIDENT_COLUMNS = [
    "incident_id",
    "date",
    "region",
    "settlement",
    "victim_category",
    "victim_id",
    "source_actor",
    "state_response",
    "complaint_filed",
    "description",
    "source_url",
]
_COURT_COLUMNS = ["case_id", "incident_id", "decision_date", "case_type", "hrd_role", "outcome"]
_MEDIA_COLUMNS = ["material_id", "date", "region", "channel", "outlet", "tone", "incident_id", "url"]


# --- helpers -----------------------------------------------------------------------------------
def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):  # also pd.Timestamp
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _apportion(counts: Sequence[int], total: int) -> np.ndarray:
    """Scale ``counts`` to sum to ``total`` by largest remainders (ties to the earlier entry)."""
    counts = np.asarray(counts, dtype=np.int64)
    base = int(counts.sum())
    if base == total:
        return counts.copy()
    if base == 0 or total <= 0:
        return np.zeros_like(counts)
    quota = counts * total / base
    out = np.floor(quota).astype(np.int64)
    order = np.argsort(-(quota - out), kind="stable")
    out[order[: total - int(out.sum())]] += 1
    return out


def _rng(seed: int, season: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, season, stream])


def _block_perms(n: int, scale: int, rng: np.random.Generator) -> np.ndarray:
    """One independent permutation of ``range(n)`` per replica, shape (scale, n)."""
    return np.argsort(rng.random((scale, n)), axis=1, kind="stable")


def _permuted(values: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Each replica block holds ``values`` in its own order; flattened to scale * len(values)."""
    return values[_block_perms(len(values), scale, rng)].ravel()


def _iso_days(start: dt.date, n_days: int) -> np.ndarray:
    days = np.datetime64(start.isoformat(), "D") + np.arange(n_days)
    return np.datetime_as_string(days, unit="D").astype(object)


def _ids(prefix: str, n: int, min_width: int) -> np.ndarray:
    width = max(min_width, len(str(n)))
    numbers = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)
    return (prefix + numbers).to_numpy(dtype=object)


def _take(labels: Sequence[str], codes: np.ndarray, missing: str = "") -> np.ndarray:
    """Map integer codes to text; -1 gives ``missing``."""
    table = np.array([*labels, missing], dtype=object)
    return table[np.where(codes < 0, len(labels), codes)]


def _bool_text(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "true", "false").astype(object)


def _seasons_info(seasons: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    info = []
    for i, season in enumerate(seasons):
        start, end = _as_date(season["start"]), _as_date(season["end"])
        profile = 0 if i == 0 else 1
        factor = _months_touched(start, end) / _PROFILE_MONTHS[profile]
        info.append(
            {
                "id": str(season["id"]),
                "start": start,
                "days": (end - start).days + 1,
                "profile": profile,
                "factor": factor,
            }
        )
    return info


def _profile_counts(
    table: Mapping[str, Sequence[int]], profile: int, factor: float, total: int | None = None, column: int | None = None
) -> np.ndarray:
    col = profile if column is None else column
    counts = [row[col] for row in table.values()]
    target = total if total is not None else round(sum(counts) * factor)
    return _apportion(counts, target)


def _code_index(codes: Sequence[str], wanted: Sequence[str], what: str) -> np.ndarray:
    position = {c: i for i, c in enumerate(codes)}
    missing = [w for w in wanted if w not in position]
    if missing:
        raise ValueError(f"{what} codes missing from the reference: {missing}")
    return np.array([position[w] for w in wanted], dtype=np.int64)


# --- per-season structure ----------------------------------------------------------------------
def _violation_structure(
    type_counts: np.ndarray, n_incidents: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Primary type per incident plus (incident, type) extras, no pair twice, counts exact."""
    pool = np.repeat(np.arange(len(type_counts)), type_counts)
    pool = pool[rng.permutation(len(pool))]
    primary = pool[:n_incidents].copy()
    extra_types = pool[n_incidents:]
    n_extra = len(extra_types)
    if n_extra > n_incidents:
        raise ValueError("more than two violations per incident are not generated")
    # Extra k goes to incident k; when its primary is the same type, swap that primary with a
    # later incident's different one (swapping primaries keeps every type count).
    # Loops over the few extras of one base block, never over the replicated table.
    for k in range(n_extra):
        if primary[k] != extra_types[k]:
            continue
        later = np.flatnonzero(primary[n_extra:] != extra_types[k])
        if len(later):
            j = n_extra + later[0]
        else:
            earlier = np.flatnonzero((primary[:n_extra] != extra_types[k]) & (extra_types != primary[k]))
            if not len(earlier):
                raise ValueError("cannot place a second violation without repeating a type")
            j = earlier[0]
        primary[k], primary[j] = primary[j], primary[k]
    return primary, np.arange(n_extra), extra_types


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


def _dates_offsets(scale: int, n: int, days: int, rng: np.random.Generator) -> np.ndarray:
    return np.sort(rng.integers(0, days, size=(scale, n)), axis=1)


# --- public ------------------------------------------------------------------------------------
def build_events(
    reference: dict[str, pd.DataFrame], seasons: list[dict], scale: int = 1, seed: int = 0
) -> dict[str, pd.DataFrame]:
    """Build the incidents, violations, court_cases and media raw tables (text values)."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    if not seasons:
        raise ValueError("at least one season is needed")
    type_codes = list(reference["threat_types"]["code"])
    region_codes = list(reference["regions"]["code"])
    victim_codes = list(reference["victim_categories"]["code"])
    actor_codes = list(reference["actors"]["code"])
    type_labels = dict(zip(reference["threat_types"]["code"], reference["threat_types"]["label_ru"]))

    vio_type_idx = _code_index(type_codes, list(_VIOLATIONS), "threat type")
    settle_region_idx = _code_index(region_codes, [s[1] for s in _SETTLEMENTS], "region")
    victim_idx = _code_index(victim_codes, list(_VICTIMS), "victim category")
    actor_idx = _code_index(actor_codes, list(_ACTORS), "actor")
    # "" (national) maps to -1
    media_region_idx = np.array(
        [-1 if not r else int(_code_index(region_codes, [r], "region")[0]) for r in _MEDIA_REGION], dtype=np.int64
    )
    court_outcomes, court_types, court_roles = list(_COURT_OUTCOME), list(_COURT_TYPE), list(_COURT_ROLE)
    responses, channels, tones = list(_STATE_RESPONSE), list(_MEDIA_CHANNEL), list(_MEDIA_TONE)
    court_local = list(_VIOLATIONS).index("court_proceedings")

    inc_parts: list[dict[str, np.ndarray]] = []
    vio_parts: list[tuple[np.ndarray, np.ndarray]] = []
    court_parts: list[dict[str, np.ndarray]] = []
    media_parts: list[dict[str, np.ndarray]] = []
    offset_inc = 0
    for s_i, season in enumerate(_seasons_info(seasons)):
        prof, factor, days = season["profile"], season["factor"], season["days"]
        iso = _iso_days(season["start"], days)
        n = round(_INCIDENTS[prof] * factor)
        rep = np.repeat(np.arange(scale), n)

        # incidents: every attribute a block-wise permutation of its exact counts
        s_counts = _profile_counts({s[0]: s[2:] for s in _SETTLEMENTS}, prof, factor, total=n)
        settle = _permuted(np.repeat(np.arange(len(_SETTLEMENTS)), s_counts), scale, _rng(seed, s_i, 1))
        victim = victim_idx[
            _permuted(
                np.repeat(np.arange(len(_VICTIMS)), _profile_counts(_VICTIMS, prof, factor, total=n)),
                scale,
                _rng(seed, s_i, 2),
            )
        ]
        response = _permuted(
            np.repeat(np.arange(len(responses)), _profile_counts(_STATE_RESPONSE, prof, factor, total=n)),
            scale,
            _rng(seed, s_i, 4),
        )
        day = _dates_offsets(scale, n, days, _rng(seed, s_i, 5))

        # violations: one structure per season and seed, placed differently in each replica
        t_counts = _profile_counts(_VIOLATIONS, prof, factor)
        t_counts = _apportion(t_counts, max(int(t_counts.sum()), n))
        primary, extra_pos, extra_type = _violation_structure(t_counts, n, _rng(seed, s_i, 6))
        vperm = _block_perms(n, scale, _rng(seed, s_i, 7))
        inverse = np.empty_like(vperm)
        np.put_along_axis(inverse, vperm, np.broadcast_to(np.arange(n), vperm.shape), axis=1)
        primary_blocks = primary[vperm]  # (scale, n), in _VIOLATIONS order
        primary_all = primary_blocks.ravel()
        rep_off = (np.arange(scale) * n)[:, None]
        extra_inc = (inverse[:, extra_pos] + rep_off).ravel()
        vio_inc = np.concatenate([np.arange(scale * n), extra_inc]) + offset_inc
        vio_type = vio_type_idx[np.concatenate([primary_all, np.tile(extra_type, scale)])]
        vio_parts.append((vio_inc, vio_type))

        # actors: exact counts, each incident given its primary type's usual source as far as
        # that actor's count allows, the rest at random; complaints travel with the actor
        a_counts = _profile_counts(_ACTORS, prof, factor, total=n, column=2 * prof)
        c_table = {k: v[2 * prof + 1] for k, v in _ACTORS.items()}
        c_counts = np.minimum(_apportion(list(c_table.values()), round(sum(c_table.values()) * factor)), a_counts)
        arng = _rng(seed, s_i, 3)
        slot_actor, slot_complaint = _actor_slots(_USUAL_ACTOR_RANK[primary], a_counts, c_counts, arng)
        # slot order of a block: incidents sorted by usual actor, randomly within one actor
        key = _USUAL_ACTOR_RANK[primary_blocks] + arng.random((scale, n))
        slot = np.argsort(key, axis=1, kind="stable")
        actor_blocks = np.empty((scale, n), dtype=np.int64)
        complaint_blocks = np.empty((scale, n), dtype=bool)
        np.put_along_axis(actor_blocks, slot, np.broadcast_to(slot_actor, (scale, n)), axis=1)
        np.put_along_axis(complaint_blocks, slot, np.broadcast_to(slot_complaint, (scale, n)), axis=1)
        actor = actor_idx[actor_blocks.ravel()]
        complaint = complaint_blocks.ravel()

        inc_parts.append(
            {
                "date": iso[day.ravel()],
                "day": day.ravel(),
                "rep": rep,
                "settlement": settle,
                "victim": victim,
                "actor": actor,
                "complaint": complaint,
                "response": response,
                "primary": vio_type_idx[primary_all],
            }
        )

        # court cases: some decide an incident that has a court_proceedings violation
        o_counts = _profile_counts(_COURT_OUTCOME, prof, factor)
        k = int(o_counts.sum())
        has_court = np.zeros(n, dtype=bool)
        has_court[primary == court_local] = True
        has_court[extra_pos[extra_type == court_local]] = True
        cand = np.flatnonzero(has_court)
        cand = cand[_rng(seed, s_i, 8).permutation(len(cand))]
        n_linked = min(round(_COURT_LINKED[prof] * factor), len(cand), k)
        linked_pos = inverse[:, cand[:n_linked]] + rep_off  # (scale, n_linked) block positions
        crng = _rng(seed, s_i, 9)
        c_day = crng.integers(0, days, size=(scale, k))
        c_inc = np.full((scale, k), -1, dtype=np.int64)
        c_inc[:, :n_linked] = linked_pos
        inc_day = day.ravel()
        c_day[:, :n_linked] = np.minimum(inc_day[linked_pos] + crng.integers(0, 61, size=(scale, n_linked)), days - 1)
        court_parts.append(
            {
                "day": c_day.ravel(),
                "iso": iso,
                "rep": np.repeat(np.arange(scale), k),
                "inc": np.where(c_inc.ravel() >= 0, c_inc.ravel() + offset_inc, -1),
                "outcome": _permuted(np.repeat(np.arange(len(court_outcomes)), o_counts), scale, crng),
                "type": _permuted(
                    np.repeat(np.arange(len(court_types)), _profile_counts(_COURT_TYPE, prof, factor, total=k)),
                    scale,
                    crng,
                ),
                "role": _permuted(
                    np.repeat(np.arange(len(court_roles)), _profile_counts(_COURT_ROLE, prof, factor, total=k)),
                    scale,
                    crng,
                ),
            }
        )

        # media: channel, tone and region counts exact; regional items may cover an incident
        mrng = _rng(seed, s_i, 10)
        ch_counts = _profile_counts(_MEDIA_CHANNEL, prof, factor)
        m = int(ch_counts.sum())
        m_region = media_region_idx[
            _permuted(
                np.repeat(np.arange(len(_MEDIA_REGION)), _profile_counts(_MEDIA_REGION, prof, factor, total=m)),
                scale,
                mrng,
            )
        ]
        m_rep = np.repeat(np.arange(scale), m)
        inc_region = settle_region_idx[settle]
        n_reg = len(region_codes)
        inc_key = rep * n_reg + inc_region
        order = np.argsort(inc_key, kind="stable")
        key_sorted = inc_key[order]
        m_key = m_rep * n_reg + np.maximum(m_region, 0)
        first = np.searchsorted(key_sorted, m_key, side="left")
        size = np.searchsorted(key_sorted, m_key, side="right") - first
        u = mrng.random(scale * m)
        linked = (m_region >= 0) & (size > 0) & (u < _MEDIA_LINK_SHARE)
        pick = first + np.floor(mrng.random(scale * m) * np.maximum(size, 1)).astype(np.int64)
        m_inc = np.where(linked, order[np.minimum(pick, n * scale - 1)], -1)
        m_day = mrng.integers(0, days, size=scale * m)
        m_day = np.where(
            linked, np.minimum(inc_day[np.maximum(m_inc, 0)] + mrng.integers(0, 21, scale * m), days - 1), m_day
        )
        channel = _permuted(np.repeat(np.arange(len(channels)), ch_counts), scale, mrng)
        media_parts.append(
            {
                "day": m_day,
                "iso": iso,
                "rep": m_rep,
                "region": m_region,
                "channel": channel,
                "tone": _permuted(
                    np.repeat(np.arange(len(tones)), _profile_counts(_MEDIA_TONE, prof, factor, total=m)), scale, mrng
                ),
                "inc": np.where(m_inc >= 0, m_inc + offset_inc, -1),
                "outlet_u": mrng.random(scale * m),
                "url_u": mrng.random(scale * m),
            }
        )
        offset_inc += scale * n

    incidents, inc_ids = _incident_frame(
        inc_parts,
        region_codes,
        settle_region_idx,
        victim_codes,
        actor_codes,
        responses,
        type_codes,
        type_labels,
        scale,
        seed,
    )
    vio_inc = np.concatenate([p[0] for p in vio_parts])
    vio_type = np.concatenate([p[1] for p in vio_parts])
    v_order = np.lexsort((vio_type, vio_inc))
    violations = pd.DataFrame(
        {
            "incident_id": inc_ids[vio_inc[v_order]],
            "threat_type": _take(type_codes, vio_type[v_order]),
        }
    )
    return {
        "incidents": incidents,
        "violations": violations,
        "court_cases": _court_frame(court_parts, inc_ids, court_outcomes, court_types, court_roles),
        "media": _media_frame(media_parts, inc_ids, region_codes, channels, tones),
    }


def _incident_frame(
    parts: list[dict[str, np.ndarray]],
    region_codes: list[str],
    settle_region_idx: np.ndarray,
    victim_codes: list[str],
    actor_codes: list[str],
    responses: list[str],
    type_codes: list[str],
    type_labels: Mapping[str, str],
    scale: int,
    seed: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    cat = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    total = len(cat["date"])
    ids = _ids("I", total, 6)
    rng = _rng(seed, 99_999, 11)  # a stream of its own, apart from every season

    # pseudonymous victims: a per-replica pool per category, so a person recurs across incidents
    n_cat = len(victim_codes)
    cat_counts = np.bincount(cat["victim"], minlength=n_cat) / scale
    pool = np.maximum(1, np.ceil(cat_counts * _VICTIM_POOL_SHARE)).astype(np.int64)
    pool_start = np.concatenate([[0], np.cumsum(pool)[:-1]])
    per_rep = int(pool.sum())
    victim_no = (
        cat["rep"] * per_rep
        + pool_start[cat["victim"]]
        + np.floor(rng.random(total) * pool[cat["victim"]]).astype(np.int64)
    )
    victim_ids = _ids("V", per_rep * scale, 4)[victim_no]
    victim_ids = np.where(rng.random(total) < _VICTIM_ID_SHARE, victim_ids, "")

    labels = [type_labels[c] for c in type_codes]
    desc_table = np.array(
        [
            [f"{lab[:1].upper()}{lab[1:]}; пострадавший: {_VICTIM_WORD.get(v, v)}" for v in victim_codes]
            for lab in labels
        ],
        dtype=object,
    )
    source_url = np.where(rng.random(total) < _SOURCE_URL_SHARE, "https://monitoring.example.org/incidents/" + ids, "")
    settlements = [s[0] for s in _SETTLEMENTS]
    frame = pd.DataFrame(
        {
            "incident_id": ids,
            "date": cat["date"],
            "region": _take(region_codes, settle_region_idx[cat["settlement"]]),
            "settlement": _take(settlements, cat["settlement"]),
            "victim_category": _take(victim_codes, cat["victim"]),
            "victim_id": victim_ids.astype(object),
            "source_actor": _take(actor_codes, cat["actor"]),
            "state_response": _take(responses, cat["response"]),
            "complaint_filed": _bool_text(cat["complaint"]),
            "description": desc_table[cat["primary"], cat["victim"]],
            "source_url": source_url.astype(object),
        },
        columns=_INCIDENT_COLUMNS,
    )
    return frame, ids


def _court_frame(
    parts: list[dict[str, np.ndarray]], inc_ids: np.ndarray, outcomes: list[str], types: list[str], roles: list[str]
) -> pd.DataFrame:
    dates = np.concatenate([p["iso"][p["day"]] for p in parts])
    season = np.concatenate([np.full(len(p["day"]), i) for i, p in enumerate(parts)])
    rep = np.concatenate([p["rep"] for p in parts])
    day = np.concatenate([p["day"] for p in parts])
    order = np.lexsort((day, rep, season))
    inc = np.concatenate([p["inc"] for p in parts])[order]
    return pd.DataFrame(
        {
            "case_id": _ids("C", len(order), 5),
            "incident_id": np.where(inc >= 0, inc_ids[np.maximum(inc, 0)], "").astype(object),
            "decision_date": dates[order],
            "case_type": _take(types, np.concatenate([p["type"] for p in parts])[order]),
            "hrd_role": _take(roles, np.concatenate([p["role"] for p in parts])[order]),
            "outcome": _take(outcomes, np.concatenate([p["outcome"] for p in parts])[order]),
        },
        columns=_COURT_COLUMNS,
    )


def _media_frame(
    parts: list[dict[str, np.ndarray]],
    inc_ids: np.ndarray,
    region_codes: list[str],
    channels: list[str],
    tones: list[str],
) -> pd.DataFrame:
    cat = {key: np.concatenate([p[key] for p in parts]) for key in parts[0] if key != "iso"}
    dates = np.concatenate([p["iso"][p["day"]] for p in parts])
    season = np.concatenate([np.full(len(p["day"]), i) for i, p in enumerate(parts)])
    order = np.lexsort((cat["day"], cat["rep"], season))
    cat = {key: value[order] for key, value in cat.items()}
    ids = _ids("M", len(order), 5)

    # outlet within the channel's fictional list; the url follows the outlet
    outlet = np.empty(len(order), dtype=object)
    url = np.empty(len(order), dtype=object)
    for c_i, channel in enumerate(channels):
        rows = np.flatnonzero(cat["channel"] == c_i)
        names = np.array([o[0] for o in _OUTLETS[channel]], dtype=object)
        domains = np.array([f"https://{o[1]}/materials/" for o in _OUTLETS[channel]], dtype=object)
        pick = np.floor(cat["outlet_u"][rows] * len(names)).astype(np.int64)
        outlet[rows] = names[pick]
        url[rows] = domains[pick] + np.char.lower(ids[rows].astype(str)).astype(object)
    url = np.where(cat["url_u"] < _URL_SHARE, url, "")
    inc = cat["inc"]
    return pd.DataFrame(
        {
            "material_id": ids,
            "date": dates[order],
            "region": _take(region_codes, cat["region"]),
            "channel": _take(channels, cat["channel"]),
            "outlet": outlet,
            "tone": _take(tones, cat["tone"]),
            "incident_id": np.where(inc >= 0, inc_ids[np.maximum(inc, 0)], "").astype(object),
            "url": url.astype(object),
        },
        columns=_MEDIA_COLUMNS,
    )
