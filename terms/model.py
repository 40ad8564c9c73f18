"""The glossary data model: concepts, their terms per language, and statuses.

Everything here is immutable; loading builds it, and the matcher reads it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

REPLACES = ">"  # in an ending, between the term's last letters and what replaces them


def split_ending(ending: str) -> tuple[str, str]:
    """Return what an ending replaces at the end of a term, and what it writes there.

    A plain ending (``ом``) replaces nothing and is appended; ``я>и`` replaces a final ``я``
    with ``и`` (``Греция``: ``Греции``).

    >>> split_ending("ом"), split_ending("я>и")
    (('', 'ом'), ('я', 'и'))
    """
    replaced, sep, written = ending.partition(REPLACES)
    return (replaced, written) if sep else ("", ending)


def inflect(text: str, ending: str) -> str | None:
    """Return ``text`` with ``ending``, or None when the ending does not apply to it.

    A replacing ending applies only to a term that ends in what it replaces (ignoring case).

    >>> inflect("Греция", "я>ей"), inflect("Иран", "я>ей"), inflect("Иран", "ом")
    ('Грецией', None, 'Ираном')
    """
    replaced, written = split_ending(ending)
    if not replaced:
        return text + written
    if len(text) > len(replaced) and text[-len(replaced) :].casefold() == replaced.casefold():
        return text[: -len(replaced)] + written
    return None


class Status(str, enum.Enum):
    """TBX administrative status of a term within its language.

    ``preferred``: the house form (one per language); ``admitted``: acceptable, left alone;
    ``deprecated`` and ``superseded``: rewritten to the preferred term; ``forbidden``: reported,
    rewritten only when asked.
    """

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"
    FORBIDDEN = "forbidden"

    @property
    def is_allowed(self) -> bool:
        """Return True for statuses that are left alone in text (preferred, admitted)."""
        return self in (Status.PREFERRED, Status.ADMITTED)


CONCEPT_TYPES = (
    "person",
    "place",
    "organization",
    "acronym",
    "term",
    "event",
    "product",
    "work",
    "other",
)


@dataclass(frozen=True)
class SourcePos:
    """Where something was defined: file path and 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Term:
    """One written form of a concept in one language, with its status and options."""

    text: str
    lang: str
    status: Status
    concept_id: str
    case_sensitive: bool = False
    fuzzy: bool = True
    fuzzy_min: float | None = None
    endings: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    date: dt.date | None = None
    part_of_speech: str = ""
    pos: SourcePos | None = field(default=None, compare=False)
    # True when the file set this term's endings itself, even to none (``endings: []``): then
    # the glossary's endings for the language do not apply to it
    own_endings: bool = False


@dataclass(frozen=True)
class Pattern:
    """A regular expression in one language whose matches are rewritten to the preferred term.

    With a ``replace`` template, a match is rewritten to the template instead, its group
    references (``\\1``, ``\\g<name>``) filled in with what the groups matched. A forbidden
    pattern's matches are reported and rewritten only on request, like forbidden terms.
    """

    regex: str
    lang: str
    concept_id: str
    case_sensitive: bool = False
    replace: str | None = None
    status: Status = Status.DEPRECATED  # or FORBIDDEN: reported, rewritten only on request
    pos: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Spec:
    """An example that must hold: normalizing ``source`` into ``lang`` gives ``expected``."""

    lang: str
    source: str
    expected: str
    concept_id: str
    pos: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Concept:
    """A person, place, organization or term, with its terms in each language."""

    id: str
    type: str = "term"
    note: str = ""
    definition: str = ""
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    fuzzy: bool = True
    fuzzy_min: float | None = None
    translate: bool = True  # False: a brand or name that translations keep as written
    terms: tuple[Term, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    specs: tuple[Spec, ...] = ()
    glossary: str = ""
    pos: SourcePos | None = field(default=None, compare=False)

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the language tags this concept has terms or patterns in, in file order."""
        langs = [*(t.lang for t in self.terms), *(p.lang for p in self.patterns)]
        return tuple(dict.fromkeys(langs))

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        """Return the terms listed under exactly this language tag."""
        return tuple(term for term in self.terms if term.lang == lang)

    def preferred(self, lang: str) -> Term | None:
        """Return the preferred term under exactly this language tag, if any."""
        for term in self.terms:
            if term.lang == lang and term.status is Status.PREFERRED:
                return term
        return None


@dataclass(frozen=True)
class Glossary:
    """One glossary file: metadata and its concepts in file order."""

    name: str
    path: str
    description: str = ""
    languages: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    version: int = 1
    # the glossary's endings per language tag (``endings: {ru: [а, у, я>и]}``), in file order
    endings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def endings_for(self, lang: str) -> tuple[str, ...]:
        """Return the glossary's endings for terms of ``lang`` that have no endings of their own.

        A tag with a region falls back to its language (``pt-BR`` uses ``pt``'s endings); a tag
        with a script does not, since another script needs other endings (``sr-Latn``).

        >>> g = Glossary("g", "g.yaml", endings=(("pt", ("s",)), ("sr", ("а",))))
        >>> g.endings_for("pt-BR"), g.endings_for("sr-Latn"), g.endings_for("en")
        (('s',), (), ())
        """
        table = dict(self.endings)
        if lang in table:
            return table[lang]
        parts = lang.split("-")
        if len(parts) > 1 and not any(len(part) == 4 for part in parts[1:]):
            return table.get(parts[0], ())
        return ()

    def concept(self, concept_id: str) -> Concept | None:
        """Return the concept with this id, or None."""
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None


@dataclass(frozen=True)
class Termbase:
    """The glossaries in use for a run, as one set of concepts with unique ids."""

    glossaries: tuple[Glossary, ...] = ()

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """Return every concept of every glossary, in load order."""
        return tuple(c for g in self.glossaries for c in g.concepts)

    def concept(self, concept_id: str) -> Concept | None:
        """Return the concept with this id from any glossary, or None."""
        for glossary in self.glossaries:
            found = glossary.concept(concept_id)
            if found is not None:
                return found
        return None
