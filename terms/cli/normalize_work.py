"""What a worker of ``terms normalize`` does with one input: read, normalize, write, report back.

A worker reads the file itself, normalizes it, writes it back (``--write``) or diffs it
(``--diff``), and sends back only what the run reports: a :class:`Finished`, with the
warnings already worded, the JSON record when one is wanted, and never the text (except for
the one input printed to stdout). The compiled normalizer is the worker state, shared with
the workers by fork (see :mod:`terms.parallel`), never sent with each input.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from typing import Any

from terms.changes import Change
from terms.cli.common import STDIN, read_input
from terms.codes import code
from terms.config import Config
from terms.diffs import unified_diff
from terms.documents import DocumentNormalizer, DocumentResult
from terms.errors import InputError, Problem
from terms.fileio import TextFile, decode_document, read_document, write_atomic
from terms.formats import read_as
from terms.fuzzy import FuzzySettings
from terms.matcher import Matcher
from terms.parallel import state

STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Finished:
    """What processing one input gave: all that the run reports about it, and little more."""

    path: str
    problems: tuple[Problem, ...] = ()  # the input could not be read, or not written back
    read: bool = False  # False: the input was not read (its problems say why)
    changed: bool = False
    applied: int = 0
    warnings: tuple[str, ...] = ()
    record: dict[str, Any] | None = None  # for --format json
    written: bool = False
    diff: str = ""
    output: bytes | None = None  # the normalized input, encoded, when it goes to stdout


def make_state(
    matcher: Matcher,
    lang: str,
    args: argparse.Namespace,
    config: Config,
    fuzzy: FuzzySettings,
) -> tuple[DocumentNormalizer, argparse.Namespace, Config]:
    """Build what each worker needs: the compiled normalizer and the run's settings."""
    normalizer = DocumentNormalizer(
        None, lang, matcher=matcher, rewrite_forbidden=args.rewrite_forbidden, fuzzy=fuzzy
    )
    return normalizer, args, config


def process_inputs(paths: list[str]) -> list[Finished]:
    """Process a chunk of inputs in a worker (or in this process for one job)."""
    return [process_input(path) for path in paths]


def process_input(path: str) -> Finished:
    """Read, normalize and write back or diff one input; return what the run reports."""
    normalizer, args, config = state()
    try:
        doc = read_path(path)
        result = normalizer.normalize(read_input(args, config, doc.path, doc.text))
    except InputError as exc:
        return Finished(path, problems=tuple(exc.problems))
    return _finish(args, doc, result)


def normalize_piece(piece: tuple[str, str]) -> DocumentResult:
    """Normalize one piece of a large plain-text file in a worker."""
    normalizer, _, _ = state()
    path, text = piece
    result: DocumentResult = normalizer.normalize(read_as("text", path, text))
    return result


def _finish(args: argparse.Namespace, doc: TextFile, result: DocumentResult) -> Finished:
    """Write or diff one input's result as the mode says, and describe it for the report."""
    done = Finished(
        doc.path,
        read=True,
        changed=result.changed,
        applied=sum(1 for c in result.changes if c.applied),
        warnings=warnings(doc.path, result.changes) if args.format == "text" else (),
        record=file_record(doc.path, result) if args.format == "json" else None,
    )
    if args.write:
        if result.changed:
            try:
                write_atomic(doc.path, doc.encode(result.text))
            except OSError as exc:
                return replace(done, problems=(unwritable(doc.path, exc),))
            return replace(done, written=True)
    elif args.diff:
        return replace(done, diff=unified_diff(doc.text, result.text, doc.path))
    elif not args.check and args.format == "text":
        return replace(done, output=doc.encode(result.text))
    return done


def read_path(path: str) -> TextFile:
    """Read one input: a file, or stdin for '-'."""
    if path == STDIN:
        return decode_document(sys.stdin.buffer.read(), STDIN_NAME)
    return read_document(path)


def warnings(path: str, changes: tuple[Change, ...] | list[Change]) -> tuple[str, ...]:
    """Word a warning for each change found but not made."""
    return tuple(warning(path, change) for change in changes if not change.applied)


def warning(path: str, change: Change) -> str:
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


def file_record(path: str, result: DocumentResult) -> dict[str, Any]:
    """Return the JSON record of one file's changes."""
    return {
        "path": path,
        "changed": result.changed,
        "changes": [change.as_dict() for change in result.changes],
    }


def unwritable(path: str, exc: OSError) -> Problem:
    """Build the problem of an output that cannot be written."""
    return Problem(code("output-unwritable"), f"cannot write: {exc.strerror or exc}", path)
