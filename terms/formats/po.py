"""Gettext PO and POT catalogs: one segment per translated string, located character by character.

polib reads the entries (header, flags, ``msgctxt``, plural forms, obsolete entries); polib gives
no positions, so a line scanner of the same syntax finds where each ``msgstr`` string is in the
document, and the two readings must agree entry by entry (a catalog that they read differently
is refused rather than rewritten at wrong offsets).

Policy:

- Every non-empty ``msgstr`` and every non-empty ``msgstr[N]`` is a segment. Its text is the
  unescaped string that a translator sees; ``source`` is the ``msgid`` (for ``msgstr[N]`` with
  N >= 1 the ``msgid_plural``); ``key`` is ``msgctxt + "\\x04" + msgid`` when the entry has a
  context, else the ``msgid``, and for ``msgstr[N]`` ``"\\x00N"`` is added, so that each plural
  form is compared with its own kind; ``flags`` are the entry's flags; ``lang`` is the header's
  ``Language``.
- Fuzzy entries ARE segments: they carry the flag ``"fuzzy"`` so that checks can decide.
- Obsolete entries (``#~``) are NOT segments: they are never checked and never rewritten.
- The header entry (``msgid ""``) and empty translations are not segments, so a POT template
  gives none.
- ``terms: ignore[...]`` in a translator comment (``#``) or an extracted comment (``#.``) covers
  the whole entry, from its first comment line to its last string line;
  ``terms: ignore-file[...]`` in any such comment covers the file; ``terms: ignore-next-line``
  covers the line after the comment.
- A catalog that cannot be parsed raises :class:`terms.errors.InputError` with code TRM035
  (``input-syntax``) and the line and column of the problem.

Escapes are read as polib reads them: ``\\\\ \\" \\n \\t \\r \\v \\b \\f`` are one character
each; any other backslash (GNU's octal and ``\\x`` escapes too) is an ordinary character.
Limits: one string per line; lines end at ``\\n``, ``\\r\\n`` or ``\\r``; at most ten plural
forms (``msgstr[0]`` to ``msgstr[9]``, as polib reads them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polib
import regex

from terms.codes import code
from terms.errors import InputError, Problem
from terms.formats.base import Document, Segment, Suppression
from terms.formats.directives import DIRECTIVE, suppressions_in

_LINE_END = regex.compile(r"\r\n|\r|\n")
_KEYWORD = regex.compile(
    r"(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<index>[0-9]+)\])?)[ \t]*(?=\")"
)
# notation -> character; any other backslash is an ordinary character (as polib reads it)
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f"}
_NOTATION = {char: "\\" + letter for letter, char in _ESCAPES.items()}
_ESCAPE = regex.compile(r'\\([\\"ntrvbf])')
_BODY = regex.compile(r'(?:[^"\\]|\\.)*')  # a string's body: up to its closing quote
# polib splits lines with str.splitlines(), which also breaks at these characters; PO breaks
# lines only at \n (and \r), so polib is given stand-ins for them and its strings are mapped back
_SPLITLINES_ONLY = regex.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_NO_DIRECTIVES = (":", ",", "|", "~")  # references, flags, previous and obsolete strings
_PREVIOUS_KEYWORD = regex.compile(r"(?:msgctxt|msgid_plural|msgid)[ \t]")


def escape_po(text: str) -> str:
    """Return ``text`` in PO string notation (the inverse of how strings are read).

    >>> print(escape_po('say "hi"\\n'))
    say \\"hi\\"\\n
    """
    return "".join(_NOTATION.get(char, char) for char in text)


@dataclass
class _Field:
    """One keyword's string (``msgid``, ``msgstr[1]``, ...): its characters and their spans."""

    line: int
    column: int
    bodies: list[tuple[int, int]] = field(default_factory=list)  # inside each string's quotes
    parts: list[str] = field(default_factory=list)  # each body decoded

    @property
    def text(self) -> str:
        """Return the decoded string."""
        return "".join(self.parts)

    def spans(self, document: str) -> tuple[tuple[int, int], ...]:
        """Return the document span of each character of the decoded string."""
        spans: list[tuple[int, int]] = []
        for start, end in self.bodies:
            position = start
            for escape in _ESCAPE.finditer(document, start, end):
                spans += _one_each(position, escape.start())
                spans.append(escape.span())
                position = escape.end()
            spans += _one_each(position, end)
        return tuple(spans)


@dataclass
class _Comment:
    """A comment line that may hold directives: where its text is."""

    line: int
    start: int  # offset of the line's first character
    end: int  # offset of the line's end (before the line break)


@dataclass
class _Entry:
    """What the scanner saw of one entry (or of trailing comments with no entry)."""

    first_line: int
    last_line: int
    obsolete: bool = False
    fields: dict[str, _Field] = field(default_factory=dict)  # "msgid", "msgstr[0]", ...
    flags: list[str] = field(default_factory=list)
    comments: list[_Comment] = field(default_factory=list)

    @property
    def has_msgid(self) -> bool:
        """Return True when the entry has a ``msgid`` (not only comments)."""
        return "msgid" in self.fields

    @property
    def complete(self) -> bool:
        """Return True when a translation (``msgstr`` or ``msgstr[N]``) was read."""
        return any(name.startswith("msgstr") for name in self.fields)

    def string(self, name: str) -> str:
        """Return the decoded string of field ``name`` ("" when absent)."""
        found = self.fields.get(name)
        return found.text if found else ""

    def context(self) -> str | None:
        """Return the ``msgctxt`` (None when the entry has none)."""
        found = self.fields.get("msgctxt")
        return found.text if found else None

    def plurals(self) -> dict[int, str]:
        """Return the ``msgstr[N]`` strings by index."""
        return {
            int(name[7:-1]): value.text
            for name, value in self.fields.items()
            if name.startswith("msgstr[")
        }


class _Scanner:
    """Read a PO document line by line: entries, their strings' spans, and their comments."""

    def __init__(self, path: str, text: str) -> None:
        """Prepare to scan ``text`` (the decoded document of ``path``)."""
        self.path = path
        self.text = text
        self.entries: list[_Entry] = []
        self.current: _Entry | None = None  # the entry being read
        self.field: _Field | None = None  # the string that a continuation line extends
        self.previous_open = False  # a "#| msgid" string that a '#| "..."' line may extend

    def scan(self) -> list[_Entry]:
        """Return every entry of the document, in file order (raise InputError on bad syntax)."""
        for number, (start, end) in enumerate(_line_bounds(self.text), 1):
            self.read_line(number, start, end)
        self.finish()
        return self.entries

    def fail(self, message: str, line: int, offset: int, line_start: int) -> InputError:
        """Return the syntax error at ``offset`` on line ``line`` (starting at ``line_start``)."""
        return _syntax_error(self.path, message, line, offset - line_start + 1)

    def read_line(self, number: int, start: int, end: int) -> None:
        """Read one line: blank, comment, keyword line or continuation string."""
        bom = start == 0 and self.text.startswith("\ufeff")
        position = _skip_blanks(self.text, start + bom, end)
        if position == end:
            return
        obsolete = False
        if self.text.startswith("#~", position):
            after = _skip_blanks(self.text, position + 2, end)
            if after < end and self.text[after] in '"m':
                position, obsolete = after, True
        if self.text[position] == "#":
            self.comment(number, start, position, end)
            return
        self.previous_open = False
        if self.text[position] == '"':
            self.continuation(number, start, position, end)
        else:
            self.keyword(number, start, position, end, obsolete)

    def entry_for_new_part(self, number: int) -> _Entry:
        """Return the entry a comment, ``msgctxt`` or ``msgid`` on line ``number`` belongs to."""
        if self.current is None or self.current.complete:
            self.current = _Entry(number, number)
            self.entries.append(self.current)
        return self.current

    def comment(self, number: int, start: int, position: int, end: int) -> None:
        """Read a comment line: it belongs to the entry being read, or starts the next one."""
        entry = self.entry_for_new_part(number)
        entry.last_line = max(entry.last_line, number)
        self.field = None
        body = _comment_body(self.text[position:end])
        self.previous_string(body, number, start, position)
        if body.startswith("#,") and len(body.split()) > 1:
            entry.flags += [flag.strip() for flag in body[3:].split(",")]  # as polib splits them
        if body[1:2] not in _NO_DIRECTIVES:
            entry.comments.append(_Comment(number, start, end))

    def previous_string(self, body: str, number: int, start: int, position: int) -> None:
        """Follow ``#|`` lines: a '#| "..."' line must continue a ``#| msgid`` (or msgctxt)."""
        if not body.startswith("#|"):
            self.previous_open = False
            return
        rest = body[2:].lstrip(" \t")
        if not rest.startswith('"'):
            self.previous_open = _PREVIOUS_KEYWORD.match(rest) is not None
        elif not self.previous_open:
            raise self.fail('a "#|" string with no "#| msgid" before it', number, position, start)

    def continuation(self, number: int, start: int, quote: int, end: int) -> None:
        """Read a line that is only a quoted string: more of the previous keyword's string."""
        if self.field is None or self.current is None:
            raise self.fail("a quoted string with no keyword before it", number, quote, start)
        self.read_string(self.field, number, start, quote, end)
        self.current.last_line = number

    def keyword(self, number: int, start: int, position: int, end: int, obsolete: bool) -> None:
        """Read a keyword line (``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr[N]``...)."""
        match = _KEYWORD.match(self.text, position, end)
        if match is None:
            raise self.fail(
                "expected msgctxt, msgid, msgid_plural, msgstr, a quoted string or a comment",
                number,
                position,
                start,
            )
        name = match.group("keyword")
        if name in ("msgctxt", "msgid"):
            entry = self.entry_for_new_part(number)
        else:
            entry = self.current or _Entry(number, number)
        problem = _order_problem(entry, name, match.group("index"))
        if problem:
            raise self.fail(problem, number, position, start)
        if name == "msgid":
            entry.obsolete = obsolete
        string = entry.fields[name] = _Field(number, position - start + 1)
        self.field = string
        self.read_string(string, number, start, match.end(), end)
        entry.last_line = number

    def read_string(self, string: _Field, number: int, start: int, quote: int, end: int) -> None:
        """Decode the quoted string that opens at ``quote`` into ``string``, with its spans."""
        body = _BODY.match(self.text, quote + 1, end)
        position = body.end() if body else quote + 1
        if position >= end or self.text[position] != '"':
            raise self.fail("unterminated string (no closing quote)", number, quote, start)
        string.bodies.append((quote + 1, position))
        string.parts.append(_unescape(self.text[quote + 1 : position]))
        after = _skip_blanks(self.text, position + 1, end)
        if after < end:
            raise self.fail("unexpected text after the closing quote", number, after, start)

    def finish(self) -> None:
        """Check that the last entry is whole (a ``msgid`` needs a ``msgstr``)."""
        entry = self.current
        if entry is None or entry.complete:
            return
        for name in ("msgid", "msgctxt"):
            if name in entry.fields:
                where = entry.fields[name]
                message = "msgid without msgstr" if name == "msgid" else "msgctxt without msgid"
                raise _syntax_error(self.path, message, where.line, where.column)


def _comment_body(comment: str) -> str:
    """Return a comment line as polib reads it: ``#~ #, fuzzy`` is a flags line."""
    if comment.startswith("#~"):
        rest = comment[2:].lstrip(" \t")
        if rest.startswith("#"):
            return rest
    return comment


def _order_problem(entry: _Entry, name: str, index: str | None) -> str | None:
    """Return what is wrong with keyword ``name`` coming next in ``entry`` (None when fine)."""
    fields = entry.fields
    if name == "msgid" and name in fields:
        return "msgid after msgid (the entry before has no msgstr)"
    if name in fields:
        return f"a second {name}"
    if name == "msgctxt":
        return "msgctxt must come before msgid" if fields else None
    if name == "msgid":
        return None
    if "msgid" not in fields:
        return f"{name} without msgid"
    if name == "msgid_plural":
        return "msgid_plural must come before msgstr" if entry.complete else None
    plural = "msgid_plural" in fields
    if index is None:
        return "msgstr after msgid_plural (plural forms are msgstr[N])" if plural else None
    if not plural:
        return f"{name} without msgid_plural"
    if "msgstr" in fields:
        return f"{name} after msgstr"
    return f"{name}: at most 10 plural forms are supported" if len(index) > 1 else None


def _one_each(start: int, end: int) -> zip[tuple[int, int]]:
    """Return the one-character spans of the document characters from ``start`` to ``end``."""
    return zip(range(start, end), range(start + 1, end + 1), strict=True)


def _unescape(body: str) -> str:
    """Return a string's body decoded as polib decodes it (other backslashes stay)."""
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda escape: _ESCAPES[escape.group(1)], body)


def _skip_blanks(text: str, position: int, end: int) -> int:
    """Return the offset of the first character at or after ``position`` that is not a blank."""
    while position < end and text[position] in " \t":
        position += 1
    return position


def _line_bounds(text: str) -> Iterator[tuple[int, int]]:
    """Yield each line's start and end offsets (the end is before its line break)."""
    start = 0
    for match in _LINE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _syntax_error(path: str, message: str, line: int, column: int) -> InputError:
    """Return the InputError (TRM035) for a catalog that cannot be parsed."""
    return InputError(Problem(code("input-syntax"), message, path, line, column))


class _PolibView:
    """polib's reading of the document, with characters that polib cannot take mapped back."""

    def __init__(self, path: str, text: str) -> None:
        """Parse ``text`` with polib (raise InputError when it cannot)."""
        originals = "".join(sorted(set(_SPLITLINES_ONLY.findall(text))))
        free = (chr(c) for c in range(0xF0000, 0xFFFFE) if chr(c) not in text)
        stand_ins = "".join(next(free) for _ in originals)
        self._back = str.maketrans(stand_ins, originals)
        fed = text.translate(str.maketrans(originals, stand_ins)) if originals else text
        try:
            # The last line "#" makes polib keep the last entry even when the file ends with a
            # bare "#." or "#," line; and text ending in it is never taken for a file path.
            self.catalog: Any = polib.pofile(fed + "\n#\n", encoding="utf-8", wrapwidth=0)
        except (OSError, ValueError) as exc:
            raise _polib_error(path, text, exc) from None

    def restore(self, value: object) -> str:
        """Return a string that polib read, with the original characters back."""
        return str(value).translate(self._back) if self._back else str(value)

    def entries(self) -> list[Any]:
        """Return polib's entries (obsolete ones included, header excluded), in file order."""
        return list(self.catalog)

    def language(self) -> str | None:
        """Return the header's ``Language`` (None when absent or empty)."""
        return self.restore(self.catalog.metadata.get("Language", "")).strip() or None


def _polib_error(path: str, text: str, exc: Exception) -> InputError:
    """Return the InputError for a polib parse error, at the line polib names."""
    found = _POLIB_LINE.search(str(exc))
    if found is None:
        return _syntax_error(path, f"cannot parse the catalog: {exc}", 0, 0)
    bounds = list(_line_bounds(text))
    line = min(int(found.group(1)), len(bounds))  # never the line "#" added after the text
    column = 0
    if 1 <= line <= len(bounds):
        start, end = bounds[line - 1]
        column = _skip_blanks(text, start, end) - start + 1
    return _syntax_error(path, found.group(2) or "syntax error", line, column)


def _flags(polib_view: _PolibView, theirs: Any) -> frozenset[str]:
    """Return the flags polib read for an entry (empty ones left out)."""
    return frozenset(polib_view.restore(flag) for flag in theirs.flags if flag)


def _same_entry(mine: _Entry, theirs: Any, polib_view: _PolibView) -> bool:
    """Return True when the scanner and polib read one entry the same way."""
    restore = polib_view.restore
    their_context = None if theirs.msgctxt is None else restore(theirs.msgctxt)
    their_plurals = {int(n): restore(value) for n, value in theirs.msgstr_plural.items()}
    return (
        bool(theirs.obsolete) == mine.obsolete
        and restore(theirs.msgid) == mine.string("msgid")
        and their_context == mine.context()
        and restore(theirs.msgid_plural) == mine.string("msgid_plural")
        and restore(theirs.msgstr) == mine.string("msgstr")
        and their_plurals == mine.plurals()
        and _flags(polib_view, theirs) == frozenset(flag for flag in mine.flags if flag)
    )


def _header_position(messages: list[_Entry], direct: list[bool], shifted: list[bool]) -> int | None:
    """Return the position of the ``msgid ""`` entry that polib took for the header.

    polib's list is the scanned one without that entry: ``direct[i]`` tells whether entry ``i``
    agrees with polib's ``i``, ``shifted[i]`` whether entry ``i + 1`` does. Any position that
    explains the difference will do (entries that polib cannot tell apart read the same); when
    none does, the first candidate, so that the entries after it show where the readings part.
    """
    prefix = direct.index(False) if False in direct else len(direct)  # entries before it agree
    suffix = len(shifted) - shifted[::-1].index(False) if False in shifted else 0
    candidates = [
        i
        for i, entry in enumerate(messages[: prefix + 1])
        if not entry.obsolete and entry.string("msgid") == ""
    ]
    return next((i for i in candidates if i >= suffix), candidates[0] if candidates else None)


def _paired(path: str, entries: list[_Entry], view: _PolibView) -> list[tuple[_Entry, Any]]:
    """Pair the scanned entries with polib's, in file order (raise InputError if they differ)."""
    messages = [entry for entry in entries if entry.has_msgid]
    theirs = view.entries()
    agree = [_same_entry(m, t, view) for m, t in zip(messages, theirs, strict=False)]
    if len(messages) == len(theirs) + 1:
        shifted = [_same_entry(m, t, view) for m, t in zip(messages[1:], theirs, strict=True)]
        header = _header_position(messages, agree, shifted)
        if header is not None:
            del messages[header]
            agree = agree[:header] + shifted[header:]
    if len(messages) != len(theirs) or not all(agree):
        position = agree.index(False) if False in agree else min(len(messages), len(theirs))
        line = messages[min(position, len(messages) - 1)].first_line if messages else 0
        raise _syntax_error(path, "polib reads this entry differently; fix its syntax", line, 1)
    return list(zip(messages, theirs, strict=True))


def _segments(
    document: str, mine: _Entry, theirs: Any, view: _PolibView, lang: str | None
) -> list[Segment]:
    """Return the segments of one entry: its non-empty translations (none when obsolete)."""
    if mine.obsolete:
        return []
    msgid = view.restore(theirs.msgid)
    context = None if theirs.msgctxt is None else view.restore(theirs.msgctxt)
    key = msgid if context is None else f"{context}\x04{msgid}"
    info: dict[str, Any] = {
        "lang": lang,
        "flags": _flags(view, theirs),
        "escape": escape_po,
    }
    segments = []
    for name, string in mine.fields.items():
        if not name.startswith("msgstr") or not string.text:
            continue
        plural_form = name.startswith("msgstr[") and name != "msgstr[0]"
        source = view.restore(theirs.msgid_plural) if plural_form else msgid
        spans = string.spans(document)
        form = f"\x00{name[7:-1]}" if name.startswith("msgstr[") else ""  # each plural form
        segments.append(
            Segment(string.text, spans[0][0], spans, source=source, key=key + form, **info)
        )
    return segments


def _suppressions(text: str, entry: _Entry) -> list[Suppression]:
    """Return the directives in an entry's comments: ``ignore`` covers the whole entry.

    So does ``ignore-next-line``: what follows a comment in a PO file is its entry.
    """
    found = []
    for comment in entry.comments:
        for match in DIRECTIVE.finditer(text, comment.start, comment.end):
            directive = match.group().replace("ignore-next-line", "ignore", 1)
            found += suppressions_in(
                directive,
                comment.line,
                match.start() - comment.start + 1,
                (entry.first_line, entry.last_line),
            )
    return found


def read_po(path: str, text: str) -> Document:
    """Return a PO or POT catalog as a document: one segment per non-empty translation.

    ``text`` is the decoded catalog (``\\r\\n`` line ends kept); segment spans are offsets into
    it, so ``apply_edits(text, segment.edits(...))`` changes only the characters of that
    translation. Fuzzy entries are segments with the flag ``"fuzzy"``; obsolete entries, the
    header and empty translations are not. Raise :class:`terms.errors.InputError` (TRM035) with
    the line and column when the catalog cannot be parsed.

    >>> catalog = '''msgid ""
    ... msgstr "Language: es\\\\n"
    ...
    ... # terms: ignore[TRM101]
    ... #, fuzzy
    ... msgid "Say \\\\"Karabakh\\\\""
    ... msgstr "Di \\\\"Karabaj\\\\""
    ... '''
    >>> doc = read_po("es.po", catalog)
    >>> segment = doc.segments[0]
    >>> segment.text, segment.source, sorted(segment.flags), segment.lang
    ('Di "Karabaj"', 'Say "Karabakh"', ['fuzzy'], 'es')
    >>> from terms.formats.base import apply_edits
    >>> print(apply_edits(catalog, segment.edits(4, 11, 'Karabakh "K"')).splitlines()[6])
    msgstr "Di \\"Karabakh \\"K\\"\\""
    >>> [(s.first_line, s.last_line, sorted(s.codes)) for s in doc.suppressions]
    [(4, 7, ['TRM101'])]
    >>> read_po("bad.po", 'msgid "a"\\nmsgstr "b\\n')
    Traceback (most recent call last):
    ...
    terms.errors.InputError: bad.po:2:8: error TRM035: unterminated string (no closing quote)
    """
    entries = _Scanner(path, text).scan()
    view = _PolibView(path, text)
    lang = view.language()
    document = Document(path, text, "po", lang=lang)
    for mine, theirs in _paired(path, entries, view):
        document.segments += _segments(text, mine, theirs, view, lang)
    if "terms:" in text:
        for entry in entries:
            document.suppressions += _suppressions(text, entry)
    return document
