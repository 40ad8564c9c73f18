"""The ``terms`` command line: the only part of terms that prints or exits."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from terms import __version__
from terms.cli import clean, explain, glossary, lint, normalize, rule, suggest
from terms.cli.common import report_problems
from terms.errors import TermsError
from terms.gcpause import collector_relaxed
from terms.lexicon import cache_folder_kept


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="terms",
        description="Multilingual terminology toolkit: normalize and lint names and terms in text.",
    )
    parser.add_argument("--version", action="version", version=f"terms {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    normalize.add_parser(subparsers)
    clean.add_parser(subparsers)
    lint.add_parser(subparsers)
    explain.add_parser(subparsers)
    rule.add_parser(subparsers)
    glossary.add_parser(subparsers)
    suggest.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 findings, 2 errors)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error (status 2)
        return exc.code if isinstance(exc.code, int) else 2
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        with collector_relaxed(), cache_folder_kept():
            status: int = run(args)
    except TermsError as exc:
        report_problems(exc.problems)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    return status
