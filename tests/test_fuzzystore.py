"""The fuzzy index in its own file: read back lazily, it finds what the built one finds."""

from __future__ import annotations

import gc
import os
import random
import zlib
from pathlib import Path

import pytest

import terms
import terms.fuzzystore as fuzzystore
from terms.fileparts import OpenFile
from terms.fuzzy import FuzzyIndex, FuzzyMatcher, compact
from terms.fuzzystore import BLOCK, load_fuzzy_index, save_fuzzy_index
from terms.romanize import with_romanizations

from conftest import FIXTURES, ROOT

SYLLABLES = ("ka", "ro", "vi", "na", "she", "tal", "mir", "zan", "dov", "el", "or", "bek", "ush")
# a glossary with a score floor on one concept (fuzzy: 97)
FLOORED = (FIXTURES / "floored.yaml").read_text(encoding="utf-8")


def generated_glossary(path: Path, count: int = 400) -> None:
    """Write a glossary of made-up names, each with a listed spelling or two."""
    rng = random.Random(7)
    seen: set[str] = set()
    lines = ["version: 1", "name: generated", "languages: [en]", "concepts:"]
    while len(seen) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        variant = name.replace("sh", "sch").replace("v", "w") + rng.choice(["", "a", "e"])
        if {compact(name), compact(variant)} & seen or compact(name) == compact(variant):
            continue
        seen.update((compact(name), compact(variant)))
        kind = rng.choice(["person", "place"])
        lines += [f"  g{len(seen)}:", f"    type: {kind}", "    en:"]
        lines += [f"      preferred: {name}", f"      deprecated: [{variant}]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def queries(index: FuzzyIndex, rng: random.Random) -> list[str]:
    """Return keys to look up: every term's, misspelled ones, and made-up ones."""
    keys = [entry.compact for entry in index.entries]
    for key in list(keys):
        at = rng.randrange(len(key))
        keys.append(key[:at] + key[at + 1 :])
        keys.append(key[:at] + rng.choice("aeioukhszvj") + key[at + 1 :])
    keys += ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(300)]
    return keys


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> tuple[FuzzyIndex, FuzzyIndex, Path]:
    """An index built from a shipped glossary and made-up names, and the same read back."""
    folder = tmp_path_factory.mktemp("fuzzystore")
    generated_glossary(folder / "generated.yaml")
    termbase = terms.load_termbase(
        [ROOT / "glossaries" / "caucasus.yaml", folder / "generated.yaml"]
    )
    built = FuzzyIndex(with_romanizations(termbase))
    path = folder / "index.fuzzy"
    save_fuzzy_index(path, built)
    loaded = load_fuzzy_index(path)
    assert loaded is not None
    return built, loaded, path


def test_a_loaded_index_looks_up_what_the_built_one_does(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path],
) -> None:
    built, loaded, _ = indexes
    assert len(loaded.entries) == len(built.entries) > 500
    for key in queries(built, random.Random(3)):
        for lang in ("en", "de"):
            assert loaded.candidates(key, lang) == built.candidates(key, lang), key
            assert loaded.lookup(key, lang) == built.lookup(key, lang), key
        assert (key in loaded.compact_keys) == (key in built.compact_keys)
        assert loaded.owns_s(key) == built.owns_s(key)
    assert loaded.kinds == built.kinds and loaded.max_words == built.max_words
    assert loaded.joiners == built.joiners and loaded.joiner_stems == built.joiner_stems
    assert built.joiners  # the glossary has names of several words


def test_the_tables_read_back_are_the_built_ones(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path],
) -> None:
    built, loaded, _ = indexes
    names = [name for name in vars(built) if name.startswith("_by_")]
    assert len(names) >= 5
    for name in names:
        table, stored = getattr(built, name), getattr(loaded, name)
        assert len(stored) == len(table) and set(stored) == set(table)
        assert all(list(stored[key]) == value for key, value in table.items()), name
        assert stored.get("no such key") is None and "no such key" not in stored
    assert loaded._by_stem["no such key"] == []  # it was a defaultdict(list)
    assert list(loaded.entries) == built.entries


def test_the_columns_read_back_are_the_built_ones(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path],
) -> None:
    built, loaded, _ = indexes
    for name in ("shapes", "consonants", "concepts", "compacts", "words"):
        column, stored = getattr(built, name), getattr(loaded, name)
        assert type(stored) is not list  # a column of the file, not unpickled whole
        assert len(stored) == len(column) and list(stored) == column, name
        assert stored[-1] == column[-1] and list(stored[2:5]) == column[2:5]
        with pytest.raises(IndexError):
            stored[len(column)]


def test_lookups_unpickle_no_entry_and_find_only_the_ones_it_matches(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path],
) -> None:
    built, _, path = indexes
    loaded = load_fuzzy_index(path)
    assert loaded is not None
    for key in queries(built, random.Random(5))[:40]:
        assert loaded.lookup(key, "en") == built.lookup(key, "en")
    assert loaded.entries.loaded == 0  # type: ignore[attr-defined]
    text = "Paschinjan, Alijew and Pashinian met Kotcharian in Jerewan."
    found = FuzzyMatcher(loaded).find(text, "en")
    assert found == FuzzyMatcher(built).find(text, "en") and len(found) >= 3
    # each match's entry brings its block of entries with it, and no other is unpickled
    assert loaded.entries.loaded <= len(found) * BLOCK  # type: ignore[attr-defined]


def test_entries_are_unpickled_once_and_shared(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path],
) -> None:
    _, _, path = indexes
    loaded = load_fuzzy_index(path)
    assert loaded is not None
    assert loaded.entries.loaded == 0  # type: ignore[attr-defined]
    assert loaded.entries[5] is loaded.entries[5] is loaded.entries[-len(loaded.entries) + 5]
    _, number = loaded.lookup("pashinian")[0]
    entry = loaded.entries[number]
    assert number == loaded._by_compact["pashinian"][0]
    assert any(loaded.entries[n] is entry for n in loaded._by_shape[entry.skeleton])
    assert loaded.entries.loaded < len(loaded.entries) // 10  # type: ignore[attr-defined]
    with pytest.raises(IndexError):
        loaded.entries[len(loaded.entries)]


def test_score_floors_are_kept_by_entry(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(FLOORED, encoding="utf-8")
    built = FuzzyIndex(terms.load_termbase([tmp_path / "g.yaml"]))
    save_fuzzy_index(tmp_path / "i.fuzzy", built)
    loaded = load_fuzzy_index(tmp_path / "i.fuzzy")
    assert loaded is not None
    floors = [(e.term.text, loaded.minimum.get(id(e), 0.0)) for e in loaded.entries]
    assert floors == [(e.term.text, built.minimum.get(id(e), 0.0)) for e in built.entries]
    assert sorted(loaded.minimum.values()) == [97.0, 97.0] and len(loaded.minimum) == 2
    assert loaded.minimum.get(id(object()), 0.0) == 0.0
    text = "Pashinjan met Alijev."
    assert FuzzyMatcher(loaded).find(text, "en") == FuzzyMatcher(built).find(text, "en")


def test_cut_damaged_or_other_files_are_not_used(
    tmp_path: Path, indexes: tuple[FuzzyIndex, FuzzyIndex, Path]
) -> None:
    _, _, path = indexes
    data = path.read_bytes()
    broken = tmp_path / "broken.fuzzy"
    assert load_fuzzy_index(tmp_path / "missing.fuzzy") is None
    for size in (0, 1, 23, 24, 100, len(data) // 2, len(data) - 25, len(data) - 1):
        broken.write_bytes(data[:size])
        assert load_fuzzy_index(broken) is None, size

    def flipped(at: int) -> bytes:
        """Return the file with the byte at ``at`` changed."""
        return data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]

    length = int.from_bytes(data[-24:-16], "little")
    for damaged in (
        b"garbage",
        b"\0" * len(data),
        flipped(len(data) // 3),  # an entry or a posting
        flipped(len(data) - 24 - length // 2),  # the trailer
        flipped(len(data) - 24),  # its length
        flipped(len(data) - 12),  # the CRC
        flipped(len(data) - 1),  # the magic
    ):
        broken.write_bytes(damaged)
        assert load_fuzzy_index(broken) is None
    broken.write_bytes(data)
    assert load_fuzzy_index(broken) is not None


def test_another_format_is_not_used(
    monkeypatch: pytest.MonkeyPatch, indexes: tuple[FuzzyIndex, FuzzyIndex, Path]
) -> None:
    _, _, path = indexes
    monkeypatch.setattr(fuzzystore, "FORMAT", fuzzystore.FORMAT + 1)
    assert load_fuzzy_index(path) is None


def test_a_file_replaced_while_read_still_serves_the_old_index(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(FLOORED, encoding="utf-8")
    built = FuzzyIndex(terms.load_termbase([tmp_path / "g.yaml"]))
    path = tmp_path / "i.fuzzy"
    save_fuzzy_index(path, built)
    loaded = load_fuzzy_index(path)
    assert loaded is not None
    other = FuzzyIndex(terms.load_termbase([ROOT / "glossaries" / "caucasus.yaml"]))
    save_fuzzy_index(path, other)  # replaced (on Windows, where it is mapped, left alone)
    assert loaded.lookup("alijev") == built.lookup("alijev")
    assert [e.term for e in loaded.entries] == [e.term for e in built.entries]
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".tmp-")]


def test_an_index_that_cannot_be_written_is_left_unwritten(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(FLOORED, encoding="utf-8")
    built = FuzzyIndex(terms.load_termbase([tmp_path / "g.yaml"]))
    save_fuzzy_index(tmp_path / "missing" / "i.fuzzy", built)  # no such folder: nothing
    assert not (tmp_path / "missing").exists()
    built.entries.append(lambda: None)  # type: ignore[arg-type]  # cannot be pickled
    save_fuzzy_index(tmp_path / "i.fuzzy", built)
    assert sorted(os.listdir(tmp_path)) == ["g.yaml"]


def caucasus_index() -> FuzzyIndex:
    """Return the fuzzy index of the shipped Caucasus glossary."""
    return FuzzyIndex(
        with_romanizations(terms.load_termbase([ROOT / "glossaries" / "caucasus.yaml"]))
    )


def test_keys_of_one_crc_odd_keys_and_empty_lists_read_back(tmp_path: Path) -> None:
    built = caucasus_index()
    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")  # told apart by their text
    odd = {"plumless": [0], "buckeroo": [1, 2], "": [2], "é\ud800x": [1], "none": [], "ab": [3]}
    built._by_odd = odd  # type: ignore[attr-defined]  # a table like the index's own
    save_fuzzy_index(tmp_path / "i.fuzzy", built)
    loaded = load_fuzzy_index(tmp_path / "i.fuzzy")
    assert loaded is not None
    table = loaded._by_odd  # type: ignore[attr-defined]
    assert {key: list(table[key]) for key in table} == odd
    assert "plumles" not in table and table.get("buckeroo ") is None


def test_the_parts_of_an_index_are_read_after_the_index_is_dropped(tmp_path: Path) -> None:
    built = caucasus_index()
    save_fuzzy_index(tmp_path / "i.fuzzy", built)
    loaded = load_fuzzy_index(tmp_path / "i.fuzzy")
    assert loaded is not None
    table, entries = loaded._by_compact, loaded.entries
    del loaded
    gc.collect()
    others = [os.open(tmp_path, os.O_RDONLY) for _ in range(4)]  # would reuse a closed number
    try:
        assert {key: list(table[key]) for key in built._by_compact} == built._by_compact
        assert entries[len(entries) - 1] == built.entries[-1]
    finally:
        for fd in others:
            os.close(fd)


def test_a_table_reads_a_key_once_whether_asked_for_it_or_if_it_has_it(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, loaded, _ = indexes
    reads = []
    read = OpenFile.read
    monkeypatch.setattr(OpenFile, "read", lambda self, *a: reads.append(a) or read(self, *a))
    table = loaded._by_compact
    key = next(iter(table))  # read to find its text
    table._found.clear()  # type: ignore[attr-defined]
    reads.clear()
    assert all(key in table for _ in range(5)) and list(table[key]) and key in table
    assert len(reads) == 1


def test_a_column_that_drops_what_it_kept_reads_it_again_the_same(
    indexes: tuple[FuzzyIndex, FuzzyIndex, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    built, loaded, _ = indexes
    monkeypatch.setattr(fuzzystore, "COLUMN_KEPT", 3)
    column = loaded.shapes
    column._kept.clear()  # type: ignore[attr-defined]
    assert [column[n] for n in range(50)] == built.shapes[:50]
    assert len(column._kept) <= 3  # type: ignore[attr-defined]
    rng = random.Random(3)
    for key in rng.sample(queries(built, rng), 200):
        assert loaded.lookup(key) == built.lookup(key), key
