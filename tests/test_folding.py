from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from terms.casing import carry_case, case_shape
from terms.folding import (
    HYPHEN_CLASS,
    SEPARATORS,
    FoldedText,
    fold,
    fold_char,
    fold_chars,
    special_spans,
)
from terms.locales import UnknownLanguageError, canonical_tag, fallback_chain


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Pashinián", "pashinian"),
        ("Paşinyan", "pasinyan"),
        ("İlham Əliyev", "ilham eliyev"),
        ("Iraŋ", "iran"),
        ("Bakı", "baki"),
        ("Пашинян", "pashinyan"),
        ("ОДКБ", "odkb"),
        ("Нахичевань", "nakhichevan"),  # the soft sign is dropped
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Nagorno \n\t Karabakh", "nagorno karabakh"),
        ("Weißrussland", "weissrussland"),
        ("Pashi\u00adnyan", "pashinyan"),  # soft hyphen
        ("Pashine\u0301", "pashine"),  # decomposed accent
        ("ＣＳＴＯ", "csto"),  # full-width letters
        ("東京", "東京"),  # no transliteration of scripts without spaces
        ("d’Ivoire", "d'ivoire"),
    ],
)
def test_fold_keys(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_keep_case_keeps_the_case_of_transliterations() -> None:
    assert fold("ОДКБ", keep_case=True) == "ODKB"
    assert fold_char("Ж", keep_case=True) == "Zh"


def test_folded_text_maps_positions_back() -> None:
    ft = FoldedText("Пашинян и e\u0301te")
    assert ft.text == "pashinyan i ete"
    # "sh" comes from one letter: a match may start at "s" but not at "h"
    assert ft.original_start(2) == 2
    assert ft.original_start(3) is None
    assert ft.original_end(4) == 3
    assert ft.original_end(3) is None
    # the accent belongs to the "e" before it
    assert ft.original_span(12, 13) == (10, 12)


@given(st.text(max_size=40))
def test_every_aligned_folded_span_maps_into_the_original(text: str) -> None:
    ft = FoldedText(text)
    chars = fold_chars(text)  # every character folded in the context of the whole text
    for start in range(len(ft.text)):
        for end in range(start + 1, len(ft.text) + 1):
            span = ft.original_span(start, end)
            if span is not None:
                assert 0 <= span[0] < span[1] <= len(text)
                folded = regex.sub(r"[\s\-]+", " ", "".join(chars[span[0] : span[1]]))
                assert folded == regex.sub(r"[\s\-]+", " ", ft.text[start:end])


@pytest.mark.parametrize(
    ("found", "listed", "replacement", "expected"),
    [
        ("PASHINIAN", "Pashinian", "Pashinyan", "PASHINYAN"),
        ("Pashinian", "Pashinian", "Pashinyan", "Pashinyan"),
        ("pashinian", "Pashinian", "Pashinyan", "pashinyan"),
        ("E-mail", "e-mail", "email", "Email"),
        ("PaShInIaN", "Pashinian", "Pashinyan", "Pashinyan"),
        ("ODKB", "ODKB", "CSTO", "CSTO"),
    ],
)
def test_carry_case(found: str, listed: str, replacement: str, expected: str) -> None:
    assert carry_case(found, listed, replacement) == expected


def test_case_shape() -> None:
    assert [case_shape(t) for t in ("ABC", "abc", "Abc", "aBc", "123")] == [
        "upper",
        "lower",
        "title",
        "mixed",
        "mixed",
    ]


def test_language_tags() -> None:
    assert canonical_tag("pt_br") == "pt-BR"
    assert canonical_tag("SR-latn") == "sr-Latn"
    assert fallback_chain("en-GB") == ("en-GB", "en")
    for bad in ("xx", "en-Zzzq", "en-QQ", "english", ""):
        with pytest.raises(UnknownLanguageError):
            canonical_tag(bad)


# The plain pattern of what folding looks at: separator runs, or a single character that is
# special outside a run too.
SPECIAL = regex.compile(f"[{SEPARATORS}]{{2,}}|[\\t\\n\\r\\f\\v{HYPHEN_CLASS}']|[^\\x00-\\x7f]")

# characters around the edges of what folding looks at: plain and Unicode spaces, ASCII
# controls that are and are not white space, hyphens, apostrophes, accents, a combining mark
_EDGE_CHARACTERS = " \n\t\r\x0b\x1c\x01\x7f-\u2010'’aZé\u0301Ш\xa0\u2003.,"


@given(st.text(alphabet=_EDGE_CHARACTERS, max_size=30) | st.text(max_size=30))
def test_special_spans_are_what_the_reference_pattern_finds(text: str) -> None:
    # the fast scan against the slow, obvious one it replaces
    assert list(special_spans(text)) == [found.span() for found in SPECIAL.finditer(text)]
