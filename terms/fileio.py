"""Read documents as text and write them back atomically, keeping encoding, BOM and newlines.

Newlines are never translated: the text keeps ``\\r\\n`` or ``\\r`` as they were, so a file
written back has the newline style it was read with.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from terms.codes import code
from terms.errors import InputError, Problem

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class TextFile:
    """A document decoded to text, with what is needed to encode it back the same way."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """Encode ``text`` with this file's encoding and BOM."""
        return self.bom + text.encode(self.encoding)


def position_of_byte(data: bytes, offset: int, encoding: str = "utf-8") -> tuple[int, int]:
    """Return the 1-based line and character column of a byte offset in encoded text.

    A UTF-8 BOM at the start is not counted.

    >>> position_of_byte("ok\\nПашинян!".encode(), 17)
    (2, 8)
    """
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data, offset = data[len(codecs.BOM_UTF8) :], offset - len(codecs.BOM_UTF8)
    before = data[:offset].decode(encoding, errors="replace")
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1


def detect_encoding(head: bytes) -> tuple[str, bytes]:
    """Return the encoding and BOM that the first bytes of a document announce (UTF-8 without)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, bom
    return "utf-8", b""


def decode_document(data: bytes, path: str) -> TextFile:
    """Decode document bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Raise InputError naming the line and column of a NUL byte (a binary file) or of the first
    byte that is not valid UTF-8.

    >>> decode_document(b"\\xef\\xbb\\xbfBak\\xc3\\xba", "a.txt").text
    'Bakú'
    >>> decode_document(b"ok\\nBak\\xfa", "a.txt")
    Traceback (most recent call last):
    ...
    terms.errors.InputError: a.txt:2:4: error TRM032: not valid UTF-8 (byte 0xfa)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return TextFile(path, body.decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                line, column = position_of_byte(body, exc.start, encoding)
                raise InputError(
                    Problem(
                        code("input-encoding"), f"not valid {encoding.upper()}", path, line, column
                    )
                ) from exc
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = position_of_byte(data, nul)
        raise InputError(
            Problem(code("input-binary"), "binary file (NUL byte); not text", path, line, column)
        )
    try:
        return TextFile(path, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, column = position_of_byte(data, exc.start)
        raise InputError(
            Problem(
                code("input-encoding"),
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                path,
                line,
                column,
            )
        ) from exc


def read_document(path: str) -> TextFile:
    """Read and decode a document; raise InputError when it cannot be read as text."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(Problem(code("input-unreadable"), f"cannot read: {reason}", path)) from exc
    return decode_document(data, path)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, keeping its permissions.

    The bytes go to a temporary file in the same folder, which then replaces the original in
    one rename; a symbolic link is followed, so the link itself stays.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(temp, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class AtomicWriter:
    """Write a file in parts, atomically.

    The parts go to a temporary file that replaces the target on :meth:`commit` (keeping its
    permissions), or is removed on :meth:`discard`.
    """

    def __init__(self, path: str) -> None:
        """Open a temporary file beside ``path`` (a symbolic link is followed)."""
        self.target = os.path.realpath(path)
        folder = os.path.dirname(self.target) or "."
        fd, self.temp = tempfile.mkstemp(
            prefix=f".{os.path.basename(self.target)}.", suffix=".tmp", dir=folder
        )
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        """Write the next part."""
        self.handle.write(data)

    def commit(self) -> None:
        """Replace the target with what was written."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            try:
                info = os.stat(self.target)
            except FileNotFoundError:
                pass
            else:
                os.chmod(self.temp, stat.S_IMODE(info.st_mode))
                with contextlib.suppress(OSError):
                    os.chown(self.temp, info.st_uid, info.st_gid)
            os.replace(self.temp, self.target)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporary file; the target stays as it was."""
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


def write_or_raise(path: str, data: bytes) -> None:
    """Write atomically, or raise OutputError (TRM034) naming the file and the reason."""
    from terms.codes import code
    from terms.errors import OutputError, Problem

    try:
        write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            Problem(code("output-unwritable"), f"cannot write: {reason}", path)
        ) from exc


TEMPORARY_PREFIX = ".tmp-"  # how the temporary files of :func:`replacing` start


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """Yield a new file beside ``path``, which replaces ``path`` when the block succeeds.

    For the files a run keeps for later (the cache): no permissions to keep, no flush to disk.
    The temporary file is named :data:`TEMPORARY_PREFIX`, then random letters, then ``path``'s
    suffix; it is removed when the block fails in any way (Ctrl-C too), and the error goes on.
    """
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=path.suffix
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
