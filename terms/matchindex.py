"""What a matcher scans with: an automaton over folded keys, and what each key stands for.

Every term is indexed under its folded key (and each inflected form made by a replacing ending
under its own key). The Aho-Corasick automaton maps a key to its number; a table of *shapes* gives
each key's length, whether its edges need word boundaries and whether an ending may follow it,
so that a hit is checked with one look-up, and the terms of a key (its *entries*) are looked up
by number only for hits that pass. A :class:`MatchIndex` is built here from a termbase
(:class:`BuiltIndex`), or read back from the cache (:mod:`terms.matchstore`), which
materializes entries only when asked.
"""

from __future__ import annotations

import array
import dataclasses
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import ahocorasick
import regex

from terms.folding import fold, is_no_space_script, is_word_char
from terms.gcpause import collector_paused
from terms.model import REPLACES, Concept, Pattern, Term, Termbase, inflect
from terms.patterns import compile_pattern
from terms.romanize import with_romanizations

if TYPE_CHECKING:
    from terms.fuzzy import FuzzyIndex

Entry = tuple[Term, tuple[str, ...]]  # a term and its plain endings, longest first

# The shape of a key: its length, whether its edges need word boundaries, whether it has endings.
LENGTH_MASK = (1 << 29) - 1
WITH_ENDINGS = 1 << 29  # some term of the key has plain endings
# the key's first (last) character needs no word boundary before (after) it: punctuation, or
# a script written without spaces
LOOSE_LEFT = 1 << 30
LOOSE_RIGHT = 1 << 31
MAX_KEYS = (1 << 31) - 1  # the automaton stores a key's number as a signed 32-bit integer


def key_shape(key: str, entries: Sequence[Entry]) -> int:
    """Return the shape of a key: its length and flags, in 32 bits."""
    if len(key) > LENGTH_MASK:
        raise ValueError(f"a term of {len(key):,} characters is too long to index")
    shape = len(key)
    if any(endings for _, endings in entries):
        shape |= WITH_ENDINGS
    if is_no_space_script(key[0]):
        shape |= LOOSE_LEFT
    if is_no_space_script(key[-1]):
        shape |= LOOSE_RIGHT
    if is_word_char(key[0]) and is_word_char(key[-1]):
        return shape  # the common case: word boundaries at both edges
    if all(_punctuation_edge(term.text[:2], key[0]) for term, _ in entries):
        shape |= LOOSE_LEFT
    if all(_punctuation_edge(term.text[-2:][::-1], key[-1]) for term, _ in entries):
        shape |= LOOSE_RIGHT
    return shape


class MatchIndex:
    """The compiled form of a termbase that a :class:`~terms.matcher.Matcher` scans with.

    ``automaton`` maps folded keys to their numbers (None when there are no keys), ``shapes``
    holds each key's :func:`key_shape`, and :meth:`entries` gives the terms of a key by
    number, in the order they were indexed.
    """

    automaton: ahocorasick.Automaton | None
    shapes: Sequence[int]
    patterns: list[tuple[regex.Pattern[str], Pattern]]
    longest_term: int  # in characters, as written

    def entries(self, number: int) -> Sequence[Entry]:
        """Return the entries of key ``number``."""
        raise NotImplementedError

    def concept(self, concept_id: str) -> Concept:
        """Return the termbase's concept with this id (KeyError when there is none)."""
        raise NotImplementedError

    @property
    def termbase(self) -> Termbase:
        """Return the termbase the index was built from."""
        raise NotImplementedError

    @property
    def indexed(self) -> Termbase:
        """Return what is matched: the termbase with the romanizations of its terms."""
        raise NotImplementedError

    def fuzzy_index(self) -> FuzzyIndex:
        """Return the fuzzy index of what is matched (made when first asked for)."""
        raise NotImplementedError


class BuiltIndex(MatchIndex):
    """A match index built in memory from a termbase."""

    def __init__(self, termbase: Termbase) -> None:
        """Index the folded key of every term and compile every pattern."""
        self._termbase = termbase
        self._indexed = with_romanizations(termbase)
        by_key: dict[str, list[Entry]] = {}
        self.longest_term = 0
        for glossary in self._indexed.glossaries:
            for concept in glossary.concepts:
                for term in concept.terms:
                    self.longest_term = max(self.longest_term, len(term.text))
                    own = term.endings or term.own_endings
                    endings = term.endings if own else glossary.endings_for(term.lang)
                    _index_term(by_key, term, endings)
        if len(by_key) > MAX_KEYS:
            raise ValueError(f"{len(by_key):,} terms are too many to index")
        self.keys = list(by_key)
        self.table = list(by_key.values())
        self.shapes = array.array("I", (key_shape(k, e) for k, e in by_key.items()))
        self.automaton = None
        if self.keys:
            self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for number, key in enumerate(self.keys):
                self.automaton.add_word(key, number)
            self.automaton.make_automaton()
        self.patterns = [
            (compile_pattern(p.regex, case_sensitive=p.case_sensitive), p)
            for c in self._indexed.concepts
            for p in c.patterns
        ]

    def entries(self, number: int) -> Sequence[Entry]:
        """Return the entries of key ``number``."""
        return self.table[number]

    def concept(self, concept_id: str) -> Concept:
        """Return the termbase's concept with this id (KeyError when there is none)."""
        return self._concepts[concept_id]

    @cached_property
    def _concepts(self) -> dict[str, Concept]:
        """Return the termbase's concepts by id (made when first asked)."""
        return {c.id: c for c in self._termbase.concepts}

    @property
    def termbase(self) -> Termbase:
        """Return the termbase the index was built from."""
        return self._termbase

    @property
    def indexed(self) -> Termbase:
        """Return what is matched: the termbase with the romanizations of its terms."""
        return self._indexed

    def fuzzy_index(self) -> FuzzyIndex:
        """Return the fuzzy index of what is matched (built when first asked for)."""
        return self._fuzzy_index

    @cached_property
    def _fuzzy_index(self) -> FuzzyIndex:
        """Build the fuzzy index of what is matched."""
        from terms.fuzzy import FuzzyIndex  # the fuzzy matcher is built on this module's

        with collector_paused():
            return FuzzyIndex(self._indexed)


def _index_term(by_key: dict[str, list[Entry]], term: Term, endings: Sequence[str]) -> None:
    """Index a term under its folded key with its plain endings, and each inflected form."""
    key = fold(term.text)
    if not key:
        return
    plain = {e for e in endings if REPLACES not in e}
    by_key.setdefault(key, []).append((term, tuple(sorted(plain, key=len, reverse=True))))
    for ending in endings:
        if REPLACES not in ending:
            continue
        form = inflect(term.text, ending)
        form_key = fold(form) if form else ""
        if not form or not form_key:
            continue
        listed = by_key.setdefault(form_key, [])
        if any(
            (t.text, t.concept_id, t.lang) == (form, term.concept_id, term.lang) for t, _ in listed
        ):
            continue  # listed as a term already, or made by another ending
        listed.append((dataclasses.replace(term, text=form, endings=()), ()))


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
