#!/usr/bin/env python3
"""Benchmark `terms normalize` side by side with its peers, on the same generated data.

Data (deterministic, seeded): a glossary of N invented person names, each with 3 to 5 listed
transliteration variants (sh/sch/š/sz, kh/ch/h, zh/ž/j, y/i/j, ts/z/c, -ov/-ow/-off, -sky/-ski,
accents, doubled letters) and one variant the glossary does not list; five real-looking names
lead every glossary (Pashinyan, Aliyev, Zelenskyy, Khodorkovsky, Tsikhanouskaya), and the
glossaries are nested (N=100 is the start of N=10,000). S MB of news-like English prose, drawn
from wordfreq's frequency list, in which about 1% of the tokens are glossary names (75% listed
variants, 12.5% preferred forms, 12.5% unlisted variants; some with 's, lowercase or upper case)
and another 0.5% are invented names that are in no glossary. The prose is the same for every N,
only the names differ.

Engines, each as a whole process on the same text and glossary (variant -> preferred):
  terms exact     `terms normalize --no-fuzzy --write` on a fresh copy (read, match, apply, write)
  terms fuzzy     the same with fuzzy recognition on
  terms exact --no-cache   cold: without terms' cache of compiled glossaries (when terms has
                  one; the cache goes into the data folder through XDG_CACHE_HOME, and the
                  warm-up run fills it, so the other terms rows are warm)
  pyahocorasick   plain Python: lowercased text, leftmost-longest, \\w boundaries, writes a file
  flashtext       plain Python: extract_keywords with widened word characters, writes a file
  codespell       `codespell -D dict -r '\\w+'`, check mode
  typos           `typos --isolated --config extend-words.toml`, check mode
  prh             prh's engine in Node, applied in one pass; prh is slow (every rule's regex over
                  every paragraph), so it runs on the first --prh-mb MB and on the 1 KB file, and
                  its time for the whole text is extrapolated: start + (prefix - start) * S / P;
                  above --prh-max-concepts (10,000) it is skipped (loading 10,000 rules takes ~10 s)

Engines run round-robin (A B C ... A B C ...) after one warm-up each, so that machine drift
hits all of them alike; CPU seconds and peak RSS come from os.wait4. Ratios to `terms exact`
are taken round by round (per MB), then the median. Start-up is measured on a 1 KB file, and
`--jobs 1` against `--jobs 2` on 200 files of 50 KB (wall time), when terms has `--jobs`.

Peers are optional; a missing one is reported as skipped. To install them:
    pip install codespell typos flashtext     # typos' wheel ships the Rust binary
    mkdir -p ~/.cache/terms-bench && npm install --prefix ~/.cache/terms-bench prh
(prh needs Node.js; keep node_modules outside the repository; TERMS_BENCH_NODE_MODULES points
elsewhere). pyahocorasick is a dependency of terms.

    python scripts/bench.py                    # N=100, 10,000, 100,000; S=10 MB; 3 runs (> 1 h now)
    python scripts/bench.py --quick            # N=100, 10,000; S=2 MB; 1 run
    python scripts/bench.py --concepts 1000 --size-mb 5 --runs 2 --json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_peers

REPO = Path(__file__).resolve().parent.parent
SEED = 1
MB = 1_000_000
MIB = 1 << 20

# ---------------------------------------------------------------------------------------------
# Data

_SYLLABLES = (
    "ka ra shi nya ba lo mi de vo zha tsu khe gor ly an ev ov ski pa sar gis tan mur ze kov dji "
    "ro ne sha khan yev zhin tso chuk vich nko dze shvi lin yan ta li mo ser bu"
)
SYLLABLES = _SYLLABLES.split()
ENDINGS = ["", "", "", "ov", "ev", "sky", "yan", "enko", "vich", "ova", "shvili", "yev"]
# Rewrites that make spelling variants, as transliteration schemes and languages do.
REWRITES = [
    ("sh", "sch"),
    ("sh", "š"),
    ("sh", "sz"),
    ("sh", "ş"),
    ("kh", "h"),
    ("kh", "ch"),
    ("kh", "j"),
    ("zh", "ž"),
    ("zh", "j"),
    ("zh", "sh"),
    ("ch", "tch"),
    ("ch", "č"),
    ("ya", "ja"),
    ("ya", "ia"),
    ("yu", "ju"),
    ("y", "i"),
    ("y", "j"),
    ("ts", "z"),
    ("ts", "c"),
    ("ts", "tz"),
    ("v", "w"),
    ("ov", "off"),
    ("ov", "ow"),
    ("ev", "ew"),
    ("sky", "ski"),
    ("sky", "skij"),
    ("yan", "ian"),
    ("yan", "ján"),
    ("vich", "wicz"),
    ("j", "y"),
    ("a", "á"),
    ("e", "é"),
    ("i", "í"),
    ("o", "ó"),
    ("l", "ll"),
    ("s", "ss"),
    ("n", "nn"),
]
# (preferred, listed variants, unlisted variant)
LEADERS = [
    ("Pashinyan", ["Pashinian", "Paschinjan", "Pachinian", "Pašinjan"], "Pashinján"),
    ("Aliyev", ["Aliev", "Alijew", "Alíev", "Aliyew"], "Alijev"),
    ("Zelenskyy", ["Zelensky", "Zelenskiy", "Selenskyj", "Zelenski"], "Zelenskij"),
    ("Khodorkovsky", ["Chodorkowski", "Khodorkovskiy", "Jodorkovski"], "Khodorkowsky"),
    ("Tsikhanouskaya", ["Tikhanovskaya", "Cichanouska", "Tsikhanovskaya"], "Tichanowskaja"),
]


@dataclass
class Concept:
    """One glossary concept: its preferred form, listed variants and one unlisted variant."""

    preferred: str
    listed: list[str]
    unseen: str


def _name(rng: random.Random) -> str:
    """Return an invented name of two to four syllables and an optional ending."""
    core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return (core + rng.choice(ENDINGS)).capitalize()


def _variant(name: str, rng: random.Random) -> str:
    """Return ``name`` with one to three transliteration rewrites applied."""
    variant = name.lower()
    for _ in range(rng.randint(1, 3)):
        usable = [(old, new) for old, new in REWRITES if old in variant]
        if not usable:
            break
        old, new = rng.choice(usable)
        at = [i for i in range(len(variant)) if variant.startswith(old, i)]
        i = rng.choice(at)
        variant = variant[:i] + new + variant[i + len(old) :]
    return variant.capitalize()


def make_concepts(count: int, lexicon: set[str], seed: int = SEED) -> list[Concept]:
    """Return ``count`` concepts; every form is unique (case-insensitively) and not a word."""
    from terms.folding import fold  # terms rejects forms of two concepts that fold alike

    rng = random.Random(seed)
    taken = set(lexicon)
    concepts: list[Concept] = []
    for preferred, listed, unseen in LEADERS[:count]:
        concepts.append(Concept(preferred, listed, unseen))
        taken.update(fold(f) for f in [preferred, *listed, unseen])
    while len(concepts) < count:
        name = _name(rng)
        if fold(name) in taken:
            continue
        wanted = rng.randint(3, 5) + 1
        found: list[str] = []
        keys = {fold(name)}  # every form of a concept folds differently too
        for _ in range(wanted * 8):
            variant = _variant(name, rng)
            key = fold(variant)
            if key not in keys and key not in taken:
                keys.add(key)
                found.append(variant)
            if len(found) == wanted:
                break
        if len(found) < 4:  # too few spellings: take another name
            continue
        concepts.append(Concept(name, found[:-1], found[-1]))
        taken.update(fold(f) for f in [name, *found])
    return concepts


def distractors(count: int, lexicon: set[str], concepts: list[Concept]) -> list[str]:
    """Return invented names that belong to no concept (hard negatives for fuzzy matching)."""
    rng = random.Random(SEED + 7)
    from terms.folding import fold

    taken = set(lexicon)
    for concept in concepts:
        taken.update(fold(f) for f in [concept.preferred, *concept.listed, concept.unseen])
    found: list[str] = []
    while len(found) < count:
        name = _name(rng)
        if fold(name) not in taken:
            taken.add(fold(name))
            found.append(name)
    return found


def write_glossary(concepts: Sequence[Concept], path: Path) -> list[tuple[str, str]]:
    """Write the glossary YAML; return its (variant, preferred) pairs."""
    lines = ["version: 1", "name: bench", "languages: [en]", "concepts:"]
    pairs: list[tuple[str, str]] = []
    for index, concept in enumerate(concepts):
        lines += [f"  c{index}:", "    type: person", "    en:"]
        lines.append(f"      preferred: {concept.preferred}")
        lines.append("      deprecated: [" + ", ".join(concept.listed) + "]")
        pairs += [(variant, concept.preferred) for variant in concept.listed]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pairs


class Prose:
    """News-like English prose; the same sentences for every glossary, only the names differ."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.weights = [1.0 / (rank + 10) for rank in range(len(words))]
        total = 0.0
        self.cumulative = []
        for weight in self.weights:
            total += weight
            self.cumulative.append(total)

    def write(
        self,
        path: Path,
        size: int,
        concepts: Sequence[Concept],
        others: Sequence[str],
    ) -> None:
        """Write about ``size`` bytes of paragraphs to ``path``."""
        prose_rng = random.Random(SEED)  # words and name positions: the same for every N
        name_rng = random.Random(SEED + len(concepts))  # which names
        written = 0
        with path.open("w", encoding="utf-8") as handle:
            while written < size:
                sentences = []
                for _ in range(prose_rng.randint(3, 7)):
                    tokens = prose_rng.choices(
                        self.words, cum_weights=self.cumulative, k=prose_rng.randint(8, 28)
                    )
                    for i, draw in enumerate(prose_rng.random() for _ in tokens):
                        if draw < 0.010:
                            tokens[i] = self._mention(concepts, name_rng)
                        elif draw < 0.015:
                            tokens[i] = name_rng.choice(others)
                        elif draw > 0.93:
                            tokens[i] += ","
                    sentence = " ".join(tokens).rstrip(",")
                    sentences.append(sentence[:1].upper() + sentence[1:] + ".")
                paragraph = " ".join(sentences) + "\n\n"
                handle.write(paragraph)
                written += len(paragraph.encode("utf-8"))

    @staticmethod
    def _mention(concepts: Sequence[Concept], rng: random.Random) -> str:
        """Return one mention of a concept: mostly a listed variant, in some casing."""
        concept = rng.choice(concepts)
        kind = rng.random()
        if kind < 0.75:
            form = rng.choice(concept.listed)
        elif kind < 0.875:
            form = concept.preferred
        else:
            form = concept.unseen
        casing = rng.random()
        if casing < 0.02:
            form = form.lower()
        elif casing < 0.03:
            form = form.upper()
        return form + "'s" if rng.random() < 0.1 else form


@dataclass
class Dataset:
    """The files for one glossary size."""

    concepts: int
    glossary: Path
    corpus: Path
    tiny: Path
    prefix: Path
    dictionaries: dict[str, Path]
    pairs: int


def make_datasets(
    folder: Path, sizes: Sequence[int], size_mb: float, prh_mb: float
) -> tuple[dict[int, Dataset], Prose, list[Concept], list[str]]:
    """Generate the glossaries (nested), the corpora and every peer's dictionary."""
    from wordfreq import top_n_list

    words = top_n_list("en", 20000)
    lexicon = set(top_n_list("en", 100000))
    prose = Prose(words)
    every = make_concepts(max(sizes), lexicon)
    others = distractors(2000, lexicon, every)
    datasets: dict[int, Dataset] = {}
    for n in sizes:
        start = time.perf_counter()
        home = folder / f"n{n}"
        home.mkdir(parents=True, exist_ok=True)
        concepts = every[:n]
        pairs = write_glossary(concepts, home / "glossary.yaml")
        prose.write(home / "corpus.txt", int(size_mb * MB), concepts, others)
        prose.write(home / "tiny.txt", 1000, concepts, others)
        prefix = home / "prefix.txt"
        _prefix(home / "corpus.txt", prefix, int(min(size_mb, prh_mb) * MB))
        datasets[n] = Dataset(
            n,
            home / "glossary.yaml",
            home / "corpus.txt",
            home / "tiny.txt",
            prefix,
            bench_peers.write_dictionaries(pairs, home / "peers"),
            len(pairs),
        )
        _log(f"data N={n:,}: {len(pairs):,} variants, {time.perf_counter() - start:.1f} s")
    return datasets, prose, every, others


def _prefix(source: Path, target: Path, size: int) -> None:
    """Copy the first ``size`` bytes of ``source``, cut after a paragraph."""
    data = source.read_bytes()
    if size < len(data):
        cut = data.rfind(b"\n\n", 0, size)
        data = data[: cut + 2 if cut > 0 else size]
    target.write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Running


@dataclass
class Sample:
    """One whole-process run."""

    cpu: float
    wall: float
    peak: int  # bytes, the largest process (children included)


@dataclass
class Engine:
    """A command to measure on one input, with what to refresh before each run."""

    key: str
    label: str
    command: list[str]
    size: int  # bytes of text it processes
    codes: frozenset[int] = frozenset({0})
    prepare: Callable[[], None] | None = None
    warmup: bool = True
    stdout: Path | None = None
    samples: list[Sample] = field(default_factory=list)
    error: str = ""
    changes: int | None = None


# Runs each command from a small process of its own: a child's peak RSS as the kernel reports it
# includes the memory of the process it was started from (up to its exec), so starting them
# from this one, which holds the generated data, would inflate every peak.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as handle:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, wall,
               usage.ru_maxrss * 1024], handle)
"""


def run(
    command: Sequence[str], env: dict[str, str], stdout: Path | None
) -> tuple[Sample, int, str]:
    """Run a command to its end; return the sample, the exit code and the end of stderr."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        open(Path(scratch) / "err", "w+b") as err,
        open(stdout or os.devnull, "wb") as out,
    ):
        usage = Path(scratch) / "usage.json"
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(usage), *command]
        done = subprocess.run(launcher, stdout=out, stderr=err, env=env, check=False)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
        if done.returncode or not usage.exists():
            return Sample(0.0, 0.0, 0), done.returncode or -1, tail
        code, cpu, wall, peak = json.loads(usage.read_text())
    return Sample(cpu, wall, peak), code, tail


def measure(engines: Sequence[Engine], runs: int, env: dict[str, str]) -> None:
    """Warm up, then run the engines round-robin ``runs`` times."""
    rounds = [("warm-up", [e for e in engines if e.warmup])]
    rounds += [(f"run {i + 1}/{runs}", list(engines)) for i in range(runs)]
    for name, group in rounds:
        for engine in group:
            if engine.error:
                continue
            if engine.prepare:
                engine.prepare()
            sample, code, tail = run(engine.command, env, engine.stdout)
            if code not in engine.codes:
                last = tail.strip().splitlines()[-1:] or [""]
                engine.error = f"failed (exit {code}: {last[0][:120]})"
                _log(f"  {engine.label}: {engine.error}\n{tail}")
                continue
            if name != "warm-up":
                engine.samples.append(sample)
            _log(f"  {name} {engine.label:<28} {sample.cpu:8.2f} s cpu {sample.wall:8.2f} s wall")


def _log(message: str) -> None:
    """Print progress to stderr."""
    print(message, file=sys.stderr, flush=True)


def _words_changed(before: Path, after: Path) -> int:
    """Count the words that differ between two texts of the same word count."""
    old = before.read_text(encoding="utf-8").split()
    new = after.read_text(encoding="utf-8").split()
    if len(old) != len(new):
        return -1
    return sum(a != b for a, b in zip(old, new, strict=True))


def _copy(source: Path, target: Path) -> None:
    """Copy a file (the untouched input of a run that rewrites it)."""
    shutil.copyfile(source, target)


def _lines(path: Path) -> int:
    """Count the lines of a file."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


# ---------------------------------------------------------------------------------------------
# The benchmark


@dataclass
class Features:
    """What this `terms normalize` supports."""

    jobs: bool
    cache: bool


def terms_command() -> list[str]:
    """Return the command that runs terms with this Python."""
    return [sys.executable, "-m", "terms"]


def detect_features() -> Features:
    """Read `terms normalize --help` for --jobs and --no-cache."""
    done = subprocess.run(
        [*terms_command(), "normalize", "--help"], capture_output=True, text=True, check=True
    )
    return Features(jobs="--jobs" in done.stdout, cache="--no-cache" in done.stdout)


def engines_for(
    data: Dataset,
    work: Path,
    peers: dict[str, bench_peers.Peer],
    features: Features,
) -> list[Engine]:
    """Return every runnable engine for one dataset, terms exact first."""
    size = data.corpus.stat().st_size
    base = [*terms_command(), "normalize", "--glossary", str(data.glossary), "--lang", "en"]
    terms_codes = frozenset({0, 1})

    def writer(key: str, label: str, options: list[str], source: Path) -> Engine:
        """Return a terms engine that rewrites a fresh copy of ``source``."""
        target = work / f"{key}.txt"
        return Engine(
            key,
            label,
            [*base, *options, "--write", str(target)],
            source.stat().st_size,
            terms_codes,
            prepare=lambda: _copy(source, target),
        )

    engines = [
        writer("terms-exact", "terms exact", ["--no-fuzzy"], data.corpus),
        writer("terms-fuzzy", "terms fuzzy", ["--fuzzy"], data.corpus),
    ]
    if features.cache:
        engines.append(
            writer(
                "terms-cold", "terms exact --no-cache", ["--no-fuzzy", "--no-cache"], data.corpus
            )
        )
    engines.append(writer("start-exact", "terms exact, 1 KB", ["--no-fuzzy"], data.tiny))
    if features.cache:
        engines.append(
            writer(
                "start-cold",
                "terms exact, 1 KB, --no-cache",
                ["--no-fuzzy", "--no-cache"],
                data.tiny,
            )
        )
    python_peer = [sys.executable, str(Path(bench_peers.__file__).resolve())]
    for key, name in (("aho", "pyahocorasick"), ("flashtext", "flashtext")):
        engines.append(
            Engine(
                key,
                name,
                [
                    *python_peer,
                    key,
                    str(data.dictionaries["pairs"]),
                    str(data.corpus),
                    str(work / f"{key}.txt"),
                ],
                size,
            )
        )
    if not peers["codespell"].missing:
        engines.append(
            Engine(
                "codespell",
                "codespell (check)",
                [
                    bench_peers.executable("codespell"),
                    "-D",
                    str(data.dictionaries["codespell"]),
                    "-r",
                    r"\w+",
                    str(data.corpus),
                ],
                size,
                frozenset({0, 65}),
                stdout=work / "codespell.out",
            )
        )
    if not peers["typos"].missing:
        engines.append(
            Engine(
                "typos",
                "typos (check)",
                [
                    bench_peers.executable("typos"),
                    "--isolated",
                    "--config",
                    str(data.dictionaries["typos"]),
                    "--format",
                    "brief",
                    str(data.corpus),
                ],
                size,
                frozenset({0, 2}),
                stdout=work / "typos.out",
            )
        )
    if not peers["prh"].missing:
        node = [
            bench_peers.executable("node"),
            str(data.dictionaries["prh_script"]),
            str(bench_peers.PRH_HOME / "prh"),
            str(data.dictionaries["prh"]),
        ]
        prefix = data.prefix.stat().st_size
        label = f"prh (est. from {prefix / MB:.2f} MB)" if prefix < size else "prh"
        engines += [
            Engine(
                "prh",
                label,
                [*node, str(data.prefix), str(work / "prh.txt")],
                prefix,
                warmup=False,
            ),
            Engine(
                "start-prh",
                "prh, 1 KB",
                [*node, str(data.tiny), str(work / "prh-tiny.txt")],
                data.tiny.stat().st_size,
                warmup=False,
            ),
        ]
    return [
        e for e in engines if e.key not in {"aho", "flashtext"} or not peers[_peer(e.key)].missing
    ]


def extrapolate(engines: Sequence[Engine], size: int) -> None:
    """Turn prh's runs on a prefix into estimates for the whole text, round by round."""
    by_key = {e.key: e for e in engines}
    prefix, start = by_key.get("prh"), by_key.get("start-prh")
    if not prefix or not start or prefix.error or start.error or prefix.size >= size:
        return
    scale = (size - start.size) / (prefix.size - start.size)
    prefix.samples = [
        Sample(t.cpu + (p.cpu - t.cpu) * scale, t.wall + (p.wall - t.wall) * scale, p.peak)
        for p, t in zip(prefix.samples, start.samples, strict=False)
    ]
    prefix.size = size
    prefix.changes = None  # counted on the prefix only


def _peer(key: str) -> str:
    """Map an engine key to its peer name."""
    return {"aho": "pyahocorasick"}.get(key, key)


def count_changes(engines: Sequence[Engine], data: Dataset, work: Path) -> None:
    """Fill in each engine's changes: words rewritten, or findings reported (check mode)."""
    for engine in engines:
        if engine.error or not engine.samples:
            continue
        if engine.key in {"terms-exact", "terms-fuzzy", "terms-cold", "aho", "flashtext"}:
            engine.changes = _words_changed(data.corpus, work / f"{engine.key}.txt")
        elif engine.key == "prh":
            engine.changes = _words_changed(data.prefix, work / "prh.txt")
        elif engine.stdout is not None:
            engine.changes = _lines(engine.stdout)


def summarize(engines: Sequence[Engine]) -> list[dict[str, Any]]:
    """Return one row per engine: medians, MB/s, peak and ratios to terms exact."""
    base = engines[0]
    rows: list[dict[str, Any]] = []
    for engine in engines:
        row: dict[str, Any] = {"key": engine.key, "engine": engine.label, "mb": engine.size / MB}
        if engine.error or not engine.samples:
            row["error"] = engine.error or "no runs"
            rows.append(row)
            continue
        cpu = statistics.median(s.cpu for s in engine.samples)
        row.update(
            cpu_s=cpu,
            wall_s=statistics.median(s.wall for s in engine.samples),
            mb_per_s=engine.size / MB / cpu if cpu else None,
            peak_mib=max(s.peak for s in engine.samples) / MIB,
            changes=engine.changes,
        )
        if base.samples and not base.error:
            paired = zip(engine.samples, base.samples, strict=False)
            row["time_ratio"] = statistics.median(
                (s.cpu / engine.size) / (b.cpu / base.size) for s, b in paired
            )
            row["mem_ratio"] = row["peak_mib"] / (max(s.peak for s in base.samples) / MIB)
        rows.append(row)
    return rows


def run_jobs(
    data: Dataset,
    work: Path,
    prose: Prose,
    concepts: list[Concept],
    others: list[str],
    runs: int,
    env: dict[str, str],
) -> dict[str, Any]:
    """Time --jobs 1 against --jobs 2 on 200 files of 50 KB (wall time, pair by pair)."""
    source, target = work / "many", work / "many-run"
    source.mkdir(exist_ok=True)
    whole = work / "many.txt"
    prose.write(whole, 200 * 56_000, concepts, others)
    text = whole.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    files: list[str] = []
    chunk: list[str] = []
    for paragraph in paragraphs:
        chunk.append(paragraph)
        if sum(len(p) for p in chunk) >= 50_000:
            files.append("\n\n".join(chunk) + "\n")
            chunk = []
        if len(files) == 200:
            break
    for i, content in enumerate(files):
        (source / f"doc{i:03}.txt").write_text(content, encoding="utf-8")
    names = sorted(p.name for p in source.iterdir())

    def refresh() -> None:
        """Copy the untouched files again."""
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)

    base = [
        *terms_command(),
        "normalize",
        "--glossary",
        str(data.glossary),
        "--lang",
        "en",
        "--write",
    ]
    engines = [
        Engine(
            f"jobs{j}",
            f"terms --jobs {j}",
            [*base, "--jobs", str(j), *(str(target / n) for n in names)],
            sum(len(f.encode()) for f in files),
            frozenset({0, 1}),
            prepare=refresh,
        )
        for j in (1, 2)
    ]
    _log(f"--jobs: {len(files)} files, N={data.concepts:,}")
    measure(engines, runs, env)
    one, two = engines
    result: dict[str, Any] = {"files": len(files), "concepts": data.concepts}
    if one.error or two.error:
        result["error"] = one.error or two.error
        return result
    result.update(
        jobs1_wall_s=statistics.median(s.wall for s in one.samples),
        jobs2_wall_s=statistics.median(s.wall for s in two.samples),
        jobs1_cpu_s=statistics.median(s.cpu for s in one.samples),
        jobs2_cpu_s=statistics.median(s.cpu for s in two.samples),
        speedup=statistics.median(
            a.wall / b.wall for a, b in zip(one.samples, two.samples, strict=True)
        ),
    )
    return result


# ---------------------------------------------------------------------------------------------
# Report


def machine() -> dict[str, Any]:
    """Describe the machine, the date, and the versions of terms and Python."""
    cpu = platform.processor() or platform.machine()
    memory = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    from terms import __version__

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / (1 << 30), 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "terms": f"{__version__} ({commit or 'no git'})",
    }


def _number(value: Any, digits: int = 2) -> str:
    """Format a number for the table, or '-'."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _rate(value: float | None) -> str:
    """Format MB/s with at least two significant digits."""
    if value is None:
        return "-"
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def table(result: dict[str, Any]) -> list[str]:
    """Return the Markdown table of one glossary size."""
    lines = [
        f"### N = {result['concepts']:,} concepts ({result['variants']:,} listed variants), "
        f"S = {result['size_mb']:.1f} MB",
        "",
        "| engine | CPU s | wall s | MB/s | peak MiB | time × terms | memory × terms | changes |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in result["rows"]:
        if row["key"].startswith("start-"):
            continue
        if "error" in row:
            lines.append(f"| {row['engine']} | {row['error']} | | | | | | |")
            continue
        lines.append(
            f"| {row['engine']} | {_number(row['cpu_s'])} | {_number(row['wall_s'])} "
            f"| {_rate(row['mb_per_s'])} | {_number(row['peak_mib'], 0)} "
            f"| {_number(row.get('time_ratio'))} | {_number(row.get('mem_ratio'))} "
            f"| {_number(row['changes'])} |"
        )
    for name, reason in result["skipped"].items():
        lines.append(f"| {name} | {reason} | | | | | | |")
    start = {row["key"]: row for row in result["rows"] if row["key"].startswith("start-")}
    parts = []
    for key, label in (("start-exact", "start (1 KB file)"), ("start-cold", "cold start")):
        row = start.get(key)
        if row and "error" not in row:
            parts.append(f"{label} {row['cpu_s']:.2f} s CPU, {row['peak_mib']:.0f} MiB")
    if parts:
        lines += ["", "; ".join(parts) + "."]
    return lines


def _row(results: dict[int, dict[str, Any]], n: int, key: str) -> dict[str, Any] | None:
    """Return an engine's row for one glossary size, if it ran."""
    rows: list[dict[str, Any]] = results.get(n, {}).get("rows", [])
    for row in rows:
        if row["key"] == key and "error" not in row:
            return row
    return None


def goals(
    results: dict[int, dict[str, Any]], jobs: dict[str, Any] | None, features: Features
) -> list[dict[str, Any]]:
    """Check the goals of the issue; return one entry per goal with its measured value."""
    out: list[dict[str, Any]] = []

    def add(goal: str, value: float | None, ok: bool | None, note: str = "") -> None:
        """Record one goal."""
        verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        out.append({"goal": goal, "value": value, "verdict": verdict, "note": note})

    mid = 10_000
    for key, target, label in (("codespell", 1.5, "codespell"), ("prh", 50.0, "prh")):
        goal = f"terms exact ≥ {target:g}x faster than {label} per MB (N=10,000)"
        row = _row(results, mid, key)
        if mid not in results:
            add(goal, None, None, "N=10,000 not run")
        elif row is None:
            add(goal, None, None, f"{label} did not run")
        else:
            add(goal, row["time_ratio"], row["time_ratio"] >= target)
    fuzzy = {n: _row(results, n, "terms-fuzzy") for n in results}
    ratios = {n: r["time_ratio"] for n, r in fuzzy.items() if r}
    worst = max(ratios.values()) if ratios else None
    detail = ", ".join(f"N={n:,}: {v:.2f}" for n, v in sorted(ratios.items()))
    add(
        "fuzzy on ≤ 2x exact-only time (every N)",
        worst,
        None if worst is None else worst <= 2,
        detail,
    )

    small, large = min(results), max(results)
    judged = small == 100 and large == 100_000
    label = f"N={large:,} vs N={small:,}" + (
        "" if judged else ", goal is 100,000 vs 100: not judged"
    )
    costs = {}
    for n in (small, large):
        exact, start = _row(results, n, "terms-exact"), _row(results, n, "start-exact")
        if exact and start:
            costs[n] = (exact["cpu_s"] - start["cpu_s"]) / results[n]["size_mb"]
    if len(costs) == 2 and small != large:
        ratio = costs[large] / costs[small]
        note = f"{label}; {costs[small]:.3f} -> {costs[large]:.3f} CPU s per MB"
        add(
            "per-MB cost, 100,000 concepts ≤ 1.5x 100",
            ratio,
            ratio <= 1.5 if judged else None,
            note,
        )
    else:
        add("per-MB cost, 100,000 concepts ≤ 1.5x 100", None, None, "needs two glossary sizes")
    first, last = _row(results, small, "start-exact"), _row(results, large, "start-exact")
    start_ratio = None
    if first and last and small != large:
        start_ratio = last["cpu_s"] / first["cpu_s"]
    goal = "warm start, 100,000 concepts ≤ 2x 100"
    if not features.cache:
        note = "n/a (not supported by this terms: no --no-cache)"
        if start_ratio is not None:
            note += f"; start without a cache, {label}: {start_ratio:.2f}x"
        add(goal, None, None, note)
    else:
        ok = None if start_ratio is None or not judged else start_ratio <= 2
        add(goal, start_ratio, ok, label)
    peak = [r["peak_mib"] for k in ("terms-exact", "terms-fuzzy") if (r := _row(results, large, k))]
    goal = "peak memory with 100,000 concepts < 500 MB"
    if peak:
        worst_mb = max(peak) * MIB / MB
        ok = worst_mb < 500 if large == 100_000 else None
        add(goal, worst_mb, ok, f"N={large:,}, exact and fuzzy, MB = 10^6 bytes")
    else:
        add(goal, None, None, "terms did not run")
    goal = "--jobs 2 ≥ 1.7x faster than --jobs 1 (wall, 200 files)"
    if not features.jobs:
        add(goal, None, None, "n/a (not supported by this terms: no --jobs)")
    elif jobs is None or "speedup" not in jobs:
        add(goal, None, None, (jobs or {}).get("error", "not run"))
    else:
        cores = os.cpu_count() or 1
        note = f"N={jobs['concepts']:,}, {cores} cores"
        add(goal, jobs["speedup"], jobs["speedup"] >= 1.7 if cores >= 2 else None, note)
    return out


def report(document: dict[str, Any]) -> str:
    """Return the whole report as Markdown."""
    info = document["machine"]
    lines = [
        f"## `terms normalize` and its peers, {info['date']}",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, {info['os']}; "
        f"Python {info['python']}; terms {info['terms']}.",
        "Peers: "
        + ", ".join(f"{p['name']} {p['version'] or p['missing']}" for p in document["peers"]),
        f"Median of {document['runs']} runs after one warm-up (prh: no warm-up), engines "
        "round-robin. CPU s = user + system of the whole process (start-up, read, build, scan, "
        "write); MB/s = MB / CPU s; peak = largest RSS; × terms = per-MB CPU and peak relative "
        "to `terms exact`, pair by pair (above 1 = slower or bigger). changes = words rewritten "
        "(writers) or findings printed (check mode).",
        "",
    ]
    for result in document["results"]:
        lines += [*table(result), ""]
    jobs = document.get("jobs")
    if jobs and "speedup" in jobs:
        lines += [
            f"`--jobs` on {jobs['files']} files of 50 KB, N={jobs['concepts']:,}: --jobs 1 "
            f"{jobs['jobs1_wall_s']:.2f} s wall ({jobs['jobs1_cpu_s']:.2f} s CPU), --jobs 2 "
            f"{jobs['jobs2_wall_s']:.2f} s wall ({jobs['jobs2_cpu_s']:.2f} s CPU).",
            "",
        ]
    lines += ["### Goals", "", "| goal | measured | verdict | note |", "|---|--:|---|---|"]
    for goal in document["goals"]:
        value = "-" if goal["value"] is None else f"{goal['value']:.2f}"
        lines.append(f"| {goal['goal']} | {value} | {goal['verdict']} | {goal['note']} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the data, run every engine, print the tables and the goals."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--concepts",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[100, 10_000, 100_000],
        help="glossary sizes, comma-separated (default: 100,10000,100000)",
    )
    parser.add_argument("--size-mb", type=float, default=10.0, help="text size (default: 10)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs (default: 3)")
    parser.add_argument("--quick", action="store_true", help="N=100,10000, S=2 MB, 1 run")
    parser.add_argument(
        "--prh-mb",
        type=float,
        default=0.1,
        help="text prh scans, the rest is extrapolated (default: 0.1)",
    )
    parser.add_argument(
        "--prh-max-concepts",
        type=int,
        default=10_000,
        help="skip prh above this many concepts (default: 10000; it loads ~1,000 rules/s)",
    )
    parser.add_argument("--jobs-concepts", type=int, default=10_000, help="N for --jobs")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the data here and keep it")
    args = parser.parse_args(argv)
    if args.quick:
        args.concepts, args.size_mb, args.runs = [100, 10_000], 2.0, 1
    sizes = sorted(set(args.concepts))
    features = detect_features()
    peers = bench_peers.detect()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder = args.keep.resolve()
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="terms-bench-")
        folder = Path(cleanup.name)
    # The matcher cache, if terms has one, goes with the data (XDG_CACHE_HOME).
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"), PYTHONUTF8="1")
    try:
        _log(f"data in {folder}")
        jobs_n = min(sizes, key=lambda n: abs(n - args.jobs_concepts))
        datasets, prose, every, others = make_datasets(folder, sizes, args.size_mb, args.prh_mb)
        results = []
        for n in sizes:
            data = datasets[n]
            work = folder / f"n{n}" / "work"
            work.mkdir(exist_ok=True)
            engines = engines_for(data, work, peers, features)
            skipped = {p.name: p.missing for p in peers.values() if p.missing}
            if n > args.prh_max_concepts and "prh" not in skipped:
                skipped["prh"] = f"skipped (N above --prh-max-concepts {args.prh_max_concepts:,})"
                engines = [e for e in engines if not e.key.endswith("prh")]
            _log(f"N={n:,}: {', '.join(e.label for e in engines)}")
            measure(engines, args.runs, env)
            count_changes(engines, data, work)
            extrapolate(engines, data.corpus.stat().st_size)
            results.append(
                {
                    "concepts": n,
                    "variants": data.pairs,
                    "size_mb": data.corpus.stat().st_size / MB,
                    "rows": summarize(engines),
                    "skipped": skipped,
                }
            )
        jobs = None
        if features.jobs:
            work = folder / "jobs"
            work.mkdir(exist_ok=True)
            jobs = run_jobs(datasets[jobs_n], work, prose, every[:jobs_n], others, args.runs, env)
        by_n = {r["concepts"]: r for r in results}
        document = {
            "machine": machine(),
            "runs": args.runs,
            "features": {"jobs": features.jobs, "cache": features.cache},
            "peers": [
                {"name": p.name, "version": p.version, "missing": p.missing} for p in peers.values()
            ],
            "results": results,
            "jobs": jobs,
            "goals": goals(by_n, jobs, features),
        }
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    print(json.dumps(document, indent=2, ensure_ascii=False) if args.json else report(document))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
