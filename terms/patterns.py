"""Glossary patterns: regular expressions compiled the one way the matcher and checks use."""

from __future__ import annotations

import regex


def compile_pattern(source: str, *, case_sensitive: bool = False) -> regex.Pattern[str]:
    """Compile a glossary pattern between word boundaries (raises ``regex.error``).

    >>> bool(compile_pattern("Al[iy]j?ew").search("Mr Alijew said"))
    True
    >>> bool(compile_pattern("Al[iy]j?ew").search("Alijewski"))
    False
    >>> bool(compile_pattern("(?x) Ali  # a comment").search("Ali"))
    True
    """
    flags = regex.VERSION1 | (0 if case_sensitive else regex.IGNORECASE)
    # in verbose mode a comment runs to the end of the line: end it before closing the group
    end = "\n" if regex.compile(source, flags).flags & regex.VERBOSE else ""
    return regex.compile(f"(?<!\\w)(?:{source}{end})(?!\\w)", flags)
