"""Parallel runs and large files read in pieces give the results of one whole pass."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terms.chunks import read_pieces
from terms.errors import InputError

from conftest import run_cli

GLOSSARY = """version: 1
concepts:
  pashinyan:
    type: person
    en: {preferred: Pashinyan, deprecated: [Pashinian]}
    es: Pashinián
  nikol-pashinyan:
    type: person
    en: {preferred: Nikol Pashinyan, deprecated: [Nikol Pashinian]}
  karabakh:
    type: place
    en: Nagorno-Karabakh
    es: Nagorno Karabaj
"""
PARAGRAPH = "Pashinián met Nikol\nPashinian in Nagorno Karabaj; the PASHINIAN camp said so.\n\n"


def run_env(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m terms`` with extra environment variables; bytes in and out."""
    return subprocess.run(
        [sys.executable, "-m", "terms", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        check=False,
        timeout=120,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the glossary."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_jobs_give_the_same_output_in_the_same_order(folder: Path) -> None:
    paths = []
    for number in range(12):
        path = folder / f"a{number:02}.txt"
        path.write_text(f"{number}: " + PARAGRAPH * (number % 3 + 1), encoding="utf-8")
        paths.append(path)
    (folder / "broken.txt").write_bytes(b"Pashinian\x00")
    paths.insert(5, folder / "broken.txt")
    outputs = []
    for jobs in ("1", "2", "3"):
        done = run_cli(
            "normalize", "-g", "g.yaml", "--format", "json", "--jobs", jobs, *paths, cwd=folder
        )
        assert done.returncode == 2  # the binary file
        outputs.append((json.loads(done.stdout), done.stderr))
    assert outputs[0] == outputs[1] == outputs[2]
    files = outputs[0][0]["files"]
    assert [Path(f["path"]).name for f in files] == [
        p.name for p in paths if p.name != "broken.txt"
    ]
    assert "broken.txt:1:10: error TRM031" in outputs[0][1]


def big_text(paragraphs: int) -> str:
    """A text of many paragraphs, some long, with variants on either side of every break."""
    parts = []
    for number in range(paragraphs):
        parts.append(f"{number} " + PARAGRAPH * (1 + number % 4))
    return "".join(parts)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("bom", "newline"), [(b"", "\n"), (codecs.BOM_UTF8, "\r\n")], ids=["plain", "bom-crlf"]
)
def test_a_file_read_in_pieces_gives_what_the_whole_file_gives(
    folder: Path, jobs: str, bom: bytes, newline: str
) -> None:
    data = bom + big_text(60).replace("\n", newline).encode("utf-8")
    whole, pieces = folder / "whole.txt", folder / "pieces.txt"
    for path in (whole, pieces):
        path.write_bytes(data)
    pieces.chmod(0o640)
    small = {"TERMS_BLOCK_BYTES": "300"}  # every file above 300 bytes is read in pieces
    stdout = run_env("normalize", "-g", "g.yaml", "--jobs", jobs, whole, cwd=folder).stdout
    stream = run_env("normalize", "-g", "g.yaml", "--jobs", jobs, pieces, cwd=folder, **small)
    assert stream.stdout == stdout
    assert stdout.startswith(bom) and b"Pashinyan met Nikol" in stdout
    records = [
        json.loads(run_env("normalize", "-g", "g.yaml", "--format", "json", path, cwd=folder,
                           **env).stdout)["files"][0]["changes"]
        for path, env in ((whole, {}), (pieces, small))
    ]  # fmt: skip
    assert records[0] == records[1]
    assert len(records[0]) == 60 * 0 + sum(4 * (1 + n % 4) for n in range(60))
    assert (
        run_env("normalize", "-g", "g.yaml", "--check", pieces, cwd=folder, **small).returncode == 1
    )
    for path, env in ((whole, {}), (pieces, small)):
        assert (
            run_env("normalize", "-g", "g.yaml", "--write", path, cwd=folder, **env).returncode == 0
        )
    assert pieces.read_bytes() == whole.read_bytes() == stdout
    assert pieces.stat().st_mode & 0o777 == 0o640
    again = run_env("normalize", "-g", "g.yaml", "--check", pieces, cwd=folder, **small)
    assert again.returncode == 0  # idempotent


def test_a_broken_large_file_is_reported_and_left_alone(folder: Path) -> None:
    path = folder / "big.txt"
    data = big_text(20).encode("utf-8") + b"Pashinian \xff\n"
    path.write_bytes(data)
    done = run_env(
        "normalize", "-g", "g.yaml", "--write", path, cwd=folder, TERMS_BLOCK_BYTES="200"
    )
    assert done.returncode == 2
    lines = data.count(b"\n")
    assert f"big.txt:{lines}:11: error TRM032: not valid UTF-8 (byte 0xff)" in done.stderr.decode()
    assert path.read_bytes() == data
    assert [p.name for p in folder.iterdir() if p.name.startswith(".big")] == []


def test_pieces_end_at_paragraph_breaks_and_cover_the_file(tmp_path: Path) -> None:
    text = "α\n\n" + "word " * 50 + "\n\nβ\n \nγ"
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    encoding, bom, pieces = read_pieces(str(path), 16)
    parts = list(pieces)
    assert (encoding, bom) == ("utf-8", codecs.BOM_UTF8)
    assert "".join(parts) == text
    assert all(part.endswith("\n") for part in parts[:-1])
    assert len(parts) == 4


def test_reading_a_binary_file_in_pieces_fails_before_any_piece(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"ok\n\n" * 10 + b"\x00")
    with pytest.raises(InputError) as caught:
        read_pieces(str(path), 8)
    assert caught.value.problems[0].code == "TRM031"


def test_bad_jobs_value_is_a_usage_error(folder: Path) -> None:
    done = run_cli("normalize", "-g", "g.yaml", "--jobs", "0", "-", cwd=folder)
    assert done.returncode == 2
    assert "must be a whole number from 1" in done.stderr


def test_lint_jobs_give_the_same_findings(folder: Path) -> None:
    for number in range(8):
        (folder / f"doc{number}.md").write_text(
            f"# Part {number}\n\n" + PARAGRAPH * (number % 3 + 1), encoding="utf-8"
        )
    runs = [
        run_cli("lint", "-g", "g.yaml", "--output-format", "json", "--jobs", jobs, ".", cwd=folder)
        for jobs in ("1", "2")
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    assert len(json.loads(runs[0].stdout)["diagnostics"]) == 60
