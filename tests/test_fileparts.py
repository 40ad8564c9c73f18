"""Parts of a cache file read when sliced: the bytes and arrays they give, and their errors."""

from __future__ import annotations

import array
import gc
import os
import sys
from pathlib import Path

import pytest

import terms.fileparts as fileparts
from terms.errors import CacheError
from terms.fileparts import FilePart, OpenFile, _seek_and_read


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Return a file holding a header and the numbers 0 to 99 (32 bits each)."""
    path = tmp_path / "parts.bin"
    path.write_bytes(b"header!!" + array.array("I", range(100)).tobytes())
    return path


def test_a_part_reads_the_bytes_it_is_sliced_for(path: Path) -> None:
    part = FilePart(OpenFile(path), 0, 8)
    assert len(part) == 8
    assert part[0:6] == b"header" and part[6:] == b"!!" and part[3:3] == b""
    assert part[-2:] == b"!!" and part[:100] == b"header!!"  # slices clip as for bytes


def test_an_array_part_counts_and_slices_items(path: Path) -> None:
    file = OpenFile(path)
    numbers = FilePart(file, 8, 400, "I")
    assert len(numbers) == 100
    assert list(numbers[10:13]) == [10, 11, 12] and list(numbers[98:]) == [98, 99]
    assert list(numbers[5:5]) == []
    wide = FilePart(file, 8, 400, "Q")  # two 32-bit numbers read as one 64-bit one
    pair = array.array("I", [2, 3]).tobytes()
    assert len(wide) == 50 and wide[1:2][0] == int.from_bytes(pair, sys.byteorder)


def test_a_part_of_a_file_cut_short_is_a_cache_error_and_the_file_goes(path: Path) -> None:
    beyond = FilePart(OpenFile(path), 8, 800, "I")  # the file ends after 400 bytes of numbers
    assert list(beyond[0:2]) == [0, 1]
    with pytest.raises(CacheError, match=r"damaged cache entry \(it ends 400 bytes early\)"):
        beyond[0:200]
    assert not path.exists()  # deleted: the next run builds it again


def test_a_long_part_is_read_in_several_calls(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileparts, "_READ_MAX", 7)  # as the 2 GiB of one call on Linux
    assert list(FilePart(OpenFile(path), 8, 400, "I")[3:99]) == list(range(3, 99))


def test_the_file_stays_open_while_a_part_is_used(path: Path, tmp_path: Path) -> None:
    part = FilePart(OpenFile(path), 0, 6)  # no other reference to the open file
    gc.collect()
    others = [os.open(tmp_path, os.O_RDONLY) for _ in range(4)]  # would reuse its number
    try:
        assert part[0:6] == b"header"
    finally:
        for fd in others:
            os.close(fd)


def test_the_file_is_closed_when_no_part_uses_it(path: Path) -> None:
    file = OpenFile(path)
    fd = file.fd
    os.fstat(fd)
    del file
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fd)


def test_a_part_with_a_step_is_refused(path: Path) -> None:
    with pytest.raises(ValueError, match="one piece"):
        FilePart(OpenFile(path), 0, 8)[0:8:2]


def test_reading_without_pread_reads_the_same(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _seek_and_read(fd, 6, 0) == os.pread(fd, 6, 0) == b"header"
        assert _seek_and_read(fd, 4, 8 + 4 * 7) == array.array("I", [7]).tobytes()
    finally:
        os.close(fd)
