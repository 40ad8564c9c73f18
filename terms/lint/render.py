"""Output formats of ``terms lint``: text for people, JSON, SARIF, JUnit and GitHub for machines.

The formats follow Ruff's (and typos'): ``concise`` prints one line per finding, ``full`` adds
the source line with the span underlined and the fix, ``--statistics`` counts findings per
code. Machine formats carry every field and never colour codes or progress output; none of
the formats uses colour. Rendering never prints: :func:`render` returns the whole text, ending
with a newline unless it is empty, and the command line writes it out as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath
from urllib.parse import quote

import terms
from terms.errors import Problem, UsageError
from terms.lint.diagnostic import Applicability, Diagnostic, Fix, Severity

FORMATS = ("concise", "full", "json", "github", "sarif", "junit")
TEXT_FORMATS = ("concise", "full")  # the formats that ``statistics`` applies to

JSON_VERSION = 1  # version of the ``json`` document (docs/lint.schema.json); fields only added
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
TAB_WIDTH = 4  # tab stops of the source lines that ``full`` shows

_LINE_END = re.compile(r"\r\n|\r|\n")  # as terms.textpos.LineIndex counts lines
_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@dataclass(frozen=True)
class RuleInfo:
    """What a check is, for formats that describe their rules (SARIF): code, name, summary."""

    code: str  # e.g. "TRM101"
    name: str  # kebab-case, e.g. "variant"
    summary: str  # one sentence
    help_uri: str = ""  # a page that documents the check; left out when empty


@dataclass(frozen=True)
class _Report:
    """Everything one rendering needs, diagnostics already in print order."""

    diagnostics: tuple[Diagnostic, ...]
    problems: tuple[Problem, ...]
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    checked_paths: tuple[str, ...] = ()
    statistics: bool = False


def render(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    *,
    problems: Sequence[Problem] = (),
    rules: Mapping[str, RuleInfo] | None = None,
    statistics: bool = False,
    sources: Mapping[str, str] | None = None,
    checked_paths: Sequence[str] = (),
) -> str:
    """Return the whole output of a lint run in the output format ``fmt`` (one of FORMATS).

    Diagnostics may come in any order; they are printed sorted by path, line, column and
    code. ``problems`` are the errors of the run (an unreadable file). ``rules`` describes the
    checks for SARIF. ``statistics`` replaces the findings of the text formats (``concise``,
    ``full``) by a count per code; machine formats ignore it. ``sources`` maps a path to its
    decoded text, for the source lines that ``full`` shows. ``checked_paths`` lists the files
    that were checked, so that ``junit`` reports the ones without findings as passing tests.

    The text ends with a newline unless it is empty (no findings and no problems in a text
    format): write it out as it is. An unknown format raises :class:`UsageError` (TRM033).

    >>> from terms.formats.base import Edit
    >>> fix = Fix((Edit(40, 49, "Pashinyan"),), Applicability.SAFE, "replace with 'Pashinyan'")
    >>> found = Diagnostic("news.md", 3, 7, 3, 16, "TRM101", "variant", Severity.WARNING,
    ...                    "'Pashinian' is a variant of 'Pashinyan'", fix)
    >>> print(render([found], "concise"), end="")
    news.md:3:7: TRM101 [*] 'Pashinian' is a variant of 'Pashinyan'
    Found 1 finding (1 fixable with --fix).
    >>> print(render([found], "github"), end="")
    ::warning file=news.md,line=3,col=7,endLine=3,endColumn=16,title=terms (TRM101)::TRM101 'Pashinian' is a variant of 'Pashinyan'
    >>> render([], "concise")
    ''
    """  # noqa: E501
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        choices = ", ".join(FORMATS)
        raise UsageError(
            Problem("TRM033", f"unknown output format {fmt!r} (choose from {choices})")
        )
    report = _Report(
        diagnostics=tuple(sorted(diagnostics, key=Diagnostic.sort_key)),
        problems=tuple(problems),
        rules=rules or {},
        sources=sources or {},
        checked_paths=tuple(checked_paths),
        statistics=statistics,
    )
    return renderer(report)


# --- shared helpers ---------------------------------------------------------------------------


def _has_safe_fix(diagnostic: Diagnostic) -> bool:
    """Return True when ``--fix`` applies the finding's fix."""
    return diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.SAFE


def _has_unsafe_fix(diagnostic: Diagnostic) -> bool:
    """Return True when only ``--unsafe-fixes`` applies the finding's fix."""
    return diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.UNSAFE


def _count_fixes(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    """Return how many findings have a safe fix and how many only an unsafe one."""
    safe = sum(1 for d in diagnostics if _has_safe_fix(d))
    unsafe = sum(1 for d in diagnostics if _has_unsafe_fix(d))
    return safe, unsafe


def _count_by_code(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    """Return the number of findings per code, codes in order."""
    counts = Counter(d.code for d in diagnostics)
    return {code: counts[code] for code in sorted(counts)}


def _visible(text: str) -> str:
    """Return ``text`` on one line with control characters spelled out (``\\n``, ``\\x1b``).

    Text output must keep one finding per line and must never carry terminal escape codes,
    whatever a file name or a quoted document says.
    """
    return "".join(_visible_char(char) for char in text)


def _visible_char(char: str) -> str:
    """Return a control or line-separating character as an escape, any other as it is."""
    if char in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[char]
    if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def _lines(text: str) -> list[str]:
    """Split a decoded document into lines the way the checks number them."""
    return _LINE_END.split(text)


# --- concise and full -------------------------------------------------------------------------


def _concise_line(diagnostic: Diagnostic) -> str:
    """Return ``path:line:col: CODE [*] message``; ``[*]`` marks a safe fix."""
    mark = " [*]" if _has_safe_fix(diagnostic) else ""
    d = diagnostic
    return _visible(f"{d.path}:{d.line}:{d.column}: {d.code}{mark} {d.message}")


def _summary_line(diagnostics: Sequence[Diagnostic]) -> str | None:
    """Return ``Found N findings (M fixable with --fix, K more with --unsafe-fixes).``."""
    if not diagnostics:
        return None
    total = len(diagnostics)
    safe, unsafe = _count_fixes(diagnostics)
    parts = []
    if safe:
        parts.append(f"{safe} fixable with --fix")
    if unsafe:
        parts.append(f"{unsafe} {'more' if safe else 'fixable'} with --unsafe-fixes")
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"Found {total} finding{'' if total == 1 else 's'}{detail}."


def _text_output(body: list[str], report: _Report) -> str:
    """Join the findings' lines, the problems and the summary line into the output text."""
    lines = [*body, *(_visible(str(problem)) for problem in report.problems)]
    summary = None if report.statistics else _summary_line(report.diagnostics)
    if summary:
        lines.append(summary)
    return "".join(line + "\n" for line in lines)


def _render_concise(report: _Report) -> str:
    """Render one line per finding, then the problems and the summary."""
    if report.statistics:
        return _text_output(_statistics_table(report.diagnostics), report)
    return _text_output([_concise_line(d) for d in report.diagnostics], report)


def _render_full(report: _Report) -> str:
    """Render each finding with its source line, the span underlined, and its fix."""
    if report.statistics:
        return _text_output(_statistics_table(report.diagnostics), report)
    cache: dict[str, list[str]] = {}
    body: list[str] = []
    for diagnostic in report.diagnostics:
        body.extend(_full_block(diagnostic, _source_lines(diagnostic.path, report, cache)))
        body.append("")
    return _text_output(body, report)


def _source_lines(path: str, report: _Report, cache: dict[str, list[str]]) -> list[str] | None:
    """Return the lines of a file's source text, or None when it was not given."""
    if path not in report.sources:
        return None
    if path not in cache:
        cache[path] = _lines(report.sources[path])
    return cache[path]


def _full_block(diagnostic: Diagnostic, lines: list[str] | None) -> list[str]:
    """Return the lines that show one finding in the ``full`` format."""
    block = [_concise_line(diagnostic)]
    snippet = _snippet(diagnostic, lines) if lines is not None else None
    gutter = " " * len(str(diagnostic.line))
    if snippet is not None:
        block.extend(snippet)
    if diagnostic.fix is not None and diagnostic.fix.message:
        block.append(f"{gutter} = help: {_help_text(diagnostic.fix)}")
    return block


def _help_text(fix: Fix) -> str:
    """Return the fix's message, marked when only ``--unsafe-fixes`` applies it."""
    unsafe = (
        " (unsafe fix: needs --unsafe-fixes)" if fix.applicability is Applicability.UNSAFE else ""
    )
    return _visible(fix.message) + unsafe


def _snippet(diagnostic: Diagnostic, lines: list[str]) -> list[str] | None:
    """Return the source line with a caret underline under the span, as Ruff shows it."""
    d = diagnostic
    if not 1 <= d.line <= len(lines) or not 1 <= d.column <= len(lines[d.line - 1]) + 1:
        return None
    line = lines[d.line - 1]
    end = d.end_column - 1 if d.end_line == d.line else len(line)
    end = min(max(end, d.column - 1), len(line))
    line, start, end = _window(line, d.column - 1, end)
    indent = _display_width(_shown(line[:start]))
    carets = max(1, _display_width(_shown(line[:end])) - indent)
    gutter = " " * len(str(d.line))
    return [
        f"{gutter} |",
        f"{d.line} | {_shown(line)}".rstrip(),
        f"{gutter} | {' ' * indent}{'^' * carets} {d.code}",
        f"{gutter} |",
    ]


SNIPPET_CONTEXT = 40  # characters shown on each side of a span in a long line
ELLIPSIS = "…"


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line to the span and some context, so output grows with findings, not lines.

    >>> _window("x" * 100 + "Karabaj" + "y" * 100, 100, 107)[0].count("x")
    40
    """
    first = max(0, start - SNIPPET_CONTEXT)
    last = min(len(line), end + SNIPPET_CONTEXT)
    if first == 0 and last == len(line):
        return line, start, end
    head = ELLIPSIS if first > 0 else ""
    tail = ELLIPSIS if last < len(line) else ""
    shift = first - len(head)
    return head + line[first:last] + tail, start - shift, end - shift


def _shown(text: str) -> str:
    """Return a source line as shown: tabs expanded, control characters as U+FFFD."""
    return "".join(
        "\ufffd" if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in text.expandtabs(TAB_WIDTH)
    )


def _display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (wide East Asian letters take two)."""
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    """Return the terminal columns of one character: 0 for combining marks, 2 for wide ones."""
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _statistics_table(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Return ``count  code  name  [*]`` per code, most frequent first, as ``ruff --statistics``."""
    counts = Counter(d.code for d in diagnostics)
    names: dict[str, str] = {}
    fixable: set[str] = set()
    for d in diagnostics:
        names.setdefault(d.code, d.name)
        if _has_safe_fix(d):
            fixable.add(d.code)
    order = sorted(counts, key=lambda code: (-counts[code], code))
    count_width = max((len(str(n)) for n in counts.values()), default=0)
    code_width = max((len(code) for code in counts), default=0)
    name_width = max((len(name) for name in names.values()), default=0)
    return [
        _visible(
            f"{counts[code]:>{count_width}}  {code:<{code_width}}  {names[code]:<{name_width}}"
            f"  {'[*]' if code in fixable else ''}"
        ).rstrip()
        for code in order
    ]


# --- json -------------------------------------------------------------------------------------


def _render_json(report: _Report) -> str:
    """Render the document that docs/lint.schema.json describes."""
    safe, unsafe = _count_fixes(report.diagnostics)
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "terms", "version": terms.__version__},
        "diagnostics": [diagnostic_record(d) for d in report.diagnostics],
        "problems": [problem.as_dict() for problem in report.problems],
        "summary": {
            "findings": len(report.diagnostics),
            "fixable": safe,
            "unsafe_fixable": unsafe,
            "by_code": _count_by_code(report.diagnostics),
        },
    }
    return _dump_json(document)


def _dump_json(document: object) -> str:
    """Return a JSON document, indented, non-ASCII kept as is, with a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    """Turn values that JSON lacks into JSON: an enum into its value, a set into a list."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def diagnostic_record(diagnostic: Diagnostic) -> dict[str, object]:
    """Return one diagnostic as a JSON-ready mapping."""
    d = diagnostic
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "fix": _fix_record(d.fix) if d.fix is not None else None,
        "data": d.data,
    }


def _fix_record(fix: Fix) -> dict[str, object]:
    """Return a fix as a JSON-ready mapping."""
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [{"start": e.start, "end": e.end, "text": e.text} for e in fix.edits],
    }


# --- github -----------------------------------------------------------------------------------


def _render_github(report: _Report) -> str:
    """Render one GitHub Actions workflow command per finding and per problem."""
    commands = [_github_finding(d) for d in report.diagnostics]
    commands.extend(_github_problem(problem) for problem in report.problems)
    return "".join(command + "\n" for command in commands)


def _github_finding(diagnostic: Diagnostic) -> str:
    """Return ``::warning file=…,line=…,…,title=terms (CODE)::CODE message``."""
    d = diagnostic
    properties: dict[str, object] = {
        "file": d.path,
        "line": d.line,
        "col": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
        "title": f"terms ({d.code})",
    }
    return _github_command(_GITHUB_LEVELS[d.severity], properties, f"{d.code} {d.message}")


def _github_problem(problem: Problem) -> str:
    """Return ``::error file=…,title=terms (CODE)::CODE message`` (unknown places left out)."""
    properties: dict[str, object] = {}
    if problem.path:
        properties["file"] = problem.path
        if problem.line:
            properties["line"] = problem.line
            if problem.column:
                properties["col"] = problem.column
    properties["title"] = f"terms ({problem.code})"
    return _github_command("error", properties, f"{problem.code} {problem.message}")


def _github_command(level: str, properties: Mapping[str, object], message: str) -> str:
    """Return a workflow command with its properties and message escaped as GitHub requires."""
    listed = ",".join(f"{key}={_github_property(str(value))}" for key, value in properties.items())
    return f"::{level} {listed}::{_github_data(message)}"


def _github_data(text: str) -> str:
    """Escape a workflow command's message: ``%``, carriage return and line feed.

    Other control characters (a terminal escape code) are spelled out as in text output.
    """
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _visible(escaped)


def _github_property(text: str) -> str:
    """Escape a workflow command's property value: as a message, plus ``:`` and ``,``."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


# --- sarif ------------------------------------------------------------------------------------


def _render_sarif(report: _Report) -> str:
    """Render a SARIF 2.1.0 log with one run."""
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: number for number, code in enumerate(codes)}
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "terms",
                "version": terms.__version__,
                "rules": [_sarif_rule(code, report) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [_sarif_invocation(report.problems)],
        "results": [_sarif_result(d, index[d.code]) for d in report.diagnostics],
    }
    return _dump_json({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


def _sarif_rule(code: str, report: _Report) -> dict[str, object]:
    """Return the reportingDescriptor of a code: name, summary, help page, default level."""
    first = next(d for d in report.diagnostics if d.code == code)
    info = report.rules.get(code)
    rule: dict[str, object] = {"id": code, "name": info.name if info else first.name}
    if info is not None and info.summary:
        rule["shortDescription"] = {"text": info.summary}
    if info is not None and info.help_uri:
        rule["helpUri"] = info.help_uri
    rule["defaultConfiguration"] = {"level": _SARIF_LEVELS[first.severity]}
    return rule


def _sarif_result(diagnostic: Diagnostic, rule_index: int) -> dict[str, object]:
    """Return the SARIF result of one finding, with its fix when it has one."""
    d = diagnostic
    region = {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
    }
    result: dict[str, object] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact_location(d.path), "region": region}}
        ],
    }
    if d.fix is not None:
        result["fixes"] = [_sarif_fix(d.path, d.fix)]
    return result


def _sarif_fix(path: str, fix: Fix) -> dict[str, object]:
    """Return a SARIF fix: the edits as replacements of character ranges of the document."""
    replacements = [
        {
            "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
            "insertedContent": {"text": edit.text},
        }
        for edit in fix.edits
    ]
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {"artifactLocation": _artifact_location(path), "replacements": replacements}
        ],
        "properties": {"applicability": fix.applicability.value},
    }


def _artifact_location(path: str) -> dict[str, str]:
    """Return a SARIF artifactLocation: a relative URI against %SRCROOT%, or a file: URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _sarif_invocation(problems: Sequence[Problem]) -> dict[str, object]:
    """Return the run's invocation: successful unless there were problems, which it lists."""
    invocation: dict[str, object] = {"executionSuccessful": not problems}
    if problems:
        invocation["toolExecutionNotifications"] = [_sarif_notification(p) for p in problems]
    return invocation


def _sarif_notification(problem: Problem) -> dict[str, object]:
    """Return a problem as a SARIF notification, located when its path is known."""
    notification: dict[str, object] = {
        "level": "error",
        "message": {"text": problem.message},
        "descriptor": {"id": problem.code},
    }
    if problem.path:
        physical: dict[str, object] = {"artifactLocation": _artifact_location(problem.path)}
        if problem.line:
            region = {"startLine": problem.line}
            if problem.column:
                region["startColumn"] = problem.column
            physical["region"] = region
        notification["locations"] = [{"physicalLocation": physical}]
    return notification


# --- junit ------------------------------------------------------------------------------------


def _render_junit(report: _Report) -> str:
    """Render JUnit XML: a failing test case per finding, an erroring one per problem."""
    cases = [_junit_failure(d) for d in report.diagnostics]
    cases.extend(_junit_error(problem) for problem in report.problems)
    cases.extend(_junit_pass(path) for path in _clean_paths(report))
    counts = {
        "tests": str(len(cases)),
        "failures": str(len(report.diagnostics)),
        "errors": str(len(report.problems)),
    }
    root = ET.Element("testsuites", {"name": "terms", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "terms", **counts, "skipped": "0"})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _clean_paths(report: _Report) -> list[str]:
    """Return the checked paths without findings or problems, once each, in order."""
    seen = {d.path for d in report.diagnostics} | {p.path for p in report.problems}
    clean: list[str] = []
    for path in report.checked_paths:
        if path not in seen:
            seen.add(path)
            clean.append(path)
    return clean


def _xml_text(text: str) -> str:
    """Return ``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _junit_case(classname: str, name: str) -> ET.Element:
    """Return a ``<testcase>`` element."""
    return ET.Element("testcase", {"classname": _xml_text(classname), "name": _xml_text(name)})


def _junit_failure(diagnostic: Diagnostic) -> ET.Element:
    """Return the failing test case of one finding."""
    d = diagnostic
    case = _junit_case(d.path, f"{d.code}:{d.line}:{d.column}")
    failure = ET.SubElement(case, "failure", {"message": _xml_text(d.message), "type": d.code})
    details = f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
    if d.fix is not None and d.fix.message:
        details += f"\nhelp: {d.fix.message} ({d.fix.applicability.value} fix)"
    failure.text = _xml_text(details)
    return case


def _junit_error(problem: Problem) -> ET.Element:
    """Return the erroring test case of one problem."""
    p = problem
    case = _junit_case(p.path or "<input>", f"{p.code}:{p.line}:{p.column}")
    error = ET.SubElement(case, "error", {"message": _xml_text(p.message), "type": p.code})
    error.text = _xml_text(str(p))
    return case


def _junit_pass(path: str) -> ET.Element:
    """Return the passing test case of a file without findings."""
    return _junit_case(path, path)


_RENDERERS: dict[str, Callable[[_Report], str]] = {
    "concise": _render_concise,
    "full": _render_full,
    "json": _render_json,
    "github": _render_github,
    "sarif": _render_sarif,
    "junit": _render_junit,
}
