"""Change records: what normalizing rewrote (or would rewrite), where, and why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields

from terms.textpos import LineIndex


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


def placed(change: Change, start: int, end: int, index: LineIndex, **fields: object) -> Change:
    """Return the record moved to ``start:end`` of the text ``index`` maps (and other fields)."""
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return with_fields(
        change,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        **fields,
    )


_FIELDS = frozenset(f.name for f in dataclass_fields(Change))


def with_fields(change: Change, **values: object) -> Change:
    """Return a copy of a record with some fields changed (:func:`dataclasses.replace`, faster).

    Records are made by the ten thousand when a large text is put together from pieces.

    >>> c = Change(0, 3, 1, 1, 1, 4, "abc", "x", "k", ("k",), "en", "en", "deprecated",
    ...            "exact", 100.0, True, True)
    >>> from dataclasses import replace
    >>> with_fields(c, start=1, end=2) == replace(c, start=1, end=2)
    True
    """
    if not values.keys() <= _FIELDS:
        raise TypeError(f"not fields of a change record: {sorted(values.keys() - _FIELDS)}")
    copy = object.__new__(Change)
    copy.__dict__.update(change.__dict__)
    copy.__dict__.update(values)
    return copy


def replaced_spans(records: Iterable[Change]) -> list[tuple[int, int]]:
    """Return where the applied records' replacements stand in the output, in order."""
    return [(new_start, new_end) for _, _, new_start, new_end in _Shift(records).regions]


class _Shift:
    """Maps positions between a text and the text that its applied changes produce."""

    def __init__(self, changes: Iterable[Change]) -> None:
        """Record where each applied change's replacement lands in the new text."""
        self.regions: list[tuple[int, int, int, int]] = []  # old start, old end, new start, new end
        delta = 0
        for change in sorted(changes, key=lambda c: c.start):
            if change.applied and change.replacement is not None:
                new_start = change.start + delta
                new_end = new_start + len(change.replacement)
                self.regions.append((change.start, change.end, new_start, new_end))
                delta += len(change.replacement) - (change.end - change.start)

    def to_old(self, position: int, *, end: bool) -> int:
        """Map a new-text position back; inside a replacement it widens to the whole change."""
        delta = 0
        for old_start, old_end, new_start, new_end in self.regions:
            if position < new_start:
                break
            if position == new_start == new_end:
                return old_end if end else old_start
            if position == new_start:
                return old_start
            if position < new_end:
                return old_end if end else old_start
            if position == new_end:
                return old_end
            delta = old_end - new_end
        return position + delta

    def to_new(self, position: int, *, end: bool = False) -> int:
        """Map an old-text position at a change's edge or outside any change to the new text.

        At an insertion, a start maps before the inserted text and an ``end`` after it.
        """
        delta = 0
        for old_start, old_end, new_start, new_end in self.regions:
            if position < old_start:
                break
            if position == old_start and not (end and old_start == old_end):
                return new_start
            if position < old_end:
                return new_end
            delta = new_end - old_end
        return position + delta

    def touches(self, new_start: int, new_end: int) -> bool:
        """Return True when a new-text span overlaps or abuts a replacement."""
        return any(s <= new_end and new_start <= e for _, _, s, e in self.regions)


def compose(
    original: str,
    first: Sequence[Change],
    middle: str,
    second: Sequence[Change],
    *,
    keep_unapplied: bool = False,
) -> list[Change]:
    """Return records on ``original`` for two passes: ``first`` made ``middle``, then ``second``.

    A change of the second pass that overlaps changes of the first absorbs them into one record
    spanning both; its replacement is what the two passes together put there. Records of the
    second pass that were not applied and do not touch the first pass's replacements repeat
    records of the first pass and are dropped, unless ``keep_unapplied`` (the passes are
    different steps, whose reports are all news).
    """
    shift = _Shift(first)
    index = LineIndex(original)
    merged: list[Change] = []
    spans: list[tuple[int, int]] = []
    for group, start, end in _groups(shift, second, keep_unapplied):
        head = group[0]
        replacement = None
        if head.replacement is not None:
            pieces: list[str] = []
            position = shift.to_new(start)
            for change in group:
                pieces += [middle[position : change.start], change.replacement or ""]
                position = change.end
            replacement = "".join(pieces) + middle[position : shift.to_new(end, end=True)]
        merged.append(
            placed(head, start, end, index, original=original[start:end], replacement=replacement)
        )
        if head.applied and head.replacement is not None:
            spans.append((start, end))
    kept = [c for c in first if not any(s <= c.start and c.end <= e for s, e in spans)]
    return sorted([*kept, *merged], key=lambda c: (c.start, c.end))


def _groups(
    shift: _Shift, second: Sequence[Change], keep_unapplied: bool
) -> list[tuple[list[Change], int, int]]:
    """Return the second pass's records to place, in groups that become one record each.

    Each group comes with its span in the old text; a group absorbs every change of the first
    pass that lies within that span. Applied records whose spans would absorb the same change
    (two edits inside one earlier replacement, or on both sides of an earlier insertion) form
    one group, so that no two records overlap.
    """
    insertions = {old_start for old_start, old_end, _, _ in shift.regions if old_start == old_end}
    groups: list[tuple[list[Change], int, int]] = []
    current = -1  # the index of the last group of applied records
    for change in sorted(second, key=lambda c: (c.start, c.end)):
        start = shift.to_old(change.start, end=False)
        end = shift.to_old(change.end, end=True)
        if not change.applied or change.replacement is None:
            if change.applied or keep_unapplied or shift.touches(change.start, change.end):
                groups.append(([change], start, end))
            continue
        if current >= 0:
            group, low, high = groups[current]
            if start < high or (start == high and (low == high or start in insertions)):
                groups[current] = ([*group, change], low, max(end, high))
                continue
        current = len(groups)
        groups.append(([change], start, end))
    return groups
