"""``terms glossary``: reading and editing glossary files through the real command."""

from __future__ import annotations

import difflib
import os
import subprocess
from pathlib import Path

import pytest

from terms.glossary import load_glossary

from conftest import ROOT, run_cli

OLD_TIME_NS = 1_000_000_000 * 10**9

GLOSSARY = """\
# House glossary: names in our foreign news.
version: 1
name: house
languages: [en, es]
concepts:
  # --- people
  pashinyan:  # Prime Minister of Armenia
    type: person
    en:
      preferred: Pashinyan
      deprecated: [Pashinian]   # the Spanish wire's spelling
    es: Pashinián
    specs:
      - {lang: en, from: "Pashinian said", to: "Pashinyan said"}
  # --- places
  yerevan:
    type: place
    en: Yerevan
    es: Ereván
"""


def glossary(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms glossary ARGS`` in ``cwd``."""
    return run_cli("glossary", *args, cwd=cwd)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the house glossary as g.yaml."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def changed_lines(before: str, after: str) -> list[str]:
    """Return the lines a diff from ``before`` to ``after`` adds."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_add_a_term_touches_only_its_lines(work: Path) -> None:
    proc = glossary("add", "yerevan", "en", "Erevan", "--status", "deprecated", "-f", "g.yaml",
                    cwd=work)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    after = (work / "g.yaml").read_text(encoding="utf-8")
    assert changed_lines(GLOSSARY, after) == [
        "    en:",
        "      preferred: Yerevan",
        "      deprecated: [Erevan]",
    ]
    assert "# the Spanish wire's spelling" in after and "# --- places" in after
    concept = load_glossary(work / "g.yaml").concepts[1]
    assert [(t.text, t.status.value) for t in concept.terms if t.lang == "en"] == [
        ("Yerevan", "preferred"),
        ("Erevan", "deprecated"),
    ]


def test_a_new_preferred_term_demotes_the_old_one(work: Path) -> None:
    glossary("add", "yerevan", "es", "Erevan", "-f", "g.yaml", cwd=work)
    concept = load_glossary(work / "g.yaml").concepts[1]
    assert [(t.text, t.status.value) for t in concept.terms if t.lang == "es"] == [
        ("Erevan", "preferred"),
        ("Ereván", "admitted"),
    ]


def test_add_a_concept_with_a_type(work: Path) -> None:
    proc = glossary("add", "gyumri", "en", "Gyumri", "--type", "place", "-f", "g.yaml", cwd=work)
    assert proc.returncode == 0
    concept = load_glossary(work / "g.yaml").concepts[-1]
    assert (concept.id, concept.type, concept.terms[0].text) == ("gyumri", "place", "Gyumri")


def test_an_edit_that_breaks_the_glossary_is_refused_and_nothing_is_written(work: Path) -> None:
    path = work / "g.yaml"
    os.utime(path, ns=(OLD_TIME_NS, OLD_TIME_NS))
    # making the spec's source a preferred term breaks the spec: refused, with its location
    proc = glossary("add", "pashinyan", "en", "Pashinian", "-f", "g.yaml", cwd=work)
    assert proc.returncode == 2
    assert "g.yaml:14:9: error TRM016: spec of concept 'pashinyan' failed" in proc.stderr
    assert path.read_text(encoding="utf-8") == GLOSSARY
    assert path.stat().st_mtime_ns == OLD_TIME_NS
    proc = glossary("add", "nobody", "xx-nonsense", "X", "-f", "g.yaml", cwd=work)
    assert proc.returncode == 2 and "TRM033" in proc.stderr


def test_rm_rename_and_set(work: Path) -> None:
    assert glossary("rm", "pashinyan", "en", "Pashinian", "-f", "g.yaml", cwd=work).returncode == 0
    text = (work / "g.yaml").read_text(encoding="utf-8")
    assert "Pashinian]" not in text
    assert "    en: Pashinyan\n" not in text  # the language mapping stays a mapping
    assert "      preferred: Pashinyan\n" in text
    assert glossary("rename", "yerevan", "city-yerevan", "-f", "g.yaml", cwd=work).returncode == 0
    assert (
        glossary("set", "city-yerevan", "note", "Capital.", "-f", "g.yaml", cwd=work).returncode
        == 0
    )
    assert glossary("rm", "city-yerevan", "-f", "g.yaml", cwd=work).returncode == 0
    ids = [c.id for c in load_glossary(work / "g.yaml").concepts]
    assert ids == ["pashinyan"]
    assert "# --- places" in (work / "g.yaml").read_text(encoding="utf-8")


def test_merge_keeps_where_each_term_came_from(work: Path) -> None:
    with (work / "g.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  erevan:\n    type: place\n    en: Erevan\n    fr: Erevan\n")
    proc = glossary("merge", "yerevan", "erevan", "-f", "g.yaml", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert "'Erevan' (en) was preferred in 'erevan': now admitted" in proc.stderr
    concept = load_glossary(work / "g.yaml").concepts[1]
    moved = [(t.lang, t.text, t.status.value, t.source) for t in concept.terms if t.source]
    assert moved == [
        ("en", "Erevan", "admitted", "merged from 'erevan'"),
        ("fr", "Erevan", "preferred", "merged from 'erevan'"),
    ]


def test_edits_keep_bom_and_crlf(work: Path) -> None:
    path = work / "g.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GLOSSARY.replace("\n", "\r\n").encode("utf-8"))
    glossary("add", "yerevan", "fr", "Erevan", "-f", "g.yaml", cwd=work)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
    assert b"    fr: Erevan\r\n" in data


def test_fmt_orders_keys_and_keeps_comments(work: Path) -> None:
    text = GLOSSARY.replace(
        "    en: Yerevan\n    es: Ereván\n", "    es: Ereván\n    en: Yerevan\n"
    )
    (work / "g.yaml").write_text(text, encoding="utf-8")
    check = glossary("fmt", "--check", "-f", "g.yaml", cwd=work)
    assert (check.returncode, check.stdout) == (1, "would reformat g.yaml\n")
    assert glossary("fmt", "-f", "g.yaml", cwd=work).returncode == 0
    assert (work / "g.yaml").read_text(encoding="utf-8") == GLOSSARY
    assert glossary("fmt", "--check", "-f", "g.yaml", cwd=work).returncode == 0


def test_shipped_glossaries_are_canonical_and_validate_clean() -> None:
    for path in sorted((ROOT / "glossaries").glob("*.yaml")):
        proc = glossary("fmt", "--check", "-f", path, cwd=ROOT)
        assert proc.returncode == 0, f"{path.name}: run `terms glossary fmt -f {path}`"
        proc = glossary("validate", "-g", path, cwd=ROOT)
        assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout


def test_validate_warns_with_codes_and_places(work: Path) -> None:
    (work / "w.yaml").write_text(
        "version: 1\nlanguages: [en, fr]\nconcepts:\n"
        "  tbilisi:\n    type: place\n    en: {preferred: Tbilisi, deprecated: [Tiflis]}\n"
        "    fr: Tbilissi\n"
        "  tiflis:\n    type: work\n    de: Tiflis-Roman\n"
        "  answer:\n    en: {preferred: reply, deprecated: [answer]}\n",
        encoding="utf-8",
    )
    proc = glossary("validate", "-g", "w.yaml", cwd=work)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "w.yaml:8:3: warning TRM042: concept 'tiflis' has no term in en, fr",
        "w.yaml:11:3: warning TRM042: concept 'answer' has no term in fr",
        "w.yaml:12:41: warning TRM040: variant 'answer' is an everyday word in en: ordinary "
        "text would be rewritten",
    ]


def test_list_show_find_stats(work: Path) -> None:
    listing = glossary("list", "-g", "g.yaml", cwd=work).stdout.splitlines()
    assert [line.split()[:3] for line in listing] == [
        ["pashinyan", "person", "Pashinyan"],
        ["yerevan", "place", "Yerevan"],
    ]
    shown = glossary("show", "pashinyan", "-g", "g.yaml", cwd=work).stdout
    assert shown.startswith("# g.yaml:7\npashinyan:")
    assert "# Prime Minister of Armenia" in shown and "# the Spanish wire's spelling" in shown
    found = glossary("find", "Pashinjan", "-g", "g.yaml", cwd=work).stdout.splitlines()
    assert found[0].split()[1:] == ["pashinyan", "en", "preferred", "Pashinyan"]
    table = glossary("stats", "-g", "g.yaml", cwd=work).stdout
    assert "concepts: 2 (1 person, 1 place)" in table
    assert [line.split()[0] for line in table.splitlines()[4:6]] == ["en", "es"], table


def test_export_tbx_and_use_it_as_a_glossary(tmp_path: Path) -> None:
    shipped = ROOT / "glossaries" / "caucasus.yaml"
    proc = glossary("export", "tbx", "-g", shipped, "-o", "c.tbx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "note: not written for concept" in proc.stderr  # what TBX cannot hold is named
    seed = ROOT / "tests" / "fixtures" / "armenia-border-guards.en.txt"
    runs = [
        run_cli("lint", "-g", g, seed, cwd=tmp_path).stdout.splitlines()[-1]
        for g in (shipped, tmp_path / "c.tbx")
    ]
    assert runs == ["Found 17 findings (17 fixable with --fix)."] * 2


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(work: Path) -> None:
    proc = glossary("export", "tbx", "-g", "g.yaml", "-o", work / "no" / "such" / "x.tbx", cwd=work)
    assert proc.returncode == 2
    assert "error TRM034: cannot write" in proc.stderr
