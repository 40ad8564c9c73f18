"""Glossary patterns: replacement templates, forbidden patterns, boundaries by script."""

from __future__ import annotations

from pathlib import Path

import pytest

from terms import Normalizer, Termbase, load_glossary_text
from terms.errors import GlossaryError
from terms.glossary import load_glossary
from terms.glossary.write import dump_glossary

from conftest import run_cli

GLOSSARY = r"""
version: 1
name: patterns
concepts:
  full-width-parentheses:
    ja:
      patterns:
        - {regex: '\((.+?)\)', replace: '（\1）'}
    specs:
      - {lang: ja, from: 'そうですね(笑)', to: 'そうですね（笑）'}
  processing:
    ja:
      preferred: 処理中
      patterns: ['実行中']
  angular:
    en:
      preferred: {term: Angular, case-sensitive: true}
      patterns:
        - {regex: 'angular(?<suffix>js)?', replace: 'Angular\g<suffix>'}
  colours:
    en:
      patterns:
        - {regex: '\bred\b(?! hat)|yellow', status: forbidden}
  tbd:
    en:
      preferred: to be decided
      patterns: [{regex: 'tbd', status: forbidden}]
  which:
    en:
      preferred: ', which'
      deprecated: [', that']
  us:
    type: place
    en: {preferred: {term: US, case-sensitive: true}, deprecated: [U.S.]}
"""


def normalize(text: str, lang: str, **options: bool) -> str:
    """Normalize ``text`` into ``lang`` with the test glossary."""
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    return Normalizer(termbase, lang, **options).normalize(text).text


def test_a_template_copies_the_groups_of_each_match() -> None:
    assert normalize("そうですね(笑)。(ほげ)ほげ)", "ja") == "そうですね（笑）。（ほげ）ほげ)"
    assert normalize("an angularJS app, angular", "en") == "an AngularJS app, Angular"


def test_a_template_is_written_as_it_is_whatever_the_case_of_the_text() -> None:
    assert normalize("ANGULARJS", "en") == "AngularJS"


def test_a_template_applies_only_in_its_own_language() -> None:
    assert normalize("そうですね(笑)", "en") == "そうですね(笑)"


def test_normalizing_the_result_of_a_template_changes_nothing() -> None:
    once = normalize("(a) (b) angularjs", "ja")
    assert normalize(once, "ja") == once


def test_patterns_match_inside_text_written_without_spaces() -> None:
    assert normalize("現在実行中のループ", "ja") == "現在処理中のループ"


def test_patterns_need_word_boundaries_between_letters_of_spaced_scripts() -> None:
    assert normalize("angulardart and myangularjs", "en") == "angulardart and myangularjs"


def test_a_forbidden_pattern_is_reported_and_rewritten_only_on_request() -> None:
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    result = Normalizer(termbase, "en").normalize("A red flag, Red Hat, yellow. TBD.")
    assert result.text == "A red flag, Red Hat, yellow. TBD."
    reported = [(c.original, c.status, c.applied) for c in result.changes]
    assert reported == [
        ("red", "forbidden", False),
        ("yellow", "forbidden", False),
        ("TBD", "forbidden", False),
    ]
    rewritten = normalize("tbd, red", "en", rewrite_forbidden=True)
    assert rewritten == "to be decided, red"  # no preferred term for colours: never rewritten


def test_a_term_edged_with_punctuation_needs_no_boundary_there() -> None:
    assert (
        normalize("This clause, that is restrictive", "en") == "This clause, which is restrictive"
    )


def test_a_term_ending_in_a_dot_after_a_letter_still_needs_a_boundary() -> None:
    assert normalize("the U.S.A. and the U.S. today", "en") == "the U.S.A. and the US today"


def test_templates_and_statuses_survive_the_canonical_writer(tmp_path: Path) -> None:
    glossary = load_glossary_text(GLOSSARY)
    path = tmp_path / "g.yaml"
    path.write_text(dump_glossary(glossary), encoding="utf-8")
    again = load_glossary(path)
    patterns = lambda g: [(p.regex, p.replace, p.status) for c in g.concepts for p in c.patterns]  # noqa: E731
    assert patterns(again) == patterns(glossary)


@pytest.mark.parametrize(
    ("pattern", "message", "where"),
    [
        (
            r"{regex: '\((.+?)\)', replace: '（\2）'}",
            "refers to group 2, but the pattern has 1",
            "7:",
        ),
        (r"{regex: 'a(?<x>b)', replace: '\g<y>'}", "refers to group 'y'", "7:"),
        (r"{replace: 'x'}", "has no 'regex'", "7:11"),
        (r"{regex: 'a', status: preferred}", "must be 'deprecated' or 'forbidden'", "7:"),
        (r"{regex: 'a', other: 1}", "unknown key 'other'", "7:"),
    ],
)
def test_bad_patterns_are_reported_with_their_place(pattern: str, message: str, where: str) -> None:
    text = f"version: 1\nname: g\nconcepts:\n  c:\n    en:\n      patterns:\n        - {pattern}\n"
    with pytest.raises(GlossaryError) as caught:
        load_glossary_text(text, path="g.yaml")
    problems = caught.value.problems
    assert any(
        message in p.message and f"{p.line}:{p.column}".startswith(where) for p in problems
    ), [(p.line, p.column, p.message) for p in problems]


def test_a_plain_pattern_still_needs_a_preferred_term() -> None:
    text = "version: 1\nname: g\nconcepts:\n  c:\n    en:\n      patterns: ['a+b']\n"
    with pytest.raises(GlossaryError) as caught:
        load_glossary_text(text, path="g.yaml")
    assert [p.code for p in caught.value.problems] == ["TRM010"]


def test_the_cli_applies_templates_from_a_glossary_file(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("そうですね(笑)\n", encoding="utf-8")
    args = ("normalize", "--glossary", glossary, "--lang", "ja")
    assert run_cli(*args, "--check", article, cwd=tmp_path).returncode == 1
    assert run_cli(*args, article, cwd=tmp_path).stdout == "そうですね（笑）\n"
