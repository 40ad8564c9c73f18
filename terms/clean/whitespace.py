"""The whitespace step: runs of spaces, space before punctuation, trailing spaces, blank lines.

Inside a segment: a run of spaces between words becomes one space, a space before ``, . ; : !
?`` goes (except where French wants a no-break space), and in plain text spaces at line ends go
and a run of blank lines becomes one. In a Markdown document, a run of blank lines after a block of
text becomes one (never inside code), and trailing spaces stay (two make a
line break). The document ends with at most one line end.
"""

from __future__ import annotations

import regex

from terms.clean.base import Context, Finding, primary
from terms.formats.base import Document

_RUN = regex.compile(r"(?<=\S) {2,}(?=\S)")
# after a quotation mark only when it is glued to a word: the quotes step reads marks by what
# stands around them
_AFTER = (
    r"(?<=[\p{L}\p{N})\]]|[\p{L}\p{N}.!?][\u00a0\u202f]?[”»’\"])"  # a word, or its closing mark
)
_BEFORE_MARK = regex.compile(_AFTER + r" +(?=[,.;:!?](?:\s|\Z|\p{P}))")
_BEFORE_MARK_FR = regex.compile(_AFTER + r" +(?=[,.](?:\s|\Z|\p{P}))")
_TRAILING = regex.compile(r"[ \t\u00a0\u202f]+(?=\r\n|\r|\n|\Z)")
_BLANK_RUN = regex.compile(r"(\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n)){2,}")
_END = regex.compile(r"\s+\Z")
_LINE_END = regex.compile(r"\r\n|\r|\n")


def spaces(text: str, context: Context) -> list[Finding]:
    """Return the findings on runs of spaces and spaces before punctuation.

    >>> from terms.clean.base import CleanSettings
    >>> en = Context("en", CleanSettings())
    >>> [(f.start, f.replacement, f.kind) for f in spaces("Baku  said , then", en)]
    [(4, ' ', 'spaces'), (10, '', 'space-before-punctuation')]
    """
    before = _BEFORE_MARK_FR if primary(context.lang) == "fr" else _BEFORE_MARK
    findings = [
        Finding(m.start(), m.end(), "", "space-before-punctuation") for m in before.finditer(text)
    ]
    taken = {f.start for f in findings}
    findings += [
        Finding(m.start(), m.end(), " ", "spaces")
        for m in _RUN.finditer(text)
        if m.start() not in taken
    ]
    return sorted(findings, key=lambda f: f.start)


def trailing(text: str, context: Context) -> list[Finding]:
    """Return the findings on spaces at line ends (plain text only)."""
    if context.format != "text":
        return []
    return [Finding(m.start(), m.end(), "", "trailing-space") for m in _TRAILING.finditer(text)]


def blank_lines(document: Document, context: Context) -> list[Finding]:
    """Return the findings on runs of blank lines and on the line ends that end the document.

    >>> from terms.clean.base import CleanSettings
    >>> from terms.formats import read_as
    >>> doc = read_as("text", "a.txt", "A\\n\\n\\n\\nB\\n\\n")
    >>> [(f.start, f.end, f.replacement) for f in blank_lines(doc, Context("en", CleanSettings()))]
    [(1, 5, '\\n\\n'), (6, 8, '\\n')]
    """
    text = document.text
    if document.format == "text":
        allowed = [(0, len(text))]
    elif document.format == "markdown":
        allowed = _between_segments(document)
    else:
        return []
    findings: list[Finding] = []
    for low, high in allowed:
        for match in _BLANK_RUN.finditer(text, low, high):
            newline = match.group(1)
            findings.append(Finding(match.start(), match.end(), newline * 2, "blank-lines"))
    end = _END.search(text)
    last = document.segments[-1] if document.segments else None
    tail_ok = document.format == "text" or (
        last is not None and last.document_span(0, len(last.text))[1] <= (end.start() if end else 0)
    )
    if end is not None and tail_ok:
        line_end = _LINE_END.search(end.group())
        wanted = line_end.group() if line_end else ""
        if end.group() != wanted:
            findings = [f for f in findings if f.end <= end.start()]
            if findings and findings[-1].end > end.start():
                findings.pop()
            findings.append(Finding(end.start(), end.end(), wanted, "end-of-text"))
    return [f for f in findings if f.replacement != text[f.start : f.end]]


def _between_segments(document: Document) -> list[tuple[int, int]]:
    """Return the white space of a Markdown document after each segment's text.

    Blank lines there are between blocks, never inside code: a code block's own blank lines
    come after its first line.
    """
    text = document.text
    gaps = []
    for segment in document.segments:
        end = segment.document_span(0, len(segment.text))[1]
        stop = end
        while stop < len(text) and text[stop].isspace():
            stop += 1
        if stop > end:
            gaps.append((end, stop))
    return sorted(set(gaps))


SEGMENT_PASSES = (trailing, spaces)
