"""End-to-end tests of ``terms lint`` and ``terms rule``, run as real subprocesses."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli

GLOSSARY = """\
version: 1
name: lint-test
concepts:
  pashinyan:
    type: person
    en:
      preferred: Pashinyan
      deprecated: [Pashinian]
    es: Pashinián
  karabakh:
    type: place
    en:
      preferred: Karabakh
      admitted: [Karabagh]
    es: Karabaj
  csto:
    type: organization
    en: CSTO
    es: OTSC
    ru: ОДКБ
  slur:
    type: term
    en:
      preferred: Roma
      forbidden: [Gipsies]
  app:
    type: product
    translate: false
    en: Termly
"""


def lint(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms lint --glossary g.yaml ARGS`` in ``cwd``."""
    return run_cli("lint", "--glossary", "g.yaml", *args, cwd=cwd)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the test glossary."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_findings_point_at_line_and_column_and_exit_1(work: Path) -> None:
    (work / "a.txt").write_text("Intro.\nThen Pashinian met the ОДКБ.\n", encoding="utf-8")
    proc = lint("a.txt", cwd=work)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "a.txt:2:6: TRM101 [*] 'Pashinian' is deprecated in en; write 'Pashinyan'",
        "a.txt:2:24: TRM101 [*] 'ОДКБ' is the ru form; in en write 'CSTO'",
        "Found 2 findings (2 fixable with --fix).",
    ]


def test_clean_files_exit_0_with_no_output(work: Path) -> None:
    (work / "a.txt").write_text("Pashinyan met the CSTO in Karabakh.\n", encoding="utf-8")
    proc = lint("a.txt", cwd=work)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_exit_zero_keeps_the_report(work: Path) -> None:
    (work / "a.txt").write_text("Pashinian\n", encoding="utf-8")
    proc = lint("a.txt", "--exit-zero", cwd=work)
    assert proc.returncode == 0
    assert "TRM101" in proc.stdout


def test_fix_rewrites_safe_fixes_and_keeps_bom_and_newlines(work: Path) -> None:
    path = work / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfPashinian said\r\nGipsies\r\n")
    proc = lint("a.txt", "--fix", cwd=work)
    assert path.read_bytes() == b"\xef\xbb\xbfPashinyan said\r\nGipsies\r\n"
    # the forbidden term has an unsafe fix only: it is still reported, now on its own
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("a.txt:2:1: TRM103 ")
    assert "Fixed 1 finding." in proc.stderr
    lint("a.txt", "--fix", "--unsafe-fixes", cwd=work)
    assert path.read_bytes() == b"\xef\xbb\xbfPashinyan said\r\nRoma\r\n"


def test_diff_shows_fixes_and_changes_nothing(work: Path) -> None:
    path = work / "a.txt"
    path.write_text("Pashinian\n", encoding="utf-8")
    proc = lint("a.txt", "--diff", cwd=work)
    assert proc.returncode == 1
    assert "-Pashinian" in proc.stdout and "+Pashinyan" in proc.stdout
    assert path.read_text(encoding="utf-8") == "Pashinian\n"


def test_unsafe_fixes_alone_is_a_usage_error(work: Path) -> None:
    (work / "a.txt").write_text("x\n", encoding="utf-8")
    proc = lint("a.txt", "--unsafe-fixes", cwd=work)
    assert proc.returncode == 2
    assert "TRM033" in proc.stderr


def test_one_concept_written_two_ways(work: Path) -> None:
    (work / "a.txt").write_text("Karabakh. Karabakh.\nKarabagh.\n", encoding="utf-8")
    proc = lint("a.txt", cwd=work)
    assert proc.stdout.splitlines()[0] == (
        "a.txt:2:1: TRM105 'Karabagh' here, 'Karabakh' 2 times elsewhere in this document "
        "(concept karabakh)"
    )


def test_select_and_ignore_by_code_prefix_and_name(work: Path) -> None:
    (work / "a.txt").write_text("Pashinian. Karabakh. Karabagh. Gipsies.\n", encoding="utf-8")

    def codes(*options: str) -> list[str]:
        proc = lint("a.txt", "--output-format", "json", *options, cwd=work)
        return [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]

    assert codes() == ["TRM101", "TRM105", "TRM103"]
    assert codes("--select", "TRM105") == ["TRM105"]
    assert codes("--ignore", "inconsistent,forbidden") == ["TRM101"]
    assert codes("--select", "TRM10", "--ignore", "TRM101") == ["TRM105", "TRM103"]
    proc = lint("a.txt", "--select", "TRM999", cwd=work)
    assert proc.returncode == 2 and "unknown check code" in proc.stderr


def test_config_lint_table_severity_and_per_file_ignores(work: Path) -> None:
    (work / "terms.toml").write_text(
        '[lint]\nignore = ["TRM103"]\nseverity = {TRM105 = "info"}\n'
        'per-file-ignores = {"legacy/*" = ["TRM1"]}\n',
        encoding="utf-8",
    )
    (work / "legacy").mkdir()
    (work / "legacy" / "old.txt").write_text("Pashinian\n", encoding="utf-8")
    (work / "a.txt").write_text("Karabakh. Karabagh. Gipsies.\n", encoding="utf-8")
    proc = lint(".", "--output-format", "json", cwd=work)
    found = json.loads(proc.stdout)["diagnostics"]
    assert [(d["path"], d["code"], d["severity"]) for d in found] == [("a.txt", "TRM105", "info")]
    assert proc.returncode == 0  # info findings do not fail a run


def test_config_errors_name_the_key(work: Path) -> None:
    (work / "terms.toml").write_text("[lint]\nselekt = []\n", encoding="utf-8")
    proc = lint(".", cwd=work)
    assert proc.returncode == 2
    assert "terms.toml:2:1: error TRM021: unknown key 'selekt' in [lint]" in proc.stderr


def test_suppressions_and_unused_ones(work: Path) -> None:
    (work / "a.txt").write_text(
        "Pashinian  terms: ignore[TRM101]\n"
        "terms: ignore-next-line\n"
        "Pashinian\n"
        "Pashinyan  terms: ignore[TRM105]\n",
        encoding="utf-8",
    )
    proc = lint("a.txt", cwd=work)
    assert proc.stdout.splitlines()[:-1] == [
        "a.txt:4:12: TRM100 unused suppression (TRM105): nothing to silence here"
    ]


def test_walks_folders_honouring_gitignore_and_force_exclude(work: Path) -> None:
    (work / ".git").mkdir()
    (work / ".gitignore").write_text("build/\n", encoding="utf-8")
    (work / "terms.toml").write_text('exclude = ["vendor/"]\n', encoding="utf-8")
    for name in ("docs/a.md", "build/b.md", "vendor/c.md", "notes.py"):
        (work / name).parent.mkdir(exist_ok=True)
        (work / name).write_text("Pashinian\n", encoding="utf-8")
    proc = lint(".", "--output-format", "json", cwd=work)
    assert [d["path"] for d in json.loads(proc.stdout)["diagnostics"]] == ["docs/a.md"]
    named = lint("vendor/c.md", "--output-format", "json", cwd=work)
    assert len(json.loads(named.stdout)["diagnostics"]) == 1  # named files are read
    forced = lint("vendor/c.md", "--force-exclude", cwd=work)
    assert (forced.returncode, forced.stdout) == (0, "")


def test_unreadable_files_are_errors_and_the_rest_is_still_checked(work: Path) -> None:
    (work / "a.txt").write_text("Pashinian\n", encoding="utf-8")
    (work / "bad.txt").write_bytes(b"caf\xe9\n")
    proc = lint("a.txt", "bad.txt", "missing.txt", cwd=work)
    assert proc.returncode == 2
    assert "a.txt:1:1: TRM101" in proc.stdout
    assert "bad.txt:1:4: error TRM032" in proc.stderr
    assert "missing.txt: error TRM030" in proc.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_machine_formats_carry_glossary_errors(work: Path, fmt: str) -> None:
    (work / "g.yaml").write_text("version: 1\nconcepts: [\n", encoding="utf-8")
    (work / "a.txt").write_text("x\n", encoding="utf-8")
    proc = lint("a.txt", "--output-format", fmt, cwd=work)
    assert proc.returncode == 2
    assert "TRM001" in proc.stderr
    if fmt == "json":
        assert json.loads(proc.stdout)["problems"][0]["code"] == "TRM001"


def test_statistics(work: Path) -> None:
    (work / "a.txt").write_text("Pashinian Pashinian Gipsies\n", encoding="utf-8")
    proc = lint("a.txt", "--statistics", cwd=work)
    lines = [line.split() for line in proc.stdout.splitlines()]
    assert lines[0][:2] == ["2", "TRM101"]
    assert lines[1][:2] == ["1", "TRM103"]


def test_rule_explains_a_check(work: Path) -> None:
    proc = run_cli("rule", "variant", cwd=work)
    assert proc.returncode == 0
    assert proc.stdout.startswith("TRM101 (variant): ")
    assert "Example" in proc.stdout
    listing = run_cli("rule", "--all", cwd=work)
    assert [line.split()[0] for line in listing.stdout.splitlines()][:3] == [
        "TRM100",
        "TRM101",
        "TRM102",
    ]
    unknown = run_cli("rule", "TRM999", cwd=work)
    assert unknown.returncode == 2


def test_a_language_of_forbidden_terms_only_is_reported_without_a_fix(work: Path) -> None:
    (work / "f.yaml").write_text(
        "version: 1\nconcepts:\n  please:\n    en: {forbidden: [please, kindly]}\n",
        encoding="utf-8",
    )
    (work / "a.txt").write_text("Please click, kindly.\n", encoding="utf-8")
    proc = run_cli("lint", "-g", "f.yaml", "a.txt", "--fix", "--unsafe-fixes", cwd=work)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "a.txt:1:1: TRM103 'Please' is forbidden in en",
        "a.txt:1:15: TRM103 'kindly' is forbidden in en",
        "Found 2 findings.",
    ]
    assert (work / "a.txt").read_text(encoding="utf-8") == "Please click, kindly.\n"
    normalized = run_cli("normalize", "-g", "f.yaml", "a.txt", cwd=work)
    assert normalized.stdout == "Please click, kindly.\n"
    assert "forbidden term 'Please' (the glossary gives no replacement)" in normalized.stderr
