"""Proposals for a glossary from a corpus: what it lacks, ranked, with examples in context.

Two kinds of proposal:

- ``variant``: an unlisted spelling close to a glossary concept (fuzzy recognition with a low
  bar), to be added to that concept as a deprecated term;
- ``new-concept``: a name the glossary does not know, written in several ways in the corpus
  (``Siunik`` and ``Syunik``): the most frequent spelling as preferred, the others deprecated.

Proposals go to a review file (YAML) where a person marks each ``accept`` or ``reject``;
``terms glossary add --from FILE`` then applies the accepted ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from terms.fuzzy import (
    FuzzySettings,
    compact,
    is_affixed,
    similarity,
    skeleton,
    starts_sentence,
)
from terms.lexicon import zipf
from terms.matcher import Matcher
from terms.model import Termbase
from terms.normalize import Normalizer

EVERYDAY_ZIPF = 4.0  # words this common are not names, even capitalized (frequent names are
# below it: wordfreq's lists hold names too, so the fuzzy gate's 2.5 would hide Karabakh)
SAME_NAME = 88.0  # two spellings scoring this alike are taken for one name
CONTEXT = 40  # characters of context on each side of an example
# A name: capitalized words, joined by a space or a hyphen (Nagorno Karabaj, Nagorno-Karabakh).
_NAME = regex.compile(r"\p{Lu}[\p{L}\p{M}'’]+(?:[ \-]\p{Lu}[\p{L}\p{M}'’]+)*")


@dataclass
class Proposal:
    """One thing the glossary lacks, with the evidence for it."""

    kind: str  # "variant" or "new-concept"
    lang: str
    term: str  # the spelling to add (for a new concept: its preferred term)
    concept: str  # the concept it belongs to (for a new concept: a suggested id)
    status: str = "deprecated"
    variants: list[str] = field(default_factory=list)  # new concept: its other spellings
    score: float = 0.0
    count: int = 0
    examples: list[str] = field(default_factory=list)
    decision: str = "pending"
    type: str = "term"  # a new concept's type

    @property
    def rank(self) -> float:
        """Return how strongly the corpus supports the proposal (frequency times confidence)."""
        return self.count * (self.score or SAME_NAME)

    def as_dict(self) -> dict[str, object]:
        """Return the proposal as the review file holds it."""
        data: dict[str, object] = {"kind": self.kind, "concept": self.concept, "lang": self.lang}
        data["term"] = self.term
        if self.kind == "variant":
            data["status"] = self.status
            data["score"] = self.score
        else:
            data["variants"] = list(self.variants)
            data["type"] = self.type
        data["count"] = self.count
        data["examples"] = list(self.examples)
        data["decision"] = self.decision
        return data


def _example(text: str, start: int, end: int) -> str:
    """Return the words around a span, on one line, the span in brackets."""
    left = text[max(0, start - CONTEXT) : start].split("\n")[-1]
    right = text[end : end + CONTEXT].split("\n")[0]
    return f"…{left}[{text[start:end]}]{right}…".strip()


def suggest(
    texts: Iterable[str], termbase: Termbase, lang: str, *, examples: int = 3
) -> list[Proposal]:
    """Return the proposals for a corpus, strongest first.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text("version: 1\\nconcepts: {p: {type: person, en: Pashinyan}}")
    >>> found = suggest(["Paschinjan met Siunik leaders, far from Syunik; Siunik too."],
    ...                 Termbase((g,)), "en")
    >>> [(p.kind, p.term, p.concept, p.variants) for p in found]
    [('new-concept', 'Siunik', 'siunik', ['Syunik']), ('variant', 'Paschinjan', 'p', [])]
    """
    corpus = list(texts)
    proposals = _variants(corpus, termbase, lang, examples)
    listed = {p.term for p in proposals}
    proposals += _new_concepts(corpus, termbase, lang, examples, listed)
    return sorted(proposals, key=lambda p: (-p.rank, p.term))


def _variants(corpus: Sequence[str], termbase: Termbase, lang: str, limit: int) -> list[Proposal]:
    """Return unlisted spellings close to glossary concepts."""
    settings = FuzzySettings(auto=100.0, suggest=75.0)
    normalizer = Normalizer(termbase, lang, fuzzy=settings)
    found: dict[tuple[str, str], Proposal] = {}
    for text in corpus:
        for change in normalizer.changes(text):
            if change.kind != "fuzzy" or change.concept is None:
                continue
            key = (change.original, change.concept)
            proposal = found.setdefault(
                key,
                Proposal("variant", lang, change.original, change.concept, score=change.score),
            )
            proposal.count += 1
            proposal.score = max(proposal.score, change.score)
            if len(proposal.examples) < limit:
                proposal.examples.append(_example(text, change.start, change.end))
    return list(found.values())


def _new_concepts(
    corpus: Sequence[str], termbase: Termbase, lang: str, limit: int, taken: set[str]
) -> list[Proposal]:
    """Return names unknown to the glossary that the corpus writes in several ways."""
    matcher = Matcher(termbase)
    counts: Counter[str] = Counter()
    places: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # form -> (text, start, end)
    for number, text in enumerate(corpus):
        known = [(m.start, m.end) for m in matcher.find(text)]
        for match in _NAME.finditer(text):
            form = match.group().rstrip("'’")
            start, end = match.start(), match.start() + len(form)
            if any(a < end and start < b for a, b in known) or form in taken:
                continue
            if len(compact(form)) < 4 or all(
                zipf(word.lower(), lang) >= EVERYDAY_ZIPF for word in regex.split(r"[ \-]", form)
            ):
                continue
            if starts_sentence(text, start) and counts[form] == 0:
                places[form].append((number, start, end))  # counted only if seen elsewhere too
                continue
            counts[form] += 1
            places[form].append((number, start, end))
    groups = _group(list(counts))
    proposals = []
    for group in groups:
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda f: (-counts[f], f))
        preferred = ordered[0]
        proposal = Proposal(
            "new-concept",
            lang,
            preferred,
            _slug(preferred),
            status="preferred",
            variants=ordered[1:],
            count=sum(counts[f] for f in group),
        )
        for form in ordered:
            for number, start, end in places[form][:1]:
                if len(proposal.examples) < limit:
                    proposal.examples.append(_example(corpus[number], start, end))
        proposals.append(proposal)
    return proposals


def _group(forms: list[str]) -> list[list[str]]:
    """Group spellings of one name (union of pairs scoring at least SAME_NAME)."""
    parent = list(range(len(forms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [compact(f) for f in forms]
    shapes = [skeleton(k) for k in keys]
    for i in range(len(forms)):
        for j in range(i + 1, len(forms)):
            if keys[i] == keys[j] and forms[i].lower() == forms[j].lower():
                continue  # case alone: the same spelling
            if is_affixed(keys[i], keys[j]):
                continue  # Armenia and Armenian are two words
            if similarity(keys[i], keys[j], shapes[i], shapes[j]) >= SAME_NAME:
                parent[root(i)] = root(j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, form in enumerate(forms):
        groups[root(i)].append(form)
    return list(groups.values())


def _slug(text: str) -> str:
    """Return a concept id for a name."""
    return (
        regex.sub(r"[^a-z0-9]+", "-", compact(text) if " " not in text else text.lower()).strip("-")
        or "concept"
    )


REVIEW_HEADER = """\
terms suggest: proposals for the glossary. Set each `decision` to accept or reject (a new
concept's `concept` id, `type` and `term` may be edited first), then apply the accepted ones:
    terms glossary add --from THIS_FILE -f GLOSSARY.yaml
"""


def review_text(proposals: Sequence[Proposal]) -> str:
    """Return the review file for proposals (YAML with a header that says what to do)."""
    from terms.glossary.write import dump_yaml

    items = []
    for proposal in proposals:
        data = proposal.as_dict()
        items.append(data)
    header = "".join(f"# {line}".rstrip() + "\n" for line in REVIEW_HEADER.splitlines())
    return header + dump_yaml({"version": 1, "proposals": items})


def read_review(text: str, path: str) -> list[Proposal]:
    """Read a review file back (``GlossaryError``-style problems for what is malformed)."""
    from terms.codes import code
    from terms.errors import InputError, Problem
    from terms.glossary.yamlio import parse_yaml

    root = parse_yaml(text, path)
    items = root.get("proposals") if isinstance(root, dict) else None
    if not isinstance(items, list):
        raise InputError(Problem(code("input-syntax"), "not a review file: no 'proposals'", path))
    proposals = []
    for item in items:
        line = item.lc.line + 1 if hasattr(item, "lc") else 0
        try:
            proposal = Proposal(
                kind=str(item["kind"]),
                lang=str(item["lang"]),
                term=str(item["term"]),
                concept=str(item["concept"]),
                status=str(item.get("status", "deprecated")),
                variants=[str(v) for v in item.get("variants", [])],
                decision=str(item.get("decision", "pending")).strip().lower(),
                type=str(item.get("type", "term")),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                Problem(code("input-syntax"), f"a proposal lacks {exc}", path, line, 1)
            ) from exc
        if proposal.decision not in ("accept", "reject", "pending"):
            raise InputError(
                Problem(
                    code("input-syntax"),
                    f"decision must be accept, reject or pending, not {proposal.decision!r}",
                    path,
                    line,
                    1,
                )
            )
        proposals.append(proposal)
    return proposals
