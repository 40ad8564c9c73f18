"""The progress bar: drawn on a terminal only, for runs long enough, and erased at the end."""

from __future__ import annotations

import io

from terms.cli.progress import MIN_ITEMS, Progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(stream: io.StringIO, total: int, enabled: bool = True) -> str:
    progress = Progress(total, enabled=enabled, stream=stream)
    for number in range(total):
        progress.step(f"file{number}.md")
    progress.done()
    return stream.getvalue()


def test_a_terminal_sees_the_bar_and_then_a_clean_line() -> None:
    output = run(Terminal(), MIN_ITEMS + 5)
    assert f"{MIN_ITEMS + 5}/{MIN_ITEMS + 5}" in output  # the last step is always drawn
    assert "[" + "=" * 30 + "]" in output
    assert output.endswith("\r")


def test_no_bar_when_not_a_terminal_or_short_or_disabled() -> None:
    assert run(io.StringIO(), MIN_ITEMS + 5) == ""
    assert run(Terminal(), MIN_ITEMS - 1) == ""
    assert run(Terminal(), MIN_ITEMS + 5, enabled=False) == ""
