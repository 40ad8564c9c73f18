"""A slow, obvious matcher that defines what the fast one must find.

It tries every span of the original text against every term and keeps, from left to right, the
longest match at each position. Tests compare it with :class:`terms.matcher.Matcher` on random
glossaries and texts; it is far too slow for real use.
"""

from __future__ import annotations

import regex

from terms.folding import fold, fold_chars, is_no_space_script, needs_boundary
from terms.matcher import Candidate, Match, _kind_of, ending_end
from terms.model import Termbase
from terms.protect import protected_spans
from terms.romanize import with_romanizations


def collapse(folded: str) -> str:
    """Collapse separator runs and trim, as term keys are."""
    return regex.sub(r"\s+", " ", folded).strip(" ")


def reference_candidates(termbase: Termbase, text: str) -> list[Candidate]:
    """Return every candidate match by brute force over all spans and all terms."""
    protected = protected_spans(text)
    found = []
    for concept in with_romanizations(termbase).concepts:
        for term in concept.terms:
            key = fold(term.text)
            endings = sorted(set(term.endings), key=len, reverse=True)
            chars = fold_chars(text)  # each character folded in its context
            for start in range(len(text)):
                if chars[start] in ("", " "):
                    continue  # a span starts on a character that folds to a letter
                before = "".join(chars[:start])
                if before and needs_boundary(before[-1]) and not is_no_space_script(key[0]):
                    continue
                for end in range(start + 1, len(text) + 1):
                    inside = "".join(chars[start:end])
                    if collapse(inside) != key or inside.endswith(" "):
                        continue  # spans end on a letter (and the marks that follow it)
                    if end < len(text) and chars[end] == "":
                        continue  # marks after the last letter belong to the span
                    after = "".join(chars[end:])
                    full_end: int | None = end
                    if after and needs_boundary(after[0]) and not is_no_space_script(key[-1]):
                        full_end = ending_end(text, end, endings)
                    if full_end is None:
                        continue
                    if any(s < full_end and start < e for s, e in protected):
                        continue
                    kind = _kind_of(text[start:end], term)
                    if kind is not None:
                        found.append(Candidate.for_term(start, end, full_end, kind, term))
    return found


def reference_find(termbase: Termbase, text: str) -> list[Match]:
    """Return the leftmost-longest non-overlapping matches, found by brute force."""
    candidates = reference_candidates(termbase, text)
    matches = []
    position = 0
    while position < len(text):
        here = [c for c in candidates if c.start == position]
        if not here:
            position += 1
            continue
        longest = max(c.full_end for c in here)
        group = sorted(
            (c for c in here if c.full_end == longest), key=lambda c: (c.kind, c.has_ending)
        )
        matches.append(Match(position, longest, tuple(group)))
        position = longest
    return matches
