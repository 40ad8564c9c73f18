#!/usr/bin/env python3
"""Benchmark: `terms normalize` with fuzzy recognition against exact matching only.

Generates, deterministically, a glossary of N invented names with 3 to 5 transliteration
variants each and S MB of news-like English prose in which about 1% of the tokens are names
(75% listed variants, 12.5% preferred forms, 12.5% variants the glossary does not list). Then
runs both configurations as whole processes, alternately (A B A B ...), and prints the CPU
seconds of each and their ratio pair by pair, so that machine noise cancels.

    python scripts/bench.py                         # N=10,000 concepts, S=20 MB, 3 pairs
    python scripts/bench.py --concepts 1000 --size-mb 5 --runs 2
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = [
    "ka",
    "ra",
    "shi",
    "nya",
    "ba",
    "lo",
    "mi",
    "de",
    "vo",
    "zha",
    "tsu",
    "khe",
    "gor",
    "ly",
    "an",
    "ev",
    "ov",
    "ski",
    "pa",
    "sar",
    "gis",
    "tan",
    "mur",
    "ze",
    "kov",
    "dji",
    "ro",
    "ne",
]
# Rewrites that make spelling variants, as transliteration schemes and languages do.
REWRITES = [
    ("sh", "sch"),
    ("sh", "ş"),
    ("ch", "tch"),
    ("kh", "h"),
    ("kh", "ch"),
    ("ya", "ja"),
    ("y", "i"),
    ("zh", "j"),
    ("zh", "ž"),
    ("ts", "z"),
    ("v", "w"),
    ("ov", "off"),
    ("j", "y"),
    ("a", "á"),
    ("e", "é"),
    ("ski", "sky"),
]


def make_name(rng: random.Random) -> str:
    """Return an invented name of two to four syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def variants(name: str, rng: random.Random, count: int) -> list[str]:
    """Return up to ``count`` distinct spelling variants of ``name``."""
    found: set[str] = set()
    for _ in range(count * 10):
        variant = name.lower()
        for old, new in rng.sample(REWRITES, 3):
            if old in variant:
                variant = variant.replace(old, new, 1)
        variant = variant.capitalize()
        if variant != name:
            found.add(variant)
        if len(found) == count:
            break
    return sorted(found)


def generate(folder: Path, concepts: int, size_mb: float, seed: int = 1) -> tuple[Path, Path]:
    """Write the glossary and the corpus; return their paths."""
    rng = random.Random(seed)
    names: dict[str, list[str]] = {}
    while len(names) < concepts:
        name = make_name(rng)
        if name not in names:
            names[name] = variants(name, rng, rng.randint(4, 6))
    lines = ["version: 1", "name: bench", "concepts:"]
    listed: list[tuple[str, str]] = []  # (text form, kind)
    seen: set[str] = set(names)
    for index, (name, forms) in enumerate(names.items()):
        keep = [f for f in forms if f not in seen][:5]
        seen.update(keep)
        shown, unseen = keep[:-1], keep[-1:]
        lines += [f"  c{index}:", "    type: person", "    en:", f"      preferred: {name}"]
        if shown:
            lines.append("      deprecated: [" + ", ".join(shown) + "]")
        listed += [(f, "listed") for f in shown] + [(name, "preferred")]
        listed += [(f, "unseen") for f in unseen]
    glossary = folder / "bench.yaml"
    glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from wordfreq import top_n_list

    words = top_n_list("en", 20000)
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    by_kind: dict[str, list[str]] = {"listed": [], "preferred": [], "unseen": []}
    for form, kind in listed:
        by_kind[kind].append(form)
    target = int(size_mb * 1_000_000)
    corpus = folder / "corpus.txt"
    with corpus.open("w", encoding="utf-8") as handle:
        written = 0
        while written < target:
            tokens = rng.choices(words, weights, k=2000)
            for i in range(0, len(tokens), 100):
                kind = rng.choices(["listed", "preferred", "unseen"], [6, 1, 1])[0]
                tokens[i] = rng.choice(by_kind[kind] or by_kind["preferred"])
            paragraph = " ".join(tokens).capitalize() + ".\n\n"
            handle.write(paragraph)
            written += len(paragraph.encode("utf-8"))
    return glossary, corpus


def cpu_run(command: list[str]) -> tuple[float, float]:
    """Run a command; return its CPU seconds and wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}\n{proc.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> int:
    """Generate the data, run the pairs, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3, help="counted pairs (after one warm-up)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        glossary, corpus = generate(folder, args.concepts, args.size_mb)
        base = [
            sys.executable,
            "-m",
            "terms",
            "normalize",
            "--glossary",
            str(glossary),
            "--check",
            str(corpus),
        ]
        exact, fuzzy = [*base, "--no-fuzzy"], [*base, "--fuzzy"]
        cpu_run(exact)  # warm-up: file cache, bytecode
        pairs = [(cpu_run(exact), cpu_run(fuzzy)) for _ in range(args.runs)]
    size = os.path.getsize(corpus) if corpus.exists() else args.size_mb * 1e6
    exact_cpu = statistics.median(p[0][0] for p in pairs)
    fuzzy_cpu = statistics.median(p[1][0] for p in pairs)
    ratio = statistics.median(p[1][0] / p[0][0] for p in pairs)
    print(f"{args.concepts:,} concepts, {size / 1e6:.1f} MB, {args.runs} pairs (CPU s, median)")
    print(f"  exact only : {exact_cpu:7.2f} s  {size / 1e6 / exact_cpu:6.2f} MB/s")
    print(f"  with fuzzy : {fuzzy_cpu:7.2f} s  {size / 1e6 / fuzzy_cpu:6.2f} MB/s")
    print(f"  fuzzy / exact (pair by pair, median): {ratio:.2f}x  (goal: at most 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
