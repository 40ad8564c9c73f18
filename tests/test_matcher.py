from __future__ import annotations

from terms import Matcher, MatchKind, Termbase, load_glossary_text

GLOSSARY = """
version: 1
name: test
concepts:
  pashinyan:
    type: person
    en: {preferred: Pashinyan, deprecated: [Pashinian]}
    ru: {preferred: {term: Пашинян, endings: [а, у, ом]}}
  nagorno-karabakh:
    type: place
    en: Nagorno-Karabakh
    es: Nagorno Karabaj
  karabakh:
    type: place
    en: Karabakh
  csto:
    type: acronym
    en: {preferred: {term: CSTO, case-sensitive: true}}
    ru: {case-sensitive: true, preferred: ОДКБ}
  tokyo:
    type: place
    en: Tokyo
    ja: 東京
  poutine:
    type: person
    fr: Poutine
"""


def find(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return (matched text, concept, [(listed, kind)]) for each match."""
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    return [
        (
            text[m.start : m.end],
            m.candidates[0].concept_id,
            [(c.listed, c.kind.label) for c in m.candidates],
        )
        for m in Matcher(termbase).find(text)
    ]


def test_exact_case_and_folded_kinds() -> None:
    found = find("Pashinian, PASHINIAN, Pashinián")
    assert [(t, kinds[0]) for t, _, kinds in found] == [
        ("Pashinian", ("Pashinian", "exact")),
        ("PASHINIAN", ("Pashinian", "case")),
        ("Pashinián", ("Pashinian", "folded")),
    ]


def test_cyrillic_is_found_by_transliteration_from_latin_and_back() -> None:
    assert find("Pashinyan and Пашинян")[1][2][0] == ("Пашинян", "exact")
    kinds = dict(find("Пашинян")[0][2])
    assert kinds["Pashinyan"] == "folded"


def test_words_end_at_word_boundaries() -> None:
    assert find("Pashinianism Karabakhi XKarabakh Karabakh_") == []
    assert [t for t, _, _ in find("Pashinian's Pashinian’s (Karabakh) pro-Karabakh")] == [
        "Pashinian",
        "Pashinian",
        "Karabakh",
        "Karabakh",
    ]


def test_longest_match_wins_and_spans_do_not_overlap() -> None:
    found = find("in Nagorno Karabaj and Nagorno-Karabakh and\nNagorno \n Karabakh, Karabakh")
    assert [(t, c) for t, c, _ in found] == [
        ("Nagorno Karabaj", "nagorno-karabakh"),
        ("Nagorno-Karabakh", "nagorno-karabakh"),
        ("Nagorno \n Karabakh", "nagorno-karabakh"),
        ("Karabakh", "karabakh"),
    ]


def test_allowed_endings() -> None:
    found = find("с Пашиняном и Пашинянов")
    assert [t for t, _, _ in found] == ["Пашиняном"]


def test_case_sensitive_terms() -> None:
    assert [t for t, _, _ in find("CSTO csto Csto ODKB odkb")] == ["CSTO", "ODKB"]


def test_lowercase_text_matches_capitalized_terms_by_case() -> None:
    # whether it is rewritten is the normalizer's decision (a common word is not a name)
    assert find("a plate of poutine")[0][2] == [("Poutine", "case")]


def test_scripts_without_spaces_need_no_word_boundary() -> None:
    assert [t for t, _, _ in find("東京都に行く")] == ["東京"]


def test_urls_and_email_addresses_are_never_matched() -> None:
    text = "see https://example.org/Pashinian and pashinian@example.org or www.Karabakh.am"
    assert find(text) == []


def test_match_kind_labels() -> None:
    assert [k.label for k in MatchKind] == ["exact", "case", "folded", "pattern", "fuzzy"]


def test_terms_ending_in_punctuation_need_a_boundary_too() -> None:
    glossary = """
version: 1
concepts:
  us:
    type: place
    en: {preferred: {term: US, case-sensitive: true}, deprecated: [U.S.]}
"""
    termbase = Termbase((load_glossary_text(glossary),))
    text = "the U.S. and the U.S.A."
    assert [text[m.start : m.end] for m in Matcher(termbase).find(text)] == ["U.S."]
