"""The fuzzy index of a glossary in a file of its own, next to its cached match index.

Building the fuzzy index of 10,000 concepts costs more than a second; reading it back costs a
quarter of that. The index is pickled as it is, except for the score floors it keeps by the
identity of an entry, which are written by the entry's position and mapped back on reading.
Files are written atomically; one that cannot be written or read is simply not used.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from terms.fuzzy import FuzzyIndex
from terms.gcpause import collector_paused


def _reduce(index: FuzzyIndex) -> tuple[Any, tuple[dict[str, Any]]]:
    """Reduce an index to its attributes, its floors keyed by entry position."""
    state = dict(vars(index))
    positions = {id(entry): number for number, entry in enumerate(index.entries)}
    state["minimum"] = {positions[key]: floor for key, floor in index.minimum.items()}
    return _restore, (state,)


def _restore(state: dict[str, Any]) -> FuzzyIndex:
    """Rebuild an index from its reduced attributes."""
    index = FuzzyIndex.__new__(FuzzyIndex)
    floors = state.pop("minimum")
    vars(index).update(state)
    index.minimum = {id(index.entries[number]): floor for number, floor in floors.items()}
    return index


def save_fuzzy_index(path: Path, index: FuzzyIndex) -> None:
    """Write ``index`` to ``path`` atomically; failures of any kind are ignored."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".fuzzy")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = {FuzzyIndex: _reduce}
            pickler.dump(index)
        os.replace(temporary, path)
    except Exception:  # a full disk, or an index this code no longer knows how to take apart
        Path(temporary).unlink(missing_ok=True)


def load_fuzzy_index(path: Path) -> FuzzyIndex | None:
    """Return the index stored at ``path``, or None when it is missing or unusable."""
    try:
        with path.open("rb") as stream, collector_paused():
            found = pickle.load(stream)
    except Exception:  # a broken file of any kind is rebuilt
        return None
    return found if isinstance(found, FuzzyIndex) else None
