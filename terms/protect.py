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
# Every URL or address contains one of these; the full pattern is only tried around them,
# within the run of non-space characters that holds them.
_ANCHOR = regex.compile(r"://|www\.|@", regex.IGNORECASE)
_SPACE = regex.compile(r"\s")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping spans of URLs and e-mail addresses in ``text``.

    >>> protected_spans("see https://example.org/Pashinian or mail pashinian@example.org.")
    [(4, 33), (42, 63)]
    """
    spans: list[tuple[int, int]] = []
    covered = 0
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        if position < covered:
            continue
        run_start = max(covered, _last_space(text, position) + 1)
        space = _SPACE.search(text, position)
        run_end = space.start() if space else len(text)
        found = _PROTECTED.search(text, run_start, run_end)
        while found and found.end() <= position:
            found = _PROTECTED.search(text, found.end(), run_end)
        if found:
            spans.append(found.span())
            covered = found.end()
    return spans


def _last_space(text: str, before: int) -> int:
    """Return the index of the last white-space character before ``before`` (or -1)."""
    index = before - 1
    while index >= 0 and not _SPACE.match(text[index]):
        index -= 1
    return index
