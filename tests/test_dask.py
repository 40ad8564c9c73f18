"""terms.dask on a distributed.LocalCluster with worker processes: the single-machine results."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("distributed")

import dask.bag as db
from distributed import Client, LocalCluster

from terms import Normalizer, Termbase, load_glossary_text
from terms.dask import CompiledGlossary, lint_bag, normalize_bag, normalize_records_bag
from terms.formats import format_for, read_as
from terms.fuzzy import FuzzySettings
from terms.lint.checks import Linter, LintSettings
from terms.lint.render import diagnostic_record

GLOSSARY = """
version: 1
concepts:
  pashinyan:
    type: person
    en: {preferred: Pashinyan, deprecated: [Pashinian]}
    es: Pashinián
  karabakh:
    type: place
    en: Nagorno-Karabakh
    es: Nagorno Karabaj
  khachmaz:
    type: place
    en: Khachmaz
"""
TEXTS = [
    f"{n}: Pashinián spoke of Nagorno Karabaj; PASHINIAN and Xachmaz{'.' * (n % 3)}\n\nEnd."
    for n in range(40)
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes on this machine."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as running,
    ):
        yield running


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return Termbase((load_glossary_text(GLOSSARY),))


def test_normalize_bag_gives_the_single_machine_texts_in_order(
    client: Client, termbase: Termbase
) -> None:
    fuzzy = FuzzySettings()
    expected = [Normalizer(termbase, "en", fuzzy=fuzzy).normalize(t).text for t in TEXTS]
    bag = normalize_bag(db.from_sequence(TEXTS, npartitions=8), termbase, "en", fuzzy=fuzzy)
    assert bag.compute() == expected
    assert expected[1].startswith("1: Pashinyan spoke of Nagorno-Karabakh; PASHINYAN and Khachmaz")


def test_records_are_those_of_the_single_machine_run(client: Client, termbase: Termbase) -> None:
    glossary = CompiledGlossary(termbase, "en")
    normalizer = Normalizer(termbase, "en")
    expected = [
        {"text": r.text, "changes": [c.as_dict() for c in r.changes]}
        for r in map(normalizer.normalize, TEXTS)
    ]
    assert normalize_records_bag(db.from_sequence(TEXTS, npartitions=5), glossary).compute() == (
        expected
    )


def test_the_glossary_is_one_piece_of_data_in_the_graph(termbase: Termbase) -> None:
    bag = normalize_bag(db.from_sequence(TEXTS, npartitions=8), termbase, "en")
    graph = dict(bag.__dask_graph__())
    held = [key for key in graph if str(key).startswith("terms-glossary-")]
    assert len(held) == 1
    partitions = [key for key in graph if "_normalize_texts" in str(key)]
    assert len(partitions) == 8  # each partition's task refers to that one key


def test_lint_bag_gives_the_findings_of_each_document(client: Client, termbase: Termbase) -> None:
    documents = [(f"doc{n}.md", text) for n, text in enumerate(TEXTS[:10])]
    linter = Linter(termbase, LintSettings("en", "en", None))
    expected = []
    for path, text in documents:
        diagnostics = linter.check_document(read_as(format_for(path), path, text))
        expected.extend(
            diagnostic_record(d) for d in sorted(diagnostics, key=lambda d: d.sort_key())
        )
    found = lint_bag(db.from_sequence(documents, npartitions=3), termbase, "en").compute()
    assert found == expected
    assert {f["code"] for f in found} == {"TRM101"}


def test_a_termbase_needs_a_language(termbase: Termbase) -> None:
    with pytest.raises(TypeError):
        normalize_bag(db.from_sequence(TEXTS), termbase)
