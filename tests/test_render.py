"""The output formats of `terms lint`: exact text, escaping, and the documented schemas."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest
from jsonschema.validators import validator_for

import terms
from terms.errors import Problem, UsageError
from terms.formats.base import Edit
from terms.lint.diagnostic import Applicability, Diagnostic, Fix, Severity
from terms.lint.render import FORMATS, RuleInfo, render

from conftest import ROOT, TESTS

LINT_SCHEMA = json.loads((ROOT / "docs" / "lint.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((TESTS / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))

DOC = "docs/ñandú.md"
REPORT = "reports/q1,q2:draft.md"
SOURCE = "Nikol Pashinian met Ilham Aliev.\n\tAliev said: 100%.\n東京 Pashinian\n"
# offsets in SOURCE: line 1 starts at 0, line 2 at 33, line 3 at 52


def _variant(line: int, column: int, start: int) -> Diagnostic:
    fix = Fix(
        (Edit(start, start + 9, "Pashinyan"),), Applicability.SAFE, "replace with 'Pashinyan'"
    )
    return Diagnostic(
        DOC,
        line,
        column,
        line,
        column + 9,
        "TRM101",
        "variant",
        Severity.WARNING,
        "'Pashinian' is a variant of 'Pashinyan'",
        fix,
        {"concept": "nikol-pashinyan", "original": "Pashinian", "score": 100.0, "kind": "exact"},
    )


FORBIDDEN = Diagnostic(
    DOC,
    2,
    2,
    2,
    7,
    "TRM102",
    "forbidden",
    Severity.ERROR,
    "'Aliev' is forbidden: 100% wrong,\r\nsee the glossary",
    Fix((Edit(34, 39, "Aliyev"),), Applicability.UNSAFE, "replace with 'Aliyev'"),
    {"kind": Severity.ERROR},  # an enum: the JSON output turns it into its value
)
FUZZY = Diagnostic(
    REPORT, 5, 3, 5, 9, "TRM103", "fuzzy-match", Severity.INFO, "'Moskva' may be 'Moscow'"
)
DIAGNOSTICS = [FUZZY, _variant(3, 4, 55), FORBIDDEN, _variant(1, 7, 6)]  # not in order
PROBLEMS = [
    Problem("TRM030", "cannot read file", "missing.md"),
    Problem("TRM032", "not valid UTF-8", "bad.txt", 3, 1),
]
RULES = {
    "TRM101": RuleInfo(
        "TRM101", "variant", "A known variant of a preferred term.", "https://e.x/v"
    ),
    "TRM102": RuleInfo("TRM102", "forbidden", "A term the glossary forbids."),
}

CONCISE_FINDINGS = [
    "docs/ñandú.md:1:7: TRM101 [*] 'Pashinian' is a variant of 'Pashinyan'",
    "docs/ñandú.md:2:2: TRM102 'Aliev' is forbidden: 100% wrong,\\r\\nsee the glossary",
    "docs/ñandú.md:3:4: TRM101 [*] 'Pashinian' is a variant of 'Pashinyan'",
    "reports/q1,q2:draft.md:5:3: TRM103 'Moskva' may be 'Moscow'",
]
PROBLEM_LINES = [
    "missing.md: error TRM030: cannot read file",
    "bad.txt:3:1: error TRM032: not valid UTF-8",
]
SUMMARY = "Found 4 findings (2 fixable with --fix, 1 more with --unsafe-fixes)."


def _diag(code: str = "TRM101", fix: Applicability | None = None, **kw: Any) -> Diagnostic:
    fixes = Fix((Edit(0, 1, "x"),), fix, "replace with 'x'") if fix else None
    fields: dict[str, Any] = {"path": "a.txt", "line": 1, "column": 1, "message": "m"} | kw
    line, column = fields["line"], fields["column"]
    return Diagnostic(
        fields["path"],
        line,
        column,
        line,
        column + 1,
        code,
        "variant",
        Severity.WARNING,
        fields["message"],
        fixes,
    )


# --- concise, full, statistics ------------------------------------------------------------------


def test_concise_lines_are_sorted_and_followed_by_problems_and_summary() -> None:
    text = render(DIAGNOSTICS, "concise", problems=PROBLEMS)
    assert text.splitlines() == [*CONCISE_FINDINGS, *PROBLEM_LINES, SUMMARY]
    assert text.endswith("\n")


def test_concise_output_is_empty_without_findings() -> None:
    assert render([], "concise") == ""
    assert render([], "concise", problems=PROBLEMS[:1]) == PROBLEM_LINES[0] + "\n"


@pytest.mark.parametrize(
    ("fixes", "summary"),
    [
        ([None], "Found 1 finding."),
        ([None, None], "Found 2 findings."),
        ([Applicability.SAFE], "Found 1 finding (1 fixable with --fix)."),
        ([Applicability.UNSAFE, None], "Found 2 findings (1 fixable with --unsafe-fixes)."),
        (
            [Applicability.SAFE, Applicability.UNSAFE, Applicability.UNSAFE],
            "Found 3 findings (1 fixable with --fix, 2 more with --unsafe-fixes).",
        ),
    ],
)
def test_summary_counts_safe_and_unsafe_fixes(
    fixes: list[Applicability | None], summary: str
) -> None:
    diagnostics = [_diag(fix=fix, line=n + 1) for n, fix in enumerate(fixes)]
    assert render(diagnostics, "concise").splitlines()[-1] == summary


def test_text_output_spells_out_control_characters() -> None:
    diagnostic = _diag(message="\x1b[31mred\x1b[0m\u2028next", path="we\nird.txt")
    line = render([diagnostic], "concise").splitlines()[0]
    assert line == "we\\nird.txt:1:1: TRM101 \\x1b[31mred\\x1b[0m\\u2028next"


def test_full_shows_source_lines_with_the_span_underlined_and_the_fix() -> None:
    text = render(DIAGNOSTICS, "full", problems=PROBLEMS, sources={DOC: SOURCE})
    expected = [
        CONCISE_FINDINGS[0],
        "  |",
        "1 | Nikol Pashinian met Ilham Aliev.",
        "  |       ^^^^^^^^^ TRM101",
        "  |",
        "  = help: replace with 'Pashinyan'",
        "",
        CONCISE_FINDINGS[1],
        "  |",
        "2 |     Aliev said: 100%.",  # the tab is expanded to the next tab stop
        "  |     ^^^^^ TRM102",
        "  |",
        "  = help: replace with 'Aliyev' (unsafe fix: needs --unsafe-fixes)",
        "",
        CONCISE_FINDINGS[2],
        "  |",
        "3 | 東京 Pashinian",
        "  |      ^^^^^^^^^ TRM101",  # wide letters take two columns each
        "  |",
        "  = help: replace with 'Pashinyan'",
        "",
        CONCISE_FINDINGS[3],  # no source text given for this file: the concise line
        "",
        *PROBLEM_LINES,
        SUMMARY,
    ]
    assert text.splitlines() == expected


def test_full_falls_back_to_the_concise_line_when_the_span_is_outside_the_source() -> None:
    beyond = _diag(line=7, fix=Applicability.SAFE)
    text = render([beyond], "full", sources={"a.txt": "one line\n"})
    assert text.splitlines() == [
        "a.txt:7:1: TRM101 [*] m",
        "  = help: replace with 'x'",
        "",
        "Found 1 finding (1 fixable with --fix).",
    ]


def test_full_underlines_to_the_end_of_the_line_for_a_span_over_several_lines() -> None:
    diagnostic = Diagnostic("a.txt", 1, 5, 2, 3, "TRM101", "variant", Severity.WARNING, "m")
    text = render([diagnostic], "full", sources={"a.txt": "The Nagorno\r\nKarabakh\r\n"})
    assert text.splitlines()[1:4] == ["  |", "1 | The Nagorno", "  |     ^^^^^^^ TRM101"]


@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_statistics_count_findings_per_code(fmt: str) -> None:
    text = render(DIAGNOSTICS, fmt, problems=PROBLEMS[:1], statistics=True)
    assert text.splitlines() == [
        "2  TRM101  variant      [*]",
        "1  TRM102  forbidden",
        "1  TRM103  fuzzy-match",
        PROBLEM_LINES[0],
    ]


def test_statistics_sort_by_count_then_code() -> None:
    diagnostics = [_diag("TRM109", line=n) for n in range(1, 12)] + [_diag("TRM102")]
    assert render(diagnostics, "concise", statistics=True).splitlines() == [
        "11  TRM109  variant",
        " 1  TRM102  variant",
    ]


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        render(DIAGNOSTICS, "xml")
    assert caught.value.problems[0].code == "TRM033"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_writes_colour_codes(fmt: str) -> None:
    diagnostic = _diag(message="\x1b[1mbold\x1b[0m")
    assert "\x1b" not in render([diagnostic, *DIAGNOSTICS], fmt, sources={DOC: SOURCE})


# --- json ---------------------------------------------------------------------------------------


def test_json_matches_the_documented_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(LINT_SCHEMA)
    document = json.loads(render(DIAGNOSTICS, "json", problems=PROBLEMS, statistics=True))
    jsonschema.validate(document, LINT_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["version"] == 1
    assert document["tool"] == {"name": "terms", "version": terms.__version__}
    assert document["summary"] == {
        "findings": 4,
        "fixable": 2,
        "unsafe_fixable": 1,
        "by_code": {"TRM101": 2, "TRM102": 1, "TRM103": 1},
    }
    assert [p["code"] for p in document["problems"]] == ["TRM030", "TRM032"]
    first, second, _, last = document["diagnostics"]
    assert first == {
        "path": DOC,
        "line": 1,
        "column": 7,
        "end_line": 1,
        "end_column": 16,
        "code": "TRM101",
        "name": "variant",
        "severity": "warning",
        "message": "'Pashinian' is a variant of 'Pashinyan'",
        "fix": {
            "applicability": "safe",
            "message": "replace with 'Pashinyan'",
            "edits": [{"start": 6, "end": 15, "text": "Pashinyan"}],
        },
        "data": {
            "concept": "nikol-pashinyan",
            "original": "Pashinian",
            "score": 100.0,
            "kind": "exact",
        },
    }
    assert second["message"] == FORBIDDEN.message
    assert second["data"] == {"kind": "error"}
    assert second["fix"]["applicability"] == "unsafe"
    assert (last["path"], last["severity"], last["fix"], last["data"]) == (
        REPORT,
        "info",
        None,
        {},
    )


def test_json_of_an_empty_run_matches_the_schema() -> None:
    document = json.loads(render([], "json"))
    jsonschema.validate(document, LINT_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["summary"] == {"findings": 0, "fixable": 0, "unsafe_fixable": 0, "by_code": {}}


def test_json_edits_point_into_the_source() -> None:
    document = json.loads(render(DIAGNOSTICS, "json"))
    originals = {
        SOURCE[e["start"] : e["end"]]
        for d in document["diagnostics"]
        if d["fix"]
        for e in d["fix"]["edits"]
    }
    assert originals == {"Pashinian", "Aliev"}


# --- github -------------------------------------------------------------------------------------


def test_github_commands_escape_messages_and_properties() -> None:
    text = render(DIAGNOSTICS, "github", problems=PROBLEMS)
    assert text.splitlines() == [
        "::warning file=docs/ñandú.md,line=1,col=7,endLine=1,endColumn=16,title=terms (TRM101)"
        "::TRM101 'Pashinian' is a variant of 'Pashinyan'",
        "::error file=docs/ñandú.md,line=2,col=2,endLine=2,endColumn=7,title=terms (TRM102)"
        "::TRM102 'Aliev' is forbidden: 100%25 wrong,%0D%0Asee the glossary",
        "::warning file=docs/ñandú.md,line=3,col=4,endLine=3,endColumn=13,title=terms (TRM101)"
        "::TRM101 'Pashinian' is a variant of 'Pashinyan'",
        "::notice file=reports/q1%2Cq2%3Adraft.md,line=5,col=3,endLine=5,endColumn=9,"
        "title=terms (TRM103)::TRM103 'Moskva' may be 'Moscow'",
        "::error file=missing.md,title=terms (TRM030)::TRM030 cannot read file",
        "::error file=bad.txt,line=3,col=1,title=terms (TRM032)::TRM032 not valid UTF-8",
    ]


def test_github_escapes_percent_before_the_rest() -> None:
    diagnostic = _diag(path="100%,a:b\r\n.md", message="50%: a,b")
    command = render([diagnostic], "github").rstrip("\n")
    assert command == (
        "::warning file=100%25%2Ca%3Ab%0D%0A.md,line=1,col=1,endLine=1,endColumn=2,"
        "title=terms (TRM101)::TRM101 50%25: a,b"
    )
    assert render([], "github") == ""


# --- sarif --------------------------------------------------------------------------------------


def _validate_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    validator_class = validator_for(SARIF_SCHEMA)
    validator_class.check_schema(SARIF_SCHEMA)
    validator = validator_class(SARIF_SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    errors = [error.message for error in validator.iter_errors(log)]
    assert errors == []
    return log


def test_sarif_is_valid_and_describes_rules_results_and_fixes() -> None:
    log = _validate_sarif(render(DIAGNOSTICS, "sarif", problems=PROBLEMS, rules=RULES))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("terms", terms.__version__)
    assert "informationUri" not in driver
    assert driver["rules"] == [
        {
            "id": "TRM101",
            "name": "variant",
            "shortDescription": {"text": "A known variant of a preferred term."},
            "helpUri": "https://e.x/v",
            "defaultConfiguration": {"level": "warning"},
        },
        {
            "id": "TRM102",
            "name": "forbidden",
            "shortDescription": {"text": "A term the glossary forbids."},
            "defaultConfiguration": {"level": "error"},
        },
        {"id": "TRM103", "name": "fuzzy-match", "defaultConfiguration": {"level": "note"}},
    ]
    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("TRM101", 0, "warning"),
        ("TRM102", 1, "error"),
        ("TRM101", 0, "warning"),
        ("TRM103", 2, "note"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "docs/%C3%B1and%C3%BA.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 7, "endLine": 1, "endColumn": 16},
    }
    assert results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "reports/q1%2Cq2%3Adraft.md"
    )
    assert results[1]["message"]["text"] == FORBIDDEN.message
    (fix,) = results[1]["fixes"]
    assert fix["description"] == {"text": "replace with 'Aliyev'"}
    assert fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"charOffset": 34, "charLength": 5},
            "insertedContent": {"text": "Aliyev"},
        }
    ]
    assert "fixes" not in results[3]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notifications] == ["TRM030", "TRM032"]
    assert notifications[1]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "bad.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1},
    }


def test_sarif_of_a_clean_run_is_valid_and_successful() -> None:
    log = _validate_sarif(render([], "sarif"))
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_gives_absolute_paths_as_file_uris() -> None:
    log = _validate_sarif(render([_diag(path="/srv/a b.txt")], "sarif"))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "file:///srv/a%20b.txt"}


# --- junit --------------------------------------------------------------------------------------


def test_junit_counts_failures_errors_and_passing_files() -> None:
    checked = [DOC, "a/clean.txt", REPORT, "missing.md", "a/clean.txt"]
    text = render(DIAGNOSTICS, "junit", problems=PROBLEMS, checked_paths=checked)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == (
            "7",
            "4",
            "2",
        )
    assert suite.get("name") == "terms"
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (DOC, "TRM101:1:7"),
        (DOC, "TRM102:2:2"),
        (DOC, "TRM101:3:4"),
        (REPORT, "TRM103:5:3"),
        ("missing.md", "TRM030:0:0"),
        ("bad.txt", "TRM032:3:1"),
        ("a/clean.txt", "a/clean.txt"),
    ]
    failure = cases[1].find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("TRM102", FORBIDDEN.message)
    error = cases[5].find("error")
    assert error is not None
    assert (error.get("type"), error.text) == ("TRM032", PROBLEM_LINES[1])
    assert list(cases[6]) == []


def test_junit_replaces_characters_that_xml_cannot_hold() -> None:
    diagnostic = _diag(path="bad\udcffname.txt", message="a\x00b\x1b<&>\"'")
    root = ET.fromstring(render([diagnostic], "junit").encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("classname") == "bad\ufffdname.txt"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "a\ufffdb\ufffd<&>\"'"


def test_junit_of_an_empty_run() -> None:
    root = ET.fromstring(render([], "junit"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("0", "0", "0")
