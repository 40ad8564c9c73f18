"""The unicode step: mojibake, NFC, invisible and control characters, non-breaking spaces.

Most of its passes run first in the pipeline (:data:`PASSES`); those on no-break spaces
(:data:`LATE_PASSES`) run once terms and quotation marks are final, since what stands next to
a space decides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import ftfy
import regex

from terms.clean.base import HSPACE, NBSP, NNBSP, Context, Finding, primary
from terms.formats.base import MASK

# Invisible characters that carry nothing in running text (a soft hyphen, zero-width space,
# word joiner, invisible operators, a BOM inside the text). Joiners (U+200C, U+200D) and
# bidirectional marks are left: Persian, Indic scripts and emoji need them.
_INVISIBLE = regex.compile("[\u00ad\u200b\u2060-\u2064\ufeff]+")
# Control characters except tab, line feed, form feed and carriage return.
_CONTROL = regex.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]+")
_C1 = regex.compile("[\x80-\x9f]+")
# what a repair of European mojibake never gives: beyond Latin-1, Latin Extended-A, Greek,
# Cyrillic and Armenian, but punctuation
_UNLIKELY = regex.compile("[^\\x00-\\u017f\\u0370-\\u058f\\u2000-\\u206f\\u20ac\\u2122\\ue000]")
# UTF-8 read as Latin-1 or Windows-1252: whole byte sequences, each a lead byte (Â to ô) and
# the continuation bytes it needs (the characters of bytes 0x80 to 0xBF in either table)
_CONTINUATION = (
    "[\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153"
    "\u017e\u0178]"
)
_UTF8_AS_LATIN = regex.compile(
    f"(?:[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}})+"
)
_CLUSTER = regex.compile(r"\X")
_NO_BREAK = regex.compile(f"[{NBSP}{NNBSP}\u2007]")
# French: a thin or plain no-break space before ; ! ? and : that close a word or a quotation.
_FRENCH_MARK = regex.compile(r"[;:!?]")
_QUOTES = "“”„‟«»\"‘’‚‛‹›'"
_GUILLEMETS_SET = frozenset("«»‹›")
_KEEPS_NBSP_BEFORE = frozenset(";:!?")  # in French
_FRENCH_SPACE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP}

Pass = Callable[[str, Context], list[Finding]]


def mojibake(text: str, context: Context) -> list[Finding]:
    """Repair text decoded with the wrong encoding, one run of misread byte sequences at a time.

    Only the misread sequences themselves go to ftfy, so that what stands around them (a
    quotation mark, a no-break space, another script) never decides whether they are repaired.

    >>> from terms.clean.base import CleanSettings
    >>> en = Context("en", CleanSettings())
    >>> [(f.start, f.end, f.replacement) for f in mojibake('“countryâ€™s"', en)]
    [(8, 11, '’')]
    """
    findings: list[Finding] = []
    for run in _UTF8_AS_LATIN.finditer(text):
        original = run.group()
        fixed = _repaired(original)
        if fixed != original and not _UNLIKELY.search(fixed):
            findings.append(Finding(run.start(), run.end(), fixed, "mojibake"))
    return findings


def _repaired(text: str) -> str:
    """Return ``text`` with its encoding repaired by ftfy until nothing more changes."""
    for _ in range(3):  # mojibake of mojibake is repaired a layer at a time
        fixed = ftfy.fix_encoding(text)
        if fixed == text:
            break
        text = fixed
    return text


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
    """Make no-break spaces plain spaces where the language does not want them.

    A no-break space between digits (a thousands separator) stays in every language; in French
    one before ``; : ! ?`` stays, and so do the spaces next to a guillemet (the quotes step,
    which knows which side of a guillemet is the inside, has put them right, and reads them).

    >>> from terms.clean.base import CleanSettings
    >>> en, fr = Context("en", CleanSettings()), Context("fr", CleanSettings())
    >>> [(f.start, f.replacement) for f in no_break_spaces("a\u00a0b 6\u00a0500", en)]
    [(1, ' ')]
    >>> no_break_spaces("Quoi\u00a0? «\u00a0oui\u00a0»", fr)
    []
    """
    french = primary(context.lang) == "fr"
    findings: list[Finding] = []
    for space in _NO_BREAK.finditer(text):
        at = space.start()
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue
        if french and (after in _KEEPS_NBSP_BEFORE or _by_a_guillemet(text, at)):
            continue
        findings.append(Finding(at, at + 1, " ", "nbsp"))
    return findings


def _by_a_guillemet(text: str, at: int) -> bool:
    """Return True when the white space around ``at`` touches a guillemet."""
    start, end = at, at + 1
    while start > 0 and text[start - 1] in HSPACE:
        start -= 1
    while end < len(text) and text[end] in HSPACE:
        end += 1
    return (start > 0 and text[start - 1] in _GUILLEMETS_SET) or (
        end < len(text) and text[end] in _GUILLEMETS_SET
    )


def french_spacing(text: str, context: Context) -> list[Finding]:
    """Put the no-break space that French wants before ``; : ! ?`` (after the other steps).

    A thin one (U+202F) before ``; ! ?`` and a plain one (U+00A0) before ``:``, as the
    Imprimerie nationale's rules have it; an existing one of either kind is kept.

    >>> from terms.clean.base import CleanSettings
    >>> fr = Context("fr", CleanSettings())
    >>> [(f.start, f.end, f.replacement) for f in french_spacing("Quoi ? Non: 12:30 !", fr)]
    [(4, 5, '\u202f'), (10, 10, '\u00a0'), (17, 18, '\u202f')]
    """
    if primary(context.lang) != "fr":
        return []
    found = (_french_space(text, mark.start()) for mark in _FRENCH_MARK.finditer(text))
    return [finding for finding in found if finding is not None]


def _french_space(text: str, at: int) -> Finding | None:
    """Return the finding that puts a no-break space before the French mark at ``at``."""
    mark = text[at]
    after = text[at + 1] if at + 1 < len(text) else None
    if after is not None and not (after.isspace() or after in _QUOTES + MASK):
        return None  # 12:30, http://, a:b
    start = at
    while start > 0 and text[start - 1] in HSPACE:
        start -= 1
    if start == 0 or text[start - 1] in "\n\r;:!?":
        return None  # a mark at the start of a line, or after another mark
    before, spaces = text[start - 1], text[start:at]
    if spaces in (NBSP, NNBSP):
        return None  # either no-break space will do
    if spaces or before.isalnum() or before in "»)]”’":
        return Finding(start, at, _FRENCH_SPACE[mark], "nbsp")
    return None


PASSES: tuple[Pass, ...] = (mojibake, nfc, invisible, c1_controls)
# after terms and quotation marks, which may change what stands next to a space
LATE_PASSES: tuple[Pass, ...] = (no_break_spaces, french_spacing)
