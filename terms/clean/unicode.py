"""The unicode step: mojibake, NFC, invisible and control characters, non-breaking spaces."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable

import ftfy
import regex

from terms.clean.base import NBSP, NNBSP, Context, Finding, primary
from terms.formats.base import MASK

# Invisible characters that carry nothing in running text (a soft hyphen, zero-width space,
# word joiner, invisible operators, a BOM inside the text). Joiners (U+200C, U+200D) and
# bidirectional marks are left: Persian, Indic scripts and emoji need them.
_INVISIBLE = regex.compile("[\u00ad\u200b\u2060-\u2064\ufeff]+")
# Control characters except tab, line feed, form feed and carriage return.
_CONTROL = regex.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]+")
_C1 = regex.compile("[\x80-\x9f]+")
_WORD = regex.compile(r"\S+")
# what a repair of European mojibake never gives: beyond Latin-1, Latin Extended-A, Greek,
# Cyrillic and Armenian, but punctuation
_UNLIKELY = regex.compile("[^\\x00-\\u017f\\u0370-\\u058f\\u2000-\\u206f\\u20ac\\u2122\\ue000]")
# UTF-8 read as Latin-1 or Windows-1252: a lead byte (Â to ô) before a continuation byte
_UTF8_AS_LATIN = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]"
)
_CLUSTER = regex.compile(r"\X")
_NO_BREAK = regex.compile(f"[{NBSP}{NNBSP}\u2007]")
# French: a thin or plain no-break space before ; ! ? and : that close a word or a quotation.
_FRENCH_MARK = regex.compile(r"[;:!?]")
_QUOTES = "“”„‟«»\"‘’‚‛‹›'"
_FRENCH_SPACE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP}

Pass = Callable[[str, Context], list[Finding]]


def mojibake(text: str, context: Context) -> list[Finding]:
    """Repair text decoded with the wrong encoding, word by word, with ftfy.

    Word by word, so that what stands around a word (a no-break space, another script)
    never decides whether it is repaired.

    >>> from terms.clean.base import CleanSettings
    >>> en = Context("en", CleanSettings())
    >>> [(f.start, f.end, f.replacement) for f in mojibake("countryâ€™s", en)]
    [(7, 10, '’')]
    """
    findings: list[Finding] = []
    for line in _WORD.finditer(text):
        original = line.group()
        if original.isascii() or not _UTF8_AS_LATIN.search(original):
            continue
        fixed = ftfy.fix_encoding(original)
        if fixed == original or fixed.count(MASK) != original.count(MASK):
            continue
        if _UNLIKELY.search(fixed) and not _UNLIKELY.search(original):
            continue  # "é”“" is not 锓: a repair into a far script is a false alarm
        matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
        for op, a, b, c, d in matcher.get_opcodes():
            if op != "equal":
                findings.append(Finding(line.start() + a, line.start() + b, fixed[c:d], "mojibake"))
    return findings


def nfc(text: str, context: Context) -> list[Finding]:
    """Compose characters to NFC, one grapheme cluster at a time.

    >>> from terms.clean.base import CleanSettings
    >>> [f.replacement for f in nfc("Cafe\\u0301", Context("en", CleanSettings()))] == ["\\u00e9"]
    True
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    findings = []
    for cluster in _CLUSTER.finditer(text):
        composed = unicodedata.normalize("NFC", cluster.group())
        if composed != cluster.group():
            findings.append(Finding(cluster.start(), cluster.end(), composed, "nfc"))
    return findings


def invisible(text: str, context: Context) -> list[Finding]:
    """Remove invisible characters and C0 control characters (before mojibake is repaired).

    >>> from terms.clean.base import CleanSettings
    >>> en = Context("en", CleanSettings())
    >>> [(f.start, f.kind) for f in invisible("Ka\\u00adra\\x07baj", en)]
    [(2, 'invisible'), (5, 'control')]
    """
    findings = [Finding(m.start(), m.end(), "", "invisible") for m in _INVISIBLE.finditer(text)]
    findings += [Finding(m.start(), m.end(), "", "control") for m in _CONTROL.finditer(text)]
    return sorted(findings, key=lambda f: f.start)


def c1_controls(text: str, context: Context) -> list[Finding]:
    """Remove C1 control characters left once mojibake is repaired (they may be part of it)."""
    return [Finding(m.start(), m.end(), "", "control") for m in _C1.finditer(text)]


def no_break_spaces(text: str, context: Context) -> list[Finding]:
    """Put no-break spaces where the language wants them and plain spaces everywhere else.

    French wants one before ``; : ! ?`` and inside guillemets; a no-break space between
    digits (a thousands separator) stays in every language.

    >>> from terms.clean.base import CleanSettings
    >>> en, fr = Context("en", CleanSettings()), Context("fr", CleanSettings())
    >>> [(f.start, f.replacement) for f in no_break_spaces("a\\u00a0b", en)]
    [(1, ' ')]
    >>> [(f.start, f.replacement) for f in no_break_spaces("Quoi ?", fr)]
    [(4, '\\u202f')]
    """
    french = primary(context.lang) == "fr"
    findings: list[Finding] = []
    wanted: set[int] = set()
    if french:
        for mark in _FRENCH_MARK.finditer(text):
            finding = _french_space(text, mark.start())
            if finding is not None:
                findings.append(finding)
                wanted.add(finding.start)
            elif mark.start() > 0 and _NO_BREAK.match(text[mark.start() - 1]):
                wanted.add(mark.start() - 1)
    for space in _NO_BREAK.finditer(text):
        at = space.start()
        if at in wanted:
            continue
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue
        if french and (before == "«" or after == "»" or before == "‹" or after == "›"):
            continue
        findings.append(Finding(at, at + 1, " ", "nbsp"))
    return sorted(findings, key=lambda f: f.start)


def _french_space(text: str, at: int) -> Finding | None:
    """Return the finding that puts a no-break space before the French mark at ``at``."""
    mark = text[at]
    after = text[at + 1] if at + 1 < len(text) else None
    if after is not None and not (after.isspace() or after in _QUOTES + MASK):
        return None  # 12:30, http://, a:b
    before = text[at - 1] if at else None
    if before is None or before in "\n\r" or before in ";:!?":
        return None
    if before in (NBSP, NNBSP):
        return None  # either no-break space will do
    if before in " \t":
        start = at - 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] in "\n\r":
            return None  # a mark at the start of a line
        return Finding(start, at, _FRENCH_SPACE[mark], "nbsp")
    if before.isalnum() or before in "»)]”’":
        return Finding(at, at, _FRENCH_SPACE[mark], "nbsp")
    return None


PASSES: tuple[Pass, ...] = (nfc, invisible, mojibake, c1_controls, no_break_spaces)
