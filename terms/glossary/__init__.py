"""Glossary files: load, check and combine them into a termbase.

>>> g = load_glossary_text('''
... version: 1
... name: demo
... concepts:
...   baku:
...     type: place
...     en: Baku
...     es: Bakú
... ''')
>>> [(t.lang, t.text, t.status.value) for t in g.concepts[0].terms]
[('en', 'Baku', 'preferred'), ('es', 'Bakú', 'preferred')]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from terms.codes import code
from terms.errors import GlossaryError, Problem
from terms.glossary.checks import check_concepts
from terms.glossary.fastyaml import read_yaml
from terms.glossary.parse import Parser
from terms.glossary.specs import check_specs
from terms.glossary.yamlio import decode_glossary_bytes
from terms.model import Glossary, Termbase

__all__ = [
    "bundled_glossary_dir",
    "bundled_glossary_paths",
    "load_glossary",
    "load_glossary_text",
    "load_termbase",
]


def load_glossary_text(text: str, path: str = "<glossary>") -> Glossary:
    """Parse and check a glossary given as YAML text; raise GlossaryError on any problem."""
    root = read_yaml(text, path)  # read, never edited: the comments are not needed
    parser = Parser(path)
    glossary = parser.glossary(root, Path(path).stem)
    problems = parser.problems or check_concepts(glossary.concepts)
    if not problems:
        problems = check_specs(Termbase((glossary,)))
    if problems:
        raise GlossaryError(problems)
    return glossary


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read, parse and check one glossary file; raise GlossaryError on any problem.

    A TBX, CSV, TSV or PO file (by extension) is converted on load, as ``terms glossary
    import`` would convert it, and checked like a YAML glossary.
    """
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise GlossaryError(
            Problem(code("input-unreadable"), f"cannot read glossary: {exc.strerror}", name)
        ) from exc
    text = decode_glossary_bytes(data, name)
    converted = _convert(name, text)
    if converted is None:
        return load_glossary_text(text, name)
    try:
        return load_glossary_text(converted, name)
    except GlossaryError as exc:  # positions in the converted text would mislead
        raise GlossaryError(
            Problem(p.code, f"{p.message} (after conversion to a glossary)", name)
            for p in exc.problems
        ) from exc


def _convert(name: str, text: str) -> str | None:
    """Return a glossary file of another format as YAML text (None for a YAML glossary)."""
    from terms.interchange import format_of, importer

    fmt = format_of(name)
    if fmt is None:
        return None
    from terms.errors import InputError, UsageError
    from terms.glossary.write import dump_glossary

    try:
        result = importer(fmt)(Path(name), text)
    except (InputError, UsageError) as exc:
        raise GlossaryError(exc.problems) from exc
    return dump_glossary(result.glossary)


def load_termbase(paths: Iterable[str | os.PathLike[str]]) -> Termbase:
    """Load several glossary files and check them together (ids and forms must not clash).

    Every file is checked, and all problems are raised together.
    """
    glossaries: list[Glossary] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue  # the same file named twice (on the command line and in config)
        seen.add(resolved)
        try:
            glossaries.append(load_glossary(path))
        except GlossaryError as exc:
            problems.extend(exc.problems)
    termbase = Termbase(tuple(glossaries))
    if not problems and len(glossaries) > 1:
        # together, glossaries must not clash, and every spec must still hold
        problems = check_concepts(termbase.concepts) or check_specs(termbase)
    if problems:
        raise GlossaryError(problems)
    return termbase


def bundled_glossary_dir() -> Path:
    """Return the folder of the glossaries that ship with terms.

    In an installed wheel they live inside the package; in a source checkout, beside it.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "_bundled_glossaries"
    if installed.is_dir():
        return installed
    return package.parent / "glossaries"


def bundled_glossary_paths() -> Sequence[Path]:
    """Return the bundled glossary files, sorted by name."""
    folder = bundled_glossary_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml"))
