"""The quotes step: quotation marks in the target language's style, paired by nesting.

Only quotation marks are touched. Each mark's role (opening or closing) comes from what
stands around it, not from its shape, so ``“…»`` and ``"…"`` are read alike; marks are
paired by nesting within a paragraph, and a pair gets the language's primary marks at the
outer level and its alternate marks inside, whatever marks it had (single quotes at the outer
level become the primary marks). The marks are CLDR's delimiters (``terms/data/quotes.json``,
made by ``scripts/make_quotes_data.py``). A mark that cannot be paired is reported and left
as it is. Apostrophes inside words change only
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
_NEVER_OPENED_BY = ".,;:!?)]}>"  # what never follows an opening mark
_PARAGRAPH = regex.compile(r"(?:\r\n|\r|\n)[ \t\u00a0\u202f]*(?:\r\n|\r|\n)")
_NO_BREAK = "\u00a0\u202f"
# Languages whose guillemets take a no-break space inside (a typographic rule, not CLDR data).
# French: U+00A0 inside « », as before ":" (the Imprimerie nationale's rules; the thin U+202F
# goes before ; ! ?, see terms.clean.unicode); a thin one found inside is accepted as well.
_SPACED = frozenset({"fr"})


Style = tuple[str, str, str, str]  # primary opening and closing marks, alternate ones


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
def _styles() -> dict[str, Style]:
    """Return the quotation marks of each language (from the shipped CLDR extract)."""
    path = Path(__file__).parent.parent / "data" / "quotes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {tag: tuple(marks) for tag, marks in data.items() if not tag.startswith("_")}


def quote_style(lang: str) -> Style | None:
    """Return a language's primary and alternate quotation marks, or None when unknown.

    >>> quote_style("de-AT"), quote_style("fr-CH")
    (('„', '“', '‚', '‘'), ('«', '»', '‹', '›'))
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


def _role(text: str, index: int, spaced: bool) -> str | None:
    """Return whether the mark at ``index`` opens or closes, from what stands around it.

    Marks are read as if glued to the marks next to them (white space between two marks is
    looked through: restyling may glue them, and French puts a no-break space there). In a
    language that ``spaced`` its guillemets (French), no-break spaces next to a guillemet are
    looked through too: they are its inside; elsewhere a no-break space is a space. Guillemets
    may also have a space inside (``« texte »``): when what stands right next to one does not
    tell, the side with a space is the inside, and with spaces on both sides the guillemet's
    shape decides.
    """
    guillemet = text[index] in _GUILLEMETS
    through = guillemet and spaced
    before = _at(text, _next_to(text, index, -1, through=through))
    after = _at(text, _next_to(text, index, 1, through=through))
    plain = _flanking(before, after)
    if plain is not None or not guillemet:
        return plain
    ahead, back = index + 1, index
    while ahead < len(text) and text[ahead] in HSPACE:
        ahead += 1
    while back > 0 and text[back - 1] in HSPACE:
        back -= 1
    opens = ahead > index + 1 and _flanking(before, visible_after(text, ahead)) == "open"
    closes = back < index and _flanking(visible_before(text, back), after) == "close"
    if opens and closes:
        return "open" if text[index] in "«‹" else "close"
    return "open" if opens else "close" if closes else None


def _next_to(text: str, index: int, step: int, *, through: bool) -> int:
    """Return where what stands next to the mark at ``index`` is (before it for -1, after for 1).

    Masked characters are looked past; so is white space when a quotation mark stands beyond
    it, and no-break spaces when ``through``. The position may be beyond either end.
    """
    position = index + step
    while 0 <= position < len(text) and text[position] == MASK:
        position += step
    beyond = position
    while 0 <= beyond < len(text) and text[beyond] in HSPACE + MASK:
        beyond += step
    if beyond != position and 0 <= beyond < len(text) and text[beyond] in DOUBLE + SINGLE:
        return beyond
    if through:
        while 0 <= position < len(text) and text[position] in _NO_BREAK + MASK:
            position += step
    return position


def _flanking(before: str | None, after: str | None) -> str | None:
    """Return "open" or "close" for a mark between ``before`` and ``after``, else None."""
    can_open = (
        after is not None
        and not after.isspace()
        and after not in _NEVER_OPENED_BY
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


def _pair(
    text: str, start: int, end: int, style: Style, spaced: bool, findings: list[Finding]
) -> list[_Mark]:
    """Pair the marks of one paragraph by nesting; report those that have no partner.

    An apostrophe after a word (``’`` or ``'``) closes the innermost open quotation when that
    one is, or will be once restyled, a single one (``‘…’``); otherwise it is an apostrophe
    (the ministers’ offices). Deciding by the style a quotation gets, not by the marks it
    has, reads a cleaned text as its input was read.
    """
    marks: list[_Mark] = []
    stack: list[_Mark] = []
    for index, role in _roles(text, start, end, spaced).items():
        glyph = text[index]
        if role is None:
            continue  # a mark inside a word, or alone between spaces: not ours to judge
        mark = _Mark(index, glyph, glyph in DOUBLE, role)
        if role == "open":
            mark.depth = len(stack)
            stack.append(mark)
            continue
        if glyph in APOSTROPHES:
            if stack and (not stack[-1].double or style[_level(stack[-1].depth)] in SINGLE):
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


def _roles(text: str, start: int, end: int, spaced: bool) -> dict[int, str | None]:
    """Return the role of each quotation mark of a paragraph, in text order.

    An opening ``'`` before a digit is no mark (``'90s``), nor is an apostrophe in a word.
    """
    roles: dict[int, str | None] = {}
    for index in range(start, end):
        if text[index] not in DOUBLE + SINGLE or in_word_apostrophe(text, index):
            continue
        role = _role(text, index, spaced)
        if not (role == "open" and text[index] == "'" and _digit_after(text, index)):
            roles[index] = role
    return roles


def _at(text: str, index: int) -> str | None:
    """Return the character at ``index``, or None beyond either end."""
    return text[index] if 0 <= index < len(text) else None


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
        for mark in _pair(text, position, paragraph_end, style, spaced, findings):
            assert mark.partner is not None
            low, high = sorted((mark.index, mark.partner))
            if text[low + 1 : high].strip(HSPACE + MASK):
                findings.append(_restyle(text, mark, style, spaced))  # an empty pair stays
        position = next_start
    changed = [f for f in findings if not f.applied or text[f.start : f.end] != f.replacement]
    return sorted(changed, key=lambda f: f.start)


def _level(depth: int) -> int:
    """Return where the opening mark of a nesting depth stands in a style (primary, alternate)."""
    return 0 if depth % 2 == 0 else 2


def _restyle(text: str, mark: _Mark, style: Style, spaced: bool) -> Finding:
    """Return the finding that gives a paired mark the style of its nesting level.

    A guillemet, or a mark that becomes one, loses the spaces inside it, and a language that
    spaces guillemets (French) gets one no-break space there; a no-break space outside a
    spaced guillemet becomes a plain one (but between two marks, or before ``; : ! ?``, where
    it belongs to something else).
    """
    opening = mark.role == "open"
    glyph = style[_level(mark.depth) + (0 if opening else 1)]
    start, end = mark.index, mark.index + 1
    inner = glyph in _GUILLEMETS and spaced
    strip = glyph in _GUILLEMETS or mark.glyph in _GUILLEMETS
    if opening:
        while strip and end < len(text) and text[end] in HSPACE:
            end += 1
        outside = _outside_space(text, start - 1, -1) if inner else False
        replacement = (" " if outside else "") + glyph + (NBSP if inner else "")
        start -= outside
    else:
        while strip and start > 0 and text[start - 1] in HSPACE:
            start -= 1
        outside = _outside_space(text, end, 1) if inner else False
        replacement = (NBSP if inner else "") + glyph + (" " if outside else "")
        end += outside
    if text[start:end] in (replacement, _thin(replacement)):
        return Finding(start, end, text[start:end], "quote")
    return Finding(start, end, replacement, "quote")


def _outside_space(text: str, index: int, step: int) -> bool:
    """Return True for a no-break space at ``index`` that stands outside a guillemet alone.

    Not when the white space there leads to another mark (it belongs to both) or to
    ``; : ! ?`` (French spaces them).
    """
    if not (0 <= index < len(text)) or text[index] not in _NO_BREAK:
        return False
    beyond = index
    while 0 <= beyond < len(text) and text[beyond] in HSPACE:
        beyond += step
    return not (0 <= beyond < len(text)) or text[beyond] not in DOUBLE + SINGLE + ";:!?"


def _thin(replacement: str) -> str:
    """Return a French spaced mark with a thin no-break space (accepted as well)."""
    return replacement.replace(NBSP, "\u202f")
