"""Every kind of broken glossary fails with its own code at the right line and column.

Each ``tests/glossary_errors/bad.<reason>.yaml`` starts with ``# expect: CODE LINE:COL``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from terms import GlossaryError, load_glossary, load_termbase
from terms.codes import CODES

CASES = sorted((Path(__file__).parent / "glossary_errors").glob("bad.*.yaml"))
EXPECT = re.compile(rb"# expect: (TRM\d{3}) (\d+):(\d+)")


def test_there_is_a_case_for_every_glossary_code() -> None:
    codes = {EXPECT.match(p.read_bytes()).group(1).decode() for p in CASES}  # type: ignore[union-attr]
    glossary_codes = {c for c in CODES if "TRM001" <= c <= "TRM019"}
    assert glossary_codes <= codes


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_broken_glossary_is_rejected_with_its_location(path: Path) -> None:
    found = EXPECT.match(path.read_bytes())
    assert found, f"{path.name} lacks '# expect: CODE LINE:COL'"
    code, line, column = found.group(1).decode(), int(found.group(2)), int(found.group(3))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    first = caught.value.problems[0]
    assert (first.code, first.path, first.line, first.column) == (code, str(path), line, column)
    assert str(first).startswith(f"{path}:{line}:{column}: error {code}: ")


def test_all_problems_of_a_file_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "version: 1\nconcepts:\n  a:\n    type: city\n    xx: A\n  b:\n    en: {prefered: B}\n",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert [(p.code, p.line) for p in caught.value.problems] == [
        ("TRM006", 5),
        ("TRM007", 4),
        ("TRM002", 7),
    ]


def test_glossaries_are_checked_together(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    two = tmp_path / "two.yaml"
    one.write_text("version: 1\nconcepts:\n  baku:\n    en: Baku\n", encoding="utf-8")
    two.write_text(
        "version: 1\nconcepts:\n  baku:\n    es: Bakú\n  x:\n    en: baku\n", encoding="utf-8"
    )
    with pytest.raises(GlossaryError) as caught:
        load_termbase([one, two])
    assert [(p.code, Path(p.path).name, p.line) for p in caught.value.problems] == [
        ("TRM009", "two.yaml", 3),
        ("TRM013", "two.yaml", 6),
    ]


def test_a_glossary_without_specs_is_checked_without_compiling_a_matcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # compiling is what a glossary's specs need; one without (the CLDR glossary) is spared it
    from terms.glossary import specs

    def no_matcher(termbase: object) -> None:
        raise AssertionError("a matcher was compiled")

    monkeypatch.setattr(specs, "Matcher", no_matcher)
    glossary = load_glossary(Path(__file__).parent.parent / "glossaries/cldr/cldr-territories.yaml")
    assert glossary.concepts and not any(c.specs for c in glossary.concepts)
    with pytest.raises(AssertionError, match="a matcher was compiled"):
        load_glossary(Path(__file__).parent.parent / "glossaries/caucasus.yaml")  # it has specs
