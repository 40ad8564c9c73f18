"""Normalizing into a language: decide, for every match, whether and how it is rewritten."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from terms.casing import carry_case, case_shape
from terms.changes import Change, apply_changes, compose, placed, replaced_spans
from terms.codes import code
from terms.errors import Problem, UsageError
from terms.folding import HYPHEN_CLASS, script_of
from terms.fuzzy import CLITIC, CLITIC_JOINERS, FuzzyMatcher, FuzzySettings, mask
from terms.lexicon import is_common_word, is_shared_word
from terms.locales import UnknownLanguageError, canonical_tag, fallback_chain, primary_language
from terms.matcher import NAME_TYPES, Candidate, Match, Matcher, MatchKind
from terms.model import Concept, Status, Term, Termbase
from terms.textpos import LineIndex

_STATUS_ORDER = {status: rank for rank, status in enumerate(Status)}  # preferred first
MAX_PASSES = 4
_WORD_SEPARATOR = regex.compile(f"(\\s+|[{HYPHEN_CLASS}])")


@dataclass(frozen=True)
class NormalizeResult:
    """The normalized text and the change records that lead to it from the input."""

    text: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        """Return True when the output differs from the input."""
        return any(change.applied for change in self.changes)


class Normalizer:
    """Rewrite variants of glossary concepts to the preferred terms of one target language.

    Build it once per termbase and language, then call :meth:`normalize` on any number of texts.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text('''
    ... version: 1
    ... name: demo
    ... concepts:
    ...   pashinyan:
    ...     type: person
    ...     en: {preferred: Pashinyan, deprecated: [Pashinian]}
    ...     es: Pashinián
    ... ''')
    >>> result = Normalizer(Termbase((g,)), "en").normalize("PASHINIAN met Pashinián's aides.")
    >>> result.text
    "PASHINYAN met Pashinyan's aides."
    >>> [(c.original, c.replacement, c.kind) for c in result.changes]
    [('PASHINIAN', 'PASHINYAN', 'case'), ('Pashinián', 'Pashinyan', 'folded')]
    """

    def __init__(
        self,
        termbase: Termbase | None,
        lang: str,
        *,
        rewrite_forbidden: bool = False,
        matcher: Matcher | None = None,
        fuzzy: FuzzySettings | None = None,
    ) -> None:
        """Prepare to normalize into ``lang`` (a BCP 47 tag) with the given termbase.

        With a ``matcher`` (one shared, or compiled and cached), the termbase is the matcher's
        and ``termbase`` may be None.
        """
        try:
            self.lang = canonical_tag(lang)
        except UnknownLanguageError as exc:
            raise UsageError(Problem(code("usage"), f"target language: {exc}")) from exc
        self.rewrite_forbidden = rewrite_forbidden
        if matcher is None:
            if termbase is None:
                raise TypeError("a Normalizer needs a termbase or a matcher")
            matcher = Matcher(termbase)
        self.matcher = matcher
        self._chain = fallback_chain(self.lang)
        self.fuzzy = None
        if fuzzy and fuzzy.enabled:
            self.fuzzy = FuzzyMatcher(matcher.index.fuzzy_index(), fuzzy)
        # how far around a rewrite a later pass looks: beyond the longest term, twice
        self._margin = 2 * self.matcher.longest_term + 64

    @property
    def termbase(self) -> Termbase:
        """Return the termbase of the matcher (read from the cache when first asked)."""
        return self.matcher.termbase

    def changes(self, text: str) -> list[Change]:
        """Return the change records for ``text`` (applied and not), in text order."""
        index = LineIndex(text)
        records = []
        matches = self.matcher.find(text)
        if self.fuzzy is not None:
            fuzzy = self.fuzzy.find(text, self.lang, [(m.start, m.end) for m in matches])
            if fuzzy:  # a fuzzy match may cover exact ones ("Congo (Kinshasa)" over "Congo")
                covered = mask(len(text), ((m.start, m.end) for m in fuzzy))
                matches = [m for m in matches if covered.find(1, m.start, m.end) == -1]
                matches = sorted([*matches, *fuzzy], key=lambda m: m.start)
        for match in matches:
            record = self._decide(text, match, index)
            if record is not None:
                records.append(record)
        return records

    def normalize(self, text: str) -> NormalizeResult:
        """Return the normalized text and the records of every change that leads to it.

        A replacement can complete a longer term (``Никол Пашиняном`` becomes
        ``Никол Pashinyan``, which is the full name's Russian spelling), so passes repeat until
        nothing changes; the records always describe the whole way from the input.
        """
        records = self.changes(text)
        if not any(change.applied for change in records):
            return NormalizeResult(text, tuple(records))
        output = apply_changes(text, records)
        for _ in range(MAX_PASSES - 1):
            again = self.changes_around(output, replaced_spans(records))
            if not any(change.applied for change in again):
                break
            records = compose(text, records, output, again)
            output = apply_changes(text, records)
        return NormalizeResult(output, tuple(records))

    def changes_around(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Change]:
        """Return the change records of ``text`` that touch ``spans`` (sorted, non-overlapping).

        Only what a rewrite made can complete a longer term, so a later pass needs to look at
        the rewrites and enough text around them: windows that reach beyond the longest term,
        joined into one text by paragraph breaks (which no match crosses) and matched at once.
        A record is the one that matching the whole text would give.
        """
        windows = _windows(text, spans, self._margin)
        joined = _JOINT.join(text[start:end] for start, end in windows)
        starts: list[int] = []
        position = 0
        for start, end in windows:
            starts.append(position)
            position += end - start + len(_JOINT)
        index = LineIndex(text)
        found = []
        for change in self.changes(joined):
            which = bisect.bisect_right(starts, change.start) - 1
            window_start, window_end = windows[which]
            offset = window_start - starts[which]
            start, end = change.start + offset, change.end + offset
            if end > window_end or not _touches(spans, start, end):
                continue  # across a joint, or a record that the first pass already made
            found.append(placed(change, start, end, index))
        return found

    def _target_tag(self, concept: Concept) -> str | None:
        """Return the most specific tag of the target language that the concept has terms in."""
        languages = set(concept.languages)
        for tag in self._chain:
            if tag in languages:
                return tag
        return None

    def _decide(self, text: str, match: Match, index: LineIndex) -> Change | None:
        """Turn one match into a change record, or None when the text is already right."""
        first = match.candidates[0]
        if first.kind is MatchKind.EXACT and first.lang == self.lang and first.status.is_allowed:
            return None  # the common case: the house form itself
        in_target = [c for c in match.candidates if c.lang in self._chain]
        pool = _closest(in_target or list(match.candidates))
        best = pool[0]
        concept_ids = tuple(dict.fromkeys(c.concept_id for c in pool))
        if len(concept_ids) > 1:
            return self._record(text, index, best, None, None, concept_ids, safe=False)
        concept = self.matcher.concept(concept_ids[0])
        if best.replacement is not None:  # a pattern's template: rewritten as it says
            if not in_target or best.replacement == text[best.start : best.end]:
                return None
            return self._record(
                text, index, best, best.replacement, concept.id, concept_ids, safe=True,
                applied=best.status is not Status.FORBIDDEN or self.rewrite_forbidden,
            )  # fmt: skip
        if not in_target and self._common_word_not_name(text, best, concept):
            return None
        tag = self._target_tag(concept)
        if tag is None:
            return None
        preferred = concept.preferred(tag)
        if (
            not in_target
            and preferred is not None
            and self._word_of_target_language(text, match, concept, preferred)
        ):
            return None
        if preferred is None:  # a language of forbidden terms only: reported, never rewritten
            banned = [c for c in pool if self._status_in(c, tag) is Status.FORBIDDEN]
            if not banned:
                return None
            return self._record(
                text, index, banned[0], None, concept.id, concept_ids, safe=False,
                status=Status.FORBIDDEN,
            )  # fmt: skip
        chosen = min(pool, key=lambda c: _STATUS_ORDER[self._status_in(c, tag)])
        status = self._status_in(chosen, tag)
        stem = text[chosen.start : chosen.end]
        if status.is_allowed and chosen.kind <= MatchKind.CASE and case_shape(stem) == "upper":
            return None  # an allowed term in capitals (a headline): leave it alone
        target = chosen.term if status.is_allowed and chosen.term else preferred
        if chosen.has_ending and primary_language(chosen.lang) != primary_language(tag):
            chosen = replace(chosen, end=chosen.full_end)  # another language's inflection
        stem = text[chosen.start : chosen.end]
        # a pattern has no spelling of its own: compare the text's case with the target's
        listed = target.text if chosen.kind is MatchKind.PATTERN else chosen.listed
        if target.case_sensitive:
            cased = target.text
        elif concept.type in NAME_TYPES:  # a name keeps its own case, except in capitals
            cased = target.text.upper() if case_shape(stem) == "upper" else target.text
        else:
            cased = carry_case(stem, listed, target.text)
        replacement = without_second_article(text, chosen.start, keep_separators(stem, cased))
        if replacement == stem:
            return None
        applied = status is not Status.FORBIDDEN or self.rewrite_forbidden
        safe = chosen.kind is not MatchKind.FUZZY or (
            self.fuzzy is not None and chosen.score >= self.fuzzy.settings.auto
        )
        return self._record(
            text,
            index,
            chosen,
            replacement,
            concept.id,
            concept_ids,
            safe=safe,
            applied=applied,
            status=status,
        )

    def _common_word_not_name(self, text: str, cand: Candidate, concept: Concept) -> bool:
        """Return True for a lower-case word taken for another language's name.

        It is a common word of the target language instead (``poutine`` in English,
        ``armenia`` in Spanish).
        """
        found = text[cand.start : cand.end]
        return (
            concept.type in NAME_TYPES
            and found.islower()
            and not cand.listed.islower()
            and is_common_word(found, self.lang)
        )

    def _word_of_target_language(
        self, text: str, match: Match, concept: Concept, preferred: Term
    ) -> bool:
        """Return True for a word of the target language that other languages' terms match.

        ``preferred`` is the concept's term in the target language; only a word written in its
        script is asked about (``Пашинян`` in English text, ``Moscow`` in Russian text are
        leaks of other languages, and rewritten). Two kinds are left alone:

        - sound-alikes: folding reads every script in Latin letters, so a word of a script
          other than Latin that only other scripts' terms match is not a spelling a glossary
          lists (Tajik ``Чин`` folds as Azerbaijani ``Chin``, Armenian ``Ջորդան`` as
          ``Jordan``); a Latin word stays a romanization (``Moskva``, of ``Москва``);
        - names that the target language uses as words of its own (see
          :func:`~terms.lexicon.is_shared_word`): French ``Indien`` (an Indian) is German
          ``Indien`` (India), German ``USA`` is Danish ``USA``. Only one word is asked about
          (``Corea do Norte`` is a name), a spelling of the target language's own region
          (``pt-PT`` in ``pt``) is its own, and a word that spells a term in another script
          (``Kiev``, of ``Киев``) is compared with that term.
        """
        found = text[match.start : match.end]
        script = script_of(found)
        if not script or script != script_of(preferred.text):
            return False
        listed_scripts = [script_of(cand.listed) for cand in match.candidates]
        if script != "LATIN" and script not in listed_scripts:
            return True  # a sound-alike
        if concept.type not in NAME_TYPES or any(ch.isspace() for ch in found):
            return False  # a term of another language is what terminology fixes
        languages = {primary_language(cand.lang) for cand in match.candidates}
        if primary_language(self.lang) in languages:
            return False
        spellers = [
            cand.lang
            for cand, listed in zip(match.candidates, listed_scripts, strict=True)
            if listed == script
        ]
        natives = [
            (term.text, term.lang)
            for term in concept.terms
            if primary_language(term.lang) in languages and script_of(term.text) != script
        ]
        return is_shared_word(found.lower(), self.lang, spellers, natives)

    def _status_in(self, candidate: Candidate, tag: str) -> Status:
        """Return a candidate's status as seen from the target tag.

        Terms of another language count as deprecated; a preferred term of a less specific tag
        (``en`` when the target is ``en-GB``) gives way to the more specific tag's own.
        """
        if candidate.lang not in self._chain:
            return Status.DEPRECATED
        if candidate.lang != tag and candidate.status is Status.PREFERRED:
            return Status.DEPRECATED
        return candidate.status

    def _record(
        self,
        text: str,
        index: LineIndex,
        cand: Candidate,
        replacement: str | None,
        concept: str | None,
        concept_ids: tuple[str, ...],
        *,
        safe: bool,
        applied: bool = False,
        status: Status | None = None,
    ) -> Change:
        """Build a change record for a candidate's stem span."""
        line, column = index.position(cand.start)
        end_line, end_column = index.position(cand.end)
        return Change(
            start=cand.start,
            end=cand.end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            original=text[cand.start : cand.end],
            replacement=replacement,
            concept=concept,
            candidates=concept_ids,
            lang=cand.lang,
            target_lang=self.lang,
            status=(status or cand.status).value,
            kind=cand.kind.label,
            score=cand.score,
            safe=safe,
            applied=safe and applied,
        )


# Windows of a later pass are joined by a paragraph break (no match crosses one) around a
# character that no word, name or white space pattern takes.
_JOINT = "\n\n\x00\n\n"
_SNAP = 256  # how far a window's edge moves to reach white space


def _windows(text: str, spans: Sequence[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """Return the merged stretches of ``text`` within ``margin`` of the spans, at white space."""
    windows: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        start = max(0, span_start - margin)
        floor = max(0, start - _SNAP)
        while start > floor and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), span_end + margin)
        ceiling = min(len(text), end + _SNAP)
        while end < ceiling and not text[end].isspace():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _touches(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Return True when ``start:end`` overlaps or abuts one of the sorted, disjoint spans."""
    last = bisect.bisect_right(spans, (end, math.inf)) - 1  # the last span starting by ``end``
    return last >= 0 and spans[last][1] >= start


def _closest(candidates: list[Candidate]) -> list[Candidate]:
    """Return the candidates that match most closely (best kind; whole words before endings)."""
    best = min((c.kind, c.has_ending) for c in candidates)
    return [c for c in candidates if (c.kind, c.has_ending) == best]


def without_second_article(text: str, start: int, replacement: str) -> str:
    """Return ``replacement`` less the article it starts with when the text has one already.

    Maltese joins the article to the word before the name (``fl-Ażerbajġan``, in the
    Azerbaijan; ``tal-``, of the): a name listed with its article (``l-Ażerbajġan``) then goes
    in without it, where the text's own hyphen joins it on.

    >>> without_second_article("Jgħix fl-Azerbaijan.", 9, "l-Ażerbajġan")
    'Ażerbajġan'
    >>> without_second_article("Jgħix Azerbaijan.", 6, "l-Ażerbajġan")
    'l-Ażerbajġan'
    """
    if start < 2 or text[start - 1] not in CLITIC_JOINERS or not text[start - 2].isalpha():
        return replacement
    article = CLITIC.match(replacement)
    return replacement if article is None else replacement[article.end() :]


def keep_separators(found: str, replacement: str) -> str:
    """Keep the white space of ``found`` (line breaks included) between the replacement's words.

    Only when both have the same number of words; a hyphen in the replacement always stays.

    >>> keep_separators("Nikol\\nPashinián", "Nikol Pashinyan")
    'Nikol\\nPashinyan'
    >>> keep_separators("Nagorno\\nKarabaj", "Nagorno-Karabakh")
    'Nagorno-Karabakh'
    """
    old = _WORD_SEPARATOR.split(found)
    new = _WORD_SEPARATOR.split(replacement)
    if len(old) != len(new) or len(new) == 1:
        return replacement
    for i in range(1, len(new), 2):
        if new[i].isspace() and old[i].isspace():
            new[i] = old[i]
    return "".join(new)


def normalize_text(text: str, termbase: Termbase, lang: str = "en") -> NormalizeResult:
    """Normalize ``text`` into ``lang`` with ``termbase`` (builds a one-off Normalizer)."""
    return Normalizer(termbase, lang).normalize(text)
