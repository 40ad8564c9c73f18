"""Glossary patterns: regular expressions compiled the one way the matcher and checks use."""

from __future__ import annotations

import regex

from terms.folding import NO_SPACE_CLASS

# A match never starts or ends inside a word: at each edge, the character outside or the
# character inside is not a word character, or one of them is Chinese, Japanese, Thai, ...
# (scripts written without spaces)
_OPEN_LEFT = rf"(?:(?<!\w)|(?!\w)|(?<={NO_SPACE_CLASS})|(?={NO_SPACE_CLASS}))"
_OPEN_RIGHT = rf"(?:(?!\w)|(?<!\w)|(?<={NO_SPACE_CLASS})|(?={NO_SPACE_CLASS}))"
# A group reference in a replacement template: \1 .. \99, \g<1>, \g<name>
_GROUP_REFERENCE = regex.compile(r"\\(?:g<([^>]*)>|([0-9]{1,2}))|\\.|\\$")


def compile_pattern(source: str, *, case_sensitive: bool = False) -> regex.Pattern[str]:
    """Compile a glossary pattern between word boundaries (raises ``regex.error``).

    Words end at Unicode word boundaries, except in scripts written without spaces, as for
    terms: a Japanese pattern matches inside a Japanese sentence. An edge that is not a word
    character needs no boundary (``‘`` matches in ``Wrong‘``).

    >>> bool(compile_pattern("Al[iy]j?ew").search("Mr Alijew said"))
    True
    >>> bool(compile_pattern("Al[iy]j?ew").search("Alijewski"))
    False
    >>> bool(compile_pattern("(?x) Ali  # a comment").search("Ali"))
    True
    >>> compile_pattern("実行中").search("現在実行中のループ").group()
    '実行中'
    >>> compile_pattern("‘").search("Wrong‘").span()
    (5, 6)
    """
    flags = regex.VERSION1 | (0 if case_sensitive else regex.IGNORECASE)
    # in verbose mode a comment runs to the end of the line: end it before closing the group
    end = "\n" if regex.compile(source, flags).flags & regex.VERBOSE else ""
    return regex.compile(f"{_OPEN_LEFT}(?:{source}{end}){_OPEN_RIGHT}", flags)


def template_problem(source: str, template: str) -> str | None:
    """Return why ``template`` cannot rewrite matches of pattern ``source``, or None.

    A template is the replacement text, with ``\\1`` or ``\\g<1>`` (``\\g<name>``) standing for
    what a group of the pattern matched, and ``\\\\`` for a backslash.

    >>> template_problem(r"\\((.+?)\\)", r"（\\1）") is None
    True
    >>> template_problem(r"ab(c)", r"\\2")
    'the template refers to group 2, but the pattern has 1 group'
    >>> template_problem(r"x", "\\\\")
    'the template ends with a lone backslash'
    """
    compiled = regex.compile(source, regex.VERSION1)
    for match in _GROUP_REFERENCE.finditer(template):
        if match.group() == "\\":
            return "the template ends with a lone backslash"
        name, number = match.group(1), match.group(2)
        if name is None and number is None:
            continue
        ref = name if name is not None else number
        if ref.isdigit():
            if int(ref) > compiled.groups:
                count = f"{compiled.groups} group{'s' if compiled.groups != 1 else ''}"
                return f"the template refers to group {int(ref)}, but the pattern has {count}"
        elif ref not in compiled.groupindex:
            return f"the template refers to group '{ref}', which the pattern does not name"
    return None


def expand(match: regex.Match[str], template: str) -> str:
    """Return the replacement of one match: ``template`` with its group references filled in.

    A group that took no part in the match stands for the empty string.

    >>> expand(compile_pattern(r"angular(js)?").search("an angularJS app"), r"Angular\\1")
    'AngularJS'
    """
    return match.expand(template)
