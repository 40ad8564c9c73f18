"""Stable codes for errors in user data. A number is never reused for another meaning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """A stable error code with its kebab-case name and a one-line summary."""

    code: str
    name: str
    summary: str


_CODES = (
    Code("TRM001", "yaml-syntax", "The glossary is not valid YAML (or not UTF-8)."),
    Code("TRM002", "unknown-key", "A key that the glossary format does not define."),
    Code("TRM003", "wrong-type", "A value of the wrong type (a list where text is due, ...)."),
    Code("TRM004", "missing-key", "A required key is missing."),
    Code("TRM005", "unsupported-version", "The glossary's `version` is not one this tool reads."),
    Code("TRM006", "unknown-language", "A language key is not a known BCP 47 tag."),
    Code("TRM007", "unknown-concept-type", "A concept `type` outside the documented list."),
    Code("TRM008", "bad-concept-id", "A concept id that is not a short slug."),
    Code("TRM009", "duplicate-concept", "Two concepts with one id (in a file or across files)."),
    Code("TRM010", "no-preferred", "A language with terms but no preferred term."),
    Code("TRM011", "several-preferred", "More than one preferred term in one language."),
    Code("TRM012", "empty-term", "A term that is empty or only white space."),
    Code("TRM013", "duplicate-form", "One written form claimed twice in one language."),
    Code("TRM014", "variant-is-preferred", "A variant equal to another concept's preferred term."),
    Code("TRM015", "bad-regex", "A pattern that does not compile or matches the empty string."),
    Code("TRM016", "spec-failed", "An example (`specs`) that the engine does not reproduce."),
    Code("TRM017", "bad-date", "A date that is not YYYY-MM-DD."),
    Code("TRM018", "duplicate-language", "One language given twice in a concept."),
    Code("TRM020", "config-syntax", "The configuration file is not valid TOML."),
    Code("TRM021", "config-unknown-key", "A configuration key that `terms` does not define."),
    Code("TRM022", "config-wrong-value", "A configuration value of the wrong type or range."),
    Code("TRM030", "input-unreadable", "An input file is missing or cannot be read."),
    Code("TRM031", "input-binary", "An input file is binary, not text."),
    Code("TRM032", "input-encoding", "An input file is not valid UTF-8 (or UTF-16 with a BOM)."),
    Code("TRM033", "usage", "The command line asks for something that cannot be done."),
    Code("TRM034", "output-unwritable", "A file could not be written (nothing of it changed)."),
    Code("TRM035", "input-syntax", "An input document cannot be parsed (a broken PO catalog)."),
    Code("TRM036", "cache-damaged", "A cache entry was damaged; it is deleted, so run again."),
    Code("TRM040", "variant-is-common-word", "A variant that is an everyday word of its language."),
    Code("TRM042", "missing-language", "A concept without a term in a language of the glossary."),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}
BY_NAME: dict[str, Code] = {c.name: c for c in _CODES}


def code(name: str) -> str:
    """Return the code for a kebab-case name, e.g. ``code("yaml-syntax") == "TRM001"``."""
    return BY_NAME[name].code
