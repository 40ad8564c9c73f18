"""Work spread over processes, with results in the order of the inputs.

A run builds its worker state once (the compiled glossary: a normalizer or a linter) and
hands it to the workers: a forked worker inherits it as it is, a spawned one (where fork is
not available) builds it again from a picklable recipe, through the glossary cache.

>>> with Workers(1, make_state=lambda: 10) as workers:
...     list(workers.map(_add_state, [1, 2, 3]))
[11, 12, 13]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

from terms.gcpause import collector_paused
from terms.lexicon import cache_folder_setting, use_cache_folder_setting

T = TypeVar("T")
R = TypeVar("R")

_STATE: Any = None  # the worker state of this process
IN_FLIGHT = 4  # tasks queued per worker ahead of the one being written out
MAX_CHUNK = 8  # small items (whole files) sent to a worker in one task, at most
CHUNKS_PER_WORKER = 16  # tasks per worker, at least, when there are enough items


def cpu_count() -> int:
    """Return the number of CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def state() -> Any:
    """Return the worker state of this process (set by :class:`Workers`)."""
    return _STATE


def _add_state(value: int) -> int:
    """Add the state to a value (the example of the module docstring)."""
    return int(_STATE) + value


def _initialize(make_state: Callable[[], Any] | None, tables: dict[str, Any] | None = None) -> None:
    """Build the worker state in a spawned worker (a forked one inherits it).

    ``tables`` is the run's choice of folder for wordfreq's tables, which a spawned worker
    takes before it builds the state (a forked one has it already).
    """
    global _STATE
    if tables is not None:
        use_cache_folder_setting(tables)
    if _STATE is None and make_state is not None:
        _STATE = make_state()


class Workers:
    """A pool of ``jobs`` processes (or none for one job) sharing one worker state.

    ``make_state`` builds the state; it runs once here, and again in each worker only where
    processes are spawned rather than forked, so it must then be picklable.
    """

    def __init__(self, jobs: int, make_state: Callable[[], Any]) -> None:
        """Build the state now; start the processes on entering the ``with`` block."""
        global _STATE
        self.jobs = max(1, jobs)
        with collector_paused():
            _STATE = make_state()
        # the state lives as long as the run: keep the collector from walking through it (and
        # forked workers from copying the pages it would touch)
        gc.freeze()
        self._make_state = make_state
        self._executor: Executor | None = None

    def __enter__(self) -> Workers:
        """Start the worker processes (none for one job)."""
        if self.jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            forked = context.get_start_method() == "fork"
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_initialize,
                initargs=(None, None) if forked else (self._make_state, cache_folder_setting()),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the worker processes."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def map_chunks(
        self, func: Callable[[list[T]], list[R]], items: Iterable[T], size: int
    ) -> Iterator[R]:
        """Yield the results of ``func`` over chunks of ``size`` items, one by one, in order.

        ``func`` takes a list of items and returns a list of results: a worker gets one task
        per chunk, which saves the cost of a task per item when items are small.
        """
        for results in self.map(func, _chunks(items, size)):
            yield from results

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``func(item)`` for each item, in order, computing ahead in the workers.

        Items are taken from ``items`` only as the workers need them, so a generator of large
        pieces is held in memory a few pieces at a time.
        """
        if self._executor is None:
            yield from map(func, items)
            return
        pending = []
        ahead = self.jobs * IN_FLIGHT
        for item in items:
            pending.append(self._executor.submit(func, item))
            if len(pending) >= ahead:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of ``size`` consecutive items (the last one may be shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def chunk_size(count: int, jobs: int) -> int:
    """Return how many of ``count`` small items to send a worker at a time.

    Enough to spare a task per item, few enough that every worker gets many chunks and all
    finish at about the same time: one for a single job or few items, at most eight.

    >>> chunk_size(200, 2), chunk_size(10, 2), chunk_size(5000, 2), chunk_size(200, 1)
    (6, 1, 8, 1)
    """
    if jobs <= 1:
        return 1
    return max(1, min(MAX_CHUNK, count // (jobs * CHUNKS_PER_WORKER)))
