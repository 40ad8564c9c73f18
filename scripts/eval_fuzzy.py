#!/usr/bin/env python3
"""Measure variant recognition on name-variant data, through the `terms normalize` command.

Protocol (see ../shared/eval/README.md): the glossary holds the canonical names only, one
concept per name, as English preferred terms (plus the names the negatives are near to).
Each positive variant is put in a short English sentence; it counts as recognized when
normalizing the sentence rewrites the variant to its canonical and changes nothing else (a
variant in capitals, to the canonical in capitals: terms keeps the case of text in capitals). Each
negative is tried as written and capitalized at the start of a sentence; it is a false positive
when normalizing changes the sentence. Negatives that fold to a glossary name are homographs and
are skipped.

The sentences go through the real command line (`python -m terms normalize --format json`) with
a generated glossary file, so what is measured is what users run.

    python scripts/eval_fuzzy.py                   # ../shared/eval, table
    python scripts/eval_fuzzy.py --json            # machine-readable
    python scripts/eval_fuzzy.py --data DIR --plot curve.png
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval"
POSITIVE_FRAME = "Officials in {} said on Tuesday that the talks would resume."
NEGATIVE_FRAMES = ("The report mentioned {} twice.", "{} was mentioned in the report.")
PLACE_TYPES = {"country", "city", "subdivision", "territory"}


@dataclass(frozen=True)
class Case:
    """One sentence to normalize and what should come out of it."""

    group: str  # "positives", "positives_core", "negatives", "cross_script"
    kind: str
    sentence: str
    expected: str  # the sentence as it should be after normalizing


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_glossary(rows: list[dict[str, Any]], negatives: list[dict[str, Any]]) -> str:
    """Return glossary YAML with one concept per canonical name."""
    from terms.folding import fold

    concepts: dict[str, tuple[str, str]] = {}
    for row in rows:
        kind = "person" if row["entity_type"].startswith("person") else "place"
        concepts.setdefault(fold(row["canonical"]), (row["canonical"], kind))
    for row in negatives:
        kind = "person" if row["kind"] == "other_person" else "place"
        concepts.setdefault(fold(row["near_canonical"]), (row["near_canonical"], kind))
    lines = ["version: 1", "name: eval", "concepts:"]
    for index, (name, kind) in enumerate(sorted(concepts.values())):
        lines.append(f"  c{index}:")
        lines.append(f"    type: {kind}")
        lines.append(f"    en: {json.dumps(name, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def build_cases(data: Path) -> tuple[list[Case], str, int]:
    """Return the cases, the glossary YAML, and how many negatives were skipped."""
    from terms.folding import fold

    positives = read_jsonl(data / "positives.dev.jsonl")
    core = read_jsonl(data / "positives_core.dev.jsonl")
    negatives = read_jsonl(data / "negatives.dev.jsonl")
    cross_path = data / "cross_script.dev.jsonl"
    cross = read_jsonl(cross_path) if cross_path.exists() else []
    glossary = build_glossary(positives + core + cross, negatives)
    names = {fold(r["canonical"]) for r in positives + core + cross}
    names |= {fold(r["near_canonical"]) for r in negatives}
    cases: list[Case] = []
    for group, rows in (
        ("positives", positives),
        ("positives_core", core),
        ("cross_script", cross),
    ):
        for row in rows:
            if row["kind"] == "alias":
                continue  # another name altogether: only a glossary entry can know it
            canonical = row["canonical"]
            if row["variant"].isupper():
                canonical = canonical.upper()  # names in capitals stay in capitals (PASHINYAN)
            sentence = POSITIVE_FRAME.format(row["variant"])
            cases.append(Case(group, row["kind"], sentence, POSITIVE_FRAME.format(canonical)))
    skipped = 0
    for row in negatives:
        text = row["text"]
        if fold(text) in names:
            skipped += 1
            continue
        for frame, word in zip(NEGATIVE_FRAMES, (text, text[:1].upper() + text[1:]), strict=True):
            sentence = frame.format(word)
            cases.append(Case("negatives", row["kind"], sentence, sentence))
    return cases, glossary, skipped


def run_cli(cases: list[Case], glossary: str, options: list[str]) -> str:
    """Normalize every case's sentence (one per line) through the CLI; return its stdout."""
    with tempfile.TemporaryDirectory() as folder:
        glossary_path = Path(folder) / "eval.yaml"
        glossary_path.write_text(glossary, encoding="utf-8")
        text_path = Path(folder) / "sentences.txt"
        text_path.write_text("".join(c.sentence + "\n" for c in cases), encoding="utf-8")
        command = [sys.executable, "-m", "terms", "normalize", "--lang", "en", "--glossary"]
        command += [str(glossary_path), str(text_path), *options]
        proc = subprocess.run(command, capture_output=True, cwd=folder, check=False)
        if proc.returncode != 0:
            sys.exit(f"terms failed ({proc.returncode}):\n{proc.stderr.decode()}")
        return proc.stdout.decode("utf-8")


def run_terms(cases: list[Case], glossary: str, extra: list[str]) -> list[str]:
    """Return each case's sentence as `terms normalize` gives it."""
    return run_cli(cases, glossary, extra).split("\n")[: len(cases)]


def run_records(cases: list[Case], glossary: str, extra: list[str]) -> list[list[dict[str, Any]]]:
    """Normalize with every fuzzy match from score 50 reported; return the records per line."""
    options = ["--format", "json", "--fuzzy", "--fuzzy-suggest", "50", *extra]
    per_line: list[list[dict[str, Any]]] = [[] for _ in cases]
    for change in json.loads(run_cli(cases, glossary, options))["files"][0]["changes"]:
        per_line[change["line"] - 1].append(change)
    return per_line


def outputs_at(cases: list[Case], records: list[list[dict[str, Any]]], auto: float) -> list[str]:
    """Return each sentence as normalizing gives it when fuzzy matches from ``auto`` apply."""
    outputs = []
    for case, changes in zip(cases, records, strict=True):
        text = case.sentence
        for change in sorted(changes, key=lambda c: -c["column"]):
            if change["replacement"] is None:
                continue
            if change["kind"] == "fuzzy" and change["score"] < auto:
                continue
            if change["kind"] != "fuzzy" and not change["applied"]:
                continue
            start = change["column"] - 1
            text = text[:start] + change["replacement"] + text[start + len(change["original"]) :]
        outputs.append(text)
    return outputs


def sweep(cases: list[Case], records: list[list[dict[str, Any]]]) -> list[dict[str, float]]:
    """Return recall and false positives for fuzzy thresholds from 50 to 100."""
    rows = []
    for auto in range(50, 101, 2):
        table = score(cases, outputs_at(cases, records, float(auto)))
        rows.append(
            {
                "auto": float(auto),
                "spelling": table["positives"].get("spelling", {}).get("rate", 0.0),
                "spelling_core": table["positives_core"].get("spelling", {}).get("rate", 0.0),
                "fold_equal": table["positives"].get("fold_equal", {}).get("rate", 0.0),
                "false_positives": table["negatives"]["all"]["rate"],
            }
        )
    return rows


def plot(rows: list[dict[str, float]], path: Path) -> None:
    """Draw recall against false positives across the threshold range (needs matplotlib)."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("--plot needs matplotlib: pip install 'terms-toolkit[plot]'")

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 5))
    for key, label in (("spelling_core", "spelling, news domain"), ("spelling", "spelling, all")):
        axis.plot(
            [r["false_positives"] * 100 for r in rows],
            [r[key] * 100 for r in rows],
            marker="o",
            markersize=3,
            label=label,
        )
        for row in rows[::5]:
            axis.annotate(
                f"{row['auto']:g}", (row["false_positives"] * 100, row[key] * 100), fontsize=7
            )
    axis.axvline(1.0, color="grey", linestyle=":", label="1% false positives")
    axis.set_xlabel("false positives on the negatives (%)")
    axis.set_ylabel("recall (%)")
    axis.set_title(
        "terms fuzzy recognition: recall against false positives\n(labels: --fuzzy-auto threshold)"
    )
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def score(cases: list[Case], outputs: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Return per group and kind: count and the share recognized (or falsely rewritten)."""
    totals: dict[tuple[str, str], int] = Counter()
    hits: dict[tuple[str, str], int] = Counter()
    for case, output in zip(cases, outputs, strict=True):
        key = (case.group, case.kind)
        totals[key] += 1
        if case.group == "negatives":
            hits[key] += output != case.sentence
        else:
            hits[key] += output == case.expected
    table: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for (group, kind), total in sorted(totals.items()):
        table[group][kind] = {"count": total, "rate": hits[(group, kind)] / total}
    for group in list(table):
        total = sum(int(v["count"]) for v in table[group].values())
        hit = sum(v["rate"] * v["count"] for v in table[group].values())
        table[group]["all"] = {"count": total, "rate": hit / total}
    return table


def print_table(table: dict[str, dict[str, dict[str, float]]], skipped: int) -> None:
    """Print recall per positive kind and false positives per negative kind."""
    print(f"{'group':<16} {'kind':<14} {'count':>7} {'rate':>8}")
    for group, kinds in table.items():
        label = "false positives" if group == "negatives" else "recall"
        for kind, value in kinds.items():
            print(f"{group:<16} {kind:<14} {int(value['count']):>7} {value['rate']:>8.3f}  {label}")
    print(f"(negatives that fold to a glossary name, skipped as homographs: {skipped})")


def main() -> int:
    """Run the evaluation."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of eval files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--plot", type=Path, help="draw recall against false positives (PNG)")
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="also print recall and false positives across fuzzy thresholds",
    )
    parser.add_argument("terms_args", nargs="*", help="extra options for terms normalize")
    args = parser.parse_args()
    if not (args.data / "positives.dev.jsonl").exists():
        sys.exit(f"no eval data in {args.data}")
    cases, glossary, skipped = build_cases(args.data)
    outputs = run_terms(cases, glossary, list(args.terms_args))
    table = score(cases, outputs)
    rows = (
        sweep(cases, run_records(cases, glossary, list(args.terms_args)))
        if (args.sweep or args.plot)
        else []
    )
    if args.json:
        print(json.dumps({"table": table, "skipped_homographs": skipped, "sweep": rows}, indent=2))
    else:
        print_table(table, skipped)
        if rows:
            print(f"\n{'auto':>6} {'spelling':>9} {'core':>7} {'fold_eq':>8} {'false+':>7}")
            for row in rows:
                print(
                    f"{row['auto']:>6g} {row['spelling']:>9.3f} {row['spelling_core']:>7.3f} "
                    f"{row['fold_equal']:>8.3f} {row['false_positives']:>7.4f}"
                )
    if args.plot:
        plot(rows, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
