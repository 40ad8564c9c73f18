"""Plain text: the whole document is one segment; directives may stand on any line."""

from __future__ import annotations

from terms.formats.base import Document, Segment
from terms.formats.directives import DIRECTIVE, suppressions_in
from terms.textpos import LineIndex


def read_text(path: str, text: str) -> Document:
    """Return a plain-text document: one segment, and the ``terms: ignore`` lines.

    >>> doc = read_text("a.txt", "Karabaj\\nKarabaj  terms: ignore[TRM101]\\n")
    >>> [s.text for s in doc.segments] == [doc.text]
    True
    >>> [(s.first_line, s.last_line, sorted(s.codes)) for s in doc.suppressions]
    [(2, 2, ['TRM101'])]
    """
    document = Document(path, text, "text", [Segment(text)])
    if "terms:" in text:
        index = LineIndex(text)
        for match in DIRECTIVE.finditer(text):
            line, column = index.position(match.start())
            end_line, _ = index.position(match.end())
            document.suppressions += suppressions_in(match.group(), line, column, (line, end_line))
    return document
