"""The fuzzy index of a glossary in a file of its own, next to its cached match index.

Building the fuzzy index of 10,000 concepts costs more than a second; reading it back costs a
quarter of that. The index is pickled as it is, except for the score floors it keeps by the
identity of an entry, which are written by the entry's position and mapped back on reading,
and its tables of postings (lists of entry numbers, or of entries, by key), which are packed
into arrays and read back one by one into lists that share one object per entry, as the built
index does (read back as they are, they would make an int object of every posting: 13
million at 100,000 concepts, and hold every table at once while reading).
Files are written atomically; one that cannot be written or read is simply not used.
"""

from __future__ import annotations

import array
import itertools
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terms.fuzzy import FuzzyIndex
from terms.gcpause import collector_paused

_NUL = "\0"
FORMAT = 1


@dataclass(frozen=True)
class _Postings:
    """A table of lists of entries by key, packed: its keys, list lengths, entry numbers.

    The lists hold entry numbers, or (``of_entries``) the entries themselves.
    """

    default: bool  # a defaultdict(list)
    of_entries: bool
    keys: str | list[Any]  # texts joined by NUL (one object to pickle, not millions)
    counts: bytes  # unsigned 32-bit integers, one per key
    numbers: bytes  # unsigned 32-bit integers, the keys' lists one after the other


def _packed(value: Any, entries: list[Any], positions: dict[int, int]) -> _Postings | None:
    """Return a table of lists of entries or entry numbers packed, or None for other values."""
    if not isinstance(value, dict) or not value:
        return None
    lists = list(value.values())
    if not all(isinstance(items, list) for items in lists):
        return None
    count = len(entries)
    numbers: Iterable[int]
    if all(type(n) is int and 0 <= n < count for items in lists for n in items):
        of_entries, numbers = False, itertools.chain.from_iterable(lists)
    elif all(id(item) in positions for items in lists for item in items):
        of_entries = True
        numbers = (positions[id(item)] for items in lists for item in items)
    else:
        return None
    keys: str | list[Any] = list(value)
    if all(type(key) is str and _NUL not in key for key in keys):
        keys = _NUL.join(keys)
    return _Postings(
        isinstance(value, defaultdict),
        of_entries,
        keys,
        array.array("I", map(len, lists)).tobytes(),
        array.array("I", numbers).tobytes(),
    )


def _unpacked(postings: _Postings, entries: list[Any], shared: list[int]) -> dict[Any, list[Any]]:
    """Return the table of lists that ``postings`` packs (entry numbers taken from ``shared``)."""
    table: dict[Any, list[Any]] = defaultdict(list) if postings.default else {}
    numbers = memoryview(postings.numbers).cast("I")
    take = (entries if postings.of_entries else shared).__getitem__
    keys = postings.keys.split(_NUL) if isinstance(postings.keys, str) else postings.keys
    start = 0
    for key, count in zip(keys, memoryview(postings.counts).cast("I"), strict=True):
        table[key] = list(map(take, numbers[start : start + count]))
        start += count
    return table


def save_fuzzy_index(path: Path, index: FuzzyIndex) -> None:
    """Write ``index`` to ``path`` atomically; failures of any kind are ignored.

    The file is a sequence of pickles: the index's other attributes (with its floors keyed by
    entry position), then each packed table by itself, so that reading holds one at a time.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".fuzzy")
    except OSError:
        return
    try:
        entries = index.entries
        positions = {id(entry): number for number, entry in enumerate(entries)}
        state = dict(vars(index))
        state["minimum"] = {positions[key]: floor for key, floor in index.minimum.items()}
        tables = {}
        for name, value in vars(index).items():
            packed = _packed(value, entries, positions)
            if packed is not None:
                tables[name] = packed
                del state[name]
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((FORMAT, state, list(tables)), stream, pickle.HIGHEST_PROTOCOL)
            for packed in tables.values():
                pickle.dump(packed, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # a full disk, or an index this code no longer knows how to take apart
        Path(temporary).unlink(missing_ok=True)


def load_fuzzy_index(path: Path) -> FuzzyIndex | None:
    """Return the index stored at ``path``, or None when it is missing or unusable."""
    try:
        with path.open("rb") as stream, collector_paused():
            version, state, names = pickle.load(stream)
            if version != FORMAT:
                return None
            entries = state["entries"]
            shared = list(range(len(entries)))
            for name in names:
                state[name] = _unpacked(pickle.load(stream), entries, shared)
    except Exception:  # a broken file of any kind is rebuilt
        return None
    index = FuzzyIndex.__new__(FuzzyIndex)
    vars(index).update(state)
    index.minimum = {id(entries[number]): floor for number, floor in state["minimum"].items()}
    return index
