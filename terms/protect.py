"""Spans of text that are never rewritten: URLs and e-mail addresses."""

from __future__ import annotations

import regex

_PROTECTED = regex.compile(
    r"""
    (?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)[^\s<>"'«»“”]+   # URLs with a scheme, or www.
    | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+                     # e-mail addresses
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping spans of URLs and e-mail addresses in ``text``.

    >>> protected_spans("see https://example.org/Pashinian or mail pashinian@example.org.")
    [(4, 33), (42, 63)]
    """
    return [match.span() for match in _PROTECTED.finditer(text)]
