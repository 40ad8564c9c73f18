"""Configuration: ``terms.toml``, or ``[tool.terms]`` in ``pyproject.toml``.

The closest file from the current folder upwards wins; files are not merged. Paths in a
configuration file are relative to the folder that holds it.

Keys (all optional):

- ``lang``: the default target language (a BCP 47 tag).
- ``glossaries``: glossary files to use besides the bundled ones.
- ``bundled``: whether the bundled glossaries are used (default true).
- ``fuzzy``: recognize spellings nobody listed (default true); ``fuzzy-auto`` and
  ``fuzzy-suggest``: the score from which a fuzzy match is rewritten, and from which it is
  reported; ``fuzzy-allow``: words fuzzy matching never touches.
- ``source-lang``: the language of PO msgids (default ``en``).
- ``formats``: file extension -> format (``{".txt" = "markdown"}``).
- ``html-attributes``: read the ``alt`` and ``title`` attributes of HTML as text (default false).
- ``cache-dir``: where compiled glossaries are cached (default: ``$TERMS_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/terms``, else ``~/.cache/terms``).
- ``jobs``: how many processes work on the inputs (default: the number of CPUs).
- ``include`` and ``exclude``: gitignore-style patterns for the files that ``terms lint``
  reads when it walks folders.
- ``[clean]`` (``[tool.terms.clean]``): the steps of ``terms clean`` on or off (``unicode``,
  ``boilerplate``, ``terminology``, ``numbers``, ``quotes``, ``whitespace``, each true or
  false), ``apostrophe`` (``"’"`` or ``"'"``: the apostrophe in words), ``boilerplate-lines``
  (language -> extra lines of web furniture to remove).
- ``[lint]`` (``[tool.terms.lint]``): ``select`` and ``ignore`` (codes, prefixes or names),
  ``severity`` (code -> ``error``/``warning``/``info``), ``per-file-ignores`` (glob -> codes),
  ``output-format``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from terms.codes import code
from terms.errors import ConfigError, Problem
from terms.locales import UnknownLanguageError, canonical_tag

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "terms.toml"
PYPROJECT = "pyproject.toml"
KEYS = (
    "lang",
    "glossaries",
    "bundled",
    "fuzzy",
    "fuzzy-auto",
    "fuzzy-suggest",
    "fuzzy-allow",
    "source-lang",
    "formats",
    "include",
    "exclude",
    "html-attributes",
    "cache-dir",
    "jobs",
    "lint",
    "clean",
)
CLEAN_STEPS = ("unicode", "boilerplate", "terminology", "numbers", "quotes", "whitespace")
CLEAN_KEYS = (*CLEAN_STEPS, "apostrophe", "boilerplate-lines")
APOSTROPHES = ("’", "'")
LINT_KEYS = ("select", "ignore", "severity", "per-file-ignores", "output-format")
FORMAT_NAMES = ("text", "markdown", "html", "po")
LINT_OUTPUT_FORMATS = ("concise", "full", "json", "github", "sarif", "junit")
SEVERITIES = ("error", "warning", "info")
_TOML_POSITION = regex.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Config:
    """Settings read from a configuration file (or the defaults when there is none)."""

    path: Path | None = None
    lang: str | None = None
    glossaries: tuple[Path, ...] = field(default_factory=tuple)
    bundled: bool = True
    fuzzy: bool | None = None
    fuzzy_auto: float | None = None
    fuzzy_suggest: float | None = None
    fuzzy_allow: tuple[str, ...] = ()
    source_lang: str | None = None
    formats: dict[str, str] = field(default_factory=dict)
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    html_attributes: bool = False
    lint: LintConfig = field(default_factory=lambda: LintConfig())
    cache_dir: Path | None = None
    jobs: int | None = None
    clean: CleanConfig = field(default_factory=lambda: CleanConfig())

    @property
    def root(self) -> Path:
        """Return the folder that paths in this configuration are relative to."""
        return self.path.parent if self.path else Path.cwd()


@dataclass(frozen=True)
class CleanConfig:
    """The ``[clean]`` table: steps switched on or off, and the steps' options."""

    steps: dict[str, bool] = field(default_factory=dict)
    apostrophe: str | None = None
    boilerplate_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class LintConfig:
    """The ``[lint]`` table."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    output_format: str | None = None


def find_config(start: Path) -> Path | None:
    """Return the closest ``terms.toml`` or ``pyproject.toml`` with ``[tool.terms]``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_terms(pyproject):
            return pyproject
    return None


def _has_tool_terms(pyproject: Path) -> bool:
    """Return True when a pyproject.toml has a ``[tool.terms]`` table, however it is written.

    A file that cannot be read or parsed counts as having one, so that its error is reported.
    """
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    tool = document.get("tool")
    return isinstance(tool, dict) and "terms" in tool


def _key_position(text: str, key: str, section: str | None) -> tuple[int, int]:
    """Find the line and column where ``key =`` is written (inside ``section`` if given)."""
    lines = text.splitlines()
    inside = section is None
    header = None
    if section is not None:
        dotted = r"\s*\.\s*".join(regex.escape(part) for part in section.split("."))
        header = regex.compile(rf"\[\s*{dotted}\s*\]")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = regex.match(r"\[+\s*([^\]]+?)\s*\]", stripped)
            name = regex.sub(r"\s*\.\s*", ".", table.group(1)) if table else ""
            if name == (f"{section}.{key}" if section else key):
                return number, line.index("[") + 1
            inside = header is None or header.fullmatch(stripped) is not None
            continue
        if inside:
            match = regex.match(rf"\s*[\"']?{regex.escape(key)}[\"']?\s*=", line)
            if match:
                return number, line.index(line.lstrip()[0]) + 1
    return 0, 0


def load_config(path: Path) -> Config:
    """Read a configuration file; raise ConfigError with the location of any problem."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(
            Problem(code("input-unreadable"), f"cannot read: {reason}", name)
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(Problem(code("config-syntax"), "not valid UTF-8", name)) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise ConfigError(Problem(code("config-syntax"), message, name, line, column)) from exc
    section: str | None = None
    table: Any = document
    if path.name == PYPROJECT:
        section = "tool.terms"
        table = document.get("tool", {}).get("terms", {})
        if not isinstance(table, dict):
            raise ConfigError(
                Problem(code("config-wrong-value"), "[tool.terms] must be a table", name)
            )
    return _config_from_table(table, path, text, section)


def _config_from_table(table: dict[str, Any], path: Path, text: str, section: str | None) -> Config:
    """Check the keys and values of the configuration table."""
    problems: list[Problem] = []
    problem = _reporter(path, text, section, problems)

    for key in table:
        if key not in KEYS:
            problem(
                "config-unknown-key", key, f"unknown key '{key}'; allowed keys: {', '.join(KEYS)}"
            )
    lang = table.get("lang")
    if lang is not None:
        if not isinstance(lang, str):
            problem("config-wrong-value", "lang", "'lang' must be a language tag such as 'en'")
            lang = None
        else:
            try:
                lang = canonical_tag(lang)
            except UnknownLanguageError as exc:
                problem("config-wrong-value", "lang", str(exc))
                lang = None
    glossaries = table.get("glossaries", [])
    if not isinstance(glossaries, list) or not all(isinstance(g, str) for g in glossaries):
        problem("config-wrong-value", "glossaries", "'glossaries' must be a list of file paths")
        glossaries = []
    bundled = table.get("bundled", True)
    if not isinstance(bundled, bool):
        problem("config-wrong-value", "bundled", "'bundled' must be true or false")
        bundled = True
    fuzzy = table.get("fuzzy")
    if fuzzy is not None and not isinstance(fuzzy, bool):
        problem("config-wrong-value", "fuzzy", "'fuzzy' must be true or false")
        fuzzy = None
    thresholds: dict[str, float | None] = {}
    for key in ("fuzzy-auto", "fuzzy-suggest"):
        value = table.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100
        ):
            problem("config-wrong-value", key, f"'{key}' must be a score from 0 to 100")
            value = None
        thresholds[key] = None if value is None else float(value)
    allow = table.get("fuzzy-allow", [])
    if not isinstance(allow, list) or not all(isinstance(w, str) for w in allow):
        problem("config-wrong-value", "fuzzy-allow", "'fuzzy-allow' must be a list of words")
        allow = []
    source_lang = _language(table, "source-lang", problem)
    formats = table.get("formats", {})
    if not isinstance(formats, dict) or not all(
        isinstance(k, str) and v in FORMAT_NAMES for k, v in formats.items()
    ):
        problem(
            "config-wrong-value",
            "formats",
            f"'formats' must map extensions to one of {', '.join(FORMAT_NAMES)}",
        )
        formats = {}
    formats = {(k if k.startswith(".") else f".{k}").lower(): v for k, v in formats.items()}
    include = _strings(table, "include", problem)
    exclude = _strings(table, "exclude", problem) or ()
    html_attributes = table.get("html-attributes", False)
    if not isinstance(html_attributes, bool):
        problem("config-wrong-value", "html-attributes", "'html-attributes' must be true or false")
        html_attributes = False
    cache_dir = table.get("cache-dir")
    if cache_dir is not None and not isinstance(cache_dir, str):
        problem("config-wrong-value", "cache-dir", "'cache-dir' must be a folder path")
        cache_dir = None
    jobs = table.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        problem("config-wrong-value", "jobs", "'jobs' must be a whole number from 1")
        jobs = None
    lint = _lint_table(table.get("lint", {}), path, text, section, problems)
    clean = _clean_table(table.get("clean", {}), path, text, section, problems)
    if problems:
        raise ConfigError(problems)
    base = path.parent
    return Config(
        path,
        lang,
        tuple(base / g for g in glossaries),
        bundled,
        fuzzy,
        thresholds["fuzzy-auto"],
        thresholds["fuzzy-suggest"],
        tuple(allow),
        source_lang,
        formats,
        include,
        exclude,
        html_attributes,
        lint,
        None if cache_dir is None else base / cache_dir,
        jobs,
        clean,
    )


def _language(table: dict[str, Any], key: str, problem: Any) -> str | None:
    """Return a language tag value, canonical, or None (reporting a bad one)."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problem("config-wrong-value", key, f"'{key}' must be a language tag such as 'en'")
        return None
    try:
        return canonical_tag(value)
    except UnknownLanguageError as exc:
        problem("config-wrong-value", key, str(exc))
        return None


def _strings(table: dict[str, Any], key: str, problem: Report) -> tuple[str, ...] | None:
    """Return a list-of-strings value as a tuple, or None when absent (reporting a bad one)."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problem("config-wrong-value", key, f"'{key}' must be a list of strings")
        return None
    return tuple(value)


def _check_selectors(selectors: Any, key: str, problem: Report) -> None:
    """Report selectors (codes, prefixes, names) that select no check."""
    from terms.lint.select import normalize_selector

    unknown = [s for s in selectors if normalize_selector(str(s)) is None]
    if unknown:
        problem(
            "config-wrong-value",
            key,
            f"unknown check code or name in '{key}': {', '.join(map(str, unknown))} "
            "(see `terms rule --all`)",
        )


Report = Callable[[str, str, str], None]  # (kind of problem, key, message)


def _reporter(path: Path, text: str, where: str | None, problems: list[Problem]) -> Report:
    """Return a function that records a problem at a key of the table ``where``."""
    name = str(path)

    def problem(kind: str, key: str, message: str) -> None:
        line, column = _key_position(text, key, where)
        problems.append(Problem(code(kind), message, name, line, column))

    return problem


def _known_table(table: Any, name: str, keys: Sequence[str], problem: Report) -> bool:
    """Return True when ``table`` is a table; report any key of it not in ``keys``."""
    if not isinstance(table, dict):
        problem("config-wrong-value", name, f"'{name}' must be a table")
        return False
    for key in table:
        if key not in keys:
            problem(
                "config-unknown-key",
                key,
                f"unknown key '{key}' in [{name}]; allowed keys: {', '.join(keys)}",
            )
    return True


def _lint_table(
    table: Any, path: Path, text: str, section: str | None, problems: list[Problem]
) -> LintConfig:
    """Check the ``[lint]`` table."""
    problem = _reporter(path, text, f"{section}.lint" if section else "lint", problems)
    if not _known_table(table, "lint", LINT_KEYS, problem):
        return LintConfig()
    select = _strings(table, "select", problem)
    ignore = _strings(table, "ignore", problem) or ()
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(v in SEVERITIES for v in severity.values()):
        problem("config-wrong-value", "severity", f"'severity' values: {', '.join(SEVERITIES)}")
        severity = {}
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict) or not all(
        isinstance(v, list) and all(isinstance(c, str) for c in v) for v in per_file.values()
    ):
        problem("config-wrong-value", "per-file-ignores", "'per-file-ignores' maps globs to codes")
        per_file = {}
    _check_selectors(select or (), "select", problem)
    _check_selectors(ignore, "ignore", problem)
    _check_selectors(severity, "severity", problem)
    for codes in per_file.values():
        _check_selectors(codes, "per-file-ignores", problem)
    output = table.get("output-format")
    if output is not None and output not in LINT_OUTPUT_FORMATS:
        problem(
            "config-wrong-value",
            "output-format",
            f"'output-format' must be one of {', '.join(LINT_OUTPUT_FORMATS)}",
        )
        output = None
    return LintConfig(
        select,
        ignore,
        dict(severity),
        {k: tuple(v) for k, v in per_file.items()},
        output,
    )


def _clean_table(
    table: Any, path: Path, text: str, section: str | None, problems: list[Problem]
) -> CleanConfig:
    """Check the ``[clean]`` table."""
    problem = _reporter(path, text, f"{section}.clean" if section else "clean", problems)
    if not _known_table(table, "clean", CLEAN_KEYS, problem):
        return CleanConfig()
    steps: dict[str, bool] = {}
    for step in CLEAN_STEPS:
        value = table.get(step)
        if value is None:
            continue
        if not isinstance(value, bool):
            problem("config-wrong-value", step, f"'{step}' must be true or false")
            continue
        steps[step] = value
    apostrophe = table.get("apostrophe")
    if apostrophe is not None and apostrophe not in APOSTROPHES:
        problem("config-wrong-value", "apostrophe", '\'apostrophe\' must be "\u2019" or "\'"')
        apostrophe = None
    lines = table.get("boilerplate-lines", {})
    if not isinstance(lines, dict) or not all(
        isinstance(v, list) and all(isinstance(line, str) for line in v) for v in lines.values()
    ):
        problem(
            "config-wrong-value",
            "boilerplate-lines",
            "'boilerplate-lines' maps language tags to lists of lines",
        )
        lines = {}
    extra: dict[str, tuple[str, ...]] = {}
    for tag, values in lines.items():
        try:
            extra[canonical_tag(tag)] = tuple(values)
        except UnknownLanguageError as exc:
            problem("config-wrong-value", "boilerplate-lines", str(exc))
    return CleanConfig(steps, apostrophe, extra)
