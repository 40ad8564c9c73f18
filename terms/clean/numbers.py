"""The numbers step: figures written with the source language's separators, and dates.

A figure such as ``6.500`` in English text translated from Spanish means six thousand five
hundred, but reads as six and a half. A figure is rewritten only when its reading is
unambiguous: the source language is known, the figure is well formed in the source locale
and its groups there are of exactly three digits, and it is not a well-formed whole number of
the target locale (``2,000 troops`` in English stays). Other figures that read differently
in the two locales are reported, never rewritten. Dates of digits whose day and month stand
as the source language puts them (``25/11/2026`` in English) are reported, never rewritten.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import regex
from babel.dates import get_date_format
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from terms.clean.base import Context, Finding

# digits with inner separators; not part of a longer token (a version 1.2.3.4, a date 1.2.20)
_FIGURE = regex.compile(
    r"(?<![\p{L}\p{N}])(?<!\p{N}[.,\u00a0\u202f'])"
    r"\d+(?:[.,\u00a0\u202f']\d+)+(?![\p{L}\p{N}]|[.,]\d)"
)


def _locale(tag: str) -> str:
    """Return the babel locale name of a BCP 47 tag."""
    return tag.replace("-", "_")


@functools.cache
def _symbols(tag: str) -> tuple[str, str]:
    """Return the group and decimal symbols of a locale."""
    locale = _locale(tag)
    return get_group_symbol(locale), get_decimal_symbol(locale)


def read_figure(figure: str, tag: str) -> Decimal | None:
    """Return the value of ``figure`` as the locale writes numbers, or None when ill-formed.

    >>> read_figure("6.500", "es"), read_figure("6.500", "en"), read_figure("1.234.5", "en")
    (Decimal('6500'), Decimal('6.500'), None)
    """
    try:
        return Decimal(parse_decimal(figure, locale=_locale(tag), strict=True))
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def _grouped_integer(figure: str, tag: str) -> bool:
    """Return True for a whole number whose groups (by the locale) are of three digits."""
    group, decimal = _symbols(tag)
    if decimal in figure or group not in figure:
        return False
    head, *groups = figure.split(group)
    return 1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups)


def numbers(text: str, context: Context) -> list[Finding]:
    """Return the findings on figures written as the source language writes them.

    >>> from terms.clean.base import CleanSettings
    >>> es = Context("en", CleanSettings(source_lang="es"))
    >>> [(f.replacement, f.applied) for f in numbers("6.500 deaths, 2,000 troops, 3,5 %", es)]
    [('6,500', True), ('3.5', False)]
    """
    source = context.settings.source_lang
    target = context.lang
    findings: list[Finding] = []
    for match in _FIGURE.finditer(text):
        figure = match.group()
        if source is None:
            finding = _without_source(figure, target, match.start())
        else:
            finding = _with_source(figure, source, target, match.start())
        if finding is not None:
            findings.append(finding)
    return findings


def _with_source(figure: str, source: str, target: str, start: int) -> Finding | None:
    """Judge a figure when the source language is known."""
    in_source = read_figure(figure, source)
    if in_source is None or _symbols(source) == _symbols(target):
        return None
    in_target = read_figure(figure, target)
    if in_target == in_source:
        return None
    if in_target is not None and _grouped_integer(figure, target):
        return None  # a well-formed whole number of the target: 2,000 troops
    suggestion = format_decimal(in_source, locale=_locale(target), group_separator=True)
    end = start + len(figure)
    group, decimal = _symbols(source)
    if _grouped_integer(figure, source) or (group in figure and decimal in figure):
        return Finding(start, end, suggestion, "number")
    return Finding(start, end, suggestion, "number-ambiguous", applied=False)


def _without_source(figure: str, target: str, start: int) -> Finding | None:
    """Report a figure that looks grouped the other way round (source language unknown).

    That is a figure grouped in threes by the target's decimal mark (``6.500``, ``1.234.567``
    and ``6.500,75`` in English), which reads as something else or not at all in the target.
    """
    group, decimal = _symbols(target)
    if decimal not in ".," or group not in ".,\u00a0\u202f":
        return None
    other = "," if decimal == "." else "."
    swapped = figure.translate({ord(decimal): other, ord(other): decimal})
    head, *groups = figure.split(other)[0].split(decimal)
    grouped = bool(groups) and 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)
    if grouped and read_figure(swapped, target) is not None:
        end = start + len(figure)
        return Finding(start, end, swapped, "number-ambiguous", applied=False)
    return None


# a date of digits: day and month (in some order) and a year, one separator throughout
_DATE = regex.compile(
    r"(?<![\p{L}\p{N}.,/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\p{L}\p{N}]|[/-]\d|\.\d)"
)


@functools.cache
def date_order(tag: str) -> str:
    """Return the order of day, month and year in a locale's short dates (babel's CLDR data).

    >>> date_order("en"), date_order("en-GB"), date_order("es"), date_order("ja")
    ('Mdy', 'dMy', 'dMy', 'yMd')
    """
    pattern = get_date_format("short", locale=_locale(tag)).pattern
    order = ""
    for letter in pattern:
        if letter in "dMy" and letter not in order:
            order += letter
    return order


def dates(text: str, context: Context) -> list[Finding]:
    """Report dates whose day and month stand in another order than the target's (never fixed).

    With the source language known: dates in its order, when that differs from the target's;
    without: dates that can only be read with day and month swapped. The suggestion keeps
    the digits and the separator, in the target's order.

    >>> from terms.clean.base import CleanSettings
    >>> es = Context("en", CleanSettings(source_lang="es"))
    >>> [(f.replacement, f.kind) for f in dates("On 25/11/2026 and 05/11/2026.", es)]
    [('11/25/2026', 'date'), ('11/05/2026', 'date-ambiguous')]
    >>> en = Context("en", CleanSettings())
    >>> [f.replacement for f in dates("On 25/11/2026 and 05/11/2026.", en)]
    ['11/25/2026']
    """
    target = date_order(context.lang)
    if target[-1] != "y" or set(target) != set("dMy"):
        return []  # year-first locales: digit dates in day-month order are read alike
    findings: list[Finding] = []
    source = context.settings.source_lang
    for match in _DATE.finditer(text):
        first, separator, second, year = match.group(1, 2, 3, 4)
        as_target = _day_month(first, second, target)
        swapped = f"{second}{separator}{first}{separator}{year}"
        if source is not None:
            order = date_order(source)
            if order == target or order[-1] != "y" or _day_month(first, second, order) is None:
                continue
            kind = "date" if as_target is None else "date-ambiguous"
        elif as_target is None and _day_month(second, first, target) is not None:
            kind = "date"
        else:
            continue
        findings.append(Finding(match.start(), match.end(), swapped, kind, applied=False))
    return findings


def _day_month(first: str, second: str, order: str) -> tuple[int, int] | None:
    """Return (day, month) for two fields read in a locale's order, or None when impossible."""
    a, b = int(first), int(second)
    day, month = (a, b) if order.index("d") < order.index("M") else (b, a)
    return (day, month) if 1 <= day <= 31 and 1 <= month <= 12 else None


PASSES = (numbers, dates)
