"""Normalize and lint collections of documents with Dask, on one machine or a cluster.

The compiled glossary goes to the workers once: the checked termbase travels as one piece of
data that every task refers to, and each worker process builds its normalizer from it the
first time it needs it, then keeps it for every partition after. Results are those of the
single-machine run, in the order of the collection.

Needs the ``dask`` extra (``pip install 'terms[dask]'``: dask's bags and ``distributed``).

>>> import dask.bag as db
>>> from terms import load_glossary_text, Termbase
>>> glossary = load_glossary_text('''
... version: 1
... concepts:
...   pashinyan:
...     type: person
...     en: {preferred: Pashinyan, deprecated: [Pashinian]}
... ''')
>>> texts = db.from_sequence(["Pashinian spoke.", "No name here."], npartitions=2)
>>> normalize_bag(texts, Termbase((glossary,)), "en").compute(scheduler="sync")
['Pashinyan spoke.', 'No name here.']
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import dask.bag as db
from dask.delayed import delayed

from terms.formats import format_for, read_as
from terms.fuzzy import FuzzySettings
from terms.lint.checks import Linter, LintSettings
from terms.lint.diagnostic import Diagnostic
from terms.lint.render import diagnostic_record
from terms.model import Termbase
from terms.normalize import Normalizer

__all__ = ["CompiledGlossary", "lint_bag", "normalize_bag", "normalize_records_bag"]


@dataclass(frozen=True)
class CompiledGlossary:
    """A termbase and the settings of a run: what the workers need to build the engine.

    Its ``token`` (a digest of the termbase and settings) names it, so each worker process
    builds one normalizer or linter per glossary and keeps it.
    """

    termbase: Termbase
    lang: str
    fuzzy: FuzzySettings | None = None
    rewrite_forbidden: bool = False
    source_lang: str = "en"
    token: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        """Compute the token."""
        if not self.token:
            digest = hashlib.sha256(pickle.dumps(
                (self.termbase, self.lang, self.fuzzy, self.rewrite_forbidden, self.source_lang)
            )).hexdigest()  # fmt: skip
            object.__setattr__(self, "token", digest[:24])

    def normalizer(self) -> Normalizer:
        """Return this process's normalizer for the glossary, built on first use."""
        key = ("normalizer", self.token)
        if key not in _BUILT:
            _BUILT[key] = Normalizer(
                self.termbase,
                self.lang,
                fuzzy=self.fuzzy,
                rewrite_forbidden=self.rewrite_forbidden,
            )
        built: Normalizer = _BUILT[key]
        return built

    def linter(self) -> Linter:
        """Return this process's linter for the glossary, built on first use."""
        key = ("linter", self.token)
        if key not in _BUILT:
            _BUILT[key] = Linter(
                self.termbase, LintSettings(self.lang, self.source_lang, self.fuzzy)
            )
        built: Linter = _BUILT[key]
        return built


_BUILT: dict[tuple[str, str], Any] = {}  # what this process built, by kind and token


def _compiled(
    glossary: CompiledGlossary | Termbase, lang: str | None, fuzzy: FuzzySettings | None
) -> CompiledGlossary:
    """Return the glossary as a :class:`CompiledGlossary` for ``lang``."""
    if isinstance(glossary, CompiledGlossary):
        return glossary
    if lang is None:
        raise TypeError("a Termbase needs the target language: pass lang")
    return CompiledGlossary(glossary, lang, fuzzy)


def _per_partition(
    bag: db.Bag, work: Callable[[Any, CompiledGlossary], list[Any]], glossary: CompiledGlossary
) -> db.Bag:
    """Map ``work`` over the partitions, with the glossary as one piece of Dask data.

    The graph holds the glossary once, under a name of its token; every partition's task
    refers to it, so each worker receives it once.
    """
    shipped = delayed(glossary, pure=True, name=f"terms-glossary-{glossary.token}")
    mapped: db.Bag = bag.map_partitions(work, shipped)
    return mapped


def normalize_bag(
    texts: db.Bag,
    glossary: CompiledGlossary | Termbase,
    lang: str | None = None,
    *,
    fuzzy: FuzzySettings | None = None,
) -> db.Bag:
    """Return a bag of the normalized texts of a bag of plain texts, in the same order.

    ``glossary`` is a :class:`CompiledGlossary`, or a termbase with ``lang`` (and optionally
    ``fuzzy`` settings; without them fuzzy matching is off).
    """
    return _per_partition(texts, _normalize_texts, _compiled(glossary, lang, fuzzy))


def normalize_records_bag(
    texts: db.Bag,
    glossary: CompiledGlossary | Termbase,
    lang: str | None = None,
    *,
    fuzzy: FuzzySettings | None = None,
) -> db.Bag:
    """Return a bag of ``{"text": normalized, "changes": [record, ...]}`` for a bag of texts.

    The records are the mappings of ``terms normalize --format json``.
    """
    return _per_partition(texts, _normalize_with_records, _compiled(glossary, lang, fuzzy))


def lint_bag(
    documents: db.Bag,
    glossary: CompiledGlossary | Termbase,
    lang: str | None = None,
    *,
    fuzzy: FuzzySettings | None = None,
) -> db.Bag:
    """Return a bag of findings (JSON-ready mappings) for a bag of ``(path, text)`` documents.

    Each document is read with its format's adapter, chosen by the path's extension; the
    findings are those of ``terms lint --output-format json`` for that one document.
    """
    return _per_partition(documents, _lint_documents, _compiled(glossary, lang, fuzzy))


def _normalize_texts(texts: Iterable[str], glossary: CompiledGlossary) -> list[str]:
    """Normalize the texts of one partition."""
    normalizer = glossary.normalizer()
    return [normalizer.normalize(text).text for text in texts]


def _normalize_with_records(
    texts: Iterable[str], glossary: CompiledGlossary
) -> list[dict[str, Any]]:
    """Normalize the texts of one partition, with their change records."""
    normalizer = glossary.normalizer()
    out = []
    for text in texts:
        result = normalizer.normalize(text)
        out.append({"text": result.text, "changes": [c.as_dict() for c in result.changes]})
    return out


def _lint_documents(
    documents: Iterable[Sequence[str]], glossary: CompiledGlossary
) -> list[dict[str, Any]]:
    """Lint the documents of one partition."""
    linter = glossary.linter()
    found: list[dict[str, Any]] = []
    for path, text in documents:
        document = read_as(format_for(path), path, text)
        diagnostics = sorted(linter.check_document(document), key=Diagnostic.sort_key)
        found.extend(diagnostic_record(d) for d in diagnostics)
    return found
