"""What every document format gives the checks: segments of text, and where they came from.

Formats know nothing about checks (as in Translate Toolkit): an adapter reads a decoded
document and returns a :class:`Document`, a list of :class:`Segment` objects (the stretches of
translatable text) and the suppression comments it found. Checks see only segments. A change
that a check proposes in a segment's text becomes :class:`Edit` objects on the document text,
so writing back touches only the characters that change: markup, entities, escapes, wrapping
and line ends stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

MASK = "\ue000"  # stands in, one for one, for characters a check must not see (code, tags)


@dataclass(frozen=True)
class Edit:
    """Replace ``document[start:end]`` with ``text`` (offsets into the decoded document)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segment:
    """A stretch of translatable text and where each of its characters is in the document.

    ``text`` is what checks see: characters a check must not touch (inline code, a tag, an
    entity) are replaced by :data:`MASK`, one for one. When ``spans`` is empty the segment is
    the contiguous slice of the document that starts at ``start``; otherwise ``spans[i]`` is
    the document span of character ``i``'s notation (``\\"`` in a PO string is two document
    characters for one of text). ``escape`` turns replacement text into the document's notation
    (PO string escapes); ``None`` writes it as is.

    >>> Segment("Nagorno Karabaj", start=10).edits(8, 15, "Karabakh")
    [Edit(start=18, end=25, text='Karabakh')]
    >>> wrapped = Segment("ab", spans=((1, 2), (6, 7)))  # '"a"\\n"b"': one string, two lines
    >>> wrapped.edits(0, 2, "xy")
    [Edit(start=1, end=2, text='xy'), Edit(start=6, end=7, text='')]
    """

    text: str
    start: int = 0
    spans: tuple[tuple[int, int], ...] = ()
    lang: str | None = None  # the language the document declares for this text
    source: str | None = None  # the source text it translates (a PO msgid)
    key: str | None = None  # what identifies the unit across files (PO msgctxt + msgid)
    flags: frozenset[str] = frozenset()  # e.g. PO "fuzzy"
    escape: Callable[[str], str] | None = field(default=None, compare=False)

    def offset(self, index: int) -> int:
        """Return the document offset of the character at ``index`` (or of the segment's end)."""
        if not self.spans:
            return self.start + index
        if index < len(self.spans):
            return self.spans[index][0]
        return self.spans[-1][1] if self.spans else self.start

    def document_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the document offsets of ``text[start:end]`` (its notation, escapes included).

        >>> Segment("ab", spans=((1, 2), (6, 8))).document_span(0, 2)
        (1, 8)
        """
        first = self.offset(start)
        if end <= start:
            return first, first
        if self.spans:
            return first, self.spans[end - 1][1]
        return first, self.start + end

    def edits(self, start: int, end: int, replacement: str) -> list[Edit]:
        """Return the document edits that replace ``text[start:end]`` with ``replacement``.

        When the span's characters are not contiguous in the document (a PO string wrapped
        over two lines), the replacement goes where the span starts and the span's other
        characters are deleted, so the wrapping stays.
        """
        written = self.escape(replacement) if self.escape else replacement
        if not self.spans:
            return [Edit(self.start + start, self.start + end, written)]
        if start == end:
            position = self.offset(start)
            return [Edit(position, position, written)]
        runs: list[list[int]] = []
        for first, last in self.spans[start:end]:
            if runs and runs[-1][1] == first:
                runs[-1][1] = last
            else:
                runs.append([first, last])
        edits = [Edit(runs[0][0], runs[0][1], written)]
        edits.extend(Edit(a, b, "") for a, b in runs[1:])
        return edits


@dataclass(frozen=True)
class Suppression:
    """A ``terms: ignore`` comment: which codes it silences on which lines.

    ``codes`` empty means every code. ``first_line``/``last_line`` are the lines it covers
    (1-based, inclusive); a whole-file suppression covers every line.
    """

    line: int
    column: int
    first_line: int
    last_line: int
    codes: frozenset[str] = frozenset()

    def covers(self, code: str, line: int) -> bool:
        """Return True when this suppression silences ``code`` on ``line``."""
        if not self.first_line <= line <= self.last_line:
            return False
        return not self.codes or any(code.startswith(prefix) for prefix in self.codes)


@dataclass
class Document:
    """A decoded document as a format adapter sees it."""

    path: str
    text: str
    format: str
    segments: list[Segment] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    lang: str | None = None  # the language the document declares (PO Language header, <html lang>)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return ``text`` with non-overlapping ``edits`` made, in one pass.

    >>> apply_edits("abc def", [Edit(4, 7, "xyz"), Edit(0, 1, "A")])
    'Abc xyz'
    """
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def contiguous_segment(
    document: str, start: int, end: int, masked: Sequence[tuple[int, int]] = (), **info: object
) -> Segment:
    """Return the segment ``document[start:end]`` with the ``masked`` document spans hidden.

    >>> contiguous_segment("a `Karabaj` b", 0, 13, [(2, 11)]).text == "a " + MASK * 9 + " b"
    True
    """
    chars = list(document[start:end])
    for a, b in masked:
        for position in range(max(a, start), min(b, end)):
            chars[position - start] = MASK
    return Segment("".join(chars), start=start, **info)  # type: ignore[arg-type]
