"""Romanizations of native-script terms, which then match as listed variants.

A Cyrillic term yields its spellings under the common schemes (through iuliia): Wikipedia,
BGN/PCGN, ISO 9 (GOST 7.79), ICAO passports (Doc 9303) and the scholarly system. Each is
added to its concept as a deprecated term of the script variant of its language (``ru-Latn``)
unless folding already matches it or another concept claims it.
"""

from __future__ import annotations

import dataclasses
import functools

import regex

from terms.folding import fold
from terms.model import Status, Term, Termbase

_CYRILLIC = regex.compile(r"\p{Cyrillic}")
SCHEMES = ("wikipedia", "bgn_pcgn", "gost_779", "icao_doc_9303", "scientific")


@functools.cache
def _schemas() -> tuple[object, ...]:
    """Return the iuliia schemas used."""
    import iuliia

    return tuple(getattr(iuliia, name.upper()) for name in SCHEMES)


def romanizations(text: str) -> list[str]:
    """Return the distinct romanizations of a Cyrillic text (none for other scripts).

    >>> romanizations("Пашинян")
    ['Pashinyan', 'Pašinân', 'Pashinian', 'Pašinjan']
    """
    if not _CYRILLIC.search(text):
        return []
    found = (schema.translate(text) for schema in _schemas())  # type: ignore[attr-defined]
    return list(dict.fromkeys(f for f in found if not _CYRILLIC.search(f)))


def with_romanizations(termbase: Termbase) -> Termbase:
    """Return the termbase with the romanizations of its Cyrillic terms added to each concept."""
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
                if term.status is Status.FORBIDDEN:
                    continue
                for form in romanizations(term.text):
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
            concepts.append(dataclasses.replace(concept, terms=concept.terms + tuple(added)))
        glossaries.append(dataclasses.replace(glossary, concepts=tuple(concepts)))
    return Termbase(tuple(glossaries))
