"""`terms clean` properties: cleaning clean text changes nothing; records give the output."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from terms.changes import apply_changes
from terms.clean import Cleaner, CleanSettings
from terms.formats import read_as
from terms.glossary import load_glossary_text
from terms.model import Termbase

GLOSSARY = load_glossary_text(
    "version: 1\nconcepts:\n  p: {type: person, en: Pashinyan, es: Pashinián, fr: Pachinian}\n"
)
TERMBASE = Termbase((GLOSSARY,))
# words, figures, every kind of space and quotation mark, invisible characters, mojibake
# (also glued to marks), boilerplate lines: the pieces that the steps read around each other
PIECES = st.sampled_from(
    [
        "Pashinián", "said", "Baku", "6.500", "2,000", "3,5", "l'État", "it's", "'90s",
        " ", "  ", "\u00a0", "\u202f", "\n", "\n\n", "\n\n\n", "\t", ",", ".", ";", ":", "!",
        "?", '"', "'", "“", "”", "‘", "’", "«", "»", "„", "‚", "‹", "›", "(", ")", "\u200b",
        "\u00ad", "e\u0301", "â€™", "cafÃ©", "Ã\u00ad", "Leave a Reply", "See them", "-", "—",
    ]
)  # fmt: skip
MARKUP = st.sampled_from(["`code`", "**", "_", '[a](http://x.am/"q")', "<b>", "</b>", "&amp;"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)
LANGS = ("en", "es", "de", "fr", "it")  # it: « » outside, “ ” inside
CLEANERS = {
    (lang, source): Cleaner(TERMBASE, lang, CleanSettings(source_lang=source))
    for lang in LANGS
    for source in (None, "es")
}
SOURCES = st.sampled_from([None, "es"])
# inputs that once broke a property, each for its own reason
FOUND = [
    '""PashiniánPashinián\'"',  # an apostrophe inside a quotation that becomes ‘…’ (en)
    '"«Pashinián\'"',  # the same with German ‚…‘
    '“â€™"',  # mojibake glued to quotation marks
    '"«\'90s"',  # a no-break space put inside a guillemet, next to another mark (fr)
    '""”;',  # French spacing before a mark after a quotation mark
    "Pashinián';",  # French spacing once a term is rewritten
    'Pashinián\u00a0»Pashinián"',  # a no-break space outside a guillemet (fr)
    "'Pashinián\" Pashiniánâ€™",  # a closing mark after a term
    '"Pashinián’"\'90s',  # a term eating the mark after it
    "â€™â€™â€™",  # two edits inside one earlier replacement (records)
    "\u00a0\u200b\u00a0Pashinián",  # edits on both sides of an earlier deletion (records)
    "e\u0301\u200b;",  # an insertion at an earlier deletion (records)
    '»;"',  # an edit over an earlier insertion (records)
    '"""Pashinián""\tPashinián"',  # two closing guillemets, each with its no-break space (fr)
    '« "","',  # spaces inside a guillemet that restyling takes out, next to a mark
    '""«,"',  # a no-break space between a mark and a guillemet (fr)
    '" ""',  # a mark that becomes a guillemet loses the spaces inside it (es)
    '"‛ ‹\nPashinián"',  # marks across a line break
    "Pashinián\u00a06.500",  # a figure after a no-break space (numbers before the spaces)
    "PashiniánPashinián3,56.500",  # a fuzzy rewrite takes a digit along (numbers after terms)
    "’Pashinián\n\u00a0\n’Pashiniánâ€™",  # a line of a no-break space between paragraphs
    '"Pashinián‹\u00a0\u00a0Pashinián',  # spaces by a guillemet are read, so left (fr)
    '""Pashinián"\u00a0\t"',  # a space outside one mark and inside the next (fr)
    '""(Pashinián«',  # a quotation opened before a bracket: its closing mark is no soft sign
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _examples(test):  # type: ignore[no-untyped-def]
    """Run a property on every input of FOUND, with and without a source language."""
    for text in FOUND:
        for source in (None, "es"):
            test = example(text=text, source=source)(test)
    return test


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(text=TEXTS, source=SOURCES)
@_examples
def test_cleaning_is_idempotent(lang: str, text: str, source: str | None) -> None:
    cleaner = CLEANERS[(lang, source)]
    first = cleaner.clean_text(text)
    second = cleaner.clean_text(first.text)
    assert second.text == first.text, (text, first.text, second.text)
    assert not second.changed


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(text=TEXTS, source=SOURCES)
@_examples
def test_records_give_the_output(lang: str, text: str, source: str | None) -> None:
    first = CLEANERS[(lang, source)].clean_text(text)
    assert apply_changes(text, first.changes) == first.text
    for change in first.changes:
        assert text[change.start : change.end] == change.original


@pytest.mark.parametrize(
    ("lang", "form"), [(lang, form) for lang in LANGS for form in ("md", "html")]
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(st.lists(st.one_of(PIECES, MARKUP), max_size=20), min_size=1, max_size=4)
)
@example(paragraphs=[['""Pashinián""', '[a](http://x.am/"q")', '"']])  # masked link target
def test_cleaning_markup_is_idempotent(lang: str, form: str, paragraphs: list[list[str]]) -> None:
    texts = ["".join(pieces).strip() or "x" for pieces in paragraphs]
    if form == "md":
        text, kind = "\n\n".join(texts) + "\n", "markdown"
    else:
        text, kind = "".join(f"<p>{t}</p>\n" for t in texts), "html"
    cleaner = CLEANERS[(lang, None)]
    first = cleaner.clean(read_as(kind, f"a.{form}", text)).text
    second = cleaner.clean(read_as(kind, f"a.{form}", first)).text
    assert second == first, (text, first, second)
