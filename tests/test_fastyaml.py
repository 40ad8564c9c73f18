"""Reading glossary YAML through libyaml gives what ruamel's round-trip loader gives."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from test_properties import SETTINGS

import terms
from terms.glossary import fastyaml
from terms.glossary.fastyaml import read_fast, read_yaml
from terms.glossary.yamlio import decode_glossary_bytes, round_trip_yaml

from conftest import ROOT

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="PyYAML without libyaml")


def assert_same(fast: Any, slow: Any, where: str = "") -> None:
    """Assert equal values of the same types, with the same lines and columns everywhere."""
    assert type(fast) is type(slow), where
    if isinstance(slow, dict):
        assert [(key, type(key)) for key in fast] == [(key, type(key)) for key in slow], where
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), where
        for key in slow:
            assert fast.lc.key(key) == slow.lc.key(key), f"{where}/{key}"
            assert fast.lc.value(key) == slow.lc.value(key), f"{where}/{key}"
            assert_same(fast[key], slow[key], f"{where}/{key}")
    elif isinstance(slow, list):
        assert len(fast) == len(slow), where
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), where
        for index, (one, other) in enumerate(zip(fast, slow, strict=True)):
            assert fast.lc.item(index) == slow.lc.item(index), f"{where}[{index}]"
            assert_same(one, other, f"{where}[{index}]")
    else:
        assert fast == slow, where


def yaml_files() -> list[Path]:
    """Return the YAML files of the shipped glossaries and of the tests."""
    found = [*(ROOT / "glossaries").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]
    return sorted(path for path in found if not path.name.startswith("bad.not-utf8"))


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_as_the_round_trip_loader_reads_it(path: Path) -> None:
    text = decode_glossary_bytes(path.read_bytes(), str(path))
    fast = read_fast(text)
    if fast is None:  # given up: only files with what the fast reader leaves to ruamel
        assert path.name.startswith("bad."), "a file of ordinary YAML was not read fast"
        return
    assert_same(fast, round_trip_yaml().load(text))


def test_the_shipped_glossaries_are_read_fast() -> None:
    for path in terms.bundled_glossary_paths():
        assert read_fast(path.read_text(encoding="utf-8")) is not None, path


TRICKY = """\
# a comment
version: 1   # and another
concepts:
  kyiv:
    type: place
    en: {preferred: Kyiv, deprecated: [Kiev, "Kiew", 'Kyjiw']}
    note: |
      two
      lines
    definition: >
      folded
      text

    flow: {ñandú: x, b: [1, 2.5, .inf, -.inf, ~, null, true, True, yes, No, on, off]}
    numbers: [017, 0o17, 0x1F, 1_000, 1e3, +1, -1, 0.5, 12:30, 2024-01-05, 2024-01-05T10:00:00Z]
    list:
      - a
      -   - nested
          - "quoted: colon"
      - {c: d}
    'single': "double"
    "tab\\there": 'it''s'
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_scalars_styles_and_positions_as_the_round_trip_loader(newline: str) -> None:
    text = TRICKY.replace("\n", newline)
    fast = read_fast(text)
    assert fast is not None
    assert_same(fast, round_trip_yaml().load(text))
    # the YAML 1.2 way: yes/no/on/off and 017 are no booleans or octal numbers
    assert fast["concepts"]["kyiv"]["flow"]["b"][8:] == ["yes", "No", "on", "off"]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: !!str 1\n",  # a tag
        "base: {a: 1}\nother:\n  <<: {b: 2}\n",  # a merge key
        "a: 1\na: 2\n",  # a duplicate key
        "%YAML 1.2\n---\na: 1\n",  # a directive
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\nb: 1\n",  # an empty value
        "? [a, b]\n: c\n",  # a key that is no scalar
        "a: [1, 2\n",  # a syntax error
        "a: 2024-13-01\n",  # a timestamp that is no date
        # what libyaml reads and ruamel rejects, or reads otherwise (from a review)
        "concepts:\n  kyiv:\n    en: Kyiv\t\n",  # a tab after a value
        "a: |#c\n  x\n",  # a comment glued to a block scalar's header
        "a: |\n  \n    x\n",  # a block scalar's first line blank but indented
        'a: ["a":1]\n',  # a quoted key glued to its colon in a flow sequence
        "\n\ufeff0x1\n",  # a byte-order mark at the start of a line
        "x\ufeffkey: v\n",  # ... or inside one
        "a:\x85 b\n",  # a YAML 1.1 line break
        "a: |\n   \n  \n",  # a block scalar of blank lines only
        ">+\n#c\n",  # a document that is a scalar (no glossary)
        "{a: " * 600 + "1" + "}" * 600 + "\n",  # nesting deeper than the reader goes
    ],
)
def test_what_the_fast_reader_leaves_to_ruamel(text: str) -> None:
    assert read_fast(text) is None


def test_without_libyaml_everything_is_read_the_slow_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "_PARSER", None)
    assert not fastyaml.available()
    assert read_fast(TRICKY) is None
    assert_same(read_yaml(TRICKY, "g.yaml"), round_trip_yaml().load(TRICKY))


def test_a_glossary_loads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # every term's line and column (SourcePos) too: glossary errors point at the same places
    paths = terms.bundled_glossary_paths()
    fast = [terms.load_glossary(path) for path in paths]
    monkeypatch.setattr(fastyaml, "_PARSER", None)
    assert [terms.load_glossary(path) for path in paths] == fast


SCALARS = st.one_of(
    st.sampled_from(
        [
            "yes",
            "No",
            "ON",
            "017",
            "0o17",
            "0x1f",
            "1_0",
            "1e3",
            ".NaN",
            "-.inf",
            "~",
            "null",
            "true",
            "False",
            "2024-01-05",
            "12:30",
            "Kyiv",
            "Ñandú",
            "a: b",
            "#x",
            "- x",
            "'q'",
            "",
            " lead",
            "trail ",
            "x\ny",
            "Пашинян",
            "東京",
        ]
    ),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.text(max_size=8),
)
KEYS = st.one_of(st.sampled_from(["en", "ru", "yes", "1", "preferred", "Ñ", "a b"]), st.text())
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


@SETTINGS
@given(DOCUMENTS, st.sampled_from([None, True, False]))
def test_random_documents_read_as_the_round_trip_loader_reads_them(
    document: Any, flow: bool | None
) -> None:
    dumper = YAML(typ="rt")
    dumper.default_flow_style = flow
    out = io.StringIO()
    dumper.dump(document, out)
    text = out.getvalue()
    fast = read_fast(text)
    if fast is not None:
        assert_same(fast, round_trip_yaml().load(text))
