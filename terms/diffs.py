"""Unified diffs of a document before and after normalizing."""

from __future__ import annotations

import difflib

import regex

# Only real line ends split lines (not form feeds or U+2028, which splitlines() also takes).
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    """Split into lines that keep their endings, marking a last line without one as git does."""
    lines = _LINE.findall(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def unified_diff(before: str, after: str, path: str) -> str:
    """Return a unified diff (``a/path`` → ``b/path``), or an empty string when equal.

    >>> print(unified_diff("Pashinian\\n", "Pashinyan\\n", "x.txt"), end="")
    --- a/x.txt
    +++ b/x.txt
    @@ -1 +1 @@
    -Pashinian
    +Pashinyan
    """
    if before == after:
        return ""
    return "".join(
        difflib.unified_diff(
            _lines(before), _lines(after), f"a/{path.lstrip('/')}", f"b/{path.lstrip('/')}"
        )
    )
