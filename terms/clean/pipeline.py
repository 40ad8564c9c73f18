"""The clean-up pipeline: named steps run in turn, each recording what it changed.

Every step works on a freshly parsed document, so markup is never touched: steps that work
inside text see the segments of the format adapters (with code and tags masked), and their
changes become edits of the document; the boilerplate step and the blank-line part of the
whitespace step look at whole lines. The records of all steps are composed onto the input
text, so they describe the whole way from the input to the output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from terms.changes import Change, compose
from terms.clean import boilerplate, numbers, quotes, unicode, whitespace
from terms.clean.base import CleanSettings, Context, Finding
from terms.documents import DocumentNormalizer, DocumentResult, breaks_a_line, language_of
from terms.formats import Document, Edit, apply_edits, read_as
from terms.fuzzy import FuzzySettings
from terms.model import Termbase
from terms.textpos import LineIndex

SegmentPass = Callable[[str, Context], list[Finding]]
DocumentPass = Callable[[Document, Context], list[Finding]]


@dataclass(frozen=True)
class _Pass:
    """One pass of a step: over each segment's text, or over the whole document."""

    step: str
    segment: SegmentPass | None = None
    document: DocumentPass | None = None


TERMINOLOGY = _Pass("terminology")  # the glossary step of ``normalize``, run by its own engine


def _schedule() -> tuple[_Pass, ...]:
    """Return every pass of every step, in the order they run.

    Terms, figures and quotation marks come late, once the characters are right (figures after
    terms, which may rewrite what stands around them); the no-break spaces of the unicode step
    come after them, since what stands next to a space decides (a digit, a guillemet,
    ``; : ! ?``); white space comes last.
    """
    return (
        *(_Pass("unicode", segment=p) for p in unicode.PASSES),
        _Pass("boilerplate", document=boilerplate.boilerplate),
        TERMINOLOGY,
        *(_Pass("numbers", segment=p) for p in numbers.PASSES),
        _Pass("quotes", segment=quotes.quotes),
        *(_Pass("unicode", segment=p) for p in unicode.LATE_PASSES),
        *(_Pass("whitespace", segment=p) for p in whitespace.SEGMENT_PASSES),
        _Pass("whitespace", document=whitespace.blank_lines),
    )


class Cleaner:
    """Clean documents into the house style of one target language.

    The steps run in the order of :data:`~terms.clean.base.STEP_NAMES`: unicode, boilerplate,
    terminology (the glossary step of ``normalize``), numbers, quotes, whitespace; the
    no-break spaces of the unicode step are put right after the quotes.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text("version: 1\\nconcepts: {p: {type: person, en: Pashinyan, "
    ...                        "es: Pashinián}}")
    >>> cleaner = Cleaner(Termbase((g,)), "en")
    >>> result = cleaner.clean_text('"Pashinián  said «no»."\\n\\nLeave a Reply\\n')
    >>> print(result.text, end="")
    “Pashinyan said ‘no’.”
    >>> sorted({c.step for c in result.changes})
    ['boilerplate', 'quotes', 'terminology', 'whitespace']
    """

    def __init__(
        self,
        termbase: Termbase,
        lang: str,
        settings: CleanSettings | None = None,
        *,
        fuzzy: FuzzySettings | None = None,
        rewrite_forbidden: bool = False,
        html_attributes: bool = False,
    ) -> None:
        """Prepare to clean into ``lang`` with the glossaries of ``termbase``."""
        self.settings = settings or CleanSettings()
        self.terminology = DocumentNormalizer(
            termbase, lang, fuzzy=fuzzy or FuzzySettings(), rewrite_forbidden=rewrite_forbidden
        )
        self.lang = self.terminology.lang
        self.html_attributes = html_attributes
        self._schedule = _schedule()

    def clean_text(self, text: str) -> DocumentResult:
        """Clean plain text."""
        return self.clean(read_as("text", "<text>", text))

    def clean(self, document: Document) -> DocumentResult:
        """Return the cleaned document text and the records of every step, on the input."""
        if document.format == "po":
            raise ValueError("clean reads plain text, Markdown and HTML, not PO catalogs")
        original = document.text
        records: list[Change] = []
        for one in self._schedule:
            if not self.settings.enabled(one.step):
                continue
            if one is TERMINOLOGY:
                result = self.terminology.normalize(document)
                found, text = list(result.changes), result.text
            else:
                found, text = self._run(one, document)
            records = _compose(original, records, document.text, found)
            document = self._reparse(document, text)
        return DocumentResult(document.text, tuple(records))

    def _reparse(self, document: Document, text: str) -> Document:
        """Return the document read again after a pass changed its text."""
        if text == document.text:
            return document
        return read_as(document.format, document.path, text, html_attributes=self.html_attributes)

    def _run(self, one: _Pass, document: Document) -> tuple[list[Change], str]:
        """Run one pass over a document; return its records and the text it makes."""
        index = LineIndex(document.text)
        edits: list[Edit] = []
        records: list[Change] = []
        if one.document is not None:
            context = Context(self.lang, self.settings, document.format)
            for finding in _disjoint(one.document(document, context)):
                if finding.applied and finding.replacement is not None:
                    edits.append(Edit(finding.start, finding.end, finding.replacement))
                records.append(_record(document.text, index, finding, finding, one.step, context))
            return records, apply_edits(document.text, edits)
        assert one.segment is not None
        for segment in document.segments:
            lang = language_of(segment, document, self.lang)
            context = Context(lang, self.settings, document.format)
            for finding in _disjoint(one.segment(segment.text, context)):
                start, end = segment.document_span(finding.start, finding.end)
                placed = Finding(start, end, finding.replacement, finding.kind, finding.applied)
                record = _record(document.text, index, placed, finding, one.step, context)
                if breaks_a_line(document, record):
                    continue
                if finding.applied and finding.replacement is not None:
                    edits.extend(segment.edits(finding.start, finding.end, finding.replacement))
                records.append(record)
        return records, apply_edits(document.text, edits)


def _disjoint(findings: Sequence[Finding]) -> list[Finding]:
    """Return the findings in order, without any that overlaps an earlier one."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if kept and (finding.start < kept[-1].end or finding.start == kept[-1].start):
            continue
        kept.append(finding)
    return kept


def _record(
    text: str, index: LineIndex, placed: Finding, finding: Finding, step: str, context: Context
) -> Change:
    """Build the change record of a finding placed in the document."""
    line, column = index.position(placed.start)
    end_line, end_column = index.position(placed.end)
    source = context.settings.source_lang if step == "numbers" else None
    return Change(
        start=placed.start,
        end=placed.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        original=text[placed.start : placed.end],
        replacement=finding.replacement,
        concept=None,
        candidates=(),
        lang=source or context.lang,
        target_lang=context.lang,
        status="style",
        kind=finding.kind,
        score=100.0,
        safe=finding.applied,
        applied=finding.applied,
        step=step,
    )


def _compose(
    original: str, records: list[Change], middle: str, found: Sequence[Change]
) -> list[Change]:
    """Return the records on ``original`` after one more pass (reports of every pass kept)."""
    if not records:
        return sorted(found, key=lambda c: (c.start, c.end))
    return compose(original, records, middle, found, keep_unapplied=True)
