"""wordfreq's lists as tables in the cache folder: the same answers as wordfreq, read fast."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import wordfreq

from terms import lexicon
from terms.lexicon import LATIN_LEXICONS, is_shared_word, max_zipf, zipf

from conftest import ROOT

# Spellings wordfreq changes or splits, and names no list has.
ODD = [
    "İstanbul", "istanbul", "ıslak", "ISLAK", "Istanbul", "İİ", "Iİ", "straße", "STRASSE",
    "groß", "Şeker", "şeker", "ș", "ţară", "țară", "minyáşwili", "beşiktaş", "l'amour",
    "L'Amour", "aujourd'hui", "qu'un", "d'hier", "o'brien", "O'Brien", "don't", "DON'T",
    "rock'n'roll", "'tis", "dogs'", "a''b", "don’t", "donʼt", "2019", "x86", "covid19", "u00",
    "Pashinyan", "pashinyan", "naïve", "nai\u0308ve", "ΣΟΦΊΑ", "σοφία", "λέξις", "λέξισ",
    "Москва", "москва", "ǅemal", "ﬁsh", "Ǆ", "ʼ", "", " ", "a b", "e-mail", "ÉCOLE", "école",
    "Ærø", "Gdańsk", "Łódź", "Ørsted", "Ñandú", "Þingvellir", "Đorđe", "ŞİŞLİ", "İĞNE",
    "u.s", "U.S", "Ph.D", "e.g", "u.s.a", "St.Kitts", "a.b.c", "é.u", "ş.a", "u..s", ".us",
    "us.", "l'u.s",
]  # fmt: skip


def clear() -> None:
    """Forget the tables and answers of this process."""
    lexicon._table.cache_clear()
    zipf.cache_clear()
    max_zipf.cache_clear()


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of this module's own, where the tables are built once."""
    folder = tmp_path_factory.mktemp("lexicon")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TERMS_CACHE_DIR", str(folder))
        clear()
        yield folder
    clear()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, for one test."""
    monkeypatch.setenv("TERMS_CACHE_DIR", str(tmp_path / "cache"))
    clear()
    yield tmp_path / "cache"
    clear()


def sample(lang: str, wordlist: str, count: int) -> list[str]:
    """Return about ``count`` words of a list, spread over it, some capitalized, and ODD."""
    words = list(wordfreq.get_frequency_dict(lang, wordlist))
    spread = words[:: max(1, len(words) // count)]
    return spread + [w.title() for w in spread[::7]] + [w.upper() for w in spread[::11]] + ODD


def wrong_answers(lang: str, wordlist: str, words: list[str]) -> list[tuple[str, float, float]]:
    """Return the words the table of a list answers otherwise than wordfreq, with both answers.

    Also checks that the table answers for most words (else the comparison says little).
    """
    table = lexicon._table((lang,), wordlist)
    assert table is not None
    answers = {word: table.get(word) for word in words}
    assert sum(found is not None for found in answers.values()) > 0.85 * len(words)
    return [
        (word, found, expected)
        for word, found in answers.items()
        if found is not None
        and repr(found) != repr(expected := float(wordfreq.zipf_frequency(word, lang, wordlist)))
    ]


LISTS = "en best, en small, de small, fr best, tr small, ro small, sh small, vi small, pl small"
LISTS += ", ru small, el small, nl small"


@pytest.mark.parametrize(("lang", "wordlist"), [pair.split() for pair in LISTS.split(", ")])
def test_a_table_gives_what_wordfreq_gives(tables: Path, lang: str, wordlist: str) -> None:
    assert wrong_answers(lang, wordlist, sample(lang, wordlist, 3000)) == []
    for word in ODD:  # through the public function, which asks wordfreq what the table cannot
        assert zipf(word, lang, wordlist) == wordfreq.zipf_frequency(word, lang, wordlist), word


@pytest.mark.parametrize("lang", ["en", "de", "tr", "ro", "sh", "ru"])
def test_every_letter_a_table_knows_is_spelled_as_wordfreq_spells_it(
    tables: Path, lang: str
) -> None:
    table = lexicon._table((lang,), "small")
    assert table is not None and table.spelling is not None
    letters = sorted(table.spelling.letters | set(table.spelling.changes))
    words = [f"k{char}a" for char in letters] + [f"{char}ta" for char in letters]
    words += [f"l{char}'{char}n" for char in letters] + [f"{char}'a" for char in letters]
    for word in words:
        found = table.get(word)
        expected = float(wordfreq.zipf_frequency(word, lang, "small"))
        assert found is None or repr(found) == repr(expected), word


def test_the_table_of_the_highest_value_gives_what_wordfreq_gives(tables: Path) -> None:
    words = [word for lang in LATIN_LEXICONS for word in sample(lang, "small", 150)[:150]] + ODD
    table = lexicon._table(LATIN_LEXICONS, "small")
    assert table is not None
    assert sum(table.get(word) is not None for word in words) > 0.85 * len(words)
    for word in words:
        expected = max(float(wordfreq.zipf_frequency(word, L, "small")) for L in LATIN_LEXICONS)
        found = table.get(word)
        assert found is None or repr(found) == repr(expected), word
        assert max_zipf(word, LATIN_LEXICONS) == expected, word


def test_a_wrong_table_is_caught(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the comparison above must fail when a table is off, even by one hundredth
    values = lexicon._values

    def off_by_one(*args: object) -> tuple[dict[str, float], float]:
        found, absent = values(*args)  # type: ignore[arg-type]
        return {word: round(value + 0.01, 2) for word, value in found.items()}, absent

    monkeypatch.setattr(lexicon, "_values", off_by_one)
    assert wrong_answers("en", "small", sample("en", "small", 500))


def test_max_zipf_of_no_language_and_of_languages_without_lists(folder: Path) -> None:
    assert max_zipf("alive", ()) == 0.0
    assert zipf("alive", "xx") == 0.0 == max_zipf("alive", ("xx", "yy"))
    assert max_zipf("alive", ("xx", "en")) == zipf("alive", "en", "small") > 4
    assert max_zipf("azerbaidjan", ("en", "ca")) == zipf("azerbaidjan", "ca", "small") > 3


def test_a_table_is_written_once_and_read_after(folder: Path) -> None:
    assert zipf("alive", "en", "small") > 4
    assert len(list(folder.glob("lexicon-*.table"))) == 1
    assert not list(folder.glob(".tmp-*"))
    stamp = next(folder.glob("lexicon-*.table")).stat().st_mtime_ns
    clear()
    assert zipf("alive", "en", "small") > 4
    assert next(folder.glob("lexicon-*.table")).stat().st_mtime_ns == stamp


def test_a_broken_table_is_built_again(folder: Path) -> None:
    expected = zipf("alive", "en", "small")
    (entry,) = folder.glob("lexicon-*.table")
    for broken in [b"", b"terms lexicon table\n", entry.read_bytes()[:-3], b"\0" * 4096]:
        clear()  # (a table in use is never written over: a new one replaces it)
        entry.write_bytes(broken)
        assert zipf("alive", "en", "small") == expected
        assert lexicon._table(("en",), "small") is not None
    clear()
    assert entry.stat().st_size > 100_000  # the rebuilt table replaced the broken one


def test_an_unwritable_folder_only_means_no_table_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TERMS_CACHE_DIR", str(blocker / "cache"))
    clear()
    try:
        assert zipf("alive", "en") == wordfreq.zipf_frequency("alive", "en")
        assert lexicon._table(("en",), "best") is None  # not built: wordfreq answers
        assert max_zipf("alive", LATIN_LEXICONS[:3]) == max(
            wordfreq.zipf_frequency("alive", L, "small") for L in LATIN_LEXICONS[:3]
        )
    finally:
        clear()
    assert capsys.readouterr() == ("", "")


def test_another_wordfreq_version_builds_other_tables(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zipf("alive", "en", "small")
    monkeypatch.setattr(lexicon, "_wordfreq_version", lambda: "0.0-test")
    clear()
    zipf("alive", "en", "small")
    assert len(list(folder.glob("lexicon-*.table"))) == 2


def test_a_process_with_tables_does_not_import_wordfreq(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TERMS_CACHE_DIR"}
    env.update(XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    code = (
        "import sys\nfrom terms.lexicon import LATIN_LEXICONS, max_zipf, zipf\n"
        "print(zipf('alive', 'en'), max_zipf(\"don't\", LATIN_LEXICONS[:4]), "
        "'wordfreq' in sys.modules)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    assert [run.stderr for run in runs] == ["", ""]
    assert runs[0].stdout.split()[:2] == runs[1].stdout.split()[:2]
    assert [run.stdout.split()[2] for run in runs] == ["True", "False"]
    assert len(list((tmp_path / "terms").glob("lexicon-*.table"))) == 2


def test_languages_whose_tokenizer_is_missing_have_unknown_frequencies() -> None:
    # wordfreq splits Japanese and Korean with MeCab, an extra that terms does not install:
    # asking must not raise (it raised ImportError)
    assert isinstance(zipf("東京", "ja"), float) and isinstance(zipf("서울", "ko"), float)


def test_a_word_is_shared_with_the_languages_that_use_it_about_as_much() -> None:
    assert is_shared_word("indien", "fr", ("de",))  # French indien, an Indian
    assert is_shared_word("german", "en", (), [("Герман", "mn")])  # Mongolian has no list
    assert not is_shared_word("italia", "en", ("it",))
    # English names are in every language's list: Spanish must use them as much as English
    assert not is_shared_word("spain", "es", ("en",))
    assert not is_shared_word("odessa", "en", (), [("Одесса", "ru")])
    assert is_shared_word("112", "en", ("uk",))  # no letters: numbers are counted too
