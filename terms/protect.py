"""Spans of text that are never rewritten: URLs and e-mail addresses.

A URL runs from its scheme (``https://``) or ``www.`` to the next white space, ``<``, ``>`` or
``"`` (apostrophes and other quotes included, as in French Wikipedia links), less the
punctuation that ends a sentence after it. The search starts from the anchors (``://``,
``www.``, ``@``) so that it stays linear on any input.
"""

from __future__ import annotations

import itertools
import re

import regex

_URL_AT = regex.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s<>\"]+", regex.IGNORECASE)
_EMAIL_AT = regex.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_ANCHOR = regex.compile(r"://|www\.|@", regex.IGNORECASE)
# www. in any case, for a quick look whether a text has any anchor: the standard library's re
# scans for it many times faster than the regex module scans for _ANCHOR
_WWW = re.compile(r"[wW][wW][wW]\.")
_WORD = regex.compile(r"\w")
_LOCAL_PART = regex.compile(r"[\w.+\-]")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_TRAILING = ".,;:!?'\"»”’›)]}"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, but keep a bracket that closes one inside it.

    >>> trim_url("https://en.wikipedia.org/wiki/Baku_(city)).")
    'https://en.wikipedia.org/wiki/Baku_(city)'
    """
    while url and url[-1] in _TRAILING:
        closer = url[-1]
        if closer in _PAIRS and url.count(_PAIRS[closer]) >= url.count(closer):
            break
        url = url[:-1]
    return url


def _word_starts(text: str, position: int) -> bool:
    """Return True when a word boundary stands before ``position`` (``\\b`` before a letter)."""
    return position == 0 or not _WORD.match(text[position - 1])


def _url_start(text: str, anchor: int, floor: int) -> int | None:
    """Return where the scheme before ``://`` at ``anchor`` starts, if a URL can start there."""
    first = anchor
    while first > floor and text[first - 1] in _SCHEME_CHARS:
        first -= 1
    for start in range(first, anchor):
        if text[start].isascii() and text[start].isalpha() and _word_starts(text, start):
            return start
    return None


def _email_start(text: str, anchor: int, floor: int) -> int | None:
    """Return where the local part of an address before ``@`` at ``anchor`` starts."""
    start = anchor
    while start > floor and _LOCAL_PART.match(text[start - 1]):
        start -= 1
    return start if start < anchor else None


def _start(text: str, anchor: regex.Match[str], floor: int) -> tuple[int, int] | None:
    """Return where the URL or address an anchor belongs to would start, and its priority.

    The priority orders matches that start at the same place as one regex would: a scheme
    URL, then ``www.``, then an address.
    """
    position = anchor.start()
    marker = anchor.group()
    if marker == "@":
        start = _email_start(text, position, floor)
        return (start, 2) if start is not None else None
    if marker == "://":
        start = _url_start(text, position, floor)
        return (start, 0) if start is not None else None
    return (position, 1) if _word_starts(text, position) else None


def _match(text: str, start: int, priority: int) -> tuple[int, int] | None:
    """Return the end and the trimmed end of the URL or address starting at ``start``."""
    if priority == 2:
        found = _EMAIL_AT.match(text, start)
        return (found.end(), found.end()) if found else None
    found = _URL_AT.match(text, start)
    return (found.end(), start + len(trim_url(found.group()))) if found else None


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping spans of URLs and e-mail addresses in ``text``.

    >>> protected_spans("see https://example.org/Pashinian, or mail pashinian@example.org.")
    [(4, 33), (43, 64)]
    """
    spans: list[tuple[int, int]] = []
    if "@" not in text and "://" not in text and _WWW.search(text) is None:
        return spans  # most prose: no anchor
    covered = 0
    anchors = list(_ANCHOR.finditer(text))
    for index, anchor in enumerate(anchors):
        if anchor.start() < covered:
            continue
        start = _start(text, anchor, covered)
        found = _match(text, *start) if start is not None else None
        if start is None or found is None:
            continue
        # an anchor inside this match may belong to a match that starts earlier
        for later in itertools.islice(anchors, index + 1, None):
            if later.start() >= found[0]:
                break
            other = _start(text, later, covered)
            if other is not None and other < start:
                other_found = _match(text, *other)
                if other_found is not None:
                    start, found = other, other_found
        end, trimmed = found
        if trimmed > start[0]:
            spans.append((start[0], trimmed))
        covered = end
    return spans
