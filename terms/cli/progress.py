"""A progress bar on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_ITEMS = 20  # fewer files than this finish before a bar is worth drawing
WIDTH = 30


class Progress:
    """Draw ``[=====     ] 12/40 path`` on one line of stderr, redrawn at most 10 times a second."""

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        """Prepare a bar for ``total`` items; it stays silent unless stderr is a terminal."""
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.shown = False
        self.last = 0.0
        self.enabled = enabled and total >= MIN_ITEMS and self.stream.isatty()

    def step(self, label: str) -> None:
        """Count one more item and redraw the bar."""
        self.count += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self.count < self.total:
            return
        self.last = now
        filled = WIDTH * self.count // max(self.total, 1)
        bar = "=" * filled + " " * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.count}/{self.total} {label[-40:]:<40}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """Erase the bar."""
        if self.shown:
            self.stream.write("\r" + " " * (WIDTH + 60) + "\r")
            self.stream.flush()
