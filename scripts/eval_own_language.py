#!/usr/bin/env python3
"""Measure what normalizing human translations into their own language rewrites.

Protocol: each NTREX-128 sentence (``../shared/eval/ntrex_sentences.jsonl``, 416 news sentences
in 127 human translations) is normalized by the real engine (terms.normalize.Normalizer) into
the language it is written in, with the CLDR territory glossary alone. A person wrote the
sentence in that language, so a rewrite is seldom wanted:

- ``own``: the text has a term the glossary lists under the target language but does not
  prefer (house style: ``Congo-Brazzaville`` for a listed variant);
- ``other``: the text has a term that the glossary lists under other languages only, taken for
  the name. Human text in a language rarely holds another language's name for a country, so
  these are mostly words of the language itself: French ``Indien`` (an Indian) read as German
  ``Indien`` (India), Polish ``Chin`` (of China) as Azerbaijani, ``Jordan`` the player.

Languages whose tag babel does not know are skipped (``mey``).

    python scripts/eval_own_language.py                  # table by language, then the total
    python scripts/eval_own_language.py --examples --lang fra --lang deu
    python scripts/eval_own_language.py --json
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_ntrex import argument_parser, has_data, read_jsonl


def language_tag(code: str) -> str:
    """Return the BCP 47 tag of an NTREX code (``fra-CA`` -> ``fr-CA``, ``prs`` -> ``fa-AF``)."""
    from babel.core import get_global

    base, _, rest = code.partition("-")
    tag = str(get_global("language_aliases").get(base, base)).replace("_", "-")
    return f"{tag}-{rest}" if rest and "-" not in tag else tag


def evaluate(
    data: Path, glossary: Path, languages: list[str]
) -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    """Return the counts per NTREX code (sentences, own, other) and example rewrites."""
    from terms import Normalizer, load_glossary
    from terms.errors import TermsError
    from terms.locales import primary_language
    from terms.model import Termbase

    termbase = Termbase((load_glossary(glossary),))
    by_language: dict[str, list[str]] = defaultdict(list)
    for row in read_jsonl(data / "ntrex_sentences.jsonl"):
        if not languages or row["lang"] in languages:
            by_language[row["lang"]].append(row["text"])
    counts: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = defaultdict(list)
    for code_ in sorted(by_language):
        tag = language_tag(code_)
        try:
            normalizer = Normalizer(termbase, tag)
        except TermsError:
            print(f"skipped {code_}: no language {tag!r}", file=sys.stderr)
            continue
        count: Counter[str] = Counter(sentences=len(by_language[code_]))
        for text in by_language[code_]:
            for change in normalizer.normalize(text).changes:
                if not change.applied:
                    continue
                own = primary_language(change.lang) == primary_language(tag)
                count["own" if own else "other"] += 1
                examples[code_].append(
                    f"{'own' if own else 'other'}: {change.original} -> {change.replacement}"
                    f" ({change.lang}, {change.kind})"
                )
        counts[code_] = count
    return counts, examples


def _per_100(part: int, whole: int) -> float:
    """Return ``part`` per 100 of ``whole``, with one decimal."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it."""
    parser = argument_parser(__doc__.splitlines()[0], "list each language's rewrites")
    args = parser.parse_args(argv)
    if not has_data(args.data):
        return 2
    started = time.perf_counter()
    counts, examples = evaluate(args.data, args.glossary, args.lang)
    total: Counter[str] = Counter()
    for count in counts.values():
        total.update(count)

    def row(count: Counter[str]) -> dict[str, Any]:
        """Return the figures of one language (or the total)."""
        return {
            "sentences": count["sentences"],
            "own": count["own"],
            "other": count["other"],
            "own_per_100": _per_100(count["own"], count["sentences"]),
            "other_per_100": _per_100(count["other"], count["sentences"]),
        }

    if args.json:
        document = {
            "glossary": str(args.glossary),
            "languages": {code_: row(count) for code_, count in counts.items()},
            "total": row(total),
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(f"{'lang':<10} {'sent':>5} {'own':>5} {'other':>6} {'own/100':>8} {'other/100':>10}")
    for code_ in [*counts, "TOTAL"]:
        figures = row(total if code_ == "TOTAL" else counts[code_])
        print(
            f"{code_:<10} {figures['sentences']:>5} {figures['own']:>5} {figures['other']:>6} "
            f"{figures['own_per_100']:>8} {figures['other_per_100']:>10}"
        )
        if args.examples and code_ != "TOTAL":
            for example, times in Counter(examples[code_]).most_common():
                print(f"    {times} x {example}")
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
