"""Import the dictionaries of peer tools: prh, Vale ``substitution`` rules and codespell.

Each reader returns an :class:`~terms.interchange.ImportResult`: a glossary that loads (its
load checks pass and its specs hold) and the list of what could not be carried, each with
the line it came from.

**prh** (``prh.yml``): one concept per rule, the rule's ``expected`` as the preferred term
in the dictionary's language (option ``lang``; by default ``ja`` when the rules are written in
Japanese script, else ``en``). Plain ``patterns`` become deprecated terms; ``/regex/flags``
patterns are expanded into the finite set of strings they match when they can be:

- a capture group that ``expected`` uses as ``$1`` yields one concept per value the group can
  take (``/つく([らりるれろっ])/`` → ``作$1``: ``つくら`` → ``作ら``, ...), because a glossary
  rewrites a match to a fixed preferred term;
- a negative lookahead or lookbehind, ``regexpMustEmpty`` and a negated class passed through
  at an edge (``/サーバ([^ー])/`` → ``サーバー$1``) become **admitted** terms that hold the
  exception (``良い(?!例)``: ``良い例`` is admitted), since the longest match wins;
- a positive lookaround passes its text through (``X(?=y)`` → ``Xy`` rewritten to ``Ey``);
- an unbounded repeat of digits or letters is tried up to two times (``(\\d+)bit``);
- a rule that matches only in other casings of ``expected`` (prh's expected-only rule, an
  ``i`` regex, ``javascript`` → ``JavaScript``) makes the preferred term case-sensitive and
  lists its full-width spelling (``ＪＱＵＥＲＹ``) as a deprecated term: terms match
  regardless of case and width, so that one entry catches every other casing, as prh does.

A regex that cannot be expanded stays a glossary ``patterns`` entry when its replacement is
fixed (``\\w``, ``\\d`` and ``\\b`` keep JavaScript's ASCII meaning). A rule whose replacement
copies the text of a capture group that cannot be listed (``/\\((.+?)\\)/`` → ``（$1）``), or
of a group in a regex that ignores case (``/angular(js)?/i`` → ``Angular$1``), becomes a
concept of one pattern with a ``replace`` template (``（\\g<1>）``). prh's ``specs``
become the concept's ``specs``; ``imports`` are followed relative to the file (prh's rule:
an imported rule whose ``expected`` is already there is skipped; ``ignoreRules`` applies);
``targets`` and ``options.wordBoundary`` are not carried (the glossary's terms always match
between Unicode word boundaries, except in scripts written without spaces). Where two rules
claim one form, the first keeps it; a variant equal to another rule's ``expected`` is dropped.

**Vale** (``extends: substitution``): each ``swap`` entry is a concept with the replacement
preferred and the key deprecated (or forbidden: see below); a key that is a regular
expression is expanded into terms when it lists finitely many strings, its lookarounds
becoming admitted exceptions where those work as terms (``(?<!pseudo-)ops``: ``pseudo-ops``);
otherwise it stays a pattern (case-sensitive with ``ignorecase: false``, where other casings
of an allowed term become exact patterns, since one form cannot be listed twice). A
replacement with alternatives (``a|b``: Vale suggests either) and the swaps of a rule at
``level: suggestion`` make the key **forbidden** (a term or a pattern): reported, rewritten
only on request, with the first alternative as the preferred term and the others admitted
(Vale does not report a text that is already one of them). Keys of punctuation only (smart
quotes) become exact patterns, since folding takes punctuation as a separator. A rule whose
message takes only the replacement (``message: "%s"``: the swap values are advice, not
terms) gives words to report: plain keys become forbidden terms, regex keys forbidden
patterns, with no preferred term. Any other extension point (``existence``,
``occurrence``, ...) is reported as lost.

**codespell** (``wrong->right`` lines): one concept per correction with exactly one candidate,
the typo deprecated and matched regardless of case. A typo with several candidates
(``wrong->right1, right2,``) or a trailing reason (``wrong->right,  reason``; codespell does not
fix those) cannot become a glossary entry: a forbidden term needs a preferred term to stand
for, and picking one would make ``--rewrite-forbidden`` guess. Those are counted as lost.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from terms.codes import code
from terms.errors import InputError, Problem, UsageError
from terms.folding import collapse_spaces, fold, needs_boundary
from terms.glossary.checks import check_concepts
from terms.glossary.specs import check_specs
from terms.interchange import ImportResult, Lost
from terms.locales import UnknownLanguageError, canonical_tag, primary_language
from terms.model import Concept, Glossary, Pattern, SourcePos, Spec, Status, Term, Termbase
from terms.patterns import compile_pattern

__all__ = ["read_codespell", "read_prh", "read_vale"]

MAX_FORMS = 400  # strings one regular expression may expand to
MAX_CLASS = 200  # members of a character class that expansion enumerates
MAX_EXCEPTIONS = 400  # admitted exception terms one rule may add
REPEAT_CAP = 2  # an unbounded repeat of word characters is tried up to this many times
NO_SPACE_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo", "yue", "wuu"})
_JAPANESE = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Han}]")
_JS_SPACES = frozenset(
    " \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(map(chr, range(0x2000, 0x200B)))
)
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_DIGITS = frozenset("0123456789")
_LINE_ENDS = frozenset("\n\r\u2028\u2029")
_SLUG_DROP = regex.compile(r"[^\p{Ll}\p{Lo}\p{N}]+")


class _Inexpressible(Exception):
    """A regular expression (or rule) that the glossary model cannot hold; says why."""


# -- public readers ------------------------------------------------------------------------


def read_prh(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a prh dictionary (YAML) into a glossary; follow its ``imports``.

    Options: ``lang`` (or ``source_lang``), the language of the rules (default: ``ja`` when
    they are written in Japanese script, else ``en``); ``name``, the glossary's name;
    ``run_specs`` (default true): run the specs and drop (as lost) those that fail, so that
    the glossary loads; false keeps every spec, for a caller that runs them itself.

    >>> result = read_prh(Path("prh.yml"), '''
    ... version: 1
    ... rules:
    ...   - expected: サーバー
    ...     pattern: /サーバ(?!ー)/
    ...     specs:
    ...       - {from: サーバを, to: サーバーを}
    ...   - expected: 良い
    ...     pattern: /よい(?!例)/
    ...   - expected: jQuery
    ... ''')
    >>> [(c.id, [(t.text, t.status.value) for t in c.terms]) for c in result.glossary.concepts]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('サ-バ', [('サーバー', 'preferred'), ('サーバ', 'deprecated')]),
     ('良い', [('良い', 'preferred'), ('よい例', 'admitted'), ('よい', 'deprecated')]),
     ('jquery', [('jQuery', 'preferred'), ('ｊＱｕｅｒｙ', 'deprecated')])]
    >>> result.glossary.concepts[0].specs[0].expected, result.lost
    ('サーバーを', ())
    """
    lang, name, run_specs = _common_options(options, ("lang", "source_lang", "name", "run_specs"))
    reader = _PrhReader(lang)
    reader.read_file(path, text, top=True)
    builder = reader.builder
    glossary = builder.glossary(name or path.stem, str(path))
    glossary, lost = _make_loadable(glossary, builder.lost, run_specs=run_specs is not False)
    return ImportResult(glossary, tuple(lost))


def read_vale(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a Vale rule (YAML) into a glossary; only ``extends: substitution`` carries over.

    Options: ``lang`` (or ``source_lang``, default ``en``) and ``name``.

    >>> result = read_vale(Path("Terms.yml"), '''
    ... extends: substitution
    ... ignorecase: true
    ... level: error
    ... swap:
    ...   "meta-data|meta data": metadata
    ...   '(?<!pseudo-)ops': operations
    ...   '(?<!-)yaml': YAML
    ...   above: earlier|previous
    ... ''')
    >>> for concept in result.glossary.concepts:
    ...     print(concept.id, [(t.text, t.status.value) for t in concept.terms])
    ... # doctest: +NORMALIZE_WHITESPACE
    metadata [('metadata', 'preferred'), ('meta-data', 'deprecated'), ('meta data', 'deprecated')]
    operations [('operations', 'preferred'), ('pseudo-ops', 'admitted'), ('ops', 'deprecated')]
    yaml [('YAML', 'preferred')]
    earlier [('earlier', 'preferred'), ('previous', 'admitted'), ('above', 'forbidden')]
    >>> print(result.glossary.concepts[2].patterns[0].regex)  # the key's lookbehind
    (?<!\\-)yaml
    """
    lang, name = _common_options(options, ("lang", "source_lang", "name"))[:2]
    builder = _Builder(lang or "en")
    _read_vale_rule(builder, path, text)
    glossary = builder.glossary(name or path.stem, str(path))
    glossary, lost = _make_loadable(glossary, builder.lost, run_specs=True)
    return ImportResult(glossary, tuple(lost))


def read_codespell(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a codespell dictionary (``wrong->right`` lines) into a glossary.

    A typo with one correction becomes a deprecated term of it; a typo with several becomes a
    word to report without a replacement (its only term is forbidden), as typos does.

    Options: ``lang`` (or ``source_lang``, default ``en``) and ``name``.

    >>> result = read_codespell(Path("dictionary.txt"), '''abotu->about
    ... aboce->above, abode,
    ... adn->and
    ... ''')
    >>> [(c.id, [t.text for t in c.terms]) for c in result.glossary.concepts]
    [('about', ['about', 'abotu']), ('and', ['and', 'adn']), ('aboce', ['aboce'])]
    >>> result.glossary.concepts[-1].note  # reported, never fixed: codespell cannot choose
    'several corrections: above, abode'

    """
    lang, name = _common_options(options, ("lang", "source_lang", "name"))[:2]
    builder = _Builder(lang or "en")
    _read_codespell_lines(builder, str(path), text)
    glossary = builder.glossary(name or path.stem, str(path))
    glossary, lost = _make_loadable(glossary, builder.lost, run_specs=False)
    return ImportResult(glossary, tuple(lost))


def _common_options(options: dict[str, Any], allowed: Sequence[str]) -> tuple[Any, ...]:
    """Return the canonical ``lang``, ``name`` and ``run_specs`` options; refuse others."""
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise UsageError(
            Problem(
                code("usage"),
                f"option {', '.join(unknown)} does not apply to this format",
                "<command line>",
            )
        )
    lang = options.get("lang") or options.get("source_lang")
    if lang:
        try:
            lang = canonical_tag(str(lang))
        except UnknownLanguageError as exc:
            raise UsageError(Problem(code("usage"), f"language: {exc}", "<command line>")) from exc
    return lang, options.get("name"), options.get("run_specs")


# -- YAML ------------------------------------------------------------------------------------


def _load_yaml(text: str, path: str) -> Any:
    """Parse YAML in round-trip mode (nodes know their lines), or raise InputError."""
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        column = mark.column + 1 if mark is not None else 0
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise InputError(Problem(code("input-syntax"), message, path, line, column)) from exc
    except YAMLError as exc:
        raise InputError(Problem(code("input-syntax"), str(exc), path)) from exc


def _line_of(node: Any) -> int:
    """Return the 1-based line where a mapping or sequence node starts (0 when unknown)."""
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else 0


def _value_line(node: Any, key: Any) -> int:
    """Return the 1-based line of the value of ``key`` in a mapping node."""
    try:
        return int(node.lc.value(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return _line_of(node)


def _item_pos(node: Any, index: int, path: str) -> SourcePos:
    """Return where item ``index`` of a sequence node stands."""
    try:
        line, column = node.lc.item(index)
        return SourcePos(path, int(line) + 1, int(column) + 1)
    except (AttributeError, KeyError, TypeError, IndexError):
        return SourcePos(path, _line_of(node))


# -- regular expressions: parse (JavaScript, Vale's Go flavour), expand ---------------------


@dataclass(frozen=True)
class _Class:
    """A one-character class: single characters, ranges and escapes (``d``, ``w``, ...)."""

    singles: frozenset[str] = frozenset()
    ranges: tuple[tuple[str, str], ...] = ()
    escapes: tuple[str, ...] = ()  # d D w W s S, "dot", or p{...}/P{...}
    negated: bool = False

    def _has(self, ch: str) -> bool:
        """Return True when ``ch`` is among the class's items (ignoring negation)."""
        if ch in self.singles or any(lo <= ch <= hi for lo, hi in self.ranges):
            return True
        for esc in self.escapes:
            if (
                (esc == "d" and ch in _DIGITS)
                or (esc == "D" and ch not in _DIGITS)
                or (esc == "w" and ch in _ASCII_WORD)
                or (esc == "W" and ch not in _ASCII_WORD)
                or (esc == "s" and ch in _JS_SPACES)
                or (esc == "S" and ch not in _JS_SPACES)
                or (esc == "dot" and ch not in _LINE_ENDS)
                or (esc[0] in "pP" and _property(esc).match(ch) is not None)
            ):
                return True
        return False

    def contains(self, ch: str) -> bool:
        """Return True when the class matches ``ch``."""
        return self._has(ch) != self.negated

    def items(self, limit: int = MAX_CLASS) -> frozenset[str] | None:
        """Return the characters the class lists, ignoring negation (None: too many)."""
        out = set(self.singles)
        for lo, hi in self.ranges:
            span = [
                chr(c) for c in range(ord(lo), ord(hi) + 1) if not 0xD800 <= c <= 0xDFFF
            ]  # lone surrogates never occur in text
            out.update(span)
            if len(out) > limit:
                return None
        for esc in self.escapes:
            if esc == "d":
                out |= _DIGITS
            elif esc == "w":
                out |= _ASCII_WORD
            elif esc == "s":
                out |= _JS_SPACES
            else:
                return None
        return frozenset(out) if len(out) <= limit else None

    def members(self, limit: int = MAX_CLASS) -> frozenset[str] | None:
        """Return every character the class matches, or None when there are too many."""
        return None if self.negated else self.items(limit)


def _property(escape: str) -> regex.Pattern[str]:
    """Compile a ``\\p{...}`` escape for the regex module."""
    return regex.compile("\\" + escape)


@dataclass(frozen=True)
class _Node:
    """A parsed regular expression node.

    ``kind``: ``lit`` (``text``), ``cls`` (``cls``), ``seq``/``alt`` (``parts``), ``group``
    (``parts[0]``, ``index``), ``rep`` (``parts[0]``, ``low``, ``high``), ``look``
    (``parts[0]``, ``ahead``, ``negative``), ``anchor`` (``text``: ``^ $ b B``), ``backref``.
    """

    kind: str
    text: str = ""
    cls: _Class | None = None
    parts: tuple[_Node, ...] = ()
    index: int = 0
    low: int = 0
    high: int | None = None
    ahead: bool = True
    negative: bool = False


class _RegexParser:
    """A recursive-descent parser for JavaScript (and Vale/Go) regular expressions."""

    def __init__(self, source: str) -> None:
        """Prepare to parse ``source``."""
        self.src = source
        self.i = 0
        self.groups = 0

    def parse(self) -> _Node:
        """Parse the whole source; raise _Inexpressible on syntax it does not know."""
        node = self._alternation()
        if self.i != len(self.src):
            raise _Inexpressible(f"unbalanced ')' at offset {self.i}")
        return node

    def _peek(self, n: int = 1) -> str:
        """Return the next ``n`` characters without consuming them."""
        return self.src[self.i : self.i + n]

    def _alternation(self) -> _Node:
        """Parse ``a|b|...``."""
        options = [self._sequence()]
        while self._peek() == "|":
            self.i += 1
            options.append(self._sequence())
        return options[0] if len(options) == 1 else _Node("alt", parts=tuple(options))

    def _sequence(self) -> _Node:
        """Parse a run of quantified atoms."""
        items: list[_Node] = []
        while self.i < len(self.src) and self._peek() not in "|)":
            atom = self._atom()
            items.append(self._quantified(atom))
        return _Node("seq", parts=tuple(items))

    def _quantified(self, atom: _Node) -> _Node:
        """Apply a quantifier after an atom, if any."""
        ch = self._peek()
        low: int
        high: int | None
        if ch == "*":
            low, high = 0, None
        elif ch == "+":
            low, high = 1, None
        elif ch == "?":
            low, high = 0, 1
        elif ch == "{" and (m := re.match(r"\{(\d+)(,(\d*))?\}", self.src[self.i :])):
            low = int(m.group(1))
            high = low if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
            self.i += len(m.group()) - 1
        else:
            return atom
        self.i += 1
        if self._peek() in ("?", "+"):  # lazy or possessive: the same strings
            self.i += 1
        if atom.kind in ("anchor", "look"):
            return atom
        return _Node("rep", parts=(atom,), low=low, high=high)

    def _atom(self) -> _Node:
        """Parse one atom: a character, class, group, escape or anchor."""
        ch = self.src[self.i]
        self.i += 1
        if ch == "(":
            return self._group()
        if ch == "[":
            return _Node("cls", cls=self._class())
        if ch == ".":
            return _Node("cls", cls=_Class(escapes=("dot",)))
        if ch in "^$":
            return _Node("anchor", text=ch)
        if ch == "\\":
            return self._escape(in_class=False)
        if ch in "*+?":
            raise _Inexpressible(f"nothing to repeat at offset {self.i - 1}")
        return _Node("lit", text=ch)

    def _group(self) -> _Node:
        """Parse a group after its ``(``."""
        look: tuple[bool, bool] | None = None
        capture = True
        for prefix, value in (("?=", (True, False)), ("?!", (True, True))):
            if self._peek(2) == prefix:
                look, capture = value, False
                self.i += 2
        if look is None and self._peek(3) in ("?<=", "?<!"):
            look, capture = (False, self._peek(3) == "?<!"), False
            self.i += 3
        elif look is None and self._peek(2) == "?:":
            capture = False
            self.i += 2
        elif look is None and (m := re.match(r"\?P?<(\w+)>", self.src[self.i :])):
            self.i += len(m.group())
        elif look is None and self._peek() == "?":
            raise _Inexpressible(f"group syntax '(?{self.src[self.i + 1 : self.i + 2]}'")
        index = 0
        if capture:
            self.groups += 1
            index = self.groups
        inner = self._alternation()
        if self._peek() != ")":
            raise _Inexpressible("missing ')'")
        self.i += 1
        if look is not None:
            return _Node("look", parts=(inner,), ahead=look[0], negative=look[1])
        return _Node("group", parts=(inner,), index=index)

    def _escape(self, *, in_class: bool) -> _Node:
        """Parse an escape after its backslash."""
        if self.i >= len(self.src):
            raise _Inexpressible("a trailing backslash")
        ch = self.src[self.i]
        self.i += 1
        if ch in "dDwWsS":
            return _Node("cls", cls=_Class(escapes=(ch,)))
        if ch in "bB" and not in_class:
            return _Node("anchor", text=ch)
        if ch in "pP" and self._peek() == "{":
            end = self.src.find("}", self.i)
            if end < 0:
                raise _Inexpressible("unterminated \\p{...}")
            name = self.src[self.i - 1 : end + 1]
            self.i = end + 1
            try:
                _property(name)
            except regex.error as exc:
                raise _Inexpressible(f"unknown property \\{name}") from exc
            return _Node("cls", cls=_Class(escapes=(name,)))
        simple = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "f": "\f", "0": "\0", "b": "\b"}
        if ch in simple and not (ch == "0" and self._peek().isdigit()):
            return _Node("lit", text=simple[ch])
        if ch == "x" and re.match(r"[0-9A-Fa-f]{2}", self._peek(2)):
            self.i += 2
            return _Node("lit", text=chr(int(self.src[self.i - 2 : self.i], 16)))
        if (
            ch == "u"
            and self._peek() == "{"
            and (m := re.match(r"\{([0-9A-Fa-f]+)\}", self.src[self.i :]))
        ):
            self.i += len(m.group())
            return _Node("lit", text=chr(int(m.group(1), 16)))
        if ch == "u" and re.match(r"[0-9A-Fa-f]{4}", self._peek(4)):
            self.i += 4
            return _Node("lit", text=chr(int(self.src[self.i - 4 : self.i], 16)))
        if ch.isdigit() and not in_class:
            return _Node("backref", index=int(ch))
        if ch == "k" and not in_class:
            raise _Inexpressible("a named back-reference")
        if ch == "c" and self._peek().isalpha():
            self.i += 1
            return _Node("lit", text=chr(ord(self.src[self.i - 1].upper()) - 64))
        return _Node("lit", text=ch)  # an identity escape: \/ \. \( ...

    def _class(self) -> _Class:
        """Parse a character class after its ``[``."""
        negated = self._peek() == "^"
        if negated:
            self.i += 1
        singles: set[str] = set()
        ranges: list[tuple[str, str]] = []
        escapes: list[str] = []
        first = True
        while True:
            if self.i >= len(self.src):
                raise _Inexpressible("unterminated character class")
            ch = self.src[self.i]
            if ch == "]" and not first:
                self.i += 1
                break
            if ch == "]" and first:  # JavaScript: [] matches nothing, [^] anything
                self.i += 1
                return _Class(escapes=("dot",), negated=False) if negated else _Class()
            first = False
            self.i += 1
            item: str | None = ch
            if ch == "\\":
                node = self._escape(in_class=True)
                if node.kind == "cls" and node.cls is not None:
                    escapes.extend(node.cls.escapes)
                    item = None
                else:
                    item = node.text
            if item is None:
                continue
            if self._peek() == "-" and self.src[self.i + 1 : self.i + 2] not in ("]", ""):
                self.i += 1
                hi = self.src[self.i]
                self.i += 1
                if hi == "\\":
                    node = self._escape(in_class=True)
                    if node.kind != "lit":
                        singles.update((item, "-"))
                        escapes.extend(node.cls.escapes if node.cls else ())
                        continue
                    hi = node.text
                if hi < item:
                    raise _Inexpressible(f"range out of order [{item}-{hi}]")
                ranges.append((item, hi))
            else:
                singles.add(item)
        return _Class(frozenset(singles), tuple(ranges), tuple(escapes), negated)


_Item = str | _Class  # an expanded position: a character, or a class too large to list


@dataclass(frozen=True)
class _Look:
    """A lookaround at a position of an expanded string, with what its body can match."""

    pos: int
    ahead: bool
    negative: bool
    bodies: tuple[tuple[_Item, ...], ...]


@dataclass(frozen=True)
class _Path:
    """One string a regular expression matches (as items), its groups and its assertions."""

    items: tuple[_Item, ...] = ()
    groups: tuple[tuple[int, int, int], ...] = ()  # (group, start, end); the last one wins
    looks: tuple[_Look, ...] = ()
    anchors: tuple[tuple[int, str], ...] = ()
    capped: bool = False  # an unbounded repeat was cut off

    def shifted(self, by: int) -> _Path:
        """Return the path with every position moved by ``by``."""
        if not by:
            return self
        return _Path(
            self.items,
            tuple((g, s + by, e + by) for g, s, e in self.groups),
            tuple(replace(look, pos=look.pos + by) for look in self.looks),
            tuple((p + by, a) for p, a in self.anchors),
            self.capped,
        )

    def then(self, other: _Path) -> _Path:
        """Return this path followed by ``other``."""
        moved = other.shifted(len(self.items))
        return _Path(
            self.items + other.items,
            self.groups + moved.groups,
            self.looks + moved.looks,
            self.anchors + moved.anchors,
            self.capped or other.capped,
        )

    def group(self, index: int) -> tuple[_Item, ...] | None:
        """Return what group ``index`` captured last, or None when it did not take part."""
        found = None
        for g, start, end in self.groups:
            if g == index:
                found = self.items[start:end]
        return found


def _nullable(node: _Node) -> bool:
    """Return True when a node can match the empty string."""
    if node.kind in ("anchor", "look"):
        return True
    if node.kind in ("lit", "cls", "backref"):
        return False
    if node.kind == "seq":
        return all(_nullable(p) for p in node.parts)
    if node.kind == "alt":
        return any(_nullable(p) for p in node.parts)
    if node.kind == "rep":
        return node.low == 0 or _nullable(node.parts[0])
    return _nullable(node.parts[0])


def _expand(node: _Node) -> list[_Path]:
    """Return every path through ``node`` (raise _Inexpressible when there are too many)."""
    kind = node.kind
    if kind == "lit":
        return [_Path(items=(node.text,))]
    if kind == "cls":
        assert node.cls is not None
        members = node.cls.members()
        if members is None:
            return [_Path(items=(node.cls,))]
        if members <= _JS_SPACES:  # a term matches any run of white space where it has one
            return [_Path(items=(" ",))]
        return [_Path(items=(ch,)) for ch in sorted(members)]
    if kind == "anchor":
        return [_Path(anchors=((0, node.text),))]
    if kind == "backref":
        raise _Inexpressible("a back-reference")
    if kind == "alt":
        return _check_count([path for part in node.parts for path in _expand(part)])
    if kind == "seq":
        paths = [_Path()]
        for part in node.parts:
            paths = _check_count([a.then(b) for a in paths for b in _expand(part)])
        return paths
    if kind == "group":
        return [
            replace(path, groups=(*path.groups, (node.index, 0, len(path.items))))
            for path in _expand(node.parts[0])
        ]
    if kind == "look":
        flipped = _flip(node)
        if flipped is not node:
            return _expand(flipped)
        try:
            bodies = [p.items for p in _expand(node.parts[0])]
        except _Inexpressible:
            if not node.negative and _nullable(node.parts[0]):
                return [_Path()]  # (?=.*) always holds
            raise
        look = _Look(0, node.ahead, node.negative, tuple(bodies))
        return [_Path(looks=(look,))]
    # a repeat
    inner = _expand(node.parts[0])
    if all(p.items == (" ",) and not p.groups for p in inner):
        # a run of white space: a term's one space matches any run
        low = min(node.low, 1)
        return [_Path(items=(" ",) * n) for n in range(low, 2)]
    high = node.high
    capped = False
    if high is None:
        words = all(
            isinstance(item, str) and needs_boundary(item) for p in inner for item in p.items
        )
        if not words or any(p.looks or p.anchors for p in inner):
            raise _Inexpressible("an unbounded repeat")
        high = max(node.low, 1) + REPEAT_CAP - 1
        capped = True
    if high - node.low > 8 or high > 16:
        raise _Inexpressible("a long repeat")
    out: list[_Path] = []
    for count in range(node.low, high + 1):
        paths = [_Path(capped=capped)]
        for _ in range(count):
            paths = _check_count([a.then(b) for a in paths for b in inner])
        out.extend(paths)
    return _check_count(out)


def _flip(node: _Node) -> _Node:
    """Turn ``(?<![^abc])`` into ``(?<=[abc])``: a negated class in a negative lookaround.

    (The original also holds at the very edge of the text; the flipped one does not.)
    """
    body = node.parts[0]
    while body.kind in ("seq", "group") and len(body.parts) == 1:
        body = body.parts[0]
    if node.negative and body.kind == "cls" and body.cls is not None and body.cls.negated:
        positive = _Node("cls", cls=replace(body.cls, negated=False))
        return replace(node, parts=(positive,), negative=False)
    return node


def _check_count(paths: list[_Path]) -> list[_Path]:
    """Raise when a regular expression expands to too many strings."""
    if len(paths) > MAX_FORMS:
        raise _Inexpressible(f"it matches more than {MAX_FORMS} strings")
    return paths


def _fits(body: Sequence[_Item], text: Sequence[_Item]) -> bool:
    """Return True when ``body`` matches ``text`` item by item (same length)."""
    for want, have in zip(body, text, strict=True):
        if isinstance(have, _Class):
            return False  # undecidable: take it as no match
        if isinstance(want, _Class):
            if not want.contains(have):
                return False
        elif want != have:
            return False
    return True


# -- from a parsed rule to variants ----------------------------------------------------------


@dataclass(frozen=True)
class _Variant:
    """A form and what it is rewritten to, with the contexts in which it stays as it is.

    ``exceptions`` hold ``(left, right)`` texts: the form is left alone where it is preceded
    by ``left`` and followed by ``right`` (one of them may be empty).
    """

    form: str
    replacement: str
    exceptions: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class _Replacement:
    """A replacement template: literal texts and ``$N`` group references, in order."""

    parts: tuple[str | int, ...]

    @classmethod
    def parse(cls, text: str, groups: int) -> _Replacement:
        """Parse ``$1``..``$99``, ``$&`` and ``$$`` as JavaScript's ``String.replace`` does."""
        parts: list[str | int] = []
        i = 0
        buf = ""
        while i < len(text):
            ch = text[i]
            if ch == "$" and i + 1 < len(text):
                nxt = text[i + 1]
                two = text[i + 1 : i + 3]
                if nxt == "$":
                    buf += "$"
                    i += 2
                    continue
                if nxt == "&":
                    parts.extend((buf, 0))
                    buf = ""
                    i += 2
                    continue
                if two.isdigit() and 0 < int(two) <= groups:
                    parts.extend((buf, int(two)))
                    buf = ""
                    i += 3
                    continue
                if nxt.isdigit() and 0 < int(nxt) <= groups:
                    parts.extend((buf, int(nxt)))
                    buf = ""
                    i += 2
                    continue
            buf += ch
            i += 1
        parts.append(buf)
        return cls(tuple(p for p in parts if p != ""))

    @property
    def uses_groups(self) -> bool:
        """Return True when the template refers to a capture group."""
        return any(isinstance(p, int) for p in self.parts)

    def python_template(self) -> str:
        """Return the template in the glossary's syntax (``\\g<1>``; backslashes doubled).

        >>> _Replacement.parse("（$1）$$", 1).python_template()
        '（\\\\g<1>）$'
        """
        return "".join(
            f"\\g<{part}>" if isinstance(part, int) else part.replace("\\", "\\\\")
            for part in self.parts
        )


def _variants(
    node: _Node,
    template: _Replacement,
    *,
    must_empty: int = 0,
    allow_contexts: bool = True,
    loose_edges: bool = False,
) -> tuple[list[_Variant], list[str], list[str]]:
    """Expand a parsed pattern into variants, ``regexpMustEmpty`` exceptions, and reasons.

    The reasons say why some alternatives could not be carried. Raise _Inexpressible when
    no alternative can be written as terms. With ``allow_contexts`` false, lookarounds and
    pass-through classes are refused too.
    """
    paths = _expand(node)
    blocked: list[str] = []
    found: list[tuple[str, str, frozenset[tuple[str, str]]]] = []
    reasons: list[str] = []
    for path in paths:
        try:
            if not _anchors_hold(path):
                continue
            if must_empty and path.group(must_empty):
                items = path.items
                if all(isinstance(item, str) for item in items):
                    blocked.append("".join(str(item) for item in items))
                continue
            found.extend(
                _path_variants(
                    path, template, allow_contexts=allow_contexts, loose_edges=loose_edges
                )
            )
        except _Inexpressible as exc:
            reasons.append(str(exc))
    if reasons and not found:
        raise _Inexpressible(reasons[0])
    if len(found) > 3 * MAX_FORMS:
        raise _Inexpressible(f"it matches more than {3 * MAX_FORMS} strings")
    return _combine(found), blocked, reasons


def _anchors_hold(path: _Path) -> bool:
    """Decide ``\\b`` and ``\\B`` between known characters; refuse ``^`` and ``$``."""
    for pos, anchor in path.anchors:
        if anchor in "^$":
            raise _Inexpressible(f"the anchor '{anchor}'")
        if 0 < pos < len(path.items):
            before, after = path.items[pos - 1], path.items[pos]
            if isinstance(before, str) and isinstance(after, str):
                edge = (before in _ASCII_WORD) != (after in _ASCII_WORD)
                if edge != (anchor == "b"):
                    return False  # this alternative never matches
    return True


def _path_variants(
    path: _Path, template: _Replacement, *, allow_contexts: bool, loose_edges: bool = False
) -> list[tuple[str, str, frozenset[tuple[str, str]]]]:
    """Turn one expanded path into (form, replacement, exceptions) triples.

    With ``loose_edges``, a class at an edge that the replacement does not copy is taken as
    a context too (a linter reports the match; only its suggestion would drop the character).
    """
    items = list(path.items)
    # the replacement, as items that remember which form position they copy
    rep: list[tuple[_Item, int | None]] = []
    for part in template.parts:
        if isinstance(part, str):
            rep.extend((ch, None) for ch in part)
            continue
        span = _group_span(path, part)
        if span is not None:
            rep.extend((items[i], i) for i in range(*span))
    left_class: _Class | None = None
    right_class: _Class | None = None
    for i, item in enumerate(items):
        if not isinstance(item, _Class):
            continue
        copied = any(src == i for _, src in rep)
        if i == 0 and len(items) > 1 and ((rep and rep[0][1] == 0) or (loose_edges and not copied)):
            left_class = item
        elif (
            i == len(items) - 1
            and len(items) > 1
            and ((rep and rep[-1][1] == i) or (loose_edges and not copied))
        ):
            right_class = item
        elif any(src == i for _, src in rep):
            raise _Inexpressible("the replacement copies text the pattern leaves open")
        elif i in (0, len(items) - 1):
            raise _Inexpressible(
                f"the replacement drops the character that {_show(item)} matches (its group "
                "is not in the replacement)"
            )
        else:
            raise _Inexpressible(f"{_show(item)} matches any character inside the replaced text")
    if (left_class or right_class) and not allow_contexts:
        raise _Inexpressible("a pass-through character class")
    start = 1 if left_class else 0
    stop = len(items) - 1 if right_class else len(items)
    core = "".join(str(item) for item in items[start:stop])
    if left_class and rep and rep[0][1] == 0:
        rep = rep[1:]
    if right_class and rep and rep[-1][1] == len(items) - 1:
        rep = rep[:-1]
    replacement = "".join(str(item) for item, _ in rep)
    if any(isinstance(item, _Class) for item, _ in rep):
        raise _Inexpressible("the replacement copies text the pattern leaves open")
    contexts: set[tuple[str, str]] = set()
    for cls, side in ((left_class, "left"), (right_class, "right")):
        if cls is None:
            continue
        if not cls.negated and cls.escapes == ("dot",):
            continue  # any character: only "not at the very edge", which we ignore
        if not cls.negated:
            raise _Inexpressible("the pattern needs a character of a large class beside it")
        excluded = cls.items()
        if excluded is None:
            raise _Inexpressible("the pattern excludes too many characters beside it")
        contexts.update((ch, "") if side == "left" else ("", ch) for ch in excluded)
    looks = [replace(look, pos=look.pos - start) for look in path.looks]
    if looks and not allow_contexts:
        raise _Inexpressible("a lookaround")
    out = []
    for left_extra, right_extra in _positive_extensions(core, looks):
        form = left_extra + core + right_extra
        result = _negative_contexts(form, core, left_extra, looks)
        if result is None:
            continue  # this alternative never matches
        if (left_extra and any(c[0] for c in contexts)) or (
            right_extra and any(c[1] for c in contexts)
        ):
            raise _Inexpressible("a lookaround and a pass-through class at one edge")
        extra = set(contexts)
        out.append((form, left_extra + replacement + right_extra, frozenset(result | extra)))
    return out


def _show(cls: _Class) -> str:
    """Describe a class briefly for a message."""
    if cls.escapes == ("dot",) and not cls.singles and not cls.ranges:
        return "'.'"
    inner = "".join(sorted(cls.singles))[:12] + "".join(f"{a}-{b}" for a, b in cls.ranges[:3])
    inner += "".join(f"\\{e}" for e in cls.escapes if e != "dot")
    return f"[{'^' if cls.negated else ''}{inner}]"


def _group_span(path: _Path, index: int) -> tuple[int, int] | None:
    """Return the span of the last capture of a group (``0``: the whole match)."""
    if index == 0:
        return 0, len(path.items)
    span = None
    for g, start, end in path.groups:
        if g == index:
            span = (start, end)
    return span


def _positive_extensions(core: str, looks: Sequence[_Look]) -> list[tuple[str, str]]:
    """Return the (left, right) texts that positive lookarounds pass through at the edges."""
    options: list[tuple[str, str]] = [("", "")]
    for look in looks:
        if look.negative:
            continue
        if any(len(body) == 0 for body in look.bodies):
            continue  # always holds
        new: list[tuple[str, str]] = []
        for left, right in options:
            text = left + core + right
            pos = look.pos + len(left)
            for body in look.bodies:
                if look.ahead:
                    rest = text[pos:]
                    if len(body) <= len(rest):
                        if _fits(body, rest[: len(body)]):
                            new.append((left, right))
                        continue
                    if not _fits(body[: len(rest)], rest) or pos != len(text) - len(rest):
                        continue
                    extra = body[len(rest) :]
                    if any(isinstance(item, _Class) for item in extra):
                        raise _Inexpressible("a lookahead that needs a large class")
                    joined = "".join(str(i) for i in extra)
                    if _printable(joined):
                        new.append((left, right + joined))
                else:
                    before = text[:pos]
                    if len(body) <= len(before):
                        if _fits(body, before[len(before) - len(body) :]):
                            new.append((left, right))
                        continue
                    cut = len(body) - len(before)
                    if not _fits(body[cut:], before):
                        continue
                    extra = body[:cut]
                    if any(isinstance(item, _Class) for item in extra):
                        raise _Inexpressible("a lookbehind that needs a large class")
                    joined = "".join(str(i) for i in extra)
                    if _printable(joined):
                        new.append((joined + left, right))
        options = list(dict.fromkeys(new))
    return options


def _printable(text: str) -> bool:
    """Return True for a text with no white space or control character (it can edge a term)."""
    return not any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text)


def _negative_contexts(
    form: str, core: str, left: str, looks: Sequence[_Look]
) -> set[tuple[str, str]] | None:
    """Return the contexts that negative lookarounds exclude (None: the form never matches)."""
    contexts: set[tuple[str, str]] = set()
    for look in looks:
        if not look.negative:
            continue
        pos = look.pos + len(left)
        for body in look.bodies:
            if look.ahead:
                rest = form[pos:]
                if len(body) <= len(rest):
                    if _fits(body, rest[: len(body)]):
                        return None
                    continue
                if not _fits(body[: len(rest)], rest):
                    continue
                extra = body[len(rest) :]
                if any(isinstance(item, _Class) for item in extra):
                    members = _class_run(extra)
                    if members is None:
                        raise _Inexpressible("a negative lookahead with a large class")
                    contexts.update(("", text) for text in members)
                    continue
                contexts.add(("", "".join(str(i) for i in extra)))
            else:
                before = form[:pos]
                if len(body) <= len(before):
                    if _fits(body, before[len(before) - len(body) :]):
                        return None
                    continue
                cut = len(body) - len(before)
                if not _fits(body[cut:], before):
                    continue
                extra = body[:cut]
                if any(isinstance(item, _Class) for item in extra):
                    raise _Inexpressible("a negative lookbehind with a large class")
                contexts.add(("".join(str(i) for i in extra), ""))
    return contexts


def _class_run(extra: Sequence[_Item]) -> list[str] | None:
    """Return the strings a short run of items matches (None when a class is too large)."""
    choices: list[Iterable[str]] = []
    for item in extra:
        if isinstance(item, str):
            choices.append((item,))
        else:
            members = item.members()
            if members is None:
                return None
            choices.append(sorted(members))
    out = ["".join(combo) for combo in itertools.product(*choices)]
    return out if len(out) <= MAX_EXCEPTIONS else None


def _combine(found: list[tuple[str, str, frozenset[tuple[str, str]]]]) -> list[_Variant]:
    """Merge the paths that give one form: the first replacement wins, contexts combine.

    A form is left alone only where every alternative that matches it is excluded, so the
    exceptions of alternatives combine pairwise (a left and a right context join).
    """
    by_form: dict[str, list[tuple[str, frozenset[tuple[str, str]]]]] = {}
    for form, replacement, contexts in found:
        by_form.setdefault(form, []).append((replacement, contexts))
    out: list[_Variant] = []
    for form, options in by_form.items():
        replacement = options[0][0]
        sets = [ctx for rep, ctx in options if rep == replacement]
        combined = sets[0]
        for other in sets[1:]:
            combined = frozenset(
                joined for a in combined for b in other if (joined := _join(a, b)) is not None
            )
            if len(combined) > MAX_EXCEPTIONS:
                raise _Inexpressible("too many exceptions")
        out.append(_Variant(form, replacement, combined))
    return out


def _join(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str] | None:
    """Return the context in which both ``a`` and ``b`` hold, or None when none does."""
    left = a[0] if a[0].endswith(b[0]) else b[0] if b[0].endswith(a[0]) else None
    right = a[1] if a[1].startswith(b[1]) else b[1] if b[1].startswith(a[1]) else None
    if left is None or right is None:
        return None
    return left, right


def _drop_unreachable(paths_forms: list[_Variant]) -> list[_Variant]:
    """Drop forms that an earlier, shorter alternative always takes first (JavaScript order)."""
    kept: list[_Variant] = []
    for variant in paths_forms:
        form = variant.form
        if any(
            form.startswith(k.form)
            and form != k.form
            and not k.exceptions
            and not (needs_boundary(k.form[-1]) and needs_boundary(form[len(k.form)]))
            for k in kept
        ):
            continue  # the shorter form matches there first (no word boundary keeps it out)
        kept.append(variant)
    return kept


# -- building the glossary -------------------------------------------------------------------


@dataclass
class _Form:
    """A term being collected: its text, case sensitivity and where it came from."""

    text: str
    case_sensitive: bool
    line: int
    anchor: tuple[int, int] | None = None  # for an exception: where its rule's form is


@dataclass
class _Entry:
    """A concept being collected, keyed by its preferred term."""

    preferred: str
    line: int
    case_sensitive: bool = False
    case_fix: bool = False  # other casings of the preferred term are variants
    any_case: bool = False  # the rule's variants differ in case only: match them in any case
    case_by_pattern: bool = False  # casings of allowed terms are variants, as exact patterns
    alternates: list[_Form] = field(default_factory=list)  # other acceptable replacements
    alternate_terms: list[Term] = field(default_factory=list)
    variants: list[_Form] = field(default_factory=list)
    admitted: list[_Form] = field(default_factory=list)
    patterns: list[tuple[str, int]] = field(default_factory=list)
    forbidden_patterns: set[str] = field(default_factory=set)  # sources only reported
    variant_status: Status = Status.DEPRECATED
    notes: list[str] = field(default_factory=list)
    specs: list[tuple[str, str, SourcePos]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class _Rewrite:
    """A rule kept as a concept of one pattern and no terms.

    Either the pattern has a replacement template (the rule copies a capture group), or it
    is forbidden (a word to report, with no replacement).
    """

    source: str
    template: str | None
    name: str  # the rule's expected text, for the concept id
    line: int
    status: Status = Status.DEPRECATED
    notes: list[str] = field(default_factory=list)
    specs: list[tuple[str, str, SourcePos]] = field(default_factory=list)


class _Builder:
    """Collects concepts from rules and resolves what the glossary model does not allow."""

    def __init__(self, lang: str) -> None:
        """Start an empty glossary in language ``lang``."""
        self.lang = lang
        self.path = ""
        self.entries: dict[str, _Entry] = {}
        self.lost: list[Lost] = []
        # words to report, with no replacement: (word, line, note for people)
        self.forbidden_only: list[tuple[str, int, str]] = []
        self.rewrites: list[_Rewrite] = []

    def note(self, message: str, line: int = 0, path: str | None = None) -> None:
        """Record something the import could not carry."""
        self.lost.append(Lost(message, self.path if path is None else path, line))

    def entry(self, preferred: str, line: int) -> _Entry:
        """Return the entry of a preferred term, creating it on first use."""
        found = self.entries.get(preferred)
        if found is None:
            found = self.entries[preferred] = _Entry(preferred, line)
        return found

    def glossary(self, name: str, path: str) -> Glossary:
        """Resolve clashes (noting what is dropped) and return the glossary."""
        resolver = _Resolver(self)
        concepts = resolver.concepts() + self._forbidden_only(resolver) + self._rewrites(resolver)
        return Glossary(name=name, path=path, languages=(self.lang,), concepts=tuple(concepts))

    def _rewrites(self, resolver: _Resolver) -> list[Concept]:
        """Return one concept per rule kept as a pattern with a replacement template."""
        out = []
        for rewrite in self.rewrites:
            name = regex.sub(r"\$(?:[0-9]{1,2}|&)", " ", rewrite.name)  # group references
            concept_id = resolver._id(_Entry(name, rewrite.line))
            pattern = Pattern(
                rewrite.source,
                self.lang,
                concept_id,
                replace=rewrite.template,
                status=rewrite.status,
            )
            specs = tuple(
                Spec(self.lang, source, expected, concept_id, pos)
                for source, expected, pos in rewrite.specs
            )
            out.append(
                Concept(
                    concept_id,
                    note=" ".join(dict.fromkeys(n for n in rewrite.notes if n)),
                    patterns=(pattern,),
                    specs=specs,
                    pos=SourcePos(self.path, rewrite.line),
                )
            )
        return out

    def _forbidden_only(self, resolver: _Resolver) -> list[Concept]:
        """Return one concept per word to report without a replacement (its only term forbidden).

        A word that another concept already claims is left out (noted): that concept decides.
        """
        claimed = set(resolver.folded) | {
            fold(term.text) for concept in resolver.built for term in concept.terms
        }
        out = []
        for word, line, note in self.forbidden_only:
            if fold(word) in claimed:
                self.note(f"'{word}' is already a term of another rule; not imported again", line)
                continue
            claimed.add(fold(word))
            concept_id = resolver._id(_Entry(word, line))
            term = Term(word, self.lang, Status.FORBIDDEN, concept_id)
            out.append(Concept(concept_id, note=note, terms=(term,)))
        return out


class _Resolver:
    """Turns entries into concepts that pass the load checks (TRM013, TRM014).

    Preferred terms are claimed first, then every concept's variants, then the admitted
    exceptions (which give way silently: they only keep a rule from firing).
    """

    def __init__(self, builder: _Builder) -> None:
        """Prepare the indexes of forms already claimed."""
        self.builder = builder
        self.lang = builder.lang
        self.folded: dict[str, str] = {}  # fold -> preferred of the concept that claims it
        self.built: list[Concept] = []
        self.ids: set[str] = set()

    def concepts(self) -> list[Concept]:
        """Return the concepts, in the order the rules gave them."""
        keep: list[_Entry] = []
        for entry in self.builder.entries.values():
            key = fold(entry.preferred)
            owner = self.folded.get(key)
            first = self.builder.entries.get(owner) if owner is not None else None
            if (
                first is not None
                and first.line == entry.line
                and first.preferred.casefold() == entry.preferred.casefold()
            ):
                # one rule expands to casings of one term (a class [a-zA-Z]): one concept
                # whose terms match in any case, and the case of the text carries over
                first.any_case = True
                first.specs.extend(entry.specs)
                continue
            if first is not None and first.preferred.casefold() != entry.preferred.casefold():
                # Denial of Service / denial-of-service: the glossary folds them together
                self.builder.note(
                    f"'{entry.preferred}' folds like '{first.preferred}' (another rule's "
                    f"replacement): kept as an admitted term of '{first.preferred}', and its "
                    f"variants are rewritten to '{first.preferred}'",
                    entry.line,
                )
                first.alternates.append(_Form(entry.preferred, True, entry.line))
                first.alternates.extend(entry.alternates)
                first.variants.extend(entry.variants)
                first.admitted.extend(entry.admitted)
                first.patterns.extend(entry.patterns)
                first.forbidden_patterns |= entry.forbidden_patterns
                first.specs.extend(entry.specs)
                continue
            if owner is not None:
                self.builder.note(
                    f"'{entry.preferred}' folds like '{owner}' (another rule's replacement); "
                    "its rule is not imported",
                    entry.line,
                )
                continue
            self.folded[key] = entry.preferred
            keep.append(entry)
        preferred = {entry.preferred for entry in keep}
        ids = {entry.preferred: self._id(entry) for entry in keep}
        variants = {entry.preferred: self._variants(entry, preferred, ids) for entry in keep}
        shadows = _Shadows(variants)
        out: list[Concept] = []
        for entry in keep:
            concept_id = ids[entry.preferred]
            terms, case_fix = variants[entry.preferred]
            admitted = entry.alternate_terms + self._admitted(
                entry, preferred, concept_id, terms + entry.alternate_terms, shadows
            )
            head = Term(
                entry.preferred,
                self.lang,
                Status.PREFERRED,
                concept_id,
                (entry.case_sensitive or case_fix) and not entry.any_case,
            )
            patterns = tuple(
                Pattern(
                    source,
                    self.lang,
                    concept_id,
                    status=Status.FORBIDDEN
                    if source in entry.forbidden_patterns
                    else Status.DEPRECATED,
                )
                for source in dict.fromkeys(source for source, _ in entry.patterns)
            )
            specs = tuple(
                Spec(self.lang, source, expected, concept_id, pos)
                for source, expected, pos in entry.specs
            )
            out.append(
                Concept(
                    id=concept_id,
                    note=" ".join(dict.fromkeys(n for n in entry.notes if n)),
                    tags=tuple(dict.fromkeys(entry.tags)),
                    terms=(head, *admitted, *terms),
                    patterns=patterns,
                    specs=specs,
                    pos=SourcePos(self.builder.path, entry.line),
                )
            )
        self.built = out
        return out

    def _claim(self, entry: _Entry, form: _Form, preferred: set[str], *, quiet: bool) -> bool:
        """Register a form of an entry; return False (noting why, unless quiet) on a clash."""
        if form.text != entry.preferred and form.text in preferred:
            if not quiet:
                self.builder.note(
                    f"'{form.text}' is the expected term of another rule; not kept as a "
                    f"variant of '{entry.preferred}'",
                    form.line,
                )
            return False
        key = fold(form.text)
        owner = self.folded.get(key)
        if owner is not None and owner != entry.preferred:
            if not quiet:
                self.builder.note(
                    f"'{form.text}' is already claimed by the rule of '{owner}'; not kept as "
                    f"a variant of '{entry.preferred}'",
                    form.line,
                )
            return False
        self.folded[key] = entry.preferred
        return True

    def _variants(
        self, entry: _Entry, preferred: set[str], ids: dict[str, str]
    ) -> tuple[list[Term], bool]:
        """Return an entry's variant terms and whether other casings of its preferred are."""
        concept_id = ids[entry.preferred]
        pref_fold = entry.preferred.casefold()
        seen: dict[str, int] = {}
        terms: list[Term] = []
        case_fix = entry.case_fix
        allowed: dict[str, _Form] = {}
        exact = entry.case_by_pattern
        listed = {f.text if exact else f.text.casefold() for f in entry.variants}
        for form in entry.alternates:
            low = form.text.casefold()
            if (form.text if exact else low) in listed:
                continue  # a key of another swap: a variant first
            if low == pref_fold:
                entry.case_sensitive = True  # KB and kB: only the listed casings are allowed
            elif low not in allowed and self._claim(entry, form, preferred, quiet=True):
                allowed[low] = form
        entry.alternate_terms = [
            Term(f.text, self.lang, Status.ADMITTED, concept_id, f.case_sensitive)
            for f in allowed.values()
        ]
        for form in entry.variants:
            low = form.text.casefold()
            if low == pref_fold or low in allowed:  # a casing of an allowed term
                if entry.case_by_pattern:
                    if form.text != entry.preferred and form.text not in {
                        f.text for f in allowed.values()
                    }:
                        entry.patterns.append((_exact(form.text), form.line))
                    if low == pref_fold:
                        entry.case_sensitive = True
                elif low == pref_fold:
                    case_fix = case_fix or form.text != entry.preferred or not form.case_sensitive
                continue
            if low in seen:  # two casings of one variant: match it in any case
                index = seen[low]
                terms[index] = replace(terms[index], case_sensitive=False)
                continue
            clash = form.text not in preferred and fold(form.text) in self.folded
            if not self._claim(entry, form, preferred, quiet=form.case_sensitive and clash):
                if form.case_sensitive and clash:
                    # another concept has this form in another case: an exact pattern
                    entry.patterns.append((_exact(form.text), form.line))
                continue
            seen[low] = len(terms)
            case_sensitive = form.case_sensitive and not entry.any_case
            terms.append(
                Term(form.text, self.lang, entry.variant_status, concept_id, case_sensitive)
            )
        if case_fix:
            catcher = _full_width(entry.preferred)
            if catcher == entry.preferred:  # no ASCII letter: a pattern catches the casings
                escaped = regex.escape(entry.preferred, special_only=True)
                entry.patterns.append((f"(?i:{escaped})", entry.line))
            elif catcher.casefold() not in seen and self._claim(
                entry, _Form(catcher, False, entry.line), preferred, quiet=False
            ):
                terms.append(Term(catcher, self.lang, entry.variant_status, concept_id))
        return terms, case_fix

    def _admitted(
        self,
        entry: _Entry,
        preferred: set[str],
        concept_id: str,
        terms: list[Term],
        shadows: _Shadows,
    ) -> list[Term]:
        """Return the admitted exceptions of an entry that still do something."""
        taken = {t.text.casefold() for t in terms} | {entry.preferred.casefold()}
        out: list[Term] = []
        for form in entry.admitted:
            low = form.text.casefold()
            if low in taken or shadows.hides(form, entry.preferred):
                continue
            if not self._claim(entry, form, preferred, quiet=True):
                continue
            taken.add(low)
            out.append(Term(form.text, self.lang, Status.ADMITTED, concept_id, form.case_sensitive))
            if len(out) >= MAX_EXCEPTIONS:
                self.builder.note(
                    f"only the first {MAX_EXCEPTIONS} exceptions of '{entry.preferred}' are kept",
                    entry.line,
                )
                break
        return out

    def _id(self, entry: _Entry) -> str:
        """Return a unique lower-case slug for a concept."""
        base = _SLUG_DROP.sub("-", entry.preferred.lower()).strip("-")
        if not base or not regex.match(r"[\p{Ll}\p{Lo}\p{N}]", base):
            base = f"rule-{entry.line}" if entry.line else "rule"
        base = base[:60].rstrip("-")
        candidate = base
        n = 2
        while candidate in self.ids:
            candidate = f"{base}-{n}"
            n += 1
        self.ids.add(candidate)
        return candidate


def _exact(text: str) -> str:
    """Return a case-sensitive pattern matching exactly ``text``."""
    return f"(?-i:{regex.escape(text, special_only=True, literal_spaces=True)})"


class _Shadows:
    """Finds the variants of other concepts inside an exception text.

    An exception (``紐付けて``, which keeps ``付けて`` from one rule) must not hide a variant of
    another rule that starts first (``紐付け``): prh would still apply that rule there.
    """

    def __init__(self, variants: dict[str, tuple[list[Term], bool]]) -> None:
        """Index every variant by its case-folded text."""
        self.owner: dict[str, str] = {}
        for preferred, (terms, _) in variants.items():
            for term in terms:
                self.owner.setdefault(term.text.casefold(), preferred)
        self.lengths = sorted({len(k) for k in self.owner})

    def hides(self, form: _Form, preferred: str) -> bool:
        """Return True when another concept's variant starts before the exception's own form."""
        text = form.text.casefold()
        anchor = form.anchor
        if anchor is None:
            return False
        start, end = anchor
        for i in range(start + 1):
            for size in self.lengths:
                if i + size <= start or i + size > len(text):
                    continue
                owner = self.owner.get(text[i : i + size])
                if owner is not None and owner != preferred and (i < start or i + size > end):
                    return True
        return False


def _full_width(text: str) -> str:
    """Return ``text`` with ASCII letters in full width (``jQuery`` → ``ｊＱｕｅｒｙ``)."""
    return "".join(
        chr(ord(ch) - 0x21 + 0xFF01) if ch.isascii() and ch.isalpha() else ch for ch in text
    )


def _make_loadable(
    glossary: Glossary, lost: list[Lost], *, run_specs: bool
) -> tuple[Glossary, list[Lost]]:
    """Make sure the glossary passes its load checks; drop failing specs when asked to run them."""
    problems = check_concepts(glossary.concepts)
    if problems:  # a clash the resolver did not foresee: drop the concepts it names
        bad_lines = {p.line for p in problems}
        kept = []
        for concept in glossary.concepts:
            line = concept.pos.line if concept.pos else 0
            if line in bad_lines:
                lost.append(
                    Lost(
                        f"concept '{concept.id}' clashes with another; not imported",
                        glossary.path,
                        line,
                    )
                )
            else:
                kept.append(concept)
        glossary = replace(glossary, concepts=tuple(kept))
    if not run_specs or not any(c.specs for c in glossary.concepts):
        return glossary, lost
    failed = check_specs(Termbase((glossary,)))
    if failed:
        bad = {(p.line, p.column) for p in failed}
        for problem in failed:
            lost.append(Lost(problem.message, problem.path, problem.line, problem.column))
        glossary = replace(
            glossary,
            concepts=tuple(
                replace(
                    c,
                    specs=tuple(
                        s for s in c.specs if not s.pos or (s.pos.line, s.pos.column) not in bad
                    ),
                )
                for c in glossary.concepts
            ),
        )
    return glossary, lost


def _exception_needed(form: str, left: str, right: str) -> bool:
    """Return False when word boundaries already keep the form from matching in a context."""
    if left and needs_boundary(left[-1]) and needs_boundary(form[0]):
        return False
    return not (right and needs_boundary(right[0]) and needs_boundary(form[-1]))


def _clean(text: str) -> str:
    """Return a form as the glossary stores it (white space collapsed, ends trimmed)."""
    return collapse_spaces(text)


def _usable(text: str) -> bool:
    """Return True when a text can be a glossary term (it folds to something)."""
    return bool(text.strip()) and bool(fold(collapse_spaces(text)))


def _add_variants(
    builder: _Builder,
    variants: Sequence[tuple[_Variant, bool]],
    *,
    line: int,
    status: Status = Status.DEPRECATED,
) -> list[_Entry]:
    """Add (variant, case-sensitive) pairs to the entries of their replacements.

    Return the entries touched, in order.
    """
    touched: list[_Entry] = []
    skipped: dict[str, list[str]] = {}
    for variant, case_sensitive in variants:
        replacement = variant.replacement
        if replacement != _clean(replacement) or not _usable(replacement):
            why = "its replacement is empty or begins or ends with white space"
            skipped.setdefault(why, []).append(f"{variant.form!r} -> {replacement!r}")
            continue
        if not _usable(variant.form):
            skipped.setdefault("it has no letters or digits", []).append(repr(variant.form))
            continue
        entry = builder.entry(replacement, line)
        if status is not Status.DEPRECATED:
            entry.variant_status = status
        entry.variants.append(_Form(_clean(variant.form), case_sensitive, line))
        for left, right in sorted(variant.exceptions):
            if _exception_needed(variant.form, left, right):
                text = _clean(left + variant.form + right)
                if _usable(text) and text == left + variant.form + right:
                    anchor = (len(left), len(left) + len(variant.form))
                    entry.admitted.append(_Form(text, case_sensitive, line, anchor))
        if entry not in touched:
            touched.append(entry)
    for why, examples in skipped.items():
        more = f" and {len(examples) - 1} more" if len(examples) > 1 else ""
        builder.note(f"{examples[0]}{more} not imported: {why}", line)
    return touched


def _is_no_space(lang: str) -> bool:
    """Return True for a language written without spaces between words."""
    return primary_language(lang) in NO_SPACE_LANGUAGES


# -- prh ---------------------------------------------------------------------------------------

_PRH_REGEX = re.compile(r"^/(.*)/([gimuy]*)$", re.DOTALL)
_PRH_RULE_KEYS = ("expected", "pattern", "patterns", "options", "regexpMustEmpty", "specs", "prh")


@dataclass(frozen=True)
class _PrhPattern:
    """One prh pattern: a regular expression source or a literal text."""

    source: str
    is_regex: bool
    ignore_case: bool

    @classmethod
    def of(cls, text: str) -> _PrhPattern:
        """Classify a pattern string as prh does (``/src/flags`` is a regex)."""
        m = _PRH_REGEX.match(text)
        if m and set(m.group(2)) <= set("gimy"):
            return cls(m.group(1), True, "i" in m.group(2))
        return cls(text, False, False)


_JS_WORD = "A-Za-z0-9_"
# JavaScript's (and Go's) \w, \d and \b know ASCII only; the regex module's know Unicode
_JS_CLASSES = {"w": _JS_WORD, "W": f"^{_JS_WORD}", "d": "0-9", "D": "^0-9"}
_JS_BOUNDARY = f"(?:(?<=[{_JS_WORD}])(?![{_JS_WORD}])|(?<![{_JS_WORD}])(?=[{_JS_WORD}]))"
_JS_NO_BOUNDARY = f"(?:(?<=[{_JS_WORD}])(?=[{_JS_WORD}])|(?<![{_JS_WORD}])(?![{_JS_WORD}]))"


def _with_ascii_classes(source: str) -> str:
    """Return a JavaScript or Go regex source in the regex module's syntax, ASCII meanings kept.

    >>> _with_ascii_classes(r"(\\d+)?bit\\b[\\w-]")
    '([0-9]+)?bit(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))[A-Za-z0-9_-]'
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt in _JS_CLASSES and not (in_class and nxt in "WD"):
                ranges = _JS_CLASSES[nxt]
                out.append(ranges if in_class else f"[{ranges}]")
            elif nxt == "b" and not in_class:
                out.append(_JS_BOUNDARY)
            elif nxt == "B" and not in_class:
                out.append(_JS_NO_BOUNDARY)
            else:
                out.append(source[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _detect_language(root: Any) -> str:
    """Return ``ja`` when the rules are written in Japanese script, else ``en``."""
    for rule in root.get("rules") or () if isinstance(root, CommentedMap) else ():
        if not isinstance(rule, CommentedMap):
            continue
        texts = [rule.get("expected")]
        patterns = rule.get("patterns", rule.get("pattern"))
        texts.extend(patterns if isinstance(patterns, list) else [patterns])
        if any(isinstance(t, str) and _JAPANESE.search(t) for t in texts):
            return "ja"
    return "en"


class _PrhReader:
    """Reads a prh file and its imports into one builder."""

    def __init__(self, lang: str | None) -> None:
        """Start with no rules; ``lang`` None means detect it from the first file."""
        self.lang = lang
        self.builder = _Builder(lang or "en")
        self.expected_seen: set[str] = set()
        self.visited: set[Path] = set()

    def read_file(
        self,
        path: Path,
        text: str,
        *,
        top: bool = False,
        ignore: Sequence[Any] = (),
        imports: bool = True,
    ) -> None:
        """Read one prh file (and, unless disabled, the files it imports)."""
        name = str(path)
        root = _load_yaml(text, name)
        if root is None:
            root = CommentedMap()
        if not isinstance(root, CommentedMap):
            raise InputError(
                Problem(code("input-syntax"), "a prh file must be a mapping with 'rules'", name, 1)
            )
        if top:
            self.builder.path = name
            if self.lang is None:
                self.lang = self.builder.lang = _detect_language(root)
        self.visited.add(path.resolve())
        for key in root:
            if key == "targets":
                self.builder.note(
                    "'targets' (which parts of which files prh checks) are not carried",
                    _value_line(root, key),
                    name,
                )
            elif key not in ("version", "rules", "imports", "meta"):
                self.builder.note(f"unknown key '{key}' ignored", _value_line(root, key), name)
        rules = root.get("rules") or []
        if not isinstance(rules, list):
            self.builder.note("'rules' is not a list; ignored", _value_line(root, "rules"), name)
            rules = []
        own_expected: set[str] = set()
        for rule in rules:
            if not isinstance(rule, CommentedMap):
                self.builder.note("a rule that is not a mapping; ignored", _line_of(rules), name)
                continue
            expected = rule.get("expected")
            if not top and isinstance(expected, str) and expected in self.expected_seen:
                continue  # prh: an imported rule whose expected is already there is dropped
            if ignore and _prh_ignored(rule, ignore):
                continue
            if isinstance(expected, str):
                own_expected.add(expected)
            self._rule(rule, name)
        self.expected_seen |= own_expected
        if imports and "imports" in root:
            self._imports(root, path)

    def _imports(self, root: CommentedMap, path: Path) -> None:
        """Follow the ``imports`` of a file, relative to it."""
        items = root["imports"] or []
        if isinstance(items, str):
            items = [items]
        for index, item in enumerate(items if isinstance(items, list) else []):
            line = _item_pos(items, index, str(path)).line
            ignore: Sequence[Any] = ()
            nested = True
            if isinstance(item, CommentedMap):
                ignore = item.get("ignoreRules") or ()
                nested = not item.get("disableImports", False)
                item = item.get("path")
            if not isinstance(item, str):
                self.builder.note("an import without a path; ignored", line, str(path))
                continue
            target = (path.parent / item).resolve()
            if target in self.visited:
                continue
            try:
                text = target.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                self.builder.note(f"cannot read import '{item}': {reason}", line, str(path))
                continue
            self.read_file(target, text, ignore=ignore, imports=nested)

    def _rule(self, rule: CommentedMap, path: str) -> None:
        """Convert one prh rule into concepts (or note why not)."""
        builder = self.builder
        line = _line_of(rule)
        saved, builder.path = builder.path, path
        try:
            self._convert(rule, line, path)
        finally:
            builder.path = saved

    def _convert(self, rule: CommentedMap, line: int, path: str) -> None:
        """Do the work of :meth:`_rule`."""
        builder = self.builder
        lang = builder.lang
        expected = rule.get("expected")
        if not isinstance(expected, str) or not expected:
            builder.note("a rule without 'expected' (or deleting its match); not imported", line)
            return
        for key in rule:
            if key not in _PRH_RULE_KEYS:
                builder.note(f"unknown rule key '{key}' ignored", _value_line(rule, key))
        raw = rule.get("patterns", rule.get("pattern"))
        raw_list = [raw] if isinstance(raw, str) else list(raw or [])
        patterns = [_PrhPattern.of(p) for p in raw_list if isinstance(p, str) and p]
        must_empty = 0
        if isinstance(rule.get("regexpMustEmpty"), str):
            m = re.fullmatch(r"\$(\d+)", rule["regexpMustEmpty"].strip())
            must_empty = int(m.group(1)) if m else 0
        nodes: list[tuple[_PrhPattern, _Node | None, str]] = []
        groups = 0
        for pattern in patterns:
            if not pattern.is_regex:
                nodes.append((pattern, None, ""))
                continue
            parser = _RegexParser(pattern.source)
            parser.groups = groups
            try:
                nodes.append((pattern, parser.parse(), ""))
            except _Inexpressible as exc:
                nodes.append((pattern, None, str(exc)))
            groups = parser.groups
        template = _Replacement.parse(expected, groups)
        entries: list[_Entry] = []
        if not patterns:
            if template.uses_groups:
                builder.note("an expected-only rule with '$N'; not imported", line)
                return
            entry = builder.entry(_clean(expected), line)
            entry.case_fix = entry.case_fix or any(ch.isascii() and ch.isalpha() for ch in expected)
            entries.append(entry)
        variants: list[tuple[_Variant, bool]] = []
        blocked: list[str] = []
        rewrites: list[_Rewrite] = []
        for pattern, node, error in nodes:
            if node is None and not pattern.is_regex:
                literal = _Replacement.parse(expected, 0)  # a literal pattern has no groups
                text = "".join(p for p in literal.parts if isinstance(p, str))
                variants.append((_Variant(pattern.source, text), True))
                continue
            try:
                if node is None:
                    raise _Inexpressible(error)
                if pattern.ignore_case and template.uses_groups:
                    # prh copies a group as the text has it (angularJS → AngularJS); listed
                    # terms would carry the regex's own spelling of the group instead
                    raise _Inexpressible("the replacement copies a group that ignores case")
                found, stops, reasons = _variants(node, template, must_empty=must_empty)
                contexts = any(v.exceptions for v in found) or stops
                if (
                    not _is_no_space(lang)
                    and contexts
                    and not template.uses_groups
                    and not must_empty
                    and not reasons
                ):
                    raise _Inexpressible("a lookaround (kept as a pattern)")
                variants.extend((v, not pattern.ignore_case) for v in found)
                blocked.extend(stops)
                for reason, count in Counter(reasons).items():
                    builder.note(
                        f"{count} alternative(s) of /{pattern.source}/ not imported: {reason}",
                        line,
                    )
            except _Inexpressible as exc:
                rewrite = self._fallback(pattern, template, must_empty, str(exc), line, expected)
                if rewrite is not None:
                    rewrites.append(rewrite)
        for e in _add_variants(builder, _ordered(variants), line=line):
            if e not in entries:
                entries.append(e)
        if not entries and expected in builder.entries:
            entries.append(builder.entries[expected])
        for entry in entries:  # prh writes its replacement as it is, whatever the case found
            entry.case_sensitive = (
                entry.case_sensitive or entry.preferred.lower() != entry.preferred
            )
        for text in blocked:
            owner = next(
                (
                    e
                    for e in entries
                    if any(text.endswith(v.text) or v.text in text for v in e.variants)
                ),
                None,
            )
            if owner is None and entries:
                owner = entries[0]
            if owner is not None and _usable(text):
                owner.admitted.append(_Form(_clean(text), True, line))
        note = rule.get("prh")
        kept_rules: list[_Entry | _Rewrite] = [*entries, *rewrites]
        for kept in kept_rules:
            if isinstance(note, str):
                kept.notes.append(note.strip())
        self._specs(rule, kept_rules, path, lang)

    def _fallback(
        self,
        pattern: _PrhPattern,
        template: _Replacement,
        must_empty: int,
        reason: str,
        line: int,
        expected: str,
    ) -> _Rewrite | None:
        """Keep a regex that does not expand as a glossary pattern, or note why it cannot be.

        A rule whose replacement copies a capture group becomes a pattern with a replacement
        template, returned so that the rule's specs can follow it.
        """
        builder = self.builder
        source = f"/{pattern.source}/"
        if must_empty:
            builder.note(
                f"the pattern {source} cannot be listed as terms ({reason}) and a glossary "
                "pattern cannot honour 'regexpMustEmpty'; not imported",
                line,
            )
            return None
        source_here = _with_ascii_classes(pattern.source)
        regex_source = source_here if pattern.ignore_case else f"(?-i:{source_here})"
        compiled = _usable_pattern(builder, regex_source, f"the pattern {source}", line)
        if compiled is None:
            return None
        if template.uses_groups:  # the replacement copies what a group matched
            groups = _Replacement.parse(expected, compiled.groups)
            rewrite = _Rewrite(regex_source, groups.python_template(), expected, line)
            builder.rewrites.append(rewrite)
            return rewrite
        clean = _clean(expected)
        if clean != expected or not _usable(clean):
            builder.note(f"the replacement {expected!r} cannot be a term; not imported", line)
            return None
        entry = builder.entry(clean, line)
        entry.patterns.append((regex_source, line))
        return None

    def _specs(
        self, rule: CommentedMap, entries: Sequence[_Entry | _Rewrite], path: str, lang: str
    ) -> None:
        """Attach a rule's specs to its first concept."""
        specs = rule.get("specs")
        if not isinstance(specs, list) or not specs:
            return
        if not entries:
            self.builder.note(
                f"{len(specs)} spec(s) of a rule not imported are lost", _line_of(rule)
            )
            return
        for index, spec in enumerate(specs):
            if not isinstance(spec, CommentedMap):
                continue
            source, expected = spec.get("from"), spec.get("to")
            if isinstance(source, str) and isinstance(expected, str):
                entries[0].specs.append((source, expected, _item_pos(specs, index, path)))


def _ordered(variants: list[tuple[_Variant, bool]]) -> list[tuple[_Variant, bool]]:
    """Drop alternatives that an earlier, shorter one always takes first (JavaScript order)."""
    kept = _drop_unreachable([v for v, _ in variants])
    keep_ids = {id(v) for v in kept}
    return [(v, cs) for v, cs in variants if id(v) in keep_ids]


def _prh_sources(rule: CommentedMap) -> set[str]:
    """Return the regex sources prh compiles a rule to (as ``ignoreRules`` names them)."""
    raw = rule.get("patterns", rule.get("pattern"))
    out: set[str] = set()
    for text in [raw] if isinstance(raw, str) else list(raw or []):
        if isinstance(text, str):
            pattern = _PrhPattern.of(text)
            out.add(pattern.source if pattern.is_regex else re.escape(text))
            out.add(text)
    expected = rule.get("expected")
    if not out and isinstance(expected, str):
        out.add(
            "".join(
                f"[{ch.upper()}{ch.lower()}{_full_width(ch.upper())}{_full_width(ch.lower())}]"
                if ch.isascii() and ch.isalpha()
                else re.escape(ch)
                for ch in expected
            )
        )
    return out


def _prh_ignored(rule: CommentedMap, ignore: Sequence[Any]) -> bool:
    """Return True when an import's ``ignoreRules`` names this rule."""
    sources = _prh_sources(rule)
    for item in ignore:
        if isinstance(item, CommentedMap):
            if "expected" in item and item["expected"] == rule.get("expected"):
                return True
            item = item.get("pattern")
        if isinstance(item, str):
            text = item.strip()
            pattern = _PrhPattern.of(text)
            m = re.match(r"^/(.*)/([a-z]*)$", text, re.DOTALL)
            if text in sources or pattern.source in sources or (m and m.group(1) in sources):
                return True
    return False


# -- Vale --------------------------------------------------------------------------------------

_REGEX_SYNTAX = re.compile(r"[\\\[\](){}|?*+.^$]")


def _read_vale_rule(builder: _Builder, path: Path, text: str) -> None:
    """Read one Vale rule file into the builder."""
    name = str(path)
    builder.path = name
    root = _load_yaml(text, name)
    if not isinstance(root, CommentedMap):
        raise InputError(Problem(code("input-syntax"), "a Vale rule must be a mapping", name, 1))
    extends = root.get("extends")
    if extends != "substitution":
        builder.note(
            f"a Vale '{extends}' rule has no glossary equivalent (only 'substitution' does); "
            "not imported",
            _value_line(root, "extends") if "extends" in root else 1,
        )
        return
    swap = root.get("swap")
    if not isinstance(swap, CommentedMap):
        builder.note("a substitution rule without a 'swap' mapping; nothing imported", 1)
        return
    ignore_case = root.get("ignorecase") is True
    level = str(root.get("level") or "suggestion")
    message = str(root.get("message") or "")
    advice = message.count("%s") == 1 and message.strip() in ("%s", "'%s'", '"%s"')
    if advice:
        # the swap values are advice, not replacement terms: the keys are words to report
        for key in swap:
            line = _value_line(swap, key)
            if not isinstance(key, str):
                builder.note(f"the advice key {key!r} is not text; not imported", line)
            elif all(_PLAIN_WORDS.fullmatch(word) for word in key.split("|")):
                builder.forbidden_only.extend((word, line, "") for word in key.split("|"))
            else:
                _vale_forbidden_pattern(builder, key, ignore_case=ignore_case, line=line)
        return
    for key in ("exceptions", "vocab", "scope", "capitalize", "nonword"):
        if key in root and root[key] not in (None, False, [], "text"):
            builder.note(f"'{key}: {root[key]}' is not carried", _value_line(root, key))
    rule_name = f"{path.parent.name}.{path.stem}" if path.parent.name else path.stem
    for key, value in swap.items():
        line = _value_line(swap, key)
        if not isinstance(key, str) or not isinstance(value, str):
            builder.note("a swap entry that is not text; ignored", line)
            continue
        _vale_swap(builder, key, value, ignore_case=ignore_case, level=level, line=line,
                   message=message, rule=rule_name)  # fmt: skip


_WORD = regex.compile(r"\w")
_PLAIN_WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N} '’/\-]*")


def _usable_pattern(
    builder: _Builder, source: str, label: str, line: int
) -> regex.Pattern[str] | None:
    """Compile an imported regex as a glossary pattern, or note why it cannot be one."""
    try:
        compiled = compile_pattern(source)
    except regex.error as exc:
        builder.note(f"{label} does not compile here ({exc}); not imported", line)
        return None
    if compiled.fullmatch(""):
        builder.note(f"{label} matches the empty string; not imported", line)
        return None
    return compiled


def _vale_forbidden_pattern(builder: _Builder, key: str, *, ignore_case: bool, line: int) -> None:
    """Keep an advice key that is a regular expression as a forbidden pattern of its own."""
    source = _with_ascii_classes(key)
    source = source if ignore_case else f"(?-i:{source})"
    if _usable_pattern(builder, source, f"the advice key {key!r}", line) is None:
        return
    builder.rewrites.append(_Rewrite(source, None, key, line, status=Status.FORBIDDEN))


def _vale_swap(
    builder: _Builder,
    key: str,
    value: str,
    *,
    ignore_case: bool,
    level: str,
    line: int,
    message: str,
    rule: str,
) -> None:
    """Convert one ``swap`` entry: terms when the key lists strings, else a pattern."""
    options = [v.strip() for v in value.split("|") if v.strip()]
    if not options:
        builder.note(f"the swap {key!r} has an empty replacement (a deletion); not imported", line)
        return
    forbidden = len(options) > 1 or level == "suggestion"
    status = Status.FORBIDDEN if forbidden else Status.DEPRECATED
    parser = _RegexParser(key)
    uses_groups = False
    try:
        node = parser.parse()
        templates = [_Replacement.parse(option, parser.groups) for option in options]
        uses_groups = any(t.uses_groups for t in templates)
        variants = _vale_variants(node, templates[0])
    except _Inexpressible as exc:
        if uses_groups:
            builder.note(
                f"the swap {key!r} cannot be listed as terms ({exc}) and its replacement "
                f"{value!r} copies a capture group; not imported",
                line,
            )
            return
        _vale_pattern(builder, key, options, ignore_case=ignore_case, forbidden=forbidden,
                      line=line)  # fmt: skip
        entry = builder.entries.get(options[0])
        if entry is not None:
            _vale_notes(entry, key, options, message, level, rule, ignore_case)
        return
    if all(not _WORD.search(v.form) for v in variants):
        # punctuation (smart quotes): folding takes it as a separator, so a term would not
        # match it; an exact pattern does
        for variant in variants:
            replacements = [variant.replacement, *options[1:]]
            _vale_pattern(builder, regex.escape(variant.form), replacements, ignore_case=True,
                          forbidden=forbidden, line=line)  # fmt: skip
            entry = builder.entries.get(variant.replacement)
            if entry is not None:
                _vale_notes(entry, key, options, message, level, rule, ignore_case)
        return
    if any(_needs_lookaround(v) for v in variants):
        for variant in variants:  # exceptions that terms cannot hold: one pattern each
            source = _variant_pattern(variant)
            source = source if ignore_case else f"(?-i:{source})"
            replacements = [variant.replacement, *options[1:]]
            _vale_pattern(builder, source, replacements, ignore_case=True,
                          forbidden=forbidden, line=line)  # fmt: skip
            entry = builder.entries.get(variant.replacement)
            if entry is not None:
                _vale_notes(entry, key, options, message, level, rule, ignore_case)
        return
    pairs = [(v, not ignore_case) for v in variants]
    for entry in _add_variants(builder, pairs, line=line, status=status):
        entry.case_by_pattern = entry.case_by_pattern or not ignore_case
        if entry.preferred == options[0]:
            entry.alternates.extend(_Form(o, not ignore_case, line) for o in options[1:])
        _vale_notes(entry, key, options, message, level, rule, ignore_case)


def _vale_variants(node: _Node, template: _Replacement) -> list[_Variant]:
    """Expand a Vale key: plain strings first, else strings with exceptions that work as terms."""
    try:
        found, _, reasons = _variants(node, template, allow_contexts=False)
    except _Inexpressible:
        found, reasons = [], ["retry"]
    if reasons:
        found, _, reasons = _variants(node, template, loose_edges=True)
        if reasons:
            raise _Inexpressible(reasons[0])
    return _drop_unreachable(found)


def _needs_lookaround(variant: _Variant) -> bool:
    """Return True when an exception of a variant would not work as an admitted term.

    An admitted term that begins with a space or hyphen folds like the variant itself; one
    that begins or ends with punctuation needs a word boundary beside it that the text may
    not have (``nvidia/Llama``).
    """
    for left, right in variant.exceptions:
        if not _exception_needed(variant.form, left, right):
            continue
        text = left + variant.form + right
        if _clean(text) != text or fold(text) == fold(variant.form):
            return True
        if (left and not needs_boundary(left[0])) or (right and not needs_boundary(right[-1])):
            return True
    return False


def _variant_pattern(variant: _Variant) -> str:
    """Return a regex for a variant and its exceptions, as lookarounds."""

    def esc(text: str) -> str:
        """Escape a text for the regex module (spaces kept as they are)."""
        return regex.escape(text, special_only=True, literal_spaces=True)

    form = esc(variant.form)
    guards = []
    for left, right in sorted(variant.exceptions):
        if left and right:
            guards.append(f"(?!(?<={esc(left)}){form}{esc(right)})")
        elif left:
            guards.append(f"(?<!{esc(left)})")
        elif right:
            guards.append(f"(?!{form}{esc(right)})")
    return "".join(guards) + form


def _vale_pattern(
    builder: _Builder,
    key: str,
    options: Sequence[str],
    *,
    ignore_case: bool,
    forbidden: bool,
    line: int,
) -> None:
    """Keep a Vale key as a glossary pattern (case-sensitive unless ``ignorecase``)."""
    source = key if ignore_case else f"(?-i:{key})"
    try:
        compiled = compile_pattern(source)
        if compiled.fullmatch(""):
            raise regex.error("it matches the empty string")
    except regex.error as err:
        builder.note(f"the swap {key!r} is not a usable pattern ({err}); not imported", line)
        return
    preferred = options[0]
    if not _usable(preferred) or _clean(preferred) != preferred:
        builder.note(f"the replacement {preferred!r} cannot be a term; not imported", line)
        return
    entry = builder.entry(preferred, line)
    entry.patterns.append((source, line))
    entry.alternates.extend(_Form(o, not ignore_case, line) for o in options[1:])
    if compiled.fullmatch(preferred):  # the key matches other casings of its replacement
        entry.case_sensitive = True
    if forbidden:  # reported, rewritten only on request, as Vale only suggests
        entry.forbidden_patterns.add(source)


def _vale_notes(
    entry: _Entry,
    key: str,
    options: Sequence[str],
    message: str,
    level: str,
    rule: str,
    ignore_case: bool,
) -> None:
    """Record a Vale rule's message and level on a concept."""
    if len(options) > 1:
        entry.notes.append(f"Vale suggests {' or '.join(repr(o) for o in options)}.")
    elif message.count("%s") == 2:
        entry.notes.append(message.replace("%s", entry.preferred, 1).replace("%s", key, 1))
    entry.tags.append(f"vale:{rule}:{level}")
    if not ignore_case:
        entry.case_sensitive = True


# -- codespell ---------------------------------------------------------------------------------


def _read_codespell_lines(builder: _Builder, path: str, text: str) -> None:
    """Read codespell's ``wrong->right`` lines into the builder, as codespell reads them.

    codespell fixes a typo only when its line has no comma: after a trailing comma come
    several candidates, and after another comma a reason not to fix it.
    """
    builder.path = path
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        wrong, sep, data = line.partition("->")
        wrong = wrong.strip()
        if not sep or not wrong:
            raise InputError(
                Problem(code("input-syntax"), f"expected 'wrong->right', got {raw!r}", path, number)
            )
        comma = data.rfind(",")
        if comma >= 0:
            reason = data[comma + 1 :].strip()
            words = [w.strip() for w in data[:comma].split(",") if w.strip()]
            if len(words) > 1:  # as typos does: reported, never fixed by a guess
                builder.forbidden_only.append(
                    (wrong, number, f"several corrections: {', '.join(words)}")
                )
            else:
                why = f" ({reason})" if reason else ""
                builder.note(
                    f"'{wrong}' -> '{''.join(words)}' is not fixed by codespell{why}; not imported",
                    number,
                )
            continue
        correct = data.strip()
        if correct.casefold() == wrong.casefold() or not _usable(correct) or not _usable(wrong):
            builder.note(
                f"'{wrong}' -> '{correct}' cannot be a glossary entry; not imported", number
            )
            continue
        entry = builder.entry(correct, number)
        entry.variants.append(_Form(wrong, False, number))
