"""The documentation stays true: schema, codes and options match the code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from terms.cli import build_parser
from terms.codes import CODES
from terms.lint.rules import RULES

from conftest import ROOT, SEED, run_terms

SCHEMA = json.loads((ROOT / "docs" / "normalize.schema.json").read_text(encoding="utf-8"))


def test_json_output_matches_the_documented_schema(tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    (tmp_path / "ambiguous.yaml").write_text(
        "version: 1\nconcepts:\n  a:\n    type: place\n    de: Georgia\n"
        "  b:\n    type: place\n    es: Georgia\n    en: Georgia (country)\n",
        encoding="utf-8",
    )
    runs = [
        run_terms(
            "normalize", "--format", "json", str(SEED), "bad.txt", "missing.txt", cwd=tmp_path
        ),
        run_terms(
            "normalize",
            "--format",
            "json",
            "--glossary",
            "ambiguous.yaml",
            "--lang",
            "en",
            cwd=tmp_path,
            stdin=b"Georgia\n",
        ),
    ]
    documents = [json.loads(proc.stdout) for proc in runs]
    for document in documents:
        jsonschema.validate(document, SCHEMA)
    first, second = documents
    assert [e["code"] for e in first["errors"]] == ["TRM032", "TRM030"]
    assert len(first["files"][0]["changes"]) == 17
    ambiguous = second["files"][0]["changes"][0]
    assert (ambiguous["replacement"], ambiguous["concept"], ambiguous["applied"]) == (
        None,
        None,
        False,
    )


def test_every_code_is_documented() -> None:
    docs = (ROOT / "docs" / "glossary-format.md").read_text(encoding="utf-8")
    for code, entry in CODES.items():
        assert f"| {code} | {entry.name} |" in docs


def test_readme_names_every_normalize_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    normalize = parser._subparsers._group_actions[0].choices["normalize"]  # type: ignore[union-attr]
    for action in normalize._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in readme, option


def test_readme_names_every_lint_option_and_check() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    lint = parser._subparsers._group_actions[0].choices["lint"]  # type: ignore[union-attr]
    for action in lint._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in readme, option
    for found in RULES:
        assert f"| {found.code} | {found.name} |" in readme, found.code


def test_readme_names_every_clean_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `terms clean`")[1].split("\n## ")[0]
    parser = build_parser()
    clean = parser._subparsers._group_actions[0].choices["clean"]  # type: ignore[union-attr]
    for action in clean._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in section, option


def test_readme_clean_example_is_what_clean_does(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## `terms clean`")[1].split("\n## ")[0].split())
    proc = run_terms("clean", "--lang", "en", "--format", "json", str(SEED), cwd=tmp_path)
    changes = json.loads(proc.stdout)["files"][0]["changes"]
    steps = [change["step"] for change in changes]
    assert steps.count("terminology") == 17 and "the 17 changes of `normalize`" in section
    [quote] = [c for c in changes if c["step"] == "quotes"]
    assert (quote["original"], quote["replacement"]) == ("»", "”")
    assert "(`Azerbaijan».` becomes `Azerbaijan”.`)" in section
    assert steps.count("whitespace") == 1 and "one run of blank lines" in section
    removed = [c["original"].strip() for c in changes if c["step"] == "boilerplate"]
    assert "three lines of boilerplate removed" in section and len(removed) == 3
    assert all(f"`{line}`" in section for line in removed)
    assert len(changes) == 17 + 1 + 1 + 3


def test_readme_lint_example_is_what_lint_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("$ terms lint tests/fixtures/armenia-border-guards.en.txt\n")[1]
    first, _, summary = example.split("```")[0].strip().splitlines()
    proc = run_terms("lint", str(SEED.relative_to(ROOT)), cwd=ROOT)
    lines = proc.stdout.decode("utf-8").splitlines()
    assert (lines[0], lines[-1]) == (first, summary)


def test_precommit_hooks_run_real_lint_options(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"terms-lint", "terms-lint-fix"}
    (tmp_path / "a.md").write_text("Pashinian spoke.\n", encoding="utf-8")
    for hook in hooks:
        command, *options = hook["entry"].split()
        assert command == "terms"
        proc = run_terms(*options, "a.md", cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "Pashinyan spoke.\n"
