"""``terms suggest``: propose what the glossary lacks, from a corpus, for a person to review."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from terms.cli.common import (
    add_format_options,
    add_glossary_options,
    load_glossaries,
    read_input,
    report_problems,
    resolve_config,
    resolve_lang,
)
from terms.errors import InputError, Problem
from terms.fileio import read_document, write_or_raise
from terms.suggest import review_text, suggest

DESCRIPTION = """\
Read a corpus and propose what the glossary lacks: unlisted spellings close to its concepts,
and names written in several ways that it does not know, ranked by frequency and confidence,
with examples in context. The review file (stdout, or --output) says how to accept proposals;
`terms glossary add --from FILE -f GLOSSARY` applies the accepted ones.
"""


def add_parser(subparsers: Any) -> None:
    """Register the ``suggest`` subcommand."""
    parser = subparsers.add_parser(
        "suggest",
        help="propose glossary entries from a corpus",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="the corpus: files to read")
    add_glossary_options(parser)
    add_format_options(parser)
    parser.add_argument("--output", "-o", metavar="PATH", help="write the review file here")
    parser.add_argument("--limit", type=int, default=50, help="at most this many proposals")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the corpus, print or write the review file; exit 1 when there is nothing to propose."""
    config = resolve_config(args)
    lang = resolve_lang(args, config)
    termbase = load_glossaries(args, config)
    texts: list[str] = []
    problems: list[Problem] = []
    for path in args.paths:
        try:
            file = read_document(path)
            document = read_input(args, config, path, file.text)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        texts.extend(segment.text for segment in document.segments)
    proposals = suggest(texts, termbase, lang)[: args.limit]
    text = review_text(proposals)
    if args.output:
        write_or_raise(args.output, text.encode("utf-8"))
        print(f"{len(proposals)} proposals written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    report_problems(problems)
    if problems:
        return 2
    return 0 if proposals else 1
