"""HTML: one segment per run of text between tags, read by the standard library's tokenizer.

:class:`html.parser.HTMLParser` (``convert_charrefs=False``) reports text, entities and character
references apart, each with its place in the source, so a run of text between two tags is a
contiguous slice of the document in which entities and character references are masked (one
:data:`~terms.formats.base.MASK` per source character). Tags, attributes, comments, doctype,
CDATA and processing instructions are never text. Hidden, with everything inside them: ``script``,
``style``, ``code``, ``pre``, ``kbd``, ``samp``, ``textarea`` and ``template``, and any element
with ``translate="no"`` or the class ``notranslate`` (a descendant with ``translate="yes"`` is
translatable again, as the HTML standard says, unless a hidden tag encloses it). With
``attributes=True`` the values of ``alt`` and ``title`` attributes are segments too.

``Document.lang`` comes from ``<html lang>`` (else ``<body lang>``); each segment's ``lang`` is
that of its nearest element with a ``lang`` (or ``xml:lang``) attribute.

The tokenizer is lenient, and so is the adapter: void elements, self-closing tags, unclosed
elements and stray end tags do not fail. When the innermost open element is a ``p``, ``li``,
``dt``/``dd``, table row or cell that the next start tag implicitly closes (``<p>a<p>b``), it is
closed, as browsers do; other missing end tags are not inferred, so an unclosed ``<pre>`` hides
the rest of the document. Markup cut off by the end of the file (``<a`` at the very end) may
be passed on by the tokenizer, and so shown, as text.

Directives live in comments (``<!-- terms: ignore[TRM101] -->``): ``ignore`` silences the lines
of the comment itself, ``ignore-next-line`` the line after it, ``ignore-file`` every line.
"""

from __future__ import annotations

import html.entities
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import regex

from terms.formats.base import MASK, Document, contiguous_segment
from terms.formats.directives import DIRECTIVE, suppressions_in
from terms.textpos import LineIndex

Span = tuple[int, int]

_HIDDEN_TAGS = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea", "template"})
# fmt: off
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
_CLOSES_P = frozenset({  # a start tag of these closes an open <p>
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
})
# fmt: on
# a start tag closes an open element of these names at the top of the stack (HTML's implied ends)
_IMPLIED_END = {
    **{tag: frozenset({"p"}) for tag in _CLOSES_P},
    "li": frozenset({"li", "p"}),
    "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "thead": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "tbody": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "option": frozenset({"option"}),
}
_TEXT_ATTRIBUTES = ("alt", "title")
_TEXT_EVENTS = frozenset({"data", "entityref", "charref"})
# the tokenizer's own patterns for a start tag's name and attributes (html.parser, Python 3.11)
_TAG_NAME = regex.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
_ATTRIBUTE = regex.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"""
)
_REFERENCE = regex.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)")


def read_html(path: str, text: str, attributes: bool = False) -> Document:
    """Return an HTML document: a segment per run of text, and the ``terms:`` comments.

    With ``attributes``, the values of ``alt`` and ``title`` attributes are segments too.

    >>> doc = read_html("a.html", '<p title="Karabaj">Karabaj&amp;Co <code>Karabaj</code></p>')
    >>> [s.text.replace(MASK, "~") for s in doc.segments]
    ['Karabaj~~~~~Co ']
    >>> [s.text for s in read_html("a.html", doc.text, attributes=True).segments][0]
    'Karabaj'
    >>> doc.segments[0].edits(0, 7, "Karabakh")
    [Edit(start=19, end=26, text='Karabakh')]
    """
    document = Document(path, text, "html")
    reader = _Reader(document, attributes)
    reader.read(_tokenize(text))
    document.segments = [
        segment if segment.lang else replace(segment, lang=document.lang)
        for segment in document.segments
    ]
    return document


@dataclass(frozen=True)
class _Event:
    """One thing the tokenizer reported, and where it starts and ends in the document."""

    kind: str  # start, startend, end, data, entityref, charref, comment, other
    name: str  # tag name, text, entity or reference name, comment text
    start: int
    end: int = 0
    attrs: tuple[tuple[str, str | None], ...] = ()
    source: str = ""  # a start tag's source text


class _Tokenizer(HTMLParser):
    """Record each token the standard library's HTML tokenizer reports, with its offset."""

    def __init__(self, text: str) -> None:
        """Prepare to tokenize ``text``; lines count ``\\n`` only, as the tokenizer does."""
        super().__init__(convert_charrefs=False)
        self.events: list[_Event] = []
        self._line_starts = [0] + [at + 1 for at, char in enumerate(text) if char == "\n"]

    def _here(self) -> int:
        """Return the document offset of the token being reported."""
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _add(self, kind: str, name: str, **info: object) -> None:
        """Record a token that starts here."""
        self.events.append(_Event(kind, name, self._here(), **info))  # type: ignore[arg-type]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a start tag with its attributes and source."""
        self._add("start", tag, attrs=tuple(attrs), source=self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a self-closing tag with its attributes and source."""
        self._add("startend", tag, attrs=tuple(attrs), source=self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        """Record an end tag."""
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        """Record text as it is in the source."""
        self._add("data", data)

    def handle_entityref(self, name: str) -> None:
        """Record an entity (``&amp;``)."""
        self._add("entityref", name)

    def handle_charref(self, name: str) -> None:
        """Record a character reference (``&#39;``)."""
        self._add("charref", name)

    def handle_comment(self, data: str) -> None:
        """Record a comment."""
        self._add("comment", data)

    def handle_decl(self, decl: str) -> None:
        """Record a doctype, which is not text."""
        self._add("other", decl)

    def handle_pi(self, data: str) -> None:
        """Record a processing instruction, which is not text."""
        self._add("other", data)

    def unknown_decl(self, data: str) -> None:
        """Record a CDATA or other marked section, which is not text."""
        self._add("other", data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """Read an unknown marked section (``<![foo[``) as a bogus comment, not as an error."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # Python < 3.13 rejects unknown keywords with an assertion
            return self.parse_bogus_comment(i)


def _tokenize(text: str) -> list[_Event]:
    """Return the tokens of ``text``, each with its end (the start of the next one)."""
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    events = tokenizer.events
    ends = [event.start for event in events[1:]] + [len(text)]
    return [replace(event, end=end) for event, end in zip(events, ends[: len(events)], strict=True)]


@dataclass(frozen=True)
class _Element:
    """An open element and what it passes on to its content."""

    tag: str
    hidden: bool = False  # code, script and the like: nothing inside is text
    no_translate: bool = False  # translate="no" or class notranslate, until translate="yes"
    lang: str | None = None

    @property
    def translatable(self) -> bool:
        """Return True when the element's text is translatable text."""
        return not (self.hidden or self.no_translate)


@dataclass
class _Reader:
    """Turn the tokenizer's events into the segments and suppressions of one document."""

    document: Document
    attributes: bool
    stack: list[_Element] = field(default_factory=list)
    run: list[_Event] = field(default_factory=list)  # the text since the last tag
    _index: LineIndex | None = None

    @property
    def current(self) -> _Element:
        """Return the innermost open element (the document when none is open)."""
        return self.stack[-1] if self.stack else _Element("#document")

    def read(self, events: list[_Event]) -> None:
        """Read every event, in document order."""
        for event in events:
            if event.kind in _TEXT_EVENTS:
                self.run.append(event)
                continue
            self._end_run()
            if event.kind in ("start", "startend"):
                self._open(event)
            elif event.kind == "end":
                self._close(event.name)
            elif event.kind == "comment":
                self._add_suppressions(event.start, event.end)
        self._end_run()

    def _open(self, event: _Event) -> None:
        """Open an element (a void or self-closing one closes at once)."""
        while self.stack and self.stack[-1].tag in _IMPLIED_END.get(event.name, ()):
            self.stack.pop()
        element = _child(self.current, event.name, dict(reversed(event.attrs)))
        if event.name in ("html", "body") and self.document.lang is None:
            self.document.lang = _declared_lang(event.attrs)
        if self.attributes and element.translatable:
            self._add_attribute_segments(event, element.lang)
        if event.kind == "start" and event.name not in _VOID_TAGS:
            self.stack.append(element)

    def _close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and what it encloses (a stray end tag is ignored)."""
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def _end_run(self) -> None:
        """Make the text since the last tag a segment, unless it is hidden or blank."""
        run, self.run = self.run, []
        if not run or not self.current.translatable:
            return
        text = self.document.text
        if any(e.kind == "data" and not text.startswith(e.name, e.start) for e in run):
            return  # the tokenizer's offsets do not match the source: never guess
        masked = [(e.start, e.end) for e in run if _is_reference(text, e) or _is_broken_tag(e)]
        self._add_segment(run[0].start, run[-1].end, masked, self.current.lang)

    def _add_segment(self, start: int, end: int, masked: list[Span], lang: str | None) -> None:
        """Add ``document[start:end]`` with ``masked`` hidden, unless nothing shows."""
        segment = contiguous_segment(self.document.text, start, end, masked, lang=lang)
        if segment.text.replace(MASK, " ").strip():
            self.document.segments.append(segment)

    def _add_attribute_segments(self, event: _Event, lang: str | None) -> None:
        """Add the values of the ``alt`` and ``title`` attributes of a start tag."""
        if not self.document.text.startswith(event.source, event.start):
            return
        located = _attribute_values(event.source)
        if [name for name, _ in located] != [name for name, _ in event.attrs]:
            return  # not read as the tokenizer read it: never guess
        for (name, (start, end)), (_, value) in zip(located, event.attrs, strict=True):
            source = event.source[start:end]
            if name in _TEXT_ATTRIBUTES and value and html.unescape(source) == value:
                offset = event.start + start
                masked = [(offset + a, offset + b) for a, b in _reference_spans(source)]
                self._add_segment(offset, offset + len(source), masked, lang)

    def _add_suppressions(self, start: int, end: int) -> None:
        """Add the directives of the comment ``document[start:end]``."""
        text = self.document.text
        if "terms:" not in text[start:end]:
            return
        if self._index is None:
            self._index = LineIndex(text)
        scope = (self._index.position(start)[0], self._index.position(max(start, end - 1))[0])
        for match in DIRECTIVE.finditer(text, start, end):
            line, column = self._index.position(match.start())
            self.document.suppressions += suppressions_in(match.group(), line, column, scope)


def _child(parent: _Element, tag: str, attrs: dict[str, str | None]) -> _Element:
    """Return the element ``tag`` with ``attrs`` opened inside ``parent``."""
    translate = (attrs.get("translate") or "").strip().lower()
    no_translate = parent.no_translate
    if "translate" in attrs and translate in ("", "yes"):
        no_translate = False
    if translate == "no" or "notranslate" in (attrs.get("class") or "").split():
        no_translate = True
    return _Element(
        tag,
        hidden=parent.hidden or tag in _HIDDEN_TAGS,
        no_translate=no_translate,
        lang=attrs.get("lang") or attrs.get("xml:lang") or parent.lang,
    )


def _declared_lang(attrs: tuple[tuple[str, str | None], ...]) -> str | None:
    """Return the ``lang`` (or ``xml:lang``) an element declares, if any."""
    values = dict(attrs)
    return (values.get("lang") or values.get("xml:lang") or "").strip() or None


def _is_reference(text: str, event: _Event) -> bool:
    """Return True for an entity or character reference that a browser would decode.

    The tokenizer reports any ``&name`` as an entity (``&T`` in ``AT&T``): it is one only when
    HTML knows the name, and without a ``;`` only in the legacy form (``&amp``, ``&copy``).
    """
    if event.kind == "charref":
        return True
    if event.kind != "entityref":
        return False
    closed = text[event.start : event.end].endswith(";")
    return (event.name + ";" if closed else event.name) in html.entities.html5


def _reference_spans(value: str) -> list[Span]:
    """Return where the entities and character references of an attribute value are."""
    return [match.span() for match in _REFERENCE.finditer(value)]


def _is_broken_tag(event: _Event) -> bool:
    """Return True for markup the tokenizer gave up on and passed on as text (``<a`` at the end).

    A lone ``<`` (``a < b``) is text.
    """
    return event.kind == "data" and event.name.startswith("<") and len(event.name) > 1


def _attribute_values(tag: str) -> list[tuple[str, Span]]:
    """Return each attribute's lower-cased name and the span of its value in the tag's source.

    The value's span leaves out the quotes; an attribute without a value has an empty span.
    """
    name = _TAG_NAME.match(tag)
    position = name.end() if name else len(tag)
    found = []
    while match := _ATTRIBUTE.match(tag, position):
        start, end = match.span(3) if match.group(2) else (match.end(1), match.end(1))
        if end - start >= 2 and tag[start] in "\"'" and tag[end - 1] == tag[start]:
            start, end = start + 1, end - 1
        found.append((match.group(1).lower(), (start, end)))
        position = match.end()
    return found
