"""``terms explain WORD``: why a word is or is not taken for a variant."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from terms.cli.common import (
    add_fuzzy_options,
    add_glossary_options,
    load_glossaries,
    resolve_config,
    resolve_fuzzy,
    resolve_lang,
)
from terms.explain import Explanation, explain


def add_parser(subparsers: Any) -> None:
    """Register the ``explain`` subcommand."""
    parser = subparsers.add_parser(
        "explain",
        help="show why a word is or is not taken for a variant",
        description="Show a word's keys, its frequency as an everyday word, the glossary "
        "terms its keys lead to with their scores, and what normalizing does with it.",
    )
    parser.add_argument("word", help="the word or name to explain")
    add_glossary_options(parser)
    add_fuzzy_options(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def render(result: Explanation) -> str:
    """Render an explanation for people."""
    lines = [
        f"word:       {result.word}  (normalizing into {result.lang})",
        f"folded:     {result.folded}",
        f"compact:    {result.compact}",
        f"skeleton:   {result.skeleton}"
        + (f"  (other readings: {', '.join(result.readings)})" if result.readings else ""),
        "listed as:  " + ("; ".join(result.listed) or "-"),
        "frequency:  "
        + ", ".join(f"{lang} {value:g}" for lang, value in result.frequencies.items())
        + ("  (an everyday word)" if result.everyday else ""),
        "candidates:" + ("" if result.candidates else " -"),
    ]
    for c in result.candidates:
        note = "  (an inflected or derived form: excluded)" if c.affixed else ""
        lines.append(
            f"  {c.score:5.1f}  {c.term} ({c.lang}, concept {c.concept}, "
            f"skeleton {c.skeleton}){note}"
        )
    lines.append(f"decision:   {result.decision}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Explain the word and print the explanation."""
    config = resolve_config(args)
    lang = resolve_lang(args, config)
    result = explain(args.word, load_glossaries(args, config), lang, resolve_fuzzy(args, config))
    if args.format == "json":
        print(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
    else:
        print(render(result), end="")
    return 0
