"""CSV and TSV glossaries: the layouts of Google Cloud Translation, DeepL and spreadsheets.

Reading (UTF-8, with or without a BOM; the delimiter of a ``.csv`` file is sniffed among
``,``, ``;`` and tab, a ``.tsv`` file is tab-separated) finds one of two layouts, unless the
option ``layout`` (``pairs`` or ``languages``) forces one:

- **languages**: a header row with one column per language, as in Google's equivalent term
  sets (``en,es,fr,pos,description``) and spreadsheets. A language column is headed by a BCP
  47 tag in any case (``en``, ``EN``, ``pt_br``) or by its English name as babel knows it
  (``English``, ``Brazilian Portuguese``); a column of variants by the language and a status,
  ``en:deprecated`` or ``en (deprecated)``, its terms separated by ``|`` (or ``;``). Other
  columns: ``id`` (the concept id, when it is the first column; elsewhere ``id`` is
  Indonesian), ``type``, ``note`` (or ``notes``, ``comment``), ``definition`` (or Google's
  ``description``), ``pos`` (the part of speech of every term of the row), ``tags`` and
  ``sources`` (separated by ``|``). The first row is taken as a header when more than half of
  its cells name such columns, one of them a language. A column the header does not name is
  left out, and reported.
- **pairs**: no header, a source term and a target term per row: Google's unidirectional
  glossaries and DeepL's. The languages come from the options ``source_lang`` and
  ``target_lang`` (without them: :class:`~terms.errors.UsageError`), except in DeepL's own
  export, whose rows are ``source,target,source_lang,target_lang[,relevance]``. A first row
  ``source,target`` is a header and skipped.

Every row is one concept: its id from the ``id`` column, else a slug of its first term, made
unique; in each language, the term of the plain language column is preferred (when that cell
holds several, the first is preferred and the others admitted), the status columns give the
variants. A language with variants but no preferred term takes its first admitted term as
preferred, else it is left out. Empty cells and blank rows are skipped; a term listed twice in
a language is kept once. Rows must not clash, or the glossary would not load: a row equal to
an earlier one (same terms, same other cells) is read once; otherwise, when a preferred term
of a row is already a form of an earlier concept in that language (ignoring case and accents)
or a variant of one, the whole row is left out, and when only a variant clashes, that variant
is. Everything left out is reported as :class:`~terms.interchange.Lost` with its line and
column. A file that the csv module cannot parse (a quote left open) raises
:class:`~terms.errors.InputError` (``input-syntax``).

Writing gives the languages layout: ``id,type,en,en:admitted,en:deprecated,...`` (only the
languages and statuses in use; the glossary's own languages first), then ``pos``,
``definition``, ``note``, ``tags`` and ``sources`` when any concept has them; variants are
joined by `` | ``. A term's note, source and date go into the concept's note column, and are
reported; what a table cannot hold (endings, ``case-sensitive``, ``fuzzy``, ``translate``,
patterns, specs, parts of speech that differ within a concept, terms holding ``|`` or ``;``)
is reported. With ``layout="pairs"`` (the default when both ``source_lang`` and
``target_lang`` are given), one row per concept with its preferred terms in the two languages
(a regional tag falls back to its language), no header: a file to upload to DeepL or Google.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
from terms.locales import UnknownLanguageError, canonical_tag, fallback_chain
from terms.model import CONCEPT_TYPES, Concept, Glossary, SourcePos, Status, Term

LAYOUTS = ("pairs", "languages")
_SNIFFED_DELIMITERS = ",;\t"
_FIELD_NAMES = {
    "id": "id",
    "type": "type",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "definition": "definition",
    "description": "definition",
    "pos": "pos",
    "part of speech": "pos",
    "tags": "tags",
    "sources": "sources",
}
_OPTIONAL_FIELDS = ("pos", "definition", "note", "tags", "sources")  # written in this order
_STATUS_COLUMN = regex.compile(
    r"^(?P<lang>[^:()]+?)\s*(?::\s*(?P<colon>\p{L}+)|\(\s*(?P<paren>\p{L}+)\s*\))$"
)
_PAIR_HEADER = ("source", "target")
_TERM_SEPARATORS = ("|", ";")
_LIST_SEPARATOR = "|"
_WRITTEN_SEPARATOR = " | "

# the rule of terms.glossary.parse: a lower-case slug
_CONCEPT_ID = regex.compile(r"[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_.\-]*")
_NOT_IN_ID = regex.compile(r"[^\p{Ll}\p{Lo}\p{N}_.\-]+")
_BEFORE_ID = regex.compile(r"^[^\p{Ll}\p{Lo}\p{N}]+")
_HYPHENS = regex.compile(r"-{2,}")


# -- shared with the PO glossary reader ---------------------------------------------------------


def slug(text: str) -> str:
    """Return text as a concept id (a lower-case slug), or "" when nothing is left.

    >>> slug("Nagorno Karabakh"), slug("C.S.T.O."), slug("Пашинян"), slug("!!")
    ('nagorno-karabakh', 'c.s.t.o.', 'пашинян', '')
    """
    lowered = text.strip().lower()
    if _CONCEPT_ID.fullmatch(lowered):
        return lowered
    lowered = _BEFORE_ID.sub("", _NOT_IN_ID.sub("-", lowered))
    lowered = _HYPHENS.sub("-", lowered).rstrip("-")
    return lowered if _CONCEPT_ID.fullmatch(lowered) else ""


def syntax_error(message: str, path: str, line: int = 0, column: int = 0) -> InputError:
    """Return the error (``input-syntax``) for a file that cannot be parsed.

    >>> print(syntax_error("a quoted cell of this row is never closed", "g.csv", 4))
    g.csv:4: error TRM035: a quoted cell of this row is never closed
    """
    return InputError(Problem(code("input-syntax"), message, path, line, column))


def usage_error(message: str, path: str = "") -> UsageError:
    """Return the error (``usage``) for options that cannot be used.

    >>> print(usage_error("give --target-lang", "g.po"))
    g.po: error TRM033: give --target-lang
    """
    return UsageError(Problem(code("usage"), message, path))


def language_option(options: dict[str, Any], name: str, path: str = "") -> str:
    """Return the canonical tag given in option ``name`` ("" when not given).

    An unknown tag is a :class:`~terms.errors.UsageError` naming the command-line flag.

    >>> language_option({"source_lang": "pt_br"}, "source_lang"), language_option({}, "target_lang")
    ('pt-BR', '')
    >>> language_option({"target_lang": "xx"}, "target_lang")
    Traceback (most recent call last):
    ...
    terms.errors.UsageError: <input>: error TRM033: --target-lang: unknown language 'xx' in tag 'xx'
    """
    value = str(options.get(name) or "").strip()
    if not value:
        return ""
    try:
        return canonical_tag(value)
    except UnknownLanguageError as exc:
        flag = "--" + name.replace("_", "-")
        raise usage_error(f"{flag}: {exc}", path) from exc


@dataclass(frozen=True)
class DraftTerm:
    """A term as read from a row or an entry, before the checks across concepts."""

    text: str
    lang: str
    status: Status
    line: int = 0
    column: int = 0
    part_of_speech: str = ""


@dataclass
class Draft:
    """One concept as read from a row or an entry, before the checks across concepts."""

    label: str  # "row 4", "the entry at line 12": names it in notes
    line: int
    column: int = 1
    raw_id: str = ""
    type: str = "term"
    note: str = ""
    definition: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    translate: bool = True
    terms: list[DraftTerm] = field(default_factory=list)

    def key(self) -> tuple[object, ...]:
        """Return what makes two drafts the same concept: every term and every field."""
        terms = frozenset((t.lang, t.status, t.text, t.part_of_speech) for t in self.terms)
        fields = (self.raw_id, self.type, self.note, self.definition, self.tags, self.sources)
        return (terms, *fields, self.translate)


@dataclass(frozen=True)
class _Owner:
    """The concept a form belongs to, for messages about clashes."""

    concept_id: str
    label: str
    text: str


class GlossaryBuilder:
    """Turns drafts into concepts of a glossary that loads, and notes what it leaves out.

    >>> builder = GlossaryBuilder("g.csv")
    >>> builder.add(Draft("row 1", 1, terms=[DraftTerm("Kyiv", "en", Status.PREFERRED)]))
    >>> builder.add(Draft("row 2", 2, terms=[DraftTerm("KYIV", "en", Status.PREFERRED)]))
    >>> [c.id for c in builder.glossary("g").concepts]
    ['kyiv']
    >>> print(builder.notes()[0])  # doctest: +NORMALIZE_WHITESPACE
    g.csv:2:1: note: row 2 is left out: 'KYIV' (en) is already the term 'Kyiv' of concept
        'kyiv' (row 1)
    """

    def __init__(self, path: str) -> None:
        """Start a glossary read from the file at ``path``."""
        self.path = path
        self.lost: list[Lost] = []
        self.concepts: list[Concept] = []
        self.seen: dict[tuple[object, ...], str] = {}  # draft key -> label of its first row
        self.forms: dict[tuple[str, str], _Owner] = {}  # (lang, folded form) -> owner
        self.preferred: dict[str, _Owner] = {}  # preferred text (any language) -> owner
        self.variants: dict[str, _Owner] = {}  # variant text (any language) -> owner
        self.ids: dict[str, str] = {}  # concept id -> label

    def note(self, line: int, column: int, message: str) -> None:
        """Record something that could not be carried, where it was."""
        self.lost.append(Lost(message, self.path, line, column))

    def notes(self) -> tuple[Lost, ...]:
        """Return the notes in file order."""
        return tuple(sorted(self.lost, key=lambda lost: (lost.line, lost.column)))

    def glossary(self, name: str, languages: Iterable[str] = ()) -> Glossary:
        """Return the glossary of the concepts added so far."""
        return Glossary(name, self.path, languages=tuple(languages), concepts=tuple(self.concepts))

    # -- one draft -------------------------------------------------------------------------------

    def add(self, draft: Draft) -> None:
        """Add a draft as a concept, unless it repeats, clashes or has no term (all reported)."""
        draft.terms = self.settled_terms(draft)
        if not draft.terms:
            self.note(draft.line, draft.column, f"{draft.label} has no term; it is left out")
            return
        key = draft.key()
        if key in self.seen:
            self.note(
                draft.line, draft.column, f"{draft.label} repeats {self.seen[key]}; read once"
            )
            return
        if not self.without_clashes(draft):
            return
        self.seen[key] = draft.label
        concept_id = self.concept_id(draft)
        terms = tuple(self.term_of(t, concept_id) for t in draft.terms)
        for term in terms:
            self.claim(term, _Owner(concept_id, draft.label, term.text))
        self.concepts.append(
            Concept(
                id=concept_id,
                type=draft.type,
                note=draft.note,
                definition=draft.definition,
                sources=draft.sources,
                tags=draft.tags,
                translate=draft.translate,
                terms=terms,
                pos=SourcePos(self.path, draft.line, draft.column),
            )
        )

    def term_of(self, draft: DraftTerm, concept_id: str) -> Term:
        """Return the model's term of a draft term."""
        return Term(
            draft.text,
            draft.lang,
            draft.status,
            concept_id,
            part_of_speech=draft.part_of_speech,
            pos=SourcePos(self.path, draft.line, draft.column),
        )

    def settled_terms(self, draft: Draft) -> list[DraftTerm]:
        """Return the draft's usable terms: cleaned, once each, one preferred per language."""
        by_language: dict[str, list[DraftTerm]] = {}
        for term in draft.terms:
            cleaned = self.cleaned(term, draft.label)
            if cleaned is not None:
                by_language.setdefault(cleaned.lang, []).append(cleaned)
        settled: list[DraftTerm] = []
        for lang, terms in by_language.items():
            settled.extend(self.one_preferred(self.once_each(terms, draft.label), lang, draft))
        return settled

    def cleaned(self, term: DraftTerm, label: str) -> DraftTerm | None:
        """Return the term with its white space collapsed, or None (reported) when it is empty."""
        text = collapse_spaces(term.text)
        if not text:
            return None
        if not fold(text):
            self.note(
                term.line,
                term.column,
                f"not kept: {text!r} ({term.lang}) of {label} has no letters or digits",
            )
            return None
        return replace(term, text=text)

    def once_each(self, terms: list[DraftTerm], label: str) -> list[DraftTerm]:
        """Return the terms of one language with forms listed again (ignoring case) left out."""
        seen: dict[str, DraftTerm] = {}
        kept: list[DraftTerm] = []
        # the preferred term first, so that it wins over a variant listed before it
        for term in sorted(terms, key=lambda t: t.status is not Status.PREFERRED):
            first = seen.get(term.text.casefold())
            if first is not None:
                self.note(
                    term.line,
                    term.column,
                    f"not kept: {term.status.value} '{term.text}' ({term.lang}) of {label}: "
                    f"'{first.text}' is already listed as {first.status.value}",
                )
                continue
            seen[term.text.casefold()] = term
            kept.append(term)
        return kept

    def one_preferred(self, terms: list[DraftTerm], lang: str, draft: Draft) -> list[DraftTerm]:
        """Return one language's terms with exactly one preferred term (or none, reported)."""
        preferred = [t for t in terms if t.status is Status.PREFERRED]
        if not preferred:
            return self.promoted(terms, lang, draft)
        settled: list[DraftTerm] = []
        for term in terms:
            if term.status is Status.PREFERRED and term is not preferred[0]:
                self.note(
                    term.line,
                    term.column,
                    f"'{term.text}' ({lang}) of {draft.label} is read as admitted: "
                    f"'{preferred[0].text}' is its preferred term",
                )
                term = replace(term, status=Status.ADMITTED)
            settled.append(term)
        return settled

    def promoted(self, terms: list[DraftTerm], lang: str, draft: Draft) -> list[DraftTerm]:
        """Return the terms of a language without a preferred term: its first admitted one is."""
        admitted = [t for t in terms if t.status is Status.ADMITTED]
        if not admitted:
            listed = ", ".join(f"{t.status.value} '{t.text}'" for t in terms)
            self.note(
                draft.line,
                draft.column,
                f"not kept: language '{lang}' of {draft.label} has no preferred or admitted "
                f"term, only {listed}",
            )
            return []
        first = admitted[0]
        self.note(
            first.line,
            first.column,
            f"language '{lang}' of {draft.label} has no preferred term: the admitted "
            f"'{first.text}' is taken as preferred",
        )
        return [replace(first, status=Status.PREFERRED), *(t for t in terms if t is not first)]

    # -- across concepts -------------------------------------------------------------------------

    def clash(self, term: DraftTerm) -> str:
        """Return why a term cannot join the glossary as it is so far ("" when it can)."""
        owner = self.forms.get((term.lang, fold(term.text)))
        if owner is not None:
            return f"is already the term '{owner.text}' of concept '{owner.concept_id}' " + (
                f"({owner.label})"
            )
        if term.status is Status.PREFERRED:
            owner = self.variants.get(term.text)
            kind = "a variant"
        else:
            owner = self.preferred.get(term.text)
            kind = "the preferred term"
        if owner is None:
            return ""
        return f"is {kind} of concept '{owner.concept_id}' ({owner.label})"

    def without_clashes(self, draft: Draft) -> bool:
        """Drop clashing variants; return False (reported) when a preferred term clashes."""
        clashes = [(term, why) for term in draft.terms if (why := self.clash(term))]
        fatal = [
            f"'{t.text}' ({t.lang}) {why}" for t, why in clashes if t.status is Status.PREFERRED
        ]
        if fatal:
            self.note(draft.line, draft.column, f"{draft.label} is left out: {'; '.join(fatal)}")
            return False
        for term, why in clashes:
            self.note(
                term.line,
                term.column,
                f"not kept: {term.status.value} '{term.text}' ({term.lang}) of {draft.label} {why}",
            )
        dropped = {id(term) for term, _ in clashes}
        draft.terms = [term for term in draft.terms if id(term) not in dropped]
        return True

    def claim(self, term: Term, owner: _Owner) -> None:
        """Record the forms of a term that joined the glossary."""
        self.forms.setdefault((term.lang, fold(term.text)), owner)
        table = self.preferred if term.status is Status.PREFERRED else self.variants
        table.setdefault(term.text, owner)

    def concept_id(self, draft: Draft) -> str:
        """Return a unique concept id: the draft's own, else a slug of its first term."""
        base = slug(draft.raw_id) or slug(draft.terms[0].text) or "concept"
        concept_id, number = base, 1
        while concept_id in self.ids:
            number += 1
            concept_id = f"{base}-{number}"
        if draft.raw_id and concept_id != draft.raw_id:
            taken = f", taken by {self.ids[base]}" if base in self.ids else ""
            self.note(
                draft.line,
                draft.column,
                f"concept id '{draft.raw_id}' of {draft.label} is imported as '{concept_id}' "
                f"(concept ids are unique lower-case slugs{taken})",
            )
        self.ids[concept_id] = draft.label
        return concept_id


# -- reading: rows and cells ------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """A row that is not blank: its first line, its cells, and where each cell starts."""

    line: int
    cells: tuple[str, ...]
    starts: tuple[tuple[int, int], ...]

    def at(self, index: int) -> tuple[int, int]:
        """Return the line and column of a cell."""
        return self.starts[index] if index < len(self.starts) else (self.line, 0)

    def values(self) -> list[str]:
        """Return the cells stripped, trailing empty cells left out."""
        values = [cell.strip() for cell in self.cells]
        while values and not values[-1]:
            values.pop()
        return values


def _cell_starts(lines: Sequence[str], first_line: int, delimiter: str) -> list[tuple[int, int]]:
    """Return the line and column where each cell of a row starts (quotes as the csv module)."""
    text = "".join(lines)
    starts, quoted, index = [0], False, 0
    while index < len(text):
        char = text[index]
        if quoted and char == '"':
            if text[index + 1 : index + 2] == '"':
                index += 1
            else:
                quoted = False
        elif not quoted and char == '"' and index == starts[-1]:
            quoted = True
        elif not quoted and char == delimiter:
            starts.append(index + 1)
        index += 1
    positions = []
    for offset in starts:
        head = text[:offset]
        line_start = max(head.rfind("\n"), head.rfind("\r")) + 1
        breaks = head.count("\n") + head.count("\r") - head.count("\r\n")
        positions.append((first_line + breaks, offset - line_start + 1))
    return positions


def _read_rows(text: str, delimiter: str, path: str) -> list[_Row]:
    """Return the rows that are not blank; raise InputError when the csv module cannot parse."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[_Row] = []
    done = 0
    try:
        for cells in reader:
            first, done = done + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                starts = _cell_starts(lines[first - 1 : done], first, delimiter)
                rows.append(_Row(first, tuple(cells), tuple(starts)))
    except csv.Error as exc:
        # the row that could not be read starts on the line after the last one read
        unclosed = reader.line_num > done + 1 or "end of data" in str(exc)
        reason = "a quoted cell of this row is never closed" if unclosed else str(exc)
        raise syntax_error(f"cannot parse the table: {reason}", path, done + 1) from exc
    return rows


def _sniff_delimiter(text: str) -> str:
    """Return the delimiter of a CSV text (``,`` when the csv module cannot tell)."""
    sample = "".join(io.StringIO(text, newline="").readlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SNIFFED_DELIMITERS).delimiter
    except csv.Error:
        return ","


# -- reading: the header ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """What a column holds: terms of a language with a status, or a concept field."""

    kind: str  # "term", or a field: "id", "type", "note", "definition", "pos", "tags", "sources"
    lang: str = ""
    status: Status = Status.PREFERRED


@functools.cache
def _language_names() -> dict[str, str]:
    """Return babel's English language names (case-folded) that name exactly one language."""
    from babel import Locale

    tags: dict[str, set[str]] = {}
    for babel_code, name in Locale("en").languages.items():
        try:
            tags.setdefault(str(name).casefold(), set()).add(canonical_tag(str(babel_code)))
        except UnknownLanguageError:
            continue
    return {name: next(iter(found)) for name, found in tags.items() if len(found) == 1}


def _language_of(label: str) -> str:
    """Return the language a header names by tag or English name ("" when it names none).

    >>> _language_of("EN-us"), _language_of("Spanish"), _language_of("pt_BR"), _language_of("x")
    ('en-US', 'es', 'pt-BR', '')
    """
    label = collapse_spaces(label)
    try:
        return canonical_tag(label)
    except UnknownLanguageError:
        return _language_names().get(label.casefold(), "")


def _column_of(label: str, index: int) -> _Column | None:
    """Return the column a header cell names, or None when it names none."""
    key = collapse_spaces(label).casefold()
    if key in _FIELD_NAMES and (key != "id" or index == 0):
        return _Column(_FIELD_NAMES[key])
    found = _STATUS_COLUMN.match(collapse_spaces(label))
    if found:
        status_name = (found.group("colon") or found.group("paren")).casefold()
        lang = _language_of(found.group("lang"))
        if lang and status_name in {s.value for s in Status}:
            return _Column("term", lang, Status(status_name))
        return None
    lang = _language_of(label)
    return _Column("term", lang) if lang else None


def _header_columns(row: _Row) -> list[_Column | None]:
    """Return what each cell of a header row names (None: nothing known)."""
    return [
        _column_of(cell, index) if cell.strip() else None for index, cell in enumerate(row.cells)
    ]


def _looks_like_header(row: _Row) -> bool:
    """Return True when more than half of a row's cells name columns, one of them a language."""
    named = [cell for cell in row.cells if cell.strip()]
    columns = [c for c in _header_columns(row) if c is not None]
    return any(c.kind == "term" for c in columns) and 2 * len(columns) > len(named)


def _is_pair_header(row: _Row) -> bool:
    """Return True for DeepL's header row ``source,target``."""
    return tuple(cell.casefold() for cell in row.values()) == _PAIR_HEADER


def _is_deepl_export(row: _Row) -> bool:
    """Return True for a row of DeepL's export: ``source,target,source_lang,target_lang[,n]``."""
    values = row.values()
    return len(values) in (4, 5) and all(_language_of(v) for v in values[2:4])


# -- reading: the layouts -----------------------------------------------------------------------


class _TableReader:
    """Reads the rows of a CSV or TSV file into a glossary, in either layout."""

    def __init__(self, path: str, options: dict[str, Any]) -> None:
        """Start reading the file at ``path`` with the caller's options."""
        self.path = path
        self.options = options
        self.builder = GlossaryBuilder(path)
        self.languages: list[str] = []

    def note(self, line: int, column: int, message: str) -> None:
        """Record something that could not be carried."""
        self.builder.note(line, column, message)

    def read(self, rows: list[_Row]) -> ImportResult:
        """Read the rows in the layout forced by the options, else the one detected."""
        layout = _layout_option(self.options)
        if layout is None:
            layout = "languages" if _looks_like_header(rows[0]) else "pairs"
        if layout == "languages":
            self.read_languages(rows)
        else:
            self.read_pairs(rows)
        name = str(self.options.get("name") or "") or Path(self.path).stem
        glossary = self.builder.glossary(name, dict.fromkeys(self.languages))
        return ImportResult(glossary, self.builder.notes())

    # -- languages layout ------------------------------------------------------------------------

    def read_languages(self, rows: list[_Row]) -> None:
        """Read a header row of languages and fields, then one concept per row."""
        header, *body = rows
        columns = self.header(header)
        for row in body:
            self.builder.add(self.row_draft(row, columns))

    def header(self, row: _Row) -> list[_Column | None]:
        """Return the header's columns; report cells that name none, and repeated fields."""
        columns = _header_columns(row)
        if not any(c is not None and c.kind == "term" for c in columns):
            raise syntax_error(
                "the header row names no language column (give BCP 47 tags such as 'en', "
                f"'pt-BR', or English language names): {', '.join(row.values())}",
                self.path,
                row.line,
                1,
            )
        seen: set[_Column] = set()
        for index, column in enumerate(columns):
            label = row.cells[index].strip()
            if label and (column is None or column in seen):
                why = "repeats an earlier column" if column else _UNKNOWN_COLUMN
                self.note(*row.at(index), f"column {label!r} {why}; its cells are left out")
                columns[index] = None
            elif column is not None:
                seen.add(column)
                self.languages.extend([column.lang] if column.kind == "term" else [])
        return columns

    def row_draft(self, row: _Row, columns: list[_Column | None]) -> Draft:
        """Return the draft concept of one row of the languages layout."""
        draft = Draft(f"row {row.line}", row.line)
        fields: dict[str, str] = {}
        for index, cell in enumerate(row.cells):
            value = cell.strip()
            if not value:
                continue
            if index >= len(columns):
                self.note(
                    *row.at(index), f"not kept: {value!r} of row {row.line} is beyond the header"
                )
                continue
            column = columns[index]
            if column is not None and column.kind == "term":
                draft.terms.extend(self.cell_terms(value, column, row, index))
            elif column is not None:
                fields[column.kind] = value
        self.set_fields(draft, fields, row)
        return draft

    def cell_terms(self, value: str, column: _Column, row: _Row, index: int) -> list[DraftTerm]:
        """Return the terms of one cell: split at ``|`` (else ``;``); the first is the status's."""
        line, col = row.at(index)
        texts = _split_terms(value)
        terms = [DraftTerm(texts[0], column.lang, column.status, line, col)]
        status = Status.ADMITTED if column.status is Status.PREFERRED else column.status
        for text in texts[1:]:
            if column.status is Status.PREFERRED:
                self.note(
                    line,
                    col,
                    f"'{text}' ({column.lang}) of row {row.line} is read as admitted: a cell of "
                    f"preferred terms holds several, and the first, '{texts[0]}', is preferred",
                )
            terms.append(DraftTerm(text, column.lang, status, line, col))
        return terms

    def set_fields(self, draft: Draft, fields: dict[str, str], row: _Row) -> None:
        """Set the draft's fields from the row's field cells."""
        draft.raw_id = fields.get("id", "")
        draft.note = _multiline(fields.get("note", ""))
        draft.definition = _multiline(fields.get("definition", ""))
        draft.tags = _split_list(fields.get("tags", ""))
        draft.sources = _split_list(fields.get("sources", ""))
        kind = fields.get("type", "term").casefold()
        if kind not in CONCEPT_TYPES:
            self.note(
                row.line,
                1,
                f"type {fields['type']!r} of row {row.line} is read as 'term' (the types are "
                f"{', '.join(CONCEPT_TYPES)})",
            )
            kind = "term"
        draft.type = kind
        part_of_speech = fields.get("pos", "")
        draft.terms = [replace(t, part_of_speech=part_of_speech) for t in draft.terms]

    # -- pairs layout ----------------------------------------------------------------------------

    def read_pairs(self, rows: list[_Row]) -> None:
        """Read rows of a source term and a target term (DeepL's export: with their languages)."""
        if _is_pair_header(rows[0]):
            rows = rows[1:]
        if rows and _is_deepl_export(rows[0]):
            self.read_deepl_export(rows)
            return
        source, target, rows = self.pair_languages(rows)
        self.languages = [source, target]
        for row in rows:
            self.pair_row(row, source, target, 2)

    def pair_languages(self, rows: list[_Row]) -> tuple[str, str, list[_Row]]:
        """Return the languages of a pairs file (from the options, or a header) and its rows."""
        source = language_option(self.options, "source_lang", self.path)
        target = language_option(self.options, "target_lang", self.path)
        if rows and not (source and target) and _looks_like_header(rows[0]):
            columns = [c for c in _header_columns(rows[0]) if c is not None]
            if len(columns) == 2 and all(c.kind == "term" for c in columns):
                source, target, rows = columns[0].lang, columns[1].lang, rows[1:]
        if rows and len(rows[0].values()) > 2 and _layout_option(self.options) is None:
            cells = ", ".join(rows[0].values())
            raise syntax_error(_NOT_A_LAYOUT.format(cells=cells), self.path, rows[0].line, 1)
        if not (source and target):
            raise usage_error(
                "this table has no header row of languages: it is read as source and target "
                "terms, whose languages must be given with --source-lang and --target-lang "
                "(options source_lang and target_lang)",
                self.path,
            )
        if source == target:
            raise usage_error(f"the source and target languages are both '{source}'", self.path)
        return source, target, rows

    def read_deepl_export(self, rows: list[_Row]) -> None:
        """Read DeepL's export: rows of source, target, their languages and a relevance."""
        with_relevance = [row for row in rows if len(row.values()) == 5]
        if with_relevance:
            self.note(
                *with_relevance[0].at(4),
                "not kept: DeepL's relevance column (a glossary has no place for it)",
            )
        for row in rows:
            self.deepl_row(row)

    def pair_row(self, row: _Row, source: str, target: str, width: int) -> None:
        """Read one row as a source term and a target term; report the other cells."""
        cells = [cell.strip() for cell in row.cells]
        for index in range(width, len(cells)):
            if cells[index]:
                self.note(
                    *row.at(index),
                    f"not kept: {cells[index]!r} of row {row.line}: the pairs layout has a "
                    "source and a target column",
                )
        cells += ["", ""]
        missing = "source" if not cells[0] else "target" if not cells[1] else ""
        if missing:
            self.note(row.line, 1, f"row {row.line} has no {missing} term; it is left out")
            return
        draft = Draft(f"row {row.line}", row.line)
        draft.terms = [
            DraftTerm(cells[0], source, Status.PREFERRED, *row.at(0)),
            DraftTerm(cells[1], target, Status.PREFERRED, *row.at(1)),
        ]
        self.builder.add(draft)

    def deepl_row(self, row: _Row) -> None:
        """Read one row of DeepL's export: source, target, their languages, relevance."""
        values = row.values()
        langs = [_language_of(v) for v in values[2:4]]
        if len(values) not in (4, 5) or not all(langs) or langs[0] == langs[1]:
            self.note(
                row.line,
                1,
                f"row {row.line} is left out: DeepL's export has rows of source, target, "
                "source language, target language and relevance",
            )
            return
        self.languages.extend(langs)
        self.pair_row(row, langs[0], langs[1], len(values))


_UNKNOWN_COLUMN = (
    "is not a language (a BCP 47 tag such as 'en' or 'pt-BR', or an English language name), a "
    "status column such as 'en:deprecated', nor one of the columns "
    + ", ".join(sorted(set(_FIELD_NAMES)))
)
_NOT_A_LAYOUT = (
    "the first row is not a header of language columns, and it has more than two cells (a "
    "source and a target term): {cells}"
)


def _layout_option(options: dict[str, Any]) -> str | None:
    """Return the layout the options force (None: detect it)."""
    layout = options.get("layout")
    if not layout:
        return None
    if layout not in LAYOUTS:
        raise usage_error(f"unknown table layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    return str(layout)


def _split_terms(value: str) -> list[str]:
    """Return the terms of a cell, separated by ``|`` (or, when it has none, by ``;``).

    >>> _split_terms("Kiev | Kiyv"), _split_terms("Kiev; Kiyv"), _split_terms("Kyiv")
    (['Kiev', 'Kiyv'], ['Kiev', 'Kiyv'], ['Kyiv'])
    """
    separator = next((s for s in _TERM_SEPARATORS if s in value), None)
    parts = value.split(separator) if separator else [value]
    return [part.strip() for part in parts if part.strip()] or [value]


def _split_list(value: str) -> tuple[str, ...]:
    """Return the items of a list cell (tags, sources), separated by ``|``."""
    return tuple(part.strip() for part in value.split(_LIST_SEPARATOR) if part.strip())


def _multiline(value: str) -> str:
    """Return a text cell with its line breaks as ``\\n`` and its ends trimmed."""
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def _read_table(
    path: Path, text: str, delimiter: str | None, options: dict[str, Any]
) -> ImportResult:
    """Read a CSV or TSV text (``delimiter`` None: sniff it)."""
    where = str(path)
    text = text.removeprefix("\ufeff")
    rows = _read_rows(text, delimiter or _sniff_delimiter(text), where)
    if not rows:
        raise syntax_error("the table has no rows", where, 1, 1)
    return _TableReader(where, options).read(rows)


def read_csv(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a CSV glossary (delimiter sniffed) in the pairs or the languages layout.

    ``path`` names the file in notes and errors; ``text`` is its content. Options:
    ``source_lang`` and ``target_lang`` (the languages of a pairs file), ``layout`` (``pairs``
    or ``languages``: no detection), ``name`` (the glossary's name; default: the file name).

    >>> result = read_csv(Path("places.csv"), '''id,type,en,en:deprecated,es
    ... kyiv,place,Kyiv,Kiev | Kiyv,Kiev
    ... baku,place,Baku,,Bakú
    ... ''')
    >>> for term in result.glossary.concepts[0].terms:
    ...     print(term.lang, term.text, term.status.value)
    en Kyiv preferred
    en Kiev deprecated
    en Kiyv deprecated
    es Kiev preferred
    >>> pairs = read_csv(Path("deepl.csv"), "Pashinian,Pashinián\\n", source_lang="en",
    ...                  target_lang="es")
    >>> [(c.id, [t.text for t in c.terms]) for c in pairs.glossary.concepts]
    [('pashinian', ['Pashinian', 'Pashinián'])]
    """
    return _read_table(path, text, None, options)


def read_tsv(path: Path, text: str, **options: Any) -> ImportResult:
    """Read a tab-separated glossary, as :func:`read_csv` reads a CSV one.

    >>> result = read_tsv(Path("g.tsv"), "en\\tfr\\nNATO\\tOTAN\\nNATO\\tOTAN\\n")
    >>> [c.id for c in result.glossary.concepts], [str(lost) for lost in result.lost]
    (['nato'], ['g.tsv:3:1: note: row 3 repeats row 2; read once'])
    """
    return _read_table(path, text, "\t", options)


# -- writing ----------------------------------------------------------------------------------


def _language_order(glossary: Glossary) -> list[str]:
    """Return the languages in use: the glossary's own first, then in order of appearance."""
    used = dict.fromkeys(t.lang for c in glossary.concepts for t in c.terms)
    return [lang for lang in glossary.languages if lang in used] + [
        lang for lang in used if lang not in glossary.languages
    ]


def _title(column: _Column) -> str:
    """Return the header of a column: ``en``, ``en:deprecated``, or the field's name."""
    if column.kind != "term":
        return column.kind
    return (
        column.lang if column.status is Status.PREFERRED else f"{column.lang}:{column.status.value}"
    )


class _TableWriter:
    """Builds the rows of a glossary in the languages layout; collects what cannot be held."""

    def __init__(self, glossary: Glossary) -> None:
        """Start writing ``glossary``."""
        self.glossary = glossary
        self.lost: list[Lost] = []

    def note(self, pos: SourcePos | None, message: str) -> None:
        """Record something a table cannot hold, where the glossary defines it."""
        self.lost.append(Lost.at(pos, message, self.glossary.path))

    def rows(self) -> list[list[str]]:
        """Return the header row and one row per concept."""
        used = {(t.lang, t.status) for c in self.glossary.concepts for t in c.terms}
        term_columns = [
            _Column("term", lang, status)
            for lang in _language_order(self.glossary)
            for status in Status
            if (lang, status) in used
        ]
        records = [self.record(concept, term_columns) for concept in self.glossary.concepts]
        optional = [
            _Column(name) for name in _OPTIONAL_FIELDS if any(r.get(_Column(name)) for r in records)
        ]
        columns = [_Column("id"), _Column("type"), *term_columns, *optional]
        header = [_title(column) for column in columns]
        return [header, *([r.get(column, "") for column in columns] for r in records)]

    def record(self, concept: Concept, term_columns: list[_Column]) -> dict[_Column, str]:
        """Return one concept's cells by column."""
        self.note_concept_losses(concept)
        record = {_Column("id"): concept.id, _Column("type"): concept.type}
        for column in term_columns:
            terms = [t for t in concept.terms if (t.lang, t.status) == (column.lang, column.status)]
            record[column] = _WRITTEN_SEPARATOR.join(
                term.text for term in terms if self.writable(concept, term)
            )
        notes = "\n".join(filter(None, [concept.note, *self.term_notes(concept)]))
        fields = {
            "pos": self.part_of_speech(concept),
            "definition": concept.definition,
            "note": notes,
            "tags": self.joined(concept, "tags", concept.tags),
            "sources": self.joined(concept, "sources", concept.sources),
        }
        record.update((_Column(name), value) for name, value in fields.items())
        return record

    def writable(self, concept: Concept, term: Term) -> bool:
        """Return True unless the term holds a separator of terms (reported)."""
        if any(s in term.text for s in _TERM_SEPARATORS):
            self.note(
                term.pos,
                f"not written: {term.status.value} '{term.text}' ({term.lang}) of concept "
                f"'{concept.id}' holds '|' or ';', which separate the terms of a cell",
            )
            return False
        self.note_term_losses(concept, term)
        return True

    def joined(self, concept: Concept, what: str, items: tuple[str, ...]) -> str:
        """Return a list joined by `` | ``; items holding ``|`` are left out (reported)."""
        kept = [item for item in items if _LIST_SEPARATOR not in item]
        for item in items:
            if item not in kept:
                self.note(
                    concept.pos,
                    f"not written: {item!r} of the {what} of concept '{concept.id}' holds '|'",
                )
        return _WRITTEN_SEPARATOR.join(kept)

    def part_of_speech(self, concept: Concept) -> str:
        """Return the part of speech of every term of the concept ("" when they differ)."""
        values = {t.part_of_speech for t in concept.terms}
        if len(values) == 1:
            return values.pop()
        for term in concept.terms:
            if term.part_of_speech:
                self.note(
                    term.pos,
                    f"not written: part of speech {term.part_of_speech!r} of '{term.text}' "
                    f"({term.lang}) of concept '{concept.id}': the pos column holds one for "
                    "all the terms of a concept",
                )
        return ""

    def term_notes(self, concept: Concept) -> list[str]:
        """Return the lines for the note column that hold the terms' notes, sources, dates."""
        lines: list[str] = []
        for term in concept.terms:
            parts = [
                (what, value)
                for what, value in (
                    ("note", term.note),
                    ("source", term.source),
                    ("date", term.date.isoformat() if term.date else ""),
                )
                if value
            ]
            for what, value in parts:
                lines.append(f"{term.text} ({term.lang}) {what}: {value}")
                self.note(
                    term.pos,
                    f"the {what} of '{term.text}' ({term.lang}) of concept '{concept.id}' is "
                    "written into the concept's note column",
                )
        return lines

    def note_concept_losses(self, concept: Concept) -> None:
        """Report the concept's fields that a table cannot hold."""
        what = concept_settings(concept)
        if what:
            self.note(
                concept.pos,
                f"not written for concept '{concept.id}': {'; '.join(what)} (a table has no "
                "place for them)",
            )

    def note_term_losses(self, concept: Concept, term: Term) -> None:
        """Report the term's options that a table cannot hold."""
        what = term_settings(term)
        if what:
            self.note(
                term.pos,
                f"not written for '{term.text}' ({term.lang}) of concept '{concept.id}': "
                f"{'; '.join(what)}",
            )


def preferred_in(concept: Concept, lang: str) -> Term | None:
    """Return the concept's preferred term in a language or, failing that, in its fallbacks.

    >>> from terms.model import Concept, Status, Term
    >>> concept = Concept("colour", terms=(Term("color", "en", Status.PREFERRED, "colour"),))
    >>> preferred_in(concept, "en-GB").text, preferred_in(concept, "fr")
    ('color', None)
    """
    for tag in fallback_chain(lang):
        term = concept.preferred(tag)
        if term is not None:
            return term
    return None


def _pair_rows(glossary: Glossary, source: str, target: str) -> tuple[list[list[str]], list[Lost]]:
    """Return one row per concept with its preferred terms in the two languages."""
    rows: list[list[str]] = []
    lost: list[Lost] = []
    first_of: dict[str, str] = {}  # source term (case-folded) -> concept id
    for concept in glossary.concepts:
        pos = concept.pos or SourcePos(glossary.path)
        source_term, target_term = preferred_in(concept, source), preferred_in(concept, target)
        if source_term is None or target_term is None:
            missing = source if source_term is None else target
            message = f"not written: concept '{concept.id}' has no preferred term in '{missing}'"
        else:
            first = first_of.setdefault(source_term.text.casefold(), concept.id)
            if first == concept.id:
                rows.append([source_term.text, target_term.text])
                continue
            message = (
                f"not written: concept '{concept.id}': its source term '{source_term.text}' is "
                f"already the source term of concept '{first}'"
            )
        lost.append(Lost(message, pos.path, pos.line, pos.column))
    lost.append(
        Lost(
            f"the pairs layout holds only each concept's preferred terms in '{source}' and "
            f"'{target}': variants, other languages, notes and every other field are not written",
            glossary.path,
        )
    )
    return rows, lost


def _write_table(glossary: Glossary, delimiter: str, options: dict[str, Any]) -> ExportResult:
    """Write a glossary as CSV or TSV in the layout the options ask for."""
    source = language_option(options, "source_lang")
    target = language_option(options, "target_lang")
    layout = _layout_option(options) or ("pairs" if source and target else "languages")
    if layout == "pairs":
        if not (source and target) or source == target:
            raise usage_error(
                "the pairs layout needs two different languages: give --source-lang and "
                "--target-lang (options source_lang and target_lang)"
            )
        rows, lost = _pair_rows(glossary, source, target)
    else:
        writer = _TableWriter(glossary)
        rows, lost = writer.rows(), writer.lost
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return ExportResult(out.getvalue(), tuple(lost))


def write_csv(glossary: Glossary, **options: Any) -> ExportResult:
    """Write a glossary as CSV: a column per language and status, or source/target pairs.

    Options: ``layout`` (``languages``, the default, or ``pairs``), ``source_lang`` and
    ``target_lang`` (both given: the pairs layout, unless ``layout`` says otherwise).

    >>> from terms.glossary import load_glossary_text
    >>> glossary = load_glossary_text('''version: 1
    ... concepts:
    ...   kyiv:
    ...     type: place
    ...     en: {preferred: Kyiv, superseded: [Kiev]}
    ...     uk: Київ
    ... ''')
    >>> print(write_csv(glossary).text, end="")
    id,type,en,en:superseded,uk
    kyiv,place,Kyiv,Kiev,Київ
    >>> print(write_csv(glossary, source_lang="en", target_lang="uk").text, end="")
    Kyiv,Київ
    """
    return _write_table(glossary, ",", options)


def write_tsv(glossary: Glossary, **options: Any) -> ExportResult:
    """Write a glossary as tab-separated values, as :func:`write_csv` writes CSV.

    >>> from terms.glossary import load_glossary_text
    >>> glossary = load_glossary_text("version: 1\\nconcepts:\\n  nato: {en: NATO, fr: OTAN}\\n")
    >>> write_tsv(glossary, layout="pairs", source_lang="fr", target_lang="en").text
    'OTAN\\tNATO\\n'
    """
    return _write_table(glossary, "\t", options)
