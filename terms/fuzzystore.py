"""The fuzzy index of a glossary in a file of its own, read lazily.

The file sits next to the cached match index (see :mod:`terms.matchstore`). Read back whole,
the index cost seconds and gigabytes at 100,000 concepts, while a text looks up a few
thousand keys; so reading unpickles only a small trailer (the index's other attributes,
pickled as they are), maps the file's arrays into memory, and reads the rest part by part
(see :mod:`terms.fileparts`). Then:

- ``entries`` is a sequence that unpickles an entry (with the few next to it) when first
  asked for, and keeps it: an entry is one object, however often it is asked for;
- each table of postings (a mapping of text keys to lists of entry numbers, or of entries,
  such as ``_by_shape`` or ``_by_stem``: whichever attributes the index has) is a
  read-only mapping that reads a key's list from the file when first asked for, and keeps
  it (a list of numbers as an array);
- each column (a list with one text, or one tuple of texts, per entry, such as ``shapes``:
  what a lookup reads of every candidate, while it scores only a few) is a sequence that
  decodes an item when first asked for, and keeps a bounded number of them; a column of
  whole numbers (``words``) is an array read in place;
- ``minimum``, the score floors kept by the ``id`` of an entry, is a mapping that reads the
  floor of an entry already unpickled from an array by entry number.

What every lookup reads throughout (the tables' sorted CRC-32s, where each record or item
starts, the columns) is mapped; what a run reads a little of (the pickles of entries, the
tables' records) is read with one system call a part, so that a run holds in memory only
what it read: at 100,000 concepts, mapping those too made a run hold most of the 300 MB file.

Layout: sections (each starting at a multiple of 8), then the trailer (a pickle), its length
(8 bytes), the CRC-32 of all before (8 bytes) and :data:`MAGIC`. Arrays are in this
machine's byte order, which the trailer names. Entries are pickled in blocks of
:data:`BLOCK`, with an array of where each block starts. A table holds its keys' CRC-32s,
sorted (a key is found by bisection; keys of one CRC are told apart by their UTF-8 text),
then one record per key in the same order and where each starts: the length of the key's
UTF-8 text (4 bytes), the text (padded to a multiple of 4 bytes) and the key's entry
numbers. A column holds its items' UTF-8 texts (a tuple's texts joined by NUL) and where
each starts; a column of whole numbers is an array.

Files are written atomically (a file replaced while in use stays readable where it is read).
One that is missing, cut short, damaged (its CRC is checked when it is read) or not of this
format is not used: :func:`load_fuzzy_index` returns None and the caller builds it again.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import enum
import io
import itertools
import mmap
import os
import pickle
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar, Literal, overload

from terms.fileio import replacing
from terms.fileparts import FilePart, OpenFile
from terms.fuzzy import FuzzyIndex
from terms.gcpause import collector_paused

FORMAT = 6
# Entries are pickled this many together (the terms of a concept are neighbours, and are
# often looked at together): at 100,000 concepts, 2,000 names looked up unpickle a third of
# the entries in blocks of 4, in 5.0 s; one by one, a fifth in 4.8 s and a bigger file; in
# blocks of 16, most of them, in 7.9 s.
BLOCK = 4
MAGIC = b"TRMFZY04"
_ALIGN = 8
_FOOTER = 24  # the trailer's length, the CRC-32 of all before the footer, MAGIC
_CHUNK = 1 << 20  # read this much at a time to check the CRC
_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # any str has a UTF-8 text, even one with lone surrogates
_Code = Literal["B", "I", "Q", "d"]  # the array types of sections: bytes, integers, floats
_NUMBER: _Code = "I"  # entry numbers: unsigned 32-bit integers


class _FieldPickler(pickle.Pickler):
    """Pickle dataclasses as calls with their field values (no field names in every pickle)."""

    fields: ClassVar[dict[type, tuple[str, ...] | None]] = {}  # the init fields of each class

    def reducer_override(self, obj: Any) -> Any:
        """Reduce a dataclass instance to its class and field values; others as usual.

        A member of an enumeration is pickled by name, which unpickles without a call.
        """
        cls = type(obj)
        if isinstance(obj, enum.Enum):
            member: enum.Enum = obj
            if getattr(cls, str(member.name), None) is member:  # not a combination of flags
                return f"{cls.__qualname__}.{member.name}"
        names = self.fields.get(cls, ())
        if names == ():
            names = None
            if dataclasses.is_dataclass(cls):
                fields = dataclasses.fields(cls)
                if all(f.init and not f.kw_only for f in fields):  # each passed in its place
                    names = tuple(f.name for f in fields)
            self.fields[cls] = names
        if names is None:
            return NotImplemented
        return cls, tuple(getattr(obj, name) for name in names)


class _Writer:
    """Write aligned sections to a stream, keeping the CRC-32 of all that is written."""

    def __init__(self, stream: IO[bytes]) -> None:
        """Write to ``stream`` from its start."""
        self.stream = stream
        self.position = 0
        self.crc = 0

    def raw(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` at the next aligned position; return that position and the length."""
        padding = b"\0" * (-self.position % _ALIGN)
        self.stream.write(padding)
        self.stream.write(data)
        self.crc = zlib.crc32(data, zlib.crc32(padding, self.crc))
        start = self.position + len(padding)
        self.position = start + len(data)
        return start, len(data)

    def more(self, data: bytes) -> None:
        """Write ``data`` right after what was written last."""
        self.stream.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.position += len(data)

    def array(self, values: Iterable[int], code: _Code) -> tuple[int, int]:
        """Write integers as an array of type ``code``; return where it is."""
        return self.raw(array.array(code, values).tobytes())


def _offsets_code(total: int) -> _Code:
    """Return the array type of offsets up to ``total``: 32 bits when they fit, else 64."""
    return "I" if total < 2**32 else "Q"


def _write_blobs(out: _Writer, blobs: Iterable[bytes]) -> dict[str, Any]:
    """Write byte strings one after the other, then where each starts; return where all is."""
    start, _ = out.raw(b"")
    starts = [0]
    for blob in blobs:
        out.more(blob)
        starts.append(starts[-1] + len(blob))
    code = _offsets_code(starts[-1])
    return {"data": (start, starts[-1]), "starts": out.array(starts, code), "code": code}


def _entry_pickles(entries: Sequence[Any], size: int) -> Iterator[bytes]:
    """Yield the pickles of the entries in blocks of ``size`` (a list each, a memo each).

    Raises ValueError when the first block does not unpickle to equal entries (a class
    whose fields are not what it is made from): such a file would be of no use.
    """
    buffer = io.BytesIO()
    pickler = _FieldPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    for start in range(0, len(entries), size):
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()
        block = list(entries[start : start + size])
        pickler.dump(block)
        if start == 0 and pickle.loads(buffer.getvalue()) != block:
            raise ValueError("entries that do not unpickle as they were")
        yield buffer.getvalue()


def _postings(value: Any, count: int, positions: dict[int, int]) -> tuple[bool, list[Any]] | None:
    """Return whether a table's lists hold entries (not numbers), and its lists as numbers.

    None when ``value`` is no table of postings: a mapping with text keys and lists of entry
    numbers (below ``count``), or of entries (``positions`` gives their numbers), as values.
    """
    if not isinstance(value, Mapping) or not value:
        return None
    if not all(type(key) is str for key in value):
        return None
    lists = list(value.values())
    if not all(isinstance(items, list) for items in lists):
        return None
    try:
        numbers = array.array(_NUMBER, itertools.chain.from_iterable(lists))
    except (TypeError, OverflowError):  # not numbers: entries, or other values
        try:
            return True, [[positions[id(item)] for item in items] for items in lists]
        except KeyError:
            return None
    return (False, lists) if max(numbers, default=0) < count else None


_SEPARATOR = "\0"  # between the texts of one item of a column of tuples


def _figures(value: Any, count: int) -> bool:
    """Return True when ``value`` is a list of ``count`` whole numbers that fit 32 bits."""
    return (
        isinstance(value, list)
        and len(value) == count > 0
        and all(type(item) is int and 0 <= item < 2**32 for item in value)
    )


def _column_texts(value: Any, count: int) -> tuple[bool, list[bytes]] | None:
    """Return whether a column's items are tuples of texts (not texts), and each as UTF-8.

    None when ``value`` is no column: a list of ``count`` texts, or of tuples of one text or
    more without :data:`_SEPARATOR` (an empty tuple would read back as one empty text).
    """
    if not isinstance(value, list) or len(value) != count or not value:
        return None
    if all(type(item) is str for item in value):
        return False, [item.encode(_ENCODING, _ERRORS) for item in value]
    if all(
        type(item) is tuple and item and all(type(t) is str and _SEPARATOR not in t for t in item)
        for item in value
    ):
        return True, [_SEPARATOR.join(item).encode(_ENCODING, _ERRORS) for item in value]
    return None


def _write_table(
    out: _Writer, table: Mapping[str, Any], numbers: list[list[int]]
) -> dict[str, Any]:
    """Write a table's keys by CRC-32 and each key's record; return where all is."""
    texts = [key.encode(_ENCODING, _ERRORS) for key in table]
    crcs = [zlib.crc32(text) for text in texts]
    order = sorted(range(len(texts)), key=crcs.__getitem__)
    return {
        "count": len(order),
        "crcs": out.array([crcs[p] for p in order], "I"),
        "records": _write_blobs(out, (_record(texts[p], numbers[p]) for p in order)),
    }


def _record(text: bytes, numbers: list[int]) -> bytes:
    """Return a key's record: the length of its UTF-8 text, the text, its entry numbers.

    The length is 4 bytes; the text is padded to a multiple of 4 bytes, so that the numbers
    that follow are aligned in a record read into memory.
    """
    head = len(text).to_bytes(4, sys.byteorder) + text + b"\0" * (-len(text) % 4)
    return head + array.array(_NUMBER, numbers).tobytes()


def _record_key(record: bytes | memoryview) -> bytes:
    """Return the UTF-8 text of the key of a record written by :func:`_record`."""
    return bytes(record[4 : 4 + int.from_bytes(record[:4], sys.byteorder)])


def save_fuzzy_index(path: Path, index: FuzzyIndex) -> None:
    """Write ``index`` to ``path`` atomically; failures of any kind are ignored."""
    try:
        with replacing(path) as stream, collector_paused():
            _write(_Writer(stream), index)
    except Exception:  # a full disk, an index this code cannot take apart (Ctrl-C goes on)
        return


def _write(out: _Writer, index: FuzzyIndex) -> None:
    """Write the sections and the trailer of ``index``'s file."""
    entries = list(index.entries)
    positions = {id(entry): number for number, entry in enumerate(entries)}
    state = dict(vars(index))
    del state["entries"], state["minimum"]
    floors = None
    if index.minimum:
        by_number = [0.0] * len(entries)
        for key, floor in index.minimum.items():
            by_number[positions[key]] = floor
        floors = (out.raw(array.array("d", by_number).tobytes()), len(index.minimum))
    figures: dict[str, tuple[int, int]] = {}  # columns of small whole numbers, as arrays
    columns: dict[str, dict[str, Any]] = {}  # columns of texts or tuples of texts
    tables: dict[str, dict[str, Any]] = {}  # tables of postings
    for name, value in vars(index).items():
        if name not in state:
            continue
        if _figures(value, len(entries)):
            figures[name] = out.raw(array.array(_NUMBER, value).tobytes())
        elif (column := _column_texts(value, len(entries))) is not None:
            tuples, texts = column
            columns[name] = {"tuples": tuples, "texts": _write_blobs(out, texts)}
        elif (postings := _postings(value, len(entries), positions)) is not None:
            of_entries, numbers = postings
            tables[name] = _write_table(out, value, numbers)
            tables[name]["of_entries"] = of_entries
            tables[name]["default"] = getattr(value, "default_factory", None) is list
        else:
            continue  # kept in the trailer, pickled as it is
        del state[name]
    trailer = {
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "entries": (len(entries), BLOCK, _write_blobs(out, _entry_pickles(entries, BLOCK))),
        "floors": floors,
        "tables": tables,
        "columns": columns,
        "figures": figures,
        "state": state,
    }
    data = pickle.dumps(trailer, pickle.HIGHEST_PROTOCOL)
    out.raw(data)
    out.stream.write(len(data).to_bytes(8, "little") + out.crc.to_bytes(8, "little") + MAGIC)


class _Sections:
    """The sections of a file (mapped, or read when sliced), each checked to end by the trailer."""

    def __init__(self, view: memoryview, file: OpenFile, limit: int) -> None:
        """Serve sections of ``view`` (``file``, mapped) that end by ``limit``."""
        self.view = view
        self.file = file
        self.limit = limit

    def _checked(self, where: tuple[int, int]) -> tuple[int, int]:
        """Return ``where`` (start, length), checked to lie before the trailer."""
        start, length = where
        if not 0 <= start <= start + length <= self.limit:
            raise ValueError("a section lies outside the file")
        return start, length

    def get(self, where: tuple[int, int], code: _Code = "B") -> memoryview[Any]:
        """Return the section at ``where`` (start, length) as a mapped array of type ``code``."""
        start, length = self._checked(where)
        return self.view[start : start + length].cast(code)

    def part(self, where: tuple[int, int], code: _Code = "B") -> FilePart:
        """Return the section at ``where`` as an array of type ``code`` read when sliced."""
        return FilePart(self.file, *self._checked(where), code)

    def blobs(
        self, where: dict[str, Any], count: int, *, mapped: bool = True
    ) -> tuple[memoryview | FilePart, memoryview]:
        """Return byte strings written by :func:`_write_blobs` and where each starts.

        The starts are mapped; the byte strings too, or with ``mapped`` False read when sliced.
        """
        data = self.get(where["data"]) if mapped else self.part(where["data"])
        starts = self.get(where["starts"], where["code"])
        if len(starts) != count + 1 or starts[0] != 0 or starts[-1] != len(data):
            raise ValueError("offsets that do not fit their data")
        return data, starts


class _Kept(Sequence[Any]):
    """A sequence of items read from the file when first asked for, and kept (or some of them)."""

    def __init__(self, count: int) -> None:
        """Serve ``count`` items."""
        self._count = count
        self._kept: dict[int, Any] = {}

    def __len__(self) -> int:
        """Return how many items there are."""
        return self._count

    @overload
    def __getitem__(self, number: int) -> Any: ...

    @overload
    def __getitem__(self, number: slice) -> list[Any]: ...

    def __getitem__(self, number: int | slice) -> Any:
        """Return item ``number`` (read once, then kept), or a list of a slice's items."""
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(self._count))]
        found = self._kept.get(number)
        if found is None:
            if number < 0:
                number += self._count
            if not 0 <= number < self._count:
                raise IndexError(number)
            found = self._kept.get(number)
            if found is None:
                found = self._fetch(number)
        return found

    def _fetch(self, number: int) -> Any:
        """Return item ``number`` (0 or more, below the count) read from the file, and keep it."""
        raise NotImplementedError


class _Entries(_Kept):
    """The entries of a stored index, unpickled a block at a time when first asked for, kept."""

    def __init__(
        self, count: int, size: int, data: memoryview | FilePart, starts: memoryview
    ) -> None:
        """Serve ``count`` entries from the pickles of blocks of ``size`` in ``data``."""
        super().__init__(count)
        self._size = size
        self._data = data
        self._starts = starts
        self._numbers: dict[int, int] = {}  # id of an entry kept -> its number

    def _fetch(self, number: int) -> Any:
        """Return entry ``number``, unpickling its block (and keeping all of the block's)."""
        block = number // self._size
        starts = self._starts
        entries = pickle.loads(self._data[starts[block] : starts[block + 1]])
        first = block * self._size
        if len(entries) != min(self._size, self._count - first):
            raise ValueError("a block of entries of the wrong size")
        for at, entry in enumerate(entries, first):
            self._kept[at] = entry
            self._numbers[id(entry)] = at
        return self._kept[number]

    def number_of(self, identity: int) -> int | None:
        """Return the number of the entry with this ``id``, if it has been unpickled."""
        return self._numbers.get(identity)

    @property
    def loaded(self) -> int:
        """Return how many entries have been unpickled so far."""
        return len(self._kept)


class _Floors(Mapping[int, float]):
    """Score floors by the ``id`` of an entry, read from an array by entry number."""

    def __init__(self, entries: _Entries, floors: memoryview, count: int) -> None:
        """Serve ``floors`` (0.0 for none), of which ``count`` are set, for ``entries``."""
        self._entries = entries
        self._floors = floors
        self._count = count

    def __getitem__(self, identity: int) -> float:
        """Return the floor of the entry with this ``id`` (KeyError when it has none)."""
        number = self._entries.number_of(identity)
        floor = 0.0 if number is None else self._floors[number]
        if not floor:
            raise KeyError(identity)
        return float(floor)

    def get(self, identity: int, default: Any = None) -> Any:
        """Return the floor of the entry with this ``id``, or ``default``."""
        number = self._entries.number_of(identity)
        floor = 0.0 if number is None else self._floors[number]
        return floor or default

    def __iter__(self) -> Iterator[int]:
        """Yield the ``id`` of each entry with a floor (unpickling those entries)."""
        return (id(self._entries[n]) for n, floor in enumerate(self._floors) if floor)

    def __len__(self) -> int:
        """Return how many entries have a floor."""
        return self._count


class _Column(_Kept):
    """A column of texts (or of tuples of texts) by entry number, each read when asked for."""

    def __init__(self, sections: _Sections, where: dict[str, Any], count: int) -> None:
        """Serve the ``count`` items of the column written at ``where``."""
        super().__init__(count)
        self._data, self._starts = sections.blobs(where["texts"], count)
        self._tuples = bool(where["tuples"])

    def _fetch(self, number: int) -> Any:
        """Return item ``number``, decoded from its UTF-8 text, and keep it (a bounded number).

        Items are small and asked for again and again (the keys of the same few thousand
        candidates), but a long run asks for most of a large glossary's: past
        :data:`COLUMN_KEPT` items, those kept are dropped and read again when asked for.
        """
        if len(self._kept) >= COLUMN_KEPT:
            self._kept.clear()
        starts = self._starts
        text = bytes(self._data[starts[number] : starts[number + 1]]).decode(_ENCODING, _ERRORS)
        found = self._kept[number] = tuple(text.split(_SEPARATOR)) if self._tuples else text
        return found


COLUMN_KEPT = 50_000  # items a column keeps (at 100,000 concepts, 10 MB of prose reads 130,000)


class _Table(Mapping[str, Sequence[Any]]):
    """A table of postings by text key, each list read from the file when first asked for.

    A key's record (its text and its entry numbers) is read with one system call. Lists of
    entry numbers are kept once read, as arrays (4 bytes a number); lists of entries as lists.
    """

    def __init__(self, sections: _Sections, where: dict[str, Any], entries: _Entries) -> None:
        """Serve the table written by :func:`_write_table` at ``where``."""
        count = where["count"]
        self._crcs = sections.get(where["crcs"], "I")
        self._records, self._starts = sections.blobs(where["records"], count, mapped=False)
        if len(self._crcs) != count:
            raise ValueError("a table whose arrays do not agree")
        self._count: int = count
        self._entries = entries
        self._of_numbers = not where["of_entries"]  # lists of entry numbers, or of entries
        self._found: dict[str, Sequence[Any]] = {}
        self._default = bool(where["default"])  # a defaultdict(list): [] for a missing key

    def _numbers(self, key: object) -> array.array[int] | None:
        """Return the entry numbers of ``key``, read from the file, or None for no such key."""
        if type(key) is not str:
            return None
        text = key.encode(_ENCODING, _ERRORS)
        crc = zlib.crc32(text)
        crcs, starts = self._crcs, self._starts
        at = bisect.bisect_left(crcs, crc)
        while at < self._count and crcs[at] == crc:
            record = self._records[starts[at] : starts[at + 1]]
            if _record_key(record) == text:
                numbers = array.array(_NUMBER)
                numbers.frombytes(record[4 + len(text) + -len(text) % 4 :])
                return numbers
            at += 1
        return None

    def _postings(self, key: str) -> Sequence[Any] | None:
        """Return the list of ``key`` (read once, then kept), or None when there is none."""
        found = self._found.get(key)
        if found is None:
            numbers = self._numbers(key)
            if numbers is None:
                return None
            found = numbers if self._of_numbers else list(map(self._entries.__getitem__, numbers))
            self._found[key] = found
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """Return the list of ``key``, or ``default`` when the table has no such key."""
        found = self._postings(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> Sequence[Any]:
        """Return the list of ``key`` (KeyError, or [] for a table that was a defaultdict)."""
        found = self._postings(key)
        if found is not None:
            return found
        if self._default:
            return []
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        """Return True when the table has ``key``."""
        return type(key) is str and self._postings(key) is not None  # kept once read

    def __iter__(self) -> Iterator[str]:
        """Yield the keys (in the order of their CRCs)."""
        starts = self._starts
        for at in range(self._count):
            key = _record_key(self._records[starts[at] : starts[at + 1]])
            yield key.decode(_ENCODING, _ERRORS)

    def __len__(self) -> int:
        """Return how many keys there are."""
        return self._count


def load_fuzzy_index(path: Path) -> FuzzyIndex | None:
    """Return the index stored at ``path``, or None when it is missing or unusable."""
    try:
        return _read(path)
    except Exception:  # a broken file of any kind is rebuilt
        return None


def _crc(stream: io.BufferedReader, size: int) -> int:
    """Return the CRC-32 of the first ``size`` bytes of ``stream`` (read, not mapped)."""
    crc = 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    stream.seek(0)
    while size > 0:
        got = stream.readinto(view[: min(size, _CHUNK)])
        if not got:
            break
        crc = zlib.crc32(view[:got], crc)
        size -= got
    return crc if size == 0 else -1


def _read(path: Path) -> FuzzyIndex | None:
    """Check the file, map it and return the index it holds (None: damaged or of another format).

    The CRC-32 of the file is checked by reading it (at 100,000 concepts, 0.1 s of CPU time
    and no memory), so that a damaged file is not used rather than found out in the middle of
    a run; what is mapped is the file that was checked.
    """
    with path.open("rb") as stream:
        end = os.fstat(stream.fileno()).st_size - _FOOTER  # where the footer starts
        if end < 0:
            return None
        stream.seek(end)
        footer = stream.read(_FOOTER)
        if footer[16:] != MAGIC or _crc(stream, end) != int.from_bytes(footer[8:16], "little"):
            return None
        view = memoryview(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ))
        file = OpenFile(path, os.dup(stream.fileno()))  # the file checked, for parts read later
    limit = end - int.from_bytes(footer[:8], "little")  # where the trailer starts
    if limit < 0:
        return None
    trailer = pickle.loads(view[limit:end])
    if trailer.get("format") != FORMAT or trailer.get("byteorder") != sys.byteorder:
        return None
    sections = _Sections(view, file, limit)
    count, size, where = trailer["entries"]
    entries = _Entries(count, size, *sections.blobs(where, -(-count // size), mapped=False))
    state = dict(trailer["state"])
    state["entries"] = entries
    state["minimum"] = {}
    if trailer["floors"] is not None:
        floors, floored = trailer["floors"]
        by_number = sections.get(floors, "d")
        if len(by_number) != count:
            return None
        state["minimum"] = _Floors(entries, by_number, floored)
    for name, table in trailer["tables"].items():
        state[name] = _Table(sections, table, entries)
    for name, column in trailer["columns"].items():
        state[name] = _Column(sections, column, count)
    for name, where in trailer["figures"].items():
        state[name] = sections.get(where, _NUMBER)
        if len(state[name]) != count:
            return None
    index = FuzzyIndex.__new__(FuzzyIndex)
    vars(index).update(state)
    return index
