"""Why a word is, or is not, taken for a variant of a glossary term."""

from __future__ import annotations

from dataclasses import dataclass, field

from terms.folding import fold
from terms.fuzzy import FuzzyMatcher, FuzzySettings, compact, is_derived, skeleton, skeletons
from terms.lexicon import zipf
from terms.model import Termbase
from terms.normalize import Normalizer


@dataclass(frozen=True)
class FuzzyCandidate:
    """A glossary term the word's keys lead to, with its score."""

    concept: str
    term: str
    lang: str
    score: float
    skeleton: str
    affixed: bool


@dataclass(frozen=True)
class Explanation:
    """Everything normalizing looks at for one word, and what it decides."""

    word: str
    lang: str
    folded: str
    compact: str
    skeleton: str
    readings: tuple[str, ...]
    listed: list[str]
    frequencies: dict[str, float]
    everyday: bool
    candidates: list[FuzzyCandidate] = field(default_factory=list)
    decision: str = ""


MID_SENTENCE = ", "  # what the word is explained after: not the start of a sentence


def explain(
    word: str, termbase: Termbase, lang: str, settings: FuzzySettings | None = None
) -> Explanation:
    """Explain how ``word`` is treated when normalizing into ``lang``, inside a sentence.

    At the start of a sentence, where a capital says nothing, fuzzy scores are
    ``SENTENCE_START_PENALTY`` lower.

    >>> from terms.glossary import load_glossary_text
    >>> g = load_glossary_text("version: 1\\nconcepts: {a: {type: person, en: Aliyev}}")
    >>> explain("Alijev", Termbase((g,)), "en").decision
    "rewritten to 'Aliyev' (fuzzy, score 76)"
    >>> explain("alive", Termbase((g,)), "en").decision
    'left alone: an everyday word (see frequencies), never taken for a name'
    """
    settings = settings or FuzzySettings()
    normalizer = Normalizer(termbase, lang, fuzzy=settings)
    # the normalizer's own fuzzy index when fuzzy matching is on; built once either way
    matcher = normalizer.fuzzy or FuzzyMatcher(normalizer.matcher.indexed, settings)
    key = compact(word)
    listed = sorted(
        f"{t.text} ({t.lang}, {t.status.value}, concept {c.id})"
        for c in termbase.concepts
        for t in c.terms
        if fold(t.text) == fold(word)
    )
    frequencies = {lang: zipf(word.lower(), lang)}
    for language in settings.lexicons:
        frequencies.setdefault(language, zipf(word.lower(), language, "small"))
    candidates = []
    for score, number in matcher.index.lookup(key, lang)[:8]:
        entry = matcher.index.entries[number]
        concept = entry.term.concept_id
        person = matcher.index.kinds.get(concept) == "person"
        derived = is_derived(key, entry.compact, lang, person=person)
        candidates.append(
            FuzzyCandidate(
                concept, entry.term.text, entry.term.lang, round(score, 1), entry.skeleton, derived
            )
        )
    result = normalizer.normalize(MID_SENTENCE + word)
    if result.changes:
        change = result.changes[0]
        if change.applied:
            decision = (
                f"rewritten to {change.replacement!r} ({change.kind}, score {change.score:g})"
            )
        elif change.replacement is None and change.status == "forbidden":
            decision = "reported: a forbidden term with no replacement in the glossary"
        elif change.replacement is None:
            decision = f"reported: matches several concepts ({', '.join(change.candidates)})"
        else:
            decision = (
                f"reported, not rewritten: may be {change.replacement!r} "
                f"({change.kind}, score {change.score:g}, status {change.status})"
            )
    elif listed:
        decision = "left alone: it is an allowed term in the target language"
    elif matcher.is_everyday_word(word, lang):
        decision = "left alone: an everyday word (see frequencies), never taken for a name"
    elif candidates and candidates[0].score >= settings.suggest:
        decision = "left alone: a guard keeps it from the nearest name (case, position, form)"
    else:
        decision = "left alone: no glossary term matches"
    return Explanation(
        word,
        lang,
        fold(word),
        key,
        skeleton(key),
        skeletons(key)[1:],
        listed,
        frequencies,
        matcher.is_everyday_word(word, lang),
        candidates,
        decision,
    )
