"""The compiled matcher in the cache: read back lazily, it does what a built one does."""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import LETTERS, NO_SPACE_LETTERS, SETTINGS, termbases, texts

import terms
from terms.cache import GlossaryCache
from terms.documents import DocumentNormalizer
from terms.errors import CacheError
from terms.formats import format_for, read_as
from terms.fuzzystore import load_fuzzy_index
from terms.glossary import load_glossary_text
from terms.matcher import Matcher
from terms.matchindex import BuiltIndex
from terms.matchstore import _FOOTER, StoredIndex, StoreError, write_store
from terms.model import Termbase
from terms.normalize import Normalizer

from conftest import FIXTURES, ROOT, run_cli

GLOSSARY = "version: 1\nconcepts:\n  kyiv:\n    en: {preferred: Kyiv, deprecated: [Kiev]}\n"


@pytest.fixture(scope="module")
def bundled_stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Termbase, StoredIndex]:
    """The bundled termbase, and its match index written to a store file and read back."""
    termbase = terms.load_termbase(terms.bundled_glossary_paths())
    path = tmp_path_factory.mktemp("store") / "bundled.index"
    write_store(path, BuiltIndex(termbase))
    return termbase, StoredIndex(path)


def test_a_stored_index_holds_what_the_built_one_holds(
    bundled_stored: tuple[Termbase, StoredIndex],
) -> None:
    termbase, stored = bundled_stored
    built = BuiltIndex(termbase)
    assert stored.automaton is not None and built.automaton is not None
    assert sorted(stored.automaton.items()) == sorted(built.automaton.items())
    assert list(stored.shapes) == list(built.shapes)
    for number in range(len(built.table)):
        assert tuple(stored.entries(number)) == tuple(built.entries(number))
    for concept in termbase.concepts:
        assert stored.concept(concept.id) == concept
    with pytest.raises(KeyError):
        stored.concept("no-such-concept")
    assert [p for _, p in stored.patterns] == [p for _, p in built.patterns]
    assert stored.longest_term == built.longest_term
    assert stored.termbase == termbase
    assert stored.indexed == built.indexed


def test_a_stored_index_unpickles_only_the_concepts_a_text_contains(tmp_path: Path) -> None:
    termbase = terms.load_termbase(terms.bundled_glossary_paths())
    path = tmp_path / "bundled.index"
    write_store(path, BuiltIndex(termbase))
    stored = StoredIndex(path)
    assert stored.loaded == (0, 0)
    result = Normalizer(None, "en", matcher=Matcher.from_index(stored)).normalize("Pashinian.")
    assert result.text == "Pashinyan."
    keys, concepts = stored.loaded
    assert 1 <= keys < 5 and concepts == 1


def test_a_termbase_of_two_concepts_with_one_id_is_stored_whole(tmp_path: Path) -> None:
    # loading glossaries rejects such a termbase (TRM009); put together by hand, its store
    # still holds every concept, and an id stands for the last concept with it, as when built
    first = load_glossary_text(
        "version: 1\nconcepts: {a: {en: {preferred: Kyiv, deprecated: [Kiev]}}}"
    )
    second = load_glossary_text(
        "version: 1\nconcepts: {a: {en: {preferred: Lviv, deprecated: [Lvov]}}, b: {en: Odesa}}"
    )
    termbase = Termbase((first, second))
    built = BuiltIndex(termbase)
    path = tmp_path / "m.index"
    write_store(path, built)
    stored = StoredIndex(path)
    for text in ("Kiev", "Lvov", "Odesa"):
        found = Matcher.from_index(stored).find(text)
        assert found == Matcher.from_index(built).find(text), text
    assert stored.concept("a") == built.concept("a") == second.concepts[0]
    assert stored.termbase == termbase


@pytest.mark.parametrize("lang", ["en", "ru", "hy"])
@pytest.mark.parametrize("fuzzy", [False, True])
def test_a_stored_matcher_normalizes_documents_as_a_built_one(
    bundled_stored: tuple[Termbase, StoredIndex], lang: str, fuzzy: bool
) -> None:
    termbase, stored = bundled_stored
    options = {"fuzzy": terms.FuzzySettings(enabled=fuzzy)}
    built = DocumentNormalizer(termbase, lang, **options)
    cached = DocumentNormalizer(None, lang, matcher=Matcher.from_index(stored), **options)
    for path in sorted(FIXTURES.glob("armenia-border-guards.*")):
        doc = read_as(format_for(str(path)), str(path), path.read_text(encoding="utf-8"))
        assert cached.normalize(doc) == built.normalize(doc)


def test_a_stored_matcher_pickles_as_its_file(
    bundled_stored: tuple[Termbase, StoredIndex],
) -> None:
    _, stored = bundled_stored
    matcher = Matcher.from_index(stored)
    data = pickle.dumps(matcher)
    assert len(data) < 1000
    again = pickle.loads(data)
    text = "Пашиняном и Pashinian в Ереване"
    assert again.find(text) == matcher.find(text)


@SETTINGS
@given(st.data(), st.sampled_from([LETTERS, NO_SPACE_LETTERS]))
def test_stored_and_built_matchers_give_the_same_records(data: st.DataObject, letters: str) -> None:
    termbase = data.draw(termbases(letters))
    text = data.draw(texts(termbase, letters))
    lang = data.draw(st.sampled_from(["en", "es", "ru"]))
    index = BuiltIndex(termbase)
    built = Matcher.from_index(index)
    with tempfile.TemporaryDirectory() as folder:
        write_store(Path(folder) / "random.index", index)
        stored = Matcher.from_index(StoredIndex(Path(folder) / "random.index"))
        assert stored.find(text) == built.find(text)
        assert Normalizer(None, lang, matcher=stored).normalize(text) == Normalizer(
            termbase, lang
        ).normalize(text)


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    """A small valid glossary file."""
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def index_entries(folder: Path) -> list[Path]:
    """Return the compiled-matcher entries of a cache folder."""
    return sorted(folder.glob("matcher-*.index"))


def test_the_second_matcher_comes_from_the_cache(glossary: Path, tmp_path: Path) -> None:
    cache = GlossaryCache(tmp_path / "cache")
    first = cache.matcher([glossary])
    assert not cache.hit
    second = cache.matcher([glossary])
    assert cache.hit
    assert isinstance(second.index, StoredIndex)
    assert second.find("Kiev and Kyiv") == first.find("Kiev and Kyiv")
    assert len(index_entries(tmp_path / "cache")) == 1
    assert cache.load([glossary]) == second.termbase  # the termbase entry was written too
    assert cache.hit


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not an index",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1],
        lambda data: data[:8] + data[40:],  # the trailer intact, the sections moved
        lambda data: data[:-20] + b"\xff" * 4 + data[-16:],  # the trailer's length damaged
        lambda data: data[:-30] + bytes([data[-30] ^ 1]) + data[-29:],  # the trailer damaged
        lambda data: data[:64] + bytes([data[64] ^ 1]) + data[65:],  # the automaton damaged
    ],
)
def test_a_broken_matcher_entry_is_rebuilt(
    glossary: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = GlossaryCache(tmp_path / "cache")
    cache.matcher([glossary])
    (entry,) = index_entries(tmp_path / "cache")
    entry.write_bytes(damage(entry.read_bytes()))
    matcher = cache.matcher([glossary])
    assert not cache.hit
    assert [m.candidates[0].listed for m in matcher.find("Kiev")] == ["Kiev"]
    matcher = cache.matcher([glossary])
    assert cache.hit
    assert [m.candidates[0].listed for m in matcher.find("Kiev")] == ["Kiev"]


def _damage_every(entry: Path, section: str, damage: Callable[[bytes], bytes]) -> None:
    """Change every key's pairs or every concept's pickle of a store, leaving its trailer whole."""
    data = bytearray(entry.read_bytes())
    size = int.from_bytes(data[-_FOOTER:-16], "little")
    trailer = pickle.loads(bytes(data[-_FOOTER - size : -_FOOTER]))
    if section == "keys":  # arrays of (concept, entry) numbers
        count, _, _, start, table, _ = trailer["keys"]
        unit = 4
    else:
        count, start, table, _ = trailer["concepts"]
        unit = 1
    ends = memoryview(bytes(data[table : table + 8 * (count + 1)])).cast("Q")
    end = start + unit * ends[-1]
    damaged = damage(bytes(data[start:end]))
    assert len(damaged) == end - start and damaged != data[start:end]
    data[start:end] = damaged
    entry.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("section", "damage", "found"),
    [
        ("concepts", lambda blobs: b"\xff" * len(blobs), "CRC-32"),
        # damage that still unpickles, to other entries: only the checksum tells
        ("concepts", lambda blobs: blobs.replace(b"Kiev", b"Kiex"), "CRC-32"),
        ("keys", lambda pairs: b"\xff" * len(pairs), "CRC-32"),
    ],
)
def test_damage_found_mid_run_is_a_clear_error_and_the_next_run_rebuilds(
    glossary: Path, tmp_path: Path, section: str, damage: Callable[[bytes], bytes], found: str
) -> None:
    # a store whose trailer is whole maps fine; a damaged key is found when a text needs it:
    # exit 2 naming the entry (no traceback), the entry deleted, the next run as before
    article = tmp_path / "a.txt"
    article.write_text("Kiev\n", encoding="utf-8")
    args = ("normalize", "-g", glossary, "--lang", "en", "--no-fuzzy", article)
    (tmp_path / "terms.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    assert run_cli(*args, cwd=tmp_path).stdout == "Kyiv\n"
    (entry,) = index_entries(tmp_path / "cache")
    _damage_every(entry, section, damage)
    failed = run_cli(*args, cwd=tmp_path)
    assert failed.returncode == 2 and failed.stdout == ""
    assert f"{entry}: error TRM036: a damaged cache entry ({found})" in failed.stderr
    assert "now deleted: run again" in failed.stderr
    assert not entry.exists()
    assert run_cli(*args, cwd=tmp_path).stdout == "Kyiv\n"
    assert index_entries(tmp_path / "cache") == [entry]


def test_a_cache_error_crosses_process_boundaries_whole() -> None:
    # raised in a --jobs worker, it reaches the CLI with its problems
    from terms.errors import CacheError, Problem

    error = CacheError(Problem("TRM036", "damaged", "x.index"))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is CacheError and again.problems == error.problems


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.index"
    path.write_bytes(b"\0" * 64)
    with pytest.raises(StoreError):
        StoredIndex(path)


def test_no_cache_builds_the_matcher_in_memory(glossary: Path) -> None:
    cache = GlossaryCache(None)
    assert isinstance(cache.matcher([glossary]).index, BuiltIndex)
    assert not cache.hit


def test_cold_warm_and_uncached_runs_give_the_same_records(tmp_path: Path) -> None:
    (tmp_path / "terms.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    inputs = sorted(FIXTURES.glob("armenia-border-guards.*"))
    glossary = ROOT / "glossaries" / "caucasus.yaml"
    outputs = {}
    for lang in ("en", "ru"):
        for fuzzy in ("--fuzzy", "--no-fuzzy"):
            args = ("normalize", "-g", glossary, "--lang", lang, fuzzy, "--format", "json")
            runs = [
                run_cli(*args, "--no-cache", *inputs, cwd=tmp_path),
                run_cli(*args, *inputs, cwd=tmp_path),  # cold the first time round
                run_cli(*args, *inputs, cwd=tmp_path),  # warm
                run_cli(*args, "--jobs", "2", *inputs, cwd=tmp_path),  # warm, in workers
            ]
            assert {run.returncode for run in runs} == {0}
            records = [json.loads(run.stdout) for run in runs]
            assert records[1] == records[0] and records[2] == records[0]
            assert records[3] == records[0]
            outputs[(lang, fuzzy)] = records[0]
    assert len(index_entries(tmp_path / "cache")) == 1
    assert any(f["changes"] for f in outputs[("en", "--no-fuzzy")]["files"])


# a glossary with a score floor on one concept (fuzzy: 97)
FLOORED = (FIXTURES / "floored.yaml").read_text(encoding="utf-8")


def test_a_stored_fuzzy_index_keeps_its_floors_and_finds_the_same(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(FLOORED, encoding="utf-8")
    cache = GlossaryCache(tmp_path / "cache")
    built = cache.matcher([path]).index.fuzzy_index()  # cold: built, then kept
    (entry,) = index_entries(tmp_path / "cache")
    assert entry.with_suffix(".fuzzy").is_file()
    read = cache.matcher([path]).index.fuzzy_index()
    assert cache.hit and read is not built
    assert sorted(read.minimum.values()) == sorted(built.minimum.values()) == [97.0, 97.0]
    floored = [{e.term for e in index.entries if id(e) in index.minimum} for index in (read, built)]
    assert floored[0] == floored[1] and len(floored[0]) == 2
    for query in ("pashinjan", "alijev", "pachinian"):
        assert read.lookup(query) == built.lookup(query)
    text = "Pashinjan met Alijev."
    results = [
        Normalizer(
            None, "en", matcher=cache.matcher([path]), fuzzy=terms.FuzzySettings()
        ).normalize(text)
        for _ in range(2)
    ]
    assert (
        results[0]
        == results[1]
        == Normalizer(terms.load_termbase([path]), "en", fuzzy=terms.FuzzySettings()).normalize(
            text
        )
    )


def test_a_broken_fuzzy_index_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(FLOORED, encoding="utf-8")
    cache = GlossaryCache(tmp_path / "cache")
    expected = cache.matcher([path]).index.fuzzy_index().lookup("alijev")
    (entry,) = index_entries(tmp_path / "cache")
    entry.with_suffix(".fuzzy").write_bytes(b"garbage")
    assert cache.matcher([path]).index.fuzzy_index().lookup("alijev") == expected
    assert load_fuzzy_index(entry.with_suffix(".fuzzy")) is not None  # written again


@pytest.mark.parametrize("fmt", ["json", "concise"])
def test_lint_reports_damage_found_mid_run_in_its_output_format(
    glossary: Path, tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "a.txt").write_text("Kiev\n", encoding="utf-8")
    (tmp_path / "terms.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    args = ("lint", "-g", glossary, "--lang", "en", "--output-format", fmt, "a.txt")
    assert run_cli(*args, cwd=tmp_path).returncode == 1  # a finding: Kiev
    (entry,) = index_entries(tmp_path / "cache")
    _damage_every(entry, "concepts", lambda blobs: blobs.replace(b"Kiev", b"Kiex"))
    failed = run_cli(*args, cwd=tmp_path)
    assert failed.returncode == 2 and "error TRM036" in failed.stderr
    if fmt == "json":  # machine readers get the error where they read
        assert json.loads(failed.stdout)["problems"][0]["code"] == "TRM036"
    else:
        assert failed.stdout == ""


def test_a_store_cut_short_mid_run_is_a_cache_error_and_deleted(tmp_path: Path) -> None:
    # the pickles are read with pread: a file cut in place after it was checked (no rename
    # does that) is damage found mid-run, named, and deleted so that the next run rebuilds
    glossary = tmp_path / "g.yaml"
    glossary.write_text(GLOSSARY + "  lviv:\n    en: {preferred: Lviv}\n", encoding="utf-8")
    path = tmp_path / "m.index"
    write_store(path, BuiltIndex(terms.load_termbase([glossary])))
    stored = StoredIndex(path)
    os.truncate(path, stored._id_table._start + 3)  # inside the ids, after every mapped array
    with pytest.raises(CacheError, match=r"damaged cache entry \(it ends \d+ bytes early\)"):
        stored.concept("lviv")
    assert not path.exists()
