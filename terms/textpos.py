"""Offsets to 1-based lines and columns."""

from __future__ import annotations

import bisect


class LineIndex:
    """Turn character offsets of a text into 1-based (line, column) pairs.

    Lines end at ``\\n`` (so ``\\r\\n`` files count lines as editors do); columns count
    characters (code points) from 1.

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    """

    def __init__(self, text: str) -> None:
        """Record where each line starts."""
        self._starts = [0]
        index = text.find("\n")
        while index != -1:
            self._starts.append(index + 1)
            index = text.find("\n", index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of a character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
