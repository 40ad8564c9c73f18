"""Shared helpers: paths to fixtures, golden files, and running the real command."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
SEED = FIXTURES / "armenia-border-guards.en.txt"

# Set TERMS_UPDATE_GOLDEN=1 to rewrite golden files from the current output instead of
# comparing against them (then review the diff with git before committing).
UPDATE_GOLDEN = os.environ.get("TERMS_UPDATE_GOLDEN") == "1"
# the runs of the suite keep their glossary cache to themselves, never in the user's home
os.environ["TERMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="terms-test-cache-")


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with the golden file ``tests/golden/<name>`` (or rewrite it)."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"missing golden file {path}; run with TERMS_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"output differs from {path} (TERMS_UPDATE_GOLDEN=1 to update)"


def run_terms(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m terms`` as a real subprocess."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "terms", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def bundled():  # type: ignore[no-untyped-def]
    """The bundled termbase, loaded once."""
    import terms

    return terms.load_termbase(terms.bundled_glossary_paths())


def run_cli(
    *args: str | Path, cwd: Path, check_traceback: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms ARGS`` in ``cwd`` as text; a traceback on stderr fails the test."""
    proc = subprocess.run(
        [sys.executable, "-m", "terms", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        check=False,
        encoding="utf-8",
        timeout=120,
    )
    if check_traceback:
        assert "Traceback" not in proc.stderr, proc.stderr
    return proc
