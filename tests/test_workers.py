"""Workers read, normalize and write files themselves: every mode reports what one job does."""

from __future__ import annotations

import functools
import multiprocessing
from pathlib import Path

import pytest

from terms.cli import main, normalize_work
from terms.lexicon import cache_folder_kept, use_cache_folder, zipf
from terms.parallel import Workers, chunk_size

from conftest import run_cli

GLOSSARY = """version: 1
concepts:
  pashinyan:
    type: person
    en: {preferred: Pashinyan, deprecated: [Pashinian], forbidden: [Pachinian]}
  kyiv:
    en: {preferred: Kyiv, deprecated: [Kiev]}
"""


def make_inputs(folder: Path) -> list[Path]:
    """Write a glossary and a dozen inputs: some to change, some not, one binary."""
    (folder / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    paths = []
    for number in range(12):
        path = folder / f"a{number:02}.txt"
        body = "Nothing here.\n" if number % 4 == 0 else f"{number}: Kiev; Pashinian, Pachinian.\n"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    (folder / "broken.txt").write_bytes(b"Kiev\x00")
    paths.insert(3, folder / "broken.txt")
    return paths


@pytest.mark.parametrize(
    "mode",
    [["--write"], ["--check"], ["--diff"], ["--format", "json"], ["--write", "--format", "json"]],
)
def test_two_jobs_report_and_write_what_one_job_does(tmp_path: Path, mode: list[str]) -> None:
    runs = []
    for jobs in ("1", "2"):
        folder = tmp_path / jobs
        folder.mkdir()
        paths = make_inputs(folder)
        names = [p.name for p in paths]
        done = run_cli("normalize", "-g", "g.yaml", *mode, "--jobs", jobs, *names, cwd=folder)
        contents = [p.read_bytes() for p in paths]
        runs.append((done.returncode, done.stdout, done.stderr, contents))
    assert runs[0] == runs[1]
    code, _, stderr, contents = runs[0]
    assert code == 2  # the binary input
    assert "broken.txt:1:5: error TRM031" in stderr
    if "--write" in mode:
        assert contents[1] == b"1: Kyiv; Pashinyan, Pachinian.\n"
        assert "normalized a01.txt (2 changes)" in stderr
    if mode == ["--write"]:
        assert "a01.txt:1:21: warning: forbidden term 'Pachinian'" in stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_input_that_cannot_be_written_is_reported_and_the_rest_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    paths = make_inputs(tmp_path)
    real_write = normalize_work.write_atomic

    def write(path: str, data: bytes) -> None:
        """Fail on one file, write the others (forked workers inherit this too)."""
        if path.endswith("a02.txt"):
            raise PermissionError(13, "Permission denied")
        real_write(path, data)

    monkeypatch.setattr(normalize_work, "write_atomic", write)
    monkeypatch.chdir(tmp_path)
    status = main(["normalize", "-g", "g.yaml", "--write", "--jobs", jobs, *map(str, paths)])
    stderr = capsys.readouterr().err
    assert status == 2
    unwritten = tmp_path / "a02.txt"
    assert f"{unwritten}: error TRM" in stderr and "cannot write: Permission denied" in stderr
    assert "Pashinian" in unwritten.read_text(encoding="utf-8")
    assert f"normalized {unwritten}" not in stderr
    assert paths[1].read_text(encoding="utf-8") == "1: Kyiv; Pashinyan, Pachinian.\n"
    assert f"normalized {paths[1]} (2 changes)" in stderr


def _twice_all(items: list[int]) -> list[int]:
    """Double each item of a chunk (for the test of chunked maps)."""
    return [2 * item for item in items]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("size", [1, 3, 8])
def test_chunked_maps_keep_the_order(jobs: int, size: int) -> None:
    with Workers(jobs, make_state=lambda: None) as workers:
        assert list(workers.map_chunks(_twice_all, range(20), size)) == [2 * i for i in range(20)]


def test_chunk_sizes_stay_small_and_leave_every_worker_many_chunks() -> None:
    assert chunk_size(1, 2) == chunk_size(31, 2) == 1
    assert chunk_size(10_000, 4) == 8
    assert chunk_size(10_000, 1) == 1


def test_spawned_workers_keep_the_runs_folder_for_wordfreqs_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where fork is missing (Windows), workers are spawned and set up again: with --no-cache
    # (no folder) they must not read or write tables in the default folder either
    monkeypatch.setenv("TERMS_CACHE_DIR", str(tmp_path / "default"))
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with cache_folder_kept():
        use_cache_folder(None)
        make_state = functools.partial(zipf, "alive", "en")  # asks for a table
        with Workers(2, make_state=make_state) as workers:
            assert list(workers.map(abs, [-1, -2, -3])) == [1, 2, 3]
    assert not (tmp_path / "default").exists()
