"""The boilerplate step: whole lines of web furniture (comment forms, share buttons).

Lines are matched whole, after trimming, with case and runs of white space ignored, against
the shipped lists (``terms/data/boilerplate/<lang>.txt``) of the target language and of the
source language, and the lines that the configuration adds. A line goes with its line end
and the blank lines after it, so the paragraphs around it keep one blank line between them.
In Markdown a line goes when it is a whole paragraph; in HTML when it is one element that
holds nothing but the text (``<p>Leave a Reply</p>``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import regex

from terms.clean.base import Context, Finding, primary
from terms.formats.base import MASK, Document

_DATA = Path(__file__).parent.parent / "data" / "boilerplate"
_SPACES = regex.compile(r"\s+")
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_BLANK = regex.compile(r"(?:[ \t\u00a0\u202f]*(?:\r\n|\r|\n))*")
_HTML_LINE = regex.compile(
    r"[ \t]*(?P<tags>(?:<(?P<name>[A-Za-z][\w-]*)(?:\s[^<>]*)?>[ \t]*)+)"
    r"(?P<text>[^<>\r\n]*?)(?P<closes>(?:[ \t]*</[A-Za-z][\w-]*\s*>)+)[ \t]*"
)
_LINE_END = regex.compile(r"[ \t]*(?:\r\n|\r|\n)")
_TAG_NAME = regex.compile(r"</?([A-Za-z][\w-]*)")


def key(line: str) -> str:
    """Return the form lines are compared in: trimmed, case-folded, single spaces.

    >>> key("  Leave a  REPLY ")
    'leave a reply'
    """
    return _SPACES.sub(" ", line).strip().casefold()


@functools.cache
def shipped_lines(lang: str) -> frozenset[str]:
    """Return the shipped boilerplate lines of a language (keys), empty when none ship."""
    path = _DATA / f"{primary(lang)}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(key(line) for line in lines if line.strip() and not line.startswith("#"))


def phrases(context: Context) -> frozenset[str]:
    """Return every boilerplate line (as keys) for the context's languages and settings."""
    langs = [context.lang]
    if context.settings.source_lang:
        langs.append(context.settings.source_lang)
    found: set[str] = set()
    for lang in langs:
        found |= shipped_lines(lang)
        for tag, extra in context.settings.boilerplate.items():
            if primary(tag) == primary(lang):
                found |= {key(line) for line in extra}
    return frozenset(found)


def boilerplate(document: Document, context: Context) -> list[Finding]:
    """Return the findings that remove boilerplate lines from a document.

    >>> from terms.clean.base import CleanSettings
    >>> from terms.formats import read_as
    >>> doc = read_as("text", "a.txt", "Text.\\n\\nLeave a Reply\\n\\nMore.\\n")
    >>> [(f.start, f.end, f.replacement) for f in boilerplate(doc, Context("en", CleanSettings()))]
    [(7, 22, '')]
    """
    wanted = phrases(context)
    if not wanted:
        return []
    text = document.text
    if document.format == "text":
        lines = [m for m in _LINE.finditer(text) if m.group()]
        spans = [(m.start(), m.end()) for m in lines if key(m.group()) in wanted]
    else:
        spans = list(_segment_lines(document, wanted))
    findings: list[Finding] = []
    for start, end in spans:
        blank = _BLANK.match(text, end)
        end = blank.end() if blank else end
        if findings and start < findings[-1].end:
            continue
        findings.append(Finding(start, end, "", "boilerplate"))
    return _tail(text, findings)


def _tail(text: str, findings: list[Finding]) -> list[Finding]:
    """Widen the boilerplate that ends the document back over the blank lines before it.

    The text then ends where the article does, with its last line end.
    """
    position = len(text)
    first = len(findings)
    while first > 0 and findings[first - 1].end == position:
        first -= 1
        position = findings[first].start
    if first == len(findings) or position == 0:
        return findings
    content = text[:position].rstrip(" \t\r\n")
    line_end = _LINE_END.match(text, len(content))
    start = line_end.end() if line_end else len(content)
    if start >= position:
        return findings
    widened = findings[first]
    findings[first] = Finding(start, widened.end, "", widened.kind)
    return findings


def _segment_lines(document: Document, wanted: frozenset[str]) -> Iterable[tuple[int, int]]:
    """Yield the line spans of Markdown or HTML segments that are whole boilerplate lines."""
    text = document.text
    for segment in document.segments:
        if MASK in segment.text or "\n" in segment.text or key(segment.text) not in wanted:
            continue
        start, end = segment.document_span(0, len(segment.text))
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        line = _LINE.match(text, line_start)
        if line is None:
            continue
        content = line.group().rstrip("\r\n")
        before, after = text[line_start:start], text[end : line_start + len(content)]
        if document.format == "markdown" and (before.strip() or after.strip()):
            continue
        if document.format == "html" and not _one_element(content):
            continue
        if document.format not in ("markdown", "html"):
            continue
        yield line_start, line.end()


def _one_element(line: str) -> bool:
    """Return True for an HTML line whose tags open and close around the text alone."""
    match = _HTML_LINE.fullmatch(line)
    if match is None:
        return False
    opened = _TAG_NAME.findall(match.group("tags"))
    closed = _TAG_NAME.findall(match.group("closes"))
    return [name.lower() for name in opened] == [name.lower() for name in reversed(closed)]
