"""The glossary: complete for every code the bulletin prints, in both languages, British English."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hrd_bulletin.bulletin.glossary import (
    GlossaryError,
    american_spellings,
    cyrillic_outside_quotes,
    domain,
    glossary,
    proper_names,
    read_glossary,
    term,
)
from hrd_bulletin.contract import vocabulary

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference"


def _codes(table: str) -> list[str]:
    with (REFERENCE / table).open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("victim", _codes("victim_categories.csv")),
        ("threat_category", _codes("threat_categories.csv")),
        ("threat_type", _codes("threat_types.csv")),
        ("source", _codes("actors.csv")),
        ("region", _codes("regions.csv")),
        ("group", list(vocabulary.GROUPS_AND_ALL)),
        ("channel", list(vocabulary.CHANNELS)),
        ("tone", list(vocabulary.TONES)),
        ("likelihood", [str(level) for level in vocabulary.LIKELIHOOD_LEVELS]),
        ("attack", list(vocabulary.PREVALENCE_TYPES)),
        ("index", list(vocabulary.INDICES)),
        ("index_level", list(vocabulary.INDEX_LEVELS)),
    ],
)
def test_every_code_has_a_term(prefix: str, codes: list[str]) -> None:
    missing = [c for c in codes if f"{prefix}.{c}" not in glossary()]
    assert codes and not missing


def test_every_term_has_both_languages_and_kazakh_is_reported_missing() -> None:
    for key in glossary():
        assert term(key, "ru") and term(key, "en")
    with pytest.raises(GlossaryError, match="no kk form"):
        term("tone.neutral", "kk")
    with pytest.raises(GlossaryError, match="no term"):
        term("tone.angry", "en")


def test_idiomatic_terms() -> None:
    assert [term(f"likelihood.{n}", "en") for n in (1, 2, 3, 4)] == ["Ruled out", "Unlikely", "Likely", "Highly likely"]
    assert term("term.lay_defender", "en") == "Lay defender"
    assert "lay defender" in term("victim.lawyer", "en")
    assert domain("tone", "en")["hostile"] == "Hostile to the defender"


def test_place_names_follow_the_kazakh_romanisation() -> None:
    en = proper_names("en")
    assert {"Oral", "Petropavl", "Oskemen", "Semey", "Kostanay", "Zhambyl Region", "Mangystau Region"} <= en
    assert not {"Uralsk", "Petropavlovsk", "Ust-Kamenogorsk", "Jambyl Region", "Mangistau Region"} & en
    # An oblast keeps "Region": "Pavlodar" alone is the city, a settlement of its own.
    assert term("region.ZAP", "en") == "West Kazakhstan Region"
    assert (term("region.PAV", "en"), term("city.pavlodar", "en")) == ("Pavlodar Region", "Pavlodar")
    assert "Алматы" in proper_names("ru")


def test_english_is_british_and_hyphen_free() -> None:
    text = " ".join(t.en for t in glossary().values())
    assert american_spellings(text) == []
    assert "human-rights" not in text.lower()
    assert cyrillic_outside_quotes(text) == []


def test_american_spellings_are_found() -> None:
    text = "The organization's defense program at the center; organise, size, prizes, seize, citizen, realized"
    assert american_spellings(text) == ["organization", "defense", "program", "center", "realized"]


def test_cyrillic_outside_quotes() -> None:
    assert cyrillic_outside_quotes("The NGO «ЭХО» published “Правозащитники” in Алматы.") == ["Алматы."]


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text("key,ru,en,kk,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("tone.neutral,Нейтральная,,,", r"glossary.csv:2: term 'tone.neutral' has no en form"),
        ("tone.neutral,,Neutral,,", r"glossary.csv:2: term 'tone.neutral' has no ru form"),
        ("group.organization,НПО,Organizations,,", r"glossary.csv:2: American spelling .*'Organizations'"),
        ("term.hrd,Правозащитник,Human-rights defender,,", r"glossary.csv:2: write 'human rights'"),
        ("term.hrd,Правозащитник,Правозащитник,,", r"glossary.csv:2: .*Cyrillic"),
        ("neutral,Нейтральная,Neutral,,", r"glossary.csv:2: key 'neutral' is not <domain>.<code>"),
    ],
)
def test_bad_rows_are_refused_with_their_line(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        read_glossary(_write(tmp_path, [row]))


def test_duplicate_keys_and_wrong_columns(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r":3: key 'tone.neutral' appears twice"):
        read_glossary(_write(tmp_path, ["tone.neutral,Нейтральная,Neutral,,", "tone.neutral,Нейтральная,Neutral,,"]))
    path = tmp_path / "bad.csv"
    path.write_text("key,ru,en\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="columns must be key, ru, en, kk, note"):
        read_glossary(path)
