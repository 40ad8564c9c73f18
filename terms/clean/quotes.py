"""The quotes step: quotation marks in the target language's style, paired by nesting.

Only quotation marks are touched. Each mark's role (opening or closing) comes from what
stands around it, not from its shape, so ``“…»`` and ``"…"`` are read alike; marks are
paired by nesting within a paragraph, and a pair gets the language's primary marks at the
outer level and its alternate marks inside, whatever marks it had (single quotes at the outer
level become the primary marks) (from CLDR, ``terms/data/quotes.json``). A mark
that cannot be paired is reported and left as it is. Apostrophes inside words change only
when the ``apostrophe`` setting asks.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import regex

from terms.clean.base import HSPACE, NBSP, Context, Finding, primary, visible_after, visible_before
from terms.formats.base import MASK

DOUBLE = '“”„‟«»"'
SINGLE = "‘’‚‛‹›'"
APOSTROPHES = "’'"
_GUILLEMETS = "«»‹›"
_OPEN_BEFORE = "([{<—–-‒/" + MASK  # what may stand before an opening mark
_CLOSE_AFTER = ".,;:!?)]}>—–-‒/…" + MASK  # what may follow a closing mark
_PARAGRAPH = regex.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_NO_BREAK = "\u00a0\u202f"
_SPACED = frozenset({"fr"})  # languages whose guillemets take a no-break space inside


@dataclass
class _Mark:
    """A quotation mark found in the text, and what the pairing made of it."""

    index: int
    glyph: str
    double: bool
    role: str  # "open" or "close"
    depth: int = 0
    partner: int | None = None


@functools.cache
def _styles() -> dict[str, tuple[str, str, str, str]]:
    """Return the quotation marks of each language (from the shipped CLDR extract)."""
    path = Path(__file__).parent.parent / "data" / "quotes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {tag: tuple(marks) for tag, marks in data.items() if not tag.startswith("_")}


def quote_style(lang: str) -> tuple[str, str, str, str] | None:
    """Return a language's primary and alternate quotation marks, or None when unknown.

    >>> quote_style("de-AT"), quote_style("es")
    (('„', '“', '‚', '‘'), ('«', '»', '“', '”'))
    """
    styles = _styles()
    parts = lang.split("-")
    for length in range(len(parts), 0, -1):
        tag = "-".join(parts[:length])
        if tag in styles:
            return styles[tag]
    return None


def in_word_apostrophe(text: str, index: int) -> bool:
    """Return True for ``’`` or ``'`` between two letters (``Pashinyan’s``, ``l'État``)."""
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return text[index] in APOSTROPHES and before.isalpha() and after.isalpha()


def _role(text: str, index: int) -> str | None:
    """Return whether the mark at ``index`` opens or closes, from what stands around it.

    Guillemets may have a space inside (``« texte »``): when what stands right next to one
    does not tell, what stands beyond that space does.
    """
    before = visible_before(text, index)
    after = visible_after(text, index + 1)
    if text[index] not in _GUILLEMETS:  # the no-break space inside a guillemet belongs to it
        back, ahead = index, index + 1
        while back > 0 and text[back - 1] in _NO_BREAK:
            back -= 1
        while ahead < len(text) and text[ahead] in _NO_BREAK:
            ahead += 1
        if back < index and back > 0 and text[back - 1] in _GUILLEMETS:
            before = text[back - 1]
        if ahead > index + 1 and ahead < len(text) and text[ahead] in _GUILLEMETS:
            after = text[ahead]
    if text[index] not in _GUILLEMETS:
        return _flanking(before, after)
    plain = _flanking(before, after)
    for spaces in (_NO_BREAK, HSPACE):  # our own no-break spaces first
        position = index + 1
        while position < len(text) and text[position] in spaces:
            position += 1
        back = index
        while back > 0 and text[back - 1] in spaces:
            back -= 1
        inside_after, inside_before = position > index + 1, back < index
        if not inside_after and not inside_before:
            continue
        opens = _flanking(before, visible_after(text, position)) == "open"
        closes = _flanking(visible_before(text, back), after) == "close"
        if spaces is _NO_BREAK:  # a no-break space on one side only is the inside
            if opens and inside_after and not (closes and inside_before):
                return "open"
            if closes and inside_before and not (opens and inside_after):
                return "close"
        if opens and closes and plain is None:
            return "open" if text[index] in "«‹" else "close"  # spaces on both sides
    return plain


def _flanking(before: str | None, after: str | None) -> str | None:
    """Return "open" or "close" for a mark between ``before`` and ``after``, else None."""
    can_open = (
        after is not None
        and not after.isspace()
        and (
            before is None
            or before.isspace()
            or before in _OPEN_BEFORE
            or before in DOUBLE + SINGLE
        )
    )
    can_close = (
        before is not None
        and not before.isspace()
        and (after is None or after.isspace() or after in _CLOSE_AFTER or after in DOUBLE + SINGLE)
    )
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return None


def _pair(text: str, start: int, end: int, findings: list[Finding]) -> list[_Mark]:
    """Pair the marks of one paragraph by nesting; report those that have no partner."""
    marks: list[_Mark] = []
    stack: list[_Mark] = []
    for index in range(start, end):
        glyph = text[index]
        if glyph not in DOUBLE and glyph not in SINGLE:
            continue
        if in_word_apostrophe(text, index):
            continue
        role = _role(text, index)
        if role is None:
            continue  # a mark inside a word, or alone between spaces: not ours to judge
        mark = _Mark(index, glyph, glyph in DOUBLE, role)
        if role == "open":
            if not mark.double and glyph == "'" and _digit_after(text, index):
                continue  # '90s
            mark.depth = len(stack)
            stack.append(mark)
            continue
        if glyph in APOSTROPHES:
            if stack and not stack[-1].double:
                _join(stack.pop(), mark, marks)
            continue  # otherwise an apostrophe closing a word (the ministers’ offices)
        if not stack:
            if not (glyph == '"' and (visible_before(text, index) or "").isdigit()):
                findings.append(Finding(index, index + 1, None, "unmatched-quote", applied=False))
            continue
        _join(stack.pop(), mark, marks)
    for mark in stack:
        _unmatched(mark, findings)
    return marks


def _digit_after(text: str, index: int) -> bool:
    """Return True when a digit follows ``index``."""
    return index + 1 < len(text) and text[index + 1].isdigit()


def _join(opener: _Mark, closer: _Mark, marks: list[_Mark]) -> None:
    """Record a pair of marks."""
    closer.depth = opener.depth
    opener.partner, closer.partner = closer.index, opener.index
    marks += [opener, closer]


def _unmatched(mark: _Mark, findings: list[Finding]) -> None:
    """Report a mark without a partner (a lone straight ``'`` is taken for an apostrophe)."""
    if mark.glyph != "'":
        findings.append(Finding(mark.index, mark.index + 1, None, "unmatched-quote", False))


def quotes(text: str, context: Context) -> list[Finding]:
    """Return the findings that put the text's quotation marks in the language's style.

    >>> from terms.clean.base import CleanSettings
    >>> ctx = Context("en", CleanSettings())
    >>> [(f.start, f.replacement) for f in quotes('"Hi," he said.', ctx)]
    [(0, '“'), (4, '”')]
    >>> [(f.start, f.kind) for f in quotes("“It continues». Done", ctx)]
    [(13, 'quote')]
    """
    style = quote_style(context.lang)
    findings: list[Finding] = []
    apostrophe = context.settings.apostrophe
    if apostrophe:
        for index, glyph in enumerate(text):
            if glyph != apostrophe and in_word_apostrophe(text, index):
                findings.append(Finding(index, index + 1, apostrophe, "apostrophe"))
    if style is None:
        return findings
    spaced = primary(context.lang) in _SPACED
    position = 0
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for paragraph_end, next_start in breaks:
        for mark in _pair(text, position, paragraph_end, findings):
            assert mark.partner is not None
            low, high = sorted((mark.index, mark.partner))
            if text[low + 1 : high].strip(HSPACE + MASK):
                findings.append(_restyle(text, mark, style, spaced))  # an empty pair stays
        position = next_start
    changed = [f for f in findings if not f.applied or text[f.start : f.end] != f.replacement]
    return sorted(changed, key=lambda f: f.start)


def _restyle(text: str, mark: _Mark, style: tuple[str, str, str, str], spaced: bool) -> Finding:
    """Return the finding that gives a paired mark the style of its nesting level."""
    primary_level = mark.depth % 2 == 0
    opening = mark.role == "open"
    glyph = style[(0 if primary_level else 2) + (0 if opening else 1)]
    start, end = mark.index, mark.index + 1
    inner = glyph in _GUILLEMETS and spaced
    if opening:
        while end < len(text) and text[end] in HSPACE:
            end += 1
        strip = inner or mark.glyph in _GUILLEMETS
        replacement = glyph + NBSP if inner else glyph
        if not strip:
            end = mark.index + 1
    else:
        while start > 0 and text[start - 1] in HSPACE:
            start -= 1
        strip = inner or mark.glyph in _GUILLEMETS
        replacement = NBSP + glyph if inner else glyph
        if not strip:
            start = mark.index
    if text[start:end] in (replacement, _thin(replacement)):
        return Finding(start, end, text[start:end], "quote")
    return Finding(start, end, replacement, "quote")


def _thin(replacement: str) -> str:
    """Return a French spaced mark with a thin no-break space (accepted as well)."""
    return replacement.replace(NBSP, "\u202f")
