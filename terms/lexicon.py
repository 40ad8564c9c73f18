"""Common words of a language (wordfreq's frequency lists): words that are not names.

Frequencies are Zipf values: 3 means about once per million words. wordfreq's lists are
lower-cased and include frequent names, so a word's frequency says "this spelling is in
everyday use", not "this is not a name"; callers combine it with case and position.
"""

from __future__ import annotations

import functools

from terms.locales import primary_language

COMMON_ZIPF = 2.5


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

    ``wordlist="small"`` reads wordfreq's short list (words of Zipf 3 and more), which loads
    about ten times faster and smaller than the full one.

    >>> zipf("alive", "en") > 4 > zipf("aliev", "en")
    True
    """
    language = primary_language(lang)
    if language not in _languages():
        return 0.0
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language, wordlist=wordlist))


def is_common_word(word: str, lang: str, min_zipf: float = COMMON_ZIPF) -> bool:
    """Return True when ``word`` is in everyday use in ``lang`` (Zipf at least ``min_zipf``).

    >>> is_common_word("poutine", "en"), is_common_word("Pashinyan", "en")
    (True, False)
    """
    return zipf(word.lower(), lang) >= min_zipf
