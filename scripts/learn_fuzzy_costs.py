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

Then the score model: every positive and negative is looked up through the fuzzy index of a
glossary of the canonical names (as scripts/eval_fuzzy.py builds it); each candidate found is a
pair, true when it is the variant's own canonical. A logistic regression over the features of
terms.fuzzy.score_features (each row weighs one in all, however many candidates it has; the
negatives' rows weigh --negative-weight) gives the bias and weights, stored beside the costs.
Fitting needs numpy (the `plot` extra installs it).

    python scripts/learn_fuzzy_costs.py [--data DIR] [--min-entities 8]
        [--negative-weight 3] [--ridge 0.3]
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

import terms.fuzzy as fuzzy  # noqa: E402
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


def candidate_pairs(data: Path) -> list[tuple[int, bool, bool, dict[str, float]]]:
    """Return (row, is a negative row, is the true pair, features) for every candidate found."""
    import tempfile

    from eval_fuzzy import build_glossary, read_jsonl

    from terms.folding import fold
    from terms.glossary import load_termbase

    positives = read_jsonl(data / "positives.dev.jsonl") + read_jsonl(
        data / "positives_core.dev.jsonl"
    )
    negatives = read_jsonl(data / "negatives.dev.jsonl")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "canonicals.yaml"
        path.write_text(build_glossary(positives, negatives), encoding="utf-8")
        index = fuzzy.FuzzyIndex(load_termbase([path]))
    rows = sorted(
        {(r["variant"], r["canonical"], False) for r in positives if r["kind"] == "spelling"}
        | {(r["text"], r["near_canonical"], True) for r in negatives}
    )
    pairs = []
    for number, (text, canonical, negative) in enumerate(rows):
        query = compact(text)
        if len(query) < fuzzy.FuzzySettings().min_length:
            continue
        shapes = fuzzy.skeletons(query)
        for candidate in index.candidates(query):
            entry = index.entries[candidate]
            true = not negative and fold(entry.term.text) == fold(canonical)
            pairs.append((number, negative, true, fuzzy.score_features(query, shapes, entry)))
    return pairs


# Features that count more near the top of their range get hinges: the score model is
# linear in pieces between them.
HINGES = {"similarity": (0.7, 0.8, 0.9), "learned": (0.6, 0.7, 0.8, 0.9), "length": (0.5, 0.75)}


def fit_model(
    pairs: list[tuple[int, bool, bool, dict[str, float]]], negative_weight: float, ridge: float
) -> dict[str, object]:
    """Fit the logistic score model (Newton's method, a little ridge); return it as data."""
    import numpy as np

    names = sorted(pairs[0][3])
    names += [f"{name}>{h}" for name, hinges in sorted(HINGES.items()) for h in hinges]

    def value(features: dict[str, float], name: str) -> float:
        """Return a feature, or how far it is above a hinge (``similarity>0.8``)."""
        feature, _, hinge = name.partition(">")
        return features[feature] if not hinge else max(0.0, features[feature] - float(hinge))

    x = np.array([[1.0, *(value(f, name) for name in names)] for _, _, _, f in pairs])
    y = np.array([float(true) for _, _, true, _ in pairs])
    per_row: dict[int, int] = defaultdict(int)
    for row, *_ in pairs:
        per_row[row] += 1
    weight = np.array(
        [(negative_weight if neg else 1.0) / per_row[row] for row, neg, _, _ in pairs]
    )
    beta = np.zeros(x.shape[1])
    penalty = ridge * np.eye(x.shape[1])  # holds weights back: the features overlap
    penalty[0, 0] = 0.0  # the bias is not held back
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        hessian = x.T @ (x * (weight * p * (1.0 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, x.T @ (weight * (y - p)) - penalty @ beta)
        beta += step
        if np.abs(step).max() < 1e-9:
            break
    return {
        "bias": round(float(beta[0]), 4),
        "weights": {name: round(float(b), 4) for name, b in zip(names, beta[1:], strict=True)},
        "pairs": len(pairs),
        "true_pairs": int(y.sum()),
        "negative_weight": negative_weight,
        "ridge": ridge,
    }


def main() -> int:
    """Learn the costs and write them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-entities", type=int, default=8)
    parser.add_argument("--negative-weight", type=float, default=3.0)
    parser.add_argument("--ridge", type=float, default=0.3)
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
    previous = json.loads(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    document["model"] = previous.get("model", {})  # features need the costs: they come first
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cheap = [label for label, cost in document["costs"].items() if cost < 0.6]
    print(f"{len(costs)} edits with learned costs, {len(cheap)} below 0.6")
    print("cheapest:", ", ".join(cheap[:40]))
    fuzzy.learned_costs.cache_clear()
    fuzzy._costs_by_edit.cache_clear()
    document["model"] = fit_model(candidate_pairs(args.data), args.negative_weight, args.ridge)
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"score model: {document['model']}; wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
