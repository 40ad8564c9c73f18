"""terms: a multilingual terminology toolkit.

Keep glossaries of concepts (people, places, organizations, terms) with the preferred term per
language and its known variants; find the variants in text; rewrite them to the house form.

>>> import terms
>>> termbase = terms.load_termbase(terms.bundled_glossary_paths())
>>> terms.normalize_text("Nikol Pashinián met Ilham Alíev in Moscú.", termbase, "en").text
'Nikol Pashinyan met Ilham Aliyev in Moscow.'
"""

from __future__ import annotations

from terms.changes import Change, apply_changes
from terms.errors import ConfigError, GlossaryError, InputError, Problem, TermsError, UsageError
from terms.fuzzy import FuzzySettings
from terms.glossary import (
    bundled_glossary_paths,
    load_glossary,
    load_glossary_text,
    load_termbase,
)
from terms.matcher import Match, Matcher, MatchKind
from terms.model import Concept, Glossary, Status, Term, Termbase
from terms.normalize import Normalizer, NormalizeResult, normalize_text

__version__ = "0.1.0"

__all__ = [
    "Change",
    "Concept",
    "ConfigError",
    "FuzzySettings",
    "Glossary",
    "GlossaryError",
    "InputError",
    "Match",
    "MatchKind",
    "Matcher",
    "NormalizeResult",
    "Normalizer",
    "Problem",
    "Status",
    "Term",
    "Termbase",
    "TermsError",
    "UsageError",
    "__version__",
    "apply_changes",
    "bundled_glossary_paths",
    "load_glossary",
    "load_glossary_text",
    "load_termbase",
    "normalize_text",
]
