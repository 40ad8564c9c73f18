"""The PO/POT adapter: segments, spans, escapes, edits that keep the file, suppressions, errors."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terms.errors import InputError
from terms.formats import Document, Segment, apply_edits, format_for, read_as
from terms.formats import po as po_module
from terms.formats.directives import LAST_LINE
from terms.formats.po import escape_po, read_po

FORMATS = Path(__file__).parent / "fixtures" / "formats"
SETTINGS = settings(
    max_examples=int(os.environ.get("TERMS_HYPOTHESIS_EXAMPLES", "60")), deadline=None
)


def fixture(name: str) -> str:
    """Return a fixture decoded as the CLI decodes it: line ends kept as they are."""
    return (FORMATS / name).read_bytes().decode("utf-8")


def read(name: str) -> Document:
    return read_po(name, fixture(name))


def line_of(text: str, needle: str) -> int:
    """Return the 1-based number of the first line that contains ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def segment_for(doc: Document, source: str) -> Segment:
    return next(s for s in doc.segments if s.source == source)


def polib_entry(text: str, msgid: str) -> polib.POEntry:
    entry = polib.pofile(text).find(msgid)
    assert entry is not None
    return entry


def replace(text: str, segment: Segment, old: str, new: str) -> str:
    """Return ``text`` with the first ``old`` in ``segment`` replaced by ``new``."""
    start = segment.text.index(old)
    return apply_edits(text, segment.edits(start, start + len(old), new))


def changed_lines(before: str, after: str) -> list[int]:
    """Return the 1-based numbers of the lines that differ (the line count must not change)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [n for n, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b]


# --- segments ---------------------------------------------------------------------------------


def test_segments_of_a_catalog() -> None:
    doc = read("es.po")
    assert (doc.format, doc.lang) == ("po", "es")
    got = [(s.text, s.source, s.key, sorted(s.flags), s.lang) for s in doc.segments]
    assert got == [
        ("Nagorno Karabaj", "Nagorno-Karabakh", "Nagorno-Karabakh", [], "es"),
        (
            'La "línea de contacto" se movió.\n',
            'The "line of contact" moved.\n',
            'The "line of contact" moved.\n',
            [],
            "es",
        ),
        ("Shushá", "Shusha", "place\x04Shusha", [], "es"),
        ("Stepanakert, %s", "Stepanakert, %s", "Stepanakert, %s", ["fuzzy", "python-format"], "es"),
        ("corredor de Lachin", "Lachin corridor", "Lachin corridor", [], "es"),
    ]


def test_header_empty_and_obsolete_entries_are_not_segments() -> None:
    texts = [s.text for s in read("es.po").segments]
    assert not any("Project-Id-Version" in t or "Antiguo" in t for t in texts)
    assert "" not in texts
    assert (
        len(texts) == len([e for e in polib.pofile(fixture("es.po")) if e.msgstr]) - 1
    )  # obsolete


def test_a_template_gives_no_segments() -> None:
    doc = read("template.pot")
    assert (doc.segments, doc.lang) == ([], None)


def test_plural_forms() -> None:
    doc = read("plural.po")
    assert doc.lang == "ru"
    got = [(s.text, s.source, s.key) for s in doc.segments]
    assert got == [
        ("%d пограничник", "%d border guard", "guards\x04%d border guard\x000"),
        ("%d пограничника", "%d border guards", "guards\x04%d border guard\x001"),
        ("%d пограничников", "%d border guards", "guards\x04%d border guard\x002"),
        ("%d село", "%d village", "%d village\x000"),
    ]


def test_a_wrapped_msgstr_is_one_segment() -> None:
    text = fixture("wrapped.po")
    doc = read_po("wrapped.po", text)
    segment = doc.segments[0]
    assert segment.text == polib_entry(text, segment.source or "").msgstr
    assert segment.text.endswith("на дороге в Горис и Капан.")
    first, last = segment.spans[0][0], segment.spans[-1][1]
    assert text[first - 1] == '"' and text[last] == '"'
    assert text.count("\n", first, last) == 1  # two quoted lines


@pytest.mark.parametrize("name", ["es.po", "wrapped.po", "plural.po", "crlf.po"])
def test_each_character_comes_from_its_span(name: str) -> None:
    text = fixture(name)
    for segment in read_po(name, text).segments:
        assert len(segment.spans) == len(segment.text)
        for char, (start, end) in zip(segment.text, segment.spans, strict=True):
            assert polib.unescape(text[start:end]) == char
            assert end - start == (2 if text[start] == "\\" else 1)


def test_escapes_are_one_character_of_text() -> None:
    text = fixture("es.po")
    segment = segment_for(read_po("es.po", text), 'The "line of contact" moved.\n')
    quote = segment.text.index('"')
    newline = segment.text.index("\n")
    assert [text[a:b] for a, b in (segment.spans[quote], segment.spans[newline])] == ['\\"', "\\n"]


def test_registry_reads_po_and_pot() -> None:
    assert format_for("es.po") == format_for("messages.pot") == "po"
    assert read_as("po", "es.po", fixture("es.po")).segments == read("es.po").segments


# --- edits back to the file -------------------------------------------------------------------


def test_a_replacement_inside_a_wrapped_msgstr_changes_only_that_line() -> None:
    text = fixture("wrapped.po")
    segment = read_po("wrapped.po", text).segments[0]
    fixed = replace(text, segment, "Горис", "Горис (Сюник)")
    expected = segment.text.replace("Горис", "Горис (Сюник)")
    assert polib_entry(fixed, segment.source or "").msgstr == expected
    assert changed_lines(text, fixed) == [line_of(text, '"Горис и Капан."')]


def test_a_replacement_across_the_line_break_keeps_the_wrapping() -> None:
    text = fixture("wrapped.po")
    segment = read_po("wrapped.po", text).segments[0]
    fixed = replace(text, segment, "дороге в Горис", "дороге на Горис")
    assert polib_entry(fixed, segment.source or "").msgstr == segment.text.replace(
        "дороге в Горис", "дороге на Горис"
    )
    first = line_of(text, "на дороге в")
    assert changed_lines(text, fixed) == [first, first + 1]
    assert fixed.splitlines()[first - 1].endswith('на дороге на Горис"')
    assert fixed.splitlines()[first] == '" и Капан."'
    other_entries = text[: text.index('msgstr ""\n"Армянские')]
    assert fixed.startswith(other_entries)
    tail = text[text.index('\nmsgid "Short"') :]
    assert fixed.endswith(tail)
    after = [(s.text, s.source) for s in read_po("wrapped.po", fixed).segments]
    assert after[1:] == [(s.text, s.source) for s in read_po("wrapped.po", text).segments][1:]


def test_a_replacement_is_written_in_po_notation() -> None:
    text = fixture("wrapped.po")
    segment = read_po("wrapped.po", text).segments[2]
    fixed = replace(text, segment, '"новой"', '«новой»\t"2023"\\')
    assert polib_entry(fixed, segment.source or "").msgstr == segment.text.replace(
        '"новой"', '«новой»\t"2023"\\'
    )
    assert '«новой»\\t\\"2023\\"\\\\ дороге' in fixed
    assert changed_lines(text, fixed) == [line_of(text, '"Сёла Тех')]


def test_a_replacement_in_a_plural_form() -> None:
    text = fixture("plural.po")
    segment = read_po("plural.po", text).segments[2]
    fixed = replace(text, segment, "пограничников", "стражей")
    entry = polib.pofile(fixed).find("%d border guard", msgctxt="guards")
    assert entry.msgstr_plural == {0: "%d пограничник", 1: "%d пограничника", 2: "%d стражей"}
    assert changed_lines(text, fixed) == [line_of(text, '"%d пограничников"')]


def test_escape_po_is_what_polib_unescapes() -> None:
    value = 'a "b" \\ \n\t\r\v\b\f ü \\q'
    assert polib.unescape(escape_po(value)) == value
    assert escape_po(value) == polib.escape(value)


# --- policy: fuzzy, obsolete ------------------------------------------------------------------


def test_fuzzy_entries_are_segments_with_the_flag() -> None:
    segment = segment_for(read("es.po"), "Stepanakert, %s")
    assert "fuzzy" in segment.flags


def test_obsolete_entries_are_never_rewritten() -> None:
    text = fixture("es.po")
    doc = read_po("es.po", text)
    assert all(s.offset(0) < text.index("#~") for s in doc.segments)


# --- suppressions -----------------------------------------------------------------------------


def test_suppressions_cover_the_entry_or_the_file() -> None:
    text = fixture("es.po")
    got = [(s.line, s.first_line, s.last_line, sorted(s.codes)) for s in read("es.po").suppressions]
    translator = line_of(text, "# terms: ignore[TRM110, TRM101]")
    extracted = line_of(text, "#. terms: ignore[TRM105]")
    assert got == [
        (2, 1, LAST_LINE, ["TRM112"]),
        (translator, translator, line_of(text, 'msgstr "Stepanakert'), ["TRM101", "TRM110"]),
        (extracted, extracted, line_of(text, 'msgstr "corredor'), ["TRM105"]),
    ]
    fuzzy = segment_for(read("es.po"), "Stepanakert, %s")
    line = text.count("\n", 0, fuzzy.offset(0)) + 1
    assert any(s.covers("TRM101", line) for s in read("es.po").suppressions)
    assert not any(s.covers("TRM105", line) for s in read("es.po").suppressions)


def test_suppression_columns_and_the_next_line_form_covers_the_entry() -> None:
    text = (
        'msgid ""\nmsgstr "Language: es\\n"\n\n'
        "#  terms: ignore-next-line[TRM1]\n"
        'msgid "a"\nmsgstr "b"\n'
        "# trailing terms: ignore\n"
    )
    got = [
        (s.line, s.column, s.first_line, s.last_line) for s in read_po("x.po", text).suppressions
    ]
    assert got == [(4, 4, 4, 6), (7, 12, 7, 7)]


def test_references_flags_and_previous_strings_hold_no_directives() -> None:
    text = '#: terms: ignore.py:3\n#| msgid "terms: ignore"\nmsgid "a"\nmsgstr "b"\n'
    assert read_po("x.po", text).suppressions == []


# --- errors -----------------------------------------------------------------------------------


def test_a_broken_file_names_the_line() -> None:
    with pytest.raises(InputError) as caught:
        read("broken.po")
    (problem,) = caught.value.problems
    assert (problem.code, problem.path, problem.line, problem.column) == (
        "TRM035",
        "broken.po",
        6,
        8,
    )
    assert "unterminated" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('msgid "a"\nmsgstr "b"\n# c\n"c"\n', 4, 1, "no keyword"),
        ('# c\n"c"\nmsgid "a"\nmsgstr "b"\n', 2, 1, "no keyword"),
        ('msgid "a"\nmsgstr "b" x\n', 2, 12, "after the closing quote"),
        ('msgid "a"\nmsgstr "b\\"\n', 2, 8, "unterminated"),
        ('msgid "a"\nmsgstr "a\\\\" b"\n', 2, 14, "after the closing quote"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, 1, "second msgstr"),
        ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', 2, 1, "msgid after msgid"),
        ('msgid "a"\n  msgctxt "b"\nmsgstr "c"\n', 2, 3, "msgctxt must come before"),
        ('msgstr "c"\n', 1, 1, "without msgid"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 3, 1, "plural forms"),
        ('msgid "a"\nmsgstr[0] "c"\n', 2, 1, "without msgid_plural"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[10] "c"\n', 3, 1, "plural forms"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 4, 1, "msgid without msgstr"),
        ('msgid "a"\nmsgstr "b"\nmsgtxt "c"\n', 3, 1, "expected msgctxt"),
        ('msgid "a"\nmsgstr "b"\n#foo\nmsgid "c"\nmsgstr "d"\n', 3, 1, "syntax error"),
        ('msgctxt "k"\n# between\nmsgid "a"\nmsgstr "b"\n', 2, 1, "syntax error"),
        ('msgid "a"\r\nmsgstr "b\r\n', 2, 8, "unterminated"),
        ('msgid "a"\nmsgstr "b"\n#| "c"\nmsgid "d"\nmsgstr "e"\n', 3, 1, '"#|" string'),
        ('#~ msgid "a"\n#~ msgstr "b"\n#~ #| "c"\n', 3, 1, '"#|" string'),
    ],
)
def test_syntax_errors(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_po("bad.po", text)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("TRM035", line, column)
    assert words in problem.message


def test_the_scanner_and_polib_must_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # A catalog that polib reads differently from the scanner is refused, never rewritten.
    monkeypatch.setattr(po_module, "_unescape", str.upper)
    with pytest.raises(InputError) as caught:
        read("es.po")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("TRM035", line_of(fixture("es.po"), "#: notes.py:10"))
    assert "differently" in problem.message


def test_the_header_is_the_entry_polib_takes() -> None:
    text = (
        'msgctxt "empty"\nmsgid ""\nmsgstr "vacío"\n\n'
        'msgid "a"\nmsgstr "b"\n\n'
        'msgid ""\nmsgstr "Language: es\\n"\n'
    )
    doc = read_po("x.po", text)
    assert doc.lang == "es"
    assert [(s.text, s.key) for s in doc.segments] == [("vacío", "empty\x04"), ("b", "a")]


def test_previous_strings_and_flags_of_obsolete_entries() -> None:
    text = (
        '#| msgid "Old"\n#| "er"\nmsgid "a"\nmsgstr "b"\n\n'
        '#~ #, fuzzy\n#~ msgid "c"\n#~ msgstr "d"\n'
    )
    assert [(s.text, s.flags) for s in read_po("x.po", text).segments] == [("b", frozenset())]


# --- line ends and unusual characters ---------------------------------------------------------


def test_crlf_catalogs() -> None:
    data = (FORMATS / "crlf.po").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 0  # the fixture must keep its CRLF
    text = data.decode("utf-8")
    doc = read_po("crlf.po", text)
    assert doc.lang == "hy"
    assert [s.text for s in doc.segments] == ["Լեռնային Ղարաբաղ", "Գորիս"]
    assert [(s.first_line, s.last_line) for s in doc.suppressions] == [(5, 9)]
    fixed = replace(text, doc.segments[0], "Լեռնային Ղարաբաղ", "Արցախ")
    assert fixed == text.replace('"Լեռնային "\r\n"Ղարաբաղ"', '"Արցախ"\r\n""')
    assert polib.pofile(fixed).find("Nagorno-Karabakh").msgstr == "Արցախ"


def test_crlf_and_lf_give_the_same_segments() -> None:
    text = fixture("wrapped.po")
    lf = read_po("wrapped.po", text)
    crlf = read_po("wrapped.po", text.replace("\n", "\r\n"))
    assert [s.text for s in crlf.segments] == [s.text for s in lf.segments]


def test_line_separators_inside_strings_are_text() -> None:
    # str.splitlines() breaks at U+2028 and U+0085, PO does not: polib alone cannot read this.
    text = 'msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "a"\nmsgstr "x\u2028y\x85z"\n'
    doc = read_po("x.po", text)
    assert [s.text for s in doc.segments] == ["x\u2028y\x85z"]
    fixed = replace(text, doc.segments[0], "y", "Y")
    assert [s.text for s in read_po("x.po", fixed).segments] == ["x\u2028Y\x85z"]


def test_a_bom_is_skipped() -> None:
    doc = read_po("x.po", '\ufeffmsgid ""\nmsgstr "Language: es\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    assert (doc.lang, [s.text for s in doc.segments]) == ("es", ["b"])


# --- properties -------------------------------------------------------------------------------

# polib writes these raw and then cannot read them back (str.splitlines breaks there)
POLIB_LINE_BREAKS = "\x1c\x1d\x1e\x85\u2028\u2029"
po_strings = st.text(
    st.one_of(
        st.sampled_from('"\\\n\t ab-'),
        st.characters(exclude_categories=("Cs",), exclude_characters=POLIB_LINE_BREAKS),
    ),
    min_size=1,
    max_size=40,
)


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[str, str]:
    """A catalog written by polib with a small wrap width, and the translation it holds."""
    catalog = polib.POFile(wrapwidth=draw(st.integers(12, 30)))
    catalog.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    msgstr = draw(po_strings)
    catalog.append(polib.POEntry(msgid="before", msgstr="antes de la frontera"))
    catalog.append(polib.POEntry(msgid="target", msgstr=msgstr, msgctxt="k"))
    catalog.append(polib.POEntry(msgid="after", msgstr="después", obsolete=True))
    return str(catalog), msgstr


@SETTINGS
@given(catalogs(), st.data())
def test_random_replacements_round_trip_through_polib(
    written: tuple[str, str], data: st.DataObject
) -> None:
    text, msgstr = written
    doc = read_po("r.po", text)
    segment = next(s for s in doc.segments if s.key == "k\x04target")
    assert segment.text == msgstr
    start = data.draw(st.integers(0, len(msgstr)))
    end = data.draw(st.integers(start, len(msgstr)))
    replacement = data.draw(po_strings | st.just(""))
    fixed = apply_edits(text, segment.edits(start, end, replacement))
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(fixed)}
    assert entries["k", "target"].msgstr == msgstr[:start] + replacement + msgstr[end:]
    assert entries[None, "before"].msgstr == "antes de la frontera"
    assert len(fixed.splitlines()) == len(text.splitlines())
    cut = text.index("msgctxt")
    assert fixed[:cut] == text[:cut] and fixed.endswith(text[text.index("#~") :])


PO_LINES = [
    'msgid ""',
    'msgstr "Language: es\\n"',
    'msgid "a"',
    'msgid "b\\"c"',
    'msgid_plural "p"',
    'msgstr "x\\\\"',
    'msgstr[0] "y"',
    'msgstr[1] ""',
    'msgctxt "k"',
    '"more \\n"',
    '"unterminated',
    "#, fuzzy",
    "# terms: ignore[TRM1]",
    "#.",
    "#",
    '#| msgid "old"',
    '#~ msgid "gone"',
    '#~ msgstr "ido"',
    '#~ "more"',
    "#~|",
    "#foo",
    'msgid"z"',
    "",
    "  ",
    "garbage",
]


@SETTINGS
@given(st.lists(st.sampled_from(PO_LINES), max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_any_line_soup_reads_or_raises_input_error(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    try:
        doc = read_po("soup.po", text)
    except InputError as error:
        (problem,) = error.problems
        assert problem.code == "TRM035" and 0 < problem.line <= max(1, len(lines))
        assert "differently" not in problem.message
        return
    for segment in doc.segments:
        assert "".join(polib.unescape(text[a:b]) for a, b in segment.spans) == segment.text
