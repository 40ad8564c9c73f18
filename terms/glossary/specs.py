"""Run each concept's examples through the real engine when a glossary loads."""

from __future__ import annotations

from terms.codes import code
from terms.errors import Problem
from terms.matcher import Matcher
from terms.model import Termbase
from terms.normalize import Normalizer


def check_specs(termbase: Termbase) -> list[Problem]:
    """Return a problem for every spec whose source does not normalize to its expected text.

    The expected text must also be stable: normalizing it again changes nothing.
    """
    problems: list[Problem] = []
    matcher: Matcher | None = None  # compiled at the first spec: most glossaries have none
    normalizers: dict[str, Normalizer] = {}
    for concept in termbase.concepts:
        for spec in concept.specs:
            normalizer = normalizers.get(spec.lang)
            if normalizer is None:
                if matcher is None:
                    matcher = Matcher(termbase)
                normalizer = normalizers[spec.lang] = Normalizer(
                    termbase, spec.lang, matcher=matcher
                )
            got = normalizer.normalize(spec.source).text
            again = normalizer.normalize(spec.expected).text
            message = ""
            if got != spec.expected:
                message = (
                    f"spec of concept '{concept.id}' failed: {spec.source!r} into "
                    f"'{spec.lang}' gave {got!r}, expected {spec.expected!r}"
                )
            elif again != spec.expected:
                message = (
                    f"spec of concept '{concept.id}' is not stable: its expected text "
                    f"{spec.expected!r} normalizes again to {again!r}"
                )
            if message:
                pos = spec.pos
                problems.append(
                    Problem(
                        code("spec-failed"),
                        message,
                        pos.path if pos else "",
                        pos.line if pos else 0,
                        pos.column if pos else 0,
                    )
                )
    return problems
