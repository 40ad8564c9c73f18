"""Checks beyond loading (``terms glossary validate``) and figures (``terms glossary stats``).

Loading already refuses a glossary with errors (TRM001-TRM018: failing specs, and a form that
is preferred in one concept and a variant in another, TRM014, included). These checks find
what loads but will hurt: a variant that is an everyday word of its language (TRM040), and a
concept with no term in a language the glossary declares (TRM042).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from terms.codes import code
from terms.errors import Problem
from terms.lexicon import is_common_word
from terms.matcher import NAME_TYPES
from terms.model import Glossary, Status

COMMON_WORD_ZIPF = 3.0  # a variant this frequent in its language is an everyday word


def validate(glossary: Glossary) -> list[Problem]:
    """Return the warnings about a loaded glossary, in file order.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text('''version: 1
    ... languages: [en, es]
    ... concepts:
    ...   alive: {type: person, en: {preferred: Aliyev, deprecated: [alive]}}
    ... ''')
    >>> [p.code for p in validate(g)]
    ['TRM042', 'TRM040']
    """
    problems: list[Problem] = []
    for concept in glossary.concepts:
        where = concept.pos
        languages = {term.lang for term in concept.terms}
        missing = [lang for lang in glossary.languages if lang not in languages]
        if missing:
            problems.append(
                Problem(
                    code("missing-language"),
                    f"concept '{concept.id}' has no term in {', '.join(missing)}",
                    where.path if where else glossary.path,
                    where.line if where else 0,
                    where.column if where else 0,
                )
            )
        for term in concept.terms:
            if term.status.is_allowed:
                continue
            at = term.pos
            path, line, column = (at.path, at.line, at.column) if at else (glossary.path, 0, 0)
            lowered = term.text.lower()
            proper = concept.type in NAME_TYPES and not term.text.islower()
            if not proper and is_common_word(lowered, term.lang, COMMON_WORD_ZIPF):
                problems.append(
                    Problem(
                        code("variant-is-common-word"),
                        f"variant '{term.text}' is an everyday word in {term.lang}: ordinary "
                        "text would be rewritten",
                        path,
                        line,
                        column,
                    )
                )
    return problems


@dataclass
class Stats:
    """Counts of a glossary: concepts, terms per language and status, coverage."""

    concepts: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    terms: dict[str, Counter[str]] = field(default_factory=dict)  # lang -> status -> count
    coverage: dict[str, float] = field(default_factory=dict)  # lang -> share with a preferred

    def table(self) -> str:
        """Return the figures as a plain-text table."""
        statuses = [s.value for s in Status]
        lines = [f"concepts: {self.concepts} ({_by_type(self.by_type)})", ""]
        lines.append(f"{'lang':<8}" + "".join(f"{s:>12}" for s in statuses) + f"{'coverage':>10}")
        for lang in sorted(self.terms, key=lambda t: (-self.coverage[t], t)):
            row = self.terms[lang]
            lines.append(
                f"{lang:<8}"
                + "".join(f"{row.get(s, 0):>12}" for s in statuses)
                + f"{self.coverage[lang]:>10.0%}"
            )
        return "\n".join(lines) + "\n"


def _by_type(counts: Counter[str]) -> str:
    """Return ``5 person, 3 place``."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.most_common())


def stats(glossary: Glossary) -> Stats:
    """Return a glossary's figures.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text("version: 1\\nconcepts: {a: {en: A, es: {preferred: B, "
    ...                        "deprecated: [C]}}, b: {en: D}}")
    >>> s = stats(g)
    >>> s.concepts, dict(s.terms["es"]), s.coverage["es"]
    (2, {'preferred': 1, 'deprecated': 1}, 0.5)
    """
    result = Stats(concepts=len(glossary.concepts))
    with_preferred: dict[str, set[str]] = defaultdict(set)
    for concept in glossary.concepts:
        result.by_type[concept.type] += 1
        for term in concept.terms:
            result.terms.setdefault(term.lang, Counter())[term.status.value] += 1
            if term.status is Status.PREFERRED:
                with_preferred[term.lang].add(concept.id)
    for lang in result.terms:
        result.coverage[lang] = len(with_preferred[lang]) / max(result.concepts, 1)
    return result


__all__ = ["Stats", "stats", "validate"]
