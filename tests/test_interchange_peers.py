"""Importers of peer tools' dictionaries: prh, Vale substitution rules, codespell."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest

from terms.errors import InputError, UsageError
from terms.glossary import load_glossary_text
from terms.glossary.write import dump_glossary
from terms.interchange import ImportResult, importer
from terms.interchange.peers import read_codespell, read_prh, read_vale
from terms.model import Glossary, Status, Termbase
from terms.normalize import Normalizer

FIXTURES = Path(__file__).parent / "fixtures" / "interchange" / "peers"
ROOT = Path(__file__).resolve().parents[1]
PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers"


def _read(name: str) -> ImportResult:
    path = FIXTURES / name
    reader = read_codespell if name.endswith(".txt") else read_vale
    if name.startswith("prh"):
        reader = read_prh
    return reader(path, path.read_text(encoding="utf-8"))


def _normalize(glossary: Glossary, text: str) -> str:
    return Normalizer(Termbase((glossary,)), glossary.languages[0]).normalize(text).text


def _terms(glossary: Glossary, preferred: str) -> dict[str, str]:
    for concept in glossary.concepts:
        if any(t.text == preferred and t.status is Status.PREFERRED for t in concept.terms):
            return {t.text: t.status.value for t in concept.terms}
    raise AssertionError(f"no concept with preferred term {preferred!r}")


def _loads(result: ImportResult) -> Glossary:
    """The imported glossary survives writing and loading (load checks and specs)."""
    return load_glossary_text(dump_glossary(result.glossary), "<import>")


def _lost(result: ImportResult) -> list[str]:
    return [str(lost) for lost in result.lost]


# -- prh ---------------------------------------------------------------------------------------


def test_prh_import_loads_and_keeps_its_specs() -> None:
    result = _read("prh-basic.yml")
    glossary = _loads(result)
    assert glossary.languages == ("ja",)
    specs = [(s.source, s.expected) for c in glossary.concepts for s in c.specs]
    assert ("料理をつくる", "料理を作る") in specs
    assert ("日経ソフトウエアのソフトウエア", "日経ソフトウエアのソフトウェア") in specs


def test_prh_expected_only_rule_fixes_every_casing_and_width() -> None:
    glossary = _read("prh-basic.yml").glossary
    assert _terms(glossary, "jQuery") == {"jQuery": "preferred", "ｊＱｕｅｒｙ": "deprecated"}
    for text in ("jquery", "JQUERY", "ＪＱＵＥＲＹ", "JQuery"):
        assert _normalize(glossary, f"{text}を使う") == "jQueryを使う"


def test_prh_plain_pattern_and_comment() -> None:
    glossary = _read("prh-basic.yml").glossary
    concept = next(c for c in glossary.concepts if c.preferred("ja").text == "デフォルト")
    assert concept.note == "カタカナ表記を統一する"
    # prh's merge: the imported rule with the same expected term is dropped (first wins)
    assert {t.text for t in concept.terms} == {"デフォルト", "ディフォルト"}
    assert _normalize(glossary, "ディフォルト値") == "デフォルト値"


def test_prh_capture_group_expands_into_one_concept_per_value() -> None:
    glossary = _read("prh-basic.yml").glossary
    for ending in "らりるれろっ":
        assert _terms(glossary, f"作{ending}") == {
            f"作{ending}": "preferred",
            f"つく{ending}": "deprecated",
        }
    assert _normalize(glossary, "つくった料理") == "作った料理"


def test_prh_lookahead_and_must_empty_become_exceptions() -> None:
    glossary = _read("prh-basic.yml").glossary
    assert _terms(glossary, "ソフトウェア")["日経ソフトウエア"] == "admitted"
    assert _normalize(glossary, "日経ソフトウエアの記事") == "日経ソフトウエアの記事"
    assert _normalize(glossary, "ソフトウエアの設計") == "ソフトウェアの設計"


def test_prh_case_sensitive_regex() -> None:
    glossary = _read("prh-basic.yml").glossary
    assert _normalize(glossary, "ReVIEWで書く") == "Re:VIEWで書く"
    assert _normalize(glossary, "review") == "review"


def test_prh_imports_are_followed_with_ignore_rules_and_first_expected_wins() -> None:
    result = _read("prh-basic.yml")
    glossary = result.glossary
    assert _terms(glossary, "ハードウェア") == {
        "ハードウェア": "preferred",
        "ハードウエアー": "deprecated",
        "ハードウエア": "deprecated",
    }
    assert _normalize(glossary, "可能") == "可能"
    assert "Ignored" not in {t.text for c in glossary.concepts for t in c.terms}
    assert any("cannot read import 'missing.yml'" in lost for lost in _lost(result))


def test_prh_lost_rules_are_reported_with_their_lines() -> None:
    lost = _lost(_read("prh-basic.yml"))
    base = "tests/fixtures/interchange/peers/prh-basic.yml"
    assert any(x.endswith("prh-basic.yml:10: note: 'targets' (which parts of which files prh "
                          "checks) are not carried") for x in lost)  # fmt: skip
    # a variant equal to another rule's expected term (TRM014) is dropped, so the file loads
    assert any(":24: note: 'サーバ' is the expected term of another rule" in x for x in lost)
    # and a spec that no longer holds is dropped with the engine's answer
    assert any(":27:9: note: spec of concept" in x and "サーバを起動" in x for x in lost)
    assert all(base in x or "missing.yml" in x for x in lost)


def test_prh_rule_copying_an_unbounded_group_becomes_a_pattern_with_a_template() -> None:
    glossary = _read("prh-basic.yml").glossary
    concept = next(c for c in glossary.concepts if c.patterns and c.patterns[0].replace)
    assert concept.id == "rule-44"
    assert concept.terms == ()
    assert concept.patterns[0].replace == "（\\g<1>）"
    assert [(s.source, s.expected) for s in concept.specs] == [("(笑)", "（笑）")]
    assert _normalize(glossary, "そうですね(笑)。(ほげ)ほげ)") == "そうですね（笑）。（ほげ）ほげ)"


def test_prh_keeps_a_regex_that_does_not_expand_as_a_pattern() -> None:
    text = "version: 1\nrules:\n  - expected: Node.js\n    pattern: /\\bnode\\.?js\\b/i\n"
    result = read_prh(Path("p.yml"), text)
    concept = result.glossary.concepts[0]
    # node.js is a casing of the preferred term: its full width spelling catches every casing
    assert {t.text for t in concept.terms} == {"Node.js", "nodejs", "Ｎｏｄｅ.ｊｓ"}
    assert _normalize(result.glossary, "NODE.JS と nodejs") == "Node.js と Node.js"
    english = "version: 1\nrules:\n  - expected: TypeScript\n    pattern: /type\\s*script\\w+/i\n"
    glossary = read_prh(Path("p.yml"), english).glossary
    # JavaScript's \\w knows ASCII letters only: the pattern says so in the regex module's syntax
    assert [p.regex for p in glossary.concepts[0].patterns] == ["type\\s*script[A-Za-z0-9_]+"]
    assert _normalize(glossary, "use typescriptx now") == "use TypeScript now"


def test_prh_capture_group_rules_become_templates_or_alternatives() -> None:
    text = """version: 1
rules:
  - expected: '@<$1>{$2}'
    pattern: /@([^{<>]+)\\{([^}]+)\\}/
  - expected: 一番$1
    pattern: /いちばん([^め目])|1番([^め目])/
"""
    result = read_prh(Path("p.yml"), text)
    lost = _lost(result)
    assert not any("p.yml:3" in x for x in lost)  # kept as a pattern with a template
    assert any("p.yml:5: note: 1 alternative(s)" in x and "drops the character" in x for x in lost)
    glossary = _loads(result)
    assert _normalize(glossary, "いちばん大きい") == "一番大きい"
    assert _normalize(glossary, "いちばん目") == "いちばん目"
    assert _normalize(glossary, "see @list{foo}") == "see @<list>{foo}"


def test_prh_bad_yaml_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        read_prh(Path("bad.yml"), "version: 1\nrules: [\n")
    problem = caught.value.problems[0]
    assert (problem.code, problem.path) == ("TRM035", "bad.yml")
    assert problem.line > 0


def test_prh_language_option_and_unknown_options() -> None:
    text = "version: 1\nrules:\n  - expected: colour\n    pattern: color\n"
    assert read_prh(Path("p.yml"), text).glossary.languages == ("en",)
    assert read_prh(Path("p.yml"), text, lang="en-GB").glossary.languages == ("en-GB",)
    with pytest.raises(UsageError):
        read_prh(Path("p.yml"), text, layout="pairs")


def test_registry_finds_the_importers() -> None:
    assert importer("prh") is read_prh
    assert importer("vale") is read_vale
    assert importer("codespell") is read_codespell


# -- Vale --------------------------------------------------------------------------------------


def test_vale_swaps_become_concepts() -> None:
    result = _read("vale-terms.yml")
    glossary = _loads(result)
    assert result.lost == ()
    assert _terms(glossary, "metadata") == {
        "metadata": "preferred",
        "meta-data": "deprecated",
        "meta data": "deprecated",
    }
    # as in Vale, the whole match is replaced ("e-mails?" -> "email")
    assert _normalize(glossary, "The e-mails and meta data") == "The email and metadata"
    # a capture group in the replacement: one concept per value
    assert _normalize(glossary, "Bare metal nodes here") == "Bare-metal nodes here"
    # a lookbehind becomes an admitted exception, or a pattern where terms cannot hold it
    assert _normalize(glossary, "pseudo-ops and ops") == "pseudo-ops and operations"
    assert _normalize(glossary, "the yaml in example.yaml") == "the YAML in example.yaml"


def test_vale_several_suggestions_make_a_forbidden_term() -> None:
    glossary = _read("vale-terms.yml").glossary
    assert _terms(glossary, "earlier") == {
        "earlier": "preferred",
        "previous": "admitted",
        "above": "forbidden",
    }
    normalizer = Normalizer(Termbase((glossary,)), "en")
    result = normalizer.normalize("see above, or previous")
    assert result.text == "see above, or previous"
    assert [(c.original, c.status, c.applied) for c in result.changes] == [
        ("above", "forbidden", False)
    ]


def test_vale_level_suggestion_is_forbidden() -> None:
    glossary = _read("vale-suggestion.yml").glossary
    assert _terms(glossary, "use") == {"use": "preferred", "utilize": "forbidden"}


def test_vale_ignorecase_false_is_case_sensitive() -> None:
    glossary = _loads(_read("vale-case.yml"))
    assert _normalize(glossary, "ApplixWare and Applix") == "Applixware and Applixware"
    assert _normalize(glossary, "APPLIXWARE") == "APPLIXWARE"
    assert _normalize(glossary, "Kernel modules") == "kernel modules"
    assert _normalize(glossary, "Kernel parameters") == "Kernel parameters"


def test_vale_other_extension_points_and_advice_are_lost() -> None:
    existence = _read("vale-existence.yml")
    assert existence.glossary.concepts == ()
    assert _lost(existence)[0].endswith(
        "vale-existence.yml:1: note: a Vale 'existence' rule has no glossary equivalent "
        "(only 'substitution' does); not imported"
    )


def test_vale_advice_keys_become_words_to_report_without_a_replacement() -> None:
    advice = _read("vale-advice.yml")
    glossary = _loads(advice)
    forms = [(t.text, t.status.value) for c in glossary.concepts for t in c.terms]
    assert forms and all(status == "forbidden" for _, status in forms)
    word = forms[0][0]
    result = Normalizer(Termbase((glossary,)), "en").normalize(f"Say {word} now.")
    assert result.text == f"Say {word} now."  # reported, never rewritten
    assert [(c.original, c.replacement, c.status) for c in result.changes] == [
        (word, None, "forbidden")
    ]


# -- codespell -------------------------------------------------------------------------------


def test_codespell_fixes_single_corrections_and_reports_the_others() -> None:
    result = _read("codespell.txt")
    glossary = _loads(result)
    assert [c.id for c in glossary.concepts] == ["about", "and", "the", "aboce", "accidant"]
    assert _normalize(glossary, "Teh cat adn ABOTU") == "The cat and ABOUT"
    several = glossary.concepts[3]
    assert [(t.text, t.status.value) for t in several.terms] == [("aboce", "forbidden")]
    assert several.note == "several corrections: above, abode"
    assert _normalize(glossary, "aboce") == "aboce"  # reported, never fixed by a guess
    lost = _lost(result)
    assert len(lost) == 2
    assert "not fixed by codespell (this is a reason)" in lost[1]


def test_codespell_bad_line_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        read_codespell(Path("d.txt"), "abotu->about\nnot a line\n")
    assert (caught.value.problems[0].code, caught.value.problems[0].line) == ("TRM035", 2)


def test_codespell_big_dictionary_is_fast() -> None:
    rng = random.Random(7)
    seen: set[str] = set()
    lines = []
    while len(lines) < 30000:
        wrong, right = ("".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(2))
        if wrong in seen or right in seen:
            continue
        seen |= {wrong, right}
        lines.append(f"{wrong}->{right}" if len(lines) % 10 else f"{wrong}->{right}, {right}s,")
    result = read_codespell(Path("dictionary.txt"), "\n".join(lines))
    assert len(result.glossary.concepts) == 30000  # 3,000 with several corrections: reported
    assert (
        sum(t.status.value == "forbidden" for c in result.glossary.concepts for t in c.terms)
        == 3000
    )


# -- the peers' own test cases ---------------------------------------------------------------


@pytest.mark.skipif(not PEERS.is_dir(), reason="no peer data in ../shared/peers")
def test_peers_pass_rates_do_not_regress() -> None:
    """prh's specs and Red Hat's Vale fixtures, as scripts/peers_check.py measures them.

    The issue's goals: 99% of prh's specs, every Vale testinvalid line flagged and no
    testvalid line. The prh specs that fail with whole dictionaries pass rule by rule.
    """
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "peers_check.py"), "--json"],
        capture_output=True,
        check=True,
        text=True,
        timeout=120,
    )
    summary = json.loads(done.stdout)["summary"]
    prh = summary["prh"]
    assert prh["specs"] == 435
    assert prh["passed"] >= 431  # whole dictionary: 99.1%
    assert prh["passed_rule_alone"] == 435
    vale = summary["vale_redhat"]
    assert vale["invalid_lines"] == 1585
    assert vale["invalid_flagged"] == 1585
    assert vale["valid_flagged"] == 0
