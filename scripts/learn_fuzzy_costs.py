#!/usr/bin/env python3
"""Learn which spelling differences are transliteration, from name-variant pairs.

Reads the development split of ../shared/eval (or --data DIR): the `spelling` pairs
(variant -> canonical) and the negatives (a real word -> the name it is near). Every pair is
aligned on its compact keys (terms.fuzzy.compact); each edit (a substitution `k>c`, an
insertion `+h`, a deletion `-e`) is counted once per entity, so that one family of names with
many rows cannot weigh more than another. An edit seen in at least --min-entities entities gets
a cost between 0.2 and 1.0 from how much more often it appears in true variants than in
negatives; everything else costs 1. The result is written to terms/data/fuzzy_costs.json,
which terms.fuzzy loads.

    python scripts/learn_fuzzy_costs.py [--data DIR] [--min-entities 8]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from terms.fuzzy import compact  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval"
OUTPUT = ROOT / "terms" / "data" / "fuzzy_costs.json"


def edits(source: str, target: str) -> list[str]:
    """Return the edits that turn ``source`` into ``target``, as short labels."""
    labels = []
    for op in Levenshtein.editops(source, target):
        if op.tag == "replace":
            labels.append(f"{source[op.src_pos]}>{target[op.dest_pos]}")
        elif op.tag == "delete":
            labels.append(f"-{source[op.src_pos]}")
        else:
            labels.append(f"+{target[op.dest_pos]}")
    return labels


def count(pairs: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Return, for each edit, the entities whose pairs use it."""
    seen: dict[str, set[str]] = defaultdict(set)
    for variant, canonical, entity in pairs:
        a, b = compact(variant), compact(canonical)
        if a and b and a != b:
            for label in edits(a, b):
                seen[label].add(entity)
    return seen


def main() -> int:
    """Learn the costs and write them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-entities", type=int, default=8)
    args = parser.parse_args()
    rows = []
    for name in ("positives.dev.jsonl", "positives_core.dev.jsonl"):
        with (args.data / name).open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    positives = {
        (r["variant"], r["canonical"], r["entity_id"]) for r in rows if r["kind"] == "spelling"
    }
    with (args.data / "negatives.dev.jsonl").open(encoding="utf-8") as handle:
        negatives = [json.loads(line) for line in handle]
    negative_pairs = [
        (r["text"], r["near_canonical"], r["entity_id"] + ":" + r["text"]) for r in negatives
    ]
    good = count(sorted(positives))
    bad = count(negative_pairs)
    good_total = sum(len(v) for v in good.values()) or 1
    bad_total = sum(len(v) for v in bad.values()) or 1
    costs = {}
    for label, entities in good.items():
        if len(entities) < args.min_entities:
            continue
        p_good = len(entities) / good_total
        p_bad = (len(bad.get(label, ())) + 1) / bad_total
        share = p_good / (p_good + p_bad)  # 0.5 when equally common in both
        costs[label] = round(max(0.2, min(1.0, 1.0 - (share - 0.5) * 1.6)), 3)
    document = {
        "about": "Edit costs for terms.fuzzy, learned by scripts/learn_fuzzy_costs.py from the "
        "development split of name-variant pairs (counts are entities, not rows).",
        "min_entities": args.min_entities,
        "positive_entities": len({e for _, _, e in positives}),
        "negative_rows": len(negatives),
        "costs": dict(sorted(costs.items(), key=lambda kv: (kv[1], kv[0]))),
    }
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cheap = [label for label, cost in document["costs"].items() if cost < 0.6]
    print(f"{len(costs)} edits with learned costs, {len(cheap)} below 0.6; wrote {OUTPUT}")
    print("cheapest:", ", ".join(cheap[:40]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
