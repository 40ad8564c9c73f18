#!/usr/bin/env python3
"""Peers of `terms normalize` for scripts/bench.py: detection, dictionaries, Python engines.

Every peer gets the same list of (variant, preferred) pairs, written in its own format:
codespell a `wrong->right` dictionary (`-D`), typos an `extend-words` TOML config, prh a
`prh.yml` with one rule per concept. pyahocorasick and flashtext are run by this module as a
command (`python scripts/bench_peers.py aho|flashtext PAIRS INPUT OUTPUT`): read, match
case-insensitively on whole words, apply the replacements, write the output file.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# prh lives outside the repository (npm install prh there); TERMS_BENCH_NODE_MODULES overrides it.
PRH_HOME = Path(
    os.environ.get("TERMS_BENCH_NODE_MODULES", "~/.cache/terms-bench/node_modules")
).expanduser()

# The Node side of prh: prh's own engine finds the changes (every rule's regular expression over
# every paragraph, as `prh` does), then they are applied in one pass (prh's own
# ChangeSet.applyChangeSets rebuilds the whole text once per change, which is quadratic).
PRH_SCRIPT = r"""
const fs = require("fs");
const [prhPath, rules, input, output] = process.argv.slice(2);
const prh = require(prhPath);
const engine = prh.fromYAMLFilePath(rules);
const content = fs.readFileSync(input, "utf8");
const diffs = engine.makeChangeSet(input, content).diffs.slice().sort((a, b) => a.index - b.index);
const parts = [];
let at = 0;
for (const diff of diffs) {
  const found = diff.matches[0];
  const replacement = diff.newText;
  if (diff.index < at || replacement === null || replacement === found) continue;
  parts.push(content.slice(at, diff.index), replacement);
  at = diff.index + found.length;
}
parts.push(content.slice(at));
fs.writeFileSync(output, parts.join(""));
"""


@dataclass(frozen=True)
class Peer:
    """One peer engine: its name, and why it cannot run (empty when it can)."""

    name: str
    missing: str
    version: str


def _module_version(module: str, distribution: str) -> tuple[str, str]:
    """Return (missing reason, version) for an importable Python module."""
    if importlib.util.find_spec(module) is None:
        return "skipped (not installed)", ""
    try:
        return "", importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "", "?"


def _executable(name: str) -> str | None:
    """Return the path of an executable, looking beside this Python first (its venv's bin)."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def _command_version(command: Sequence[str]) -> str:
    """Return the first line a `--version` command prints, or '?'."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "?"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else "?"


def detect() -> dict[str, Peer]:
    """Find out which peers can run here, with their versions."""
    peers: dict[str, Peer] = {}
    for name, module, dist in (
        ("pyahocorasick", "ahocorasick", "pyahocorasick"),
        ("flashtext", "flashtext", "flashtext"),
    ):
        missing, version = _module_version(module, dist)
        peers[name] = Peer(name, missing, version)
    for name in ("codespell", "typos"):
        path = _executable(name)
        if path is None:
            peers[name] = Peer(name, "skipped (not installed)", "")
        else:
            peers[name] = Peer(name, "", _command_version([path, "--version"]))
    node = shutil.which("node")
    package = PRH_HOME / "prh" / "package.json"
    if node is None:
        peers["prh"] = Peer("prh", "skipped (not installed: no node)", "")
    elif not package.is_file():
        peers["prh"] = Peer("prh", f"skipped (not installed: no {package})", "")
    else:
        version = json.loads(package.read_text(encoding="utf-8")).get("version", "?")
        peers["prh"] = Peer("prh", "", f"{version} (node {_command_version([node, '--version'])})")
    return peers


def executable(name: str) -> str:
    """Return the path of a peer's executable (codespell, typos, node)."""
    found = shutil.which(name) if name == "node" else _executable(name)
    if found is None:
        raise FileNotFoundError(name)
    return found


def write_dictionaries(pairs: Sequence[tuple[str, str]], folder: Path) -> dict[str, Path]:
    """Write the (variant, preferred) pairs in every peer's format; return the paths by peer."""
    folder.mkdir(parents=True, exist_ok=True)
    tsv = folder / "pairs.tsv"
    tsv.write_text("".join(f"{v}\t{p}\n" for v, p in pairs), encoding="utf-8")
    codespell = folder / "codespell.txt"
    # codespell looks words up lowercased and restores the case of the text on the fix.
    codespell.write_text("".join(f"{v.lower()}->{p}\n" for v, p in pairs), encoding="utf-8")
    typos = folder / "typos.toml"
    lines = ["[default.extend-words]"]
    lines += [f"{json.dumps(v.lower(), ensure_ascii=False)} = {json.dumps(p)}" for v, p in pairs]
    typos.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prh_rules = folder / "prh.yml"
    by_preferred: dict[str, list[str]] = {}
    for variant, preferred in pairs:
        by_preferred.setdefault(preferred, []).append(variant)
    rules = ["version: 1", "rules:"]
    for preferred, forms in by_preferred.items():
        # One regex per concept, case-insensitive, on whole words: JavaScript's \b is
        # ASCII-only, so the boundaries are Unicode lookarounds (prh adds the u flag).
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        pattern = f"/(?<![\\p{{L}}\\p{{N}}_])(?:{alternation})(?![\\p{{L}}\\p{{N}}_])/i"
        rules += [f"  - expected: {json.dumps(preferred)}", f"    pattern: {json.dumps(pattern)}"]
    prh_rules.write_text("\n".join(rules) + "\n", encoding="utf-8")
    prh_script = folder / "prh_apply.js"
    prh_script.write_text(PRH_SCRIPT, encoding="utf-8")
    return {
        "pairs": tsv,
        "codespell": codespell,
        "typos": typos,
        "prh": prh_rules,
        "prh_script": prh_script,
    }


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read the (variant, preferred) pairs from a TSV file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        variant, preferred = line.split("\t")
        pairs.append((variant, preferred))
    return pairs


def _is_word(char: str) -> bool:
    """Tell whether a character continues a word, as regex \\w does."""
    return char.isalnum() or char == "_"


def _apply(text: str, spans: list[tuple[int, int, str]], target: Path) -> int:
    """Write ``text`` with the (start, end, replacement) spans applied; return how many changed."""
    parts: list[str] = []
    at = 0
    changed = 0
    for start, end, replacement in spans:
        if text[start:end] == replacement:
            continue
        parts += (text[at:start], replacement)
        at = end
        changed += 1
    parts.append(text[at:])
    target.write_text("".join(parts), encoding="utf-8")
    return changed


def run_aho(pairs: Path, source: Path, target: Path) -> int:
    """Replace every variant with pyahocorasick on the lowercased text; return the count."""
    import ahocorasick

    text = source.read_text(encoding="utf-8")
    lowered = text.lower()
    if len(lowered) != len(text):  # lower() changed a length (e.g. İ): match the text as is
        lowered = text
    automaton = ahocorasick.Automaton()
    for variant, preferred in _read_pairs(pairs):
        key = variant.lower()
        automaton.add_word(key, (len(key), preferred))
    automaton.make_automaton()
    size = len(text)
    spans = []
    for last, (length, preferred) in automaton.iter_long(lowered):
        start, end = last - length + 1, last + 1
        if (start and _is_word(text[start - 1])) or (end < size and _is_word(text[end])):
            continue
        spans.append((start, end, preferred))
    return _apply(text, spans, target)


def run_flashtext(pairs: Path, source: Path, target: Path) -> int:
    """Replace every variant with flashtext's keyword extraction; return the count.

    flashtext's own replace_keywords runs about 20x slower than its extraction, so the spans it
    finds are applied in one pass, as for pyahocorasick. Its word characters are ASCII-only
    (a keyword 'rich' matches inside 'Zürich'), so they are widened to every letter and digit
    of the text.
    """
    from flashtext import KeywordProcessor  # type: ignore[import-untyped]

    text = source.read_text(encoding="utf-8")
    processor = KeywordProcessor(case_sensitive=False)
    processor.set_non_word_boundaries(
        processor.non_word_boundaries | {c for c in set(text) if _is_word(c)}
    )
    for variant, preferred in _read_pairs(pairs):
        processor.add_keyword(variant, preferred)
    spans = processor.extract_keywords(text, span_info=True)
    return _apply(text, [(start, end, preferred) for preferred, start, end in spans], target)


def main(argv: Sequence[str]) -> int:
    """Run one Python engine: ENGINE PAIRS INPUT OUTPUT."""
    engine, pairs, source, target = argv
    runner = {"aho": run_aho, "flashtext": run_flashtext}[engine]
    count = runner(Path(pairs), Path(source), Path(target))
    print(json.dumps({"engine": engine, "replacements": count}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
