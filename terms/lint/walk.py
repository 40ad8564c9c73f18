"""Which files a lint run reads: folders walked with ``.gitignore`` and include/exclude rules.

Files named on the command line are always read, unless ``force_exclude`` is set and they
match an exclude pattern (pre-commit passes every changed file by name, so the configuration's
excludes must still apply). Folders are walked in sorted order, skipping hidden folders,
what ``.gitignore`` files ignore (from the repository root down), and ``exclude`` patterns;
their files are read when they match ``include`` (by default the extensions of the known
formats).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from terms.codes import code
from terms.errors import Problem
from terms.formats import EXTENSIONS

DEFAULT_INCLUDE = tuple(f"*{extension}" for extension in EXTENSIONS)
ALWAYS_SKIPPED = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass(frozen=True)
class FileRules:
    """Include and exclude patterns (gitignore syntax), relative to ``root``."""

    root: Path
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    _include: pathspec.GitIgnoreSpec = field(init=False, repr=False, compare=False)
    _exclude: pathspec.GitIgnoreSpec = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the patterns."""
        object.__setattr__(self, "_include", pathspec.GitIgnoreSpec.from_lines(self.include))
        object.__setattr__(self, "_exclude", pathspec.GitIgnoreSpec.from_lines(self.exclude))

    def relative(self, path: Path) -> str | None:
        """Return ``path`` relative to the root in POSIX form (None when outside it).

        Symbolic links are not followed: a link is judged by where it is, as git does.
        """
        try:
            return _absolute(path).relative_to(_absolute(self.root)).as_posix()
        except ValueError:
            return None

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Return True when an exclude pattern matches ``path``."""
        relative = self.relative(path)
        if relative is None:
            return False
        return self._exclude.match_file(relative + ("/" if is_dir else ""))

    def included(self, path: Path) -> bool:
        """Return True when an include pattern matches ``path`` (by its name or its path)."""
        relative = self.relative(path) or path.name
        return self._include.match_file(relative) or self._include.match_file(path.name)


def _absolute(path: Path) -> Path:
    """Return an absolute, normalized path without following symbolic links."""
    return Path(os.path.abspath(path))


def collect_files(
    paths: Sequence[str], rules: FileRules, *, force_exclude: bool = False
) -> tuple[list[str], list[Problem]]:
    """Return the files to lint for the given paths, each once, in a stable order.

    Also returns a problem for each folder that cannot be read. Only regular files are read
    when walking (a named pipe would block); a file named twice (``a.md`` and ``./a.md``) is
    read once.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     root = pathlib.Path(d)
    ...     for name in ("a.md", "b.po", "c.py", ".hidden/x.md", "out/y.md"):
    ...         (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...         _ = (root / name).write_text("x")
    ...     _ = (root / ".gitignore").write_text("out/\\n")
    ...     [p[len(d) + 1 :] for p in collect_files([d], FileRules(root))[0]]
    ['a.md', 'b.po']
    """
    found: dict[str, str] = {}  # real path -> the name it was given as
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, rules, problems):
                found.setdefault(os.path.realpath(file), file)
        elif not (force_exclude and _excluded_anywhere(path, rules)):
            found.setdefault(os.path.realpath(given), given)
    return list(found.values()), problems


def _excluded_anywhere(path: Path, rules: FileRules) -> bool:
    """Return True when the file or one of its folders is excluded."""
    if rules.excluded(path):
        return True
    return any(rules.excluded(parent, is_dir=True) for parent in _absolute(path).parents)


def _walk(top: Path, rules: FileRules, problems: list[Problem]) -> Iterator[str]:
    """Yield the regular files under ``top`` that the rules let through."""
    ignores = _GitIgnores(top) if rules.respect_gitignore else None

    def unreadable(error: OSError) -> None:
        reason = error.strerror or str(error)
        where = error.filename or str(top)
        problems.append(Problem(code("input-unreadable"), f"cannot read folder: {reason}", where))

    for folder, dirs, files in os.walk(top, onerror=unreadable):
        here = Path(folder)
        if ignores is not None:
            ignores.enter(here)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in ALWAYS_SKIPPED
            and not rules.excluded(here / d, is_dir=True)
            and not (ignores is not None and ignores.ignored(here / d, is_dir=True))
        )
        for name in sorted(files):
            path = here / name
            if rules.excluded(path) or (ignores is not None and ignores.ignored(path)):
                continue
            if rules.included(path) and path.is_file():
                yield str(path)


class _GitIgnores:
    """The ``.gitignore`` files that apply while walking: the repository's, folder by folder."""

    def __init__(self, top: Path) -> None:
        """Load the ignore files from the repository root (if any) down to ``top``."""
        self.specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
        top = _absolute(top)
        repository = next((p for p in (top, *top.parents) if (p / ".git").exists()), None)
        if repository is not None:
            for folder in reversed(top.relative_to(repository).parents):
                self._load(repository / folder)
        self._loaded: set[Path] = set()

    def _load(self, folder: Path) -> None:
        """Add the ``.gitignore`` of ``folder``, when it has one."""
        ignore_file = folder / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            self.specs.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))

    def enter(self, folder: Path) -> None:
        """Take the ``.gitignore`` of a folder the walk enters into account."""
        absolute = _absolute(folder)
        if absolute not in self._loaded:
            self._loaded.add(absolute)
            self._load(absolute)

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        """Return True when the ``.gitignore`` files above ``path`` ignore it.

        As in git, a deeper file overrides a shallower one: the last pattern that matches,
        from the root down, decides (``!keep.md`` re-includes).
        """
        absolute = _absolute(path)
        ignored = False
        for folder, spec in sorted(self.specs, key=lambda item: len(item[0].parts)):
            try:
                relative = absolute.relative_to(folder).as_posix()
            except ValueError:
                continue
            verdict = spec.check_file(relative + ("/" if is_dir else "")).include
            if verdict is not None:
                ignored = verdict
        return ignored
