"""The seed article as Markdown and as HTML: the same findings as the plain text, and fixes
that leave every byte of markup, code and script alone. Files without findings come back from
``--fix`` byte for byte (and are not rewritten at all).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, SEED, check_golden, run_terms

MARKDOWN = FIXTURES / "armenia-border-guards.en.md"
HTML = FIXTURES / "armenia-border-guards.en.html"
OLD_TIME_NS = 1_000_000_000 * 10**9


def spans(path: Path) -> list[tuple[str, str]]:
    """Return (original, replacement) of each lint finding in a file."""
    proc = run_terms("lint", str(path), "--output-format", "json", cwd=path.parent)
    document = json.loads(proc.stdout)
    return [(d["data"]["original"], d["data"]["replacement"]) for d in document["diagnostics"]]


def test_markdown_and_html_give_the_findings_of_the_text() -> None:
    expected = spans(SEED)
    assert len(expected) == 17
    assert spans(MARKDOWN) == expected
    assert spans(HTML) == expected


@pytest.mark.parametrize("path", [MARKDOWN, HTML], ids=["markdown", "html"])
def test_normalize_diff_of_the_seed_article(path: Path) -> None:
    proc = run_terms("normalize", "--diff", path.name, cwd=path.parent)
    assert proc.returncode == 1
    check_golden(f"{path.name}.diff", proc.stdout.decode("utf-8"))


@pytest.mark.parametrize("path", [MARKDOWN, HTML], ids=["markdown", "html"])
def test_fixes_touch_only_the_variants(tmp_path: Path, path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    proc = run_terms("lint", "--fix", copy.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    before = path.read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        if "Pashinian" in old and ("api?q=" in old or "var who" in old or "/*" in old):
            assert old == new  # code, script and style are never text
    changed = sum(old != new for old, new in zip(before, after, strict=True))
    assert changed == 10  # the ten lines with variants, as in the plain text


def clean_catalog(path: Path) -> Path:
    """Write a PO catalog with no findings: wrapped lines, escapes, a plural, an obsolete entry."""
    po = polib.POFile(wrapwidth=30)
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(
            msgid='Nikol Pashinyan met the "CSTO" leaders in Yerevan yesterday.',
            msgstr='Nikol Pashinyan met the "CSTO" leaders in Yerevan yesterday.',
        )
    )
    po.append(
        polib.POEntry(
            msgid="%d soldier",
            msgid_plural="%d soldiers",
            msgstr_plural={0: "%d soldier", 1: "%d soldiers"},
        )
    )
    po.append(polib.POEntry(msgid="Old", msgstr="Pashinian", obsolete=True))
    po.save(str(path))
    return path


def test_files_without_findings_are_byte_identical_after_fix(tmp_path: Path) -> None:
    fixed = []
    for source in (MARKDOWN, HTML):
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        run_terms("lint", "--fix", copy.name, cwd=tmp_path)
        fixed.append(copy)
    fixed.append(clean_catalog(tmp_path / "clean.po"))
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"# Yerevan\r\n\r\nPashinyan &amp; the *CSTO*.\r\n")
    fixed.append(crlf)
    for path in fixed:
        data = path.read_bytes()
        os.utime(path, ns=(OLD_TIME_NS, OLD_TIME_NS))
        proc = run_terms("lint", "--fix", path.name, cwd=tmp_path)
        assert proc.returncode == 0, (path.name, proc.stdout)
        assert path.read_bytes() == data
        assert path.stat().st_mtime_ns == OLD_TIME_NS  # not even rewritten
