"""The published event counts, one column per season profile.

Index 0 is season 1 (Aug 2015 - Apr 2016, 9 months), index 1 season 2 (May 2016 - Mar 2017,
11 months). A season list other than the bundled one uses profile 0 for its first season and
profile 1 for the later ones, scaled by the season's length in months (:mod:`.seasons`).
"""

from __future__ import annotations

PROFILE_MONTHS = (9, 11)
INCIDENTS = (391, 576)

# Violations per threat type (407 + 639). Over both seasons: refusal_information 135,
# court_proceedings 120, threats_pressure 102, demand_remove_material 35 (4th; 3,3 % of 1 046),
# every other type at most 32. The S1 leaders are the seven types the bulletin names.
VIOLATIONS: dict[str, tuple[int, int]] = {
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
SETTLEMENTS: tuple[tuple[str, str, int, int], ...] = (
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

VICTIMS: dict[str, tuple[int, int]] = {
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
ACTORS: dict[str, tuple[int, int, int, int]] = {
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


# 880 ignored (91,0 %), 43 formal, 44 effective: half of the responses were useful.
STATE_RESPONSE: dict[str, tuple[int, int]] = {
    "none": (356, 524),
    "formal": (17, 26),
    "effective": (18, 26),
}

# Court decisions: 60 against the defender to 6 for (10:1), each season 10:1 too.
COURT_OUTCOME: dict[str, tuple[int, int]] = {
    "against_hrd": (20, 40),
    "for_hrd": (2, 4),
    "pending": (3, 5),
    "other": (2, 3),
}
COURT_TYPE: dict[str, tuple[int, int]] = {
    "criminal": (7, 14),
    "civil": (8, 15),
    "administrative": (12, 23),
}
COURT_ROLE: dict[str, tuple[int, int]] = {"defendant": (23, 45), "plaintiff": (4, 7)}
COURT_LINKED = (18, 35)  # decisions tied to an incident with a court_proceedings violation

# Media: 175 + 380. Mass media 161 + 175 = press + social; own sites 14 + 205.
MEDIA_CHANNEL: dict[str, tuple[int, int]] = {
    "press": (122, 143),
    "social": (39, 32),
    "hrd_site": (14, 205),
}
# Tone 351 / 77 / 2 coded (81,6 / 17,9 / 0,5 %), 125 not coded; "" = not coded.
MEDIA_TONE: dict[str, tuple[int, int]] = {
    "supportive": (105, 246),
    "neutral": (30, 47),
    "hostile": (1, 1),
    "": (39, 86),
}
# "" = national. S1 leaders Aktobe, Almaty, Pavlodar, Astana (30-60 over three quarters);
# S2 Astana 92, then Shymkent, Kostanay, Karaganda, Pavlodar, Aktau 40-59.
MEDIA_REGION: dict[str, tuple[int, int]] = {
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
