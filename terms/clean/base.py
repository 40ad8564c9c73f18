"""What every clean-up step shares: the findings it makes and the settings it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from terms.config import CLEAN_STEPS
from terms.formats.base import MASK

STEP_NAMES = CLEAN_STEPS  # in the order they run
NBSP = "\u00a0"
NNBSP = "\u202f"
HSPACE = " \t\u00a0\u202f"  # horizontal white space that the steps consider


@dataclass(frozen=True)
class Finding:
    """One change a step proposes in a text: ``text[start:end]`` becomes ``replacement``.

    ``applied`` False means reported only; ``replacement`` is then a suggestion, or None.
    """

    start: int
    end: int
    replacement: str | None
    kind: str
    applied: bool = True


@dataclass(frozen=True)
class CleanSettings:
    """How ``terms clean`` runs: which steps, and their options.

    >>> CleanSettings().enabled("quotes"), CleanSettings(steps=frozenset()).enabled("quotes")
    (True, False)
    """

    steps: frozenset[str] = frozenset(STEP_NAMES)
    apostrophe: str | None = None  # "’" or "'": rewrite apostrophes in words; None leaves them
    source_lang: str | None = None  # the language the text was translated from (numbers)
    boilerplate: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> extra lines

    def enabled(self, step: str) -> bool:
        """Return True when ``step`` runs."""
        return step in self.steps


@dataclass(frozen=True)
class Context:
    """What a step needs to know about one text: its language and the run's settings."""

    lang: str
    settings: CleanSettings
    format: str = "text"


def primary(tag: str) -> str:
    """Return the language subtag of a BCP 47 tag (``fr-CA`` -> ``fr``)."""
    return tag.split("-")[0].lower()


def visible_before(text: str, index: int) -> str | None:
    """Return the character before ``index``, looking past masked characters (None at start)."""
    index -= 1
    while index >= 0 and text[index] == MASK:
        index -= 1
    return text[index] if index >= 0 else None


def visible_after(text: str, index: int) -> str | None:
    """Return the character at or after ``index`` that is not masked (None at the end)."""
    while index < len(text) and text[index] == MASK:
        index += 1
    return text[index] if index < len(text) else None
