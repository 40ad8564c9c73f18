"""Fuzzy recognition: spellings of glossary names that nobody listed.

Candidates are the name-like stretches of a text that exact matching left alone: one to a few
words, the first capitalized, not an everyday word of the text's language. Each is looked up
through keys, never scored against the whole glossary:

- ``compact``: the folded text without spaces and punctuation (``St Kitts & Nevis`` is
  ``St. Kitts & Nevis``);
- ``skeleton``: the compact key with transliteration differences merged (sch/sh/sz/ş/š,
  ch/tch/tsch/č, j/y/i, kh/h/x, w/v, ou/u, doubled letters): ``Paschinjan`` and ``Pashinyan``
  share one;
- other readings of the skeleton, for letters schemes read two ways (``j`` as ``dzh``,
  voiced as voiceless consonants): ``Jermuk`` and ``Dzhermuk``, ``Gaddafi`` and ``Qadafi`` meet;
- the skeletons' one-deletion neighbourhoods, and shared character trigrams for longer names;
- the skeletons' consonants and their one-deletion neighbourhoods (``Lenkoran``, ``Lankaran``).

Only the candidates found so are scored: :func:`score` is the probability, in percent, that a
stretch spells a candidate, from a logistic model over edit similarities (rapidfuzz, and edit
costs learned from name-variant pairs) fitted by ``scripts/learn_fuzzy_costs.py``. At or above
``auto`` a match is a safe rewrite, between ``suggest`` and ``auto`` it is reported only. The
first word of a sentence, whose capital says nothing, scores ``SENTENCE_START_PENALTY`` less.
"""

from __future__ import annotations

import bisect
import enum
import functools
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol, cast

import regex
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from terms.folding import fold
from terms.gcpause import collector_paused
from terms.lexicon import LATIN_LEXICONS, max_zipf, zipf
from terms.matcher import NAME_TYPES, Candidate, Match, MatchKind
from terms.model import Status, Term, Termbase


@dataclass(frozen=True)
class FuzzySettings:
    """The knobs of fuzzy recognition (the defaults come from scripts/eval_fuzzy.py)."""

    enabled: bool = True
    auto: float = 74.0
    suggest: float = 50.0
    common_zipf: float = 2.5
    # Everyday words of these languages (wordfreq's short lists), besides the target's (its
    # full list), are never taken for names: a translation keeps words of its source
    # language, and unknown names sit close to the common words of many languages.
    lexicons: tuple[str, ...] = LATIN_LEXICONS
    allow: frozenset[str] = field(default_factory=frozenset)
    min_length: int = 4


_NOT_LETTER = regex.compile(r"[^\p{L}\p{N}]+")
WORD_MIN = 85.0  # each word of a person's name must score this against its counterpart
# Applied in order to a compact key; each rule merges spellings that transliteration schemes
# and languages use for one sound.
_SKELETON_RULES = [
    (regex.compile(p), r)
    for p, r in (
        (r"shch|sch|shh|sh|sz|zs|ś|ș", "s"),
        (r"dzh|dsh|dzs|dj|zh|dz|ž|ź|ż", "z"),
        (r"tsch|tch|tsh|ch|cz|cs|ć|č", "c"),
        (r"ts|tz", "c"),
        (r"kh|gh|x|q|ck|k|c(?=[aou])", "k"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"ou|oo|ue|ü", "u"),
        (r"ae|ai|ay|ei|ey", "e"),
        (r"[jyi]+", "i"),
        (r"h", ""),
        (r"(.)\1+", r"\1"),
    )
]


@functools.lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Return the folded text with only its letters and digits.

    >>> compact("St. Kitts & Nevis"), compact("Congo - Kinshasa")
    ('stkittsnevis', 'congokinshasa')
    """
    return _NOT_LETTER.sub("", fold(text))


@functools.lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """Return the transliteration skeleton of a compact key.

    >>> skeleton(compact("Paschinjan")) == skeleton(compact("Pashinyan"))
    True
    >>> skeleton(compact("Khachaturian")) == skeleton(compact("Chatschaturjan"))
    True
    """
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


# Letters that transliteration reads two ways get a second reading: English ``j`` is the
# ``dzh`` of Russian-based schemes (Jermuk, Dzhermuk), and voiced and voiceless consonants
# trade places across languages (Gaddafi, Qadhafi; Gazakh, Qazakh).
_ENGLISH_J = regex.compile(r"(?<![dt])j")
_DEVOICE = str.maketrans("gdbzv", "ktpsf")


@functools.lru_cache(maxsize=65536)
def skeletons(key: str) -> tuple[str, ...]:
    """Return the skeletons of a compact key under each reading; the first is ``skeleton(key)``.

    >>> skeletons("jermuk")
    ('iermuk', 'zermuk', 'sermuk')
    """
    shapes = [skeleton(key), skeleton(_ENGLISH_J.sub("dzh", key))]
    shapes += [shape.translate(_DEVOICE) for shape in shapes]
    return tuple(dict.fromkeys(shapes))


_VOWELS = regex.compile(r"[aeiou]")


@functools.lru_cache(maxsize=65536)
def consonant_keys(shapes: tuple[str, ...]) -> tuple[str, ...]:
    """Return the skeletons without their vowels, which transliteration changes most.

    >>> consonant_keys(skeletons("lenkoran")) == consonant_keys(skeletons("lankaran"))
    True
    """
    return tuple(dict.fromkeys(_VOWELS.sub("", shape) for shape in shapes))


def _deletions(key: str) -> set[str]:
    """Return every string made by deleting one character of ``key``."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _stems(key: str) -> list[str]:
    """Return ``key`` less its last one to :data:`AFFIX_MAX` letters (never empty)."""
    return [key[:-cut] for cut in range(1, min(AFFIX_MAX, len(key) - 1) + 1)]


def _trigrams(key: str) -> set[str]:
    """Return the character trigrams of ``key`` padded with ``#``."""
    padded = f"#{key}#"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(frozen=True)
class _Entry:
    """A term as the fuzzy index holds it."""

    term: Term
    compact: str
    skeleton: str
    shapes: tuple[str, ...]  # the skeleton and its other readings
    consonants: tuple[str, ...]  # the shapes without their vowels
    words: int  # how many words the term has


class Keyed(Protocol):
    """What scoring reads of a term: its compact key, its shapes and their consonants."""

    @property
    def compact(self) -> str:
        """The term's compact key."""

    @property
    def shapes(self) -> tuple[str, ...]:
        """The skeleton and its other readings."""

    @property
    def consonants(self) -> tuple[str, ...]:
        """The shapes without their vowels."""


class _Keys(NamedTuple):
    """A term's keys, read from the index's columns (no entry unpickled)."""

    compact: str
    shapes: tuple[str, ...]
    consonants: tuple[str, ...]


def _entry(term: Term) -> _Entry:
    """Return a term with the keys the fuzzy index holds it under."""
    key = compact(term.text)
    shapes = skeletons(key)
    words = name_words(term.text)
    return _Entry(term, key, shapes[0], shapes, consonant_keys(shapes), words)


AFFIX_MAX = 3  # an ending of more letters than this makes no inflection or derived word


def is_affixed(query: str, key: str) -> bool:
    """Return True when one key is the other plus a short ending.

    Such a word is an inflection, a derived word or another person (``Aliyeva``,
    ``Azerbaijani``, ``Armenians``), not a spelling.

    >>> is_affixed("azerbaijani", "azerbaijan"), is_affixed("aliyev", "aliyeva")
    (True, True)
    """
    short, long = sorted((query, key), key=len)
    return 0 < len(long) - len(short) <= AFFIX_MAX and long.startswith(short)


# Endings that make another word of a name: in English a people, language or adjective
# (Armenians, Azerbaijani, Congolese), a plural, or another name (Lachine is not Lachin).
DERIVED_ENDINGS = {
    "en": frozenset(
        {"s", "es", "e", "n", "an", "ian", "ans", "ns", "i", "is", "ese", "ish", "er", "ers",
         "ite", "ic", "ia", "y"}
    ),
}  # fmt: skip
# A person's name with one of these endings is another member of the family (Aliyeva).
FAMILY_ENDINGS = frozenset({"a", "ova", "eva", "ina", "aya", "ya", "na", "ka", "ev", "ov", "in"})


def is_derived(query: str, key: str, lang: str = "en", *, person: bool = False) -> bool:
    """Return True when a text's key is another word made from a glossary key, not a spelling.

    Endings of the target language decide (:data:`DERIVED_ENDINGS`); other endings are how
    other languages write the name (Lithuanian ``Hrazdanas``, Esperanto ``Kentrono``), and a
    name written without its last letters (``Ukrain``) is a spelling too, unless what is
    missing is an ``a`` (``Georgi`` is not ``Georgia``). A person's key with a family ending
    is another person. For a language without a list every affix counts (:func:`is_affixed`).

    >>> is_derived("azerbaijani", "azerbaijan"), is_derived("hrazdanas", "hrazdan")
    (True, False)
    >>> is_derived("aliyeva", "aliyev", person=True), is_derived("ukrain", "ukraine")
    (True, False)
    """
    if not is_affixed(query, key):
        return False
    endings = DERIVED_ENDINGS.get(lang.split("-")[0].lower())
    if endings is None:
        return True
    if len(query) > len(key):
        ending = query[len(key) :]
        return ending in endings or (person and ending in FAMILY_ENDINGS)
    ending = key[len(query) :]
    return ending == "a" or (person and (ending in FAMILY_ENDINGS or ending in endings))


@functools.cache
def learned_costs() -> dict[str, float]:
    """Return the edit costs learned from name-variant pairs (scripts/learn_fuzzy_costs.py)."""
    path = Path(__file__).parent / "data" / "fuzzy_costs.json"
    costs: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))["costs"]
    return costs


def weighted_distance(source: str, target: str) -> float:
    """Return the learned cost of the edits that turn ``source`` into ``target``.

    The edits are those of a shortest alignment (rapidfuzz's Levenshtein editops, as
    scripts/learn_fuzzy_costs.py counts them); edits that transliteration makes often (``k``
    for ``c``, ``w`` for ``v``, a dropped ``h``) cost less than one, any other edit one.

    >>> weighted_distance("abowian", "abovyan") < 1.0 < weighted_distance("tronto", "psalmer")
    True
    """
    costs = _costs_by_edit()
    total = 0.0
    edits = cast(list[tuple[str, int, int]], Levenshtein.editops(source, target).as_list())
    for tag, source_at, target_at in edits:
        if tag == "replace":
            edit = (source[source_at], target[target_at])
        elif tag == "delete":
            edit = (source[source_at], "")
        else:
            edit = ("", target[target_at])
        total += costs.get(edit, 1.0)
    return total


@functools.cache
def _costs_by_edit() -> dict[tuple[str, str], float]:
    """Return :func:`learned_costs` by (letter taken out, letter put in), "" for none.

    The labels are ``a>b`` (a replaced by b), ``-a`` (a deleted) and ``+b`` (b inserted).
    """
    by_edit = {}
    for label, cost in learned_costs().items():
        if len(label) == 3 and label[1] == ">":
            by_edit[label[0], label[2]] = cost
        elif len(label) == 2 and label[0] == "-":
            by_edit[label[1], ""] = cost
        elif len(label) == 2 and label[0] == "+":
            by_edit["", label[1]] = cost
    return by_edit


def learned_similarity(query: str, entry_compact: str) -> float:
    """Return 100 less the learned edit distance per letter of the longer key.

    >>> learned_similarity("abowian", "abovyan") > learned_similarity("abomian", "abovyan")
    True
    """
    distance = weighted_distance(query, entry_compact)
    return 100.0 * (1.0 - distance / max(len(query), len(entry_compact)))


def similarity(
    query: str,
    entry_compact: str,
    query_skeleton: str,
    entry_skeleton: str,
    learned: float | None = None,
    plain: float | None = None,
    shaped: float | None = None,
) -> float:
    """Score how alike two compact keys are (0-100), transliteration differences forgiven.

    ``learned`` is :func:`learned_similarity` of the two keys, ``plain`` their rapidfuzz
    ratio and ``shaped`` their skeletons', when the caller has them.

    >>> round(similarity("paschinjan", "pashinyan", skeleton("paschinjan"), skeleton("pashinyan")))
    95
    >>> similarity("alive", "aliyev", skeleton("alive"), skeleton("aliyev")) < 85
    True
    """
    if query == entry_compact:
        return 100.0
    if plain is None:
        plain = fuzz.ratio(query, entry_compact)
    if shaped is None:
        shaped = fuzz.ratio(query_skeleton, entry_skeleton)
    if learned is None:
        learned = learned_similarity(query, entry_compact)
    score = max(plain, 0.5 * plain + 0.5 * shaped, shaped - 5.0, learned)
    if query_skeleton == entry_skeleton:
        score = max(score, 95.0)
    if query[:1] != entry_compact[:1] and query_skeleton[:1] != entry_skeleton[:1]:
        score -= 10.0  # names rarely change their first sound
    return round(max(0.0, min(score, 99.0)), 1)  # one decimal: what records show decides


def _post(postings: list[int], index: int) -> None:
    """Add entry ``index`` to a list of postings, unless it is the list's last already."""
    if not postings or postings[-1] != index:
        postings.append(index)


class FuzzyIndex:
    """Keys of every term that fuzzy matching may reach, built once per termbase."""

    def __init__(self, termbase: Termbase) -> None:
        """Index the compact key, skeleton, deletions and trigrams of every fuzzy term."""
        self.entries: list[_Entry] = []
        # what a lookup reads of every candidate, by entry number (a stored index keeps these
        # as columns of text, so that only the entries scored are unpickled)
        self.shapes: list[tuple[str, ...]] = []
        self.consonants: list[tuple[str, ...]] = []
        self.concepts: list[str] = []
        self.compacts: list[str] = []
        self.words: list[int] = []
        self._by_compact: dict[str, list[int]] = defaultdict(list)
        # a skeleton, and a skeleton of four letters or more less one letter: one table, as
        # a lookup asks both about the same keys (half as many look-ups in a stored index)
        self._by_shape: dict[str, list[int]] = defaultdict(list)
        self._by_trigram: dict[str, list[int]] = defaultdict(list)
        self._by_consonants: dict[str, list[int]] = defaultdict(list)
        self._by_stem: dict[str, list[int]] = defaultdict(list)  # keys less 1 to 3 last letters
        self.minimum: dict[int, float] = {}  # id of an entry -> the score it needs
        self.max_words = 1
        # the words of the terms' names of several words (britannique, territories) with each
        # less one letter, and their first letters: a stretch of text goes on through such a
        # word misspelt or inflected (britanique, republikk), and through short words (and, og)
        self.joiners: set[str] = set()
        self.joiner_stems: set[str] = set()
        kinds: dict[str, str] = {}  # one object per kind, however many concepts have it
        self.kinds: dict[str, str] = {
            c.id: kinds.setdefault(c.type, c.type) for c in termbase.concepts
        }
        for concept in termbase.concepts:
            if not concept.fuzzy:
                continue
            for term in concept.terms:
                if not term.fuzzy or term.case_sensitive or term.status is Status.FORBIDDEN:
                    continue
                entry = _entry(term)
                if len(entry.compact) < 3:
                    continue
                key = entry.compact
                index = len(self.entries)
                self.entries.append(entry)
                self.shapes.append(entry.shapes)
                self.consonants.append(entry.consonants)
                self.concepts.append(term.concept_id)
                self.compacts.append(key)
                self.words.append(entry.words)
                floor = max(term.fuzzy_min or 0.0, concept.fuzzy_min or 0.0)
                if floor:
                    self.minimum[id(self.entries[-1])] = floor
                self.max_words = max(self.max_words, len(fold(term.text).split()))
                for joiner in _name_joiners(term.text):
                    self.joiners.add(joiner)
                    self.joiners.update(_deletions(joiner))
                    self.joiner_stems.add(joiner[:JOINER_STEM])
                self._by_compact[key].append(index)
                for stem in _stems(key):
                    self._by_stem[stem].append(index)
                for shape in self.entries[-1].shapes:
                    _post(self._by_shape[shape], index)
                    if len(shape) >= 4:
                        for deleted in _deletions(shape):
                            _post(self._by_shape[deleted], index)
                for gram in set().union(*(_trigrams(sh) for sh in self.entries[-1].shapes)):
                    self._by_trigram[gram].append(index)
                for consonants in _consonant_neighbours(self.entries[-1].consonants):
                    self._by_consonants[consonants].append(index)
        for gram in [
            g for g, postings in self._by_trigram.items() if len(postings) > GRAM_POSTINGS_MAX
        ]:
            del self._by_trigram[gram]  # it selects nothing (see candidates): no need to keep it

    def lookup(self, query: str, lang: str = "en") -> list[tuple[float, int]]:
        """Return (score, entry number) for the terms a key may be a spelling of, best first.

        ``lang`` is the text's language: it says which endings make other words. The scores
        come from the index's columns: no entry is unpickled from a stored index.
        """
        shapes = skeletons(query)
        found = self.candidates(query, lang)
        same = set(self._by_compact.get(query, ()))
        ratios = _best_ratios(shapes, [self.shapes[i] for i in found], SHAPE_MIN)
        near = [
            (101.0 if number in same else ratio, number)
            for ratio, number in zip(ratios, found, strict=True)
            if ratio or number in same
        ]
        near.sort(key=lambda pair: -pair[0])  # stable: equal shapes stay in index order
        scored = [
            (score(query, shapes, self.keys(number)), number) for _, number in near[:SCORED_MAX]
        ]
        scored.sort(key=lambda pair: -pair[0])
        return scored

    def keys(self, number: int) -> _Keys:
        """Return the keys of entry ``number``, from the columns."""
        return _Keys(self.compacts[number], self.shapes[number], self.consonants[number])

    def candidates(self, query: str, lang: str = "en") -> list[int]:
        """Return the numbers of the entries a compact key is scored against, in order.

        They are found through the query's keys; the terms of concepts it is a derived word of
        are left out.
        """
        shapes = skeletons(query)
        found: set[int] = set(self._by_compact.get(query, ()))
        for each in shapes:
            found.update(self._by_shape.get(each, ()))
            for deleted in _deletions(each):
                found.update(self._by_shape.get(deleted, ()))
        grams = _trigrams(shapes[0])
        postings = (self._by_trigram.get(gram, ()) for gram in grams)
        selective = (p for p in postings if len(p) <= GRAM_POSTINGS_MAX)
        shared = Counter(itertools.chain.from_iterable(selective))
        needed = max(2, (len(grams) + 1) // 2)
        found.update(i for i, count in shared.items() if count >= needed)
        found.update(self._consonant_candidates(shapes, found))
        excluded = self._derived_concepts(query, lang)
        if not excluded:
            return sorted(found)
        return [i for i in sorted(found) if self.concepts[i] not in excluded]

    def _derived_concepts(self, query: str, lang: str) -> set[str]:
        """Return the concepts with a term the query is an inflected or derived form of.

        Such a form of any of a concept's terms is not a spelling of it (``Aliyeva``); the
        terms are found by their keys: the query less its last letters, or the query itself
        as a term's stem.
        """
        related = list(self._by_stem.get(query, ()))
        for cut in range(1, AFFIX_MAX + 1):
            if len(query) > cut:
                related.extend(self._by_compact.get(query[:-cut], ()))
        excluded = set()
        for number in related:
            concept = self.concepts[number]
            person = self.kinds.get(concept) == "person"
            key = self.compacts[number]
            if concept not in excluded and is_derived(query, key, lang, person=person):
                excluded.add(concept)
        return excluded

    def _consonant_candidates(self, shapes: tuple[str, ...], found: set[int]) -> set[int]:
        """Return entries whose consonants are the query's, but for one, and whose shape is near.

        Vowels are what transliteration changes most (``Lenkoran``, ``Lankaran``); the cheap
        shape ratio keeps the many short look-alikes such keys bring from being scored.
        """
        postings: set[int] = set()
        for consonants in _consonant_neighbours(consonant_keys(shapes)):
            postings.update(self._by_consonants.get(consonants, ()))
            if len(postings) > CONSONANT_POSTINGS_MAX:
                return set()  # consonants shared by very many names select nothing
        pool = sorted(postings - found)
        ratios = _best_ratios(shapes, [self.shapes[i] for i in pool], CONSONANT_SHAPE_MIN)
        return {i for i, ratio in zip(pool, ratios, strict=True) if ratio}

    def owns_s(self, key: str) -> bool:
        """Return True when a compact key is a term's whose text ends with 's (St. John’s)."""
        return any(
            _POSSESSIVE.fullmatch(self.entries[i].term.text[-2:])
            for i in self._by_compact.get(key, ())
        )

    @property
    def compact_keys(self) -> Mapping[str, Sequence[int]]:
        """Return the entries by compact key: a stretch with one of these is a listed term."""
        return self._by_compact


LOOKUP_CACHE_SIZE = 200_000  # keys whose candidates a matcher remembers across texts
OTHER_READING_MAX = 92.0  # a match that needs another reading is never as sure as the first


CONSONANT_POSTINGS_MAX = 150  # consonant keys shared by more names than this select nothing
CONSONANT_SHAPE_MIN = 60.0  # a candidate by consonants needs a skeleton this close
# Any candidate needs a skeleton this close to be scored: on the development pairs no
# candidate scoring 50 or more had one below 60.
SHAPE_MIN = 55.0
# Only the candidates with the closest skeletons are scored (the development pairs give the
# same results with 8 as with all; scoring is most of the cost of a lookup).
SCORED_MAX = 8
GRAM_POSTINGS_MAX = 300  # a trigram shared by more entries than this selects nothing
# Both caps bind only in large glossaries. On the bench's 10,000 invented names (2 MB of its
# prose) lowering them from 2000 and 500 found as many unlisted spellings (334 against 330 of
# 428), rewrote fewer look-alike names, and cost 40% less; the development split is unchanged.


def _best_ratios(
    ours: Sequence[str], theirs: Sequence[Sequence[str]], minimum: float
) -> list[float]:
    """Return, for each of ``theirs``, the best ratio of its keys to ours (0 below ``minimum``).

    The ratios are computed in one rapidfuzz call per key of ours, over all their keys.

    >>> _best_ratios(["pashinian"], [("pashinyan", "pashinian"), ("sargsian",)], 60.0)
    [100.0, 0.0]
    """
    choices = [key for keys in theirs for key in keys]
    owners = [number for number, keys in enumerate(theirs) for _ in keys]
    best = [0.0] * len(theirs)
    for key in ours:
        for _, ratio, position in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=minimum, limit=None
        ):
            owner = owners[position]
            if ratio > best[owner]:
                best[owner] = ratio
    return best


def _consonant_neighbours(keys: Iterable[str]) -> set[str]:
    """Return consonant keys of three letters or more and their one-deletion neighbours."""
    found = set()
    for key in keys:
        if len(key) >= 3:
            found.add(key)
            found.update(_deletions(key))
    return found


def reading_similarity(
    query: str,
    shapes: tuple[str, ...],
    entry: Keyed,
    learned: float | None = None,
    plain: float | None = None,
    pairs: Sequence[tuple[str, str, float]] | None = None,
) -> float:
    """Return the best similarity of a query to an entry over the readings of both.

    ``pairs`` holds each pair of readings (the query's, the entry's) with their ratio, in
    that order, when the caller has them; the first readings' pair comes first.
    """
    key = entry.compact
    if learned is None:
        learned = learned_similarity(query, key)
    if plain is None:
        plain = fuzz.ratio(query, key)
    if pairs is None:
        pairs = _reading_pairs(shapes, entry.shapes)
    (a, b, shaped), *others = pairs
    best = similarity(query, key, a, b, learned, plain, shaped)
    for a, b, shaped in others:
        other = min(similarity(query, key, a, b, learned, plain, shaped), OTHER_READING_MAX)
        best = max(best, other)
    return best


def _reading_pairs(ours: Sequence[str], theirs: Sequence[str]) -> list[tuple[str, str, float]]:
    """Return each pair of two keys' readings with their rapidfuzz ratio, ours first."""
    return [(a, b, fuzz.ratio(a, b)) for a in ours for b in theirs]


def score_features(query: str, shapes: tuple[str, ...], entry: Keyed) -> dict[str, float]:
    """Return what the score of a query against an entry is computed from (each 0 to 1).

    >>> term = Term("Lankaran", "en", Status.PREFERRED, "lankaran")
    >>> features = score_features("lenkoran", skeletons("lenkoran"), _entry(term))
    >>> features["consonants_equal"], features["first_sound"], round(features["length"], 2)
    (1.0, 1.0, 0.67)
    """
    key = entry.compact
    learned = learned_similarity(query, key)
    plain = fuzz.ratio(query, key)
    consonants = consonant_keys(shapes)
    same_consonants = float(not set(consonants).isdisjoint(entry.consonants))
    first_sound = float(query[:1] == key[:1] or shapes[0][:1] == entry.shapes[0][:1])
    pairs = _reading_pairs(shapes, entry.shapes)
    return {
        "similarity": reading_similarity(query, shapes, entry, learned, plain, pairs) / 100.0,
        "learned": learned / 100.0,
        "consonants_equal": same_consonants,
        "first_sound": first_sound,
        "consonants_and_first_sound": same_consonants * first_sound,
        "length": min(len(query), len(key), LENGTH_CAP) / LENGTH_CAP,
        "jaro_winkler": JaroWinkler.similarity(query, key),
        "last_letter": float(query[-1:] == key[-1:]),
        "first_three": float(query[:3] == key[:3] or shapes[0][:3] == entry.shapes[0][:3]),
        "consonant_ratio": _best_ratio(consonants, entry.consonants),
        "skeleton_ratio": max(ratio for _, _, ratio in pairs) / 100.0,
        "plain_ratio": plain / 100.0,
        "length_ratio": min(len(query), len(key)) / max(len(query), len(key)),
        "longer_query": float(len(query) > len(key)),
    }


def _best_ratio(ours: Sequence[str], theirs: Sequence[str]) -> float:
    """Return the best rapidfuzz ratio (0 to 1) between any of two sets of keys."""
    return max(fuzz.ratio(a, b) for a in ours for b in theirs) / 100.0


LENGTH_CAP = 12  # beyond this many letters a name is no surer


@functools.cache
def score_model() -> tuple[float, tuple[tuple[str, float, float], ...]]:
    """Return the bias and terms (feature, hinge, weight) learned by learn_fuzzy_costs.py.

    A weight named ``feature>h`` applies to how far the feature is above ``h`` (zero below):
    the model is linear in pieces, so a feature may count more near the top of its range.
    """
    path = Path(__file__).parent / "data" / "fuzzy_costs.json"
    model = json.loads(path.read_text(encoding="utf-8"))["model"]
    terms = []
    for name, weight in model["weights"].items():
        feature, _, hinge = name.partition(">")
        terms.append((feature, float(hinge or "-inf"), float(weight)))
    return float(model["bias"]), tuple(terms)


def score(query: str, shapes: tuple[str, ...], entry: Keyed) -> float:
    """Return how sure it is (0-100) that a compact key is a spelling of an entry's term.

    100 only for the same compact key; otherwise the learned model's probability, in percent,
    one decimal, at most 99.
    """
    if query == entry.compact:
        return 100.0
    bias, terms = score_model()
    features = score_features(query, shapes, entry)
    z = bias
    for feature, hinge, weight in terms:
        excess = features[feature] - hinge  # inf for a term without a hinge
        if excess == math.inf:
            z += weight * features[feature]
        elif excess > 0.0:  # below its hinge a term adds nothing
            z += weight * excess
    probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    return round(min(99.0, 100.0 * probability), 1)


# Azerbaijani and Turkish spellings of names have regular English romanizations
# (Xaçmaz → Khachmaz, Hacıqabul → Hajigabul, Şəki → Shaki); a word with letters only these
# languages use is also looked up under its romanization.
_TURKIC_LETTERS = regex.compile(r"[əƏǝşŞçÇğĞı]")
_TURKIC_TO_ENGLISH = str.maketrans({
    "ə": "a", "Ə": "A", "ǝ": "a", "x": "kh", "X": "Kh", "ş": "sh", "Ş": "Sh", "ç": "ch",
    "Ç": "Ch", "c": "j", "C": "J", "ğ": "gh", "Ğ": "Gh", "q": "g", "Q": "G", "ı": "i",
    "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
})  # fmt: skip


def query_keys(piece: str) -> list[str]:
    """Return the compact keys a stretch of text is looked up under.

    >>> query_keys("Xaçmaz"), query_keys("Paschinjan")
    (['xacmaz', 'khachmaz'], ['paschinjan'])
    """
    keys = [compact(piece)]
    if _TURKIC_LETTERS.search(piece):
        keys.append(compact(piece.translate(_TURKIC_TO_ENGLISH)))
    return list(dict.fromkeys(keys))


# A word: letters, marks and digits, with apostrophes or periods inside (O'Brien, St.Barth).
# a word, with the apostrophes and dots inside it (O'Brien, Zest’aponi), but not a possessive
# 's at its end (Pashinyan's: the name is Pashinyan)
_WORD = regex.compile(
    r"[\p{L}\p{M}\p{N}]+(?:['’ʻʼ.·](?![sS](?![\p{L}\p{M}\p{N}]))[\p{L}\p{M}\p{N}]+)*"
)
_HYPHENS = ("-", "‐", "‑")
_HYPHEN_SET = frozenset(_HYPHENS)
_DIGIT = regex.compile(r"\d")
_POSSESSIVE = regex.compile(r"['’][sS](?![\p{L}\p{M}\p{N}])")
# Where a word that does not start with a lower-case letter may start: a letter, mark or figure
# that is no lower-case letter (the start of such a word, or a capital inside one).
_NOT_LOWER = regex.compile(r"[[\p{L}\p{M}\p{N}]--\p{Ll}]", regex.V1)
# The same, found fast by the standard library's re for ASCII (capitals and figures), which
# then hands every character outside ASCII to _NOT_LOWER.
_NOT_LOWER_CANDIDATE = re.compile(r"[A-Z0-9\x80-\U0010ffff]")
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")
_INSIDE_MARKS = "'’ʻʼ.·"  # what joins the parts of one word, as _WORD has it
_BEFORE_WORDS = frozenset(' \t\n\r([{"“”«»‘-–—/')  # no letter, mark, figure or _INSIDE_MARKS


def first_words(text: str) -> Iterator[regex.Match[str]]:
    """Yield the words of ``text`` that do not start with a lower-case letter.

    They are the words of ``_WORD.finditer`` whose first letter is no ``\\p{Ll}``, found
    without matching every other word.

    >>> [m.group() for m in first_words("the U.N. and O'Brien's iPhone")]
    ['U.N', "O'Brien"]
    """
    for candidate in _NOT_LOWER_CANDIDATE.finditer(text):
        start = candidate.start()
        # a letter after a letter is inside a word, or inside a run of capitals (USA)
        if start and text[start - 1] not in _BEFORE_WORDS and _inside_word(text, start):
            continue
        if text[start] >= "\x80" and not _not_lower(text[start]):
            continue
        word = _WORD.match(text, start)
        if word is not None:
            yield word


@functools.lru_cache(maxsize=4096)
def _not_lower(ch: str) -> bool:
    """Return True for a letter, mark or figure that is no lower-case letter."""
    return _NOT_LOWER.match(ch) is not None


def _inside_word(text: str, position: int) -> bool:
    """Return True when the letter at ``position`` continues a word that starts before it."""
    before = text[position - 1]
    if _WORD_CHAR.match(before):
        return True
    if before not in _INSIDE_MARKS or position < 2 or not _WORD_CHAR.match(text, position - 2):
        return False
    # the mark joins the word on, but for a possessive 's (Pashinyan's)
    return not (text[position] in "sS" and not _WORD_CHAR.match(text, position + 1))


# What may stand between the words of one name.
_JOINER = regex.compile(r"[ \t\-‐‑–&,.()/_]{1,4}")
ABBREVIATION_MAX = 3  # a word before a period that continues a name is this short (Mt., Ste.)
_CASED = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}]")


def name_words(text: str) -> int:
    """Count the words of a name that carry it: the capitalized ones, or else all.

    Joining words and articles differ between languages and count for nothing.

    >>> name_words("Trinidad and Tobago"), name_words("Trinidad & Tobago"), name_words("il-Guinea")
    (2, 2, 1)
    """
    words = _WORD.findall(text)
    capitalized = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
    return capitalized or len(words)


JOINER_MAX = 5  # a folded word that is no name and longer continues a stretch only as below
JOINER_STEM = 6  # ... when it begins as a word of a glossary's name does (republikk, éloignés)


def _name_joiners(text: str) -> set[str]:
    """Return the folded words of a name of several words that are longer than a joining word.

    Capitalized words are among them: text may write them in lower case (``Palestinian
    territories``).

    >>> sorted(_name_joiners("Territoire britannique de l’océan Indien"))
    ['britannique', 'indien', "l'ocean", 'territoire']
    """
    words = [fold(word) for word in _WORD.findall(text)]
    if len(words) < 2:
        return set()
    return {word for word in words if len(word) > JOINER_MAX}


def _overlap(occupied: Sequence[tuple[int, int]], ends: Sequence[int], start: int, end: int) -> str:
    """Say how ``start:end`` meets the occupied spans.

    ``free``, ``equal``, ``covers``, ``cuts`` (through one that starts before it) or ``short``
    (it ends inside one that starts within it: a longer stretch may still cover that one).
    """
    index = bisect.bisect_right(ends, start)
    state = "free"
    while index < len(occupied) and occupied[index][0] < end:
        taken_start, taken_end = occupied[index]
        if (taken_start, taken_end) == (start, end):
            return "equal"
        if taken_start < start:
            return "cuts"
        if taken_end > end:
            return "short"
        state = "covers"
        index += 1
    return state


def mask(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """Return a byte per text position, 1 where one of ``spans`` covers it."""
    marks = bytearray(size)
    for start, end in spans:
        marks[start:end] = b"\x01" * (end - start)
    return marks


# What may stand between a sentence's end and the next sentence's first word.
_SENTENCE_GAP = regex.compile(r"(?:[.!?…:;]['\"’”»)\]]*|\n)[\s\p{Pi}\p{Ps}\"'«]*\Z")
_LEADING_GAP = regex.compile(r"[\s\p{Pi}\p{Ps}\"'«]*\Z")
# A period after a capital and at most two more letters ends a title or initial (Mr., St., U.S.).
_ABBREVIATION = regex.compile(r"(?:^|[^\p{L}])\p{Lu}\p{L}{0,2}\.\Z")
SENTENCE_START_PENALTY = 6.0  # a capital there says nothing: the spelling must say more
COVER_MIN = 86.0  # a longer fuzzy name may cover exact matches from this score (Ameriska Samoa)


def starts_sentence(text: str, start: int) -> bool:
    """Return True when ``start`` is the first word of a sentence, where every word has a capital.

    >>> starts_sentence("Labore est. Labore", 0), starts_sentence("Labore est. Labore", 12)
    (True, True)
    >>> starts_sentence("in Labore", 3), starts_sentence("Mr. Aliev", 4)
    (False, False)
    """
    before = text[max(0, start - 16) : start]
    if start <= 16 and _LEADING_GAP.fullmatch(text[:start]):
        return True
    end = _SENTENCE_GAP.search(before)
    if end is None:
        return False
    return not _ABBREVIATION.search(before[: end.start() + 1])


# Articles and noun-class prefixes that some languages join to a name with a hyphen: Maltese
# (l-Ażerbajġan, il-Ġeorġja, is-Sirja), Zulu and Xhosa (i-Georgia, kwa-Zulu). A name that
# follows one is also tried with it, so the whole word is rewritten.
CLITIC = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}'’.-])(?:il|l|is|it|in|id|ir|ix|iż|iz|iċ|ic|i|kwa)[-‐]"
)
CLITIC_JOINERS = ("-", "‐")  # what joins an article to its name, the last mark of CLITIC


FOREIGN_NAME_MIN = 6  # shorter capitalized words of other languages stay words (Cupa, Tona)


def _short_or_lower(word: str) -> bool:
    """Return True for a word that other languages' word lists still guard."""
    return not _name_like(word) or len(compact(word)) < FOREIGN_NAME_MIN


def _name_like(word: str) -> bool:
    """Return True for a word that can start a name: capitalized, in a cased script."""
    first = word[:1]
    return bool(_CASED.match(first)) and first.isupper()


class _FirstWord(enum.Enum):
    """What a word that may start a stretch is."""

    NO_NAME = "no name"  # not capitalized, or not in a cased script
    EVERYDAY = "everyday"  # an everyday word wherever it stands, and no listed key
    NAME = "name"  # any other capitalized word


class FuzzyMatcher:
    """Find unlisted spellings of glossary names in the parts of a text exact matching left."""

    def __init__(
        self, termbase: Termbase | FuzzyIndex, settings: FuzzySettings | None = None
    ) -> None:
        """Build the index for ``termbase`` (or take its index, built already)."""
        self.settings = settings or FuzzySettings()
        with collector_paused():
            self.index = termbase if isinstance(termbase, FuzzyIndex) else FuzzyIndex(termbase)
        self._lookups: dict[tuple[str, str], list[tuple[float, int]]] = {}
        self._everyday_pieces: dict[tuple[str, str, bool], bool] = {}
        self._first_words: dict[tuple[str, str | None], _FirstWord] = {}
        self._continues: dict[str, bool] = {}  # words in lower case: may a stretch go on?

    def is_everyday_word(self, word: str, lang: str, *, foreign: bool = True) -> bool:
        """Return True for a word on the allowlist, or common in ``lang`` or a lexicon language.

        With ``foreign`` False only the target language's words count. A word with a figure
        (``G7``, ``A320``) is everyday only on the allowlist.
        """
        lowered = word.lower()
        if lowered in self.settings.allow:
            return True
        if _DIGIT.search(lowered):
            return False  # the lists' values for figures are guesses by their digits, not use
        if zipf(lowered, lang) >= self.settings.common_zipf:
            return True
        return foreign and max_zipf(lowered, self.settings.lexicons) >= self.settings.common_zipf

    def spans(
        self, text: str, occupied: Sequence[tuple[int, int]], lang: str | None = None
    ) -> Iterable[tuple[int, int, bool]]:
        """Yield the stretches of one to ``max_words`` words that may be a name.

        Each comes with whether it covers spans that exact matching took (``occupied``, sorted);
        a stretch that is one of them, or cuts through one, is not yielded. With ``lang``, a
        word that is everyday in that language wherever it stands is not yielded by itself.
        """
        ends = [end for _, end in occupied]
        limit = min(self.index.max_words, 6)
        for first in first_words(text):
            kind = self._first_words.get((first.group(), lang))
            if kind is None:
                kind = self._first_word(first.group(), lang)
            if kind is _FirstWord.NO_NAME:
                continue
            everyday = kind is _FirstWord.EVERYDAY and not _POSSESSIVE.match(text, first.end())
            if (
                everyday
                and limit == 1
                and text[first.start() - 1 : first.start()] not in CLITIC_JOINERS
            ):
                continue  # the common case, a sentence's first word (The, In)
            clitic = None
            if text[first.start() - 1 : first.start()] in CLITIC_JOINERS:
                clitic = CLITIC.search(text, max(0, first.start() - 4), first.start())
                if clitic is not None and clitic.end() != first.start():
                    clitic = None
            word: regex.Match[str] | None = first
            count = 1
            while word is not None and count <= limit:
                start, end = first.start(), word.end()
                state = _overlap(occupied, ends, start, end)
                if state == "cuts":
                    break
                # a name's last word is capitalized, or joined by a hyphen (Pa-na-ma)
                hyphened = text[word.start() - 1 : word.start()] in _HYPHENS
                last = word is first or hyphened or _name_like(word.group())
                if last and state not in ("equal", "short") and not (everyday and word is first):
                    yield start, end, state == "covers"
                if last and clitic is not None:  # the name with its article (l-Ażerbajġan)
                    joined = _overlap(occupied, ends, clitic.start(), end)
                    if joined not in ("cuts", "equal", "short"):
                        yield clitic.start(), end, joined == "covers"
                if count == limit:
                    break
                following = _WORD.search(text, end)  # the next word, as finditer would find it
                if following is None:
                    break
                gap = text[end : following.start()]
                if not _JOINER.fullmatch(gap) or "\n\n" in gap:
                    break
                if "." in gap and len(word.group()) > ABBREVIATION_MAX:
                    break  # a sentence's end, not an abbreviation (St. Kitts)
                if not self._may_continue(following.group(), gap):
                    break  # no name goes on through such a word (The agency reported X)
                word = following
                count += 1

    def _may_continue(self, word: str, gap: str) -> bool:
        """Return True when a stretch may go on to ``word`` after ``gap``.

        A capitalized word, a word after a hyphen (Pa-na-ma, Guinea-bissau) and a short word
        (the joining words of most languages: and, og, kple, belän) may; a longer word in lower
        case only when it is, or is near, a word of one of the glossary's names of several
        words: the same but for one letter (britanique, teritories) or with the same first
        letters (republikk for republikken). Other words end the stretch (reported).
        """
        if _name_like(word) or not _HYPHEN_SET.isdisjoint(gap):
            return True
        known = self._continues.get(word)
        if known is None:
            if len(self._continues) > LOOKUP_CACHE_SIZE:
                self._continues.clear()
            folded = fold(word)
            joiners = self.index.joiners
            known = self._continues[word] = (
                len(folded) <= JOINER_MAX
                or folded[:JOINER_STEM] in self.index.joiner_stems
                or folded in joiners
                or not joiners.isdisjoint(_deletions(folded))
            )
        return known

    def find(self, text: str, lang: str, occupied: Sequence[tuple[int, int]] = ()) -> list[Match]:
        """Return fuzzy matches (score at least ``suggest``) that do not overlap ``occupied``."""
        if not self.settings.enabled or not self.index.entries:
            return []
        cache = self._lookups  # kept across texts: the same names come back in every article
        if len(cache) > LOOKUP_CACHE_SIZE:
            cache.clear()
        found: list[tuple[float, int, int, _Entry]] = []
        for start, end, covers in self.spans(text, occupied, lang):
            if text[start:end].count("(") > text[start:end].count(")") and (
                text[end : end + 1] == ")"
            ):
                end += 1  # "Knox (Indiana)": the bracket belongs to the name
            if _POSSESSIVE.match(text, end) and self.index.owns_s(compact(text[start : end + 2])):
                end += 2  # the name's own 's (St John’s is St. John’s)
            piece = text[start:end]
            article = CLITIC.match(piece)
            if article is not None:
                piece = piece[article.end() :]  # the name is looked up and guarded without it
            keys = query_keys(piece)
            if len(keys[0]) < self.settings.min_length:
                continue
            initial = starts_sentence(text, start)
            if keys[0] not in self.index.compact_keys and self._everyday_piece(
                piece, lang, initial
            ):
                continue  # no name, whatever it is near (only the same key outranks the guard)
            for key in keys:
                if (key, lang) not in cache:
                    cache[key, lang] = self.index.lookup(key, lang)
            hits = (
                cache[keys[0], lang]
                if len(keys) == 1
                else sorted((h for k in keys for h in cache[k, lang]), key=lambda h: -h[0])
            )
            size = name_words(piece)
            hits = [h for h in hits if h[0] == 100.0 or self._same_size(size, h[1])]
            if _DIGIT.search(keys[0]):  # a figure glued to a name is not part of it (Pashinián6)
                hits = [h for h in hits if _DIGIT.search(self.index.compacts[h[1]])]
            if not hits:
                continue
            score, number = hits[0]
            entry = self.index.entries[number]  # the one entry unpickled: the best
            if score < 100.0 and initial:
                score = round(max(0.0, score - SENTENCE_START_PENALTY), 1)
            if score < self.settings.suggest:
                continue
            if covers and score < 100.0 and (article is not None or score < COVER_MIN):
                continue  # over exact matches only for a listed term but for punctuation, or
                # a longer name that is clearly a spelling (Ameriska Samoa over Samoa)
            if score < self.index.minimum.get(id(entry), 0.0):
                continue  # below the minimum score its glossary entry asks for
            if score < 100.0 and (
                self._guarded(piece, lang, entry, initial) or self._other_person(piece, entry, lang)
            ):
                continue
            concepts = self.index.concepts
            rivals = [
                n
                for s, n in hits[1:]
                if s >= hits[0][0] - 2.0 and concepts[n] != entry.term.concept_id
            ]
            if rivals:
                score = min(score, self.settings.auto - 0.5)  # two names alike: never automatic
                if score < self.settings.suggest:
                    continue
            if _POSSESSIVE.fullmatch(entry.term.text[-2:]) and _POSSESSIVE.match(text, end):
                end += 2  # the name's own 's (St. John’s), not a possessive after it
            found.append((score, start, end, entry))
        return self._select(found)

    def _same_size(self, words: int, number: int) -> bool:
        """Return True when a stretch of ``words`` capitalized words may spell an entry's name.

        As many words, or one word for a place of two written as one (Kapetown, Hongkong);
        a person's surname alone is not the person. ``number`` is the entry's.
        """
        theirs = self.index.words[number]
        if words == theirs:
            return True
        person = self.index.kinds.get(self.index.concepts[number]) == "person"
        return words == 1 and theirs == 2 and not person

    def _first_word(self, word: str, lang: str | None) -> _FirstWord:
        """Return what a word that may start a stretch is, and remember it."""
        if len(self._first_words) > LOOKUP_CACHE_SIZE:
            self._first_words.clear()
        if not _name_like(word):
            kind = _FirstWord.NO_NAME
        elif lang is not None and self._everyday_word(word, lang):
            kind = _FirstWord.EVERYDAY
        else:
            kind = _FirstWord.NAME
        self._first_words[word, lang] = kind
        return kind

    def _everyday_word(self, word: str, lang: str) -> bool:
        """Return True for a word that :meth:`find` skips wherever it stands.

        Such a word is no listed key, and everyday at the start of a sentence and inside one
        (everyday inside a sentence, where fewer word lists count, is everyday anywhere).
        :meth:`_first_word` remembers the answer.
        """
        everyday = self._everyday(word, lang, initial=False)
        return everyday and query_keys(word)[0] not in self.index.compact_keys

    def _everyday_piece(self, piece: str, lang: str, initial: bool) -> bool:
        """Return :meth:`_everyday` for a stretch, remembered: sentences start with few words."""
        known = self._everyday_pieces.get((piece, lang, initial))
        if known is None:
            if len(self._everyday_pieces) > LOOKUP_CACHE_SIZE:
                self._everyday_pieces.clear()
            known = self._everyday_pieces[piece, lang, initial] = self._everyday(
                piece, lang, initial
            )
        return known

    def _everyday(self, piece: str, lang: str, initial: bool) -> bool:
        """Return True when every word of ``piece`` is an everyday word, so it is no name.

        Several capitalized words inside a sentence are a name (Trinidad og Tobago).
        """
        if not initial and name_words(piece) >= 2:
            return False
        return all(
            self.is_everyday_word(word, lang, foreign=initial or _short_or_lower(word))
            for word in _WORD.findall(piece)
        )

    def _guarded(self, piece: str, lang: str, entry: _Entry, initial: bool = True) -> bool:
        """Return True when a guard keeps ``piece`` from being taken for ``entry``'s name.

        Other languages' word lists hold their names too (``azerbaidjan`` is everyday
        Catalan): a capitalized word of six letters or more inside a sentence (``initial``
        False) is kept from a name only by the target language's words.
        """
        if self._everyday(piece, lang, initial):
            return True
        if self.index.kinds.get(entry.term.concept_id) in NAME_TYPES:
            return not _name_like(piece)
        return False

    def _other_person(self, piece: str, entry: _Entry, lang: str) -> bool:
        """Return True when a person's name matches word by word except for one whole name.

        ``Aram Manukyan`` is not a spelling of ``Abraham Manukyan``, nor ``Əli Hüseynov`` of
        ``Əliağa Hüseynov``: each word of a person's name must be a spelling of its own.
        """
        if self.index.kinds.get(entry.term.concept_id) != "person":
            return False
        words = [compact(w.group()) for w in _WORD.finditer(piece)]
        names = [compact(w) for w in fold(entry.term.text).split()]
        if len(words) < 2 or len(words) != len(names):
            return False
        for word, name in zip(words, names, strict=True):
            if word == name:
                continue
            if (
                is_derived(word, name, lang, person=True)
                or similarity(word, name, skeleton(word), skeleton(name)) < WORD_MIN
            ):
                return True
        return False

    @staticmethod
    def _select(found: list[tuple[float, int, int, _Entry]]) -> list[Match]:
        """Keep the best-scoring, then longest, non-overlapping matches, in text order."""
        chosen: list[tuple[float, int, int, _Entry]] = []
        taken = mask(max((f[2] for f in found), default=0), ())
        for item in sorted(found, key=lambda f: (-f[0], f[1] - f[2], f[1])):
            _, start, end, _ = item
            if taken.find(1, start, end) == -1:
                chosen.append(item)
                taken[start:end] = b"\x01" * (end - start)
        matches = []
        for score, start, end, entry in sorted(chosen, key=lambda f: f[1]):
            term = entry.term
            candidate = Candidate(
                start,
                end,
                end,
                MatchKind.FUZZY,
                term.concept_id,
                term.lang,
                Status.DEPRECATED,
                term.text,
                term,
                score,
            )
            matches.append(Match(start, end, (candidate,)))
        return matches
