"""Change records: what normalizing rewrote (or would rewrite), where, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Change:
    """One rewrite of a span of the input text.

    Offsets are 0-based character offsets into the input (``end`` exclusive); lines and
    columns are 1-based. ``replacement`` is None when no single replacement applies (the
    span matches several concepts). ``applied`` says whether the output contains it.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    original: str
    replacement: str | None
    concept: str | None
    candidates: tuple[str, ...]
    lang: str
    target_lang: str
    status: str
    kind: str
    score: float
    safe: bool
    applied: bool
    step: str = "terminology"

    def as_dict(self) -> dict[str, object]:
        """Return the record as a JSON-ready mapping (the documented schema)."""
        record = asdict(self)
        record["candidates"] = list(self.candidates)
        return record


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Return ``text`` with every applied change made, in one pass.

    Changes must not overlap; those not applied are skipped.

    >>> c = Change(0, 3, 1, 1, 1, 4, "abc", "x", "k", ("k",), "en", "en", "deprecated",
    ...            "exact", 100.0, True, True)
    >>> apply_changes("abc def", [c])
    'x def'
    """
    pieces: list[str] = []
    position = 0
    for change in sorted(changes, key=lambda c: c.start):
        if not change.applied or change.replacement is None:
            continue
        if change.start < position:
            raise ValueError(f"overlapping changes at offset {change.start}")
        pieces.append(text[position : change.start])
        pieces.append(change.replacement)
        position = change.end
    pieces.append(text[position:])
    return "".join(pieces)
