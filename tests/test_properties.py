"""Property tests on random glossaries and texts: the laws of normalizing."""

from __future__ import annotations

import os
import re

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reference_matcher import reference_find

from terms import Matcher, Normalizer, Termbase
from terms.changes import Change, apply_changes, compose
from terms.chunks import join_results, pieces, split
from terms.glossary.checks import check_concepts
from terms.model import Concept, Glossary, Status, Term
from terms.normalize import MAX_PASSES
from terms.protect import trim_url
from terms.textpos import LineIndex

LETTERS = "abkrsáşШаяо"
# Latin beside scripts written without spaces (Han, kana, Thai), where a term needs no word
# boundary at its edge
NO_SPACE_LETTERS = "ab東京のกข"
LANGS = ("en", "es", "ru")


def words(letters: str = LETTERS) -> st.SearchStrategy[str]:
    """Words of one to four of ``letters``."""
    return st.text(alphabet=letters, min_size=1, max_size=4)


def phrases(letters: str = LETTERS) -> st.SearchStrategy[str]:
    """One or two words of ``letters``."""
    return st.lists(words(letters), min_size=1, max_size=2).map(" ".join)


word = words()
phrase = phrases()


@st.composite
def termbases(draw: st.DrawFn, letters: str = LETTERS) -> Termbase:
    """A small valid glossary with overlapping, accented and Cyrillic terms (or ``letters``)."""
    phrase = phrases(letters)
    concepts = []
    for index in range(draw(st.integers(1, 4))):
        concept_id = f"c{index}"
        terms = []
        for lang in draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True)):
            terms.append(
                Term(
                    draw(phrase),
                    lang,
                    Status.PREFERRED,
                    concept_id,
                    case_sensitive=draw(st.booleans()) and draw(st.booleans()),
                    endings=draw(st.sampled_from([(), ("а",), ("s", "ом")])),
                )
            )
            for status in draw(
                st.lists(
                    st.sampled_from([Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN]),
                    max_size=2,
                )
            ):
                terms.append(Term(draw(phrase), lang, status, concept_id))
        concepts.append(
            Concept(concept_id, type=draw(st.sampled_from(["person", "term"])), terms=tuple(terms))
        )
    assume(not check_concepts(concepts))
    return Termbase((Glossary("random", "random.yaml", concepts=tuple(concepts)),))


def texts(termbase: Termbase, letters: str = LETTERS) -> st.SearchStrategy[str]:
    """Texts made of the glossary's terms, other words, separators and punctuation."""
    pieces = [t.text for c in termbase.concepts for t in c.terms]
    token = st.one_of(
        st.sampled_from(pieces),
        st.sampled_from(pieces).map(str.upper),
        words(letters),
        st.sampled_from([" ", "  ", "\n", "-", ", ", "'s ", "\u0301", "x@y.org ", "."]),
    )
    return st.lists(token, max_size=8).map("".join)


# TERMS_HYPOTHESIS_EXAMPLES=5000 for a longer search (the default keeps CI quick).
SETTINGS = settings(
    max_examples=int(os.environ.get("TERMS_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _shape(matches):  # type: ignore[no-untyped-def]
    """Return what a comparison of two matchers' matches looks at."""
    return [
        (
            m.start,
            m.end,
            sorted((c.concept_id, c.lang, c.listed, c.kind, c.end) for c in m.candidates),
        )
        for m in matches
    ]


@SETTINGS
@given(st.data(), st.sampled_from([LETTERS, NO_SPACE_LETTERS]))
def test_fast_matcher_agrees_with_the_reference(data: st.DataObject, letters: str) -> None:
    termbase = data.draw(termbases(letters))
    text = data.draw(texts(termbase, letters))
    assert _shape(Matcher(termbase).find(text)) == _shape(reference_find(termbase, text))


@SETTINGS
@given(st.data(), st.sampled_from(LANGS))
def test_normalizing_is_idempotent(data: st.DataObject, lang: str) -> None:
    termbase = data.draw(termbases())
    text = data.draw(texts(termbase))
    normalizer = Normalizer(termbase, lang)
    once = normalizer.normalize(text).text
    twice = normalizer.normalize(once)
    assert twice.text == once
    assert not twice.changed


@SETTINGS
@given(st.data(), st.sampled_from(LANGS))
def test_change_records_explain_the_output_exactly(data: st.DataObject, lang: str) -> None:
    termbase = data.draw(termbases())
    text = data.draw(texts(termbase))
    result = Normalizer(termbase, lang).normalize(text)
    assert apply_changes(text, result.changes) == result.text
    index = LineIndex(text)
    previous_end = 0
    for change in result.changes:
        assert previous_end <= change.start < change.end <= len(text)
        assert change.original == text[change.start : change.end]
        assert (change.line, change.column) == index.position(change.start)
        previous_end = change.end
    # Independently of the records' replacement texts: the output is the input's untouched
    # stretches, in order, with only the recorded spans' contents changed between them.
    applied = [(c.start, c.end) for c in result.changes if c.applied]
    gaps, position = [], 0
    for start, end in applied:
        gaps.append(text[position:start])
        position = end
    gaps.append(text[position:])
    pattern = "(.*?)".join(re.escape(gap) for gap in gaps)
    assert re.fullmatch(pattern, result.text, flags=re.DOTALL)


SIMPLE_PROTECTED = regex.compile(
    r"""(?P<url>\b[a-z][a-z0-9+.\-]*://[^\s<>"]+|\bwww\.[^\s<>"]+)"""
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    regex.IGNORECASE,
)


def simple_protected_spans(text: str) -> list[tuple[int, int]]:
    """The obvious version: one regex over the whole text, URLs trimmed afterwards."""
    spans = []
    for match in SIMPLE_PROTECTED.finditer(text):
        end = match.start() + len(trim_url(match.group())) if match.group("url") else match.end()
        if end > match.start():
            spans.append((match.start(), end))
    return spans


URL_PIECES = [*"aZ_.-+ @é\n')(", "://", "www.", "WwW."]


@SETTINGS
@given(st.lists(st.sampled_from(URL_PIECES), max_size=14).map("".join))
def test_protected_spans_agree_with_one_plain_regex(text: str) -> None:
    from terms.protect import protected_spans

    assert protected_spans(text) == simple_protected_spans(text)


def normalize_whole_passes(normalizer: Normalizer, text: str) -> tuple[str, list[Change]]:
    """The obvious version of :meth:`Normalizer.normalize`: every pass reads the whole text."""
    records = normalizer.changes(text)
    output = apply_changes(text, records)
    for _ in range(MAX_PASSES - 1):
        if not any(change.applied for change in records):
            break
        again = normalizer.changes(output)
        if not any(change.applied for change in again):
            break
        records = compose(text, records, output, again)
        output = apply_changes(text, records)
    return output, records


@st.composite
def chained_termbases(draw: st.DrawFn) -> Termbase:
    """A random glossary plus a chain: rewriting one term completes another concept's variant."""
    base = draw(termbases())
    first, second, tail = draw(st.lists(phrase, min_size=3, max_size=3, unique=True))
    lang = draw(st.sampled_from(LANGS))
    chain = (
        Concept("chain-a", terms=(Term(first, lang, Status.PREFERRED, "chain-a"),
                                  Term(second, lang, Status.DEPRECATED, "chain-a"))),
        Concept("chain-b", terms=(Term(f"{tail} {tail}", lang, Status.PREFERRED, "chain-b"),
                                  Term(f"{first} {tail}", lang, Status.DEPRECATED, "chain-b"))),
    )  # fmt: skip
    concepts = (*base.concepts, *chain)
    assume(not check_concepts(concepts))
    return Termbase((Glossary("random", "random.yaml", concepts=concepts),))


def long_texts(termbase: Termbase) -> st.SearchStrategy[str]:
    """Texts of several pieces with filler between them, longer than the passes' windows.

    A piece may be the start of the chain: the variant of its first concept and the word that
    completes the second concept's variant once the first is rewritten.
    """
    chain_a = termbase.concept("chain-a")
    chain_b = termbase.concept("chain-b")
    assert chain_a is not None and chain_b is not None
    tail = chain_b.terms[0].text.split(" ")[0]
    chained = f"{chain_a.terms[1].text} {tail}"
    filler = st.lists(st.sampled_from(["word", "x", " ", "\n", "\n\n", ". ", "xxxxxxxxxx"]))
    start = st.one_of(texts(termbase), st.just(chained), st.just(chained.upper()))
    piece = st.tuples(start, filler.map("".join)).map("".join)
    return st.lists(piece, max_size=6).map("".join)


@SETTINGS
@given(st.data(), st.sampled_from(LANGS))
def test_later_passes_around_rewrites_agree_with_whole_passes(
    data: st.DataObject, lang: str
) -> None:
    termbase = data.draw(chained_termbases())
    normalizer = Normalizer(termbase, lang)
    # the tightest margin the passes may use: the longest term (the default doubles it)
    normalizer._margin = max(len(t.text) for c in termbase.concepts for t in c.terms) + 1
    text = data.draw(long_texts(termbase))
    output, records = normalize_whole_passes(normalizer, text)
    result = normalizer.normalize(text)
    assert result.text == output
    assert list(result.changes) == records


@SETTINGS
@given(st.data(), st.sampled_from(LANGS), st.integers(0, 40))
def test_normalizing_paragraph_pieces_apart_agrees_with_the_whole_text(
    data: st.DataObject, lang: str, size: int
) -> None:
    termbase = data.draw(chained_termbases())
    normalizer = Normalizer(termbase, lang)
    text = data.draw(long_texts(termbase))
    spans = pieces(text, size)
    assert "".join(split(text, spans)) == text
    joined = join_results((part, normalizer.normalize(part)) for part in split(text, spans))
    whole = normalizer.normalize(text)
    assert joined.text == whole.text
    assert joined.changes == whole.changes
