"""PO glossaries: one entry per concept for a pair of languages, read and written with polib."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest

from terms.errors import InputError, UsageError
from terms.glossary import load_glossary, load_glossary_text
from terms.glossary.write import dump_glossary
from terms.interchange import ImportResult, exporter, importer
from terms.interchange.po_glossary import read_po_glossary, write_po_glossary
from terms.model import Concept, Glossary, Status

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
CAUCASUS = ROOT / "glossaries" / "caucasus.yaml"
FIXTURE = FIXTURES / "glossary-en-es.po"


def read(path: Path = FIXTURE, **options: Any) -> ImportResult:
    """Import a PO glossary file, and check that the glossary loads."""
    result = read_po_glossary(path, path.read_text(encoding="utf-8"), **options)
    load_glossary_text(dump_glossary(result.glossary))
    return result


def read_text(text: str, **options: Any) -> ImportResult:
    """Import a PO glossary given as text."""
    return read_po_glossary(Path("inline.po"), text, **options)


def terms_of(concept: Concept) -> list[tuple[str, str, str]]:
    """Return (language, text, status) of each term of a concept."""
    return [(t.lang, t.text, t.status.value) for t in concept.terms]


def pair_shape(glossary: Glossary, source: str, target: str) -> list[tuple[Any, ...]]:
    """Return what a PO round trip keeps: ids, fields, the preferred pair of each concept."""
    shape = []
    for c in glossary.concepts:
        pair = [
            (t.lang, t.text)
            for t in c.terms
            if t.status is Status.PREFERRED and t.lang in (source, target)
        ]
        shape.append((c.id, c.type, c.note, c.definition, c.translate, pair))
    return shape


HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'


def test_fixture_entries_become_concepts() -> None:
    result = read()
    glossary = result.glossary
    assert glossary.languages == ("en", "es")
    assert [c.id for c in glossary.concepts] == [
        "nikol-pashinyan",
        "yerevan",
        "ceasefire",
        "nagorno-karabakh",
        "efe",
        "refugee",
    ]
    pashinyan, yerevan, ceasefire, karabakh, efe, refugee = glossary.concepts
    assert (pashinyan.type, pashinyan.note) == ("person", "Prime Minister of Armenia since 2018.")
    assert (yerevan.type, yerevan.definition) == ("place", "Capital of Armenia.")
    assert {t.part_of_speech for t in ceasefire.terms} == {"noun"}
    assert terms_of(karabakh) == [("en", "Nagorno-Karabakh", "preferred")]  # fuzzy msgstr
    assert efe.translate is False  # the read-only flag
    assert terms_of(refugee) == [("en", "refugee", "preferred"), ("es", "refugiado", "preferred")]


def test_fixture_notes_name_the_lines() -> None:
    found = [(lost.line, lost.message.split(" (")[0]) for lost in read().lost]
    plural = "the plural msgid 'refugees' and the other plural forms"
    assert found == [
        (27, "not kept: the fuzzy translation 'Nagorno Karabaj' of the entry at line 27"),
        (27, "not kept from the entry at line 27: references desk/style.md:12"),
        (37, f"not kept from the entry at line 37: {plural}"),
        (42, "the entry at line 42 is left out: 'Yerevan'"),
        (46, "not kept: obsolete entry 'Kiev'"),
    ]


def test_options_override_the_header() -> None:
    result = read(target_lang="es-ES", name="desk")
    assert result.glossary.name == "desk"
    assert result.glossary.languages == ("en", "es-ES")


def test_source_language_from_the_header() -> None:
    text = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: es\\n"\n\n'
    text += 'msgid "Ereván"\nmsgstr "Yerevan"\n'
    concept = read_text(text).glossary.concepts[0]
    assert concept.id == "ereván"
    assert terms_of(concept) == [("es", "Ereván", "preferred"), ("en", "Yerevan", "preferred")]


def test_gettext_language_header() -> None:
    text = 'msgid ""\nmsgstr ""\n"Language: pt_BR\\n"\n\nmsgid "Kyiv"\nmsgstr "Kiev"\n'
    assert read_text(text).glossary.languages == ("en", "pt-BR")


def test_without_a_target_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--target-lang"):
        read_text('msgid "Kyiv"\nmsgstr "Kiev"\n')
    with pytest.raises(UsageError, match="both 'es'"):
        read_text(HEADER, source_lang="es")


def test_a_broken_catalog_is_an_input_error_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read_text(HEADER + 'msgid "Kyiv"\nmsgstr "Kiev"\nnonsense here\n')
    problem = caught.value.problems[0]
    assert (problem.code, problem.line) == ("TRM035", 7)


def test_unknown_type_comment_is_reported() -> None:
    result = read_text(HEADER + '#. Type: city\nmsgid "Kyiv"\nmsgstr "Kiev"\n')
    assert result.glossary.concepts[0].type == "term"
    assert "type 'city'" in result.lost[0].message


def test_write_needs_a_target_language() -> None:
    with pytest.raises(UsageError, match="--target-lang"):
        write_po_glossary(load_glossary(CAUCASUS))


def test_written_catalog_is_read_by_polib() -> None:
    exported = write_po_glossary(load_glossary(CAUCASUS), target_lang="es")
    catalog = polib.pofile(exported.text)
    assert catalog.metadata["Language"] == "es"
    assert catalog.metadata["X-Source-Language"] == "en"
    entry = catalog.find("Pashinyan", msgctxt="pashinyan")
    assert entry is not None and entry.msgstr == "Pashinián"
    assert entry.tcomment.startswith("Surname of Nikol Pashinyan")


@pytest.mark.parametrize("target", ["es", "ru", "hy"])
def test_caucasus_round_trip(target: str) -> None:
    glossary = load_glossary(CAUCASUS)
    exported = write_po_glossary(glossary, target_lang=target)
    result = read_po_glossary(Path("caucasus.po"), exported.text)
    load_glossary_text(dump_glossary(result.glossary))
    assert result.lost == ()
    assert pair_shape(result.glossary, "en", target) == pair_shape(glossary, "en", target)


def test_round_trip_keeps_type_definition_pos_and_translate() -> None:
    glossary = load_glossary_text(
        """version: 1
concepts:
  efe:
    type: organization
    note: Spanish news agency.
    definition: |-
      Agencia EFE.
      Founded in 1939.
    translate: false
    en: {preferred: {term: EFE, pos: noun}}
    es: {preferred: {term: EFE, pos: noun}}
  untranslated:
    en: ceasefire
"""
    )
    exported = write_po_glossary(glossary, target_lang="es")
    assert exported.lost == ()
    back = read_po_glossary(Path("efe.po"), exported.text).glossary
    assert pair_shape(back, "en", "es") == pair_shape(glossary, "en", "es")
    assert {t.part_of_speech for t in back.concepts[0].terms} == {"noun"}


def test_what_a_catalog_cannot_hold_is_reported() -> None:
    glossary = load_glossary_text(
        """version: 1
concepts:
  kyiv:
    tags: [geography]
    en: {preferred: Kyiv, superseded: [Kiev]}
    es: {preferred: {term: Kiev, note: EFE style}}
    uk: Київ
  odesa:
    es: Odesa
"""
    )
    exported = write_po_glossary(glossary, source_lang="en", target_lang="es")
    assert [(lost.line, lost.message) for lost in exported.lost] == [
        (
            3,
            "not written for concept 'kyiv': variants superseded 'Kiev' (en); tags geography; "
            "the note 'EFE style' of 'Kiev'",
        ),
        (8, "not written: concept 'odesa' has no preferred term in 'en'"),
        (0, "not written: the terms in languages other than 'en' and 'es': uk (1)"),
    ]


def test_registered_under_po() -> None:
    assert importer("po") is read_po_glossary
    assert exporter("po") is write_po_glossary
