"""PO glossaries: a glossary as a gettext catalog for one pair of languages (polib).

Each concept is one entry: ``msgctxt`` is the concept id, ``msgid`` its preferred term in the
source language, ``msgstr`` its preferred term in the target language (empty when it has
none), translator comments (``#``) its note, extracted comments (``#.``) its type
(``Type: place``), its terms' part of speech (``Part of speech: noun``, as Translate
Toolkit's ``tbx2po`` writes it) and its definition (``Definition: ...``); the flag
``read-only`` (Weblate's mark of an untranslatable glossary term) stands for ``translate:
false``. The header's ``Language`` is the target language and ``X-Source-Language`` the
source language.

Reading takes the source language from the option ``source_lang``, else the header's
``X-Source-Language``, else ``en``; the target language from ``target_lang``, else the
header's ``Language`` (without either: :class:`~terms.errors.UsageError`). Each entry becomes
a concept: its id from ``msgctxt``, else a slug of ``msgid``, made unique. A **fuzzy** entry
is a translation nobody has checked: its concept is read with the source term alone, and its
``msgstr`` is reported as not kept (a glossary term has to be trusted; taking it as admitted
would leave the language without a preferred term). Obsolete entries (``#~``) are skipped and
reported. A plural entry is read from ``msgid`` and ``msgstr[0]``; its other forms are
reported. References (``#:``), previous strings (``#|``) and other flags are reported. Entries
that would clash (the same source term under two ids) are handled as in
:mod:`terms.interchange.tables`: the first is kept, the later one left out and reported. A
catalog polib cannot parse raises :class:`~terms.errors.InputError` (``input-syntax``).

Writing needs ``target_lang`` (``source_lang`` defaults to ``en``; a regional tag falls back
to its language). What a PO entry cannot hold is reported: concepts without a preferred term
in the source language, variants, terms of other languages, tags, sources, fuzzy settings,
patterns, specs, and the terms' notes, sources, dates, endings and ``case-sensitive``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib

from terms.interchange import ExportResult, ImportResult, Lost
from terms.interchange.tables import (
    Draft,
    DraftTerm,
    GlossaryBuilder,
    language_option,
    preferred_in,
    syntax_error,
    usage_error,
)
from terms.locales import declared_tag
from terms.model import CONCEPT_TYPES, Concept, Glossary, SourcePos, Status, Term

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_FUZZY = "fuzzy"
_READ_ONLY = "read-only"  # Weblate: an untranslatable glossary term
_TYPE = "type"
_PART_OF_SPEECH = "part of speech"
_DEFINITION = "definition"
_LABELS = {_TYPE: "Type", _PART_OF_SPEECH: "Part of speech", _DEFINITION: "Definition"}


# -- reading ----------------------------------------------------------------------------------


def _parse_catalog(text: str, path: str) -> Any:
    """Return polib's reading of a catalog; raise InputError when it cannot parse it."""
    try:
        # a line break after the text: polib never takes it for a file name
        return polib.pofile(text.removeprefix("\ufeff") + "\n", encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError) as exc:
        found = _POLIB_LINE.search(str(exc))
        line = int(found.group(1)) if found else 0
        raise syntax_error(f"cannot parse the catalog: {exc}", path, line) from exc


def _header_language(catalog: Any, key: str) -> str:
    """Return the canonical tag of a header field (``Language``...), or ""."""
    value = str(catalog.metadata.get(key, "") or "")
    return (declared_tag(value) or "") if value.strip() else ""


def _catalog_languages(catalog: Any, options: dict[str, Any], path: str) -> tuple[str, str]:
    """Return the source and target languages: from the options, else from the header."""
    source = (
        language_option(options, "source_lang", path)
        or _header_language(catalog, "X-Source-Language")
        or "en"
    )
    target = language_option(options, "target_lang", path) or _header_language(catalog, "Language")
    if not target:
        declared = str(catalog.metadata.get("Language", "") or "").strip()
        why = f"Language {declared!r} is not a language tag" if declared else "has no Language"
        raise usage_error(
            f"the catalog's header {why}: give the target language with --target-lang "
            "(option target_lang)",
            path,
        )
    if source == target:
        raise usage_error(f"the source and target languages are both '{source}'", path)
    return source, target


class _CatalogReader:
    """Turns the entries of a catalog into drafts of concepts and notes what it leaves out."""

    def __init__(self, path: str, source: str, target: str) -> None:
        """Start reading a catalog from ``source`` into ``target``."""
        self.builder = GlossaryBuilder(path)
        self.source = source
        self.target = target

    def note(self, line: int, message: str) -> None:
        """Record something that could not be carried, at an entry's line."""
        self.builder.note(line, 1, message)

    def entry(self, entry: Any) -> None:
        """Read one entry into a concept (obsolete entries are reported and skipped)."""
        line = max(int(entry.linenum or 0), 1)
        label = f"the entry at line {line}"
        if entry.obsolete:
            self.note(line, f"not kept: obsolete entry {entry.msgid!r} ({label})")
            return
        draft = Draft(label, line, raw_id=str(entry.msgctxt or ""))
        draft.translate = _READ_ONLY not in entry.flags
        part_of_speech = self.comments(entry, draft)
        texts = {self.source: str(entry.msgid), self.target: self.target_term(entry, line, label)}
        draft.terms = [
            DraftTerm(text, lang, Status.PREFERRED, line, 1, part_of_speech)
            for lang, text in texts.items()
            if text
        ]
        self.note_losses(entry, line, label)
        self.builder.add(draft)

    def target_term(self, entry: Any, line: int, label: str) -> str:
        """Return the entry's translation ("" when it is empty, or fuzzy: reported)."""
        text = str(entry.msgstr_plural.get(0, "")) if entry.msgid_plural else str(entry.msgstr)
        if text.strip() and _FUZZY in entry.flags:
            self.note(
                line,
                f"not kept: the fuzzy translation {text!r} of {label} (a fuzzy entry has not "
                "been checked; its source term is read alone)",
            )
            return ""
        return text

    def comments(self, entry: Any, draft: Draft) -> str:
        """Set the draft's note, type and definition from the comments; return the pos."""
        draft.note = _multiline(str(entry.tcomment or ""))
        definition: list[str] = []
        part_of_speech = ""
        for line in str(entry.comment or "").splitlines():
            label, colon, value = line.partition(":")
            key = label.strip().casefold() if colon else ""
            if key == _TYPE:
                draft.type = self.concept_type(value.strip(), draft)
            elif key == _PART_OF_SPEECH:
                part_of_speech = value.strip()
            elif key == _DEFINITION:
                definition.append(value.strip())
            else:
                definition.append(line.strip())
        draft.definition = _multiline("\n".join(definition))
        return part_of_speech

    def concept_type(self, value: str, draft: Draft) -> str:
        """Return the type a ``Type:`` comment names (``term``, reported, when it is unknown)."""
        if value.casefold() in CONCEPT_TYPES:
            return value.casefold()
        self.note(
            draft.line,
            f"type {value!r} of {draft.label} is read as 'term' (the types are "
            f"{', '.join(CONCEPT_TYPES)})",
        )
        return "term"

    def note_losses(self, entry: Any, line: int, label: str) -> None:
        """Report what an entry holds that a glossary has no place for."""
        what = []
        if entry.msgid_plural:
            what.append(f"the plural msgid {entry.msgid_plural!r} and the other plural forms")
        if entry.occurrences:
            references = " ".join(":".join(filter(None, o)) for o in entry.occurrences)
            what.append(f"references {references}")
        flags = [flag for flag in entry.flags if flag not in (_FUZZY, _READ_ONLY)]
        if flags:
            what.append(f"flags {', '.join(flags)}")
        if entry.previous_msgid:
            what.append(f"the previous msgid {entry.previous_msgid!r}")
        if what:
            self.note(line, f"not kept from {label}: {'; '.join(what)}")


def read_po_glossary(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a PO glossary: one entry per concept, from a source term to a target term.

    ``path`` names the file in notes and errors; ``text`` is its content. Options:
    ``source_lang`` and ``target_lang`` (else the header's ``X-Source-Language``, default
    ``en``, and ``Language``), ``name`` (default: the file name).

    >>> result = read_po_glossary(Path("places.po"), '''msgid ""
    ... msgstr ""
    ... "Language: es\\\\n"
    ...
    ... # Capital of Azerbaijan.
    ... #. Type: place
    ... msgctxt "baku"
    ... msgid "Baku"
    ... msgstr "Bakú"
    ...
    ... #, fuzzy
    ... msgid "Yerevan"
    ... msgstr "Erevan"
    ... ''')
    >>> for concept in result.glossary.concepts:
    ...     print(concept.id, concept.type, concept.note, [t.text for t in concept.terms])
    baku place Capital of Azerbaijan. ['Baku', 'Bakú']
    yerevan term  ['Yerevan']
    >>> print(result.lost[0])  # doctest: +NORMALIZE_WHITESPACE
    places.po:11:1: note: not kept: the fuzzy translation 'Erevan' of the entry at line 11 (a
        fuzzy entry has not been checked; its source term is read alone)
    """
    where = str(path)
    catalog = _parse_catalog(text, where)
    source, target = _catalog_languages(catalog, options, where)
    reader = _CatalogReader(where, source, target)
    for entry in catalog:
        reader.entry(entry)
    name = str(options.get("name") or "") or Path(where).stem
    return ImportResult(reader.builder.glossary(name, (source, target)), reader.builder.notes())


def _multiline(text: str) -> str:
    """Return a text with each line's end and the whole text's ends trimmed."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


# -- writing ----------------------------------------------------------------------------------


def _gettext_language(tag: str) -> str:
    """Return a tag as gettext writes a ``Language`` (``pt-BR`` gives ``pt_BR``)."""
    return tag.replace("-", "_")


class _CatalogWriter:
    """Builds the catalog of a glossary for a pair of languages; notes what it cannot hold."""

    def __init__(self, glossary: Glossary, source: str, target: str) -> None:
        """Start writing ``glossary`` from ``source`` into ``target``."""
        self.glossary = glossary
        self.source = source
        self.target = target
        self.lost: list[Lost] = []
        self.other_languages: dict[str, int] = {}  # language -> terms not written

    def note(self, pos: SourcePos | None, message: str) -> None:
        """Record something a PO entry cannot hold, where the glossary defines it."""
        self.lost.append(Lost.at(pos, message, self.glossary.path))

    def catalog(self) -> Any:
        """Return the catalog: its header, then one entry per concept."""
        catalog = polib.POFile(wrapwidth=0)
        catalog.header = f"Glossary {self.glossary.name}: {self.source} to {self.target}."
        catalog.metadata = {
            "Project-Id-Version": self.glossary.name,
            "Language": _gettext_language(self.target),
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "X-Source-Language": _gettext_language(self.source),
        }
        for concept in self.glossary.concepts:
            entry = self.entry(concept)
            if entry is not None:
                catalog.append(entry)
        self.note_other_languages()
        return catalog

    def entry(self, concept: Concept) -> Any:
        """Return a concept's entry, or None (reported) when it has no source term."""
        source_term = preferred_in(concept, self.source)
        if source_term is None:
            self.note(
                concept.pos,
                f"not written: concept '{concept.id}' has no preferred term in '{self.source}'",
            )
            return None
        target_term = preferred_in(concept, self.target)
        written = [term for term in (source_term, target_term) if term is not None]
        self.note_losses(concept, written)
        return polib.POEntry(
            msgctxt=concept.id,
            msgid=source_term.text,
            msgstr=target_term.text if target_term else "",
            tcomment=concept.note,
            comment=self.extracted_comment(concept, written),
            flags=[] if concept.translate else [_READ_ONLY],
        )

    def extracted_comment(self, concept: Concept, written: list[Term]) -> str:
        """Return the ``#.`` lines: the type, the part of speech, the definition."""
        lines = []
        if concept.type != "term":
            lines.append(f"{_LABELS[_TYPE]}: {concept.type}")
        parts_of_speech = {term.part_of_speech for term in written}
        if len(parts_of_speech) == 1 and written[0].part_of_speech:
            lines.append(f"{_LABELS[_PART_OF_SPEECH]}: {written[0].part_of_speech}")
        elif len(parts_of_speech) > 1:
            shown = ", ".join(f"{t.text!r}: {t.part_of_speech!r}" for t in written)
            self.note(
                concept.pos,
                f"not written: the parts of speech of concept '{concept.id}' ({shown}): an "
                "entry has one",
            )
        if concept.definition:
            first, *rest = concept.definition.splitlines()
            lines += [f"{_LABELS[_DEFINITION]}: {first}", *rest]
        return "\n".join(lines)

    def note_losses(self, concept: Concept, written: list[Term]) -> None:
        """Report the concept's variants, fields and term options that an entry cannot hold."""
        languages = {term.lang for term in written}
        variants = []
        for term in concept.terms:
            if term in written:
                continue
            if term.lang in languages:
                variants.append(f"{term.status.value} '{term.text}' ({term.lang})")
            else:
                self.other_languages[term.lang] = self.other_languages.get(term.lang, 0) + 1
        what = [f"variants {', '.join(variants)}"] if variants else []
        what += _concept_fields(concept)
        for term in written:
            what += [f"{option} of '{term.text}'" for option in _term_options(term)]
        if what:
            self.note(concept.pos, f"not written for concept '{concept.id}': {'; '.join(what)}")

    def note_other_languages(self) -> None:
        """Report, once, the terms of languages other than the two of the catalog."""
        if self.other_languages:
            counts = ", ".join(f"{lang} ({n})" for lang, n in self.other_languages.items())
            self.note(
                None,
                f"not written: the terms in languages other than '{self.source}' and "
                f"'{self.target}': {counts}",
            )


def _concept_fields(concept: Concept) -> list[str]:
    """Return the concept's fields that a PO entry has no place for."""
    what = []
    if concept.tags:
        what.append(f"tags {', '.join(concept.tags)}")
    if concept.sources:
        what.append(f"sources {'; '.join(concept.sources)}")
    if not concept.fuzzy:
        what.append("fuzzy: false")
    elif concept.fuzzy_min is not None:
        what.append(f"fuzzy: {concept.fuzzy_min:g}")
    if concept.patterns:
        what.append(f"patterns {', '.join(p.regex for p in concept.patterns)}")
    if concept.specs:
        what.append(f"{len(concept.specs)} spec{'s' if len(concept.specs) > 1 else ''}")
    return what


def _term_options(term: Term) -> list[str]:
    """Return the options of a term that a PO entry has no place for."""
    what = []
    for name, value in (("note", term.note), ("source", term.source)):
        if value:
            what.append(f"the {name} {value!r}")
    if term.date is not None:
        what.append(f"the date {term.date.isoformat()}")
    if term.endings:
        what.append(f"the endings {', '.join(term.endings)}")
    if term.case_sensitive:
        what.append("case-sensitive")
    if not term.fuzzy:
        what.append("fuzzy: false")
    elif term.fuzzy_min is not None:
        what.append(f"fuzzy: {term.fuzzy_min:g}")
    return what


def _target_option(options: dict[str, Any]) -> tuple[str, str]:
    """Return the source and target languages of the catalog to write."""
    source = language_option(options, "source_lang") or "en"
    target = language_option(options, "target_lang")
    if not target:
        raise usage_error(
            "a PO glossary is for one target language: give it with --target-lang (option "
            "target_lang)"
        )
    if source == target:
        raise usage_error(f"the source and target languages are both '{source}'")
    return source, target


def write_po_glossary(glossary: Glossary, **options: Any) -> ExportResult:
    """Write a glossary as a gettext catalog from ``source_lang`` (default en) to ``target_lang``.

    >>> from terms.glossary import load_glossary_text
    >>> glossary = load_glossary_text('''version: 1
    ... name: places
    ... concepts:
    ...   yerevan:
    ...     type: place
    ...     note: Capital of Armenia.
    ...     en: {preferred: Yerevan, deprecated: [Erevan]}
    ...     es: Ereván
    ...     fr: Erevan
    ... ''')
    >>> result = write_po_glossary(glossary, target_lang="es")
    >>> print(result.text, end="")
    # Glossary places: en to es.
    msgid ""
    msgstr ""
    "Project-Id-Version: places\\n"
    "Language: es\\n"
    "MIME-Version: 1.0\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Content-Transfer-Encoding: 8bit\\n"
    "X-Source-Language: en\\n"
    <BLANKLINE>
    # Capital of Armenia.
    #. Type: place
    msgctxt "yerevan"
    msgid "Yerevan"
    msgstr "Ereván"
    >>> for lost in result.lost:
    ...     print(lost)
    <glossary>:4:3: note: not written for concept 'yerevan': variants deprecated 'Erevan' (en)
    <glossary>: note: not written: the terms in languages other than 'en' and 'es': fr (1)
    """
    source, target = _target_option(options)
    writer = _CatalogWriter(glossary, source, target)
    text = str(writer.catalog())
    return ExportResult(text if text.endswith("\n") else text + "\n", tuple(writer.lost))
