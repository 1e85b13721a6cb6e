"""Field forms for KoboToolbox and ODK, generated from the data contract (``hrd-bulletin forms``).

``write_forms(out_dir, reference)`` writes one XLSForm workbook per form: ``survey.xlsx`` (the
defenders' survey) and ``incidents.xlsx`` (the incident log, its violations a repeat group),
labelled in Russian and English, with the reference tables' codes as choices and the contract's
required fields, ranges and relevance (organization-only questions for organizations). Each
question is named as its contract column, so an export of the form maps back onto the raw
table (``hrd_bulletin.ingest.platforms``). Modules: ``labels`` (the words the contract lacks),
``questions`` (the model, shared with ingest), ``xlsform`` (the workbooks).
"""

from __future__ import annotations

from hrd_bulletin.forms.questions import FORMS, REPEAT_PARENT, Question, contract_version, questions
from hrd_bulletin.forms.xlsform import build_form, form_id, write_forms

__all__ = [
    "FORMS",
    "REPEAT_PARENT",
    "Question",
    "build_form",
    "contract_version",
    "form_id",
    "questions",
    "write_forms",
]
