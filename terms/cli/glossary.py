"""``terms glossary``: list, search, edit, check, import and export glossaries."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from terms.cache import GlossaryCache
from terms.cli.common import cache_folder, glossary_paths, resolve_config, usage_error
from terms.codes import code
from terms.errors import Problem, UsageError
from terms.fileio import read_document, write_or_raise
from terms.folding import fold
from terms.glossary import load_glossary_text
from terms.glossary.edit import CONCEPT_FIELDS, STATUSES, GlossaryFile
from terms.glossary.review import stats, validate
from terms.glossary.write import dump_glossary
from terms.interchange import EXPORT_FORMATS, IMPORT_FORMATS, Lost, exporter, importer
from terms.model import CONCEPT_TYPES, Glossary, Termbase
from terms.suggest import read_review

DESCRIPTION = """\
Work with glossary files. Reading commands (list, show, find, validate, stats, export) use the
glossaries given with -g (default: the bundled ones and those in the configuration); editing
commands (add, set, rm, merge, rename, fmt) change one file, given with --file (default: the
only glossary named in the configuration), keep its comments and layout, write atomically,
and refuse an edit after which the glossary would not load.
"""


def add_parser(subparsers: Any) -> None:
    """Register ``glossary`` and its subcommands."""
    parser = subparsers.add_parser(
        "glossary",
        help="list, search, edit, check, import and export glossaries",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, help_text: str, run: Any, *, edits: bool = False) -> Any:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if edits:
            sub.add_argument("--file", "-f", metavar="PATH", help="the glossary file to change")
        else:
            sub.add_argument(
                "--glossary", "-g", action="append", default=[], metavar="PATH",
                help="glossary file (repeatable); default: bundled and configured glossaries",
            )  # fmt: skip
        sub.add_argument("--config", metavar="PATH", help="configuration file")
        sub.set_defaults(run=run)
        return sub

    command("list", "list the concepts: id, type, preferred term", run_list).add_argument(
        "--lang", default="en", metavar="TAG", help="language of the preferred term shown"
    )
    command("show", "print a concept as it is written in its file", run_show).add_argument("id")
    find = command("find", "fuzzy search across every term in every language", run_find)
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=10)
    add = command("add", "add a concept, or a term to a concept", run_add, edits=True)
    add.add_argument("id", nargs="?")
    add.add_argument("lang", nargs="?")
    add.add_argument("term", nargs="?")
    add.add_argument("--status", choices=STATUSES, default="preferred")
    add.add_argument("--type", choices=CONCEPT_TYPES, help="type of a new concept")
    add.add_argument("--note", default="")
    add.add_argument("--source", default="")
    add.add_argument("--pos", default="", help="part of speech")
    add.add_argument(
        "--from",
        dest="review",
        metavar="FILE",
        help="apply the accepted proposals of a review file",
    )
    setter = command("set", "set a concept field", run_set, edits=True)
    setter.add_argument("id")
    setter.add_argument("field", choices=CONCEPT_FIELDS)
    setter.add_argument("value")
    rm = command("rm", "remove a concept, or one of its terms", run_rm, edits=True)
    rm.add_argument("id")
    rm.add_argument("lang", nargs="?")
    rm.add_argument("term", nargs="?")
    merge = command("merge", "move the terms of the second concept into the first", run_merge,
                    edits=True)  # fmt: skip
    merge.add_argument("into")
    merge.add_argument("other")
    rename = command("rename", "give a concept a new id", run_rename, edits=True)
    rename.add_argument("id")
    rename.add_argument("new")
    fmt = command("fmt", "rewrite in canonical order and style", run_fmt, edits=True)
    fmt.add_argument("--check", action="store_true", help="exit 1 if the file is not canonical")
    command("validate", "load checks plus warnings (TRM040-TRM042)", run_validate)
    command("stats", "concepts, terms per language and status, coverage", run_stats)
    imp = command("import", "convert a file of another format into a glossary", run_import,
                  edits=False)  # fmt: skip
    imp.add_argument("format", choices=(*IMPORT_FORMATS, "cldr"))
    imp.add_argument("source", nargs="?", help="the file to import (not for cldr)")
    imp.add_argument("--output", "-o", metavar="PATH", help="write here (default: stdout)")
    imp.add_argument("--name", help="the glossary's name")
    imp.add_argument("--source-lang", metavar="TAG")
    imp.add_argument("--target-lang", metavar="TAG")
    imp.add_argument("--layout", choices=("pairs", "languages"), help="CSV/TSV layout")
    imp.add_argument("--kinds", default="territories", help="cldr: territories,languages,...")
    imp.add_argument("--locales", default="en,es,fr,de,ru", help="cldr: locales to take")
    exp = command("export", "write the glossaries in another format", run_export)
    exp.add_argument("format", choices=EXPORT_FORMATS)
    exp.add_argument("--output", "-o", metavar="PATH", help="write here (default: stdout)")
    exp.add_argument("--source-lang", metavar="TAG")
    exp.add_argument("--target-lang", metavar="TAG")
    exp.add_argument("--layout", choices=("pairs", "languages"), help="CSV/TSV layout")
    parser.set_defaults(run=lambda args: _usage_help(parser))


def _usage_help(parser: argparse.ArgumentParser) -> int:
    """Print the subcommands and exit with status 2."""
    parser.print_help(sys.stderr)
    return 2


def _termbase(args: argparse.Namespace) -> Termbase:
    """Load the glossaries a reading command works on."""
    config = resolve_config(args)
    return GlossaryCache(cache_folder(args, config)).load(glossary_paths(args, config))


def _target(args: argparse.Namespace) -> GlossaryFile:
    """Open the one file an editing command changes."""
    if args.file:
        return GlossaryFile(args.file)
    configured = list(resolve_config(args).glossaries)
    if len(configured) != 1:
        raise usage_error("which glossary? give --file PATH (the configuration names "
                     f"{len(configured)} glossaries)")  # fmt: skip
    return GlossaryFile(configured[0])


def _warn(notes: Sequence[str | Lost]) -> None:
    """Print notes to stderr."""
    for note in notes:
        print(str(note), file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:
    """Print one line per concept."""
    for concept in _termbase(args).concepts:
        preferred = concept.preferred(args.lang)
        shown = preferred.text if preferred else "-"
        languages = ",".join(concept.languages)
        print(f"{concept.id:<28} {concept.type:<13} {shown:<32} {languages}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print a concept from its file."""
    for concept in _termbase(args).concepts:
        if concept.id == args.id and concept.pos is not None:
            file = GlossaryFile(concept.pos.path)
            print(f"# {concept.pos.path}:{file.line_of(args.id)}")
            print(file.concept_text(args.id), end="")
            return 0
    raise usage_error(f"no concept '{args.id}' in the glossaries")


def run_find(args: argparse.Namespace) -> int:
    """Print the terms closest to the text, best first."""
    choices: list[tuple[str, str, str, str]] = []  # concept, lang, status, text
    for concept in _termbase(args).concepts:
        for term in concept.terms:
            choices.append((concept.id, term.lang, term.status.value, term.text))
    found = process.extract(
        fold(args.text),
        [fold(c[3]) for c in choices],
        scorer=fuzz.WRatio,
        limit=args.limit,
        score_cutoff=50,
    )
    for _, score, index in found:
        concept_id, lang, status, text = choices[index]
        print(f"{score:5.1f}  {concept_id:<28} {lang:<6} {status:<11} {text}")
    return 0 if found else 1


def _save(file: GlossaryFile, done: str) -> int:
    """Write an edited file and say what was done."""
    file.save()
    print(f"{file.path}: {done}", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add a concept (with ``--type``) and/or a term, or the accepted proposals of a review."""
    file = _target(args)
    if args.review:
        return _add_reviewed(file, args.review)
    if args.id is None:
        raise usage_error("give a concept id (and LANG TERM), or --from FILE")
    if args.id not in file.concepts:
        file.add_concept(args.id, args.type or "term")
    elif args.type:
        file.set_field(args.id, "type", args.type)
    if (args.lang is None) != (args.term is None):
        raise usage_error("give both LANG and TERM")
    if args.lang is None:
        return _save(file, f"added concept '{args.id}'")
    file.add_term(
        args.id, args.lang, args.term, args.status,
        note=args.note, source=args.source, pos=args.pos,
    )  # fmt: skip
    return _save(file, f"added {args.status} '{args.term}' ({args.lang}) to '{args.id}'")


def _add_reviewed(file: GlossaryFile, review: str) -> int:
    """Apply the accepted proposals of a ``terms suggest`` review file."""
    proposals = read_review(read_document(review).text, review)
    accepted = [p for p in proposals if p.decision == "accept"]
    pending = sum(p.decision == "pending" for p in proposals)
    for proposal in accepted:
        if proposal.kind == "new-concept":
            if proposal.concept not in file.concepts:
                file.add_concept(proposal.concept, proposal.type)
            file.add_term(proposal.concept, proposal.lang, proposal.term, "preferred")
            for variant in proposal.variants:
                file.add_term(proposal.concept, proposal.lang, variant, "deprecated")
        else:
            file.add_term(proposal.concept, proposal.lang, proposal.term, proposal.status)
    if pending:
        print(f"{review}: {pending} proposals still pending, left out", file=sys.stderr)
    if not accepted:
        print(f"{review}: no accepted proposals", file=sys.stderr)
        return 1
    return _save(file, f"added {len(accepted)} accepted proposals from {review}")


def run_set(args: argparse.Namespace) -> int:
    """Set a concept field."""
    file = _target(args)
    file.set_field(args.id, args.field, args.value)
    return _save(file, f"set {args.field} of '{args.id}'")


def run_rm(args: argparse.Namespace) -> int:
    """Remove a concept or a term."""
    file = _target(args)
    if args.lang is None:
        file.remove_concept(args.id)
        return _save(file, f"removed concept '{args.id}'")
    if args.term is None:
        raise usage_error("give LANG and TERM to remove a term, or only the id to remove a concept")
    file.remove_term(args.id, args.lang, args.term)
    return _save(file, f"removed '{args.term}' ({args.lang}) from '{args.id}'")


def run_merge(args: argparse.Namespace) -> int:
    """Merge two concepts."""
    file = _target(args)
    _warn(file.merge(args.into, args.other))
    return _save(file, f"merged '{args.other}' into '{args.into}'")


def run_rename(args: argparse.Namespace) -> int:
    """Rename a concept."""
    file = _target(args)
    file.rename(args.id, args.new)
    return _save(file, f"renamed '{args.id}' to '{args.new}'")


def run_fmt(args: argparse.Namespace) -> int:
    """Put a glossary's keys in canonical order (comments kept), or check that they are."""
    file = _target(args)
    file.check()
    file.canonicalize()
    if file.text() == file.original.text:
        return 0
    if args.check:
        print(f"would reformat {file.path}")
        return 1
    return _save(file, "reformatted")


def run_validate(args: argparse.Namespace) -> int:
    """Load every glossary (errors: status 2) and print warnings (status 1)."""
    termbase = _termbase(args)
    warnings = [p for glossary in termbase.glossaries for p in validate(glossary)]
    for problem in warnings:
        print(f"{problem.location()}: warning {problem.code}: {problem.message}")
    count = len(termbase.concepts)
    print(f"{len(termbase.glossaries)} glossaries, {count} concepts, {len(warnings)} warnings",
          file=sys.stderr)  # fmt: skip
    return 1 if warnings else 0


def run_stats(args: argparse.Namespace) -> int:
    """Print each glossary's figures."""
    for glossary in _termbase(args).glossaries:
        print(f"{glossary.path}")
        print(stats(glossary).table())
    return 0


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the format options given on the command line."""
    names = ("source_lang", "target_lang", "layout", "name")
    return {n: getattr(args, n) for n in names if getattr(args, n, None)}


def run_import(args: argparse.Namespace) -> int:
    """Convert a file (or CLDR) into a glossary; write it only when it loads."""
    if args.format == "cldr":
        cldr_glossary = importlib.import_module("terms.interchange.cldr").cldr_glossary
        result = cldr_glossary(
            [k.strip() for k in args.kinds.split(",") if k.strip()],
            [loc.strip() for loc in args.locales.split(",") if loc.strip()],
        )
        header = "Built from CLDR (Unicode License v3) by `terms glossary import cldr`."
    else:
        if not args.source:
            raise usage_error(f"give the {args.format} file to import")
        path = Path(args.source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise UsageError(
                Problem(code("input-unreadable"), f"cannot read: {reason}", str(path))
            ) from exc
        result = importer(args.format)(path, text, **_options(args))
        header = f"Imported from {path.name} ({args.format}) by `terms glossary import`."
    _warn(result.lost)
    text = dump_glossary(result.glossary, header)
    load_glossary_text(text, args.output or "<import>")
    _write(args.output, text)
    print(f"imported {len(result.glossary.concepts)} concepts; {len(result.lost)} notes on "
          "what could not be carried", file=sys.stderr)  # fmt: skip
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the chosen glossaries in another format."""
    termbase = _termbase(args)
    merged = Glossary(
        name="+".join(g.name for g in termbase.glossaries),
        path="<export>",
        concepts=termbase.concepts,
        languages=tuple(dict.fromkeys(t for g in termbase.glossaries for t in g.languages)),
    )
    result = exporter(args.format)(merged, **_options(args))
    _warn(result.lost)
    _write(args.output, result.text)
    return 0


def _write(output: str | None, text: str) -> None:
    """Write text atomically to a file, or to stdout."""
    if output:
        write_or_raise(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


__all__ = ["add_parser"]
