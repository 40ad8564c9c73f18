"""Long texts in pieces: cut at paragraph breaks, normalized apart, put back together.

No match spans a paragraph break (a blank line), and what decides a match looks no further
back than the start of its paragraph, so normalizing the paragraphs of a text apart gives the
records that normalizing the whole text gives. That is what lets a large file be read in
bounded memory and its pieces be normalized in parallel.

>>> pieces("one\\n\\ntwo\\n\\nthree", 3)
[(0, 5), (5, 10), (10, 15)]
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Sequence

from terms.changes import Change, with_fields
from terms.codes import code
from terms.errors import InputError, Problem
from terms.fileio import detect_encoding, read_document
from terms.matcher import PARAGRAPH_BREAK  # no match spans one: a text can be cut after one
from terms.normalize import NormalizeResult


def pieces(text: str, size: int) -> list[tuple[int, int]]:
    """Return spans that cover ``text``, each cut after a paragraph break once ``size`` long.

    A paragraph longer than ``size`` stays whole.
    """
    spans = []
    start = 0
    while start < len(text):
        found = PARAGRAPH_BREAK.search(text, start + size) if start + size < len(text) else None
        end = found.end() if found else len(text)
        spans.append((start, end))
        start = end
    return spans


def cut_point(text: str) -> int:
    """Return where a piece of ``text`` that may go on can end: after its last paragraph break.

    Returns 0 when it holds none.

    >>> cut_point("a\\n\\nb\\n\\nc")
    6
    """
    last = 0
    for found in PARAGRAPH_BREAK.finditer(text):
        last = found.end()
    return last


def shift(change: Change, offset: int, lines: int) -> Change:
    """Return a record of a piece as a record of the text the piece starts ``offset`` into.

    ``lines`` is the number of lines before the piece; a piece starts at the start of a line.
    """
    return with_fields(
        change,
        start=change.start + offset,
        end=change.end + offset,
        line=change.line + lines,
        end_line=change.end_line + lines,
    )


def join_results(parts: Iterable[tuple[str, NormalizeResult]]) -> NormalizeResult:
    """Put the results of consecutive pieces (each with its input text) back together."""
    texts: list[str] = []
    changes: list[Change] = []
    offset = lines = 0
    for source, result in parts:
        texts.append(result.text)
        changes.extend(shift(change, offset, lines) for change in result.changes)
        offset += len(source)
        lines += count_lines(source)
    return NormalizeResult("".join(texts), tuple(changes))


def count_lines(text: str) -> int:
    """Return how many line ends ``text`` holds (``\\n``, ``\\r\\n`` or a lone ``\\r``)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def split(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """Return the pieces of ``text`` that ``spans`` cover."""
    return [text[start:end] for start, end in spans]


def read_pieces(path: str, block_bytes: int) -> tuple[str, bytes, Iterator[str]]:
    """Open a large text file for reading in pieces: its encoding, its BOM, and the pieces.

    Each piece ends after a paragraph break (the last one ends the file), and holds about
    ``block_bytes`` of the file, or a whole paragraph when one is longer. The file is checked
    first, in one pass of the same bounded size, so a file that is binary or not valid text
    raises :class:`~terms.errors.InputError` (with the line and column) before any piece.
    """
    with open(path, "rb") as handle:
        encoding, bom = detect_encoding(handle.read(4))
    if not _decodes(path, encoding, len(bom), block_bytes):
        read_document(path)  # says where and why
        raise InputError(Problem(code("input-encoding"), f"not valid {encoding}", path))
    return encoding, bom, _pieces(path, encoding, len(bom), block_bytes)


def _decodes(path: str, encoding: str, skip: int, block_bytes: int) -> bool:
    """Return True when the file decodes (and, without a BOM, holds no NUL byte)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as handle:
            handle.seek(skip)
            while data := handle.read(block_bytes):
                if not skip and b"\x00" in data:
                    return False
                decoder.decode(data)
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, OSError):
        return False
    return True


def _pieces(path: str, encoding: str, skip: int, block_bytes: int) -> Iterator[str]:
    """Yield the decoded pieces of a file that is known to decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    carry = ""
    with open(path, "rb") as handle:
        handle.seek(skip)
        while data := handle.read(block_bytes):
            text = carry + decoder.decode(data)
            cut = cut_point(text)
            if cut:
                yield text[:cut]
                carry = text[cut:]
            else:
                carry = text  # no paragraph break yet: the paragraph goes on
        rest = carry + decoder.decode(b"", final=True)
        if rest:
            yield rest
