"""The documentation stays true: schema, codes and options match the code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from terms.cli import build_parser
from terms.codes import CODES

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
