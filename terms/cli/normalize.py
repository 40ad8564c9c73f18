"""``terms normalize``: rewrite variants to the house form of the target language."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from terms.changes import Change
from terms.cli.common import (
    add_format_options,
    add_fuzzy_options,
    add_glossary_options,
    load_glossaries,
    read_input,
    report_problems,
    resolve_config,
    resolve_fuzzy,
    resolve_lang,
)
from terms.codes import code
from terms.diffs import unified_diff
from terms.documents import DocumentNormalizer, DocumentResult
from terms.errors import InputError, Problem, TermsError, UsageError
from terms.fileio import TextFile, decode_document, read_document, write_atomic

STDIN = "-"
STDIN_NAME = "<stdin>"
JSON_SCHEMA_VERSION = 1

DESCRIPTION = """\
Rewrite every variant of a glossary concept to the preferred term of the target language:
deprecated and superseded spellings, and terms that the glossary lists under other languages.

Without a mode, the normalized text goes to stdout (one input only). Exit status: 0 success,
1 with --check or --diff when something would change, 2 on errors. A glossary, configuration
or usage error stops the run before anything is written; an input that cannot be read or
written is reported and skipped, and the other inputs are still processed.
"""


def add_parser(subparsers: Any) -> None:
    """Register the ``normalize`` subcommand."""
    parser = subparsers.add_parser(
        "normalize",
        help="rewrite variants to the preferred terms of a language",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files to normalize; none or '-' reads stdin"
    )
    add_glossary_options(parser)
    add_fuzzy_options(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--write", "-w", action="store_true", help="rewrite the files in place (atomically)"
    )
    mode.add_argument(
        "--diff", action="store_true", help="print a unified diff of what would change"
    )
    mode.add_argument(
        "--check", action="store_true", help="print which files would change; exit 1 if any would"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: print the change records (schema: docs/normalize.schema.json)",
    )
    add_format_options(parser)
    parser.add_argument(
        "--rewrite-forbidden",
        action="store_true",
        help="also rewrite forbidden terms (by default they are only reported)",
    )
    parser.set_defaults(run=run)


def _usage(message: str) -> UsageError:
    """Build a usage error about the command line."""
    return UsageError(Problem(code("usage"), message, "<command line>"))


def _check_combination(args: argparse.Namespace, paths: list[str]) -> None:
    """Reject combinations of inputs and modes that cannot work."""
    if paths.count(STDIN) > 1:
        raise _usage("'-' (stdin) can be given only once")
    if args.write and STDIN in paths:
        raise _usage("--write cannot rewrite stdin; give file paths")
    if args.diff and args.format == "json":
        raise _usage("--diff and --format json cannot be combined")
    no_mode = not (args.write or args.diff or args.check)
    if no_mode and args.format == "text" and len(paths) > 1:
        raise _usage("several inputs need --write, --diff, --check or --format json")


def _print_json(
    out: TextIO, lang: str, records: list[dict[str, Any]], errors: list[Problem]
) -> None:
    """Print the run's change records and errors as one JSON document."""
    document = {
        "version": JSON_SCHEMA_VERSION,
        "target_lang": lang,
        "files": records,
        "errors": [problem.as_dict() for problem in errors],
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _warning(path: str, change: Change) -> str:
    """Describe a change that was found but not made (forbidden or ambiguous)."""
    where = f"{path}:{change.line}:{change.column}: warning:"
    if change.kind == "fuzzy":
        return (
            f"{where} '{change.original}' may be a spelling of '{change.replacement}' "
            f"(score {change.score:g}); not rewritten below --fuzzy-auto"
        )
    if change.replacement is None and change.status == "forbidden":
        return f"{where} forbidden term '{change.original}' (the glossary gives no replacement)"
    if change.replacement is None:
        concepts = ", ".join(change.candidates)
        return f"{where} '{change.original}' matches several concepts ({concepts}); left as is"
    return (
        f"{where} forbidden term '{change.original}' (use '{change.replacement}'); "
        "rewritten only with --rewrite-forbidden"
    )


def _count(changes: int) -> str:
    """Return "1 change" or "N changes"."""
    return f"{changes} change" if changes == 1 else f"{changes} changes"


def _read(path: str) -> TextFile:
    """Read one input: a file, or stdin for '-'."""
    if path == STDIN:
        return decode_document(sys.stdin.buffer.read(), STDIN_NAME)
    return read_document(path)


def _file_record(doc: TextFile, result: DocumentResult) -> dict[str, Any]:
    """Return the JSON record of one file's changes."""
    return {
        "path": doc.path,
        "changed": result.changed,
        "changes": [change.as_dict() for change in result.changes],
    }


def run(args: argparse.Namespace) -> int:
    """Normalize the inputs in the chosen mode and return the exit status."""
    paths = list(args.paths) or [STDIN]
    _check_combination(args, paths)
    try:
        config = resolve_config(args)
        lang = resolve_lang(args, config)
        normalizer = DocumentNormalizer(
            load_glossaries(args, config),
            lang,
            rewrite_forbidden=args.rewrite_forbidden,
            fuzzy=resolve_fuzzy(args, config),
        )
    except TermsError as exc:
        if args.format == "json":  # machine readers get the errors on stdout too
            _print_json(sys.stdout, args.lang or "", [], list(exc.problems))
        raise
    failed = False
    would_change = False
    records: list[dict[str, Any]] = []
    errors: list[Problem] = []
    out = sys.stdout
    for path in paths:
        try:
            doc = _read(path)
            result = normalizer.normalize(read_input(args, config, doc.path, doc.text))
        except InputError as exc:
            report_problems(exc.problems)
            errors.extend(exc.problems)
            failed = True
            continue
        records.append(_file_record(doc, result))
        if args.format == "text":
            for change in result.changes:
                if not change.applied:
                    print(_warning(doc.path, change), file=sys.stderr)
        applied = sum(1 for c in result.changes if c.applied)
        would_change = would_change or result.changed
        if args.write:
            if result.changed:
                try:
                    write_atomic(path, doc.encode(result.text))
                except OSError as exc:
                    problem = Problem(
                        code("output-unwritable"), f"cannot write: {exc.strerror or exc}", path
                    )
                    report_problems([problem])
                    errors.append(problem)
                    failed = True
                    continue
                print(f"normalized {path} ({_count(applied)})", file=sys.stderr)
        elif args.diff:
            out.write(unified_diff(doc.text, result.text, doc.path))
        elif args.check:
            if result.changed and args.format == "text":
                out.write(f"would normalize {doc.path} ({_count(applied)})\n")
        elif args.format == "text":
            out.flush()
            sys.stdout.buffer.write(doc.encode(result.text))
            sys.stdout.buffer.flush()
    if args.format == "json":
        _print_json(out, lang, records, errors)
    if failed:
        return 2
    if (args.check or args.diff) and would_change:
        return 1
    return 0
