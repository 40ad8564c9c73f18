"""TBX import (v2 and v3, DCA and DCT) and TBX-Basic export, with what each cannot carry."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from terms.errors import InputError
from terms.glossary import load_glossary, load_glossary_text
from terms.glossary.write import dump_glossary
from terms.interchange import ImportResult, exporter, importer
from terms.interchange.tbx import read_tbx, write_tbx
from terms.model import Concept, Glossary, Status

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "tbx"
NS = {"tbx": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

V2 = FIXTURES / "acme-ui-v2.tbx"
V3_DCA = FIXTURES / "climate-desk-v3-dca.tbx"
V3_DCT = FIXTURES / "caucasus-places-v3-dct.tbx"


def read(path: Path) -> ImportResult:
    """Import a fixture file."""
    return read_tbx(path, path.read_text(encoding="utf-8"))


def read_text(text: str, name: str = "inline.tbx") -> ImportResult:
    """Import TBX given as text."""
    return read_tbx(Path(name), text)


def position(path: Path, needle: str) -> tuple[int, int]:
    """Return the 1-based line and column of the first occurrence of ``needle`` in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def terms_of(concept: Concept) -> list[tuple[str, str, str]]:
    """Return (language, text, status) of each term of a concept."""
    return [(t.lang, t.text, t.status.value) for t in concept.terms]


def lost_at(result: ImportResult, fragment: str) -> tuple[int, int]:
    """Return where the one note that mentions ``fragment`` points."""
    found = [lost for lost in result.lost if fragment in lost.message]
    assert len(found) == 1, (fragment, [str(lost) for lost in result.lost])
    return found[0].line, found[0].column


def reloads(glossary: Glossary) -> Glossary:
    """Return the glossary after a trip through canonical YAML and the full load checks."""
    return load_glossary_text(dump_glossary(glossary), "<reloaded>")


def v3(entries: str, header: str = "<p>Inline test file.</p>") -> str:
    """Return a TBX v3 document around concept entries."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        f"<tbxHeader><fileDesc><sourceDesc>{header}</sourceDesc></fileDesc></tbxHeader>\n"
        f"<text><body>\n{entries}\n</body></text>\n</tbx>\n"
    )


def term_sec(text: str, status: str = "") -> str:
    """Return a termSec, with an administrativeStatus when given."""
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<termSec><term>{text}</term>{note}</termSec>"


# -- import: TBX v2 ---------------------------------------------------------------------------


def test_v2_terms_statuses_and_fields() -> None:
    result = read(V2)
    glossary = result.glossary
    assert glossary.name == "Acme UI terms"
    assert glossary.description.startswith("Exported from the Acme terminology database")
    assert [c.id for c in glossary.concepts] == [
        "eid-sign-in",
        "eid-folder",
        "eid-settings",
        "eid-trash",
    ]
    sign_in, folder, settings, trash = glossary.concepts
    assert terms_of(sign_in) == [
        ("en", "sign in", "preferred"),
        ("en", "log in", "admitted"),
        ("en", "logon", "deprecated"),
        ("de", "anmelden", "preferred"),  # no status: the first of its language
        ("de", "einloggen", "admitted"),
        ("fr", "se connecter", "preferred"),
    ]
    assert sign_in.type == "term"
    assert sign_in.definition == "To identify oneself to a system in order to start a session."
    assert sign_in.tags == ("user interface",)
    by_text = {t.text: t for t in sign_in.terms}
    assert by_text["sign in"].part_of_speech == "verb"
    assert by_text["logon"].note == "Windows NT wording; a noun, never a verb."
    assert by_text["anmelden"].source == "Duden"  # ntig: termGrp plus an admin source
    assert folder.note == "A container that holds files and other folders."
    assert ("es", "directorio", "superseded") in terms_of(folder)  # normativeAuthorization
    assert terms_of(settings)[:2] == [
        ("en", "settings", "preferred"),
        ("en", "preferences", "admitted"),  # a second preferred term is demoted
    ]
    assert trash.languages == ("en-US", "en-GB")  # canonical tags; 'qqq' is left out


def test_v2_lost_notes_point_at_their_lines() -> None:
    result = read(V2)
    assert lost_at(result, "customerSubset") == position(V2, '<admin type="customerSubset">')
    assert lost_at(result, "transacGrp") == position(V2, "<transacGrp>")
    assert lost_at(result, "second preferred") == position(V2, "<term>preferences</term>")
    assert lost_at(result, "'qqq'") == position(V2, '<langSet xml:lang="qqq">')
    # one note per file for the terms without a status, at the first of them
    line, column = lost_at(result, "no administrative status")
    assert (line, column) == position(V2, "<term>anmelden</term>")
    assert "3 terms" in next(lost.message for lost in result.lost if lost.line == line)
    assert all(lost.path == str(V2) for lost in result.lost)
    assert [lost.line for lost in result.lost] == sorted(lost.line for lost in result.lost)
    assert len(result.lost) == 5


# -- import: TBX v3 ---------------------------------------------------------------------------


def test_v3_dca() -> None:
    result = read(V3_DCA)
    glossary = result.glossary
    assert glossary.name == "Climate desk"
    gas, acronym, warming, net_zero = glossary.concepts
    assert gas.definition == "A gas in the atmosphere that absorbs and emits infrared radiation."
    assert gas.tags == ("climate",)
    assert terms_of(gas)[:2] == [
        ("en", "greenhouse gas", "preferred"),
        ("en", "heat-trapping gas", "admitted"),
    ]
    assert gas.terms[1].note == "Plain-language alternative for general readers."
    assert gas.terms[1].part_of_speech == "noun"
    assert gas.languages == ("en", "fr", "de", "ru")
    assert (acronym.id, acronym.type) == ("ghg-acronym", "acronym")  # termType on every term
    assert acronym.note == "Acronym of greenhouse gas."
    assert (warming.id, warming.type) == ("global_warming", "term")
    assert warming.definition.startswith("The long-term rise")  # the first language's
    assert ("en", "carbon neutrality", "deprecated") in terms_of(net_zero)
    assert lost_at(result, "IPCC AR6") == position(V3_DCA, '<admin type="source">')
    assert lost_at(result, "imported as 'global_warming'") == position(
        V3_DCA, '<conceptEntry id="Global_Warming">'
    )
    assert lost_at(result, "fullForm") == position(V3_DCA, '<termNote type="termType">fullForm')
    assert lost_at(result, "language 'fr'") == position(V3_DCA, '<descrip type="definition">L’')
    assert lost_at(result, "externalCrossReference") == position(V3_DCA, "<xref")
    assert len(result.lost) == 5


def test_v3_dct_namespaced_data_categories() -> None:
    result = read(V3_DCT)
    glossary = result.glossary
    assert glossary.name == "caucasus-places-v3-dct"  # no title: the file name
    yerevan, kyiv, tbilisi = glossary.concepts
    assert yerevan.definition == "Capital of Armenia."
    assert yerevan.tags == ("geography",)
    assert terms_of(yerevan) == [
        ("en", "Yerevan", "preferred"),
        ("en", "Erevan", "deprecated"),
        ("ru", "Ереван", "preferred"),
        ("hy", "Երևան", "preferred"),
    ]
    assert yerevan.terms[0].part_of_speech == "noun"
    assert ("en", "Kiev", "superseded") in terms_of(kyiv)
    # a context and its source are one note, at their group
    line, column = lost_at(result, "context")
    assert (line, column) == position(V3_DCT, "<descripGrp>")
    assert "AP Stylebook" in result.lost[0].message
    assert lost_at(result, "xGraphic") == position(V3_DCT, "<basic:xGraphic")
    assert [t.text for t in tbilisi.terms] == ["Tbilisi", "Tiflis", "Tiflis"]


@pytest.mark.parametrize("path", [V2, V3_DCA, V3_DCT], ids=lambda p: p.name)
def test_imported_glossaries_pass_the_load_checks(path: Path) -> None:
    glossary = read(path).glossary
    assert reloads(glossary).concepts


def test_load_glossary_converts_a_tbx_file() -> None:
    glossary = load_glossary(V3_DCT)
    assert [c.id for c in glossary.concepts] == ["c1", "c2", "c3"]
    assert importer("tbx") is read_tbx
    assert exporter("tbx") is write_tbx


def test_columns_count_characters_not_bytes() -> None:
    text = v3(
        '<conceptEntry id="c1"><langSec xml:lang="hy">'
        + term_sec("Երևան")
        + '<admin type="customerSubset">Ա</admin></langSec></conceptEntry>'
    )
    result = read_text(text)
    number, line = next((n, line) for n, line in enumerate(text.splitlines(), 1) if "Ա" in line)
    assert lost_at(result, "customerSubset") == (number, line.index("<admin") + 1)


# -- import: edge cases --------------------------------------------------------------------------


def test_statuses_without_a_preferred_term() -> None:
    result = read_text(
        v3(
            '<conceptEntry id="c1">'
            '<langSec xml:lang="en">'
            + term_sec("Kiev", "deprecatedTerm-admn-sts")
            + term_sec("Kyiv")
            + term_sec("Kyyiv")
            + "</langSec>"
            '<langSec xml:lang="fr">'
            + term_sec("Kiev", "admittedTerm-admn-sts")
            + term_sec("Kyïv", "standardizedTerm-admn-sts")
            + "</langSec>"
            '<langSec xml:lang="de">' + term_sec("Kiew", "deprecatedTerm-admn-sts") + "</langSec>"
            '<langSec xml:lang="uk">'
            + term_sec("Київ", "preferred")
            + term_sec("Kyjiw", "bogus-admn-sts")
            + "</langSec></conceptEntry>"
        )
    )
    (concept,) = result.glossary.concepts
    assert terms_of(concept) == [
        ("en", "Kiev", "deprecated"),
        ("en", "Kyiv", "preferred"),  # the first term without a status
        ("en", "Kyyiv", "admitted"),
        ("fr", "Kiev", "preferred"),  # no status-less term: the first admitted one
        ("fr", "Kyïv", "admitted"),  # standardized is read as admitted
        ("uk", "Київ", "preferred"),
        ("uk", "Kyjiw", "admitted"),  # unknown status: as if missing
    ]
    messages = [lost.message for lost in result.lost]
    assert any("'de'" in m and "no preferred or admitted term" in m for m in messages)
    assert any("the admitted 'Kiev' is taken as preferred" in m for m in messages)
    assert any("'standardizedTerm-admn-sts'" in m and "read as admitted" in m for m in messages)
    assert any("unknown status 'bogus-admn-sts'" in m for m in messages)
    assert sum("no administrative status" in m for m in messages) == 1
    reloads(result.glossary)


def test_ids_are_unique_slugs_and_missing_ids_come_from_terms() -> None:
    entry = '<conceptEntry id="{}"><langSec xml:lang="en">{}</langSec></conceptEntry>'
    result = read_text(
        v3(
            entry.format("Open Cluster", term_sec("open cluster"))
            + entry.format("open-cluster", term_sec("star cluster"))
            + entry.format("_2020-war", term_sec("2020 war"))
            + '<conceptEntry><langSec xml:lang="en">'
            + term_sec("Black Hole")
            + "</langSec></conceptEntry>"
        )
    )
    ids = [c.id for c in result.glossary.concepts]
    assert ids == ["open-cluster", "open-cluster-2", "2020-war", "black-hole"]
    messages = [lost.message for lost in result.lost]
    assert any("'Open Cluster' is imported as 'open-cluster'" in m for m in messages)
    assert any("'open-cluster' is imported as 'open-cluster-2'" in m for m in messages)
    assert not any("2020-war" in m for m in messages)  # the export's own convention
    reloads(result.glossary)


def test_repeated_terms_empty_terms_and_entries_without_terms() -> None:
    result = read_text(
        v3(
            '<conceptEntry id="c1"><langSec xml:lang="en">'
            + term_sec("Baku", "preferredTerm-admn-sts")
            + term_sec("BAKU", "admittedTerm-admn-sts")
            + term_sec(" \n ")
            + '</langSec></conceptEntry><conceptEntry id="c2"><langSec xml:lang="xx">'
            + term_sec("Baky")
            + "</langSec></conceptEntry>"
        )
    )
    (concept,) = result.glossary.concepts
    assert terms_of(concept) == [("en", "Baku", "preferred")]
    messages = [lost.message for lost in result.lost]
    assert any("'BAKU'" in m and "listed twice" in m for m in messages)
    assert any("a term section without a term in language 'en'" in m for m in messages)
    assert any("concept 'c2' has no term that can be kept" in m for m in messages)


def test_name_option_and_header_parts() -> None:
    text = v3(
        '<conceptEntry id="c1"><langSec xml:lang="en">'
        + term_sec("Baku")
        + "</langSec></conceptEntry>",
        header="<p>Capitals.</p>",
    ).replace("<fileDesc>", "<fileDesc><publicationStmt><p>Internal</p></publicationStmt>")
    result = read_tbx(Path("capitals.tbx"), text, name="capitals-desk", layout="ignored")
    assert result.glossary.name == "capitals-desk"
    assert result.glossary.description == "Capitals."
    assert any("publicationStmt 'Internal'" in lost.message for lost in result.lost)


# -- import: errors ------------------------------------------------------------------------------


def test_broken_xml_is_an_input_error_with_its_line() -> None:
    path = FIXTURES / "broken.tbx"
    with pytest.raises(InputError) as caught:
        read(path)
    (problem,) = caught.value.problems
    assert problem.code == "TRM035"
    assert problem.path == str(path)
    assert problem.line == position(path, "</termSec>")[0]
    assert problem.column > 0
    assert "mismatched tag" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "not well-formed XML"),
        ("<html><body/></html>", 1, "root element is <html>"),
        ('<?xml version="1.0"?>\n<tbx type="TBX-Basic"><tbxHeader/></tbx>', 2, "<text><body>"),
        ("<martif>&nbsp;</martif>", 1, "undefined entity"),
        ("key,value\nsign in,anmelden\n", 1, "not well-formed XML"),
    ],
)
def test_not_tbx_is_an_input_error(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        read_text(text, "wrong.tbx")
    (problem,) = caught.value.problems
    assert (problem.code, problem.path, problem.line) == ("TRM035", "wrong.tbx", line)
    assert fragment in problem.message


# -- export --------------------------------------------------------------------------------------

SMALL = """\
version: 1
name: small
description: A small glossary for the TBX export.
languages: [en, de]
concepts:
  sign-in:
    note: |-
      To start a session.
      Not for the web shop.
    definition: To identify oneself to a system.
    sources: [Acme style guide]
    tags: [user interface, accounts]
    en:
      preferred: {term: sign in, pos: verb, source: Acme style guide}
      admitted: [log in]
      deprecated: [{term: logon, note: Windows NT wording.}]
      forbidden: [login]
    de:
      preferred: {term: anmelden, pos: Verb}
      superseded: [{term: einloggen, date: 2020-01-01}]
  csto:
    type: acronym
    en: {preferred: {term: CSTO, case-sensitive: true}}
    ru: ОДКБ
  2020-war:
    type: event
    translate: false
    en: {preferred: {term: 2020 war, pos: proper noun}}
    ru:
      preferred: {term: война 2020 года, endings: [ы]}
"""


def small() -> Glossary:
    """Return the small glossary used by the export tests."""
    return load_glossary_text(SMALL, "small.yaml")


def test_export_structure() -> None:
    result = write_tbx(small())
    assert result.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx style="dca" ')
    root = ET.fromstring(result.text)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert root.findtext("tbx:tbxHeader/tbx:fileDesc/tbx:titleStmt/tbx:title", None, NS) == "small"
    assert (
        root.findtext("tbx:tbxHeader/tbx:fileDesc/tbx:sourceDesc/tbx:p", None, NS)
        == "A small glossary for the TBX export."
    )
    entries = root.findall("tbx:text/tbx:body/tbx:conceptEntry", NS)
    assert [e.get("id") for e in entries] == ["sign-in", "csto", "_2020-war"]
    sign_in, csto, war = entries
    descrips = [(d.get("type"), d.text) for d in sign_in.findall("tbx:descrip", NS)]
    assert descrips == [
        ("subjectField", "user interface"),
        ("subjectField", "accounts"),
        ("definition", "To identify oneself to a system."),
    ]
    assert [n.text for n in sign_in.findall("tbx:note", NS)] == [
        "To start a session.",
        "Not for the web shop.",
    ]
    assert sign_in.findtext("tbx:admin[@type='source']", None, NS) == "Acme style guide"
    statuses = {
        sec.findtext("tbx:term", None, NS): sec.findtext(
            "tbx:termNote[@type='administrativeStatus']", None, NS
        )
        for sec in sign_in.iterfind("tbx:langSec/tbx:termSec", NS)
    }
    assert statuses == {
        "sign in": "preferredTerm-admn-sts",
        "log in": "admittedTerm-admn-sts",
        "logon": "deprecatedTerm-admn-sts",
        "login": "deprecatedTerm-admn-sts",  # TBX-Basic has no forbidden status
        "anmelden": "preferredTerm-admn-sts",
        "einloggen": "supersededTerm-admn-sts",
    }
    first = sign_in.find("tbx:langSec/tbx:termSec", NS)
    assert first is not None
    assert [child.tag.split("}")[1] for child in first] == ["term", "termNote", "termNote", "admin"]
    assert first.findtext("tbx:termNote[@type='partOfSpeech']", None, NS) == "verb"
    assert [s.get(XML_LANG) for s in sign_in.findall("tbx:langSec", NS)] == ["en", "de"]
    assert [n.text for n in csto.iterfind(".//tbx:termNote[@type='termType']", NS)] == [
        "acronym",
        "acronym",
    ]
    assert war.find(".//tbx:termNote[@type='partOfSpeech']", NS) is None  # not in the picklist


def test_export_reports_what_tbx_cannot_hold() -> None:
    result = write_tbx(small())
    messages = "\n".join(str(lost) for lost in result.lost)
    assert "forbidden term 'login' (en) of concept 'sign-in' is written as deprecated" in messages
    assert "'einloggen' (de) of concept 'sign-in': date: 2020-01-01" in messages
    assert "'CSTO' (en) of concept 'csto': case-sensitive" in messages
    assert "concept '2020-war': type: event; translate: false" in messages
    assert "endings: ы" in messages
    assert "part of speech 'proper noun'" in messages
    assert "list of languages (en, de)" in messages
    assert "type: acronym" not in messages  # carried by termType
    war = next(lost for lost in result.lost if "type: event" in lost.message)
    assert (war.path, war.line) == ("small.yaml", SMALL.splitlines().index("  2020-war:") + 1)


def test_export_source_language_option() -> None:
    root = ET.fromstring(write_tbx(small(), source_lang="de_at").text)
    assert root.get(XML_LANG) == "de-AT"


def core_schema() -> Any:
    """Return the TBX core RelaxNG validator, or skip when lxml or the schema is missing."""
    if importlib.util.find_spec("lxml") is None:
        pytest.skip("lxml is not installed")
    rng = SCHEMAS / "TBXcoreStructV03.rng"
    if not rng.is_file():
        pytest.skip(f"no {rng}")
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(rng)))


@pytest.mark.parametrize("source", ["small", "caucasus"])
def test_export_is_valid_against_the_tbx_core_schema(source: str) -> None:
    schema = core_schema()
    from lxml import etree

    glossary = small() if source == "small" else load_glossary(ROOT / "glossaries/caucasus.yaml")
    document = etree.fromstring(write_tbx(glossary).text.encode("utf-8"))
    assert schema.validate(document), schema.error_log


# -- round trips ---------------------------------------------------------------------------------


def carried(concept: Concept) -> tuple[object, ...]:
    """Return what TBX holds of a concept (forbidden reads back as deprecated)."""
    statuses = {Status.FORBIDDEN: Status.DEPRECATED}
    terms = tuple(
        (
            t.lang,
            t.text,
            statuses.get(t.status, t.status),
            t.note,
            t.source,
            t.part_of_speech.lower() if t.part_of_speech.lower() in ("noun", "verb") else "",
        )
        for t in concept.terms
    )
    kind = concept.type if concept.type == "acronym" else "term"
    return (
        concept.id,
        kind,
        concept.note,
        concept.definition,
        concept.sources,
        concept.tags,
        terms,
    )


def round_trip(glossary: Glossary) -> ImportResult:
    """Export a glossary to TBX and import it back."""
    return read_tbx(Path("exported.tbx"), write_tbx(glossary).text)


def test_round_trip_keeps_what_tbx_holds() -> None:
    glossary = small()
    result = round_trip(glossary)
    assert result.lost == ()
    back = result.glossary
    assert (back.name, back.description) == (glossary.name, glossary.description)
    assert [carried(c) for c in back.concepts] == [carried(c) for c in glossary.concepts]
    reloads(back)


def test_round_trip_of_the_caucasus_glossary() -> None:
    glossary = load_glossary(ROOT / "glossaries" / "caucasus.yaml")
    result = round_trip(glossary)
    assert result.lost == ()
    assert [carried(c) for c in result.glossary.concepts] == [carried(c) for c in glossary.concepts]
    assert reloads(result.glossary).concept("csto-acronym") is not None


def test_round_trip_of_imported_fixtures_is_stable() -> None:
    for path in (V2, V3_DCA, V3_DCT):
        first = read(path).glossary
        again = round_trip(first)
        assert again.lost == ()
        assert [carried(c) for c in again.glossary.concepts] == [carried(c) for c in first.concepts]


# -- the TBX-Basic examples of the standard's maintainers ----------------------------------------


def test_astronomy_examples_in_both_styles_give_one_glossary() -> None:
    dca, dct = (SCHEMAS / f"Example_Astronomy_{s}_VALID.tbx" for s in ("DCA", "DCT"))
    if not dca.is_file() or not dct.is_file():
        pytest.skip(f"no TBX examples in {SCHEMAS}")
    from_dca = read_tbx(dca, dca.read_text(encoding="utf-8-sig"))
    from_dct = read_tbx(dct, dct.read_text(encoding="utf-8-sig"))
    assert len(from_dca.glossary.concepts) == 45

    def essentials(result: ImportResult) -> list[tuple[object, ...]]:
        return [(c.id, c.definition, c.tags, terms_of(c)) for c in result.glossary.concepts]

    assert essentials(from_dca) == essentials(from_dct)
    first = from_dca.glossary.concepts[0]
    assert ("en", "galactic cluster", "superseded") in terms_of(first)
    assert first.definition == "A group of stars formed together in the spiral arms of a galaxy."
    assert all(lost.line > 0 for lost in from_dca.lost)
    reloads(from_dca.glossary)
