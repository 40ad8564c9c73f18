"""Offsets to 1-based lines and columns."""

from __future__ import annotations

import bisect

import regex

_LINE_END = regex.compile(r"\r\n|\r|\n")


class LineIndex:
    """Turn character offsets of a text into 1-based (line, column) pairs.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as editors count them; columns count
    characters (code points) from 1.

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    """

    def __init__(self, text: str) -> None:
        """Record where each line starts."""
        self._starts = [0]
        if "\r" in text:
            self._starts.extend(m.end() for m in _LINE_END.finditer(text))
            return
        index = text.find("\n")
        while index != -1:
            self._starts.append(index + 1)
            index = text.find("\n", index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of a character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
