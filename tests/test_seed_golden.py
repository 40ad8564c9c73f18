"""The seed article: `terms normalize --lang en` changes exactly the expected spans, once."""

from __future__ import annotations

import json

from conftest import SEED, check_golden, run_terms

# Every span the bundled glossary must change in the seed article, and nothing else.
EXPECTED = [
    ("Nagorno Karabaj", "Nagorno-Karabakh"),
    ("Nikol Pashinián", "Nikol Pashinyan"),
    ("Pashinian", "Pashinyan"),
    ("Pashinian", "Pashinyan"),
    ("Dmitri Peskov", "Dmitry Peskov"),
    ("Nagorno Karabaj", "Nagorno-Karabakh"),
    ("Lachín corridor", "Lachin corridor"),
    ("Nagorno Karabakh", "Nagorno-Karabakh"),
    ("Nakhichevan", "Nakhchivan"),
    ("Ilham Alíev", "Ilham Aliyev"),
    ("Pashinián", "Pashinyan"),
    ("Organization of the Collective Security Pact", "Collective Security Treaty Organization"),
    ("ODKB", "CSTO"),
    ("Siunik", "Syunik"),
    ("Nakhichevan", "Nakhchivan"),
    ("Pashinian", "Pashinyan"),
    ("Nagorno Karabakh", "Nagorno-Karabakh"),
]


def test_seed_article_changes_exactly_the_expected_spans(tmp_path):  # type: ignore[no-untyped-def]
    proc = run_terms("normalize", "--lang", "en", "--format", "json", str(SEED), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    document = json.loads(proc.stdout)
    changes = document["files"][0]["changes"]
    assert [(c["original"], c["replacement"]) for c in changes] == EXPECTED
    assert all(c["applied"] and c["safe"] for c in changes)
    text = SEED.read_text(encoding="utf-8")
    for change in changes:
        assert text[change["start"] : change["end"]] == change["original"]


def test_seed_article_normalized_output_is_golden_and_stable(tmp_path):  # type: ignore[no-untyped-def]
    proc = run_terms("normalize", "--lang", "en", cwd=tmp_path, stdin=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    output = proc.stdout.decode("utf-8")
    check_golden("armenia-border-guards.en.normalized.txt", output)
    again = run_terms("normalize", "--check", "-", cwd=tmp_path, stdin=proc.stdout)
    assert again.returncode == 0
    assert again.stdout == b""


def test_seed_article_diff_is_golden(tmp_path):  # type: ignore[no-untyped-def]
    seed = tmp_path / "article.txt"
    seed.write_bytes(SEED.read_bytes())
    proc = run_terms("normalize", "--diff", "article.txt", cwd=tmp_path)
    assert proc.returncode == 1
    check_golden("armenia-border-guards.en.diff", proc.stdout.decode("utf-8"))
