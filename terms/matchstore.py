"""A compiled match index in one file, read back in a few milliseconds whatever its size.

The file holds the pickled automaton (key numbers as values), the table of key shapes, each
concept of the termbase with the entries of its terms (one small pickle per concept), each
key's entries as pairs of numbers (its concept's, and its place among that concept's
entries), and a trailer that says where everything is. Reading it unpickles only the
automaton and maps the arrays into memory: a concept is read (one system call, see
:mod:`terms.fileparts`) and unpickled when a key of it is first met, so a run pays for, and
holds in memory, the part of the glossary its texts contain. The whole termbase is put
together again only when something needs it (building the fuzzy index does).

Layout: sections (each starting at a multiple of 8), then the trailer (a pickle), its length
(8 bytes), its CRC-32 (8 bytes) and :data:`MAGIC`. Arrays are in this machine's byte order,
which the trailer names. The trailer holds the CRC-32 of the automaton and of the shapes,
checked when the file is read (a damaged one is not used), and each key's pairs and each
concept's pickle have a CRC-32 in an array, checked when first read: damage found then,
mid-run, stops the run with a clear error (see :meth:`StoredIndex.entries` and
:meth:`StoredIndex._unpickled`) rather than matching with the wrong entries.

>>> import tempfile, pathlib
>>> from terms.glossary import load_glossary_text
>>> from terms.matcher import Matcher
>>> from terms.model import Termbase
>>> g = load_glossary_text("version: 1\\nconcepts: {kyiv: {en: {preferred: Kyiv, "
...                        "deprecated: [Kiev]}}}")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "m.index"
>>> write_store(path, Matcher(Termbase((g,))).index)
>>> stored = Matcher.from_index(StoredIndex(path))
>>> [(m.start, m.candidates[0].listed) for m in stored.find("Kiev, not Kyiv")]
[(0, 'Kiev'), (10, 'Kyiv')]
>>> stored.termbase == Termbase((g,))
True
"""

from __future__ import annotations

import array
import copyreg
import dataclasses
import io
import mmap
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from terms.errors import CacheError
from terms.fileio import replacing
from terms.fileparts import FilePart, OpenFile, damaged
from terms.fuzzy import FuzzyIndex
from terms.fuzzystore import load_fuzzy_index, save_fuzzy_index
from terms.gcpause import collector_paused
from terms.matchindex import BuiltIndex, Entry, MatchIndex
from terms.model import Concept, Glossary, Pattern, SourcePos, Spec, Term, Termbase
from terms.patterns import compile_pattern
from terms.romanize import with_romanizations

STORE_FORMAT = 6
MAGIC = b"TRMIDX02"
_FOOTER = 24  # the trailer's length, its CRC-32, MAGIC
_ALIGN = 8


class StoreError(ValueError):
    """A store file that is missing, cut short, or not one this code wrote."""


def _by_fields(obj: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """Reduce a dataclass to its class and field values (no field names in every pickle)."""
    return type(obj), tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


# Terms and concepts are pickled as calls with their field values, which is about half the
# size of pickling their attribute dictionaries.
_DISPATCH = copyreg.dispatch_table.copy()
for _cls in (Term, Concept, Pattern, Spec, SourcePos):
    if all(f.init for f in dataclasses.fields(_cls)):
        _DISPATCH[_cls] = _by_fields


class _Writer:
    """Write sections to a stream, each aligned, and pickles one by one."""

    def __init__(self, stream: IO[bytes]) -> None:
        """Write to ``stream`` from its start."""
        self.stream = stream
        self.position = 0
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickler.dispatch_table = _DISPATCH

    def raw(self, data: bytes | memoryview) -> int:
        """Write ``data`` at the next aligned position; return that position."""
        padding = -self.position % _ALIGN
        self.stream.write(b"\0" * padding)
        start = self.position + padding
        self.stream.write(data)
        self.position = start + len(data)
        return start

    def pickled(self, value: object) -> bytes:
        """Return the compact pickle of one value (no memo shared with other values)."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._pickler.clear_memo()
        self._pickler.dump(value)
        return self._buffer.getvalue()

    def blobs(self, values: Iterable[object]) -> tuple[int, int, int]:
        """Write each value's pickle, then their offsets and CRC-32s; return where each starts."""
        start = self.raw(b"")
        offsets = [0]
        crcs = array.array("I")
        for value in values:
            data = self.pickled(value)
            self.stream.write(data)
            self.position += len(data)
            offsets.append(offsets[-1] + len(data))
            crcs.append(zlib.crc32(data))
        table = self.raw(_array_q(offsets))
        return start, table, self.raw(crcs.tobytes())


def _array_q(values: Sequence[int]) -> bytes:
    """Return unsigned 64-bit integers in this machine's byte order."""
    return array.array("Q", values).tobytes()


def write_store(path: Path, index: BuiltIndex) -> None:
    """Write a built index to ``path`` atomically (a temporary file, then a rename).

    Raises OSError when the file cannot be written (the temporary file is removed).
    """
    termbase = index.termbase
    numbers = {concept.id: n for n, concept in enumerate(termbase.concepts)}
    # each entry goes with its concept, so a key's entries cost no pickle of their own: the
    # key lists (concept number, place among the concept's entries) pairs
    held: list[list[Entry]] = [[] for _ in termbase.concepts]
    pairs = array.array("I")
    ends = [0]
    pair_crcs = array.array("I")
    for table in index.table:
        first = len(pairs)
        for entry in table:
            number = numbers[entry[0].concept_id]
            pairs.extend((number, len(held[number])))
            held[number].append(entry)
        ends.append(len(pairs))
        pair_crcs.append(zlib.crc32(pairs[first:].tobytes()))
    with replacing(path) as stream:
        out = _Writer(stream)
        automaton = None
        if index.automaton is not None:
            data = pickle.dumps(index.automaton, pickle.HIGHEST_PROTOCOL)
            automaton = (out.raw(data), len(data), zlib.crc32(data))
        shape_data = array.array("I", index.shapes).tobytes()
        shapes = out.raw(shape_data)
        keys = (out.raw(pairs.tobytes()), out.raw(_array_q(ends)), out.raw(pair_crcs.tobytes()))
        # the entries' terms are the concept's own objects: the pickle holds them once
        concepts = out.blobs(
            (concept, tuple(held[n])) for n, concept in enumerate(termbase.concepts)
        )
        # every concept is written, even one whose id another has (a termbase put together
        # by hand); an id stands for the last concept with it, as in ``numbers``
        ids = out.pickled(tuple(concept.id for concept in termbase.concepts))
        ids_start = out.raw(ids)
        trailer = {
            "format": STORE_FORMAT,
            "byteorder": sys.byteorder,
            "automaton": automaton,
            "keys": (len(index.table), shapes, zlib.crc32(shape_data), *keys),
            "concepts": (len(termbase.concepts), *concepts),
            "ids": (ids_start, len(ids), zlib.crc32(ids)),
            "glossaries": tuple(
                (dataclasses.replace(g, concepts=()), len(g.concepts)) for g in termbase.glossaries
            ),
            "patterns": tuple((p, numbers[p.concept_id]) for _, p in index.patterns),
            "longest_term": index.longest_term,
        }
        data = out.pickled(trailer)
        out.raw(data)
        crc = zlib.crc32(data)
        stream.write(len(data).to_bytes(8, "little") + crc.to_bytes(8, "little") + MAGIC)


class StoredIndex(MatchIndex):
    """A match index read from a store file, its entries and concepts unpickled on demand.

    Raises :class:`StoreError` (or OSError) when the file is not a whole store of this format.
    """

    def __init__(self, path: Path) -> None:
        """Map the file, check its trailer and unpickle the automaton."""
        self.path = path
        with path.open("rb") as stream:
            try:
                self._map = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as exc:  # an empty file
                raise StoreError(f"{path}: {exc}") from exc
            file = OpenFile(path, os.dup(stream.fileno()))  # for the parts read when asked for
        view = memoryview(self._map)
        if len(view) < _FOOTER or view[-8:] != MAGIC:
            raise StoreError(f"{path}: not a match index")
        size = int.from_bytes(view[-_FOOTER:-16], "little")
        limit = len(view) - _FOOTER - size  # where the trailer starts: every section ends by then
        if limit < 0 or zlib.crc32(view[limit:-_FOOTER]) != int.from_bytes(view[-16:-8], "little"):
            raise StoreError(f"{path}: damaged trailer")
        try:
            trailer = pickle.loads(view[limit:-_FOOTER])
        except Exception as exc:  # a trailer of another pickle protocol, or classes
            raise StoreError(f"{path}: unreadable trailer") from exc
        if trailer.get("format") != STORE_FORMAT or trailer.get("byteorder") != sys.byteorder:
            raise StoreError(f"{path}: another format")

        def section(start: int, length: int) -> memoryview:
            """Return a section of the file, checking that it lies before the trailer."""
            if not 0 <= start <= start + length <= limit:
                raise StoreError(f"{path}: a section lies outside the file")
            return view[start : start + length]

        def part(start: int, length: int) -> FilePart:
            """Return a section of the file read when sliced (it is checked as :func:`section`)."""
            section(start, length)
            return FilePart(file, start, length)

        def checked(start: int, length: int, crc: int) -> memoryview:
            """Return a section whose CRC-32 must be ``crc`` (StoreError when it is not)."""
            found = section(start, length)
            if zlib.crc32(found) != crc:
                raise StoreError(f"{path}: a damaged section")
            return found

        def read_once(start: int, length: int, crc: int) -> Any:
            """Unpickle a section read once, whose CRC-32 must be ``crc`` (else StoreError).

            It is read through the map, and its pages are let go of afterwards: the run
            does not read them again, and would otherwise hold them (at 100,000 concepts,
            the automaton's 77 MB).
            """
            found = checked(start, length, crc)
            value = pickle.loads(found)
            found.release()
            if hasattr(mmap, "MADV_DONTNEED"):  # the file stays as it is; the map, unread
                first = start - start % mmap.PAGESIZE
                self._map.madvise(mmap.MADV_DONTNEED, first, start + length - first)
            return value

        count, shapes, shapes_crc, pairs, key_table, key_crcs = trailer["keys"]
        self.shapes = checked(shapes, 4 * count, shapes_crc).cast("I")
        self._key_table = section(key_table, 8 * (count + 1)).cast("Q")
        self._pairs = section(pairs, 4 * self._key_table[-1])
        self._key_crcs = section(key_crcs, 4 * count).cast("I")
        concepts, concept_blobs, concept_table, concept_crcs = trailer["concepts"]
        self._concept_table = section(concept_table, 8 * (concepts + 1)).cast("Q")
        self._concept_blobs = part(concept_blobs, self._concept_table[-1])
        self._concept_crcs = section(concept_crcs, 4 * concepts).cast("I")
        ids_start, ids_length, self._ids_crc = trailer["ids"]
        self._id_table = part(ids_start, ids_length)
        self._glossaries: tuple[tuple[Glossary, int], ...] = trailer["glossaries"]
        self.longest_term = trailer["longest_term"]
        self.automaton = None
        if trailer["automaton"] is not None:
            self.automaton = read_once(*trailer["automaton"])
        self.patterns = [
            (compile_pattern(p.regex, case_sensitive=p.case_sensitive), p)
            for p, _ in trailer["patterns"]
        ]
        self._entries: dict[int, tuple[Entry, ...]] = {}
        self._concepts: dict[int, tuple[Concept, tuple[Entry, ...]]] = {}
        self._numbers: dict[str, int] = {p.concept_id: n for p, n in trailer["patterns"]}
        self._all_numbers: dict[str, int] | None = None
        self._termbase: Termbase | None = None
        self._indexed: Termbase | None = None
        self._fuzzy: FuzzyIndex | None = None

    def __reduce__(self) -> tuple[type[StoredIndex], tuple[Path]]:
        """Pickle as the path of the file (a worker maps it again)."""
        return StoredIndex, (self.path,)

    @property
    def loaded(self) -> tuple[int, int]:
        """Return how many keys' entries have been read so far, and how many concepts unpickled.

        A key's entries come from the pickles of its terms' concepts.
        """
        return len(self._entries), len(self._concepts)

    def entries(self, number: int) -> Sequence[Entry]:
        """Return the entries of key ``number``, unpickling their concepts the first time."""
        found = self._entries.get(number)
        if found is None:
            table = self._key_table
            pairs = self._pairs[4 * table[number] : 4 * table[number + 1]]
            if zlib.crc32(pairs) != self._key_crcs[number]:
                raise self._damaged("CRC-32")
            entries = []
            numbers = pairs.cast("I")
            for at in range(0, len(numbers), 2):
                concept, held = self._concept_record(numbers[at])
                self._numbers[concept.id] = numbers[at]
                entries.append(held[numbers[at + 1]])
            found = self._entries[number] = tuple(entries)
        return found

    def concept(self, concept_id: str) -> Concept:
        """Return the termbase's concept with this id (KeyError when there is none)."""
        number = self._numbers.get(concept_id)
        if number is None:
            number = self._id_numbers()[concept_id]
        return self._concept_at(number)

    def _concept_at(self, number: int) -> Concept:
        """Return the concept at position ``number`` of the termbase, unpickling it once."""
        return self._concept_record(number)[0]

    def _concept_record(self, number: int) -> tuple[Concept, tuple[Entry, ...]]:
        """Return the concept at position ``number`` and the entries of its terms (read once)."""
        found = self._concepts.get(number)
        if found is None:
            table = self._concept_table
            blob = self._concept_blobs[table[number] : table[number + 1]]
            found = self._unpickled(blob, self._concept_crcs[number])
            self._concepts[number] = found
        return found

    def _unpickled(self, blob: bytes, crc: int) -> Any:
        """Unpickle a part of the file; a damaged one deletes the file and raises CacheError.

        The part is damaged when its CRC-32 is not ``crc``, or when it does not unpickle. The
        file's trailer was whole when it was mapped, so damage inside is found only here,
        mid-run: the run stops with a clear error, and the next one builds the entry again.
        """
        if zlib.crc32(blob) != crc:
            raise self._damaged("CRC-32")
        try:
            return pickle.loads(blob)
        except (MemoryError, RecursionError):
            raise  # the machine's limits, not damage
        except Exception as exc:
            raise self._damaged(type(exc).__name__) from exc

    def _damaged(self, what: str) -> CacheError:
        """Delete the file (a damaged cache entry) and return the error that says so."""
        return damaged(self.path, what)

    def _id_numbers(self) -> dict[str, int]:
        """Return the position of every concept by id (read when first needed)."""
        if self._all_numbers is None:
            ids = self._unpickled(self._id_table[:], self._ids_crc)
            self._all_numbers = {concept_id: n for n, concept_id in enumerate(ids)}
        return self._all_numbers

    @property
    def termbase(self) -> Termbase:
        """Return the whole termbase, put together from the file when first asked for."""
        if self._termbase is None:
            glossaries = []
            number = 0
            for glossary, count in self._glossaries:
                concepts = tuple(self._concept_at(n) for n in range(number, number + count))
                glossaries.append(dataclasses.replace(glossary, concepts=concepts))
                number += count
            self._termbase = Termbase(tuple(glossaries))
        return self._termbase

    @property
    def indexed(self) -> Termbase:
        """Return what is matched: the termbase with the romanizations of its terms."""
        if self._indexed is None:
            self._indexed = with_romanizations(self.termbase)
        return self._indexed

    def fuzzy_index(self) -> FuzzyIndex:
        """Return the fuzzy index, read from the file next to this one (made and kept once)."""
        if self._fuzzy is None:
            path = self.path.with_suffix(".fuzzy")
            self._fuzzy = load_fuzzy_index(path)
            if self._fuzzy is None:
                with collector_paused():
                    self._fuzzy = FuzzyIndex(self.indexed)
                save_fuzzy_index(path, self._fuzzy)
        return self._fuzzy
