"""Markdown: one segment per inline block, found by a CommonMark parser (markdown-it-py).

Paragraphs, headings (ATX and setext), the paragraphs of list items and blockquotes, and table
cells are segments: each is the contiguous slice of the document from its first to its last
character of text. Inside a segment, :data:`~terms.formats.base.MASK` hides what a check must
not touch: code spans, link destinations and titles (the link text and the image alt text stay
visible), autolinks, raw inline HTML and HTML comments, entities, emphasis markers, and the
container markers (``>`` of a blockquote) at the start of continuation lines. Code blocks
(fenced and indented), HTML blocks, reference definitions and front matter (``---`` YAML or
``+++`` TOML at the very start, whose ``lang:``/``language:`` key gives ``Document.lang``) are
never segments.

The inline scan is the parser's own: the inline rules of markdown-it are wrapped so that each
one reports where the construct it recognised starts and ends, so backslash escapes, backtick
runs of matching length and link labels are read exactly as CommonMark reads them.

Directives live in HTML comments, inline or as HTML blocks: ``<!-- terms: ignore[TRM101] -->``
silences the lines of the comment itself, except that a comment that stands alone as an HTML
block (nothing but comments on its lines) silences the next block instead (all its lines: a
paragraph, a heading, a whole list or table). ``terms: ignore-next-line`` silences the line
after the comment and ``terms: ignore-file`` every line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import regex
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from terms.formats.base import MASK, Document, contiguous_segment
from terms.formats.directives import DIRECTIVE, suppressions_in
from terms.textpos import LineIndex

Span = tuple[int, int]
_Rule = Callable[[StateInline, bool], bool]
_Note = Callable[["_Recorder", StateInline, int, int, int], None]

_LINE_END = regex.compile(r"\r\n|\r|\n")  # as markdown-it normalizes them, one line for one
_FRONT_MATTER_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_LANG_KEY = regex.compile(
    r"""^(?:lang|language)[ \t]*[:=][ \t]*["']?([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*)["']?"""
    r"""[ \t]*(?:\#.*)?\r?$""",
    regex.MULTILINE,
)
_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
_ONLY_COMMENTS = regex.compile(r"\s*(?:<!--.*?-->\s*)+", regex.DOTALL)
_NOT_SPACE = regex.compile(r"\S+")
_RECORDER = "terms.formats.markdown.recorder"  # the env key of the current block's recorder
_CELL_OPENERS = ("th_open", "td_open")


def read_markdown(path: str, text: str) -> Document:
    """Return a Markdown document: a segment per inline block, and the ``terms:`` comments.

    >>> doc = read_markdown("a.md", "# Karabaj\\n\\nSee `Karabaj` in [Karabaj](http://k.am).\\n")
    >>> [s.text.replace(MASK, "~") for s in doc.segments]
    ['Karabaj', 'See ~~~~~~~~~ in ~Karabaj~~~~~~~~~~~~~~.']
    >>> doc.segments[1].edits(18, 25, "Karabakh")
    [Edit(start=29, end=36, text='Karabakh')]
    """
    lines = _Lines(text)
    skipped, lang = _front_matter(lines)
    document = Document(path, text, "markdown", lang=lang)
    env: MutableMapping[str, Any] = {}
    tokens = _PARSER.parse(text[lines.start(skipped) :], env)
    _BlockReader(document, lines, env, skipped).read(tokens)
    return document


class _Lines:
    """The document's lines: where each starts and where its text ends (before the line end)."""

    def __init__(self, text: str) -> None:
        """Split ``text`` at ``\\r\\n``, ``\\r`` and ``\\n``."""
        self.document = text
        self.starts = [0]
        self.ends: list[int] = []
        for match in _LINE_END.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def start(self, line: int) -> int:
        """Return the offset where 0-based ``line`` starts (the document's end past the last)."""
        return self.starts[line] if line < len(self.starts) else len(self.document)

    def text(self, line: int) -> str:
        """Return 0-based ``line`` without its line end, as markdown-it sees it (NUL as U+FFFD)."""
        return self.document[self.starts[line] : self.ends[line]].replace("\0", "\ufffd")


def _front_matter(lines: _Lines) -> tuple[int, str | None]:
    """Return how many lines the front matter at the start takes, and the language it declares."""
    if not len(lines):
        return 0, None
    closers = _FRONT_MATTER_CLOSERS.get(lines.text(0).removeprefix("\ufeff").rstrip())
    if closers is None:
        return 0, None
    for line in range(1, len(lines)):
        if lines.text(line).rstrip() in closers:
            body = "\n".join(lines.text(inner) for inner in range(1, line))
            match = _LANG_KEY.search(body)
            return line + 1, match.group(1) if match else None
    return 0, None


class _Recorder:
    """What the wrapped inline rules found in one inline block, in offsets of its source."""

    def __init__(self) -> None:
        """Start with nothing found."""
        self.masked: list[Span] = []
        self.comments: list[Span] = []
        self.delimiters: list[tuple[int, Token, int]] = []  # emphasis: offset, token, state
        self._bases: dict[int, tuple[StateInline, int]] = {}
        self._next_base = 0

    def base(self, state: StateInline) -> int:
        """Return the offset of ``state.src`` in the block (an image's alt text is parsed apart)."""
        known = self._bases.get(id(state))
        if known is None:  # the state is kept alive with its base, so its id is never reused
            known = self._bases[id(state)] = (state, self._next_base)
        return known[1]

    @contextmanager
    def nested(self, base: int) -> Iterator[None]:
        """Give the inline states created meanwhile (an image's alt text) the offset ``base``."""
        outer, self._next_base = self._next_base, base
        try:
            yield
        finally:
            self._next_base = outer

    def settle_delimiters(self, state: StateInline) -> None:
        """Hide the emphasis markers of ``state`` that the parser paired (the rest are text).

        Run right after the emphasis post-processing: a paired marker's token has become
        ``em_open`` and the like, or (the second marker of a ``**`` pair) an empty text token,
        which joining the text tokens afterwards would fill again.
        """
        owner = id(state)
        self.masked += [
            (at, at + 1)
            for at, token, state_id in self.delimiters
            if state_id == owner and (token.type != "text" or not token.content)
        ]


def _recording(rule: _Rule, note: _Note, nested_at: int | None = None) -> _Rule:
    """Wrap an inline rule so that what it recognises is noted in the block's recorder."""

    def recorded(state: StateInline, silent: bool) -> bool:
        """Run the rule; when it made tokens, note the span it consumed."""
        recorder = state.env.get(_RECORDER)
        if silent or not isinstance(recorder, _Recorder):
            return rule(state, silent)
        start, count, base = state.pos, len(state.tokens), recorder.base(state)
        with recorder.nested(base + start + (nested_at or 0)):
            matched = rule(state, silent)
        if matched:
            note(recorder, state, base, start, count)
        return matched

    return recorded


def _note_code(recorder: _Recorder, state: StateInline, base: int, start: int, count: int) -> None:
    """Hide a code span, backticks included (an unmatched backtick run is text)."""
    if any(token.type == "code_inline" for token in state.tokens[count:]):
        recorder.masked.append((base + start, base + state.pos))


def _note_entity(
    recorder: _Recorder, state: StateInline, base: int, start: int, count: int
) -> None:
    """Hide an entity or a numeric character reference, so that it is never rewritten."""
    if any(token.info == "entity" for token in state.tokens[count:]):
        recorder.masked.append((base + start, base + state.pos))


def _note_whole(recorder: _Recorder, state: StateInline, base: int, start: int, count: int) -> None:
    """Hide all the construct: an autolink."""
    if len(state.tokens) > count:
        recorder.masked.append((base + start, base + state.pos))


def _note_html(recorder: _Recorder, state: StateInline, base: int, start: int, count: int) -> None:
    """Hide a raw HTML tag or comment; remember comments, where directives live."""
    if len(state.tokens) > count:
        recorder.masked.append((base + start, base + state.pos))
        if state.src.startswith("<!--", start):
            recorder.comments.append((base + start, base + state.pos))


def _note_link(recorder: _Recorder, state: StateInline, base: int, start: int, count: int) -> None:
    """Hide a link's ``[`` and what follows its text: ``](url "title")`` or ``][label]``."""
    _hide_around_label(recorder, state, base, start, start + 1, nested=True)


def _note_image(recorder: _Recorder, state: StateInline, base: int, start: int, count: int) -> None:
    """Hide an image's ``![`` and what follows its alt text."""
    _hide_around_label(recorder, state, base, start, start + 2, nested=False)


def _hide_around_label(
    recorder: _Recorder, state: StateInline, base: int, start: int, label: int, nested: bool
) -> None:
    """Hide ``src[start:label]`` and the end of a link from its label's closing ``]``.

    In a shortcut or collapsed reference (``[Karabaj]``, ``[Karabaj][]``) the text is also the
    reference's label: it is hidden too, since rewriting it would break the link.
    """
    end = state.pos
    label_end = state.md.helpers.parseLinkLabel(state, label - 1, nested)
    state.pos = end
    if label_end < 0:  # cannot happen after the rule matched; hide all rather than guess
        label_end = label
    if state.src[label_end:end] in ("]", "][]"):
        recorder.masked.append((base + start, base + end))
        return
    recorder.masked += [(base + start, base + label), (base + label_end, base + end)]


def _note_emphasis(
    recorder: _Recorder, state: StateInline, base: int, start: int, count: int
) -> None:
    """Remember the tokens of a run of ``*`` or ``_`` (one per marker; paired ones get hidden)."""
    run = state.pos - start
    for index, token in enumerate(state.tokens[len(state.tokens) - run :]):
        recorder.delimiters.append((base + start + index, token, id(state)))


def _settling(post_process: Callable[[StateInline], None]) -> Callable[[StateInline], None]:
    """Wrap the emphasis post-processing so that the paired markers get hidden."""

    def settled(state: StateInline) -> None:
        """Pair the markers, then hide the paired ones."""
        post_process(state)
        recorder = state.env.get(_RECORDER)
        if isinstance(recorder, _Recorder):
            recorder.settle_delimiters(state)

    return settled


def _build_parser() -> MarkdownIt:
    """Return a CommonMark parser with tables whose inline rules report what they find."""
    parser = MarkdownIt("commonmark").enable("table").disable("inline")  # we run inline ourselves
    wrapped: dict[str, tuple[_Rule, _Note, int | None]] = {
        "backticks": (rules_inline.backtick, _note_code, None),
        "emphasis": (rules_inline.emphasis.tokenize, _note_emphasis, None),
        "link": (rules_inline.link, _note_link, None),
        "image": (rules_inline.image, _note_image, 2),
        "autolink": (rules_inline.autolink, _note_whole, None),
        "html_inline": (rules_inline.html_inline, _note_html, None),
        "entity": (rules_inline.entity, _note_entity, None),
    }
    for name, (rule, note, nested_at) in wrapped.items():
        parser.inline.ruler.at(name, _recording(rule, note, nested_at))
    parser.inline.ruler2.at("emphasis", _settling(rules_inline.emphasis.postProcess))
    return parser


_PARSER = _build_parser()


class _BlockReader:
    """Turn markdown-it's block tokens into segments and suppressions of one document."""

    def __init__(
        self, document: Document, lines: _Lines, env: MutableMapping[str, Any], skipped: int
    ) -> None:
        """Read into ``document``; token line numbers start after ``skipped`` front matter lines."""
        self.document = document
        self.lines = lines
        self.env = env
        self.skipped = skipped
        self._index: LineIndex | None = None

    def read(self, tokens: Sequence[Token]) -> None:
        """Read every inline block and HTML block of ``tokens``."""
        for at, token in enumerate(tokens):
            parent = tokens[at - 1] if at else None
            if token.type == "html_block":
                self._read_html_block(tokens, at)
            elif token.type == "tr_open":
                self._read_table_row(tokens, at)
            elif token.type == "inline" and token.map and parent:
                if parent.type in _CELL_OPENERS:
                    continue  # read with its row
                atx = parent.type == "heading_open" and parent.markup.startswith("#")
                self._read_block(token.map[0] + self.skipped, token.content, atx)

    def _read_block(self, first_line: int, content: str, atx: bool) -> None:
        """Read a paragraph or a heading whose text starts on ``first_line`` (0-based)."""
        if not content:
            return
        pieces = []
        for number, text in enumerate(content.split("\n")):
            line = first_line + number
            if line >= len(self.lines):
                return
            found = _atx_text(self.lines.text(line), text) if atx else None
            found = found or _line_tail(self.lines.text(line), text)
            if found is None:
                return  # the parser's text is not in the line: never guess where it is
            start = self.lines.start(line)
            pieces.append((start + found[0], start + found[1]))
        self._add_segment(pieces)

    def _read_table_row(self, tokens: Sequence[Token], at: int) -> None:
        """Read each cell of the table row that starts at ``tokens[at]`` as a segment."""
        row = tokens[at]
        cells = []
        for token in tokens[at + 1 :]:
            if token.type == "tr_close":
                break
            if token.type == "inline":
                cells.append(token.content)
        if not row.map:
            return
        line = row.map[0] + self.skipped
        start = self.lines.start(line)
        for span in _cell_spans(self.lines.text(line), cells):
            if span is not None:
                self._add_segment([(start + span[0], start + span[1])])

    def _add_segment(self, pieces: list[Span]) -> None:
        """Parse the inline text of ``pieces`` (one per line) and add it as one segment."""
        source = "\n".join(self.document.text[a:b] for a, b in pieces)
        recorder = _Recorder()
        self.env[_RECORDER] = recorder
        try:
            _PARSER.inline.parse(source, _PARSER, self.env, [])
        finally:
            del self.env[_RECORDER]
        hidden = [(_to_document(pieces, a), _to_document(pieces, b)) for a, b in recorder.masked]
        hidden += _container_markers(self.document.text, pieces)
        for a, b in recorder.comments:
            start, end = _to_document(pieces, a), _to_document(pieces, b)
            self._add_suppressions(start, end, None)
        segment = contiguous_segment(
            self.document.text,
            pieces[0][0],
            pieces[-1][1],
            _without_line_ends(self.document.text, hidden),
            lang=self.document.lang,
        )
        if segment.text.replace(MASK, " ").strip():
            self.document.segments.append(segment)

    def _read_html_block(self, tokens: Sequence[Token], at: int) -> None:
        """Find the directives in the comments of the HTML block ``tokens[at]``."""
        block = tokens[at]
        if not block.map or "terms:" not in block.content:
            return
        first, last = block.map[0] + self.skipped, block.map[1] - 1 + self.skipped
        start, end = self.lines.start(first), self.lines.ends[last]
        scope = _next_block_lines(tokens, at, self.skipped)
        alone = _ONLY_COMMENTS.fullmatch(block.content) is not None
        for comment in _COMMENT.finditer(self.document.text, start, end):
            self._add_suppressions(comment.start(), comment.end(), scope if alone else None)

    def _add_suppressions(self, start: int, end: int, ignore_scope: Span | None) -> None:
        """Add the directives of the comment ``document[start:end]``.

        A plain ``ignore`` covers ``ignore_scope`` when given, else the comment's own lines.
        """
        if self._index is None:
            self._index = LineIndex(self.document.text)
        index = self._index
        lines = (index.position(start)[0], index.position(max(start, end - 1))[0])
        for match in DIRECTIVE.finditer(self.document.text, start, end):
            line, column = index.position(match.start())
            scope = ignore_scope if ignore_scope and match.group("kind") == "ignore" else lines
            self.document.suppressions += suppressions_in(match.group(), line, column, scope)


def _line_tail(line: str, text: str) -> Span | None:
    """Return where the parser's ``text`` of a paragraph line is in ``line``: at its end.

    The parser drops the container markers and indentation before the text, and the spaces
    after it on the last line; an indentation tab it cut into comes back as spaces.
    """
    if line.endswith(text):
        return len(line) - len(text), len(line)
    core, trimmed = text.strip(), line.rstrip()
    if core and trimmed.endswith(core):
        return len(trimmed) - len(core), len(trimmed)
    return None


def _atx_text(line: str, text: str) -> Span | None:
    """Return where an ATX heading's ``text`` is in ``line``: after the opening ``#`` run."""
    after = line.find("#")
    while 0 <= after < len(line) and line[after] == "#":
        after += 1
    found = line.find(text, after) if after >= 0 else -1
    return (found, found + len(text)) if found >= 0 else None


def _cell_spans(line: str, cells: Sequence[str]) -> list[Span | None]:
    """Return where each cell's text is in a table row ``line`` (``None`` for an empty cell).

    Cells are found from the right, so that container markers before the row never match; the
    parser reads ``\\|`` in a cell as ``|``.
    """
    spans: list[Span | None] = []
    end = len(line)
    for cell in reversed(cells):
        pattern = "".join(r"\\?\|" if char == "|" else regex.escape(char) for char in cell)
        match = regex.compile(pattern, regex.REVERSE).search(line, 0, end) if cell else None
        spans.append(match.span() if match else None)
        end = match.start() if match else end
    return spans[::-1]


def _to_document(pieces: Sequence[Span], offset: int) -> int:
    """Return the document offset of ``offset`` in the pieces joined with ``\\n``."""
    seen = 0
    for start, end in pieces:
        if offset <= seen + end - start:
            return start + offset - seen
        seen += end - start + 1
    return pieces[-1][1]


def _container_markers(document: str, pieces: Sequence[Span]) -> list[Span]:
    """Return the ``>`` markers (anything but spaces) between a block's lines."""
    return [
        match.span()
        for previous, current in pairwise(pieces)
        for match in _NOT_SPACE.finditer(document, previous[1], current[0])
    ]


def _without_line_ends(document: str, spans: Sequence[Span]) -> list[Span]:
    """Return ``spans`` cut around line ends, so that a multi-line mask keeps its lines."""
    cut: list[Span] = []
    for start, end in spans:
        position = start
        for match in _LINE_END.finditer(document, start, end):
            cut.append((position, match.start()))
            position = match.end()
        cut.append((position, end))
    return [(a, b) for a, b in cut if a < b]


def _next_block_lines(tokens: Sequence[Token], at: int, skipped: int) -> Span | None:
    """Return the 1-based lines of the first block after ``tokens[at]``, if there is one."""
    for token in tokens[at + 1 :]:
        if token.map:
            return token.map[0] + skipped + 1, token.map[1] + skipped
    return None
