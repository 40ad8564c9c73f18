"""``terms lint`` and ``terms normalize`` on gettext catalogs: real PO files through polib."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import run_cli

GLOSSARY = """\
version: 1
name: po-test
concepts:
  csto:
    type: organization
    en: Collective Security Treaty Organization
    es:
      preferred: Organización del Tratado de Seguridad Colectiva
      deprecated: [Organización del Pacto de Seguridad Colectiva]
  pashinyan:
    type: person
    en: Pashinyan
    es:
      preferred: Pashinián
      deprecated: [Pashinyan]
  app:
    type: product
    translate: false
    en: Termly
"""


def catalog(path: Path, entries: list[tuple[str, str]], lang: str = "es", **flags: str) -> Path:
    """Write a real PO catalog with polib."""
    po = polib.POFile(wrapwidth=40)
    po.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        if msgid in flags:
            entry.tcomment = flags[msgid]
        po.append(entry)
    po.save(str(path))
    return path


def terms(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms ARGS --glossary g.yaml`` in ``cwd``."""
    return run_cli(*args, "--glossary", "g.yaml", cwd=cwd)


def findings(cwd: Path, *paths: str) -> list[tuple[str, int, str]]:
    """Return (path, line, code) of each finding of a JSON lint run."""
    proc = terms("lint", *paths, "--output-format", "json", cwd=cwd)
    return [(d["path"], d["line"], d["code"]) for d in json.loads(proc.stdout)["diagnostics"]]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the test glossary."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_the_catalog_language_is_the_target(work: Path) -> None:
    catalog(work / "es.po", [("Pashinyan spoke.", "Pashinyan habló.")])
    proc = terms("lint", "es.po", cwd=work)
    assert "TRM101 [*] 'Pashinyan' is deprecated in es; write 'Pashinián'" in proc.stdout


def test_key_term_missing_from_the_translation(work: Path) -> None:
    catalog(
        work / "es.po",
        [
            ("The Collective Security Treaty Organization met.", "La alianza se reunió."),
            (
                "The Collective Security Treaty Organization met again.",
                "La Organización del Tratado de Seguridad Colectiva se reunió otra vez.",
            ),
        ],
    )
    assert [code for *_, code in findings(work, "es.po")] == ["TRM110"]


def test_a_variant_in_the_translation_is_a_variant_not_a_missing_term(work: Path) -> None:
    catalog(
        work / "es.po",
        [
            (
                "The Collective Security Treaty Organization met.",
                "La Organización del Pacto de Seguridad Colectiva se reunió.",
            )
        ],
    )
    assert [code for *_, code in findings(work, "es.po")] == ["TRM101"]


def test_do_not_translate_terms_stay_as_written(work: Path) -> None:
    catalog(
        work / "es.po",
        [("Open Termly now.", "Abre Términly ahora."), ("Termly is open.", "Termly está abierto.")],
    )
    assert [code for *_, code in findings(work, "es.po")] == ["TRM111"]


def test_one_msgid_translated_two_ways_across_catalogs(work: Path) -> None:
    catalog(work / "a.po", [("Save", "Guardar")])
    catalog(work / "b.po", [("Save", "Guardar")])
    catalog(work / "c.po", [("Save", "Salvar")])
    catalog(work / "pt.po", [("Save", "Salvar")], lang="pt")  # another language: not compared
    assert findings(work, "a.po", "b.po", "c.po", "pt.po") == [("c.po", 8, "TRM112")]


def test_translator_comment_suppresses_the_entry(work: Path) -> None:
    catalog(
        work / "es.po",
        [("The Collective Security Treaty Organization met.", "La alianza se reunió.")],
        **{"The Collective Security Treaty Organization met.": "terms: ignore[TRM110]"},
    )
    assert findings(work, "es.po") == []


def test_fix_changes_only_the_msgstr_lines(work: Path) -> None:
    long_text = "Según dijo ayer el primer ministro Pashinyan, las conversaciones seguirán."
    path = catalog(
        work / "es.po",
        [
            (
                "Untouched entry that polib wraps over several lines, as it is.",
                "Entrada intacta que polib parte en varias líneas, tal como está.",
            ),
            ("Pashinyan said the talks go on.", long_text),
        ],
    )
    before = path.read_text(encoding="utf-8").splitlines()
    proc = terms("lint", "es.po", "--fix", cwd=work)
    assert proc.returncode == 0, proc.stdout
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1 and "Pashinián" in after[changed[0]]
    assert before[changed[0]].replace("Pashinyan", "Pashinián") == after[changed[0]]
    entry = polib.pofile(str(path)).find("Pashinyan said the talks go on.")
    assert entry is not None
    assert entry.msgstr == long_text.replace("Pashinyan", "Pashinián")


def test_normalize_rewrites_msgstr_never_msgid(work: Path) -> None:
    path = catalog(work / "es.po", [("Pashinyan spoke.", "Pashinyan habló.")])
    proc = terms("normalize", "--write", "es.po", cwd=work)
    assert proc.returncode == 0, proc.stderr
    entry = polib.pofile(str(path)).find("Pashinyan spoke.")
    assert entry is not None and entry.msgstr == "Pashinián habló."


def test_broken_catalog_is_an_error_with_its_line(work: Path) -> None:
    (work / "bad.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    proc = terms("lint", "bad.po", cwd=work)
    assert proc.returncode == 2
    assert "bad.po:2:" in proc.stderr and "TRM035" in proc.stderr
