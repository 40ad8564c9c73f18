"""Romanizations of native-script terms, which then match as listed variants.

A Cyrillic term yields its spellings under the common schemes (through iuliia): Wikipedia,
BGN/PCGN, ISO 9 (GOST 7.79), ICAO passports (Doc 9303) and the scholarly system; an Armenian
term its BGN/PCGN spelling, a Georgian term its national-system spelling, an Azerbaijani term
its English-language spelling. Each is added to its concept as a deprecated term of the Latin
variant of its language (``ru-Latn``) unless folding already matches it or another concept
claims it.
"""

from __future__ import annotations

import dataclasses
import functools

import regex

from terms.folding import fold
from terms.model import Status, Term, Termbase

_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_ARMENIAN = regex.compile(r"\p{Armenian}")
_GEORGIAN = regex.compile(r"\p{Georgian}")
_TURKIC = regex.compile(r"[əƏçÇğĞıİşŞöÖüÜxXqQ]")
SCHEMES = ("wikipedia", "bgn_pcgn", "gost_779", "icao_doc_9303", "scientific")

# Eastern Armenian as BGN/PCGN romanizes it (the spelling of English-language news):
# Երևան → Yerevan, Փաշինյան → Pashinyan. Word-initial ե and ո are ye and vo.
_ARMENIAN_LETTERS = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցփքօֆ",
    ("a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz",
     "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "p",
     "k", "o", "f"),
    strict=True,
))  # fmt: skip
# The Georgian national system (2002), the one Georgian and international news use.
_GEORGIAN_LETTERS = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ("a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r",
     "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"),
    strict=True,
))  # fmt: skip
# Azerbaijani Latin letters as English-language news writes them: Naxçıvan → Nakhchivan.
_AZERBAIJANI_TO_ENGLISH = str.maketrans({
    "ə": "a", "Ə": "A", "x": "kh", "X": "Kh", "ş": "sh", "Ş": "Sh", "ç": "ch", "Ç": "Ch",
    "c": "j", "C": "J", "ğ": "gh", "Ğ": "Gh", "q": "g", "Q": "G", "ı": "i", "İ": "I",
    "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
})  # fmt: skip


def _armenian(text: str) -> str:
    """Romanize Eastern Armenian (BGN/PCGN, without the aspiration marks)."""
    out = []
    for index, ch in enumerate(text):
        lower = ch.lower()
        initial = index == 0 or not text[index - 1].isalpha()
        if lower == "ո" and text[index + 1 : index + 2].lower() == "ւ":
            piece = "u"
        elif lower == "ւ" and index and text[index - 1].lower() == "ո":
            continue
        elif lower == "և":
            piece = "yev" if initial else "ev"
        elif lower == "ե" and initial:
            piece = "ye"
        elif lower == "ո" and initial:
            piece = "vo"
        elif lower == "ւ":
            piece = "v"
        else:
            piece = _ARMENIAN_LETTERS.get(lower, ch)
        out.append(piece.capitalize() if ch != lower else piece)
    return "".join(out)


def _georgian(text: str) -> str:
    """Romanize Georgian (the national system, without apostrophes); names get a capital."""
    words = ("".join(_GEORGIAN_LETTERS.get(ch, ch) for ch in word) for word in text.split(" "))
    return " ".join(word.capitalize() for word in words)


@functools.cache
def _schemas() -> tuple[object, ...]:
    """Return the iuliia schemas used."""
    import iuliia

    return tuple(getattr(iuliia, name.upper()) for name in SCHEMES)


def romanizations(text: str, lang: str = "") -> list[str]:
    """Return the distinct romanizations of a term (none when it needs none).

    Terms written in Cyrillic, Armenian or Georgian have them, and Azerbaijani terms in Latin
    letters.

    >>> romanizations("Пашинян")
    ['Pashinyan', 'Pašinân', 'Pashinian', 'Pašinjan']
    >>> romanizations("Երևան"), romanizations("თბილისი"), romanizations("Naxçıvan", "az")
    (['Yerevan'], ['Tbilisi'], ['Nakhchivan'])
    """
    if _CYRILLIC.search(text):
        found = [schema.translate(text) for schema in _schemas()]  # type: ignore[attr-defined]
    elif _ARMENIAN.search(text):
        found = [_armenian(text)]
    elif _GEORGIAN.search(text):
        found = [_georgian(text)]
    elif lang.split("-")[0] == "az" and _TURKIC.search(text):
        found = [text.translate(_AZERBAIJANI_TO_ENGLISH)]
    else:
        return []
    native = regex.compile(r"[\p{Cyrillic}\p{Armenian}\p{Georgian}]")
    return list(dict.fromkeys(f for f in found if f != text and not native.search(f)))


def _needs_romanizing(term: Term) -> bool:
    """Return True for a term that may have romanizations (a quick test on its letters)."""
    text = term.text
    if text.isascii():
        return False
    return bool(
        _CYRILLIC.search(text)
        or _ARMENIAN.search(text)
        or _GEORGIAN.search(text)
        or (term.lang.split("-")[0] == "az" and _TURKIC.search(text))
    )


def with_romanizations(termbase: Termbase) -> Termbase:
    """Return the termbase with the romanizations of its Cyrillic terms added to each concept.

    A termbase with nothing to romanize is returned as it is.
    """
    if not any(_needs_romanizing(term) for concept in termbase.concepts for term in concept.terms):
        return termbase
    owners: dict[str, str] = {}
    for concept in termbase.concepts:
        for term in concept.terms:
            owners.setdefault(fold(term.text), concept.id)
    glossaries = []
    for glossary in termbase.glossaries:
        concepts = []
        for concept in glossary.concepts:
            added: list[Term] = []
            for term in concept.terms:
                if term.status is Status.FORBIDDEN or not _needs_romanizing(term):
                    continue
                for form in romanizations(term.text, term.lang):
                    key = fold(form)
                    if key in owners:  # folding finds it already, or another concept has it
                        continue
                    owners[key] = concept.id
                    added.append(
                        dataclasses.replace(
                            term,
                            text=form,
                            lang=f"{term.lang.split('-')[0]}-Latn",
                            status=Status.DEPRECATED,
                            endings=(),
                            source="romanized",
                            pos=None,
                        )
                    )
            concepts.append(
                dataclasses.replace(concept, terms=concept.terms + tuple(added))
                if added
                else concept
            )
        glossaries.append(dataclasses.replace(glossary, concepts=tuple(concepts)))
    return Termbase(tuple(glossaries))
