"""Common words of a language (wordfreq's frequency lists): words that are not names.

Frequencies are Zipf values: 3 means about once per million words. wordfreq's lists are
lower-cased and include frequent names, so a word's frequency says "this spelling is in
everyday use", not "this is not a name"; callers combine it with case and position.

Asking wordfreq costs: importing it and reading its lists takes a good part of a second, and
each word is tokenized before it is looked up. So the lists are also kept, once built from
wordfreq, as tables in the cache folder (:func:`terms.cache.default_cache_dir`), one per
language and list, and one holding the highest value over a set of languages' lists
(:func:`max_zipf`). A table gives a word the very value wordfreq gives. It answers for the
words whose spelling wordfreq keeps as one token and normalizes letter by letter (lower case,
``ß`` to ``ss``, Romanian and Turkish ``s`` and ``t`` below; abbreviations such as ``u.s``
too), which is found out by asking wordfreq about each letter when the table is built;
wordfreq answers the rest (digits, hyphens, combining accents, ...). A table is made of
sorted CRC-32 hashes of the words, the words themselves (so a hash collision cannot give a
wrong answer) and an index into the table's distinct values; it is read with ``mmap``, in
about a millisecond. Its file is named after a key made of wordfreq's version and the list
names, so another wordfreq builds new tables; a missing or broken table is built again, and a
folder that cannot be written means wordfreq.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import itertools
import json
import math
import mmap
import struct
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from terms.fileio import replacing
from terms.folding import script_of
from terms.gcpause import collector_paused
from terms.locales import primary_language

COMMON_ZIPF = 2.5
TABLE_FORMAT = 1  # part of every table's key: raise it when tables are built otherwise

_MAGIC = b"terms lexicon table\n"
# The letters a table may answer for are looked for in these blocks (Latin, IPA, Greek,
# Cyrillic, Latin Extended Additional, Greek Extended), each checked against wordfreq.
_LETTER_BLOCKS = (range(0x0530), range(0x1E00, 0x2000))
_FORMS: dict[str, Literal["NFC", "NFKC"]] = {"NFC": "NFC", "NFKC": "NFKC"}


@functools.cache
def _languages() -> frozenset[str]:
    """Return the languages wordfreq has lists for."""
    from wordfreq import available_languages

    return frozenset(available_languages())


# Languages written in the Latin script that wordfreq has lists for.
LATIN_LEXICONS: tuple[str, ...] = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt",
    "lv", "ms", "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi",
)  # fmt: skip


@functools.lru_cache(maxsize=65536)
def zipf(word: str, lang: str, wordlist: str = "best") -> float:
    """Return the Zipf frequency of ``word`` in ``lang`` (0.0 when the language has no list).

    The value is wordfreq's ``zipf_frequency(word, lang, wordlist)``. ``wordlist="small"``
    reads wordfreq's short list (words of Zipf 3 and more), which loads about ten times
    faster and smaller than the full one.

    >>> zipf("alive", "en") > 4 > zipf("aliev", "en")
    True
    """
    language = primary_language(lang)
    table = _table((language,), wordlist, _FOLDER.get("tables", _DEFAULT))
    found = None if table is None else table.get(word)
    return _wordfreq_zipf(word, language, wordlist) if found is None else found


@functools.lru_cache(maxsize=65536)
def max_zipf(word: str, languages: tuple[str, ...], wordlist: str = "small") -> float:
    """Return the highest Zipf frequency of ``word`` in any of ``languages`` (0.0 for none).

    The value is ``max(zipf(word, language, wordlist) for language in languages)``, read from
    one table of the highest values, so asking about many languages costs one look-up.

    >>> max_zipf("azerbaidjan", ("en", "ca")) == zipf("azerbaidjan", "ca", "small") > 3
    True
    """
    table = _table(languages, wordlist, _FOLDER.get("tables", _DEFAULT)) if languages else None
    found = None if table is None else table.get(word)
    if found is not None:
        return found
    return max((zipf(word, language, wordlist) for language in languages), default=0.0)


def is_common_word(word: str, lang: str, min_zipf: float = COMMON_ZIPF) -> bool:
    """Return True when ``word`` is in everyday use in ``lang`` (Zipf at least ``min_zipf``).

    >>> is_common_word("poutine", "en"), is_common_word("Pashinyan", "en")
    (True, False)
    """
    return zipf(word.lower(), lang) >= min_zipf


# How much less often (in Zipf points: 1 is ten times) a language may use a word than the
# language that uses it most, and still count as using it as a word of its own.
SHARED_MARGIN = 0.5


def is_shared_word(
    word: str,
    lang: str,
    languages: Iterable[str],
    natives: Iterable[tuple[str, str]] = (),
) -> bool:
    """Return True when ``lang`` uses ``word``, a name in other languages, as a word of its own.

    ``languages`` list ``word`` as a term; ``natives`` are (term, language) pairs that
    ``word`` spells in another script (``Киев``, ``ru`` for ``Kiev``). The word is ``lang``'s
    own when it is common there (Zipf at least ``COMMON_ZIPF``, wordfreq's full list) and used
    at least a third as often (``SHARED_MARGIN``) as the most frequent of: the word in those
    languages (in the Latin-script languages of :data:`LATIN_LEXICONS` for a word in Latin
    letters, one table) and each native term in its language (wordfreq's short lists, which
    read 0 below Zipf 3). English words are in every language's list (wordfreq reads the web),
    so a word that English uses most is ``lang``'s only when ``lang`` uses it as often.

    German ``Indien`` (India) is French ``indien`` (an Indian) and Danish ``USA`` is German
    ``USA``; English ``Spain``, Italian ``Italia`` and Russian ``Киев`` are far more frequent in
    their languages than ``spain`` in Spanish, ``italia`` and ``kiev`` in English.

    >>> is_shared_word("indien", "fr", ("de",)), is_shared_word("usa", "de", ("da",))
    (True, True)
    >>> is_shared_word("italia", "en", ("it",)), is_shared_word("spain", "es", ("en",))
    (False, False)
    >>> is_shared_word("kiev", "en", (), [("Киев", "ru")])
    False
    """
    here = zipf(word, lang)
    if here < COMMON_ZIPF:
        return False
    spellers = tuple(languages)
    most = english = 0.0
    if spellers and script_of(word) == "LATIN":
        most = max_zipf(word, LATIN_LEXICONS)
        english = zipf(word, "en", "small")
    elif spellers:
        most = max(zipf(word, other, "small") for other in spellers)
    for term, other in natives:
        most = max(most, zipf(term.lower(), other, "small"))
    if english and english >= most and primary_language(lang) != "en":
        return here >= english
    return here >= most - SHARED_MARGIN


def _wordfreq_zipf(word: str, language: str, wordlist: str) -> float:
    """Return wordfreq's Zipf frequency of ``word`` (0.0 when the language has no list).

    Japanese and Korean words are split by MeCab, an optional extra of wordfreq: without it,
    their frequency is unknown (0.0) too.
    """
    if language not in _languages():
        return 0.0
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, language, wordlist=wordlist))
    except ImportError:  # the language's tokenizer is not installed
        return 0.0


class _Spelling:
    """What wordfreq does to the spelling of a word before it looks it up, where that is simple.

    A word made of ``letters`` and of ``changes``' keys, possibly with apostrophes between
    letters, and in the normal ``forms``, is looked up as the word with each key changed to its
    value (lower case, ``ß`` to ``ss``): one token, nothing else normalized. ``elision`` holds
    the vowels after which an apostrophe splits a word's first one or two letters off (French
    ``l'arc``); None when apostrophes are not understood.
    """

    def __init__(
        self, letters: Iterable[str], changes: dict[str, str], elision: str | None,
        forms: Iterable[str],
    ) -> None:  # fmt: skip
        """Describe a language's spelling (raise KeyError for an unknown normal form)."""
        self.letters = frozenset(letters)
        self.changes = changes
        self.elision = elision
        self.forms = sorted({_FORMS[form] for form in [*forms, "NFC"]})
        self.translation = {ord(char): image for char, image in changes.items()}

    def image(self, word: str) -> str | None:
        """Return the word wordfreq looks ``word`` up as, or None when only wordfreq can tell."""
        image = word.translate(self.translation)
        letters = image
        if "." in image:  # an abbreviation (u.s, ph.d): wordfreq keeps it as one token
            parts = image.split(".")
            if not all(parts) or "'" in image:
                return None
            letters = "".join(parts)
        elif "'" in image:
            parts = image.split("'")
            if not all(parts) or self.elision is None:
                return None
            if len(parts[0]) <= 2 and parts[1][0] in self.elision:
                return None
            letters = "".join(parts)
        if not letters or not self.letters.issuperset(letters):
            return None
        if (word.isascii() and image.isascii()) or all(
            unicodedata.is_normalized(form, text) for form in self.forms for text in (word, image)
        ):
            return image
        return None

    def encoded(self) -> dict[str, object]:
        """Return the spelling as JSON data, for a table's header."""
        letters = "".join(sorted(self.letters))
        return {
            "letters": letters,
            "changes": self.changes,
            "elision": self.elision,
            "forms": self.forms,
        }


class _Table:
    """A list read from its table: the Zipf value of each word whose spelling it knows."""

    def __init__(self, data: bytes | mmap.mmap, key: str) -> None:
        """Read the table in ``data``; raise ValueError unless it is whole and made for ``key``."""
        view = memoryview(data)
        start = len(_MAGIC) + 4
        if view[: len(_MAGIC)] != _MAGIC or len(view) < start:
            raise ValueError("not a lexicon table")
        (size,) = struct.unpack_from("<I", view, len(_MAGIC))
        header = json.loads(bytes(view[start : start + size]))
        if header["key"] != key:
            raise ValueError("a table of other lists")
        spelling, count, blob = header["spelling"], header["count"], header["blob"]
        self.spelling = None if spelling is None else _Spelling(**spelling)
        self.values: list[float] = [float(value) for value in header["values"]]
        self.absent = float(header["absent"])
        at = _aligned(start + size)
        self.hashes = view[at : at + 4 * count].cast("I")
        self.offsets = view[at + 4 * count : at + 8 * count + 4].cast("I")
        self.codes = view[at + 8 * count + 4 : at + 10 * count + 4].cast("H")
        self.words = view[at + 10 * count + 4 :]
        if len(self.words) != blob or len(self.codes) != count:
            raise ValueError("a truncated table")

    def get(self, word: str) -> float | None:
        """Return the Zipf value of ``word``, or None when only wordfreq can tell it."""
        if self.spelling is None:
            return self.absent  # wordfreq has no list for the language
        image = self.spelling.image(word)
        if image is None:
            return None
        data = image.encode("utf-8")
        key = zlib.crc32(data)
        at = bisect.bisect_left(self.hashes, key)
        while at < len(self.hashes) and self.hashes[at] == key:
            if self.words[self.offsets[at] : self.offsets[at + 1]] == data:
                return self.values[self.codes[at]]
            at += 1
        return self.absent


_DEFAULT = "default"  # the tables are in the default cache folder
_FOLDER: dict[str, Path | str | None] = {}  # "tables": where they are (None: nowhere)


def use_cache_folder(folder: Path | None) -> None:
    """Keep this process's tables in ``folder`` (None: read and write none, ask wordfreq).

    A run sets the folder of its glossary cache (``cache-dir``, ``--no-cache``); without it,
    the tables are in :func:`terms.cache.default_cache_dir`. A relative folder is taken from
    the current one.
    """
    _FOLDER["tables"] = None if folder is None else folder.absolute()


def cache_folder_setting() -> dict[str, Path | str | None]:
    """Return this process's choice of folder for the tables, to hand to a spawned process."""
    return dict(_FOLDER)


def use_cache_folder_setting(setting: dict[str, Path | str | None]) -> None:
    """Take a choice of folder made by :func:`cache_folder_setting` (in another process)."""
    _FOLDER.clear()
    _FOLDER.update(setting)


@contextlib.contextmanager
def cache_folder_kept() -> Iterator[None]:
    """Restore the tables' folder after the block (a run's :func:`use_cache_folder` ends)."""
    before = cache_folder_setting()
    try:
        yield
    finally:
        use_cache_folder_setting(before)


@functools.cache
def _table(
    languages: tuple[str, ...], wordlist: str, folder: Path | str | None = _DEFAULT
) -> _Table | None:
    """Return the table of the highest value over ``languages``' lists, or None without one.

    It is read from the cache folder (``folder``, or the default one), else built from
    wordfreq and stored there (built only when it can be stored: else every process would
    build it again).
    """
    from terms.cache import default_cache_dir

    if folder is None:
        return None
    try:
        key = json.dumps([TABLE_FORMAT, sys.byteorder, _wordfreq_version(), wordlist, languages])
        name = hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()
        base = default_cache_dir() if isinstance(folder, str) else folder
        path = base / f"lexicon-{name}.table"
        try:
            with path.open("rb") as stream:
                return _Table(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ), key)
        except Exception:  # a missing or broken table of any kind is built again
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as stream, collector_paused():
            data = _build(languages, wordlist, key)
            stream.write(data)
        return _Table(data, key)
    except Exception:  # no table (nor one built, when the folder cannot be written): wordfreq
        return None


def _wordfreq_version() -> str:
    """Return the version of the installed wordfreq, without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is not None and spec.origin is not None:
        found = list(Path(spec.origin).parent.parent.glob("wordfreq-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("wordfreq-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("wordfreq")


def _build(languages: tuple[str, ...], wordlist: str, key: str) -> bytes:
    """Return the table of the highest Zipf value over ``languages``' lists, made by wordfreq."""
    codes = [primary_language(language) for language in languages]
    listed = [code for code in codes if code in _languages()]
    if not listed:
        return _encode(key, None, 0.0, {})
    spelling = _common_spelling([_spelling(code) for code in listed])
    lists = [_values(code, wordlist, spelling) for code in codes]
    highest: dict[str, float] = {}
    for found, _ in lists:
        for word, value in found.items():
            if value > highest.get(word, -math.inf):
                highest[word] = value
    floor = max(absent for _, absent in lists)
    for word, value in highest.items():
        if value <= floor:  # the value of a word missing from a list may be the highest
            highest[word] = max(found.get(word, absent) for found, absent in lists)
    return _encode(key, spelling, floor, highest)


def _values(code: str, wordlist: str, spelling: _Spelling) -> tuple[dict[str, float], float]:
    """Return wordfreq's Zipf value of the words of a list that ``spelling`` keeps, and of others.

    A language without a list has only others, of Zipf 0.0 (as :func:`zipf` says).
    """
    if code not in _languages():
        return {}, 0.0
    import wordfreq

    of_frequency: dict[float, float] = {}
    values = {}
    for word, frequency in wordfreq.get_frequency_dict(code, wordlist).items():
        if spelling.image(word) == word:  # one token, itself: its value is its frequency's
            if frequency not in of_frequency:
                of_frequency[frequency] = float(wordfreq.zipf_frequency(word, code, wordlist))
            values[word] = of_frequency[frequency]
    # wordfreq gives a word that is not in its list the value it gives the empty string
    return values, float(wordfreq.zipf_frequency("", code, wordlist))


@functools.cache
def _spelling(code: str) -> _Spelling:
    """Return what wordfreq does to words of ``code``, found by asking it about each letter.

    Its letters are those that Unicode word segmentation never splits from one another
    (``ALetter``) and that wordfreq's normalization for the language (case folding,
    transliteration, diacritics, curly quotes) keeps as they are; its changes, those that the
    normalization turns into such letters. Each step of that normalization but the first (to
    the normal form, which the words asked about are already in) changes letters one by one,
    except for Azerbaijani (transliterated, then put in normal form again): no changes there.
    wordfreq tokenizes Chinese, Japanese and Korean otherwise: no letters.
    """
    import langcodes
    import regex
    from wordfreq.language_info import get_language_info
    from wordfreq.preprocess import preprocess_text
    from wordfreq.tokens import INITIAL_VOWEL_EXPR, lossy_tokenize

    info = get_language_info(code)
    if info["tokenizer"] != "regex" or info["lookup_transliteration"] is not None:
        return _Spelling((), {}, None, ())
    language = langcodes.get(code)
    segment = regex.compile(r"\p{Word_Break=ALetter}")
    chars = [char for block in _LETTER_BLOCKS for char in map(chr, block) if char.isalpha()]
    letters = {
        char
        for char in chars
        if segment.fullmatch(char)
        and preprocess_text(char, language) == char
        and lossy_tokenize(char, code) == [char]
    }
    changes = {}
    for char in chars:
        image = preprocess_text(char, language)
        if (
            (info["transliteration"] is None or not info["dotless_i"])
            and char != image
            and letters.issuperset(image)
            and lossy_tokenize(char, code) == [image]
        ):
            changes[char] = image
    vowels = INITIAL_VOWEL_EXPR.removeprefix("[").removesuffix("]")
    apostrophe = (
        preprocess_text("'", language) == "'" and regex.fullmatch(r"\w+", vowels) is not None
    )
    return _Spelling(letters, changes, vowels if apostrophe else None, [info["normal_form"]])


def _common_spelling(spellings: list[_Spelling]) -> _Spelling:
    """Return the spelling that all of ``spellings`` agree on."""
    letters = frozenset.intersection(*(spelling.letters for spelling in spellings))
    changes = dict(spellings[0].changes)
    for spelling in spellings[1:]:
        changes = {
            char: image for char, image in changes.items() if spelling.changes.get(char) == image
        }
    vowels = [spelling.elision for spelling in spellings if spelling.elision is not None]
    elision = "".join(sorted(set("".join(vowels)))) if len(vowels) == len(spellings) else None
    forms = {form for spelling in spellings for form in spelling.forms}
    return _Spelling(letters, changes, elision, forms)


def _encode(key: str, spelling: _Spelling | None, absent: float, values: dict[str, float]) -> bytes:
    """Return the bytes of a table (see :class:`_Table`); no ``spelling``: ``absent`` for all."""
    words = [word.encode("utf-8") for word in values]
    crcs = [zlib.crc32(word) for word in words]
    order = sorted(range(len(words)), key=crcs.__getitem__)
    numbers = list(values.values())
    distinct: dict[float | str, int] = {}  # floats, but 0.0 and -0.0 by their repr: they are ==
    codes = array(
        "H", [distinct.setdefault(numbers[at] or repr(numbers[at]), len(distinct)) for at in order]
    )
    hashes = array("I", [crcs[at] for at in order])
    ordered = [words[at] for at in order]
    offsets = array("I", itertools.accumulate(map(len, ordered), initial=0))
    blob = b"".join(ordered)
    header = json.dumps(
        {
            "key": key,
            "spelling": None if spelling is None else spelling.encoded(),
            "values": [float(value) for value in distinct],
            "absent": absent,
            "count": len(words),
            "blob": len(blob),
        }
    ).encode("utf-8")
    start = len(_MAGIC) + 4 + len(header)
    padding = bytes(_aligned(start) - start)
    arrays = [hashes.tobytes(), offsets.tobytes(), codes.tobytes(), blob]
    return b"".join([_MAGIC, struct.pack("<I", len(header)), header, padding, *arrays])


def _aligned(offset: int) -> int:
    """Return ``offset`` rounded up to a multiple of 4, where a table's arrays start."""
    return -(-offset // 4) * 4
