#!/usr/bin/env python3
"""Measure how well the CLDR territory glossary finds country names in NTREX-128 translations.

Protocol (see ../shared/eval/README.md): ``ntrex_sentences.jsonl`` holds 416 news sentences in
127 human translations, each with the English canonical names its English source mentions
(``expected``); ``ntrex_glossary.json`` maps those names to ``country:XX`` (or to people,
which a territory glossary does not hold and which are ignored here). Each sentence is
normalized into English by the real engine (terms.normalize.Normalizer) with the glossary
alone; a concept counts as found when a change rewrites text to it or when, after
normalizing, a span is that concept's English term.

- recall: the share of sentences that mention a labeled country whose expected countries are
  all found; ``names``: the share of expected country mentions found;
- false alarms: labeled countries found in a sentence that does not expect them, per 100
  sentences, and the share of sentences with at least one;
- other: found territories that the labels cannot judge (their English names are not among the
  labeled ones: United Kingdom, North Macedonia, ...), per 100 sentences.

    python scripts/eval_ntrex.py                     # table sorted by language
    python scripts/eval_ntrex.py --json              # machine-readable
    python scripts/eval_ntrex.py --data DIR --glossary FILE --lang rus --lang pol
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval"
DEFAULT_GLOSSARY = ROOT / "glossaries" / "cldr" / "cldr-territories.yaml"
TARGET = "en"


@dataclass
class Score:
    """Counts for one language (or the total)."""

    sentences: int = 0
    with_countries: int = 0
    all_found: int = 0
    expected_names: int = 0
    found_names: int = 0
    false_alarms: int = 0
    sentences_with_false_alarm: int = 0
    other: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts to this one."""
        for name in (
            "sentences",
            "with_countries",
            "all_found",
            "expected_names",
            "found_names",
            "false_alarms",
            "sentences_with_false_alarm",
            "other",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> dict[str, Any]:
        """Return the rates of this score."""
        return {
            "sentences": self.sentences,
            "with_countries": self.with_countries,
            "recall": _pct(self.all_found, self.with_countries),
            "names": _pct(self.found_names, self.expected_names),
            "false_alarms_per_100": _pct(self.false_alarms, self.sentences),
            "sentences_with_false_alarm": _pct(self.sentences_with_false_alarm, self.sentences),
            "other_per_100": _pct(self.other, self.sentences),
        }


def _pct(part: int, whole: int) -> float:
    """Return a percentage with one decimal (0 for an empty whole)."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def found_concepts(normalizer: Any, text: str) -> set[str]:
    """Return the concepts the engine finds in a sentence, normalizing it into English."""
    result = normalizer.normalize(text)
    found = {c.concept for c in result.changes if c.applied and c.concept}
    for match in normalizer.matcher.find(result.text):
        concepts = {c.concept_id for c in match.candidates}
        english = any(c.lang == TARGET and c.kind <= 1 for c in match.candidates)
        if len(concepts) == 1 and english:
            found |= concepts
    return found


def evaluate(
    data: Path, glossary: Any, languages: list[str], *, fuzzy: bool = False
) -> dict[str, Score]:
    """Return the scores per NTREX language code (``glossary``: a path or a loaded Glossary).

    With ``fuzzy``, fuzzy recognition is on at its default thresholds.
    """
    from terms import Normalizer, load_glossary
    from terms.fuzzy import FuzzySettings
    from terms.model import Termbase

    labels = json.loads((data / "ntrex_glossary.json").read_text(encoding="utf-8"))
    country = {
        name: "territory-" + ident.split(":", 1)[1].lower()
        for name, ident in labels.items()
        if ident.startswith("country:")
    }
    judged = set(country.values())
    if isinstance(glossary, (str, Path)):
        glossary = load_glossary(glossary)
    settings = FuzzySettings() if fuzzy else None
    normalizer = Normalizer(Termbase((glossary,)), TARGET, fuzzy=settings)
    scores: dict[str, Score] = defaultdict(Score)
    for row in read_jsonl(data / "ntrex_sentences.jsonl"):
        if languages and row["lang"] not in languages:
            continue
        score = scores[row["lang"]]
        expected = {country[name] for name in row["expected"] if name in country}
        found = found_concepts(normalizer, row["text"])
        wrong = (found & judged) - expected
        score.sentences += 1
        score.false_alarms += len(wrong)
        score.sentences_with_false_alarm += bool(wrong)
        score.other += len(found - judged)
        if wrong and len(score.examples) < 3:
            score.examples.append(f"{row['id']}: {sorted(wrong)} in {row['text'][:120]!r}")
        if expected:
            score.with_countries += 1
            score.expected_names += len(expected)
            score.found_names += len(expected & found)
            score.all_found += expected <= found
    return dict(scores)


def argument_parser(description: str, examples: str) -> argparse.ArgumentParser:
    """Return a parser with the options of every NTREX measurement (``examples``: its help)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval folder")
    parser.add_argument("--glossary", type=Path, default=DEFAULT_GLOSSARY)
    parser.add_argument("--lang", action="append", default=[], help="NTREX code (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--examples", action="store_true", help=examples)
    return parser


def has_data(data: Path) -> bool:
    """Return True when ``data`` holds the NTREX sentences; else say so on stderr."""
    if (data / "ntrex_sentences.jsonl").is_file():
        return True
    print(f"no NTREX data in {data}", file=sys.stderr)
    return False


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it."""
    parser = argument_parser(__doc__.splitlines()[0], "show false alarms")
    parser.add_argument("--fuzzy", action="store_true", help="fuzzy recognition on (defaults)")
    args = parser.parse_args(argv)
    if not has_data(args.data):
        return 2
    started = time.perf_counter()
    scores = evaluate(args.data, args.glossary, args.lang, fuzzy=args.fuzzy)
    total = Score()
    for score in scores.values():
        total.add(score)
    if args.json:
        document = {
            "glossary": str(args.glossary),
            "target": TARGET,
            "languages": {lang: scores[lang].row() for lang in sorted(scores)},
            "total": total.row(),
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    head = ("lang", "sent", "w/ctry", "recall%", "names%", "FA/100", "FA sent%", "other/100")
    print("{:<10} {:>5} {:>6} {:>7} {:>7} {:>7} {:>8} {:>9}".format(*head))
    for lang in [*sorted(scores), "TOTAL"]:
        row = (total if lang == "TOTAL" else scores[lang]).row()
        print(
            f"{lang:<10} {row['sentences']:>5} {row['with_countries']:>6} {row['recall']:>7} "
            f"{row['names']:>7} {row['false_alarms_per_100']:>7} "
            f"{row['sentences_with_false_alarm']:>8} {row['other_per_100']:>9}"
        )
        if args.examples and lang != "TOTAL":
            for example in scores[lang].examples:
                print(f"    {example}")
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
