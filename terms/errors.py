"""Typed errors of the engine: each carries a stable code and, where known, a location.

The engine never prints and never exits: it raises these, and only the CLI turns them into
messages on stderr and exit status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in user data: a stable code, a message and where it is.

    ``line`` and ``column`` are 1-based; 0 means unknown.

    >>> str(Problem("TRM013", "two preferred terms", "g.yaml", 4, 7))
    'g.yaml:4:7: error TRM013: two preferred terms'
    """

    code: str
    message: str
    path: str = ""
    line: int = 0
    column: int = 0

    def location(self) -> str:
        """Return ``path:line:col`` (parts that are unknown are left out)."""
        parts = [self.path or "<input>"]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        """Render as ``path:line:col: error CODE: message``."""
        return f"{self.location()}: error {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """Return the problem as a JSON-ready mapping."""
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
        }


class TermsError(Exception):
    """Base class of every error that ``terms`` raises on bad input or configuration."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        """Keep the problems; the message is the first one (and a count of the rest)."""
        self.problems: Sequence[Problem] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        first = str(self.problems[0]) if self.problems else "unknown error"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


class GlossaryError(TermsError):
    """A glossary file is malformed or inconsistent; nothing of it is used."""


class ConfigError(TermsError):
    """A configuration file (``terms.toml`` or ``[tool.terms]``) is malformed."""


class InputError(TermsError):
    """An input document cannot be read as text (missing, binary, or badly encoded)."""


class UsageError(TermsError):
    """The caller asked for something that cannot be done (bad option or combination)."""


class OutputError(TermsError):
    """A file could not be written; the file on disk is left as it was."""


class CacheError(TermsError):
    """A cache entry turned out damaged while in use; it is deleted, so the next run rebuilds it."""
