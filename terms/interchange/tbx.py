"""TBX glossaries (ISO 30042, TermBase eXchange): read TBX v2 and v3, write TBX-Basic v3.

Reading takes TBX v2 (``<martif>``, ``<termEntry>``, ``<langSet>``, ``<tig>``, ``<ntig>``) and
TBX v3 (``<tbx>``, ``<conceptEntry>``, ``<langSec>``, ``<termSec>``), in DCA style
(``<descrip type="definition">``) and in DCT style (``<basic:definition>``). What is mapped:

- the entry's ``id``: the concept id, made a unique lower-case slug (``Open Cluster`` becomes
  ``open-cluster``; a missing id is made from the first term); ``title``: the glossary name
  (unless the ``name`` option is given); the ``sourceDesc`` paragraphs: its description;
- ``definition``: the concept's definition (the entry's own, else the first language's; a
  concept has one, so the others are reported); ``subjectField``: tags; ``note``: the note
  (one line per ``<note>``); ``source``: the concept's sources;
- ``xml:lang`` of a language section: the canonical BCP 47 tag (an unknown tag skips the
  section); ``term``: the term, white space collapsed; ``administrativeStatus`` or
  ``normativeAuthorization`` (``preferredTerm-admn-sts``, ``admittedTerm``, ...): the status
  (``standardized``, ``legal`` and ``regulated`` are read as admitted); ``partOfSpeech``: the
  term's ``pos``; ``note`` and ``source`` in a term: the term's note and source;
- ``termType`` ``acronym`` on every term of an entry: the concept type ``acronym``. Otherwise
  the type is ``term``: TBX does not say whether a name is a person's or a place's.

A term without a status follows the others of its language: when the language has no
preferred term, the first term without a status is taken as preferred, and every other term
without one as admitted (one note per file says so). Several preferred terms in a language:
the first stays preferred and the others become admitted. A language with neither preferred
nor admitted nor status-less terms (only deprecated ones) is left out. The same term twice in
a language is kept once. Everything else (transactions, ``customerSubset``, ``projectSubset``,
cross-references, contexts, grammatical notes, back matter, definitions of other languages,
notes of a language section) is reported as :class:`~terms.interchange.Lost`, with its line
and column. The ``encodingDesc`` of the header is format machinery and dropped silently.

Writing gives TBX-Basic v3 in DCA style: title and description in the header; per concept, its
tags (``subjectField``), definition, sources and note; per term, its part of speech (when it is
one of TBX-Basic's ``adjective``, ``adverb``, ``noun``, ``verb``, ``other``), status,
``termType`` ``acronym`` for acronym concepts, source and note. TBX-Basic has no ``forbidden``
status: a forbidden term is written as ``deprecatedTerm-admn-sts`` and reported. What TBX cannot
hold (other concept types, ``translate: false``, ``fuzzy``, patterns, specs, ``case-sensitive``,
endings, dates, the glossary's list of languages) is reported. A concept id that does not start
with a letter gets a leading ``_`` (an XML ID cannot start with a digit); reading removes it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import regex

from terms.codes import code
from terms.errors import InputError, Problem, UsageError
from terms.folding import collapse_spaces, fold
from terms.interchange import (
    ExportResult,
    ImportResult,
    Lost,
    concept_settings,
    term_settings,
)
from terms.locales import UnknownLanguageError, canonical_tag
from terms.model import Concept, Glossary, SourcePos, Status, Term

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_XML_LANG = f"{{{_XML_NAMESPACE}}}lang"  # ElementTree's name of xml:lang
_CORE_NAMESPACES = ("", TBX_NAMESPACE)  # TBX v2 has no namespace; v3's core has this one

# elements whose data category is their ``type`` attribute (DCA style)
_TYPED = frozenset(
    [
        "admin",
        "adminNote",
        "descrip",
        "descripNote",
        "ref",
        "termNote",
        "transac",
        "transacNote",
        "xref",
    ]
)
_ENTRIES = frozenset({"conceptEntry", "termEntry"})
_LANGUAGE_SECTIONS = frozenset({"langSec", "langSet"})
_TERM_SECTIONS = frozenset({"termSec", "tig", "ntig"})
_STATUS_CATEGORIES = frozenset({"administrativeStatus", "normativeAuthorization"})
_READ_AS_ADMITTED = frozenset({"standardized", "legal", "regulated"})
_PARTS_OF_SPEECH = ("adjective", "adverb", "noun", "verb", "other")  # TBX-Basic's picklist
_STATUS_VALUES = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.SUPERSEDED: "supersededTerm-admn-sts",
    Status.FORBIDDEN: "deprecatedTerm-admn-sts",  # TBX-Basic has no forbidden status
}

# the rule of terms.glossary.parse: a lower-case slug
_CONCEPT_ID = regex.compile(r"[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_.\-]*")
_NOT_IN_ID = regex.compile(r"[^\p{Ll}\p{Lo}\p{N}_.\-]+")
_BEFORE_ID = regex.compile(r"^[^\p{Ll}\p{Lo}\p{N}]+")
_HYPHENS = regex.compile(r"-{2,}")


# -- XML with positions -----------------------------------------------------------------------


@dataclass
class _Node:
    """An XML element: local name, namespace, attributes, content, and where it starts."""

    name: str
    ns: str
    attrib: dict[str, str]
    line: int
    column: int
    content: list[str | _Node] = field(default_factory=list)

    @property
    def children(self) -> list[_Node]:
        """Return the child elements, in order."""
        return [item for item in self.content if isinstance(item, _Node)]

    def child(self, name: str) -> _Node | None:
        """Return the first child element with this local name, or None."""
        return next((node for node in self.children if node.name == name), None)

    def raw_text(self) -> str:
        """Return all the text inside, markup left out."""
        return "".join(i if isinstance(i, str) else i.raw_text() for i in self.content)

    def text(self) -> str:
        """Return the text inside, with runs of white space collapsed."""
        return collapse_spaces(self.raw_text())

    @property
    def category(self) -> str:
        """Return the data category: the type of a DCA element, else the element's name."""
        if self.ns in _CORE_NAMESPACES and self.name in _TYPED:
            return self.attrib.get("type") or self.name
        return self.name

    @property
    def is_group(self) -> bool:
        """Return True for a group (``descripGrp``...): an item and notes about it."""
        grouped = self.name.endswith("Grp") and self.name not in ("transacGrp", "termGrp")
        return self.ns in _CORE_NAMESPACES and grouped


def _attribute_name(name: str) -> str:
    """Return an attribute name from expat's ``namespace local`` form (``xml:lang`` kept)."""
    namespace, _, local = name.rpartition(" ")
    return "xml:lang" if namespace == _XML_NAMESPACE and local == "lang" else local


class _TreeBuilder:
    """Builds a tree of :class:`_Node` from expat's events, with each element's position."""

    def __init__(self) -> None:
        """Prepare a namespace-aware expat parser."""
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.stack: list[_Node] = []
        self.root: _Node | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """Open an element."""
        namespace, _, local = name.rpartition(" ")
        attrib = {_attribute_name(key): value for key, value in attributes.items()}
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        node = _Node(local, namespace, attrib, line, column)  # expat counts characters
        if self.stack:
            self.stack[-1].content.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, name: str) -> None:
        """Close the current element."""
        self.stack.pop()

    def data(self, text: str) -> None:
        """Add text to the current element."""
        if self.stack:
            self.stack[-1].content.append(text)


def _syntax_error(message: str, path: str, line: int = 0, column: int = 0) -> InputError:
    """Return the error for a file that is not well-formed XML or not TBX."""
    return InputError(Problem(code("input-syntax"), message, path, line, column))


def _parse_xml(text: str, path: str) -> _Node:
    """Parse XML text into a tree of positioned nodes; raise InputError when it is broken."""
    builder = _TreeBuilder()
    try:
        builder.parser.Parse(text.removeprefix("\ufeff"), True)
    except expat.ExpatError as exc:
        message = f"not well-formed XML: {expat.ErrorString(exc.code)}"
        raise _syntax_error(message, path, exc.lineno, exc.offset + 1) from exc
    if builder.root is None:
        raise _syntax_error("not a TBX file: no XML element", path, 1, 1)
    return builder.root


# -- reading ----------------------------------------------------------------------------------


@dataclass
class _RawTerm:
    """A term as read, before the statuses of its language are settled."""

    text: str
    lang: str
    node: _Node
    where: str
    status: Status | None = None
    part_of_speech: str = ""
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    term_type: _Node | None = None


@dataclass
class _Definition:
    """A definition as read: its text, its language ("" at the entry's level), its element."""

    text: str
    lang: str
    node: _Node


@dataclass
class _Entry:
    """What one concept entry holds, as read."""

    where: str
    definitions: list[_Definition] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    terms: list[_RawTerm] = field(default_factory=list)


def _excerpt(text: str, width: int = 60) -> str:
    """Return a text cut to ``width`` characters for a message."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _describe(node: _Node) -> str:
    """Name an element and its value for a message: ``customerSubset (admin) 'Acme'``."""
    label = node.name if node.category == node.name else f"{node.category} ({node.name})"
    value = _excerpt(node.text())
    return f"{label} {value!r}" if value else label


def _plain_status(value: str) -> str:
    """Return a status value bare: ``preferredTerm-admn-sts`` gives ``preferred``."""
    return value.strip().lower().removesuffix("-admn-sts").removesuffix("term")


def _status_of(value: str) -> Status | None:
    """Return the status a TBX value stands for, or None when it is unknown."""
    plain = _plain_status(value)
    if plain in _READ_AS_ADMITTED:
        return Status.ADMITTED
    try:
        return Status(plain)
    except ValueError:
        return None


def _slug(text: str) -> str:
    """Return text as a concept id (a lower-case slug), or "" when nothing is left.

    >>> _slug("Open Cluster"), _slug("_2020-war"), _slug("eid-12"), _slug("!!")
    ('open-cluster', '2020-war', 'eid-12', '')
    """
    slug = text.strip().lower()
    if _CONCEPT_ID.fullmatch(slug):
        return slug
    slug = _BEFORE_ID.sub("", _NOT_IN_ID.sub("-", slug))
    slug = _HYPHENS.sub("-", slug).rstrip("-")
    return slug if _CONCEPT_ID.fullmatch(slug) else ""


def _without_term_groups(nodes: Iterable[_Node]) -> list[_Node]:
    """Return the parts of a term section with TBX v2's ``termGrp`` opened up."""
    parts: list[_Node] = []
    for node in nodes:
        parts.extend(node.children if node.name == "termGrp" else [node])
    return parts


class _Reader:
    """Turns a TBX tree into a glossary and collects what it cannot carry."""

    def __init__(self, path: str) -> None:
        """Start reading the file at ``path`` (named in every note)."""
        self.path = path
        self.lost: list[Lost] = []
        self.ids: set[str] = set()
        self.unset: list[_Node] = []  # terms that came without a status

    # -- notes -----------------------------------------------------------------------------

    def note(self, node: _Node, message: str) -> None:
        """Record something that could not be carried, at the element's position."""
        self.lost.append(Lost(message, self.path, node.line, node.column))

    def lose(self, node: _Node, where: str) -> None:
        """Record an element that has no place in a glossary."""
        self.note(node, f"not kept: {_describe(node)} in {where}")

    def group(self, node: _Node, read: Callable[[_Node], bool], where: str) -> bool:
        """Read the item of a group (``descripGrp``...) with ``read``; report what is not kept.

        An item that is kept may lose the notes about it (the source of a definition); an item
        that is not kept is reported with them, once. Return True: the group is dealt with.
        """
        if not node.children:
            return True
        item, *extras = node.children
        if not read(item):
            along = "".join(f" with {_describe(extra)}" for extra in extras)
            self.note(node, f"not kept: {_describe(item)}{along} in {where}")
            return True
        for extra in extras:
            self.note(extra, f"not kept: {_describe(extra)} about the {item.category} in {where}")
        return True

    def notes_in_order(self) -> tuple[Lost, ...]:
        """Return the notes in file order."""
        return tuple(sorted(self.lost, key=lambda lost: (lost.line, lost.column)))

    # -- the document ------------------------------------------------------------------------

    def glossary(self, root: _Node, name: str) -> Glossary:
        """Build the glossary from the root element."""
        if root.name not in ("martif", "tbx"):
            raise _syntax_error(
                f"not a TBX file: the root element is <{root.name}>, not <tbx> (TBX v3) or "
                "<martif> (TBX v2)",
                self.path,
                root.line,
                root.column,
            )
        title, description = self.header(root)
        name = name or title or Path(self.path).stem
        concepts: list[Concept] = []
        for node in self.body(root).children:
            if node.name in _ENTRIES:
                concept = self.concept(node, name)
                if concept is not None:
                    concepts.append(concept)
            else:
                self.lose(node, "the body")
        self.note_unset_statuses()
        description = "" if description in (title, name) else description
        return Glossary(name, self.path, description, concepts=tuple(concepts))

    def header(self, root: _Node) -> tuple[str, str]:
        """Return the title and description from the header; report its other parts."""
        header = root.child("tbxHeader") or root.child("martifHeader")
        title = description = ""
        for part in header.children if header else []:
            if part.name == "fileDesc":
                title, description = self.file_description(part)
            elif part.name != "encodingDesc":
                self.lose(part, "the header")
        return title, description

    def file_description(self, node: _Node) -> tuple[str, str]:
        """Return the title and the source description of a ``fileDesc``."""
        title = ""
        paragraphs: list[str] = []
        for part in node.children:
            if part.name == "titleStmt":
                title_node = part.child("title")
                title = title_node.text() if title_node else ""
                for extra in part.children:
                    if extra is not title_node:
                        self.lose(extra, "the header")
            elif part.name == "sourceDesc":
                paragraphs.extend(p.text() for p in part.children if p.text())
            else:
                self.lose(part, "the header")
        return title, " ".join(paragraphs)

    def body(self, root: _Node) -> _Node:
        """Return the ``<body>``; report back matter; raise InputError when there is none."""
        text = root.child("text")
        body = text.child("body") if text else None
        if text is None or body is None:
            raise _syntax_error(
                "not a TBX file: no <text><body> with entries", self.path, root.line, root.column
            )
        for part in text.children:
            if part is not body:
                self.lose(part, "the file")
        return body

    def note_unset_statuses(self) -> None:
        """Say once per file that terms without a status were given one."""
        if self.unset:
            count = len(self.unset)
            self.note(
                self.unset[0],
                f"{count} term{'s' if count > 1 else ''} had no administrative status (the "
                "first here): in a language without a preferred term, the first such term was "
                "taken as preferred, and the others as admitted",
            )

    # -- concepts ----------------------------------------------------------------------------

    def concept(self, node: _Node, glossary: str) -> Concept | None:
        """Build one concept from a ``conceptEntry`` or ``termEntry``; None when it has no term."""
        raw_id = node.attrib.get("id", "").strip()
        entry = _Entry(f"concept '{raw_id}'" if raw_id else f"the entry at line {node.line}")
        for part in node.children:
            if not self.concept_part(part, entry):
                self.lose(part, entry.where)
        settled = self.settle_terms(entry)
        if not settled:
            self.note(node, f"{entry.where} has no term that can be kept; it is left out")
            return None
        concept_id = self.concept_id(raw_id, settled[0][0].text, node)
        return Concept(
            id=concept_id,
            type=self.concept_type(settled),
            note="\n".join(entry.notes),
            definition=self.definition(entry),
            sources=tuple(dict.fromkeys(entry.sources)),
            tags=tuple(dict.fromkeys(entry.tags)),
            terms=tuple(self.term_of(raw, status, concept_id) for raw, status in settled),
            glossary=glossary,
            pos=SourcePos(self.path, node.line, node.column),
        )

    def concept_part(self, node: _Node, entry: _Entry) -> bool:
        """Read one element of a concept entry; False when a glossary has no place for it."""
        category, text = node.category, node.text()
        if category in _LANGUAGE_SECTIONS:
            self.language(node, entry)
        elif category == "definition":
            entry.definitions.append(_Definition(text, "", node))
        elif category in ("subjectField", "note", "source"):
            lists = {"subjectField": entry.tags, "note": entry.notes, "source": entry.sources}
            lists[category].extend([text] if text else [])
        elif node.is_group:
            return self.group(node, lambda item: self.concept_part(item, entry), entry.where)
        else:
            return False
        return True

    def concept_id(self, raw_id: str, first_term: str, node: _Node) -> str:
        """Return a unique concept id from the entry's id (or its first term)."""
        base = _slug(raw_id) or _slug(first_term) or "concept"
        concept_id, number = base, 1
        while concept_id in self.ids:
            number += 1
            concept_id = f"{base}-{number}"
        self.ids.add(concept_id)
        if raw_id and concept_id != raw_id.removeprefix("_"):
            self.note(
                node,
                f"concept id '{raw_id}' is imported as '{concept_id}' (concept ids are unique "
                "lower-case slugs)",
            )
        return concept_id

    def concept_type(self, settled: list[tuple[_RawTerm, Status]]) -> str:
        """Return ``acronym`` when every term is marked as one, else ``term``."""
        types = [raw.term_type for raw, _ in settled]
        if all(node is not None and node.text() == "acronym" for node in types):
            return "acronym"
        for raw, _ in settled:
            if raw.term_type is not None:
                self.lose(raw.term_type, raw.where)
        return "term"

    def definition(self, entry: _Entry) -> str:
        """Return the entry's definition (its own, else the first language's); report others."""
        if not entry.definitions:
            return ""
        first, *others = sorted(entry.definitions, key=lambda d: d.lang != "")
        kept = f"the one of language '{first.lang}'" if first.lang else "the entry's own"
        for other in others:
            of = f"language '{other.lang}' of " if other.lang else ""
            self.note(
                other.node,
                f"not kept: definition {_excerpt(other.text)!r} of {of}{entry.where}: a concept "
                f"has one definition, and {kept} is kept",
            )
        return first.text

    # -- languages and terms -------------------------------------------------------------------

    def language(self, node: _Node, entry: _Entry) -> None:
        """Read a ``langSec`` or ``langSet`` into the entry; skip it when its tag is unknown."""
        lang = self.language_tag(node, entry.where)
        if not lang:
            return
        where = f"language '{lang}' of {entry.where}"
        for part in node.children:
            if not self.language_part(part, lang, where, entry):
                self.lose(part, where)

    def language_tag(self, node: _Node, where: str) -> str:
        """Return the canonical tag of a language section, or "" (reported) when unknown."""
        tag = node.attrib.get("xml:lang") or node.attrib.get("lang", "")
        if not tag:
            self.note(node, f"a language section without xml:lang in {where} is left out")
            return ""
        try:
            return canonical_tag(tag)
        except UnknownLanguageError as exc:
            self.note(node, f"language section '{tag}' of {where} is left out: {exc}")
            return ""

    def language_part(self, node: _Node, lang: str, where: str, entry: _Entry) -> bool:
        """Read one element of a language section; False when a glossary has no place for it."""
        if node.category in _TERM_SECTIONS:
            raw = self.term(node, lang, where)
            entry.terms.extend([raw] if raw else [])
        elif node.category == "definition":
            entry.definitions.append(_Definition(node.text(), lang, node))
        elif node.is_group:
            return self.group(
                node, lambda item: self.language_part(item, lang, where, entry), where
            )
        else:
            return False
        return True

    def term(self, node: _Node, lang: str, where: str) -> _RawTerm | None:
        """Read a ``termSec``, ``tig`` or ``ntig``; None (reported) when it has no usable term."""
        parts = _without_term_groups(node.children)
        term_node = next((p for p in parts if p.name == "term"), None)
        text = term_node.text() if term_node else ""
        if term_node is None or not fold(text):
            shown = f" ({text!r} has no letters or digits)" if text else ""
            self.note(node, f"a term section without a term{shown} in {where} is left out")
            return None
        raw = _RawTerm(text, lang, term_node, f"term '{text}' in {where}")
        for part in parts:
            if part is not term_node and not self.term_part(part, raw):
                self.lose(part, raw.where)
        return raw

    def term_part(self, node: _Node, raw: _RawTerm) -> bool:
        """Read one element of a term section; False when a glossary has no place for it."""
        category, text = node.category, node.text()
        if category in _STATUS_CATEGORIES:
            self.term_status(node, raw)
        elif category == "partOfSpeech":
            raw.part_of_speech = text
        elif category == "termType":
            raw.term_type = node
        elif category in ("note", "source"):
            (raw.notes if category == "note" else raw.sources).extend([text] if text else [])
        elif node.is_group:
            return self.group(node, lambda item: self.term_part(item, raw), raw.where)
        else:
            return False
        return True

    def term_status(self, node: _Node, raw: _RawTerm) -> None:
        """Read a term's status; report unknown, unusual and repeated ones."""
        value = node.text()
        status = _status_of(value)
        if status is None:
            self.note(node, f"unknown status {value!r} of {raw.where}; read as if missing")
        elif raw.status is not None:
            self.note(node, f"not kept: a second status {value!r} of {raw.where}")
        else:
            if status is Status.ADMITTED and _plain_status(value) != "admitted":
                self.note(node, f"status {value!r} of {raw.where} is read as admitted")
            raw.status = status

    def settle_terms(self, entry: _Entry) -> list[tuple[_RawTerm, Status]]:
        """Return the entry's terms with their final statuses, language by language."""
        by_language: dict[str, list[_RawTerm]] = {}
        for raw in entry.terms:
            by_language.setdefault(raw.lang, []).append(raw)
        settled: list[tuple[_RawTerm, Status]] = []
        for lang, terms in by_language.items():
            settled.extend(self.settle_language(lang, terms, entry.where))
        return settled

    def settle_language(
        self, lang: str, terms: list[_RawTerm], where: str
    ) -> list[tuple[_RawTerm, Status]]:
        """Give the terms of one language their statuses: exactly one preferred term."""
        terms = self.without_duplicates(terms)
        statuses = [raw.status for raw in terms]
        chosen = (
            statuses.index(Status.PREFERRED)
            if Status.PREFERRED in statuses
            else self.choose_preferred(terms, lang, where)
        )
        if chosen is None:
            return []
        self.unset.extend(raw.node for raw in terms if raw.status is None)
        settled: list[tuple[_RawTerm, Status]] = []
        for index, raw in enumerate(terms):
            if index == chosen:
                settled.append((raw, Status.PREFERRED))
                continue
            if raw.status is Status.PREFERRED:
                self.note(
                    raw.node,
                    f"{raw.where} is a second preferred term; it is imported as admitted "
                    f"('{terms[chosen].text}' stays preferred)",
                )
            kept = raw.status if raw.status not in (None, Status.PREFERRED) else None
            settled.append((raw, kept or Status.ADMITTED))
        return settled

    def choose_preferred(self, terms: list[_RawTerm], lang: str, where: str) -> int | None:
        """Return which term to take as preferred in a language that names none (or None)."""
        statuses = [raw.status for raw in terms]
        if None in statuses:
            return statuses.index(None)
        if Status.ADMITTED in statuses:
            chosen = statuses.index(Status.ADMITTED)
            self.note(
                terms[chosen].node,
                f"language '{lang}' of {where} has no preferred term: the admitted "
                f"'{terms[chosen].text}' is taken as preferred",
            )
            return chosen
        listed = ", ".join(f"{raw.text!r} ({raw.status.value})" for raw in terms if raw.status)
        self.note(
            terms[0].node,
            f"not kept: language '{lang}' of {where} has no preferred or admitted term, only "
            f"{listed}",
        )
        return None

    def without_duplicates(self, terms: list[_RawTerm]) -> list[_RawTerm]:
        """Return the terms of one language with repeated forms (ignoring case) left out."""
        seen: set[str] = set()
        kept: list[_RawTerm] = []
        for raw in terms:
            key = raw.text.casefold()
            if key in seen:
                self.note(raw.node, f"not kept: {raw.where} is listed twice")
                continue
            seen.add(key)
            kept.append(raw)
        return kept

    def term_of(self, raw: _RawTerm, status: Status, concept_id: str) -> Term:
        """Return the model's term for a term as read."""
        return Term(
            raw.text,
            raw.lang,
            status,
            concept_id,
            note="\n".join(raw.notes),
            source="; ".join(dict.fromkeys(raw.sources)),
            part_of_speech=raw.part_of_speech,
            pos=SourcePos(self.path, raw.node.line, raw.node.column),
        )


def read_tbx(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a TBX v2 or v3 glossary (DCA or DCT style); report what a glossary cannot hold.

    ``path`` names the file in notes and errors; ``text`` is its content. The option ``name``
    names the glossary (default: the TBX title, else the file name). Other options are
    ignored. A file that is not well-formed XML, or not TBX, raises
    :class:`~terms.errors.InputError` (``input-syntax``, with its line and column).

    >>> result = read_tbx(Path("kyiv.tbx"), '''<?xml version="1.0" encoding="UTF-8"?>
    ... <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
    ...   <tbxHeader><fileDesc><sourceDesc><p>Place names</p></sourceDesc></fileDesc></tbxHeader>
    ...   <text><body>
    ...     <conceptEntry id="Kyiv">
    ...       <descrip type="subjectField">geography</descrip>
    ...       <langSec xml:lang="en">
    ...         <termSec><term>Kyiv</term>
    ...           <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
    ...         </termSec>
    ...         <termSec><term>Kiev</term>
    ...           <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
    ...           <admin type="customerSubset">Newsroom</admin>
    ...         </termSec>
    ...       </langSec>
    ...       <langSec xml:lang="uk"><termSec><term>Київ</term></termSec></langSec>
    ...     </conceptEntry>
    ...   </body></text>
    ... </tbx>''')
    >>> concept = result.glossary.concepts[0]
    >>> concept.id, concept.tags, result.glossary.name, result.glossary.description
    ('kyiv', ('geography',), 'kyiv', 'Place names')
    >>> [(t.lang, t.text, t.status.value) for t in concept.terms]
    [('en', 'Kyiv', 'preferred'), ('en', 'Kiev', 'superseded'), ('uk', 'Київ', 'preferred')]
    >>> for lost in result.lost:
    ...     print(lost)  # doctest: +NORMALIZE_WHITESPACE
    kyiv.tbx:5:5: note: concept id 'Kyiv' is imported as 'kyiv' (concept ids are unique
        lower-case slugs)
    kyiv.tbx:13:11: note: not kept: customerSubset (admin) 'Newsroom' in term 'Kiev' in
        language 'en' of concept 'Kyiv'
    kyiv.tbx:16:39: note: 1 term had no administrative status (the first here): in a
        language without a preferred term, the first such term was taken as preferred, and
        the others as admitted
    """
    where = str(path)
    root = _parse_xml(text, where)
    reader = _Reader(where)
    glossary = reader.glossary(root, str(options.get("name") or ""))
    return ImportResult(glossary, reader.notes_in_order())


# -- writing ----------------------------------------------------------------------------------


def _add(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    """Append an element with text to ``parent`` and return it."""
    element = ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _lines(text: str) -> list[str]:
    """Return the non-blank lines of a text, stripped (one ``<note>`` each)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _xml_id(concept_id: str) -> str:
    """Return a concept id as an XML ID: one that does not start with a letter gets a ``_``."""
    return concept_id if concept_id[:1].isalpha() else f"_{concept_id}"


def _document_language(options: dict[str, Any]) -> str:
    """Return the language of the TBX document (``source_lang`` option, default ``en``)."""
    tag = str(options.get("source_lang") or "en")
    try:
        return canonical_tag(tag)
    except UnknownLanguageError as exc:
        raise UsageError(Problem(code("usage"), f"source language: {exc}")) from exc


class _Writer:
    """Builds the TBX-Basic tree of a glossary and collects what TBX cannot hold."""

    def __init__(self, glossary: Glossary) -> None:
        """Start writing ``glossary``."""
        self.glossary = glossary
        self.lost: list[Lost] = []

    def note(self, pos: SourcePos | None, message: str) -> None:
        """Record something TBX cannot hold, where the glossary defines it."""
        self.lost.append(Lost.at(pos, message, self.glossary.path))

    def document(self, lang: str) -> ET.Element:
        """Return the whole ``<tbx>`` element."""
        attrib = {"style": "dca", "type": "TBX-Basic", _XML_LANG: lang, "xmlns": TBX_NAMESPACE}
        root = ET.Element("tbx", attrib)
        root.append(self.header())
        body = ET.SubElement(ET.SubElement(root, "text"), "body")
        for concept in self.glossary.concepts:
            entry = self.concept(concept)
            if entry is not None:
                body.append(entry)
        if self.glossary.languages:
            languages = ", ".join(self.glossary.languages)
            self.note(
                None, f"not written: the glossary's list of languages ({languages}); TBX has none"
            )
        return root

    def header(self) -> ET.Element:
        """Return the ``<tbxHeader>``: the glossary's name and description."""
        header = ET.Element("tbxHeader")
        file_description = ET.SubElement(header, "fileDesc")
        _add(ET.SubElement(file_description, "titleStmt"), "title", self.glossary.name)
        source = ET.SubElement(file_description, "sourceDesc")
        _add(source, "p", self.glossary.description or self.glossary.name)
        return header

    def concept(self, concept: Concept) -> ET.Element | None:
        """Return a ``<conceptEntry>``, or None (reported) for a concept without terms."""
        if not concept.terms:
            self.note(concept.pos, f"not written: concept '{concept.id}' has no terms")
            return None
        entry = ET.Element("conceptEntry", id=_xml_id(concept.id))
        for tag in concept.tags:
            _add(entry, "descrip", tag, type="subjectField")
        if concept.definition:
            _add(entry, "descrip", collapse_spaces(concept.definition), type="definition")
        for source in concept.sources:
            _add(entry, "admin", source, type="source")
        for line in _lines(concept.note):
            _add(entry, "note", line)
        for lang in concept.languages:
            section = ET.SubElement(entry, "langSec", {_XML_LANG: lang})
            for term in concept.terms_in(lang):
                section.append(self.term(concept, term))
        self.note_concept_losses(concept)
        return entry

    def term(self, concept: Concept, term: Term) -> ET.Element:
        """Return a ``<termSec>``."""
        section = ET.Element("termSec")
        _add(section, "term", term.text)
        part_of_speech = self.part_of_speech(concept, term)
        if part_of_speech:
            _add(section, "termNote", part_of_speech, type="partOfSpeech")
        _add(section, "termNote", _STATUS_VALUES[term.status], type="administrativeStatus")
        if concept.type == "acronym":
            _add(section, "termNote", "acronym", type="termType")
        if term.source:
            _add(section, "admin", term.source, type="source")
        for line in _lines(term.note):
            _add(section, "note", line)
        self.note_term_losses(concept, term)
        return section

    def part_of_speech(self, concept: Concept, term: Term) -> str:
        """Return the term's part of speech when TBX-Basic allows it; report others."""
        value = term.part_of_speech.strip()
        if value.lower() in _PARTS_OF_SPEECH:
            return value.lower()
        if value:
            self.note(
                term.pos,
                f"not written: part of speech {value!r} of term '{term.text}' ({term.lang}) in "
                f"concept '{concept.id}'; TBX-Basic has only {', '.join(_PARTS_OF_SPEECH)}",
            )
        return ""

    def note_concept_losses(self, concept: Concept) -> None:
        """Report the concept's fields that TBX cannot hold."""
        what = [f"type: {concept.type}"] if concept.type not in ("term", "acronym") else []
        what += concept_settings(concept)
        if what:
            self.note(
                concept.pos,
                f"not written for concept '{concept.id}': {'; '.join(what)} (TBX has no place "
                "for them)",
            )

    def note_term_losses(self, concept: Concept, term: Term) -> None:
        """Report the term's options that TBX cannot hold, and a forbidden status."""
        name = f"term '{term.text}' ({term.lang}) of concept '{concept.id}'"
        if term.status is Status.FORBIDDEN:
            self.note(
                term.pos,
                f"forbidden {name} is written as deprecated: TBX-Basic has no forbidden status",
            )
        what = term_settings(term)
        if term.date is not None:
            what.append(f"date: {term.date.isoformat()}")
        if what:
            self.note(term.pos, f"not written for {name}: {'; '.join(what)}")


def write_tbx(glossary: Glossary, **options: Any) -> ExportResult:
    """Write a glossary as TBX-Basic v3 (DCA style); report what TBX cannot hold.

    The option ``source_lang`` sets the document's ``xml:lang`` (default ``en``); other options
    are ignored.

    >>> from terms.glossary import load_glossary_text
    >>> glossary = load_glossary_text('''version: 1
    ... name: places
    ... concepts:
    ...   kyiv:
    ...     type: place
    ...     en: {preferred: Kyiv, superseded: [Kiev]}
    ...     uk: Київ
    ... ''')
    >>> result = write_tbx(glossary)
    >>> print(result.text, end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader>
        <fileDesc>
          <titleStmt>
            <title>places</title>
          </titleStmt>
          <sourceDesc>
            <p>places</p>
          </sourceDesc>
        </fileDesc>
      </tbxHeader>
      <text>
        <body>
          <conceptEntry id="kyiv">
            <langSec xml:lang="en">
              <termSec>
                <term>Kyiv</term>
                <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              </termSec>
              <termSec>
                <term>Kiev</term>
                <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
              </termSec>
            </langSec>
            <langSec xml:lang="uk">
              <termSec>
                <term>Київ</term>
                <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              </termSec>
            </langSec>
          </conceptEntry>
        </body>
      </text>
    </tbx>
    >>> for lost in result.lost:
    ...     print(lost)
    <glossary>:4:3: note: not written for concept 'kyiv': type: place (TBX has no place for them)
    """
    writer = _Writer(glossary)
    root = writer.document(_document_language(options))
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    return ExportResult(text + "\n", tuple(writer.lost))
