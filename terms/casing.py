"""Carry the case shape of matched text over to its replacement."""

from __future__ import annotations


def _cased_letters(text: str) -> list[str]:
    """Return the letters of ``text`` that have case (``ß``, upper-cased as ``SS``, does not)."""
    return [ch for ch in text if ch.lower() != ch.upper() and len(ch.upper()) == 1]


def case_shape(text: str) -> str:
    """Classify the case of ``text``: ``upper``, ``lower``, ``title`` or ``mixed``.

    >>> [case_shape(t) for t in ("PASHINIAN", "pashinian", "Pashinian", "iPhone")]
    ['upper', 'lower', 'title', 'mixed']
    """
    letters = _cased_letters(text)
    if not letters:
        return "mixed"
    if all(ch.isupper() for ch in letters) and len(letters) > 1:
        return "upper"
    if all(ch.islower() for ch in letters):
        return "lower"
    if letters[0].isupper() and all(ch.islower() for ch in letters[1:]):
        return "title"
    return "mixed"


def carry_case(found: str, listed: str, replacement: str) -> str:
    """Return ``replacement`` in the case shape that ``found`` has where it differs from ``listed``.

    ``listed`` is the glossary spelling that ``found`` matched; when the two have the same shape
    the replacement keeps the glossary's own case.

    >>> carry_case("PASHINIAN", "Pashinian", "Pashinyan")
    'PASHINYAN'
    >>> carry_case("Pashinian", "Pashinian", "Pashinyan")
    'Pashinyan'
    >>> carry_case("E-mail", "e-mail", "email")
    'Email'
    """
    shape = case_shape(found)
    if shape == case_shape(listed) or shape == "mixed":
        return replacement
    if shape == "upper":
        return replacement.upper()
    if shape == "lower":
        return replacement.lower()
    for i, ch in enumerate(replacement):
        if ch.lower() != ch.upper():
            return replacement[:i] + ch.upper() + replacement[i + 1 :]
    return replacement
