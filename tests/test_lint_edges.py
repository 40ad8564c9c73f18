"""``terms lint`` at its edges: odd languages, odd files, odd folders, odd suppressions."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from terms.lint.diagnostic import Diagnostic, Severity
from terms.lint.render import render

from conftest import run_cli

GLOSSARY = """\
version: 1
name: edges
concepts:
  karabakh:
    type: place
    en:
      preferred: Nagorno-Karabakh
      admitted: [Karabagh]
    es: Nagorno Karabaj
  pashinyan:
    type: person
    en:
      preferred: Pashinyan
      deprecated: [Pashinian]
  github:
    type: product
    translate: false
    en:
      preferred: GitHub
      deprecated: [Git Hub]
"""


def terms(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms ARGS`` in ``cwd``."""
    return run_cli(*args, cwd=cwd)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the test glossary."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def codes(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """Return (path, code) of each finding of a JSON run."""
    return [(d["path"], d["code"]) for d in json.loads(proc.stdout)["diagnostics"]]


def test_documents_declaring_odd_languages_fall_back(work: Path) -> None:
    (work / "x.po").write_text(
        'msgid ""\nmsgstr "Language: sr@latin\\n"\n\nmsgid "a"\nmsgstr "Pashinian"\n',
        encoding="utf-8",
    )
    (work / "l.html").write_text(
        '<p lang="x-default">Pashinian</p><p lang="English">Pashinian</p>', encoding="utf-8"
    )
    proc = terms("lint", "-g", "g.yaml", "x.po", "l.html", "--output-format", "json", cwd=work)
    assert proc.returncode == 1
    # sr-Latn has no terms in this glossary: nothing to say about the catalog, and no crash
    assert codes(proc) == [("l.html", "TRM101"), ("l.html", "TRM101")]
    assert terms("normalize", "-g", "g.yaml", "--check", "x.po", cwd=work).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_walking_skips_what_is_not_a_regular_file(work: Path) -> None:
    os.mkfifo(work / "pipe.md")
    (work / "a.md").write_text("Pashinian\n", encoding="utf-8")
    proc = terms("lint", "-g", "g.yaml", ".", "--output-format", "json", cwd=work)
    assert codes(proc) == [("a.md", "TRM101")]


def test_a_term_never_spans_a_paragraph_break(work: Path) -> None:
    (work / "a.txt").write_text("Title: Nagorno\n\nKarabaj is a region.\n", encoding="utf-8")
    proc = terms("lint", "-g", "g.yaml", "a.txt", "--output-format", "json", cwd=work)
    found = json.loads(proc.stdout)["diagnostics"]
    # Karabaj alone may be reported as a spelling; "Nagorno ... Karabaj" never as one term
    assert all(d["line"] == 3 for d in found), found
    assert all("Nagorno" not in d["message"].split("may be")[0] for d in found), found


def test_a_deeper_gitignore_re_includes(work: Path) -> None:
    (work / ".git").mkdir()
    (work / ".gitignore").write_text("*.md\n", encoding="utf-8")
    (work / "docs").mkdir()
    (work / "docs" / ".gitignore").write_text("!keep.md\n", encoding="utf-8")
    for name in ("docs/keep.md", "docs/drop.md", "top.md"):
        (work / name).write_text("Pashinian\n", encoding="utf-8")
    proc = terms("lint", "-g", "g.yaml", ".", "--output-format", "json", cwd=work)
    assert codes(proc) == [("docs/keep.md", "TRM101")]


def test_per_file_ignores_are_relative_to_the_config(work: Path) -> None:
    (work / "terms.toml").write_text(
        '[lint]\nper-file-ignores = {"archive/**/*.txt" = ["TRM101"]}\n', encoding="utf-8"
    )
    (work / "archive" / "old").mkdir(parents=True)
    (work / "archive" / "old" / "a.txt").write_text("Pashinian\n", encoding="utf-8")
    for where, path in (
        (work, "archive/old/a.txt"),
        (work, str(work / "archive" / "old" / "a.txt")),
        (work / "archive", "old/a.txt"),
    ):
        proc = terms("lint", "-g", str(work / "g.yaml"), path, cwd=where)
        assert (proc.returncode, proc.stdout) == (0, ""), (where, path)


def test_a_symlink_is_judged_where_it_is(work: Path) -> None:
    (work / ".git").mkdir()
    (work / ".gitignore").write_text("build/\n", encoding="utf-8")
    (work / "build").mkdir()
    (work / "build" / "c.txt").write_text("Pashinian\n", encoding="utf-8")
    (work / "src").mkdir()
    (work / "src" / "link.txt").symlink_to(work / "build" / "c.txt")
    proc = terms("lint", "-g", "g.yaml", ".", "--output-format", "json", cwd=work)
    assert codes(proc) == [("src/link.txt", "TRM101")]


def test_one_file_named_twice_is_checked_once(work: Path) -> None:
    (work / "a.txt").write_text("Pashinian\n", encoding="utf-8")
    proc = terms("lint", "-g", "g.yaml", "a.txt", "./a.txt", "--fix", cwd=work)
    assert "Fixed 1 finding." in proc.stderr
    assert (work / "a.txt").read_text(encoding="utf-8") == "Pashinyan\n"


def test_usage_errors_still_give_machine_output(work: Path) -> None:
    (work / "a.txt").write_text("x\n", encoding="utf-8")
    proc = terms(
        "lint", "-g", "g.yaml", "a.txt", "--unsafe-fixes", "--output-format", "json", cwd=work
    )
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["problems"][0]["code"] == "TRM033"


def test_do_not_translate_accepts_the_preferred_form(work: Path) -> None:
    (work / "es.po").write_text(
        'msgid ""\nmsgstr "Language: es\\n"\n\n'
        'msgid "Open Git Hub"\nmsgstr "Abrir GitHub"\n\n'
        'msgid "Open GitHub"\nmsgstr "Abrir Guithub"\n',
        encoding="utf-8",
    )
    proc = terms("lint", "-g", "g.yaml", "es.po", "--output-format", "json", cwd=work)
    found = json.loads(proc.stdout)["diagnostics"]
    assert [(d["line"], d["code"]) for d in found] == [(8, "TRM111")]


def test_a_tie_between_two_allowed_forms_points_away_from_the_preferred(work: Path) -> None:
    (work / "a.txt").write_text("Karabagh is a region. Nagorno-Karabakh is disputed.\n")
    proc = terms("lint", "-g", "g.yaml", "a.txt", cwd=work)
    assert proc.stdout.startswith("a.txt:1:1: TRM105 'Karabagh' here")


def test_prose_that_mentions_terms_is_not_a_directive(work: Path) -> None:
    (work / "a.txt").write_text("the glossary terms: ignored for now. Pashinian said.\n")
    proc = terms("lint", "-g", "g.yaml", "a.txt", cwd=work)
    assert "TRM101" in proc.stdout


def test_unused_suppressions_can_themselves_be_allowed(work: Path) -> None:
    (work / "a.md").write_text(
        "<!-- terms: ignore-file[TRM100] -->\n\nClean text. <!-- terms: ignore[TRM101] -->\n",
        encoding="utf-8",
    )
    proc = terms("lint", "-g", "g.yaml", "a.md", cwd=work)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_unknown_codes_in_the_config_name_the_config_line(work: Path) -> None:
    (work / "terms.toml").write_text('[lint]\nignore = ["TRM101", "nope"]\n', encoding="utf-8")
    (work / "a.txt").write_text("x\n", encoding="utf-8")
    proc = terms("lint", "-g", "g.yaml", "a.txt", cwd=work)
    assert proc.returncode == 2
    assert "terms.toml:2:1: error TRM022: unknown check code or name in 'ignore': nope" in (
        proc.stderr
    )


def test_full_output_shows_a_window_of_long_lines() -> None:
    line = "Pashinian said. " * 500
    found = [
        Diagnostic("a.txt", 1, c, 1, c + 9, "TRM101", "variant", Severity.ERROR, "m")
        for c in range(1, len(line), 16)
    ]
    output = render(found, "full", sources={"a.txt": line})
    assert len(output) < 200 * len(found)
