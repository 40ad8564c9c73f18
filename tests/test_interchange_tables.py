"""CSV and TSV glossaries: layout detection, what is carried and lost, round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from terms.errors import InputError, UsageError
from terms.glossary import load_glossary, load_glossary_text
from terms.glossary.write import dump_glossary
from terms.interchange import ImportResult, exporter, importer
from terms.interchange.tables import read_csv, read_tsv, write_csv, write_tsv
from terms.model import Concept, Glossary

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
CAUCASUS = ROOT / "glossaries" / "caucasus.yaml"


def read(name: str, **options: Any) -> ImportResult:
    """Import a fixture through the reader its extension names, and check that it loads."""
    path = FIXTURES / name
    reader = read_tsv if path.suffix == ".tsv" else read_csv
    result = reader(path, path.read_text(encoding="utf-8"), **options)
    reloads(result.glossary)
    return result


def reloads(glossary: Glossary) -> Glossary:
    """Return the glossary after a trip through YAML and the load checks."""
    return load_glossary_text(dump_glossary(glossary))


def terms_of(concept: Concept) -> list[tuple[str, str, str]]:
    """Return (language, text, status) of each term of a concept."""
    return [(t.lang, t.text, t.status.value) for t in concept.terms]


def notes(result: ImportResult) -> list[tuple[int, int, str]]:
    """Return each note's line, column and message."""
    return [(lost.line, lost.column, lost.message) for lost in result.lost]


def shape(glossary: Glossary) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """Return what a round trip must keep: ids, types, terms with statuses (order-free)."""
    return [(c.id, c.type, sorted(terms_of(c))) for c in glossary.concepts]


def small_glossary() -> Glossary:
    """Return a glossary using every field a table can hold."""
    return load_glossary_text(
        """version: 1
name: desk
languages: [en, es]
concepts:
  kyiv:
    type: place
    note: Capital of Ukraine.
    definition: |-
      The capital city of Ukraine.
      On the Dnieper.
    tags: [geography, europe]
    sources: [AP Stylebook 2019, BBC style guide]
    en:
      preferred: {term: Kyiv, pos: noun}
      superseded: [{term: Kiev, pos: noun}]
    es: {preferred: {term: Kiev, pos: noun}, admitted: [{term: Kyiv, pos: noun}]}
  csto:
    type: organization
    en: {preferred: CSTO, forbidden: [ODKB]}
    es: {preferred: OTSC, deprecated: [ODKB ruso]}
    ru: ОДКБ
"""
    )


# -- detection and reading ------------------------------------------------------------------------


def test_google_pairs_need_the_languages_as_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        read("google-pairs.csv")
    assert "--source-lang and --target-lang" in str(caught.value)
    assert caught.value.problems[0].code == "TRM033"


def test_google_pairs_file_gives_one_concept_per_row() -> None:
    result = read("google-pairs.csv", source_lang="en", target_lang="ES")
    glossary = result.glossary
    assert glossary.languages == ("en", "es")
    assert [c.id for c in glossary.concepts] == [
        "pashinyan",
        "nagorno-karabakh",
        "yerevan",
        "collective-security-treaty-organization",
        "baku-azerbaijan",
    ]
    assert terms_of(glossary.concepts[4]) == [
        ("en", "Baku, Azerbaijan", "preferred"),
        ("es", "Bakú, Azerbaiyán", "preferred"),
    ]
    # the last row repeats row 3 word for word: merged into its concept
    assert notes(result) == [(6, 1, "row 6 repeats row 3; read once")]


def test_google_equivalent_terms_with_pos_and_description() -> None:
    result = read("google-equivalent-terms.csv")  # starts with a BOM; a blank row inside
    glossary = result.glossary
    assert glossary.languages == ("en", "es", "fr")
    assert [c.id for c in glossary.concepts] == ["yerevan", "baku", "csto", "ceasefire"]
    csto = glossary.concepts[2]
    assert terms_of(csto) == [
        ("en", "CSTO", "preferred"),
        ("es", "OTSC", "preferred"),
        ("fr", "OTSC", "preferred"),
    ]
    assert csto.definition == "Collective Security Treaty Organization, a military alliance"
    assert {t.part_of_speech for t in csto.terms} == {"noun"}
    assert result.lost == ()


def test_deepl_export_takes_languages_from_its_rows_and_reports_a_clash() -> None:
    result = read("deepl-export.csv")
    glossary = result.glossary
    assert glossary.languages == ("es", "en")
    assert [terms_of(c)[1][1] for c in glossary.concepts] == [
        "Pashinyan",
        "Nagorno-Karabakh",
        "CSTO",
        "Yerevan",
    ]
    (relevance, clash) = notes(result)
    assert relevance[:2] == (1, 27) and "relevance" in relevance[2]
    assert clash[:2] == (5, 1)
    assert clash[2].startswith("row 5 is left out: 'Pashinian' (es) is already the term")


def test_deepl_tsv_pairs_with_a_script_subtag() -> None:
    result = read("deepl-pairs.tsv", source_lang="ru-latn", target_lang="en")
    assert [terms_of(c) for c in result.glossary.concepts][2] == [
        ("ru-Latn", "ODKB", "preferred"),
        ("en", "CSTO", "preferred"),
    ]
    assert result.lost == ()


def test_header_per_language_with_status_columns() -> None:
    result = read("languages-statuses.csv")
    pashinyan, kyiv, aliyev = result.glossary.concepts
    assert (pashinyan.type, kyiv.type, aliyev.type) == ("person", "place", "person")
    assert terms_of(pashinyan)[:3] == [
        ("en", "Nikol Pashinyan", "preferred"),
        ("en", "Nikol Pashinian", "deprecated"),  # "en (deprecated)", split at "|"
        ("en", "Nikol Pashinián", "deprecated"),
    ]
    assert ("en", "Kiev", "superseded") in terms_of(kyiv)  # "en:superseded"
    assert ("en", "Alíev", "deprecated") in terms_of(aliyev)  # split at ";"
    assert kyiv.note == "Capital of Ukraine; written Kiev in English before 2019."
    assert notes(result) == [
        (
            4,
            1,
            "concept id 'Aliyev' of row 4 is imported as 'aliyev' (concept ids are unique "
            "lower-case slugs)",
        )
    ]


def test_malformed_table_keeps_what_it_can_and_says_where_the_rest_was() -> None:
    result = read("malformed.csv")
    assert [c.id for c in result.glossary.concepts] == ["yerevan", "baku", "stepanakert"]
    found = notes(result)
    assert [(line, column) for line, column, _ in found] == [(1, 7), (3, 34), (5, 1), (6, 1)]
    assert found[0][2].startswith("column 'Spanish (Spain)' is not a language")
    assert found[1][2] == "not kept: 'checked' of row 3 is beyond the header"
    assert found[2][2] == "row 5 has no term; it is left out"
    assert found[3][2].startswith("row 6 is left out: 'Yerevan' (en) is already the term")


def test_an_unclosed_quote_is_an_input_error_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read("broken-quote.csv")
    problem = caught.value.problems[0]
    assert (problem.code, problem.line) == ("TRM035", 2)
    assert "never closed" in problem.message


def test_semicolon_delimited_csv_and_english_names_in_the_header() -> None:
    result = read_csv(Path("g.csv"), "English;French\nKyiv;Kyiv\nMoldova;Moldavie\n")
    assert [terms_of(c) for c in result.glossary.concepts][1] == [
        ("en", "Moldova", "preferred"),
        ("fr", "Moldavie", "preferred"),
    ]


def test_three_columns_without_a_header_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        read_csv(Path("g.csv"), "Term,Translation,Comment\nKyiv,Kiev,old\n")
    assert "not a header of language columns" in str(caught.value)


def test_forced_layouts() -> None:
    text = "en,es\nKyiv,Kiev\n"
    pairs = read_csv(Path("g.csv"), text, layout="pairs")  # the header names the two languages
    assert terms_of(pairs.glossary.concepts[0]) == [
        ("en", "Kyiv", "preferred"),
        ("es", "Kiev", "preferred"),
    ]
    with pytest.raises(InputError, match="names no language column"):
        read_csv(Path("g.csv"), "Kyiv,Kiev\n", layout="languages")
    with pytest.raises(UsageError, match="unknown table layout"):
        read_csv(Path("g.csv"), text, layout="grid")


def test_bad_language_options_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="--source-lang"):
        read_csv(Path("g.csv"), "Kyiv,Kiev\n", source_lang="xx", target_lang="es")
    with pytest.raises(UsageError, match="both 'en'"):
        read_csv(Path("g.csv"), "Kyiv,Kiev\n", source_lang="en", target_lang="EN")


def test_clashing_variant_is_dropped_but_its_row_kept() -> None:
    text = "en,en:deprecated\nArmenia,\nYerevan,Armenia | Erevan\nErevan,\n"
    result = read_csv(Path("g.csv"), text)
    reloads(result.glossary)
    assert [terms_of(c) for c in result.glossary.concepts] == [
        [("en", "Armenia", "preferred")],
        [("en", "Yerevan", "preferred"), ("en", "Erevan", "deprecated")],
    ]
    assert [(line, message.split(":")[0]) for line, _, message in notes(result)] == [
        (3, "not kept"),
        (4, "row 4 is left out"),
    ]


def test_cell_with_several_preferred_terms_and_duplicates() -> None:
    text = "en,en:deprecated\nKyiv | Kiev,kyiv\n"
    result = read_csv(Path("g.csv"), text)
    assert terms_of(result.glossary.concepts[0]) == [
        ("en", "Kyiv", "preferred"),
        ("en", "Kiev", "admitted"),
    ]
    assert len(result.lost) == 2  # Kiev read as admitted; kyiv listed twice


def test_language_with_only_variants() -> None:
    text = "en,en:admitted,es:deprecated\nKyiv,,Kiev\n,Kiev,\n"
    result = read_csv(Path("g.csv"), text)
    assert [terms_of(c) for c in result.glossary.concepts] == [
        [("en", "Kyiv", "preferred")],
        [("en", "Kiev", "preferred")],
    ]
    assert [line for line, _, _ in notes(result)] == [2, 3]


def test_load_glossary_converts_a_csv_file() -> None:
    glossary = load_glossary(FIXTURES / "languages-statuses.csv")
    assert [c.id for c in glossary.concepts] == ["nikol-pashinyan", "kyiv", "aliyev"]


def test_registered_under_csv_and_tsv() -> None:
    assert importer("csv") is read_csv and importer("tsv") is read_tsv
    assert exporter("csv") is write_csv and exporter("tsv") is write_tsv


# -- writing and round trips ----------------------------------------------------------------------


@pytest.mark.parametrize(("write", "read_back"), [(write_csv, read_csv), (write_tsv, read_tsv)])
def test_caucasus_round_trip(write: Any, read_back: Any) -> None:
    glossary = load_glossary(CAUCASUS)
    exported = write(glossary)
    result = read_back(Path("caucasus.csv"), exported.text)
    assert shape(reloads(result.glossary)) == shape(glossary)
    assert result.lost == ()
    assert any("endings" in lost.message for lost in exported.lost)
    assert any("spec" in lost.message for lost in exported.lost)


def test_small_glossary_round_trip_keeps_every_field() -> None:
    glossary = small_glossary()
    exported = write_csv(glossary)
    header = exported.text.splitlines()[0]
    assert header == (
        "id,type,en,en:superseded,en:forbidden,es,es:admitted,es:deprecated,ru,pos,definition,"
        "note,tags,sources"
    )
    back = read_csv(Path("desk.csv"), exported.text).glossary
    assert shape(back) == shape(glossary)
    kyiv, csto = back.concepts
    assert kyiv.note == "Capital of Ukraine."
    assert kyiv.definition == "The capital city of Ukraine.\nOn the Dnieper."
    assert kyiv.tags == ("geography", "europe")
    assert kyiv.sources == ("AP Stylebook 2019", "BBC style guide")
    assert {t.part_of_speech for t in kyiv.terms} == {"noun"}
    assert {t.part_of_speech for t in csto.terms} == {""}
    assert exported.lost == ()


def test_what_a_table_cannot_hold_is_reported() -> None:
    glossary = load_glossary_text(
        """version: 1
concepts:
  efe:
    type: organization
    translate: false
    en: {preferred: {term: EFE, case-sensitive: true, note: Spanish news agency}}
    es: {preferred: {term: EFE, pos: noun}, deprecated: [E|F|E]}
"""
    )
    exported = write_csv(glossary)
    messages = [lost.message for lost in exported.lost]
    assert any("translate: false" in m for m in messages)
    assert any("case-sensitive" in m for m in messages)
    assert any("written into the concept's note column" in m for m in messages)
    assert any("'E|F|E'" in m for m in messages)
    assert any("part of speech 'noun'" in m for m in messages)
    back = read_csv(Path("efe.csv"), exported.text).glossary
    assert back.concepts[0].note == "EFE (en) note: Spanish news agency"
    assert all(lost.line for lost in exported.lost)  # each points into the glossary


def test_pairs_export_for_deepl() -> None:
    glossary = small_glossary()
    exported = write_tsv(glossary, source_lang="en", target_lang="ru")
    assert exported.text == "CSTO\tОДКБ\n"
    assert exported.lost[0].message == "not written: concept 'kyiv' has no preferred term in 'ru'"
    assert "only each concept's preferred terms" in exported.lost[-1].message
    back = read_tsv(Path("deepl.tsv"), exported.text, source_lang="en", target_lang="ru")
    assert terms_of(back.glossary.concepts[0]) == [
        ("en", "CSTO", "preferred"),
        ("ru", "ОДКБ", "preferred"),
    ]


def test_pairs_export_falls_back_to_the_language_of_a_regional_tag() -> None:
    text = write_csv(small_glossary(), layout="pairs", source_lang="es-MX", target_lang="en").text
    assert text == "Kiev,Kyiv\nOTSC,CSTO\n"


def test_pairs_export_needs_two_languages() -> None:
    with pytest.raises(UsageError, match="--source-lang and --target-lang"):
        write_csv(small_glossary(), layout="pairs", source_lang="en")


def test_languages_layout_is_kept_when_asked_for() -> None:
    text = write_csv(small_glossary(), layout="languages", source_lang="en", target_lang="es").text
    assert text.startswith("id,type,en,")


def test_indonesian_column_is_not_taken_for_concept_ids() -> None:
    glossary = load_glossary_text(
        "version: 1\nconcepts:\n  jakarta:\n"
        "    en: Jakarta\n    id: {preferred: Jakarta, deprecated: [Djakarta]}\n"
    )
    exported = write_csv(glossary)
    assert exported.text == "id,type,en,id,id:deprecated\njakarta,term,Jakarta,Jakarta,Djakarta\n"
    back = read_csv(Path("jakarta.csv"), exported.text)
    assert shape(back.glossary) == shape(glossary)
    assert back.lost == ()
