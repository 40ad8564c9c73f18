"""Run the peers' own test cases through terms and print the pass rates.

- prh: every dictionary under ``PEERS`` (``../shared/peers`` by default) is imported with
  ``terms.interchange.peers.read_prh``; each rule's ``specs`` (from -> to) run through
  ``terms.normalize.Normalizer`` in the dictionary's language, against the whole imported
  dictionary (as the glossary loads) and against the rule alone (as prh runs them).
- Vale: each Red Hat ``substitution`` rule is imported with ``read_vale``; every line of its
  ``testinvalid`` fixture must be flagged (normalizing it yields a change record: a rewrite,
  or a forbidden or ambiguous term the lint reports) and no line of ``testvalid``.

Usage: python scripts/peers_check.py [--peers PATH] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from terms.interchange.peers import read_prh, read_vale
from terms.model import Termbase
from terms.normalize import Normalizer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PEERS = ROOT.parent / "shared" / "peers"
# prh's own samples (misc/), kept apart from the real dictionaries' 435 specs
SAMPLES = ("prh-misc",)
VALE_STYLES = ("RedHat", "OpenShiftAsciiDoc")


@dataclass
class SpecResult:
    file: str
    rule: str
    source: str
    expected: str
    got: str
    got_alone: str

    @property
    def passed(self) -> bool:
        return self.got == self.expected

    @property
    def passed_alone(self) -> bool:
        return self.got_alone == self.expected


@dataclass
class ValeResult:
    rule: str
    invalid: int = 0
    invalid_flagged: int = 0
    valid: int = 0
    valid_flagged: int = 0
    missed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    lost: int = 0


def _yaml_load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _yaml_dump(data: Any) -> str:
    # JSON is YAML, and quotes every string (ruamel's dumper writes `??` bare)
    return json.dumps(data, ensure_ascii=False, default=str)


def prh_files(peers: Path) -> list[Path]:
    return [
        p for p in sorted(peers.rglob("*.yml")) if "vale-styles" not in p.relative_to(peers).parts
    ]


def check_prh_file(path: Path, peers: Path) -> tuple[list[SpecResult], int]:
    """Run one dictionary's specs; return the results and the number of lost notes."""
    text = path.read_text(encoding="utf-8")
    result = read_prh(path, text, run_specs=False)
    glossary = result.glossary
    lang = glossary.languages[0]
    whole = Normalizer(Termbase((glossary,)), lang)
    data = _yaml_load(text) or {}
    out: list[SpecResult] = []
    for rule in data.get("rules") or []:
        specs = [s for s in rule.get("specs") or [] if isinstance(s, dict)]
        if not specs:
            continue
        alone_text = _yaml_dump({"version": 1, "rules": [rule]})
        alone = read_prh(path, alone_text, lang=lang, run_specs=False).glossary
        single = Normalizer(Termbase((alone,)), lang)
        for spec in specs:
            source, expected = str(spec.get("from")), str(spec.get("to"))
            out.append(
                SpecResult(
                    str(path.relative_to(peers)),
                    str(rule.get("expected")),
                    source,
                    expected,
                    whole.normalize(source).text,
                    single.normalize(source).text,
                )
            )
    return out, len(result.lost)


def _fixture_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("//")]


def check_vale(peers: Path) -> list[ValeResult]:
    base = peers / "vale-styles" / "vale-at-red-hat" / ".vale"
    results = []
    for style in VALE_STYLES:
        for rule_path in sorted((base / "styles" / style).glob("*.yml")):
            text = rule_path.read_text(encoding="utf-8")
            data = _yaml_load(text) or {}
            if data.get("extends") != "substitution":
                continue
            fixtures = base / "fixtures" / style / rule_path.stem
            invalid = _fixture_lines(fixtures / "testinvalid.adoc")
            valid = _fixture_lines(fixtures / "testvalid.adoc")
            if not invalid and not valid:
                continue
            imported = read_vale(rule_path, text)
            normalizer = Normalizer(Termbase((imported.glossary,)), "en")
            result = ValeResult(f"{style}.{rule_path.stem}", lost=len(imported.lost))
            for line in invalid:
                result.invalid += 1
                if normalizer.normalize(line).changes:
                    result.invalid_flagged += 1
                else:
                    result.missed.append(line)
            for line in valid:
                result.valid += 1
                if normalizer.normalize(line).changes:
                    result.valid_flagged += 1
                    result.flagged.append(line)
            results.append(result)
    return results


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="the peers' data")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failure")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    peers: Path = args.peers
    if not peers.is_dir():
        print(f"peers_check: no peer data at {peers}", file=sys.stderr)
        return 2
    specs: list[SpecResult] = []
    lost = 0
    for path in prh_files(peers):
        found, notes = check_prh_file(path, peers)
        specs.extend(found)
        lost += notes
    real = [s for s in specs if s.file.split("/")[0] not in SAMPLES]
    samples = [s for s in specs if s.file.split("/")[0] in SAMPLES]
    vale = check_vale(peers)
    redhat = [v for v in vale if v.rule.startswith("RedHat.")]
    summary = {
        "prh": {
            "specs": len(real),
            "passed": sum(s.passed for s in real),
            "passed_rule_alone": sum(s.passed_alone for s in real),
            "samples": len(samples),
            "samples_passed": sum(s.passed for s in samples),
            "lost_notes": lost,
        },
        "vale_redhat": {
            "rules": len(redhat),
            "invalid_lines": sum(v.invalid for v in redhat),
            "invalid_flagged": sum(v.invalid_flagged for v in redhat),
            "valid_lines": sum(v.valid for v in redhat),
            "valid_flagged": sum(v.valid_flagged for v in redhat),
        },
    }
    if args.json:
        failing = [asdict(s) for s in specs if not s.passed or not s.passed_alone]
        report = {"summary": summary, "prh_failures": failing, "vale": [asdict(v) for v in vale]}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    p = summary["prh"]
    print(
        f"prh specs (whole dictionary): {p['passed']}/{p['specs']} passed "
        f"({_rate(p['passed'], p['specs'])})"
    )
    print(
        f"prh specs (each rule alone):  {p['passed_rule_alone']}/{p['specs']} passed "
        f"({_rate(p['passed_rule_alone'], p['specs'])})"
    )
    print(
        f"prh samples (prh-misc):       {p['samples_passed']}/{p['samples']} passed "
        f"({_rate(p['samples_passed'], p['samples'])})"
    )
    r = summary["vale_redhat"]
    flagged, invalid = r["invalid_flagged"], r["invalid_lines"]
    clean, valid = r["valid_lines"] - r["valid_flagged"], r["valid_lines"]
    print(
        f"Vale Red Hat substitution rules ({r['rules']}): testinvalid lines flagged "
        f"{flagged}/{invalid} ({_rate(flagged, invalid)}); "
        f"testvalid lines clean {clean}/{valid} ({_rate(clean, valid)})"
    )
    for v in vale:
        print(
            f"  {v.rule}: invalid {v.invalid_flagged}/{v.invalid}, "
            f"valid clean {v.valid - v.valid_flagged}/{v.valid}"
        )
    if args.verbose:
        print("\nfailing prh specs (file, rule, from, expected, got [whole] / got [rule alone]):")
        for s in specs:
            if not s.passed or not s.passed_alone:
                print(
                    f"  {s.file}\t{s.rule}\t{s.source!r}\t{s.expected!r}\t{s.got!r} / "
                    f"{s.got_alone!r}"
                )
        print("\nVale lines:")
        for v in vale:
            for line in v.missed:
                print(f"  {v.rule}\tnot flagged (testinvalid)\t{line!r}")
            for line in v.flagged:
                print(f"  {v.rule}\tflagged (testvalid)\t{line!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
