"""One lint run over documents: checks, selection, suppressions, and fixes.

The engine part of ``terms lint``: it reads nothing from disk and prints nothing; the CLI gives
it decoded documents and writes what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from terms.formats.base import Document, Edit, Suppression, apply_edits
from terms.lint.checks import Linter
from terms.lint.diagnostic import Applicability, Diagnostic, Severity
from terms.lint.rules import BY_CODE
from terms.lint.select import Selection
from terms.parallel import Workers, state


@dataclass(frozen=True)
class FixResult:
    """A document's text after its fixes, and the diagnostics those fixes resolved."""

    text: str
    fixed: tuple[Diagnostic, ...]


def lint_documents(
    linter: Linter,
    documents: Sequence[Document],
    selection: Selection,
    workers: Workers | None = None,
) -> list[Diagnostic]:
    """Return the selected, unsuppressed findings in ``documents``, sorted.

    Suppressions that silence nothing are reported as TRM100 (when selected). With
    ``workers`` (whose state is ``linter``), the documents are checked in those processes.
    """
    found: dict[str, list[Diagnostic]] = {d.path: [] for d in documents}
    checked = (
        workers.map(_check_document, documents)
        if workers is not None
        else map(linter.check_document, documents)
    )
    for document, diagnostics in zip(documents, checked, strict=True):
        found[document.path].extend(diagnostics)
    for diagnostic in linter.check_run(documents):
        found[diagnostic.path].append(diagnostic)
    result: list[Diagnostic] = []
    for document in documents:
        kept = [
            _with_severity(d, selection)
            for d in found[document.path]
            if selection.enabled(d.code, document.path)
        ]
        result.extend(_suppress(document, kept, selection))
    return sorted(result, key=Diagnostic.sort_key)


def _check_document(document: Document) -> list[Diagnostic]:
    """Check one document with the worker's linter."""
    linter: Linter = state()
    return list(linter.check_document(document))


def _with_severity(diagnostic: Diagnostic, selection: Selection) -> Diagnostic:
    """Return the diagnostic with the severity the selection gives its code."""
    severity = selection.severity(diagnostic.code, diagnostic.severity)
    return diagnostic if severity is diagnostic.severity else replace(diagnostic, severity=severity)


def _suppress(
    document: Document, diagnostics: list[Diagnostic], selection: Selection
) -> list[Diagnostic]:
    """Drop diagnostics that a suppression covers; report suppressions that cover none."""
    used = [False] * len(document.suppressions)
    kept = []
    for diagnostic in diagnostics:
        silenced = False
        for number, suppression in enumerate(document.suppressions):
            if suppression.covers(diagnostic.code, diagnostic.line):
                used[number] = silenced = True
        if not silenced:
            kept.append(diagnostic)
    if not selection.enabled("TRM100", document.path):
        return kept
    rule = BY_CODE["TRM100"]
    for suppression, was_used in zip(document.suppressions, used, strict=True):
        if was_used or _unused_allowed(document.suppressions, suppression):
            continue
        codes = ", ".join(sorted(suppression.codes)) or "every code"
        kept.append(
            Diagnostic(
                document.path,
                suppression.line,
                suppression.column,
                suppression.line,
                suppression.column,
                rule.code,
                rule.name,
                selection.severity(rule.code, rule.severity),
                f"unused suppression ({codes}): nothing to silence here",
            )
        )
    return kept


def _unused_allowed(suppressions: Sequence[Suppression], unused: Suppression) -> bool:
    """Return True when a suppression that names TRM100 covers an unused one (or is it)."""
    return any(s.codes and s.covers("TRM100", unused.line) for s in suppressions)


def fix_document(
    document: Document, diagnostics: Sequence[Diagnostic], *, unsafe: bool = False
) -> FixResult:
    """Apply the fixes of ``diagnostics`` in ``document`` (safe ones; all with ``unsafe``).

    Fixes whose edits overlap an earlier fix's are left for a later run.
    """
    edits: list[Edit] = []
    fixed: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if diagnostic.path != document.path or fix is None:
            continue
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        if any(_overlap(edit, taken) for edit in fix.edits):
            continue
        edits.extend(fix.edits)
        taken.extend((edit.start, edit.end) for edit in fix.edits)
        fixed.append(diagnostic)
    return FixResult(apply_edits(document.text, edits), tuple(fixed))


def _overlap(edit: Edit, taken: Sequence[tuple[int, int]]) -> bool:
    """Return True when an edit touches a span already being edited."""
    return any(edit.start < end and start < edit.end for start, end in taken) or any(
        edit.start == edit.end == start for start, _ in taken
    )


def failing(diagnostics: Sequence[Diagnostic]) -> bool:
    """Return True when any finding fails the run (errors and warnings; not info)."""
    return any(d.severity is not Severity.INFO for d in diagnostics)
