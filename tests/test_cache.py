"""The on-disk cache of loaded glossaries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from terms import lexicon
from terms.cache import CACHE_KEEP, GlossaryCache, cache_key, prune
from terms.cli import main
from terms.errors import GlossaryError

from conftest import run_cli

GLOSSARY = "version: 1\nconcepts:\n  kyiv:\n    en: {preferred: Kyiv, deprecated: [Kiev]}\n"


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    """A small valid glossary file."""
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def entries(folder: Path) -> list[str]:
    """Return the names of the cache entries in a folder."""
    return sorted(p.name for p in folder.glob("termbase-*.pickle")) if folder.is_dir() else []


def test_the_second_load_comes_from_the_cache_and_is_equal(glossary: Path, tmp_path: Path) -> None:
    cache = GlossaryCache(tmp_path / "cache")
    first = cache.load([glossary])
    assert not cache.hit
    second = cache.load([glossary])
    assert cache.hit
    assert second == first
    assert len(entries(tmp_path / "cache")) == 1


def test_an_edit_to_a_glossary_makes_a_new_entry(glossary: Path, tmp_path: Path) -> None:
    cache = GlossaryCache(tmp_path / "cache")
    cache.load([glossary])
    glossary.write_text(GLOSSARY.replace("Kiev", "Kiew"), encoding="utf-8")
    termbase = cache.load([glossary])
    assert not cache.hit
    assert {t.text for t in termbase.concepts[0].terms} == {"Kyiv", "Kiew"}
    assert len(entries(tmp_path / "cache")) == 2


def keys(folder: Path) -> set[str]:
    """Return the keys that have entries (termbase, matcher, fuzzy) in a cache folder."""
    names = [p.name for p in folder.glob("*-*.*") if not p.name.startswith(".")]
    return {name.split("-", 1)[1].split(".")[0] for name in names}


def test_only_the_keys_used_last_are_kept(glossary: Path, tmp_path: Path) -> None:
    # every edit makes a key; the cache keeps CACHE_KEEP of them, the ones used last, with
    # all their entries, and leaves other files alone
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "lexicon-0123.table").write_bytes(b"other file")
    for name in (".tmp-old.fuzzy", ".tmp-new.fuzzy"):
        (folder / name).write_bytes(b"half written")
    os.utime(folder / ".tmp-old.fuzzy", (0, 0))
    cache = GlossaryCache(folder)
    cache.matcher([glossary])
    first = keys(folder) - {"0123"}
    made = []
    for number in range(CACHE_KEEP + 2):
        glossary.write_text(GLOSSARY.replace("Kiev", f"Kiev{number}"), encoding="utf-8")
        cache.matcher([glossary])
        made.append(keys(folder) - first - {"0123"} - set().union(*made))
        glossary.write_text(GLOSSARY, encoding="utf-8")
        cache.matcher([glossary])  # the first key, read again after each edit, is kept
        assert cache.hit
    kept = keys(folder) - {"0123"}
    assert kept == first.union(*made[-(CACHE_KEEP - 1) :])
    assert (folder / "lexicon-0123.table").read_bytes() == b"other file"
    assert not (folder / ".tmp-old.fuzzy").exists()  # a killed writer's, an hour old
    assert (folder / ".tmp-new.fuzzy").exists()  # maybe another run's, still writing
    for key in kept:  # a key kept has its termbase and its matcher
        assert (folder / f"termbase-{key}.pickle").is_file()
        assert (folder / f"matcher-{key}.index").is_file()


def test_a_fuzzy_index_left_without_its_matcher_goes_first(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for number in range(CACHE_KEEP):
        (folder / f"matcher-{number:032x}.index").write_bytes(b"")
        os.utime(folder / f"matcher-{number:032x}.index", (100 + number, 100 + number))
    orphan = folder / f"matcher-{CACHE_KEEP:032x}.fuzzy"  # written last, its matcher gone
    orphan.write_bytes(b"")
    assert prune(folder) == [f"{CACHE_KEEP:032x}"] and not orphan.exists()
    assert len(list(folder.iterdir())) == CACHE_KEEP


def test_the_key_depends_on_the_order_of_the_glossaries(glossary: Path, tmp_path: Path) -> None:
    other = tmp_path / "h.yaml"
    other.write_text(GLOSSARY.replace("kyiv", "kiev-city"), encoding="utf-8")
    assert cache_key([glossary, other]) != cache_key([other, glossary])


def test_a_broken_entry_is_rebuilt(glossary: Path, tmp_path: Path) -> None:
    cache = GlossaryCache(tmp_path / "cache")
    cache.load([glossary])
    (entry,) = (tmp_path / "cache").glob("termbase-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.load([glossary]).concepts[0].id == "kyiv"
    assert not cache.hit
    assert cache.load([glossary]).concepts[0].id == "kyiv"
    assert cache.hit


def test_an_invalid_glossary_is_never_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nconcepts:\n  x:\n    en: {admitted: [a]}\n", encoding="utf-8")
    cache = GlossaryCache(tmp_path / "cache")
    for _ in range(2):
        with pytest.raises(GlossaryError):
            cache.load([bad])
    assert entries(tmp_path / "cache") == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_cache_folder_that_cannot_be_written_changes_nothing(
    glossary: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert GlossaryCache(locked / "cache").load([glossary]).concepts[0].id == "kyiv"
    finally:
        locked.chmod(0o700)


def test_a_cache_path_that_is_a_file_changes_nothing(glossary: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert GlossaryCache(blocker / "cache").load([glossary]).concepts[0].id == "kyiv"


def test_the_cli_uses_the_configured_cache_dir_and_no_cache_skips_it(
    glossary: Path, tmp_path: Path
) -> None:
    (tmp_path / "terms.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Kiev\n", encoding="utf-8")
    folder = tmp_path / "build" / "cache"
    args = ("normalize", "-g", glossary, "--lang", "en", article)
    assert run_cli(*args, "--no-cache", cwd=tmp_path).stdout == "Kyiv\n"
    assert entries(folder) == []
    for _ in range(2):  # a miss that fills the cache, then a hit: the same output
        assert run_cli(*args, cwd=tmp_path).stdout == "Kyiv\n"
    assert len(entries(folder)) == 1


def test_wordfreqs_tables_follow_the_cache_dir_and_no_cache(
    glossary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "default"
    monkeypatch.setenv("TERMS_CACHE_DIR", str(default))  # for the runs below
    article = tmp_path / "a.txt"
    article.write_text("Kiev is in Ukraine.\n", encoding="utf-8")
    args = ("normalize", "-g", glossary, "--lang", "en", article)
    assert run_cli(*args, "--no-cache", cwd=tmp_path).stdout == "Kyiv is in Ukraine.\n"
    assert not default.exists()  # nothing read or written: wordfreq answered
    (tmp_path / "terms.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    assert run_cli(*args, cwd=tmp_path).stdout == "Kyiv is in Ukraine.\n"
    assert list((tmp_path / "build" / "cache").glob("lexicon-*.table"))
    assert not default.exists()
    monkeypatch.chdir(tmp_path)  # in this process, a run's folder ends with the run
    assert main([*map(str, args), "--no-cache"]) == 0
    assert lexicon._FOLDER == {}


def test_lint_compiles_its_glossaries_through_the_cache(glossary: Path, tmp_path: Path) -> None:
    # lint reads the compiled matcher back as normalize does (it used to compile it every run),
    # and reports the same findings from the cache as without it
    (tmp_path / "terms.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Kiev is not Kyiv.\n", encoding="utf-8")
    folder = tmp_path / "build" / "cache"
    args = ("lint", "-g", glossary, "--lang", "en", "--output-format", "json", article)
    expected = run_cli(*args, "--no-cache", cwd=tmp_path)
    assert expected.returncode == 1 and "Kiev" in expected.stdout
    assert not folder.exists()
    for _ in range(2):  # a miss that compiles into the cache, then a hit
        found = run_cli(*args, cwd=tmp_path)
        assert (found.returncode, found.stdout) == (1, expected.stdout)
    assert len(list(folder.glob("matcher-*.index"))) == 1


def test_a_bad_cache_dir_setting_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "terms.toml").write_text("cache-dir = 3\njobs = 0\n", encoding="utf-8")
    done = run_cli("normalize", "--lang", "en", "-", cwd=tmp_path)
    assert done.returncode == 2
    assert "terms.toml:1:1: error TRM022: 'cache-dir' must be a folder path" in done.stderr
    assert "terms.toml:2:1: error TRM022: 'jobs' must be a whole number from 1" in done.stderr


def test_a_relative_folder_for_wordfreqs_tables_is_taken_from_where_the_run_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with lexicon.cache_folder_kept():
        lexicon.use_cache_folder(Path("cache"))
        assert lexicon.cache_folder_setting() == {"tables": tmp_path / "cache"}
