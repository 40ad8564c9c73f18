"""One fixture per lint check, with its expected concise and JSON output (golden files).

Each fixture in ``tests/fixtures/lint/`` is named after the check it shows (a folder for the
check across catalogs) and is linted with ``--select`` of that code against the fixtures'
glossary, through the real command. Regenerate the golden files in ``tests/golden/lint/``
with ``TERMS_UPDATE_GOLDEN=1 python -m pytest tests/test_lint_cases.py`` and review the diff.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from terms.lint.rules import RULES

from conftest import FIXTURES, ROOT, TESTS, check_golden, run_terms

CASES = FIXTURES / "lint"
LINT_SCHEMA = json.loads((ROOT / "docs" / "lint.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((TESTS / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def case_for(code: str) -> str:
    """Return the fixture (file or folder name) of a check."""
    found = [p.name for p in CASES.iterdir() if p.name.split(".")[0] == code]
    assert len(found) == 1, f"one fixture per check: {code} has {found}"
    return found[0]


def lint(code: str, *options: str) -> tuple[int, str]:
    """Lint a check's fixture with only that check; return the exit status and stdout."""
    proc = run_terms(
        "lint", "--glossary", "glossary.yaml", "--select", code, case_for(code), *options, cwd=CASES
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc.returncode, proc.stdout.decode("utf-8")


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_each_check_on_its_fixture(code: str) -> None:
    status, concise = lint(code)
    assert status == 1
    assert all(f": {code} " in line for line in concise.splitlines()[:-1])
    check_golden(f"lint/{code}.concise.txt", concise)
    _, output = lint(code, "--output-format", "json")
    document = json.loads(output)
    jsonschema.validate(document, LINT_SCHEMA)
    assert {d["code"] for d in document["diagnostics"]} == {code}
    check_golden(f"lint/{code}.json", output)
    _, sarif = lint(code, "--output-format", "sarif")
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)
    validator(SARIF_SCHEMA).validate(json.loads(sarif))


def test_fixtures_are_clean_of_every_other_check() -> None:
    # each fixture shows its own check only, so a change in another check cannot hide in it
    for rule in RULES:
        proc = run_terms("lint", "--glossary", "glossary.yaml", case_for(rule.code), cwd=CASES)
        codes = {line.split()[1] for line in proc.stdout.decode().splitlines()[:-1]}
        assert codes == {rule.code}, (rule.code, codes)
