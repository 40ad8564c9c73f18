"""The matching engine: find every glossary term in a text, exactly, by case, or folded.

The matcher is compiled once from a termbase (an Aho-Corasick automaton over the folded keys of
every term, so the scan cost does not grow with the glossary) and then finds, in any number of
texts, the leftmost-longest non-overlapping spans where terms occur. It reports what it found and
never decides what to do about it: that is the normalizer's job.

A term matches with one of its endings (its own, or else its glossary's for its language): a
plain ending is found written after the term (``Пашинян`` + ``ом``); an ending that replaces the
term's last letters (``я>и``: ``Греция``, ``Греции``) makes an inflected form, which is indexed
as a word of its own and found as the term written that way.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
import regex

from terms.folding import (
    APOSTROPHES,
    FoldedText,
    collapse_spaces,
    fold,
    is_no_space_script,
    is_word_char,
    needs_boundary,
)
from terms.gcpause import collector_paused
from terms.model import REPLACES, Pattern, Status, Term, Termbase, inflect
from terms.patterns import compile_pattern, expand
from terms.protect import protected_spans
from terms.romanize import with_romanizations


class MatchKind(enum.IntEnum):
    """How a piece of text matched a glossary entry, closest first."""

    EXACT = 0
    CASE = 1
    FOLDED = 2
    PATTERN = 3
    FUZZY = 4

    @property
    def label(self) -> str:
        """Return the lower-case name used in change records (``exact``, ``case``, ...)."""
        return self.name.lower()


@dataclass(slots=True)  # not frozen: made by the ten thousand, and frozen ones are slow to make
class Candidate:
    """One glossary entry that matches at a span: the stem ``start:end``, plus an ending.

    Treat it as read-only: :func:`dataclasses.replace` makes a changed copy.
    """

    start: int
    end: int
    full_end: int
    kind: MatchKind
    concept_id: str
    lang: str
    status: Status
    listed: str
    term: Term | None = None
    score: float = 100.0
    replacement: str | None = None  # a pattern's template, filled in for this match

    @classmethod
    def for_term(
        cls, start: int, end: int, full_end: int, kind: MatchKind, term: Term
    ) -> Candidate:
        """Build the candidate of a listed term found at ``start:end`` (+ ending)."""
        return cls(
            start, end, full_end, kind, term.concept_id, term.lang, term.status, term.text, term
        )

    @property
    def has_ending(self) -> bool:
        """Return True when the match needed one of the term's allowed endings."""
        return self.full_end != self.end


@dataclass(frozen=True)
class Match:
    """A span of text and every glossary entry that matches exactly that span."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]


NAME_TYPES = frozenset({"person", "place", "organization"})


def _kind_of(found: str, term: Term) -> MatchKind | None:
    """Return how ``found`` matches ``term``, or None when a case-sensitive term rejects it.

    A case-sensitive term needs the same letters in the same case (mark a name that is also a
    common word so: French ``Poutine`` is not the dish ``poutine``).
    """
    if found == term.text:
        return MatchKind.EXACT
    spaced = collapse_spaces(found)
    if spaced == term.text:
        return MatchKind.EXACT
    if term.case_sensitive and fold(found, keep_case=True) != fold(term.text, keep_case=True):
        return None
    if spaced.casefold() == term.text.casefold():
        return MatchKind.CASE
    return MatchKind.FOLDED


class Matcher:
    """A compiled index of every term and pattern of a termbase.

    >>> from terms.model import Concept, Glossary, Status, Term, Termbase
    >>> t = Term("Pashinyan", "en", Status.PREFERRED, "pashinyan")
    >>> tb = Termbase((Glossary("g", "g.yaml", concepts=(Concept("pashinyan", terms=(t,)),)),))
    >>> [(m.start, m.end, m.candidates[0].kind.label) for m in Matcher(tb).find("PASHINYAN's")]
    [(0, 9, 'case')]
    """

    def __init__(self, termbase: Termbase) -> None:
        """Index the folded key of every term and compile every pattern."""
        with collector_paused():
            self._build(termbase)

    def _build(self, termbase: Termbase) -> None:
        """Do the work of ``__init__``."""
        self.termbase = termbase
        # what is matched: the glossary's terms and the romanizations of its Cyrillic ones
        self.indexed = with_romanizations(termbase)
        by_key: dict[str, list[tuple[Term, tuple[str, ...]]]] = defaultdict(list)
        self.longest_term = 0  # in characters, as written
        for glossary in self.indexed.glossaries:
            for concept in glossary.concepts:
                for term in concept.terms:
                    self.longest_term = max(self.longest_term, len(term.text))
                    own = term.endings or term.own_endings
                    endings = term.endings if own else glossary.endings_for(term.lang)
                    _index_term(by_key, term, endings)
        self._by_key = dict(by_key)
        # keys whose terms start (end) with punctuation need no word boundary there (", that")
        self._loose_edges = {
            key: (
                all(_punctuation_edge(term.text[:2], key[0]) for term, _ in entries),
                all(_punctuation_edge(term.text[-2:][::-1], key[-1]) for term, _ in entries),
            )
            for key, entries in self._by_key.items()
            if not (is_word_char(key[0]) and is_word_char(key[-1]))
        }
        self._automaton = ahocorasick.Automaton()
        for key in self._by_key:
            self._automaton.add_word(key, key)
        if self._by_key:
            self._automaton.make_automaton()
        self._patterns = [
            (compile_pattern(p.regex, case_sensitive=p.case_sensitive), p)
            for c in self.indexed.concepts
            for p in c.patterns
        ]

    def candidates(self, text: str) -> list[Candidate]:
        """Return every candidate match in ``text``, overlapping ones included."""
        found: list[Candidate] = []
        if self._by_key:
            found.extend(self._term_candidates(FoldedText(text)))
        for compiled, pattern in self._patterns:
            found.extend(_pattern_candidates(compiled, pattern, text))
        protected = protected_spans(text)
        if protected:
            found = [c for c in found if not _overlaps_any(c.start, c.full_end, protected)]
        return found

    def find(self, text: str) -> list[Match]:
        """Return the leftmost-longest non-overlapping matches in ``text``, in order."""
        return select_matches(self.candidates(text))

    def _term_candidates(self, ft: FoldedText) -> Iterable[Candidate]:
        """Yield candidates for listed terms found in folded text."""
        folded = ft.text
        for last, key in self._automaton.iter(folded):
            fstart = last + 1 - len(key)
            fend = last + 1
            loose_left, loose_right = self._loose_edges.get(key, _TIGHT)
            if not loose_left and not open_left(folded, fstart, key):
                continue
            start = ft.original_start(fstart)
            end = ft.original_end(fend)
            if start is None or end is None:
                continue
            right_open = loose_right or open_right(folded, fend, key)
            found = ft.original[start:end]
            if " " in key and PARAGRAPH_BREAK.search(found):
                continue  # the words of one term never span two paragraphs
            # folding drops an apostrophe inside a word, so the stem may end with it; an ending
            # may start with it (Turkish Çin'de)
            bare = end
            while bare > start and ft.original[bare - 1] in APOSTROPHES:
                bare -= 1
            for term, endings in self._by_key[key]:
                stem_end, full_end = end, end
                if right_open and bare != end and term.text[-1] not in APOSTROPHES:
                    # a mark after the word (a soft sign, or the quotation mark that closes
                    # ‘Pashinián’) is found with it but stays: the term does not end with one
                    stem_end = full_end = bare
                elif not right_open:
                    found_end = ending_end(ft.original, end, endings)
                    if found_end is None and bare != end:
                        stem_end, found_end = bare, ending_end(ft.original, bare, endings)
                    if found_end is None:
                        continue
                    full_end = found_end
                kind = _kind_of(ft.original[start:stem_end], term)
                if kind is not None:
                    yield Candidate.for_term(start, stem_end, full_end, kind, term)


def _index_term(
    by_key: dict[str, list[tuple[Term, tuple[str, ...]]]], term: Term, endings: Sequence[str]
) -> None:
    """Index a term under its folded key with its plain endings, and each inflected form."""
    key = fold(term.text)
    if not key:
        return
    plain = {e for e in endings if REPLACES not in e}
    by_key[key].append((term, tuple(sorted(plain, key=len, reverse=True))))
    for ending in endings:
        if REPLACES not in ending:
            continue
        form = inflect(term.text, ending)
        form_key = fold(form) if form else ""
        if not form or not form_key:
            continue
        if any(
            (t.text, t.concept_id, t.lang) == (form, term.concept_id, term.lang)
            for t, _ in by_key[form_key]
        ):
            continue  # listed as a term already, or made by another ending
        by_key[form_key].append((dataclasses.replace(term, text=form, endings=()), ()))


_TIGHT = (False, False)  # both edges of a key need word boundaries


def _punctuation_edge(edge: str, folded: str) -> bool:
    """Return True when a term's edge (its outer character, then the next one in) needs no boundary.

    That is an edge of punctuation that folding keeps, not followed by a letter inside the
    term: ``, that`` matches in ``clause, that`` and ``‘`` in ``Wrong‘``, while ``U.S.`` does
    not match inside ``U.S.A.``; a hyphen, which folding takes as a space and drops at the
    edge (``->`` is folded to ``>``), does not count.
    """
    outer = edge[0]
    return (
        not is_word_char(outer)
        and fold(outer) == folded
        and all(not is_word_char(ch) for ch in edge[1:])
    )


PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\r?\n|\r[^\S\r\n]*\r")


def open_left(folded: str, start: int, key: str) -> bool:
    """Return True when a key found at ``start`` of folded text begins a word there.

    The character before must not continue a word, unless the key starts in a script
    written without spaces.
    """
    return start == 0 or not needs_boundary(folded[start - 1]) or is_no_space_script(key[0])


def open_right(folded: str, end: int, key: str) -> bool:
    """Return True when a key ending at ``end`` of folded text ends a word there."""
    return end >= len(folded) or not needs_boundary(folded[end]) or is_no_space_script(key[-1])


def ending_end(original: str, end: int, endings: Sequence[str]) -> int | None:
    """Return where an allowed ending written right after ``end`` stops at a word boundary.

    Endings are compared in the original text, ignoring case only: a Cyrillic ``а`` ending
    does not match a Latin ``a``.
    """
    for ending in endings:
        stop = end + len(ending)
        if original[end:stop].casefold() == ending.casefold() and (
            stop >= len(original) or not needs_boundary(original[stop])
        ):
            return stop
    return None


def _pattern_candidates(
    compiled: regex.Pattern[str], pattern: Pattern, text: str
) -> Iterable[Candidate]:
    """Yield a candidate for each non-empty match of a glossary pattern."""
    for match in compiled.finditer(text):
        start, end = match.span()
        if "\n" in match.group() and PARAGRAPH_BREAK.search(match.group()):
            continue  # no match spans two paragraphs (so paragraphs can be read apart)
        if end > start:
            replacement = None if pattern.replace is None else expand(match, pattern.replace)
            yield Candidate(
                start,
                end,
                end,
                MatchKind.PATTERN,
                pattern.concept_id,
                pattern.lang,
                pattern.status,
                match.group(),
                replacement=replacement,
            )


def _overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Return True when ``start:end`` overlaps any of the sorted ``spans``."""
    return any(s < end and start < e for s, e in spans)


def select_matches(candidates: Iterable[Candidate]) -> list[Match]:
    """Group candidates by span and keep the leftmost-longest spans that do not overlap."""
    by_span: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for cand in candidates:
        by_span[(cand.start, cand.full_end)].append(cand)
    chosen: list[Match] = []
    last_end = -1
    for start, end in sorted(by_span, key=lambda span: (span[0], span[0] - span[1])):
        if start < last_end:
            continue
        group = sorted(by_span[(start, end)], key=lambda c: (c.kind, c.has_ending))
        chosen.append(Match(start, end, tuple(group)))
        last_end = end
    return chosen
