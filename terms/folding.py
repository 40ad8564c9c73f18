"""Folding: the explicit processor that makes text comparable across case, accents and scripts.

``fold_text`` lowercases, strips diacritics, transliterates Cyrillic, Greek, Armenian and Georgian
letters (through anyascii), maps special Latin letters (``ı``, ``ł``, ``ŋ``, ``ß``), and collapses
runs of spaces, line breaks and hyphens to one space. It keeps a map from every position of the
folded text back to the original, so that matches found in folded text edit the original.

Folding is only ever used to *find* things; output is always built from the original text and
the glossary's own spellings.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator

import regex
from anyascii import anyascii

# For regular expression classes: the hyphens, escaped; and white space with them, which
# separate the words of a multi-word term.
HYPHEN_CLASS = r"\-\u2010\u2011"
SEPARATORS = r"\s" + HYPHEN_CLASS
APOSTROPHES = "'\u2019\u02bc\u02bb\u2018\u02b9\u2032"
# Words before an apostrophe that elide a vowel (l'Arménie, d'Ivoire, dell'Armenia): there the
# apostrophe ends a word; inside a name (O'Brien, Zest'aponi, Malatʻia) it is dropped.
ELISIONS = frozenset(
    {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}
    | {"dell", "all", "nell", "sull", "dall", "coll", "un"}
)
# Letters that folding takes as another letter than anyascii does (``Iraŋ`` is ``Iran``).
_LETTER_OVERRIDES = {"ŋ": "n", "Ŋ": "N"}
_TRANSLITERATED_SCRIPT = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Armenian}\p{Georgian}]")
# the scripts written without spaces between words, as a character class of the regex module
NO_SPACE_CLASS = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]"
_NO_SPACE_SCRIPT = regex.compile(NO_SPACE_CLASS)
_DIACRITIC_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))
# What needs more than ASCII lowercasing (special_spans): a run of two or more separators, and
# outside runs too a single tab, line break, hyphen or apostrophe, or any character beyond ASCII.
_SEPARATOR = regex.compile(f"[{SEPARATORS}]")
_SPECIAL_ALONE = regex.compile(f"[\\t\\n\\r\\f\\v{HYPHEN_CLASS}']|[^\\x00-\\x7f]")
# Where special_spans looks: any character but printable ASCII, where a single space counts as
# printable but a hyphen and an apostrophe do not. The standard library's re scans one
# character class about fifteen times faster than the regex module scans the plain pattern
# (runs|alone, which the tests compare with); a second branch for two spaces in a row makes it
# four times slower, so only text with them gets it.
_SPECIAL_CANDIDATE = re.compile(r"[^ !-&(-,.-~]")
_SPECIAL_CANDIDATE_OR_SPACES = re.compile(_SPECIAL_CANDIDATE.pattern + "| (?= )")


def _is_diacritic(ch: str) -> bool:
    """Return True for a combining diacritical mark (accents that folding drops)."""
    code = ord(ch)
    return any(low <= code <= high for low, high in _DIACRITIC_RANGES)


def is_no_space_script(ch: str) -> bool:
    """Return True for a character of a script written without spaces between words."""
    return bool(_NO_SPACE_SCRIPT.match(ch))


def script_of(text: str) -> str:
    """Return the script of the first letter of ``text`` as Unicode names it, or "".

    >>> script_of("Москва"), script_of("'Moskva"), script_of("東京"), script_of("12")
    ('CYRILLIC', 'LATIN', 'CJK', '')
    """
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "").partition(" ")[0]
    return ""


_WORD_CHAR = regex.compile(r"\w")


def is_word_char(ch: str) -> bool:
    """Return True for a character that continues a word: Unicode ``\\w`` (the regex module).

    That is letters, marks, digits and connector punctuation such as ``_``.
    """
    return _WORD_CHAR.match(ch) is not None


@functools.lru_cache(maxsize=8192)
def needs_boundary(ch: str) -> bool:
    """Return True when a match ending or starting next to ``ch`` needs a word boundary there."""
    return is_word_char(ch) and not is_no_space_script(ch)


@functools.lru_cache(maxsize=65536)
def fold_char(ch: str, keep_case: bool = False) -> str:
    """Fold one character; the result may be empty (dropped) or longer than one character.

    >>> fold_char("Ш"), fold_char("é"), fold_char("\u0301"), fold_char("ŋ"), fold_char("\\n")
    ('sh', 'e', '', 'n', ' ')
    >>> fold_char("Ж", keep_case=True)
    'Zh'
    """
    if _SEPARATOR.match(ch):
        return " "
    if ch in APOSTROPHES:
        return "'"
    if _is_diacritic(ch) or unicodedata.category(ch) == "Cf":
        return ""
    if ch in _LETTER_OVERRIDES:
        out = _LETTER_OVERRIDES[ch]
    elif ch < "\x80":
        out = ch
    elif unicodedata.category(ch)[0] in "LN" and _TRANSLITERATED_SCRIPT.match(
        unicodedata.normalize("NFKC", ch)[:1] or ch
    ):
        out = anyascii(unicodedata.normalize("NFKC", ch)).replace("'", "")
    else:
        out = unicodedata.normalize("NFKC", ch) if unicodedata.category(ch)[0] == "L" else ch
    return out if keep_case else out.lower()


_SPACE_RUN = regex.compile(f"[{SEPARATORS}]+")


def is_internal_apostrophe(text: str, index: int) -> bool:
    """Return True when the apostrophe at ``index`` sits inside a word and folding drops it.

    Also after a word's last letter (``Syunik'``, a transliterated soft sign), but not when it
    ends a word otherwise: possessive ``'s`` and ``s'``, an elision (``l'``, ``d'``, ``dell'``).

    >>> [is_internal_apostrophe(t, t.index("'")) for t in ("O'Brien", "Aliyev's", "l'Arménie")]
    [True, False, False]
    >>> [is_internal_apostrophe(t, t.index("'")) for t in ("Syunik' x", "the Bahamas' x")]
    [True, False]
    """
    if not (index > 0 and text[index - 1].isalpha()):
        return False
    if index == len(text) - 1 or not text[index + 1].isalpha():
        # at the end of a word: a transliterated soft sign (Syunik', Anadyr'), or the
        # possessive of a plural (the Bahamas' economy) after an "s"
        return text[index - 1] not in "sS"
    after = index + 2
    if text[index + 1] in "sS" and (after >= len(text) or not text[after].isalpha()):
        return False
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:index].lower() not in ELISIONS


def fold_chars(text: str, keep_case: bool = False) -> list[str]:
    """Fold each character of ``text`` in its context (one entry per character)."""
    return [
        "" if ch in APOSTROPHES and is_internal_apostrophe(text, i) else fold_char(ch, keep_case)
        for i, ch in enumerate(text)
    ]


def fold(text: str, keep_case: bool = False) -> str:
    """Fold a whole string (no position map): the key under which terms are indexed.

    >>> fold("Nagorno  Karabaj"), fold("Nagorno-Karabakh"), fold("Bakı"), fold("Пашинян")
    ('nagorno karabaj', 'nagorno karabakh', 'baki', 'pashinyan')
    >>> fold("Zest’aponi"), fold("Malatʻia"), fold("Côte d’Ivoire")
    ('zestaponi', 'malatia', "cote d'ivoire")
    """
    if _PLAIN_ASCII.fullmatch(text) and "  " not in text:  # nothing to fold but the case
        return (text if keep_case else text.lower()).strip(" ")
    return _SPACE_RUN.sub(" ", "".join(fold_chars(text, keep_case))).strip(" ")


# printable ASCII and single spaces, without the hyphen and apostrophe that folding changes
_PLAIN_ASCII = regex.compile(r"[ !-&(-,.-~]*")


@functools.lru_cache(maxsize=4096)
def _is_separator(ch: str) -> bool:
    """Return True for a character that folding takes as a separator (white space, hyphens)."""
    return _SEPARATOR.match(ch) is not None


@functools.lru_cache(maxsize=4096)
def _is_special_alone(ch: str) -> bool:
    """Return True for a character that folding must look at even outside a separator run."""
    return _SPECIAL_ALONE.match(ch) is not None


def special_spans(original: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of what folding must look at, in order.

    That is a run of two or more separators, a single tab, line break, hyphen or apostrophe,
    or a character outside ASCII. The text is scanned for single characters (and the first of
    two spaces in a row, in text that has them); a run of separators is grown around each.

    >>> list(special_spans("Nagorno-Karabakh, Pashinián's \\n text"))
    [(7, 8), (25, 26), (27, 28), (29, 32)]
    >>> list(special_spans("Nagorno   Karabakh"))
    [(7, 10)]
    """
    scan = _SPECIAL_CANDIDATE_OR_SPACES if "  " in original else _SPECIAL_CANDIDATE
    position = 0  # where the last span ended
    length = len(original)
    for found in scan.finditer(original):
        start = found.start()
        if start < position:
            continue  # inside a run already yielded
        ch = original[start]
        if _is_separator(ch):
            # a run may start at one plain space before it (two are a candidate themselves)
            run_start = start - 1 if start > position and original[start - 1] == " " else start
            end = start + 1
            while end < length and _is_separator(original[end]):
                end += 1
            if end - run_start > 1:
                yield run_start, end
                position = end
                continue
        if _is_special_alone(ch):
            yield start, start + 1
            position = start + 1


_WHITE_SPACE = regex.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space to one space and trim the ends.

    White space alone is never a change: ``Vladimir\nPutin`` is ``Vladimir Putin``.
    """
    return _WHITE_SPACE.sub(" ", text).strip(" ")


class FoldedText:
    """Folded text with a map back to the original.

    >>> ft = FoldedText("Nikol  Pashinián's")
    >>> ft.text
    "nikol pashinian's"
    >>> ft.original_span(6, 15)
    (7, 16)
    """

    def __init__(self, original: str) -> None:
        """Fold ``original`` and record where every piece of the folded text came from.

        The map is a list of segments ``(folded start, folded end, original start, original
        end, identity)``. Runs of characters that fold one for one (ASCII, and letters such as
        ``á`` that fold to one letter) form one identity segment, inside which positions map
        one for one; a character that folds to several (``Ш``: ``sh``), a run of separators,
        and a character that folding drops (a combining mark, joined to the character before)
        are segments of their own, mapped only at their edges.
        """
        self.original = original
        pieces: list[str] = []
        segments: list[tuple[int, int, int, int, bool]] = []
        folded_length = 0
        run_original = run_folded = 0  # where the open identity run starts
        position = 0  # how much of the original the pieces cover
        for start, end in special_spans(original):
            if start > position:
                pieces.append(original[position:start].lower())  # ASCII: one for one
                folded_length += start - position
            chunk = original[start:end]
            if len(chunk) > 1:
                folded = " "
            elif chunk in APOSTROPHES and is_internal_apostrophe(original, start):
                folded = ""
            else:
                folded = fold_char(chunk)
            position = end
            if len(chunk) == 1 and len(folded) == 1:
                pieces.append(folded)  # one for one: the identity run goes on
                folded_length += 1
                continue
            if folded:
                if start > run_original:
                    segments.append((run_folded, folded_length, run_original, start, True))
                pieces.append(folded)
                segments.append((folded_length, folded_length + len(folded), start, end, False))
                folded_length += len(folded)
            elif start > run_original:  # dropped: joined to the character before it
                if start - 1 > run_original:
                    segments.append((run_folded, folded_length - 1, run_original, start - 1, True))
                segments.append((folded_length - 1, folded_length, start - 1, end, False))
            elif segments:
                f_start, f_end, o_start, _, _ = segments[-1]
                segments[-1] = (f_start, f_end, o_start, end, False)
            run_original, run_folded = end, folded_length
        if position < len(original):
            pieces.append(original[position:].lower())
            folded_length += len(original) - position
        if len(original) > run_original:
            segments.append((run_folded, folded_length, run_original, len(original), True))
        self.text = "".join(pieces)
        self._segments = segments
        self._f_starts = [segment[0] for segment in segments]
        self._f_ends = [segment[1] for segment in segments]

    def original_start(self, fpos: int) -> int | None:
        """Map a folded start position to the original, or None if it falls inside a character."""
        i = bisect.bisect_right(self._f_starts, fpos) - 1
        if i < 0:
            return None
        f_start, _, o_start, _, identity = self._segments[i]
        if identity:
            return o_start + (fpos - f_start)
        return o_start if fpos == f_start else None

    def original_end(self, fend: int) -> int | None:
        """Map a folded end position (exclusive) to the original, or None if inside a character."""
        i = bisect.bisect_left(self._f_ends, fend)
        if i >= len(self._segments):
            return None
        f_start, f_end, o_start, o_end, identity = self._segments[i]
        if identity:
            return o_start + (fend - f_start)
        return o_end if fend == f_end else None

    def original_span(self, fstart: int, fend: int) -> tuple[int, int] | None:
        """Map a folded span to the original span, or None when it does not align."""
        start = self.original_start(fstart)
        end = self.original_end(fend)
        if start is None or end is None:
            return None
        return start, end
