"""Parts of an open file read when sliced, so that a process holds only the parts it reads.

The stores of compiled glossaries (:mod:`terms.matchstore`, :mod:`terms.fuzzystore`) map
their files into memory for the arrays every run reads throughout (sorted CRC-32s, where
each item starts). Their byte strings (pickles, keys, lists of entry numbers) are mostly
never read: a text asks for a few thousand of a hundred thousand concepts. Read through a
memory map, each of those few thousand reads makes the kernel map the pages around it too,
until the whole file counts in the process's memory (at 100,000 concepts, 500 MB of it).
Read with :func:`os.pread`, a part costs one system call and is then the caller's to keep
or drop.

>>> import os, tempfile
>>> fd, name = tempfile.mkstemp()
>>> _ = os.write(fd, b"header" + bytes([1, 0, 0, 0, 2, 0, 0, 0]))
>>> part = FilePart(fd, 6, 8)
>>> part[0:4], len(part)
(b'\\x01\\x00\\x00\\x00', 8)
>>> list(FilePart(fd, 6, 8, "I")[0:2])
[1, 2]
>>> os.close(fd); os.remove(name)
"""

from __future__ import annotations

import os
from typing import Any, Literal

Code = Literal["B", "I", "Q", "d"]  # the array types of parts: bytes, integers, floats
_SIZES = {"B": 1, "I": 4, "Q": 8, "d": 8}


def _seek_and_read(fd: int, size: int, offset: int) -> bytes:
    """Read ``size`` bytes at ``offset`` of ``fd`` where there is no pread (Windows)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


_pread = getattr(os, "pread", _seek_and_read)


class FilePart:
    """``length`` bytes of an open file from ``start``, read when sliced.

    With ``code`` ``B`` a slice is the bytes; with an array type, the slice is of items of
    that type (a memoryview of them, in this machine's byte order). The file descriptor is
    the caller's: it stays open as long as the part is used.
    """

    def __init__(self, fd: int, start: int, length: int, code: Code = "B") -> None:
        """Serve the ``length`` bytes at ``start`` of the file open as ``fd``."""
        self._fd = fd
        self._start = start
        self._size = _SIZES[code]
        self._code = code
        self._count = length // self._size

    def __len__(self) -> int:
        """Return how many items (bytes, for ``B``) the part has."""
        return self._count

    def __getitem__(self, where: slice) -> Any:
        """Return items ``where`` (a slice with no step), read from the file now."""
        first, last, step = where.indices(self._count)
        if step != 1:
            raise ValueError("a part of a file is read in one piece")
        size = self._size
        wanted = max(0, last - first) * size
        data = _pread(self._fd, wanted, self._start + first * size)
        if len(data) != wanted:
            raise OSError(f"the file ends {wanted - len(data)} bytes early")
        return data if self._code == "B" else memoryview(data).cast(self._code)
