"""Which checks run on which files, and how serious each is: ``select``, ``ignore``, overrides.

Codes are selected by code or prefix (``TRM1`` is every lint check, ``TRM10`` the variant
checks) or by name (``variant``). As in Ruff, the most specific entry wins: ``select =
["TRM1"]`` with ``ignore = ["TRM105"]`` runs everything but TRM105, and ``ignore = ["TRM1"]``
with ``select = ["TRM105"]`` runs only TRM105.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from terms.lint.diagnostic import Severity
from terms.lint.rules import BY_CODE, BY_NAME

DEFAULT_SELECT = ("TRM1",)


def normalize_selector(selector: str) -> str | None:
    """Return a selector as a code prefix (names become codes); None when it selects nothing.

    >>> normalize_selector("variant"), normalize_selector("trm10"), normalize_selector("x")
    ('TRM101', 'TRM10', None)
    """
    if selector.lower() in BY_NAME:
        return BY_NAME[selector.lower()].code
    upper = selector.strip().upper()
    if upper == "ALL":
        return "TRM"
    if upper and any(code.startswith(upper) for code in BY_CODE):
        return upper
    return None


def _best(code: str, selectors: Sequence[str]) -> int:
    """Return the length of the longest selector that is a prefix of ``code`` (-1: none)."""
    return max((len(s) for s in selectors if code.startswith(s)), default=-1)


@dataclass(frozen=True)
class Selection:
    """The checks that run, per path, and their severities."""

    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: str | None = None  # per-path patterns are relative to this folder (the config's)

    def enabled(self, code: str, path: str = "") -> bool:
        """Return True when ``code`` runs on ``path``.

        >>> s = Selection(ignore=("TRM105",), per_path_ignores=(("legacy/*", ("TRM1",)),))
        >>> s.enabled("TRM101"), s.enabled("TRM105"), s.enabled("TRM101", "legacy/a.md")
        (True, False, False)
        """
        chosen = _best(code, self.select)
        if chosen < 0 or _best(code, self.ignore) >= chosen:
            return False
        if self.per_path_ignores:
            relative = _relative(path, self.root)
            for pattern, codes in self.per_path_ignores:
                if _best(code, codes) >= 0 and _matcher(pattern).match_file(relative):
                    return False
        return True

    def severity(self, code: str, default: Severity) -> Severity:
        """Return the severity of ``code``: the most specific override, else ``default``."""
        best = _best(code, tuple(self.severities))
        if best < 0:
            return default
        return next(v for k, v in self.severities.items() if code.startswith(k) and len(k) == best)


@functools.lru_cache(maxsize=256)
def _matcher(pattern: str) -> pathspec.GitIgnoreSpec:
    """Compile a per-path pattern (gitignore syntax, as ``include`` and ``exclude``)."""
    return pathspec.GitIgnoreSpec.from_lines([pattern])


def _relative(path: str, root: str | None) -> str:
    """Return ``path`` relative to ``root`` in POSIX form (as given when outside it)."""
    if root is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return path.replace("\\", "/")


def selection_from(
    select: Sequence[str] | None,
    ignore: Sequence[str],
    severities: Mapping[str, str] | None = None,
    per_path_ignores: Mapping[str, Sequence[str]] | None = None,
    root: str | None = None,
) -> tuple[Selection, list[str]]:
    """Build a selection from selectors as written; return it and the selectors not understood."""
    unknown: list[str] = []

    def codes(selectors: Sequence[str]) -> tuple[str, ...]:
        found = []
        for selector in selectors:
            normalized = normalize_selector(selector)
            if normalized is None:
                unknown.append(selector)
            else:
                found.append(normalized)
        return tuple(found)

    levels: dict[str, Severity] = {}
    for selector, level in (severities or {}).items():
        normalized = normalize_selector(selector)
        if normalized is None:
            unknown.append(selector)
        else:
            levels[normalized] = Severity(level)
    per_path = tuple((pattern, codes(list(c))) for pattern, c in (per_path_ignores or {}).items())
    selection = Selection(
        codes(select) if select is not None else DEFAULT_SELECT,
        codes(ignore),
        levels,
        per_path,
        root,
    )
    return selection, unknown
