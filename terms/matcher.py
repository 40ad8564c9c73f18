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

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from terms.folding import (
    APOSTROPHES,
    FoldedText,
    collapse_spaces,
    fold,
    needs_boundary,
)
from terms.gcpause import collector_paused
from terms.matchindex import (
    LENGTH_MASK,
    LOOSE_LEFT,
    LOOSE_RIGHT,
    WITH_ENDINGS,
    BuiltIndex,
    MatchIndex,
)
from terms.model import Concept, Pattern, Status, Term, Termbase
from terms.patterns import expand
from terms.protect import protected_spans


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
            self._use(BuiltIndex(termbase))

    @classmethod
    def from_index(cls, index: MatchIndex) -> Matcher:
        """Return a matcher that scans with an index already built (from the cache)."""
        matcher = cls.__new__(cls)
        matcher._use(index)
        return matcher

    def __reduce__(self) -> tuple[object, tuple[MatchIndex]]:
        """Pickle as the index (a cached index pickles as the path of its file)."""
        return Matcher.from_index, (self.index,)

    def _use(self, index: MatchIndex) -> None:
        """Scan with ``index`` from now on."""
        self.index = index
        self.longest_term = index.longest_term
        self._automaton = index.automaton
        self._shapes = index.shapes
        self._entries = index.entries
        self._patterns = index.patterns

    @property
    def termbase(self) -> Termbase:
        """Return the termbase the matcher was built from (read when first asked, if cached)."""
        return self.index.termbase

    @property
    def indexed(self) -> Termbase:
        """Return what is matched: the termbase with the romanizations of its terms."""
        return self.index.indexed

    def concept(self, concept_id: str) -> Concept:
        """Return the termbase's concept with this id (KeyError when there is none)."""
        return self.index.concept(concept_id)

    def candidates(self, text: str) -> list[Candidate]:
        """Return every candidate match in ``text``, overlapping ones included."""
        found: list[Candidate] = []
        if self._automaton is not None:
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
        automaton = self._automaton
        if automaton is None:
            return
        shapes = self._shapes
        length = len(folded)
        # most hits are keys inside other words, so the edges are checked first, inline
        for last, number in automaton.iter(folded):
            shape = shapes[number]
            fend = last + 1
            fstart = fend - (shape & LENGTH_MASK)
            if fstart and not shape & LOOSE_LEFT and needs_boundary(folded[fstart - 1]):
                continue  # the key starts inside a word
            right_open = shape & LOOSE_RIGHT or fend == length or not needs_boundary(folded[fend])
            if not right_open and not shape & WITH_ENDINGS:
                continue  # inside a word, and no ending of the key's terms reaches its end
            key = folded[fstart:fend]
            start = ft.original_start(fstart)
            end = ft.original_end(fend)
            if start is None or end is None:
                continue
            found = ft.original[start:end]
            if " " in key and PARAGRAPH_BREAK.search(found):
                continue  # the words of one term never span two paragraphs
            # folding drops an apostrophe inside a word, so the stem may end with it; an ending
            # may start with it (Turkish Çin'de)
            bare = end
            while bare > start and ft.original[bare - 1] in APOSTROPHES:
                bare -= 1
            for term, endings in self._entries(number):
                stem_end, full_end = end, end
                if (
                    right_open
                    and bare != end
                    and term.text[-1] not in APOSTROPHES
                    and closes_quotation(ft.original, start)
                ):
                    # the mark that closes ‘Pashinián’ is found with the word but stays; a
                    # mark that is the name's own (a soft sign: Shengavit’) goes with it
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


# Quotation marks of any style, told apart by where they stand: one that opens comes before a
# word (or a bracket before one, as the cleaner's quotation marks have it) and not after one,
# one that closes comes after a word (or its full stop) and not before one. Restyling (‘…’ for
# '…', “…” for '…") keeps the counts, so a cleaned text reads the same.
_QUOTE = "'’‘\"“”„‚«»‹›"
_QUOTE_MARK = regex.compile(
    rf"(?P<open>(?<![\p{{L}}\p{{M}}\p{{N}}.,!?])[{_QUOTE}]"
    rf"(?=[ \u00a0\u202f]?[(\[{{]*[\p{{L}}\p{{N}}]))"
    rf"|(?<=[\p{{L}}\p{{M}}\p{{N}}.,!?][ \u00a0\u202f]?)[{_QUOTE}](?![\p{{L}}\p{{N}}])"
)
QUOTE_LOOKBACK = 400  # how far back a quotation's opening mark is looked for


def closes_quotation(text: str, start: int) -> bool:
    """Return True when a mark after the word at ``start`` closes a quotation opened before it.

    A quotation opened in the paragraph before the word and not closed says it does.

    >>> closes_quotation("He said ‘Pashinián’ twice.", 9)
    True
    >>> closes_quotation("In Shengavit’ today.", 3), closes_quotation("Karabagh’ and ‘Kiev’", 15)
    (False, True)
    """
    since = max(0, start - QUOTE_LOOKBACK)
    breaks = list(PARAGRAPH_BREAK.finditer(text, since, start))
    if breaks:
        since = breaks[-1].end()
    depth = 0  # quotations open; a closing mark with none open is an apostrophe
    for mark in _QUOTE_MARK.finditer(text, since):
        if mark.start() >= start:
            break
        depth = depth + 1 if mark.group("open") else max(0, depth - 1)
    return depth > 0


PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\r?\n|\r[^\S\r\n]*\r")


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
