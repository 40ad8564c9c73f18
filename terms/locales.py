"""Language tags: validation against babel's CLDR data, canonical spelling, fallback chains."""

from __future__ import annotations

import functools

import regex

_TAG_SHAPE = regex.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$")


class UnknownLanguageError(ValueError):
    """A language tag that is not well formed or names an unknown language, script or region."""


@functools.cache
def _cldr_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return babel's known language, script and territory codes."""
    from babel import Locale

    english = Locale("en")
    return (
        frozenset(str(code).lower() for code in english.languages),
        frozenset(str(code) for code in english.scripts),
        frozenset(str(code) for code in english.territories),
    )


@functools.cache
def canonical_tag(tag: str) -> str:
    """Return the canonical spelling of a BCP 47 tag, or raise UnknownLanguageError.

    Accepts ``-`` or ``_`` as separator; checks language, script and region against CLDR.

    >>> canonical_tag("pt_br")
    'pt-BR'
    >>> canonical_tag("sr-latn")
    'sr-Latn'
    >>> canonical_tag("xx")
    Traceback (most recent call last):
    ...
    terms.locales.UnknownLanguageError: unknown language 'xx' in tag 'xx'
    """
    text = tag.strip().replace("_", "-")
    if not _TAG_SHAPE.match(text):
        raise UnknownLanguageError(
            f"'{tag}' is not a language tag such as 'en', 'pt-BR', 'sr-Latn'"
        )
    languages, scripts, territories = _cldr_names()
    parts = text.split("-")
    language = parts[0].lower()
    if language not in languages:
        raise UnknownLanguageError(f"unknown language '{parts[0]}' in tag '{tag}'")
    out = [language]
    for part in parts[1:]:
        if len(part) == 4:
            script = part.title()
            if script not in scripts:
                raise UnknownLanguageError(f"unknown script '{part}' in tag '{tag}'")
            out.append(script)
        else:
            region = part.upper()
            if region not in territories:
                raise UnknownLanguageError(f"unknown region '{part}' in tag '{tag}'")
            out.append(region)
    return "-".join(out)


@functools.cache
def fallback_chain(tag: str) -> tuple[str, ...]:
    """Return the tag and its less specific forms, most specific first.

    A region that writes its language in another script than the language's usual one goes
    through the language in that script first (CLDR's likely subtags): Taiwan writes Chinese
    in traditional characters, Montenegro Serbian in Latin letters.

    >>> fallback_chain("sr-Latn-RS")
    ('sr-Latn-RS', 'sr-Latn', 'sr')
    >>> fallback_chain("zh-TW"), fallback_chain("pt-BR")
    (('zh-TW', 'zh-Hant-TW', 'zh-Hant', 'zh'), ('pt-BR', 'pt'))
    """
    parts = tag.split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if len(parts) == 2 and len(parts[1]) != 4:
        language, region = parts
        script = _likely_script(f"{language}_{region}")
        if script and script != _likely_script(language):
            chain[1:1] = [f"{language}-{script}-{region}", f"{language}-{script}"]
    return tuple(chain)


def _likely_script(locale: str) -> str | None:
    """Return the script CLDR's likely subtags give a locale (``zh_TW``: ``Hant``), if any."""
    from babel.core import get_global

    parts = str(get_global("likely_subtags").get(locale, "")).split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def primary_language(tag: str) -> str:
    """Return the language subtag of a tag (``pt`` for ``pt-BR``)."""
    return tag.split("-", 1)[0]


_GETTEXT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}


def declared_tag(tag: str) -> str | None:
    """Return the canonical tag for a language a document declares, or None when unusable.

    Documents declare languages loosely: gettext locales (``pt_BR``, ``sr@latin``), tags with
    variants or private use (``de-CH-1901``, ``en-US-x-twain``). The longest usable prefix wins.

    >>> declared_tag("pt_BR"), declared_tag("sr@latin"), declared_tag("de-CH-1901")
    ('pt-BR', 'sr-Latn', 'de-CH')
    >>> declared_tag("English") is None, declared_tag("x-default") is None
    (True, True)
    """
    base, _, modifier = tag.strip().partition("@")
    parts = [p for p in base.replace("_", "-").split("-") if p]
    script = _GETTEXT_MODIFIERS.get(modifier.lower())
    if script and parts:
        parts.insert(1, script)
    if "x" in (p.lower() for p in parts):
        parts = parts[: [p.lower() for p in parts].index("x")]
    while parts:
        try:
            return canonical_tag("-".join(parts))
        except UnknownLanguageError:
            parts.pop()
    return None
