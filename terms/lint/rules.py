"""The lint checks: stable codes, names, default severities, and what each is for.

A code is never reused for another meaning. ``terms rule CODE`` prints a rule's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from terms.lint.diagnostic import Severity


@dataclass(frozen=True)
class Rule:
    """A check: its code and name, default severity, and its documentation."""

    code: str
    name: str
    summary: str
    severity: Severity
    fix: str  # "safe", "unsafe" or "none"
    what: str
    why: str
    example: str


RULES: tuple[Rule, ...] = (
    Rule(
        "TRM100",
        "unused-suppression",
        "A `terms: ignore` comment that silences nothing.",
        Severity.WARNING,
        "none",
        "Reports a suppression comment whose codes match no finding on the lines it covers.",
        "Suppressions outlive the text they were written for; an unused one hides the next "
        "real finding there. Remove it.",
        "<!-- terms: ignore[TRM101] --> on a line with no variant on it.",
    ),
    Rule(
        "TRM101",
        "variant",
        "A variant where the glossary's preferred term is due.",
        Severity.ERROR,
        "safe",
        "Finds deprecated and superseded spellings of a concept, and terms the glossary lists "
        "under other languages, where the target language has a preferred term.",
        "One article, one spelling: readers and search engines take `Pashinian` and "
        "`Pashinyan` for two people.",
        "en: 'Nikol Pashinián said' -> 'Nikol Pashinyan said' (fix: safe)",
    ),
    Rule(
        "TRM102",
        "fuzzy-variant",
        "A spelling nobody listed, close to a glossary term.",
        Severity.WARNING,
        "unsafe",
        "Fuzzy recognition finds an unlisted spelling of a name (transliteration keys and a "
        "similarity score from 0 to 100); the message gives the score.",
        "New spellings arrive with every translation; the score tells how sure the match "
        "is. `terms lint` never applies these with --fix alone: they are a guess until a person "
        "says so (--unsafe-fixes), while `terms normalize` rewrites those above --fuzzy-auto.",
        "en: 'Paschinjan' -> 'Pashinyan' (fuzzy, score 95.0; fix: unsafe)",
    ),
    Rule(
        "TRM103",
        "forbidden",
        "A term the glossary forbids.",
        Severity.ERROR,
        "unsafe",
        "Finds terms with status `forbidden` in the target language.",
        "A forbidden term is one the house never prints (an offensive or legally risky name); "
        "the fix is unsafe because the sentence may need rewording, not only a new word.",
        "en: forbidden 'Karabagh' -> preferred 'Karabakh' (fix: unsafe)",
    ),
    Rule(
        "TRM104",
        "ambiguous",
        "A form that belongs to several concepts.",
        Severity.WARNING,
        "none",
        "Reports a written form that matches variants of more than one concept, so no single "
        "replacement applies.",
        "Rewriting it would guess between two names; a person has to choose.",
        "'Aliev' as a variant of two people in one glossary.",
    ),
    Rule(
        "TRM105",
        "inconsistent",
        "One concept written in two ways in one document.",
        Severity.WARNING,
        "none",
        "Reports the occurrences of a concept written differently from its most frequent form "
        "in the same document, even when both forms are allowed (admitted).",
        "Admitted spellings are fine on their own, not side by side: `Karabakh` and "
        "`Karabagh` in one article read as a mistake.",
        "'Karabakh ... Karabagh' (both admitted) -> TRM105 at 'Karabagh'",
    ),
    Rule(
        "TRM110",
        "key-term-missing",
        "PO: the source has a glossary term, the translation lacks its preferred term.",
        Severity.WARNING,
        "none",
        "For each glossary concept found in a msgid, checks that the msgstr contains one of "
        "the concept's allowed terms in the catalog's language (case and allowed endings "
        "tolerated). Variants in the msgstr are reported as TRM101 instead.",
        "A translator who writes around the approved term breaks the glossary's promise: the "
        "same concept must read the same everywhere.",
        "msgid 'Collective Security Treaty Organization', msgstr 'la alianza' (es) -> TRM110",
    ),
    Rule(
        "TRM111",
        "do-not-translate",
        "PO: a do-not-translate term changed in the translation.",
        Severity.ERROR,
        "none",
        "For concepts marked `translate: false` in the glossary (brands, names that stay as "
        "they are), checks that a term of the concept found in the msgid appears in the msgstr "
        "exactly as written.",
        "Brands and product names are not translated, declined or re-cased.",
        "msgid 'Open the Terms app', msgstr 'Abre la aplicación Términos' -> TRM111",
    ),
    Rule(
        "TRM112",
        "inconsistent-translation",
        "PO: one source text translated in different ways across the run's catalogs.",
        Severity.WARNING,
        "none",
        "Groups the entries of all PO files of one run by language, context and msgid, and "
        "reports entries whose msgstr differs from the most frequent translation.",
        "The same interface string should read the same in every catalog of a product.",
        "msgid 'Save' -> 'Guardar' in a.po, 'Salvar' in b.po (both es) -> TRM112",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def rule(code: str) -> Rule:
    """Return the rule for a code (``TRM101``) or name (``variant``); KeyError when unknown.

    >>> rule("variant").code, rule("trm102").name
    ('TRM101', 'fuzzy-variant')
    """
    found = BY_CODE.get(code.upper()) or BY_NAME.get(code.lower())
    if found is None:
        raise KeyError(code)
    return found


def describe(found: Rule) -> str:
    """Return a rule's documentation as ``terms rule`` prints it."""
    return (
        f"{found.code} ({found.name}): {found.summary}\n\n"
        f"Severity: {found.severity.value}. Fix: {found.fix}.\n\n"
        f"What it does\n  {found.what}\n\n"
        f"Why\n  {found.why}\n\n"
        f"Example\n  {found.example}\n"
    )
