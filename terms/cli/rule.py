"""``terms rule``: what a lint check does, why, and an example."""

from __future__ import annotations

import argparse
from typing import Any

from terms.codes import code
from terms.errors import Problem, UsageError
from terms.lint.rules import RULES, describe, rule


def add_parser(subparsers: Any) -> None:
    """Register the ``rule`` subcommand."""
    parser = subparsers.add_parser(
        "rule", help="explain a lint check", description="Explain a lint check by code or name."
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code (TRM101) or name")
    parser.add_argument("--all", action="store_true", help="list every check")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one rule's documentation, or the list of rules."""
    if args.all or not args.code:
        for found in RULES:
            print(f"{found.code}  {found.name:<26} {found.summary}")
        return 0
    try:
        found = rule(args.code)
    except KeyError:
        raise UsageError(
            Problem(code("usage"), f"no check {args.code!r}; `terms rule --all` lists them")
        ) from None
    print(describe(found), end="")
    return 0
