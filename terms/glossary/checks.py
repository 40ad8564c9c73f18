"""Consistency checks across concepts: what makes normalizing ambiguous or not idempotent."""

from __future__ import annotations

from collections.abc import Iterable

from terms.codes import code
from terms.errors import Problem
from terms.folding import fold
from terms.model import Concept, SourcePos, Status, Term


def _at(pos: SourcePos | None) -> tuple[str, int, int]:
    """Return path, line and column of a position (or blanks)."""
    if pos is None:
        return "", 0, 0
    return pos.path, pos.line, pos.column


def _where(pos: SourcePos | None) -> str:
    """Describe a position for a message that points back to a first occurrence."""
    if pos is None:
        return "elsewhere"
    return f"at {pos.path}:{pos.line}:{pos.column}"


def check_concepts(concepts: Iterable[Concept]) -> list[Problem]:
    """Return the problems of a set of concepts taken together (one file or several).

    - two concepts with the same id;
    - one written form twice in one language of a concept, or two concepts whose forms in one
      language fold alike (``Beta`` and ``Bêta``: every match would be ambiguous);
    - a variant equal to the preferred term of another concept.
    """
    problems: list[Problem] = []
    first_concept: dict[str, Concept] = {}
    folded: dict[tuple[str, str], Term] = {}
    preferred: dict[str, Term] = {}
    concepts = list(concepts)
    for concept in concepts:
        if concept.id in first_concept:
            first = first_concept[concept.id]
            problems.append(
                Problem(
                    code("duplicate-concept"),
                    f"duplicate concept id '{concept.id}' (first defined {_where(first.pos)})",
                    *_at(concept.pos),
                )
            )
            continue
        first_concept[concept.id] = concept
        own: dict[tuple[str, str], Term] = {}
        for term in concept.terms:
            # within a concept, a form listed twice; across concepts, forms that fold alike
            other = own.get((term.lang, term.text.casefold())) or folded.get(
                (term.lang, fold(term.text))
            )
            if other is not None and (
                other.concept_id != concept.id or other.text.casefold() == term.text.casefold()
            ):
                owner = (
                    "this concept"
                    if other.concept_id == concept.id
                    else f"concept '{other.concept_id}'"
                )
                same = other.text.casefold() == term.text.casefold()
                listed = "is already listed" if same else f"folds like '{other.text}'"
                problems.append(
                    Problem(
                        code("duplicate-form"),
                        f"'{term.text}' in language '{term.lang}' {listed} by {owner} "
                        f"({_where(other.pos)})",
                        *_at(term.pos),
                    )
                )
                continue
            own[(term.lang, term.text.casefold())] = term
            folded.setdefault((term.lang, fold(term.text)), term)
            if term.status is Status.PREFERRED:
                preferred.setdefault(term.text, term)
    for concept in concepts:
        if first_concept.get(concept.id) is not concept:
            continue
        for term in concept.terms:
            if term.status is Status.PREFERRED:
                continue
            holder = preferred.get(term.text)
            if holder is not None and holder.concept_id != concept.id:
                problems.append(
                    Problem(
                        code("variant-is-preferred"),
                        f"{term.status.value} term '{term.text}' of concept '{concept.id}' is the "
                        f"preferred term of concept '{holder.concept_id}' in '{holder.lang}' "
                        f"({_where(holder.pos)}); normalizing would rewrite that concept",
                        *_at(term.pos),
                    )
                )
    return problems
