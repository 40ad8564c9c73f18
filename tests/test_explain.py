from __future__ import annotations

import json
from pathlib import Path

from conftest import run_terms


def test_explain_shows_keys_candidates_and_decision(tmp_path: Path) -> None:
    proc = run_terms("explain", "Alijev", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "skeleton:   aliev" in text
    assert "Aliyev (en, concept aliyev" in text
    assert "decision:   rewritten to 'Aliyev' (fuzzy" in text


def test_explain_names_the_guard_as_json(tmp_path: Path) -> None:
    proc = run_terms("explain", "alive", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert result["everyday"] is True
    assert result["frequencies"]["en"] > 4
    assert result["decision"].startswith("left alone: an everyday word")


def test_explain_with_fuzzy_off(tmp_path: Path) -> None:
    proc = run_terms("explain", "Alijev", "--no-fuzzy", cwd=tmp_path)
    assert "decision:   left alone" in proc.stdout.decode()
