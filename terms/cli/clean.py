"""``terms clean``: the whole clean-up of a translated article, with the glossary at its heart."""

from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import dataclass
from typing import Any

from terms.changes import Change
from terms.clean import STEP_NAMES, Cleaner, CleanSettings
from terms.clean.numbers import date_order
from terms.cli.common import (
    STDIN,
    add_format_options,
    add_fuzzy_options,
    add_glossary_options,
    add_jobs_option,
    add_rewrite_modes,
    check_rewrite_modes,
    count_changes,
    load_glossaries,
    print_change_records,
    read_input,
    report_problems,
    resolve_config,
    resolve_fuzzy,
    resolve_jobs,
    resolve_lang,
    usage_error,
)
from terms.cli.normalize_work import file_record, read_path, unwritable
from terms.cli.normalize_work import warning as term_warning
from terms.codes import code
from terms.config import APOSTROPHES, Config
from terms.diffs import unified_diff
from terms.documents import DocumentResult
from terms.errors import InputError, Problem, TermsError
from terms.fileio import TextFile, write_atomic
from terms.fuzzy import FuzzySettings
from terms.locales import UnknownLanguageError, canonical_tag
from terms.model import Termbase
from terms.parallel import Workers, state

JSON_SCHEMA_VERSION = 1

DESCRIPTION = """\
Clean a translated article into the house style of the target language, step by step:
unicode (mojibake, NFC, invisible characters, no-break spaces), boilerplate (lines of web
furniture), terminology (the glossary step of `normalize`), numbers (figures with the source
language's separators; dates with day and month the other way round are reported), quotes
(the language's quotation marks from CLDR, paired by nesting) and whitespace. Every change is
recorded with the name of its step.

Without a mode, the cleaned text goes to stdout (one input only). Exit status: 0 success,
1 with --check or --diff when something would change, 2 on errors.
"""


def add_parser(subparsers: Any) -> None:
    """Register the ``clean`` subcommand."""
    parser = subparsers.add_parser(
        "clean",
        help="clean a translated article into a language's house style",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files to clean; none or '-' reads stdin"
    )
    add_glossary_options(parser)
    add_fuzzy_options(parser)
    add_rewrite_modes(parser, "docs/clean.schema.json")
    add_format_options(parser)
    parser.add_argument(
        "--source-lang",
        metavar="TAG",
        help="the language the text was translated from: its separators in figures are "
        "fixed where unambiguous, its boilerplate removed (default: 'source-lang' from config)",
    )
    for step in STEP_NAMES:
        parser.add_argument(
            f"--{step}",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=f"run the {step} step (default: on, or '{step}' in [clean] of the config)",
        )
    parser.add_argument(
        "--apostrophe",
        choices=APOSTROPHES,
        help="rewrite apostrophes in words to this one (default: leave them, or config)",
    )
    parser.add_argument(
        "--rewrite-forbidden",
        action="store_true",
        help="also rewrite forbidden terms (by default they are only reported)",
    )
    add_jobs_option(parser)
    parser.set_defaults(run=run)


def _check_combination(args: argparse.Namespace, paths: list[str]) -> None:
    """Reject combinations of inputs and modes that cannot work."""
    check_rewrite_modes(args, paths)
    if args.input_format == "po":
        raise usage_error("clean reads plain text, Markdown and HTML, not PO catalogs")


def resolve_settings(args: argparse.Namespace, config: Config) -> CleanSettings:
    """Return the clean settings: options first, then the ``[clean]`` table, then defaults."""
    steps = set()
    for step in STEP_NAMES:
        option = getattr(args, step)
        enabled = option if option is not None else config.clean.steps.get(step, True)
        if enabled:
            steps.add(step)
    source = args.source_lang or config.source_lang
    if source is not None:
        try:
            source = canonical_tag(source)
        except UnknownLanguageError as exc:
            raise usage_error(f"--source-lang: {exc}") from exc
    return CleanSettings(
        steps=frozenset(steps),
        apostrophe=args.apostrophe or config.clean.apostrophe,
        source_lang=source,
        boilerplate=dict(config.clean.boilerplate_lines),
    )


def warning(path: str, change: Change) -> str:
    """Describe a change that was found but not made."""
    if change.step == "terminology":
        return term_warning(path, change)
    where = f"{path}:{change.line}:{change.column}: warning:"
    if change.kind == "unmatched-quote":
        return f"{where} quotation mark '{change.original}' has no partner; left as is"
    source = f"as in '{change.lang}'" if change.lang != change.target_lang else "the other way"
    if change.kind == "number-ambiguous":
        return (
            f"{where} '{change.original}' may mean {change.replacement} "
            f"(written {source}); ambiguous, left as is"
        )
    if change.kind in ("date", "date-ambiguous"):
        has = "may have" if change.kind == "date-ambiguous" else "has"
        first = "day" if date_order(change.target_lang).startswith("M") else "month"
        origin = f" (as in '{change.lang}')" if change.lang != change.target_lang else ""
        return (
            f"{where} date '{change.original}' {has} the {first} first{origin}; "
            f"'{change.target_lang}' writes {change.replacement}; left as is"
        )
    return f"{where} {change.step}: '{change.original}' left as is ({change.kind})"


@dataclass(frozen=True)
class _Outcome:
    """What cleaning one input gave: the decoded file and its result, or the problems."""

    doc: TextFile | None = None
    result: DocumentResult | None = None
    problems: tuple[Problem, ...] = ()


def _make_state(
    termbase: Termbase,
    lang: str,
    args: argparse.Namespace,
    config: Config,
    fuzzy: FuzzySettings,
    settings: CleanSettings,
) -> tuple[Cleaner, argparse.Namespace, Config]:
    """Build what each worker needs: the cleaner and the run's settings."""
    attributes = args.html_attributes
    cleaner = Cleaner(
        termbase,
        lang,
        settings,
        fuzzy=fuzzy,
        rewrite_forbidden=args.rewrite_forbidden,
        html_attributes=config.html_attributes if attributes is None else attributes,
    )
    return cleaner, args, config


def _clean_input(path: str) -> _Outcome:
    """Read and clean one input in a worker (or in this process for one job)."""
    cleaner, args, config = state()
    try:
        doc = read_path(path)
        document = read_input(args, config, doc.path, doc.text)
        if document.format == "po":
            problem = Problem(code("usage"), "clean does not read PO catalogs", doc.path)
            return _Outcome(problems=(problem,))
        return _Outcome(doc, cleaner.clean(document))
    except InputError as exc:
        return _Outcome(problems=tuple(exc.problems))


class _Run:
    """The state of one ``clean`` run: its mode, what it found, and where output goes."""

    def __init__(self, args: argparse.Namespace) -> None:
        """Start with nothing found."""
        self.args = args
        self.failed = False
        self.would_change = False
        self.records: list[dict[str, Any]] = []
        self.errors: list[Problem] = []

    def problems(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        """Report input or output problems; the run fails but goes on."""
        report_problems(problems)
        self.errors.extend(problems)
        self.failed = True

    def finish_file(self, doc: TextFile, result: DocumentResult) -> None:
        """Write, diff, check or print one input's result."""
        args = self.args
        self.records.append(file_record(doc.path, result))
        if args.format == "text":
            for change in result.changes:
                if not change.applied:
                    print(warning(doc.path, change), file=sys.stderr)
        applied = sum(1 for c in result.changes if c.applied)
        self.would_change = self.would_change or result.changed
        if args.write:
            if result.changed:
                try:
                    write_atomic(doc.path, doc.encode(result.text))
                except OSError as exc:
                    self.problems([unwritable(doc.path, exc)])
                    return
                print(f"cleaned {doc.path} ({count_changes(applied)})", file=sys.stderr)
        elif args.diff:
            sys.stdout.write(unified_diff(doc.text, result.text, doc.path))
        elif args.check:
            if result.changed and args.format == "text":
                sys.stdout.write(f"would clean {doc.path} ({count_changes(applied)})\n")
        elif args.format == "text":
            sys.stdout.flush()
            sys.stdout.buffer.write(doc.encode(result.text))
            sys.stdout.buffer.flush()


def run(args: argparse.Namespace) -> int:
    """Clean the inputs in the chosen mode and return the exit status."""
    paths = list(args.paths) or [STDIN]
    _check_combination(args, paths)
    try:
        config = resolve_config(args)
        lang = resolve_lang(args, config)
        settings = resolve_settings(args, config)
        termbase = load_glossaries(args, config)
        fuzzy = resolve_fuzzy(args, config)
        jobs = 1 if len(paths) == 1 else resolve_jobs(args, config)
    except TermsError as exc:
        if args.format == "json":
            print_change_records(
                sys.stdout, JSON_SCHEMA_VERSION, args.lang or "", [], list(exc.problems)
            )
        raise
    make_state = functools.partial(_make_state, termbase, lang, args, config, fuzzy, settings)
    this_run = _Run(args)
    with Workers(jobs, make_state) as workers:
        for outcome in workers.map(_clean_input, paths):
            if outcome.doc is None or outcome.result is None:
                this_run.problems(outcome.problems)
            else:
                this_run.finish_file(outcome.doc, outcome.result)
    if args.format == "json":
        print_change_records(
            sys.stdout, JSON_SCHEMA_VERSION, lang, this_run.records, this_run.errors
        )
    if this_run.failed:
        return 2
    if (args.check or args.diff) and this_run.would_change:
        return 1
    return 0
