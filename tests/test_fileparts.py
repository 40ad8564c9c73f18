"""Parts of a file read when sliced: the bytes and arrays they give, and their errors."""

from __future__ import annotations

import array
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from terms.fileparts import FilePart, _seek_and_read


@pytest.fixture
def fd(tmp_path: Path) -> Iterator[int]:
    """Yield a file holding a header and the numbers 0 to 99 (32 bits each), open."""
    path = tmp_path / "parts.bin"
    path.write_bytes(b"header!!" + array.array("I", range(100)).tobytes())
    handle = os.open(path, os.O_RDONLY)
    yield handle
    os.close(handle)


def test_a_part_reads_the_bytes_it_is_sliced_for(fd: int) -> None:
    part = FilePart(fd, 0, 8)
    assert len(part) == 8
    assert part[0:6] == b"header" and part[6:] == b"!!" and part[3:3] == b""
    assert part[-2:] == b"!!" and part[:100] == b"header!!"  # slices clip as for bytes


def test_an_array_part_counts_and_slices_items(fd: int) -> None:
    numbers = FilePart(fd, 8, 400, "I")
    assert len(numbers) == 100
    assert list(numbers[10:13]) == [10, 11, 12] and list(numbers[98:]) == [98, 99]
    wide = FilePart(fd, 8, 400, "Q")  # two 32-bit numbers read as one 64-bit one
    pair = array.array("I", [2, 3]).tobytes()
    assert len(wide) == 50 and wide[1:2][0] == int.from_bytes(pair, sys.byteorder)


def test_a_part_read_from_a_file_cut_short_is_an_error(fd: int) -> None:
    beyond = FilePart(fd, 8, 800, "I")  # the file ends after 400 bytes of numbers
    assert list(beyond[0:2]) == [0, 1]
    with pytest.raises(OSError, match="ends 400 bytes early"):
        beyond[0:200]


def test_a_part_with_a_step_is_refused(fd: int) -> None:
    with pytest.raises(ValueError, match="one piece"):
        FilePart(fd, 0, 8)[0:8:2]


def test_reading_without_pread_reads_the_same(fd: int) -> None:
    assert _seek_and_read(fd, 6, 0) == os.pread(fd, 6, 0) == b"header"
    assert _seek_and_read(fd, 4, 8 + 4 * 7) == array.array("I", [7]).tobytes()
