"""Glossaries in other tools' formats: import into the model, export from it.

Every importer returns an :class:`ImportResult`: a :class:`terms.model.Glossary` and the list
of what it could not carry (:class:`Lost`, each naming where in the source file). Every
exporter takes a glossary and returns the file's text and what the format could not hold.
Formats are found by name (``tbx``, ``csv``, ``tsv``, ``po``, ``prh``, ``vale``,
``codespell``, ``cldr``) in :data:`IMPORTERS` and :data:`EXPORTERS`; modules are imported when
first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terms.model import Concept, Glossary, SourcePos, Term


@dataclass(frozen=True)
class Lost:
    """Something an import or export could not carry, and where it was."""

    message: str
    path: str = ""
    line: int = 0
    column: int = 0

    @classmethod
    def at(cls, pos: SourcePos | None, message: str, path: str = "") -> Lost:
        """Return a note placed where a glossary defines something (``path`` when unknown)."""
        if pos is None:
            return cls(message, path)
        return cls(message, pos.path, pos.line, pos.column)

    def __str__(self) -> str:
        """Render as ``path:line:col: note: message``."""
        where = ":".join(
            str(part) for part in (self.path or "<input>", self.line, self.column) if part
        )
        return f"{where}: note: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    """A glossary read from another format, and what did not make it."""

    glossary: Glossary
    lost: tuple[Lost, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ExportResult:
    """A glossary written in another format (the file's text), and what did not make it."""

    text: str
    lost: tuple[Lost, ...] = field(default_factory=tuple)


Importer = Callable[..., ImportResult]  # (path: Path, text: str, **options) -> ImportResult
Exporter = Callable[..., ExportResult]  # (glossary: Glossary, **options) -> ExportResult

# format name -> (module, function)
_IMPORTERS = {
    "tbx": ("terms.interchange.tbx", "read_tbx"),
    "csv": ("terms.interchange.tables", "read_csv"),
    "tsv": ("terms.interchange.tables", "read_tsv"),
    "po": ("terms.interchange.po_glossary", "read_po_glossary"),
    "prh": ("terms.interchange.peers", "read_prh"),
    "vale": ("terms.interchange.peers", "read_vale"),
    "codespell": ("terms.interchange.peers", "read_codespell"),
}
_EXPORTERS = {
    "tbx": ("terms.interchange.tbx", "write_tbx"),
    "csv": ("terms.interchange.tables", "write_csv"),
    "tsv": ("terms.interchange.tables", "write_tsv"),
    "po": ("terms.interchange.po_glossary", "write_po_glossary"),
}
IMPORT_FORMATS = tuple(_IMPORTERS)
EXPORT_FORMATS = tuple(_EXPORTERS)
BY_EXTENSION = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".po": "po"}


def _load(table: dict[str, tuple[str, str]], name: str) -> Any:
    """Return the function registered under ``name``."""
    module, function = table[name]
    return getattr(importlib.import_module(module), function)


def importer(name: str) -> Importer:
    """Return the importer of a format (KeyError when unknown)."""
    found: Importer = _load(_IMPORTERS, name)
    return found


def exporter(name: str) -> Exporter:
    """Return the exporter of a format (KeyError when unknown)."""
    found: Exporter = _load(_EXPORTERS, name)
    return found


def format_of(path: str | Path) -> str | None:
    """Return the interchange format of a file by its extension, or None.

    >>> format_of("terms.tbx"), format_of("deepl.CSV"), format_of("g.yaml")
    ('tbx', 'csv', None)
    """
    return BY_EXTENSION.get(Path(path).suffix.lower())


def concept_settings(concept: Concept) -> list[str]:
    """Describe a concept's engine settings, which other formats have no place for.

    >>> from terms.model import Concept
    >>> concept_settings(Concept("x", fuzzy=False, translate=False))
    ['fuzzy: false', 'translate: false']
    """
    what = []
    if not concept.fuzzy:
        what.append("fuzzy: false")
    elif concept.fuzzy_min is not None:
        what.append(f"fuzzy: {concept.fuzzy_min:g}")
    if not concept.translate:
        what.append("translate: false")
    if concept.patterns:
        what.append(f"patterns: {', '.join(p.regex for p in concept.patterns)}")
    if concept.specs:
        what.append(f"{len(concept.specs)} spec{'s' if len(concept.specs) > 1 else ''}")
    return what


def term_settings(term: Term) -> list[str]:
    """Describe a term's matching options, which other formats have no place for."""
    what = []
    if term.case_sensitive:
        what.append("case-sensitive")
    if not term.fuzzy:
        what.append("fuzzy: false")
    elif term.fuzzy_min is not None:
        what.append(f"fuzzy: {term.fuzzy_min:g}")
    if term.endings:
        what.append(f"endings: {', '.join(term.endings)}")
    return what
