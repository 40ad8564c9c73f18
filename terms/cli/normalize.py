"""``terms normalize``: rewrite variants to the house form of the target language."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from terms.changes import Change
from terms.chunks import count_lines, read_pieces, shift
from terms.cli.common import (
    STDIN,
    add_format_options,
    add_fuzzy_options,
    add_glossary_options,
    add_jobs_option,
    add_rewrite_modes,
    check_rewrite_modes,
    count_changes,
    load_matcher,
    print_change_records,
    report_problems,
    resolve_config,
    resolve_fuzzy,
    resolve_jobs,
    resolve_lang,
)
from terms.cli.normalize_work import (
    Finished,
    file_record,
    normalize_piece,
    process_inputs,
    unwritable,
    warnings,
)
from terms.cli.normalize_work import make_state as state_of_run
from terms.cli.progress import Progress
from terms.codes import code
from terms.config import Config
from terms.documents import DocumentResult
from terms.errors import InputError, Problem, TermsError
from terms.fileio import AtomicWriter
from terms.formats import format_for
from terms.parallel import Workers, chunk_size

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
    add_rewrite_modes(parser, "docs/normalize.schema.json")
    add_format_options(parser)
    parser.add_argument(
        "--rewrite-forbidden",
        action="store_true",
        help="also rewrite forbidden terms (by default they are only reported)",
    )
    add_jobs_option(parser)
    parser.set_defaults(run=run)


def _streamed(path: str, args: argparse.Namespace, config: Config) -> bool:
    """Return True for an input read in pieces: a large plain-text file, not for --diff."""
    if path == STDIN or args.diff:
        return False
    fmt = args.input_format or format_for(path, config.formats)
    try:
        return fmt == "text" and os.path.getsize(path) > block_bytes()
    except OSError:
        return False


def block_bytes() -> int:
    """Return the size of the pieces large files are read in (``TERMS_BLOCK_BYTES``, 4 MiB)."""
    return int(os.environ.get("TERMS_BLOCK_BYTES", str(4 << 20)))


class _Run:
    """The state of one ``normalize`` run: its mode, what it found, and where output goes."""

    def __init__(self, args: argparse.Namespace, lang: str) -> None:
        """Start with nothing found."""
        self.args = args
        self.lang = lang
        self.failed = False
        self.would_change = False
        self.records: list[dict[str, Any]] = []
        self.errors: list[Problem] = []

    def problems(self, problems: Iterable[Problem]) -> None:
        """Report input or output problems; the run fails but goes on."""
        problems = list(problems)
        report_problems(problems)
        self.errors.extend(problems)
        self.failed = True

    def warn(self, warnings: Iterable[str]) -> None:
        """Print the warnings about changes found but not made."""
        for warning in warnings:
            print(warning, file=sys.stderr)

    def report(self, done: Finished) -> None:
        """Report one whole input that a worker read and normalized (and wrote or diffed)."""
        if not done.read:
            self.problems(done.problems)
            return
        args = self.args
        if done.record is not None:
            self.records.append(done.record)
        self.warn(done.warnings)
        self.would_change = self.would_change or done.changed
        if done.problems:  # it could not be written back
            self.problems(done.problems)
        elif done.written:
            print(f"normalized {done.path} ({count_changes(done.applied)})", file=sys.stderr)
        elif args.diff:
            sys.stdout.write(done.diff)
        elif args.check:
            if done.changed and args.format == "text":
                sys.stdout.write(f"would normalize {done.path} ({count_changes(done.applied)})\n")
        elif done.output is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(done.output)
            sys.stdout.buffer.flush()

    def stream_file(self, path: str, workers: Workers) -> None:
        """Normalize a large plain-text file piece by piece, in bounded memory.

        Pieces end at paragraph breaks, which no match crosses, so the result is the one of
        the whole file; with ``--write`` the pieces go to a temporary file that replaces the
        input only when something changed.
        """
        args = self.args
        try:
            encoding, bom, texts = read_pieces(path, block_bytes())
        except InputError as exc:
            self.problems(exc.problems)
            return
        except OSError as exc:
            self.problems([Problem(code("input-unreadable"), f"cannot read: {exc.strerror}", path)])
            return
        writer = None
        try:
            if args.write:
                writer = AtomicWriter(path)
                writer.write(bom)
            elif not args.check and args.format == "text":
                sys.stdout.flush()
                sys.stdout.buffer.write(bom)
            changes: list[Change] = []
            offset = lines = 0
            sources: deque[str] = deque()  # the pieces the workers have, oldest first

            def tagged() -> Iterator[tuple[str, str]]:
                for text in texts:
                    sources.append(text)
                    yield path, text

            for result in workers.map(normalize_piece, tagged()):
                source = sources.popleft()
                shifted = [shift(change, offset, lines) for change in result.changes]
                changes.extend(shifted)
                offset += len(source)
                lines += count_lines(source)
                data = result.text.encode(encoding)
                if writer is not None:
                    writer.write(data)
                elif not args.check and args.format == "text":
                    sys.stdout.buffer.write(data)
            sys.stdout.flush()
            result = DocumentResult("", tuple(changes))
            applied = sum(1 for c in changes if c.applied)
            if args.format == "json":
                self.records.append(file_record(path, result))
            if args.format == "text":
                self.warn(warnings(path, changes))
            self.would_change = self.would_change or result.changed
            if writer is not None:
                if result.changed:
                    writer.commit()
                    print(f"normalized {path} ({count_changes(applied)})", file=sys.stderr)
                else:
                    writer.discard()
                writer = None
            elif args.check and result.changed and args.format == "text":
                sys.stdout.write(f"would normalize {path} ({count_changes(applied)})\n")
        except OSError as exc:
            self.problems([unwritable(path, exc)])
        finally:
            if writer is not None:
                writer.discard()


def run(args: argparse.Namespace) -> int:
    """Normalize the inputs in the chosen mode and return the exit status."""
    paths = list(args.paths) or [STDIN]
    check_rewrite_modes(args, paths)
    try:
        config = resolve_config(args)
        lang = resolve_lang(args, config)
        matcher = load_matcher(args, config)
        fuzzy = resolve_fuzzy(args, config)
        jobs = resolve_jobs(args, config)
        streamed = {path for path in paths if _streamed(path, args, config)}
        if len(paths) == 1 and not streamed:
            jobs = 1  # one whole input: nothing to share
    except TermsError as exc:
        if args.format == "json":  # machine readers get the errors on stdout too
            print_change_records(
                sys.stdout, JSON_SCHEMA_VERSION, args.lang or "", [], list(exc.problems)
            )
        raise

    make_state = functools.partial(state_of_run, matcher, lang, args, config, fuzzy)
    this_run = _Run(args, lang)
    progress = Progress(len(paths), enabled=args.format == "text" and not args.diff)
    with Workers(jobs, make_state) as workers:
        batch: list[str] = []

        def flush() -> None:
            chunk = chunk_size(len(batch), workers.jobs)
            for done in workers.map_chunks(process_inputs, batch, chunk):
                progress.step(done.path)
                this_run.report(done)
            batch.clear()

        for path in paths:
            if path in streamed:
                flush()
                this_run.stream_file(path, workers)
                progress.step(path)
            else:
                batch.append(path)
        flush()
    progress.done()
    if args.format == "json":
        print_change_records(
            sys.stdout, JSON_SCHEMA_VERSION, lang, this_run.records, this_run.errors
        )
    if this_run.failed:
        return 2
    if (args.check or args.diff) and this_run.would_change:
        return 1
    return 0
