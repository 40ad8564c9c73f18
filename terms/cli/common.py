"""What every subcommand shares: choosing glossaries and configuration, reporting errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from terms.cache import GlossaryCache, default_cache_dir
from terms.codes import code
from terms.config import Config, find_config, load_config
from terms.errors import Problem, UsageError
from terms.formats import FORMATS, Document, format_for, read_as
from terms.fuzzy import FuzzySettings
from terms.glossary import bundled_glossary_paths
from terms.lexicon import use_cache_folder
from terms.locales import UnknownLanguageError, canonical_tag
from terms.matcher import Matcher
from terms.model import Termbase
from terms.parallel import cpu_count


def print_change_records(
    out: TextIO, version: int, lang: str, records: list[dict[str, Any]], errors: list[Problem]
) -> None:
    """Print a run's change records and errors as one JSON document (schema ``version``)."""
    document = {
        "version": version,
        "target_lang": lang,
        "files": records,
        "errors": [problem.as_dict() for problem in errors],
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def count_changes(changes: int) -> str:
    """Return "1 change" or "N changes"."""
    return f"{changes} change" if changes == 1 else f"{changes} changes"


def usage_error(message: str) -> UsageError:
    """Build an error about the command line (exit status 2)."""
    return UsageError(Problem(code("usage"), message, "<command line>"))


STDIN = "-"  # the path that reads standard input


def check_rewrite_modes(args: argparse.Namespace, paths: list[str]) -> None:
    """Reject combinations of inputs and rewrite modes that cannot work (exit status 2)."""
    if paths.count(STDIN) > 1:
        raise usage_error("'-' (stdin) can be given only once")
    if args.write and STDIN in paths:
        raise usage_error("--write cannot rewrite stdin; give file paths")
    if args.diff and args.format == "json":
        raise usage_error("--diff and --format json cannot be combined")
    no_mode = not (args.write or args.diff or args.check)
    if no_mode and args.format == "text" and len(paths) > 1:
        raise usage_error("several inputs need --write, --diff, --check or --format json")


def add_rewrite_modes(parser: argparse.ArgumentParser, schema: str) -> None:
    """Add the exclusive modes ``--write``, ``--diff``, ``--check`` and ``--format``."""
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
        help=f"json: print the change records (schema: {schema})",
    )


def add_glossary_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--glossary``, ``--config`` and ``--lang`` to a subcommand."""
    parser.add_argument(
        "--lang",
        metavar="TAG",
        help="target language, a BCP 47 tag (default: 'lang' from config, else en)",
    )
    parser.add_argument(
        "--glossary",
        "-g",
        action="append",
        default=[],
        metavar="PATH",
        help="glossary file to use (repeatable); when given, only these are used",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: the closest terms.toml or pyproject.toml "
        "with [tool.terms], from the current folder upwards)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="load the glossaries from their files, without the cache of compiled glossaries",
    )


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs N``: how many processes share the work."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        metavar="N",
        help="processes to use across files and the pieces of large files "
        "(default: 'jobs' from config, else the number of CPUs)",
    )


def _positive_int(text: str) -> int:
    """Parse a whole number from 1 (for argparse)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text!r}")
    return value


def resolve_jobs(args: argparse.Namespace, config: Config) -> int:
    """Return how many processes to use: the option, the configuration, else the CPUs."""
    return max(1, args.jobs or config.jobs or cpu_count())


def add_fuzzy_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--fuzzy/--no-fuzzy``, ``--fuzzy-auto`` and ``--fuzzy-suggest``."""
    parser.add_argument(
        "--fuzzy",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="recognize spellings nobody listed (default: on, or 'fuzzy' from config)",
    )
    parser.add_argument(
        "--fuzzy-auto",
        type=float,
        metavar="SCORE",
        help=f"rewrite fuzzy matches scoring at least this (default {FuzzySettings.auto})",
    )
    parser.add_argument(
        "--fuzzy-suggest",
        type=float,
        metavar="SCORE",
        help=f"report fuzzy matches scoring at least this (default {FuzzySettings.suggest})",
    )


def add_format_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--input-format`` and ``--html-attributes``."""
    parser.add_argument(
        "--input-format",
        choices=FORMATS,
        help="read every input as this format (default: by extension and 'formats' in config)",
    )
    parser.add_argument(
        "--html-attributes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="read the alt and title attributes of HTML as text (default: off, or config)",
    )


def read_input(args: argparse.Namespace, config: Config, path: str, text: str) -> Document:
    """Parse a decoded input with its format's adapter (stdin is plain text unless forced)."""
    fmt = args.input_format or ("text" if path == "<stdin>" else format_for(path, config.formats))
    attributes = (
        args.html_attributes if args.html_attributes is not None else (config.html_attributes)
    )
    return read_as(fmt, path, text, html_attributes=attributes)


def resolve_fuzzy(args: argparse.Namespace, config: Config) -> FuzzySettings:
    """Return the fuzzy settings: options first, then configuration, then defaults."""
    enabled = args.fuzzy if args.fuzzy is not None else config.fuzzy
    auto = args.fuzzy_auto if args.fuzzy_auto is not None else config.fuzzy_auto
    suggest = args.fuzzy_suggest if args.fuzzy_suggest is not None else config.fuzzy_suggest
    defaults = FuzzySettings()
    for name, value in (("--fuzzy-auto", auto), ("--fuzzy-suggest", suggest)):
        if value is not None and not 0 <= value <= 100:
            raise UsageError(
                Problem(code("usage"), f"{name} must be from 0 to 100", "<command line>")
            )
    return FuzzySettings(
        enabled=defaults.enabled if enabled is None else enabled,
        auto=defaults.auto if auto is None else auto,
        suggest=defaults.suggest if suggest is None else suggest,
        allow=frozenset(w.lower() for w in config.fuzzy_allow),
    )


def resolve_config(args: argparse.Namespace) -> Config:
    """Return the configuration named on the command line, or the closest one, or defaults."""
    if args.config:
        config = load_config(Path(args.config))
    else:
        found = find_config(Path.cwd())
        config = load_config(found) if found else Config()
    use_cache_folder(cache_folder(args, config))  # wordfreq's tables go with the glossaries'
    return config


def resolve_lang(args: argparse.Namespace, config: Config) -> str:
    """Return the target language: the option, else the configuration, else English."""
    tag = args.lang or config.lang or "en"
    try:
        return canonical_tag(tag)
    except UnknownLanguageError as exc:
        raise UsageError(Problem(code("usage"), f"--lang: {exc}", "<command line>")) from exc


def glossary_paths(args: argparse.Namespace, config: Config) -> list[Path]:
    """Return the glossary files to use: ``--glossary`` alone, else bundled plus configured."""
    if args.glossary:
        return [Path(p) for p in args.glossary]
    bundled = list(bundled_glossary_paths()) if config.bundled else []
    return bundled + list(config.glossaries)


def cache_folder(args: argparse.Namespace, config: Config) -> Path | None:
    """Return the folder of the glossary cache for this run, or None with ``--no-cache``."""
    if getattr(args, "no_cache", False):
        return None
    return config.cache_dir or default_cache_dir()


def load_glossaries(args: argparse.Namespace, config: Config) -> Termbase:
    """Load and check the glossaries for this run, through the cache (raises GlossaryError)."""
    return GlossaryCache(cache_folder(args, config)).load(glossary_paths(args, config))


def load_matcher(args: argparse.Namespace, config: Config) -> Matcher:
    """Return the compiled matcher of this run's glossaries, through the cache (GlossaryError)."""
    return GlossaryCache(cache_folder(args, config)).matcher(glossary_paths(args, config))


def report_problems(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one per line, as ``path:line:col: error CODE: message``."""
    for problem in problems:
        print(str(problem), file=sys.stderr)
