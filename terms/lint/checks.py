"""The checks: what each finds in the segments of a document, as diagnostics.

Checks see only segments (:mod:`terms.formats`), never a file format. Per segment they use
the same engine as ``terms normalize`` (so a finding and its fix are exactly what normalizing
would do), plus the matcher's raw matches for the checks that look at allowed terms too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from terms.changes import Change
from terms.documents import breaks_a_line, language_of
from terms.folding import fold
from terms.formats.base import Document, Segment
from terms.fuzzy import FuzzySettings
from terms.lint.diagnostic import Applicability, Diagnostic, Fix, Severity
from terms.lint.rules import BY_CODE
from terms.locales import canonical_tag, fallback_chain, primary_language
from terms.matcher import Match, Matcher
from terms.model import Concept, Status, Termbase
from terms.normalize import Normalizer
from terms.textpos import LineIndex


@dataclass(frozen=True)
class LintSettings:
    """What the checks need besides the glossary: languages and fuzzy settings."""

    lang: str  # the target language when a document does not declare one
    source_lang: str = "en"  # the language of PO msgids
    fuzzy: FuzzySettings | None = field(default_factory=FuzzySettings)


@dataclass(frozen=True)
class Place:
    """Where a span of a segment is in its document: offsets, lines and columns."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class Linter:
    """Run the checks on documents with one termbase; build it once per run."""

    def __init__(
        self, termbase: Termbase | None, settings: LintSettings, *, matcher: Matcher | None = None
    ) -> None:
        """Prepare the shared matcher; normalizers are built per language when first needed.

        With a ``matcher`` (compiled and cached), the termbase is the matcher's: concepts are
        read from it when a check needs them, and ``termbase`` may be None.
        """
        if matcher is None:
            if termbase is None:
                raise TypeError("a Linter needs a termbase or a matcher")
            matcher = Matcher(termbase)
        self.settings = settings
        self.matcher = matcher
        self._normalizers: dict[str, Normalizer] = {}

    def normalizer(self, lang: str) -> Normalizer:
        """Return the normalizer into ``lang`` (built once)."""
        tag = canonical_tag(lang)
        if tag not in self._normalizers:
            self._normalizers[tag] = Normalizer(
                None, tag, matcher=self.matcher, fuzzy=self.settings.fuzzy
            )
        return self._normalizers[tag]

    def check_document(self, document: Document) -> list[Diagnostic]:
        """Return the findings of every per-document check in ``document``."""
        index = LineIndex(document.text)
        found: list[Diagnostic] = []
        allowed: list[tuple[Segment, Match, str]] = []  # for the consistency check
        for segment in document.segments:
            normalizer = self.normalizer(language_of(segment, document, self.settings.lang))
            for change in normalizer.normalize(segment.text).changes:
                if not breaks_a_line(document, change):
                    found.append(self._variant(document, index, segment, change))
            matches = self.matcher.find(segment.text)
            allowed.extend(
                (segment, m, normalizer.lang) for m in matches if self._is_allowed(m, normalizer)
            )
            if segment.source is not None:
                found.extend(self._key_terms(document, index, segment, normalizer, matches))
        found.extend(self._inconsistent(document, index, allowed))
        return found

    def check_run(self, documents: Sequence[Document]) -> list[Diagnostic]:
        """Return the findings of checks across documents (one msgid, several translations)."""
        groups: dict[tuple[str, str], list[tuple[Document, Segment]]] = defaultdict(list)
        for document in documents:
            for segment in document.segments:
                if segment.key is None or "fuzzy" in segment.flags:
                    continue
                lang = language_of(segment, document, self.settings.lang)
                groups[(lang, segment.key)].append((document, segment))
        found = []
        indexes: dict[str, LineIndex] = {}
        for (lang, _), members in groups.items():
            texts = Counter(segment.text for _, segment in members)
            if len(texts) < 2:
                continue
            usual, _ = max(texts.items(), key=lambda item: (item[1], -_first(members, item[0])))
            for document, segment in members:
                if segment.text != usual:
                    if document.path not in indexes:
                        indexes[document.path] = LineIndex(document.text)
                    index = indexes[document.path]
                    place = _place(document, index, segment, 0, len(segment.text))
                    found.append(
                        _diagnostic(
                            document,
                            place,
                            "TRM112",
                            f"translated as {_quote(segment.text)} here and as "
                            f"{_quote(usual)} in {texts[usual]} other entr"
                            f"{'y' if texts[usual] == 1 else 'ies'} ({lang})",
                            data={"lang": lang, "usual": usual},
                        )
                    )
        return found

    def _is_allowed(self, match: Match, normalizer: Normalizer) -> bool:
        """Return True for a match of one concept's allowed term in the target language."""
        concepts = {c.concept_id for c in match.candidates}
        if len(concepts) != 1:
            return False
        chain = fallback_chain(normalizer.lang)
        return any(c.lang in chain and c.status.is_allowed for c in match.candidates)

    def _variant(
        self, document: Document, index: LineIndex, segment: Segment, change: Change
    ) -> Diagnostic:
        """Turn a normalizer's change record into a TRM101-TRM104 diagnostic."""
        place = _place(document, index, segment, change.start, change.end)
        data: dict[str, object] = {
            "concept": change.concept,
            "original": change.original,
            "replacement": change.replacement,
            "kind": change.kind,
            "status": change.status,
            "lang": change.target_lang,
        }
        if change.replacement is None and change.status == "forbidden":
            return _diagnostic(
                document,
                place,
                "TRM103",
                f"{_quote(change.original)} is forbidden in {change.target_lang}",
                data=data,
            )
        if change.replacement is None:
            candidates = ", ".join(change.candidates)
            return _diagnostic(
                document,
                place,
                "TRM104",
                f"{_quote(change.original)} matches several concepts ({candidates})",
                data=data,
            )
        edits = tuple(segment.edits(change.start, change.end, change.replacement))
        if change.kind == "fuzzy":
            data["score"] = change.score
            fix = Fix(edits, Applicability.UNSAFE, f"replace with {_quote(change.replacement)}")
            return _diagnostic(
                document,
                place,
                "TRM102",
                f"{_quote(change.original)} may be a spelling of {_quote(change.replacement)} "
                f"(fuzzy, score {change.score:g})",
                fix,
                data,
            )
        if change.status == "forbidden":
            fix = Fix(edits, Applicability.UNSAFE, f"replace with {_quote(change.replacement)}")
            return _diagnostic(
                document,
                place,
                "TRM103",
                f"{_quote(change.original)} is forbidden in {change.target_lang}; "
                f"use {_quote(change.replacement)}",
                fix,
                data,
            )
        fix = Fix(edits, Applicability.SAFE, f"replace with {_quote(change.replacement)}")
        return _diagnostic(
            document,
            place,
            "TRM101",
            _variant_message(change),
            fix,
            data,
        )

    def _key_terms(
        self,
        document: Document,
        index: LineIndex,
        segment: Segment,
        normalizer: Normalizer,
        target_matches: Sequence[Match],
    ) -> Iterator[Diagnostic]:
        """Check a translation against the glossary terms of its source (TRM110, TRM111)."""
        assert segment.source is not None
        source_chain = fallback_chain(canonical_tag(self.settings.source_lang))
        in_target = {c.concept_id for m in target_matches for c in m.candidates}
        seen: set[str] = set()
        whole = _place(document, index, segment, 0, len(segment.text))
        for match in self.matcher.find(segment.source):
            ids = {c.concept_id for c in match.candidates}
            if len(ids) != 1:
                continue
            (concept_id,) = ids
            if concept_id in seen:
                continue
            concept = self.matcher.concept(concept_id)
            written = segment.source[match.start : match.end]
            if not concept.translate:
                seen.add(concept_id)
                kept = {written, *(t.text for t in concept.terms if t.status.is_allowed)}
                if not any(form in segment.text for form in kept):
                    yield _diagnostic(
                        document,
                        whole,
                        "TRM111",
                        f"{_quote(written)} is not to be translated, and the translation "
                        "does not keep it as written",
                        data={"concept": concept_id, "term": written},
                    )
                continue
            if not any(c.lang in source_chain for c in match.candidates):
                continue  # the msgid holds the concept in another language: not a source term
            seen.add(concept_id)
            expected = _allowed_terms(concept, normalizer.lang)
            if expected and concept_id not in in_target:
                yield _diagnostic(
                    document,
                    whole,
                    "TRM110",
                    f"the source has {_quote(written)}, the translation has no "
                    f"{_quote(expected[0])} ({normalizer.lang})",
                    data={"concept": concept_id, "source_term": written, "expected": expected},
                )

    def _inconsistent(
        self,
        document: Document,
        index: LineIndex,
        allowed: Iterable[tuple[Segment, Match, str]],
    ) -> Iterator[Diagnostic]:
        """Report a concept's forms that differ from its most frequent form (TRM105)."""
        by_concept: dict[tuple[str, str], list[tuple[Segment, Match, str]]] = defaultdict(list)
        for segment, match, lang in allowed:
            concept = match.candidates[0].concept_id
            form = fold(segment.text[match.start : match.end])
            by_concept[(concept, lang)].append((segment, match, form))
        for (concept, lang), occurrences in by_concept.items():
            forms = Counter(form for *_, form in occurrences)
            if len(forms) < 2:
                continue
            first_seen = {form: i for i, (*_, form) in reversed(list(enumerate(occurrences)))}
            preferred = {
                fold(t.text)
                for t in self.matcher.concept(concept).terms
                if t.status is Status.PREFERRED and t.lang in fallback_chain(lang)
            }
            usual = max(forms, key=lambda f: (forms[f], f in preferred, -first_seen[f]))
            usual_written = next(
                s.text[m.start : m.end] for s, m, form in occurrences if form == usual
            )
            for segment, match, form in occurrences:
                if form == usual:
                    continue
                written = segment.text[match.start : match.end]
                place = _place(document, index, segment, match.start, match.end)
                yield _diagnostic(
                    document,
                    place,
                    "TRM105",
                    f"{_quote(written)} here, {_quote(usual_written)} {forms[usual]} time"
                    f"{'' if forms[usual] == 1 else 's'} elsewhere in this document "
                    f"(concept {concept})",
                    data={"concept": concept, "lang": lang, "usual": usual_written},
                )


def _variant_message(change: Change) -> str:
    """Say why a change's original is not the house form."""
    original, replacement = _quote(change.original), _quote(change.replacement or "")
    if primary_language(change.lang) != primary_language(change.target_lang):
        return f"{original} is the {change.lang} form; in {change.target_lang} write {replacement}"
    if change.status in ("preferred", "admitted"):
        return f"{original} is written differently from {replacement} (accents, case or hyphens)"
    return f"{original} is {change.status} in {change.lang}; write {replacement}"


def _allowed_terms(concept: Concept, lang: str) -> list[str]:
    """Return the concept's allowed terms in ``lang`` (or its fallbacks), preferred first."""
    for tag in fallback_chain(lang):
        terms = [t for t in concept.terms if t.lang == tag and t.status.is_allowed]
        if terms:
            return [t.text for t in sorted(terms, key=lambda t: t.status.value != "preferred")]
    return []


def _first(members: Sequence[tuple[Document, Segment]], text: str) -> int:
    """Return the position of the first member whose translation is ``text``."""
    return next(i for i, (_, segment) in enumerate(members) if segment.text == text)


def _place(document: Document, index: LineIndex, segment: Segment, start: int, end: int) -> Place:
    """Locate a span of a segment in its document."""
    first, last = segment.document_span(start, end)
    line, column = index.position(first)
    end_line, end_column = index.position(last)
    return Place(first, last, line, column, end_line, end_column)


def _diagnostic(
    document: Document,
    place: Place,
    code: str,
    message: str,
    fix: Fix | None = None,
    data: dict[str, object] | None = None,
) -> Diagnostic:
    """Build a diagnostic of rule ``code`` at ``place`` with the rule's default severity."""
    rule = BY_CODE[code]
    return Diagnostic(
        document.path,
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        code,
        rule.name,
        rule.severity,
        message,
        fix,
        dict(data or {}),
    )


def _quote(text: str) -> str:
    """Quote a term for a message."""
    return "'" + text.replace("\n", " ") + "'"


__all__ = ["Diagnostic", "LintSettings", "Linter", "Severity"]
