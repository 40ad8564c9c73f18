"""Normalizing whole documents of any format: each segment normalized, edits written back.

Only the characters that change differ between a document and its normalized text: markup,
entities, PO escapes and wrapping stay as they were (see :mod:`terms.formats`).
"""

from __future__ import annotations

from dataclasses import dataclass

from terms.changes import Change, placed
from terms.formats.base import Document, Edit, Segment, apply_edits
from terms.locales import canonical_tag, declared_tag
from terms.matcher import Matcher
from terms.model import Termbase
from terms.normalize import Normalizer
from terms.textpos import LineIndex


@dataclass(frozen=True)
class DocumentResult:
    """A document's normalized text, and its change records in document coordinates."""

    text: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        """Return True when the output differs from the input."""
        return any(change.applied for change in self.changes)


class DocumentNormalizer:
    """Normalize documents; a segment in a declared language is normalized into that language.

    >>> from terms.glossary import load_glossary_text
    >>> from terms.formats import read_as
    >>> g = load_glossary_text("version: 1\\nconcepts: {p: {type: person, en: Pashinyan, "
    ...                        "es: Pashinián}}")
    >>> doc = read_as("text", "a.txt", "Pashinián spoke.")
    >>> DocumentNormalizer(Termbase((g,)), "en").normalize(doc).text
    'Pashinyan spoke.'
    """

    def __init__(
        self,
        termbase: Termbase | None,
        lang: str,
        *,
        matcher: Matcher | None = None,
        **options: object,
    ) -> None:
        """Prepare to normalize into ``lang``; ``options`` go to each :class:`Normalizer`.

        With a ``matcher`` (compiled and cached), ``termbase`` may be None.
        """
        self.lang = canonical_tag(lang)
        self.options = options
        self._normalizers: dict[str, Normalizer] = {}
        if matcher is None:
            if termbase is None:
                raise TypeError("a DocumentNormalizer needs a termbase or a matcher")
            matcher = Matcher(termbase)
        self.matcher = matcher
        self.normalizer(self.lang)

    @property
    def termbase(self) -> Termbase:
        """Return the termbase of the shared matcher."""
        return self.matcher.termbase

    def normalizer(self, lang: str) -> Normalizer:
        """Return the normalizer into ``lang`` (built once, sharing the exact matcher)."""
        tag = canonical_tag(lang)
        if tag not in self._normalizers:
            self._normalizers[tag] = Normalizer(
                None,
                tag,
                matcher=self.matcher,
                **self.options,  # type: ignore[arg-type]
            )
        return self._normalizers[tag]

    def normalize(self, document: Document) -> DocumentResult:
        """Return the document's normalized text and the records that lead to it."""
        index = LineIndex(document.text)
        edits: list[Edit] = []
        records: list[Change] = []
        for segment in document.segments:
            normalizer = self.normalizer(language_of(segment, document, self.lang))
            result = normalizer.normalize(segment.text)
            for change in result.changes:
                if breaks_a_line(document, change):
                    continue
                if change.applied and change.replacement is not None:
                    edits.extend(segment.edits(change.start, change.end, change.replacement))
                records.append(_in_document(change, segment, index))
        records.sort(key=lambda c: c.start)
        return DocumentResult(apply_edits(document.text, edits), tuple(records))


def language_of(segment: Segment, document: Document, default: str) -> str:
    """Return the language a segment is in: its own, its document's, else ``default``.

    A declared language that is not usable (``Language: English``) falls back to the next.
    """
    for declared in (segment.lang, document.lang):
        if declared:
            tag = declared_tag(declared)
            if tag is not None:
                return tag
    return default


def breaks_a_line(document: Document, change: Change) -> bool:
    """Return True for a change across a line break that the format means (a PO ``\\n``).

    In a PO string a line break is part of the message, not wrapping: a term split by one is
    left alone.
    """
    return document.format == "po" and "\n" in change.original


def _in_document(change: Change, segment: Segment, index: LineIndex) -> Change:
    """Return a segment's change record with document offsets, lines and columns."""
    start, end = segment.document_span(change.start, change.end)
    return placed(change, start, end, index)
