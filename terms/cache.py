"""The on-disk cache of loaded and compiled glossaries, keyed by what the glossary files contain.

Parsing and checking a large glossary costs seconds (YAML, load checks, specs run through the
engine), and compiling its matcher seconds more; reading them back from the cache costs a small
part of that. Entries share one key, made of the content of every glossary file, their order,
and the code of ``terms`` itself, so any edit to either makes new entries: the checked
:class:`~terms.model.Termbase`, pickled (``termbase-KEY.pickle``); the compiled match index
(``matcher-KEY.index``, see :mod:`terms.matchstore`), which loads in milliseconds and
unpickles the terms of a key only when a text contains it; and, once fuzzy recognition has
needed it, the fuzzy index (``matcher-KEY.fuzzy``, see :mod:`terms.fuzzystore`). Only
glossaries that load without errors are cached, and a broken or unreadable entry is rebuilt.
The cache is a convenience: when it cannot be written, nothing fails. It keeps the entries of
the :data:`CACHE_KEEP` keys used last (a key's entries are touched when read) and deletes the
others whenever it writes a new one, so that edits to a glossary do not pile up entries.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> glossary = folder / "g.yaml"
>>> _ = glossary.write_text("version: 1\\nconcepts:\\n  kyiv:\\n    en: Kyiv\\n", encoding="utf-8")
>>> cache = GlossaryCache(folder / "cache")
>>> cache.load([glossary]).concepts[0].id, cache.hit
('kyiv', False)
>>> cache.load([glossary]).concepts[0].id, cache.hit
('kyiv', True)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from terms.fileio import TEMPORARY_PREFIX, replacing
from terms.gcpause import collector_paused
from terms.glossary import load_termbase
from terms.matcher import Matcher
from terms.matchindex import BuiltIndex, MatchIndex
from terms.matchstore import StoredIndex, write_store
from terms.model import Termbase

CACHE_FORMAT = 1
CACHE_ENV = "TERMS_CACHE_DIR"
# Glossary keys whose entries the cache keeps, the ones used last: a few projects, or a few
# versions of one glossary (at 100,000 concepts the entries of a key take about 500 MB).
CACHE_KEEP = 4
_ENTRY_NAME = re.compile(r"(?:termbase|matcher)-(?P<key>[0-9a-f]{32})\.(?:pickle|index|fuzzy)")
_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """Return the cache folder: ``$TERMS_CACHE_DIR``, ``$XDG_CACHE_HOME/terms`` or ``~/.cache``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "terms"


def code_fingerprint() -> str:
    """Return a digest of the installed ``terms`` code (file names, sizes, modification times)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(_PACKAGE)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode()
        )
    return digest.hexdigest()


def cache_key(paths: Sequence[Path]) -> str:
    """Return the key of a list of glossary files: their paths and contents, in order."""
    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}\0{sys.version}\0{code_fingerprint()}\0".encode())
    for path in paths:
        digest.update(str(path.resolve()).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


class GlossaryCache:
    """Load glossaries, and compile them, through a cache folder (or without one)."""

    def __init__(self, folder: Path | None) -> None:
        """Use ``folder`` for cache entries; None turns the cache off."""
        self.folder = folder
        self.hit = False

    def load(self, paths: Iterable[str | os.PathLike[str]]) -> Termbase:
        """Return the checked termbase of ``paths``, from the cache when it holds them.

        Raises :class:`~terms.errors.GlossaryError` as :func:`~terms.glossary.load_termbase`
        does; a glossary that cannot be read is reported by loading it.
        """
        files = [Path(p) for p in paths]
        self.hit = False
        if self.folder is None:
            return load_termbase(files)
        try:
            key = cache_key(files)
        except OSError:
            return load_termbase(files)  # an unreadable file: loading says which and why
        termbase = self._load(self.folder, files, key)
        if not self.hit:
            prune(self.folder)
        return termbase

    def matcher(self, paths: Iterable[str | os.PathLike[str]]) -> Matcher:
        """Return the compiled matcher of ``paths``, read from the cache when it holds it.

        A cached matcher reads the termbase back only when asked for it (see
        :mod:`terms.matchstore`). Raises :class:`~terms.errors.GlossaryError` as :meth:`load`.
        """
        files = [Path(p) for p in paths]
        self.hit = False
        try:
            key = None if self.folder is None else cache_key(files)
        except OSError:
            key = None  # an unreadable file: loading says which and why
        if self.folder is None or key is None:
            with collector_paused():
                return Matcher(load_termbase(files))
        entry = self.folder / f"matcher-{key}.index"
        stored = _read_index(entry)
        if stored is not None:
            self.hit = True
            _touch(entry)
            return Matcher.from_index(stored)
        matcher = Matcher(self._load(self.folder, files, key))
        self.hit = False
        if _write_index(entry, matcher.index):
            prune(self.folder)
            stored = _read_index(entry)  # to keep the fuzzy index next to it when one is made
        return matcher if stored is None else Matcher.from_index(stored)

    def _load(self, folder: Path, files: list[Path], key: str) -> Termbase:
        """Return the termbase of ``files`` from its entry in ``folder``, else from the files."""
        entry = folder / f"termbase-{key}.pickle"
        cached = _read_entry(entry)
        if cached is not None:
            self.hit = True
            _touch(entry)
            return cached
        with collector_paused():
            termbase = load_termbase(files)
        _write_entry(entry, termbase)
        return termbase


def prune(folder: Path, keep: int = CACHE_KEEP) -> list[str]:
    """Delete the entries of all but the ``keep`` keys used last; return the keys deleted.

    A key was used when one of its entries was last written or read (:func:`_touch`); a fuzzy
    index counts for nothing (it is read through its matcher, which is touched), so one left
    alone goes first. Other files of the folder are left alone; a file that cannot be deleted
    (held open elsewhere) stays.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for number in range(3):
    ...     _ = (folder / f"matcher-{number:032x}.index").write_bytes(b"")
    ...     os.utime(folder / f"matcher-{number:032x}.index", (number, number))
    >>> [key[-1] for key in prune(folder, keep=2)], sorted(p.name[-7] for p in folder.iterdir())
    (['0'], ['1', '2'])
    """
    entries: dict[str, list[Path]] = {}
    used: dict[str, float] = {}
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    for path in paths:
        name = _ENTRY_NAME.fullmatch(path.name)
        if name is None:
            if path.name.startswith(TEMPORARY_PREFIX):
                _remove_if_abandoned(path)
            continue
        key = name.group("key")
        entries.setdefault(key, []).append(path)
        if path.suffix == ".fuzzy":
            continue  # read only through its matcher: alone, it is of no use
        with contextlib.suppress(OSError):
            used[key] = max(used.get(key, 0.0), path.stat().st_mtime)
    stale = sorted(entries, key=lambda k: used.get(k, 0.0), reverse=True)[keep:]
    for key in stale:
        for path in entries[key]:
            with contextlib.suppress(OSError):
                path.unlink()
    return stale


ABANDONED_AFTER = 3600.0  # seconds after which a temporary file is a killed writer's


def _remove_if_abandoned(path: Path) -> None:
    """Delete a writer's temporary file that has not changed for an hour (its run was killed)."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > ABANDONED_AFTER:
            path.unlink()


def _touch(entry: Path) -> None:
    """Mark a cache entry as used now (its modification time), so that pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def _read_entry(entry: Path) -> Termbase | None:
    """Return the termbase stored in a cache entry, or None when it is missing or unusable."""
    try:
        with entry.open("rb") as stream, collector_paused():
            found = pickle.load(stream)
    except Exception:  # a broken entry of any kind is rebuilt
        return None
    return found if isinstance(found, Termbase) else None


def _read_index(entry: Path) -> StoredIndex | None:
    """Return the match index stored in a cache entry, or None when it is missing or unusable."""
    try:
        with collector_paused():
            return StoredIndex(entry)
    except Exception:  # a broken entry of any kind is rebuilt
        return None


def _write_index(entry: Path, index: MatchIndex) -> bool:
    """Store a built match index atomically; return False when it cannot be written."""
    if not isinstance(index, BuiltIndex):
        return False
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_store(entry, index)
    except OSError:
        return False
    return True


def _write_entry(entry: Path, termbase: Termbase) -> None:
    """Store a termbase atomically (temporary file, then rename); failures are ignored."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with replacing(entry) as stream:
            pickle.dump(termbase, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
