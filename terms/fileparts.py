"""Parts of a cache file read when sliced, so that a process holds only the parts it reads.

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
>>> os.close(fd)
>>> file = OpenFile(Path(name))
>>> part = FilePart(file, 6, 8)
>>> part[0:4], len(part)
(b'\\x01\\x00\\x00\\x00', 8)
>>> list(FilePart(file, 6, 8, "I")[0:2])
[1, 2]
>>> file.close(); os.remove(name)
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any, Literal

from terms.codes import code
from terms.errors import CacheError, Problem

Code = Literal["B", "I", "Q", "d"]  # the array types of parts: bytes, integers, floats
_SIZES = {"B": 1, "I": 4, "Q": 8, "d": 8}
_READ_MAX = 1 << 30  # bytes asked for in one system call (Linux gives at most 2 GiB less 4 KiB)


def _seek_and_read(fd: int, size: int, offset: int) -> bytes:
    """Read ``size`` bytes at ``offset`` of ``fd`` where there is no pread (Windows)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


_pread = getattr(os, "pread", _seek_and_read)


def damaged(path: Path, what: str) -> CacheError:
    """Delete a damaged cache file and return the error that says so (``what`` went wrong)."""
    try:
        path.unlink()
        done = "now deleted: run again"
    except OSError:
        done = f"delete {path.name} (or run with --no-cache)"
    message = f"a damaged cache entry ({what}); {done}"
    return CacheError(Problem(code("cache-damaged"), message, str(path)))


class OpenFile:
    """A cache file open for reading parts of, closed when no part uses it any more.

    Reads the file that was open when it was made, even after another file replaces it
    under its name (cache files are replaced by renaming).
    """

    def __init__(self, path: Path, fd: int | None = None) -> None:
        """Open ``path`` (or take ``fd``, a descriptor of it that is now this object's)."""
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0)) if fd is None else fd
        self._closer = weakref.finalize(self, os.close, self.fd)

    def close(self) -> None:
        """Close the file now (parts of it can no longer be read)."""
        self._closer()

    def read(self, offset: int, size: int) -> bytes:
        """Return ``size`` bytes from ``offset``; raise CacheError (file deleted) if cut short.

        A file of the cache is whole when it is opened (its trailer, or all of it, is
        checked), so a part that cannot be read is damage: the run stops with a clear error,
        and the next one builds the entry again.
        """
        pieces = []
        done = 0
        try:
            while done < size:
                piece = _pread(self.fd, min(size - done, _READ_MAX), offset + done)
                if not piece:
                    raise damaged(self.path, f"it ends {size - done} bytes early")
                pieces.append(piece)
                done += len(piece)
        except OSError as exc:
            raise damaged(self.path, f"unreadable: {exc.strerror or exc}") from exc
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class FilePart:
    """``length`` bytes of an open file from ``start``, read when sliced.

    With ``code`` ``B`` a slice is the bytes; with an array type, the slice is of items of
    that type (a memoryview of them, in this machine's byte order). The part keeps the file
    open as long as it is used.
    """

    def __init__(self, file: OpenFile, start: int, length: int, code: Code = "B") -> None:
        """Serve the ``length`` bytes at ``start`` of ``file``."""
        self._file = file
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
        data = b""
        if last > first:
            data = self._file.read(self._start + first * size, (last - first) * size)
        return data if self._code == "B" else memoryview(data).cast(self._code)
