"""The words of the field forms that the contract does not hold: choice labels of the enums, the
sections (groups) the questions are shown in, hints and the forms' titles, in Russian and English.

Question labels themselves are the contract's column descriptions (``description_ru`` and
``description``) and choices of a reference column are the reference table's labels; only what
is here has no other home. tests/test_forms.py checks that every enum code has a label.
"""

from __future__ import annotations

from hrd_bulletin.contract.vocabulary import GROUPS

# (table, column) -> {code: (Russian, English)}: the enum codes of the questions of the forms.
ENUM_LABELS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    # the respondent types in the vocabulary's order (individual, organization)
    ("survey", "respondent_type"): dict(
        zip(
            GROUPS,
            (("Физическое лицо (правозащитник)", "Individual (defender)"), ("Организация (НПО)", "Organization (NGO)")),
            strict=True,
        )
    ),
    ("survey", "gender"): {"female": ("Женский", "Female"), "male": ("Мужской", "Male")},
    ("survey", "ethnicity"): {
        "kazakh": ("Казах(шка)", "Kazakh"),
        "russian": ("Русский(ая)", "Russian"),
        "other": ("Другая национальность", "Other ethnicity"),
    },
    ("survey", "education"): {
        "higher": ("Высшее", "Higher"),
        "vocational": ("Среднее специальное", "Vocational"),
        "secondary": ("Среднее", "Secondary"),
    },
    ("survey", "employment"): {
        "labour_contract": ("Трудовой договор", "Labour contract"),
        "service_contract": ("Договор оказания услуг", "Service contract"),
        "sole_proprietor": ("Индивидуальный предприниматель", "Sole proprietor"),
        "none": ("Никак не оформлена", "Not formalised"),
    },
    ("survey", "specializations"): {
        "civil": ("Гражданские права", "Civil rights"),
        "political": ("Политические права", "Political rights"),
        "family": ("Права семьи", "Family rights"),
        "gender": ("Гендерное равенство", "Gender equality"),
        "labour": ("Трудовые права", "Labour rights"),
        "children": ("Права детей", "Children's rights"),
        "disability": ("Права людей с инвалидностью", "Rights of persons with disabilities"),
        "prisoners": ("Права заключённых", "Prisoners' rights"),
        "hiv": ("Права людей, живущих с ВИЧ", "Rights of people living with HIV"),
        "other": ("Другие права или группы", "Other rights or groups"),
    },
    ("survey", "police_appeal_result"): {
        "no_action": ("Никаких мер не принято", "No action taken"),
        "no_violation_found": ("Нарушений не найдено", "No violation found"),
        "action_taken": ("Меры приняты", "Action taken"),
    },
    ("survey", "coalition_member"): {
        "yes": ("Состою", "Member"),
        "no": ("Не состою", "Not a member"),
        "unaware": ("Не знаю о Коалиции", "Unaware of the Coalition"),
    },
    ("survey", "secure_exchange"): {
        "yes": ("Могу", "Can"),
        "no": ("Не могу", "Cannot"),
        "unknown": ("Не знаю", "Do not know"),
    },
    ("incidents", "state_response"): {
        "none": ("Никакой реакции", "No response"),
        "formal": ("Формальная реакция", "Formal response"),
        "effective": ("Действенная защита", "Effective protection"),
    },
}

# The choices of a boolean question: the names are the contract's true and false words.
BOOLEAN_CHOICES: dict[str, tuple[str, str]] = {"yes": ("Да", "Yes"), "no": ("Нет", "No")}

# Sections of a form: (group name, first column of the section, Russian, English), in order.
SECTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "survey": [
        ("interview", "respondent_id", "Интервью", "Interview"),
        ("profile", "gender", "Респондент", "Respondent"),
        ("attacks", "attacks_information", "Нападения и угрозы", "Attacks and threats"),
        ("security", "security_self_rating", "Безопасность", "Security"),
        ("organization", "projects_per_year", "Организация", "Organization"),
    ],
    "incidents": [
        ("incident", "incident_id", "Инцидент", "Incident"),
        ("response", "state_response", "Реакция и источник", "Response and source"),
    ],
}

# The repeat group of a form: raw table -> (repeat name, Russian, English).
REPEATS: dict[str, tuple[str, str, str]] = {
    "violations": ("violations", "Нарушенные права (по одному на строку)", "Rights violated (one per entry)"),
}

HINTS: dict[str, tuple[str, str]] = {
    "respondent_id": (
        "Только псевдоним (например, R0001), не имя.",
        "A pseudonym only (e.g. R0001), never a name.",
    ),
    "victim_id": ("Только псевдоним (например, V0001), не имя.", "A pseudonym only (e.g. V0001), never a name."),
    "incident_id": ("Уникальный номер, например I000001.", "A unique number, e.g. I000001."),
    "description": (
        "Факты без имён, телефонов, адресов и номеров документов.",
        "Facts without names, phone numbers, addresses or ID numbers.",
    ),
}

TITLES: dict[str, tuple[str, str]] = {
    "survey": ("Опрос правозащитников", "Survey of defenders"),
    "incidents": ("Журнал инцидентов", "Incident log"),
}

CONSTRAINT_MESSAGES: dict[str, tuple[str, str]] = {
    "range": ("Значение вне допустимого диапазона.", "The value is out of range."),
    "pattern": ("Значение не соответствует формату.", "The value does not fit the format."),
}
