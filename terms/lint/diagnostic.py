"""One record per finding, whatever the output format: the lint's diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from terms.formats.base import Edit


class Severity(str, Enum):
    """How serious a finding is; ``error`` and ``warning`` fail a run, ``info`` does not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, Enum):
    """Whether a fix is applied by ``--fix`` (safe) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Fix:
    """Edits to the decoded document that resolve a finding."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str  # e.g. "replace with 'Pashinyan'"


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place in a file.

    Lines and columns are 1-based, columns count characters; ``end_*`` is exclusive.
    ``data`` carries check-specific facts for machine formats (concept, original, replacement,
    score, match kind).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str  # the check's kebab-case name, e.g. "variant"
    severity: Severity
    message: str
    fix: Fix | None = None
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fixable(self) -> bool:
        """Return True when the finding has a fix (safe or not)."""
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the order diagnostics are printed in: path, line, column, code."""
        return (self.path, self.line, self.column, self.code)
