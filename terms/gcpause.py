"""Building large indexes without the cyclic garbage collector getting in the way.

Loading or compiling a glossary of 100,000 concepts makes millions of small objects and no
garbage; the collector, which runs every few hundred allocations, then spends most of the
time looking through them (unpickling such a glossary: 7 s with it, 1.3 s without).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it was running.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Collections of the youngest objects come every this many allocations while a command runs
# (Python's default is 700): a run makes many objects that live until it ends (cached keys,
# entries read from the glossary cache), and walking them over and over cost 10 to 20% of a
# normalize run on 10 MB of text; mypy raises the threshold for the same reason.
RELAXED_THRESHOLD = 100_000


@contextmanager
def collector_relaxed() -> Iterator[None]:
    """Run the cyclic garbage collector less often for the block, then as it was before.

    >>> with collector_relaxed():
    ...     gc.get_threshold()[0]
    100000
    """
    before = gc.get_threshold()
    gc.set_threshold(RELAXED_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
