"""``terms lint``: check documents against the glossaries, for people and for CI."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from typing import Any

from terms.cli.common import (
    add_format_options,
    add_fuzzy_options,
    add_glossary_options,
    add_jobs_option,
    load_matcher,
    read_input,
    report_problems,
    resolve_config,
    resolve_fuzzy,
    resolve_jobs,
    resolve_lang,
    usage_error,
)
from terms.cli.progress import Progress
from terms.codes import code
from terms.config import LINT_OUTPUT_FORMATS, Config
from terms.diffs import unified_diff
from terms.errors import InputError, Problem, TermsError
from terms.fileio import TextFile, read_document, write_atomic
from terms.formats import Document
from terms.lint.checks import Linter, LintSettings
from terms.lint.diagnostic import Diagnostic
from terms.lint.render import RuleInfo, render
from terms.lint.rules import RULES
from terms.lint.run import failing, fix_document, lint_documents
from terms.lint.select import Selection, selection_from
from terms.lint.walk import DEFAULT_INCLUDE, FileRules, collect_files
from terms.locales import UnknownLanguageError, canonical_tag
from terms.parallel import Workers

DESCRIPTION = """\
Check documents (plain text, Markdown, HTML, gettext PO) against the glossaries: variants where
the preferred term is due, unlisted spellings, forbidden terms, one concept written two ways,
and, in PO catalogs, key terms missing from translations, do-not-translate terms changed, and
one source text translated in different ways. `terms rule CODE` explains a check.

Exit status: 0 no findings, 1 findings (errors or warnings), 2 errors (a glossary, config or
document that cannot be used). Folders are walked with .gitignore honoured.
"""
MACHINE_FORMATS = frozenset({"json", "github", "sarif", "junit"})


def add_parser(subparsers: Any) -> None:
    """Register the ``lint`` subcommand."""
    parser = subparsers.add_parser(
        "lint",
        help="check documents against the glossaries (CI-friendly)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    add_glossary_options(parser)
    add_fuzzy_options(parser)
    parser.add_argument(
        "--source-lang", metavar="TAG", help="language of PO msgids (default: config, else en)"
    )
    add_format_options(parser)
    parser.add_argument(
        "--output-format",
        choices=LINT_OUTPUT_FORMATS,
        help="how findings are printed (default: concise)",
    )
    parser.add_argument(
        "--select", action="append", default=[], metavar="CODES", help="checks to run"
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODES", help="checks not to run"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    mode.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff; change nothing"
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also apply unsafe fixes (fuzzy and forbidden)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (2 stays for errors)"
    )
    parser.add_argument("--statistics", action="store_true", help="count findings per code")
    add_jobs_option(parser)
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude patterns to files named on the command line too (pre-commit)",
    )
    parser.set_defaults(run=run)


def _split(values: Sequence[str]) -> list[str]:
    """Split comma-separated option values."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _selection(args: argparse.Namespace, config: Config) -> Selection:
    """Combine ``--select``/``--ignore`` with the configuration's ``[lint]`` table."""
    lint = config.lint
    select = _split(args.select) or (list(lint.select) if lint.select is not None else None)
    ignore = [*lint.ignore, *_split(args.ignore)]
    selection, unknown = selection_from(
        select, ignore, lint.severity, lint.per_file_ignores, str(config.root)
    )
    if unknown:
        raise usage_error(
            f"unknown check code or name: {', '.join(unknown)} (see `terms rule --all`)"
        )
    return selection


def _source_lang(args: argparse.Namespace, config: Config) -> str:
    """Return the language of PO msgids."""
    try:
        return canonical_tag(args.source_lang or config.source_lang or "en")
    except UnknownLanguageError as exc:
        raise usage_error(f"--source-lang: {exc}") from exc


def _rules() -> dict[str, RuleInfo]:
    """Return the rules' descriptions for output formats that list them (SARIF)."""
    return {r.code: RuleInfo(r.code, r.name, r.summary) for r in RULES}


def _read_all(
    paths: Sequence[str], args: argparse.Namespace, config: Config, problems: list[Problem]
) -> list[tuple[TextFile, Document]]:
    """Read and parse every file; problems are collected, the other files still read."""
    documents = []
    progress = Progress(len(paths), enabled=args.output_format_resolved not in MACHINE_FORMATS)
    for path in paths:
        progress.step(path)
        try:
            file = read_document(path)
            documents.append((file, read_input(args, config, path, file.text)))
        except InputError as exc:
            problems.extend(exc.problems)
    progress.done()
    return documents


def _report_failure(fmt: str, earlier: list[Problem], failure: TermsError) -> None:
    """Report a run that stops on ``failure`` after the problems met ``earlier``.

    Machine formats get them all on stdout, where their readers look; text formats get the
    earlier ones on stderr (the command line prints the failure itself).
    """
    if fmt in MACHINE_FORMATS:
        failed = [*earlier, *failure.problems]
        sys.stdout.write(render([], fmt, problems=failed, rules=_rules()))
    else:
        report_problems(earlier)


def _same(value: Linter) -> Linter:
    """Return the linter itself (the worker state of a lint run)."""
    return value


def run(args: argparse.Namespace) -> int:
    """Lint the inputs and return the exit status."""
    try:
        if args.unsafe_fixes and not (args.fix or args.diff):
            raise usage_error("--unsafe-fixes needs --fix or --diff")
        config = resolve_config(args)
        args.output_format_resolved = args.output_format or config.lint.output_format or "concise"
        fuzzy = resolve_fuzzy(args, config)
        settings = LintSettings(
            resolve_lang(args, config),
            _source_lang(args, config),
            fuzzy if fuzzy.enabled else None,
        )
        linter = Linter(None, settings, matcher=load_matcher(args, config))
        selection = _selection(args, config)
    except TermsError as exc:
        fmt = getattr(args, "output_format_resolved", None) or args.output_format or "concise"
        _report_failure(fmt, [], exc)
        raise
    fmt = args.output_format_resolved
    rules = FileRules(
        config.root,
        include=config.include
        if config.include is not None
        else DEFAULT_INCLUDE + tuple(f"*{ext}" for ext in config.formats),
        exclude=config.exclude,
    )
    paths, problems = collect_files(args.paths or ["."], rules, force_exclude=args.force_exclude)
    documents = _read_all(paths, args, config, problems)
    jobs = resolve_jobs(args, config) if len(documents) > 1 else 1
    try:
        with Workers(jobs, functools.partial(_same, linter)) as workers:
            diagnostics = lint_documents(linter, [d for _, d in documents], selection, workers)
        fixed = 0
        if args.fix or args.diff:
            fixed, changed = _apply_fixes(documents, diagnostics, args, problems)
            if args.fix and changed:  # findings are reported where they are now
                documents = [
                    (file, read_input(args, config, document.path, file.text))
                    for file, document in changed_documents(documents, changed)
                ]
                diagnostics = lint_documents(linter, [d for _, d in documents], selection)
    except TermsError as exc:  # found mid-run (a damaged cache entry): reported as before it
        _report_failure(fmt, problems, exc)
        raise
    if fmt not in MACHINE_FORMATS:
        report_problems(problems)
    output = render(
        diagnostics,
        fmt,
        problems=problems if fmt in MACHINE_FORMATS else (),
        rules=_rules(),
        statistics=args.statistics,
        sources={d.path: d.text for _, d in documents},
        checked_paths=[d.path for _, d in documents],
    )
    if not args.diff:
        sys.stdout.write(output)
    if args.fix and fmt not in MACHINE_FORMATS and fixed:
        print(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.", file=sys.stderr)
    if problems:
        return 2
    if args.diff:
        return 1 if fixed and not args.exit_zero else 0
    return 1 if failing(diagnostics) and not args.exit_zero else 0


def _apply_fixes(
    documents: list[tuple[TextFile, Document]],
    diagnostics: Sequence[Diagnostic],
    args: argparse.Namespace,
    problems: list[Problem],
) -> tuple[int, dict[str, str]]:
    """Write (``--fix``) or print (``--diff``) each document's fixes; return count and texts."""
    fixed = 0
    changed: dict[str, str] = {}
    for file, document in documents:
        result = fix_document(document, diagnostics, unsafe=args.unsafe_fixes)
        if result.text == document.text:
            continue
        if args.diff:
            sys.stdout.write(unified_diff(document.text, result.text, document.path))
            fixed += len(result.fixed)
            continue
        try:
            write_atomic(document.path, file.encode(result.text))
        except OSError as exc:
            reason = f"cannot write: {exc.strerror or exc}"
            problems.append(Problem(code("output-unwritable"), reason, file.path))
            continue
        fixed += len(result.fixed)
        changed[document.path] = result.text
    return fixed, changed


def changed_documents(
    documents: list[tuple[TextFile, Document]], changed: dict[str, str]
) -> list[tuple[TextFile, Document]]:
    """Return the documents with the texts their fixes gave them."""
    updated = []
    for file, document in documents:
        if document.path in changed:
            file = TextFile(file.path, changed[document.path], file.encoding, file.bom)
        updated.append((file, document))
    return updated
