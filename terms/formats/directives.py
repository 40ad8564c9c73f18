"""``terms: ignore`` directives: the comments that silence findings, in any format."""

from __future__ import annotations

import regex

from terms.formats.base import Suppression

# terms: ignore[TRM101,TRM105]   terms: ignore-next-line   terms: ignore-file[TRM1]
DIRECTIVE = regex.compile(
    r"terms:\s*(?P<kind>ignore-next-line|ignore-file|ignore)(?![\w-])(?:\[(?P<codes>[^\]]*)\])?"
)
LAST_LINE = 10**9  # a whole-file suppression covers every line


def suppressions_in(
    comment: str, line: int, column: int, scope: tuple[int, int]
) -> list[Suppression]:
    """Return the suppressions a comment holds.

    ``line``/``column`` locate the comment (1-based) and ``scope`` gives the lines that a plain
    ``ignore`` covers (the comment's own line in text, the entry's lines in a PO file); the
    next-line form covers the line after the comment's last line, the file form every line.

    >>> found = suppressions_in("<!-- terms: ignore[TRM101, TRM105] -->", 3, 1, (3, 3))
    >>> [sorted(s.codes) for s in found]
    [['TRM101', 'TRM105']]
    >>> suppressions_in("terms: ignore-next-line", 3, 1, (3, 4))[0].first_line
    5
    """
    found = []
    for match in DIRECTIVE.finditer(comment):
        codes = frozenset(
            c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip()
        )
        kind = match.group("kind")
        if kind == "ignore-file":
            first, last = 1, LAST_LINE
        elif kind == "ignore-next-line":
            first = last = scope[1] + 1
        else:
            first, last = scope
        found.append(Suppression(line, column + match.start(), first, last, codes))
    return found
