#!/usr/bin/env python3
"""Measure what fuzzy recognition's everyday-word check costs: wordfreq, then terms' tables.

For each way, in a fresh process: the CPU time to import and load what the check reads (the
target language's full list and the small lists of the 27 lexicon languages), then the CPU
time per word of asking, uncached, what FuzzyMatcher.is_everyday_word asks (the word's Zipf
value in the target language and its highest Zipf value over the lexicon languages).

  wordfreq   wordfreq.zipf_frequency, once for the target language and once per lexicon
             language (the check as it was: any() stops at the first everyday language, so
             the 28 calls are its worst case, and the cost of the words that are names)
  tables     terms.lexicon.zipf and max_zipf without their lru_cache, tables read from the
             cache folder (run once before to build them: the first run builds, see "build")

The words are the capitalized words of a text (default: generated from wordfreq's list), each
asked once. Usage: scripts/bench_lexicon.py [TEXT] [--lang en] [--words 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from terms.cache import default_cache_dir  # noqa: E402

CHILD = r"""
import json, sys, time
way, lang, words = sys.argv[1], sys.argv[2], json.loads(sys.stdin.read())
import terms.cache  # the command line has it (and the glossary code it imports) anyway
from terms.lexicon import LATIN_LEXICONS, max_zipf, zipf
start = time.process_time()
if way == "wordfreq":
    from wordfreq import zipf_frequency
    zipf_frequency("a", lang)
    for language in LATIN_LEXICONS:
        zipf_frequency("a", language, "small")
    def ask(word):
        zipf_frequency(word, lang)
        for language in LATIN_LEXICONS:
            zipf_frequency(word, language, "small")
else:
    zipf("a", lang)
    max_zipf("a", LATIN_LEXICONS)
    uncached_zipf, uncached_max = zipf.__wrapped__, max_zipf.__wrapped__
    def ask(word):
        uncached_zipf(word, lang)
        uncached_max(word, LATIN_LEXICONS)
loaded = time.process_time()
for word in words:
    ask(word)
done = time.process_time()
print(json.dumps({"load": loaded - start, "per_word": (done - loaded) / len(words),
                  "wordfreq imported": "wordfreq" in sys.modules}))
"""


def words_of(path: str | None, count: int) -> list[str]:
    """Return up to ``count`` distinct capitalized words of a text, lower-cased, in order."""
    if path is None:
        from wordfreq import top_n_list

        return top_n_list("en", count)
    text = Path(path).read_text(encoding="utf-8")
    tokens = (m.group() for m in re.finditer(r"\b[^\W\d_]+(?:'[^\W\d_]+)*", text))
    return list(dict.fromkeys(token.lower() for token in tokens if token[0].isupper()))[:count]


def run(way: str, lang: str, words: list[str], cache: str) -> dict[str, float]:
    """Run one way in a fresh process; return its measures."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERMS_CACHE_DIR=cache)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, way, lang],
        input=json.dumps(words),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def main() -> None:
    """Print the measures of both ways."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="?")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--cache", default=str(default_cache_dir()))
    args = parser.parse_args()
    words = words_of(args.text, args.words)
    start = time.perf_counter()
    run("tables", args.lang, words[:1], args.cache)  # builds the tables when missing
    print(f"build (or read) the tables, one process: {time.perf_counter() - start:.2f} s wall")
    print(f"{len(words)} words, target language {args.lang}")
    for way in ("wordfreq", "tables"):
        result = run(way, args.lang, words, args.cache)
        print(
            f"{way:9} import+load {result['load'] * 1000:7.1f} ms CPU, "
            f"{result['per_word'] * 1e6:8.1f} µs CPU per word "
            f"(wordfreq imported: {result['wordfreq imported']})"
        )


if __name__ == "__main__":
    main()
