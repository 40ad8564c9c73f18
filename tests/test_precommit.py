"""The hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit as a user runs them.

``pre-commit try-repo ROOT HOOK --all-files`` builds the hook's virtualenv, pip-installs this
repository into it (its dependencies come from the package index, so this test needs one) and
runs the hook in a throwaway git repository. try-repo takes the committed tree of ROOT plus its
uncommitted changes to tracked files and its staged files; untracked files are left out, so a
new module must be staged (``git add``) before this test sees it.

try-repo installs into a store of its own in a temporary folder and never reuses one, whatever
PRE_COMMIT_HOME says: each of the three calls builds the environment anew (about 8 s each on
CI's 2-core machine). One session-scoped fixture makes the three calls, once. PRE_COMMIT_HOME,
pip's cache and virtualenv's app data still point into the session's temporary folder, so that
nothing of the user's is written (pre-commit records each config it runs in PRE_COMMIT_HOME).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

MARKDOWN = "article.md"
HTML = "page.html"
TEXT = "notes.txt"

FILES: dict[str, bytes] = {
    MARKDOWN: b"# Talks\n\nPashinian spoke in Yerevan.\n",
    # Clean files with CRLF line endings, non-ASCII text and no final newline: the fix must
    # leave them byte for byte as they are.
    HTML: (
        b'<!DOCTYPE html>\r\n<html lang="en">\r\n'
        b"<body><p>Pashinyan met the press in Yerevan.</p></body>\r\n</html>"
    ),
    TEXT: "Nothing to change here: café, naïve, “quotes”.\r\nNo final newline".encode(),
}
FIXED_MARKDOWN = b"# Talks\n\nPashinyan spoke in Yerevan.\n"

# Git variables that pre-commit itself keeps; any other GIT_* (GIT_DIR, GIT_INDEX_FILE, ... as
# set when the suite runs from a git hook) would point git at another repository.
KEPT_GIT_VARIABLES = {
    "GIT_EXEC_PATH",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_SSL_CAINFO",
    "GIT_SSL_NO_VERIFY",
    "GIT_CONFIG_COUNT",
    "GIT_ASKPASS",
}

# One call builds a virtualenv and installs from the package index: generous, but bounded.
TIMEOUT = 600


@dataclass(frozen=True)
class HookRuns:
    """The three try-repo calls of one session and the files after each."""

    lint_before: subprocess.CompletedProcess[str]
    files_after_lint: dict[str, bytes]
    fix: subprocess.CompletedProcess[str]
    files_after_fix: dict[str, bytes]
    lint_after: subprocess.CompletedProcess[str]
    files_after_relint: dict[str, bytes]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for git and pre-commit, without what would redirect or skip them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not (key.startswith("GIT_") or key.startswith("PRE_COMMIT") or key == "SKIP")
        or key in KEPT_GIT_VARIABLES
        or key.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
    }
    # SKIP=<hook id> would make pre-commit skip the hook; PYTHONPATH would let the hook import
    # terms from somewhere else than the virtualenv pre-commit built.
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    """Run one git command; a failure fails the test."""
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def try_repo(hook: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``pre-commit try-repo ROOT <hook> --all-files`` in ``cwd``, output and errors merged."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            hook,
            "--all-files",
            "--color",
            "never",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        check=False,
    )


def read_files(repo: Path) -> dict[str, bytes]:
    """The bytes of each file of the throwaway repository."""
    return {name: (repo / name).read_bytes() for name in FILES}


@pytest.fixture(scope="session")
def hook_runs(tmp_path_factory: pytest.TempPathFactory) -> HookRuns:
    """Lint, fix, lint again with try-repo in a new git repository (once per session)."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in .[test])")
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH: pre-commit needs it")
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git work tree (installed from an sdist?): try-repo needs one")

    base = tmp_path_factory.mktemp("pre-commit")
    env = clean_env(
        PRE_COMMIT_HOME=str(base / "pre-commit-home"),
        PIP_CACHE_DIR=str(base / "pip-cache"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(base / "virtualenv-app-data"),
    )
    repo = base / "repo"
    repo.mkdir()
    git("init", "--quiet", cwd=repo, env=env)
    git("config", "user.name", "terms tests", cwd=repo, env=env)
    git("config", "user.email", "tests@terms.invalid", cwd=repo, env=env)
    for name, content in FILES.items():
        (repo / name).write_bytes(content)
    git("add", *FILES, cwd=repo, env=env)

    lint_before = try_repo("terms-lint", repo, env)
    files_after_lint = read_files(repo)
    fix = try_repo("terms-lint-fix", repo, env)
    files_after_fix = read_files(repo)
    lint_after = try_repo("terms-lint", repo, env)
    return HookRuns(
        lint_before, files_after_lint, fix, files_after_fix, lint_after, read_files(repo)
    )


def test_terms_lint_fails_on_a_variant_and_names_it(hook_runs: HookRuns) -> None:
    run = hook_runs.lint_before
    assert run.returncode == 1, run.stdout
    assert f"{MARKDOWN}:3:1: TRM101" in run.stdout, run.stdout
    assert "'Pashinian'" in run.stdout, run.stdout
    assert HTML not in run.stdout, run.stdout
    assert TEXT not in run.stdout, run.stdout
    assert hook_runs.files_after_lint == FILES


def test_terms_lint_fix_rewrites_the_variant_and_nothing_else(hook_runs: HookRuns) -> None:
    run = hook_runs.fix
    # pre-commit fails a hook that modified files, as it should.
    assert run.returncode == 1, run.stdout
    assert "files were modified by this hook" in run.stdout, run.stdout
    assert hook_runs.files_after_fix[MARKDOWN] == FIXED_MARKDOWN, run.stdout
    assert hook_runs.files_after_fix[HTML] == FILES[HTML]
    assert hook_runs.files_after_fix[TEXT] == FILES[TEXT]


def test_terms_lint_passes_after_the_fix(hook_runs: HookRuns) -> None:
    run = hook_runs.lint_after
    assert run.returncode == 0, run.stdout
    # Passed, not skipped: the hook's `files` pattern matched and the hook ran.
    assert "terms lint" in run.stdout and "Passed" in run.stdout, run.stdout
    assert "Skipped" not in run.stdout, run.stdout
    assert hook_runs.files_after_relint == hook_runs.files_after_fix
