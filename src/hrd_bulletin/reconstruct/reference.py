"""Reference tables of the reconstructed dataset: regions, threat types, victims, actors."""

from __future__ import annotations

import pandas as pd

# The 16 units of 2015-2017 (ISO 3166-2:KZ letter codes of the time, without "KZ-").
REGIONS: tuple[tuple[str, str, str, str], ...] = (
    ("AKM", "Акмолинская область", "Akmola Region", "oblast"),
    ("AKT", "Актюбинская область", "Aktobe Region", "oblast"),
    ("ALM", "Алматинская область", "Almaty Region", "oblast"),
    ("ALA", "Алматы", "Almaty", "city"),
    ("AST", "Астана", "Astana", "city"),
    ("ATY", "Атырауская область", "Atyrau Region", "oblast"),
    ("KAR", "Карагандинская область", "Karaganda Region", "oblast"),
    ("KUS", "Костанайская область", "Kostanay Region", "oblast"),
    ("KZY", "Кызылординская область", "Kyzylorda Region", "oblast"),
    ("MAN", "Мангистауская область", "Mangystau Region", "oblast"),
    ("PAV", "Павлодарская область", "Pavlodar Region", "oblast"),
    ("SEV", "Северо-Казахстанская область", "North Kazakhstan Region", "oblast"),
    ("VOS", "Восточно-Казахстанская область", "East Kazakhstan Region", "oblast"),
    ("YUZ", "Южно-Казахстанская область", "South Kazakhstan Region", "oblast"),
    ("ZAP", "Западно-Казахстанская область", "West Kazakhstan Region", "oblast"),
    ("ZHA", "Жамбылская область", "Zhambyl Region", "oblast"),
)

# The first five categories already occur in season 1; the last two appear in season 2.
THREAT_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    (
        "information",
        "Ограничение доступа к информации и свободы слова",
        "Restrictions on information and free expression",
    ),
    ("judicial", "Судебное и правовое преследование", "Judicial and legal persecution"),
    ("violence_pressure", "Угрозы, насилие и давление", "Threats, violence and pressure"),
    ("reputation", "Дискредитация и оскорбления", "Discrediting and insults"),
    (
        "administrative",
        "Административное давление и ограничение свободы",
        "Administrative pressure and restrictions on liberty",
    ),
    ("financial", "Финансовое и имущественное давление", "Financial and property pressure"),
    ("digital", "Цифровые угрозы", "Digital threats"),
)

# (code, category, label_ru, label_en, first season in which the type occurs). The first season is
# not a column of the table: it records which types are new in season 2, which the events profile
# honours by giving them no season-1 violations.
THREAT_TYPES: tuple[tuple[str, str, str, str, int], ...] = (
    # information
    ("refusal_information", "information", "отказ в предоставлении информации", "refusal to provide information", 1),
    (
        "demand_remove_material",
        "information",
        "требование снять, удалить медиа-материал или фотографию",
        "demand to take down or delete a media item or photo",
        1,
    ),
    (
        "obstruction_journalism",
        "information",
        "воспрепятствование профессиональной деятельности журналиста",
        "obstruction of journalistic work",
        1,
    ),
    ("denial_accreditation", "information", "отказ в аккредитации", "denial of accreditation", 1),
    (
        "denial_access_event",
        "information",
        "недопуск на мероприятие или в зал судебного заседания",
        "denial of access to an event or courtroom",
        1,
    ),
    (
        "confiscation_materials",
        "information",
        "изъятие материалов или техники",
        "confiscation of materials or equipment",
        1,
    ),
    ("censorship", "information", "цензура, запрет публикации", "censorship, ban on publication", 1),
    ("blocking_website", "information", "блокировка веб-сайта", "blocking of a website", 1),
    # judicial
    ("court_proceedings", "judicial", "судебный процесс", "court proceedings", 1),
    ("criminal_prosecution", "judicial", "уголовное преследование", "criminal prosecution", 1),
    ("administrative_arrest", "judicial", "административный арест", "administrative arrest", 1),
    ("administrative_fine", "judicial", "административный штраф", "administrative fine", 1),
    ("defamation_lawsuit", "judicial", "иск о защите чести, достоинства и деловой репутации", "defamation lawsuit", 1),
    ("interrogation", "judicial", "вызов на допрос", "summons for questioning", 1),
    ("search", "judicial", "обыск", "search", 1),
    ("restriction_of_freedom", "judicial", "приговор к ограничению свободы", "sentence of restricted freedom", 1),
    # violence and pressure
    (
        "threats_pressure",
        "violence_pressure",
        "физические или устные угрозы и давление",
        "physical or verbal threats and pressure",
        1,
    ),
    ("pressure_on_relatives", "violence_pressure", "давление на родственников", "pressure on relatives", 1),
    ("physical_assault", "violence_pressure", "нападение, избиение", "physical assault", 1),
    ("property_damage", "violence_pressure", "порча имущества", "damage to property", 1),
    ("provocation", "violence_pressure", "провокация", "provocation", 1),
    (
        "ill_treatment",
        "violence_pressure",
        "жестокое обращение в местах лишения свободы",
        "ill-treatment in detention",
        1,
    ),
    # reputation
    ("insults", "reputation", "оскорбления", "insults", 1),
    ("defamation_campaign", "reputation", "кампания по дискредитации", "defamation campaign", 1),
    ("smear_publication", "reputation", "заказная порочащая публикация", "commissioned smear publication", 1),
    (
        "foreign_agent_accusation",
        "reputation",
        "обвинения в работе на иностранные интересы",
        "accusations of serving foreign interests",
        1,
    ),
    # administrative
    ("surveillance", "administrative", "слежка", "surveillance", 1),
    ("police_detention", "administrative", "задержание полицией", "police detention", 1),
    ("travel_ban", "administrative", "запрет на выезд", "travel ban", 1),
    ("dismissal", "administrative", "увольнение с работы", "dismissal from work", 1),
    ("refusal_registration", "administrative", "отказ в регистрации", "refusal to register", 1),
    ("assembly_ban", "administrative", "отказ в проведении мирного собрания", "ban on a peaceful assembly", 1),
    (
        "official_warning",
        "administrative",
        "официальное предостережение прокуратуры",
        "official warning by the prosecutor",
        1,
    ),
    ("prison_pressure", "administrative", "давление в местах лишения свободы", "pressure in places of detention", 1),
    (
        "ngo_inspection",
        "administrative",
        "внеплановая проверка деятельности организации",
        "unscheduled inspection of an organisation",
        1,
    ),
    (
        "office_eviction",
        "administrative",
        "выселение из офиса, отказ в аренде",
        "eviction from an office, refusal of a lease",
        1,
    ),
    # new in season 2: financial and property pressure leads
    ("tax_audit", "financial", "налоговая проверка", "tax audit", 2),
    ("bank_transaction_check", "financial", "проверка банковских транзакций", "checks of bank transactions", 2),
    ("fundraising_check", "financial", "проверка кампаний по сбору средств", "checks of fundraising campaigns", 2),
    ("extra_tax_assessment", "financial", "доначисление налогов", "additional tax assessment", 2),
    ("asset_freeze", "financial", "арест счетов или имущества", "freezing of accounts or assets", 2),
    ("foreign_funding_check", "financial", "проверка иностранного финансирования", "checks of foreign funding", 2),
    (
        "financial_reporting_demand",
        "financial",
        "требование внеочередной финансовой отчётности",
        "demand for extraordinary financial reports",
        2,
    ),
    ("property_seizure", "financial", "изъятие имущества", "seizure of property", 2),
    ("grant_obstruction", "financial", "препятствование получению грантов", "obstruction of grant funding", 2),
    (
        "bailiff_enforcement",
        "financial",
        "принудительное взыскание судебными исполнителями",
        "enforced recovery by bailiffs",
        2,
    ),
    ("tax_fine", "financial", "штраф за нарушение налогового законодательства", "tax fine", 2),
    ("online_harassment", "digital", "травля в социальных сетях", "online harassment", 2),
    ("hacking", "digital", "взлом аккаунтов и электронной почты", "hacking of accounts and e-mail", 2),
    ("cyber_attack", "digital", "кибератака на веб-сайт", "cyber attack on a website", 2),
    ("communications_interception", "digital", "перехват переписки", "interception of communications", 2),
    ("personal_data_leak", "digital", "распространение персональных данных", "leak of personal data", 2),
    (
        "false_information_charge",
        "judicial",
        "обвинение в распространении ложной информации",
        "charge of spreading false information",
        2,
    ),
    ("inciting_discord_charge", "judicial", "обвинение в разжигании розни", "charge of inciting discord", 2),
    (
        "forced_psychiatric_exam",
        "administrative",
        "принудительная психиатрическая экспертиза",
        "forced psychiatric examination",
        2,
    ),
    ("trade_union_liquidation", "administrative", "ликвидация профсоюза", "liquidation of a trade union", 2),
)

VICTIM_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("journalist", "Журналист, редакция, СМИ, блогер", "Journalist, editorial office, media outlet, blogger"),
    (
        "hrd",
        "Правозащитник, член или глава правозащитной организации",
        "Human-rights defender, member or head of a human-rights organisation",
    ),
    ("activist", "Общественный деятель, активист", "Public figure, civic activist"),
    ("ngo", "НПО, группа общественных деятелей, активистов", "NGO, group of public figures or activists"),
    ("trade_unionist", "Профсоюзный активист, лидер", "Trade-union activist or leader"),
    (
        "convicted_activist",
        "Осужденный общественный деятель, правозащитник, активист",
        "Convicted public figure, defender or activist",
    ),
    ("lawyer", "Адвокат, юрист, общественный защитник", "Advocate, lawyer, public defender"),
)

ACTORS: tuple[tuple[str, str, str, bool], ...] = (
    ("police", "Полиция", "Police", True),
    ("court", "Суд", "Courts", True),
    ("akimat", "Акимат", "Akimat (local administration)", True),
    ("prosecutor", "Прокуратура", "Prosecutor's office", True),
    ("national_security", "Комитет национальной безопасности", "National security committee", True),
    ("tax_authority", "Налоговые органы", "Tax authority", True),
    ("other_state", "Иной государственный орган", "Other state body", True),
    ("private_person", "Частное лицо", "Private person", False),
    ("unknown_person", "Неизвестное лицо", "Unknown person", False),
    ("business", "Бизнес", "Business", False),
    ("media", "Средства массовой информации", "Media", False),
    ("religious_org", "Религиозная организация", "Religious organisation", False),
    ("trade_union", "Профессиональный союз", "Trade union", False),
    ("other", "Иное", "Other", False),
)


def build_reference() -> dict[str, pd.DataFrame]:
    """Build the five reference tables as text-valued DataFrames in contract column order."""
    return {
        "regions": pd.DataFrame(REGIONS, columns=["code", "name_ru", "name_en", "kind"]),
        "threat_categories": pd.DataFrame(THREAT_CATEGORIES, columns=["code", "label_ru", "label_en"]),
        "threat_types": pd.DataFrame(
            [t[:4] for t in THREAT_TYPES], columns=["code", "category", "label_ru", "label_en"]
        ),
        "victim_categories": pd.DataFrame(VICTIM_CATEGORIES, columns=["code", "label_ru", "label_en"]),
        "actors": pd.DataFrame(
            [(c, ru, en, "true" if s else "false") for c, ru, en, s in ACTORS],
            columns=["code", "label_ru", "label_en", "is_state"],
        ),
    }
