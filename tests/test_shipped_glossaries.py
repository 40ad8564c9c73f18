"""Data tests: the bundled glossaries are valid, complete and free of collisions."""

from __future__ import annotations

from collections import defaultdict

import pytest

from terms import Status, bundled_glossary_paths, load_glossary
from terms.folding import fold
from terms.model import Termbase

PATHS = bundled_glossary_paths()
CORE_LANGUAGES = ("en", "es", "fr", "de", "ru")


def test_there_are_bundled_glossaries() -> None:
    assert [p.name for p in PATHS] == ["caucasus.yaml"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_concept_has_the_core_languages_and_examples(path) -> None:  # type: ignore[no-untyped-def]
    glossary = load_glossary(path)  # loading runs every spec
    for concept in glossary.concepts:
        missing = [lang for lang in CORE_LANGUAGES if concept.preferred(lang) is None]
        assert not missing, f"{concept.id} has no preferred term in {missing}"
        assert concept.specs, f"{concept.id} has no specs"
        assert concept.note or concept.type == "place", f"{concept.id} has no note"


def test_no_two_concepts_share_a_folded_form(bundled: Termbase) -> None:
    # A folded key claimed by two concepts makes every match of it ambiguous.
    owners: dict[str, set[str]] = defaultdict(set)
    for concept in bundled.concepts:
        for term in concept.terms:
            owners[fold(term.text)].add(concept.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_the_seed_articles_entities_have_their_english_house_forms(bundled: Termbase) -> None:
    english = {
        t.text
        for c in bundled.concepts
        for t in c.terms
        if t.lang == "en" and t.status is Status.PREFERRED
    }
    for name in (
        "Nikol Pashinyan",
        "Ilham Aliyev",
        "Vladimir Putin",
        "Dmitry Peskov",
        "Nagorno-Karabakh",
        "Karabakh",
        "Lachin",
        "Lachin corridor",
        "Nakhchivan",
        "Syunik",
        "Yerevan",
        "Baku",
        "Moscow",
        "Kremlin",
        "Collective Security Treaty Organization",
        "CSTO",
        "Armenia",
        "Azerbaijan",
        "Russia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
    ):
        assert name in english


def test_preferred_terms_are_stable_in_their_own_language(bundled: Termbase) -> None:
    # Normalizing a preferred term into its own language never changes it.
    from terms import Normalizer

    normalizers: dict[str, Normalizer] = {}
    for concept in bundled.concepts:
        for term in concept.terms:
            if term.status is Status.PREFERRED:
                normalizer = normalizers.setdefault(term.lang, Normalizer(bundled, term.lang))
                assert normalizer.normalize(term.text).text == term.text, (concept.id, term)
