"""``terms suggest`` and ``terms glossary add --from``: from a corpus to reviewed entries."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ruamel.yaml import YAML

from terms.glossary import load_glossary

from conftest import SEED, run_cli

HOUSE = (
    "version: 1\nname: house\nconcepts:\n  kremlin:  # keep me\n    type: place\n    en: Kremlin\n"
)


def terms(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m terms ARGS`` in ``cwd``."""
    return run_cli(*args, cwd=cwd)


def test_suggest_on_the_seed_article_and_apply_the_review(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(HOUSE, encoding="utf-8")
    proc = terms("suggest", SEED, "-g", "house.yaml", "-o", "review.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    yaml = YAML(typ="rt")
    review = yaml.load((tmp_path / "review.yaml").read_text(encoding="utf-8"))
    groups = {p["term"]: sorted(p["variants"]) for p in review["proposals"]}
    assert groups["Pashinian"] == ["Pashinián", "Pashinyan"]
    assert groups["Nagorno Karabaj"] == ["Nagorno Karabakh"]
    assert all(p["decision"] == "pending" and p["examples"] for p in review["proposals"])
    for proposal in review["proposals"]:
        if proposal["term"] == "Pashinian":  # a person accepts it, choosing the house spelling
            proposal.update(term="Pashinyan", variants=["Pashinian", "Pashinián"])
            proposal.update(concept="pashinyan", type="person", decision="accept")
        else:
            proposal["decision"] = "reject"
    with (tmp_path / "review.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(review, handle)
    applied = terms("glossary", "add", "--from", "review.yaml", "-f", "house.yaml", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    text = (tmp_path / "house.yaml").read_text(encoding="utf-8")
    assert "# keep me" in text
    concept = load_glossary(tmp_path / "house.yaml").concepts[-1]
    assert (concept.id, concept.type) == ("pashinyan", "person")
    assert [(t.text, t.status.value) for t in concept.terms] == [
        ("Pashinyan", "preferred"),
        ("Pashinian", "deprecated"),
        ("Pashinián", "deprecated"),
    ]
    lint = terms("lint", "-g", "house.yaml", SEED, "--output-format", "json", cwd=tmp_path)
    found = [d["data"]["original"] for d in json.loads(lint.stdout)["diagnostics"]]
    assert sorted(found) == ["Pashinian"] * 3 + ["Pashinián"] * 2


def test_a_review_with_a_bad_decision_is_refused(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "version: 1\nproposals:\n  - {kind: variant, concept: kremlin, lang: en, term: Kreml, "
        "decision: maybe}\n",
        encoding="utf-8",
    )
    proc = terms("glossary", "add", "--from", "r.yaml", "-f", "house.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "r.yaml:3:1: error TRM035: decision must be accept, reject or pending" in proc.stderr
    assert (tmp_path / "house.yaml").read_text(encoding="utf-8") == HOUSE


def test_nothing_to_propose_exits_1(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("The Kremlin said nothing.\n", encoding="utf-8")
    proc = terms("suggest", "a.txt", "-g", "house.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "proposals: []" in proc.stdout
