"""Glossaries built from the CLDR names that babel ships: territories, languages, cities.

One concept per CLDR code: ``territory-am`` (type ``place``), ``language-hy`` (type ``term``),
``city-asia-yerevan`` (type ``place``, from the exemplar cities of time zones). Each locale's
name is the preferred term of that locale's language tag; the English name is the ``en``
preferred term. A regional or script locale (``pt-PT``, ``zh-Hant``) lists only the names that
differ from those of a locale it falls back to in the same run.

babel does not ship CLDR's ``alt`` forms (short ``US``, variant ``Czech Republic``); what
can be derived from a name itself is admitted: the name without a trailing parenthesis
(``Myanmar (Burma)``: ``Myanmar``), and in English ``and`` for ``&`` and ``Saint`` for ``St.``.

Names that would make the glossary ambiguous are dropped, each with a :class:`Lost` note: one
form for two concepts in one language (``刚果（金）`` and ``刚果（布）`` both give ``刚果``; a
language and a territory of the same name), and an admitted form that is another concept's
preferred term. A territory keeps a form that a city or a language also has.

Names with capitals are case-sensitive: ``Того`` (Togo) is not Russian ``того`` ("of that"),
``Reunión`` is not Spanish ``reunión``. A form that folding turns into an everyday word of
another language is left out (Hausa ``Sin``, China: Spanish ``Sin``; Georgian ``ტოგო``:
Russian ``того``), as is an ending that makes one (Finnish ``Italia`` + ``n``: English
``Italian``); wordfreq's lists tell everyday words.

Inflected languages get the glossary-level ``endings`` of :data:`ENDINGS`, endings of names
from each language's grammar (``я>и``: ``Греция``, ``Греции``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import regex

from terms.codes import code as error_code
from terms.errors import Problem, UsageError
from terms.folding import fold
from terms.interchange import ImportResult, Lost
from terms.locales import UnknownLanguageError, canonical_tag, fallback_chain
from terms.model import Concept, Glossary, Status, Term, inflect

KINDS = ("territories", "languages", "cities")
DEFAULT_LOCALES = ("en", "es", "fr", "de", "ru")
_TYPES = {"territories": "place", "languages": "term", "cities": "place"}
_PREFIX = {"territories": "territory", "languages": "language", "cities": "city"}
_PRIORITY = {"territories": 0, "cities": 1, "languages": 2}  # who keeps a shared form
# CLDR territory codes that name no place: groupings, private use, pseudo-locales, unknown
_NOT_PLACES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_NOT_LANGUAGES = frozenset({"und", "mul", "mis", "zxx"})
# Zulu and Xhosa names start with a noun-class prefix and a hyphen (``i-Indonesia``): the name
# without it is the term, since ``i Indonesia`` is also Catalan, Polish or Czech for "and
# Indonesia" (and Russian ``и`` folds to ``i``)
_CLASS_PREFIX = {
    "zu": regex.compile(r"^(?:i|I|kwa)-(?=\p{Lu})"),
    "xh": regex.compile(r"^[EI]-(?=\p{Lu})"),
}
_TRAILING_PARENTHESIS = regex.compile(r"^(.*\w.*?)\s*[(（]([^()（）]+)[)）]$")

# Endings of names in inflected languages, from each language's grammar: plain endings are
# added to the nominative (``Иран``: ``Ирана``), ``x>y`` puts ``y`` in place of a final ``x``
# (``Греция``: ``Греции``). Cases whose stem changes (Polish ``Ameryka``: ``Ameryce``) and
# multi-word names whose first words decline (``Северная Корея``) are not covered.
ENDINGS: dict[str, tuple[str, ...]] = {
    # Russian: masculine -Ø/-й/-ь, feminine -а/-я/-ия (genitive, dative, accusative,
    # instrumental, prepositional)
    "ru": (
        "а", "у", "ом", "е",
        "й>я", "й>ю", "й>ем", "й>е",
        "ь>я", "ь>ю", "ь>ем", "ь>е",
        "а>ы", "а>и", "а>е", "а>у", "а>ой",
        "я>и", "я>ю", "я>ей", "я>е",
    ),
    "uk": (
        "у", "ом", "і", "а",
        "й>ю", "й>ї", "й>єм",
        "а>и", "а>і", "а>у", "а>ою",
        "я>ї", "я>ю", "я>єю",
    ),
    "be": (
        "у", "а", "ам", "е",
        "й>я", "й>ю", "й>ем",
        "а>ы", "а>е", "а>у", "а>ай",
        "я>і", "я>ю", "я>яй",
    ),
    "pl": (
        "u", "ie", "em", "a",
        "a>i", "a>y", "a>ę", "a>ą", "a>ii",
        "ia>ii",
        "y>ach", "y>ami", "y>om", "e>ach", "e>ami",  # plural names: Chiny, Węgry, Indie
    ),
    "cs": (
        "u", "em", "a",
        "o>a", "o>u", "o>em",
        "a>y", "a>e", "a>ě", "a>u", "a>ou",
        "e>i", "e>í",
    ),
    "sk": (
        "u", "om", "a",
        "o>a", "o>u", "o>om",
        "a>y", "a>e", "a>u", "a>ou", "a>i",
    ),
    "sl": (
        "a", "u", "om",
        "a>e", "a>i", "a>o",
    ),
    "hr": ("a", "u", "om", "a>e", "a>i", "a>u", "a>oj", "o>a", "o>u", "o>om"),
    "bs": ("a", "u", "om", "a>e", "a>i", "a>u", "a>oj", "o>a", "o>u", "o>om"),
    "sr-Latn": ("a", "u", "om", "a>e", "a>i", "a>u", "a>oj", "o>a", "o>u", "o>om"),
    "sr": ("а", "у", "ом", "а>е", "а>и", "а>у", "а>ој", "о>а", "о>у", "о>ом"),
    # Baltic: feminine -a/-ija, masculine -as
    "lt": ("a>os", "a>oje", "a>ą", "a>ai", "as>o", "as>e", "as>ą", "as>ui"),
    "lv": ("s", "i", "a>ā", "a>u", "a>ai", "s>ā", "s>u"),
    # Finnic and Hungarian: case suffixes
    "fi": (
        "n", "ssa", "ssä", "sta", "stä", "lla", "llä", "lle", "lta", "ltä", "a", "ä",
        "an", "än", "on", "ön", "in", "iin", "ia", "iä", "issa", "issä", "ista", "istä",
        "ille", "illa", "illä", "ilta", "iltä",
        "kka>kan", "kka>kassa", "kka>kasta", "kka>kalla", "kka>kalle",  # Kreikka: Kreikan
    ),
    "et": ("s", "st", "sse", "l", "lt", "le", "ga", "i", "is", "ist", "isse", "ile", "il"),
    "hu": (
        "ban", "ben", "ba", "be", "ból", "ből", "nak", "nek", "hoz", "hez",
        "tól", "től", "ra", "re", "ról", "ről", "on", "en", "ön", "t", "ot", "et",
        "gal", "gel",  # -val/-vel after g: Görögországgal
        "a>ában", "a>ába", "a>ából", "a>ának", "a>ára", "a>áról", "a>ához", "a>ától", "a>át",
        "a>án", "e>ében", "e>ébe", "e>éből", "e>ének", "e>éhez", "e>étől", "e>ét",
    ),
    # Germanic genitive -s
    "de": ("s",),
    "nl": ("s",),
    "sv": ("s",),
    "da": ("s",),
    "nb": ("s",),
    "nn": ("s",),
    "is": ("s", "i"),
    # Greek genitive -ς; Romanian definite article and genitive
    "el": ("ς",),
    "ro": ("ul", "ului", "a>ei"),
    # Armenian and Georgian case suffixes
    "hy": ("ի", "ում", "ից", "ը", "ն", "ով", "ին"),
    "ka": ("ს", "ის", "ში", "ზე", "ით", "მა", "თან", "იდან", "ისთვის", "ი>ს", "ი>ის", "ი>ში",
           "ი>ზე", "ი>ით", "ი>მა", "ი>თან", "ი>იდან", "ი>ისთვის"),
    # Korean particles
    "ko": ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "과", "와", "도", "로", "으로"),
    # Turkish writes the case suffixes of a name after an apostrophe: Çin'de, Endonezya'nın
    "tr": tuple(
        apostrophe + suffix
        for apostrophe in ("'", "’")
        for suffix in (
            "da", "de", "ta", "te", "dan", "den", "tan", "ten", "daki", "deki", "taki", "teki",
            "nın", "nin", "nun", "nün", "ın", "in", "un", "ün", "a", "e", "ya", "ye",
            "ı", "i", "u", "ü", "yı", "yi", "yu", "yü", "la", "le", "yla", "yle",
        )
    ),
    # Turkic: case suffixes in each vowel harmony
    "az": (
        "da", "də", "dan", "dən", "ın", "in", "un", "ün", "nın", "nin", "nun", "nün",
        "a", "ə", "ya", "yə", "ı", "i", "u", "ü", "nı", "ni", "nu", "nü", "la", "lə",
    ),
    "uz": ("da", "dan", "ning", "ga", "ni", "ka", "qa"),
    "tk": ("da", "de", "dan", "den", "yň", "iň", "nyň", "niň", "a", "e", "ny", "ni"),
    "kk": ("да", "де", "та", "те", "дан", "ден", "тан", "тен", "ның", "нің", "дың", "дің",
           "тың", "тің", "ға", "ге", "қа", "ке", "ны", "ні", "ды", "ді", "ты", "ті"),
    "ky": ("да", "дө", "де", "та", "тө", "те", "дан", "дөн", "ден", "тан", "төн", "тен",
           "нын", "нүн", "нин", "дын", "дүн", "дин", "га", "гө", "ге", "ка", "кө", "ке"),
    "tt": ("да", "дә", "та", "тә", "дан", "дән", "тан", "тән", "ның", "нең", "га", "гә",
           "ка", "кә", "ны", "не"),
    # Basque: case suffixes after a vowel and after a consonant
    "eu": ("n", "ko", "k", "ra", "tik", "rekin", "ren", "ri", "an", "ako", "ek", "era",
           "etik", "ekin", "en", "i"),
}  # fmt: skip


@dataclass
class _Entry:
    """One name of one concept in one language, before collisions are resolved."""

    concept_id: str
    kind: str
    lang: str
    text: str
    status: Status
    locale: str
    code: str = ""


def cldr_glossary(
    kinds: Sequence[str] = ("territories",),
    locales: Sequence[str] = DEFAULT_LOCALES,
    **options: Any,
) -> ImportResult:
    """Build a glossary of CLDR names: one concept per territory, language or city code.

    ``kinds``: any of ``territories``, ``languages``, ``cities``. ``locales``: CLDR locales
    (``en``, ``pt_PT``, ``sr-Latn``); the glossary's languages are their tags. Options:
    ``name`` and ``description`` of the glossary; ``codes``, the codes to keep (default: all);
    ``regions=True`` keeps macro-regions (``150``, Europe) and groupings (``EU``, ``UN``);
    ``endings=False`` leaves out the glossary-level endings of :data:`ENDINGS`;
    ``case_sensitive=False`` leaves terms with capitals case-insensitive (by default ``Того``,
    Togo, is not ``того``, "of that"); ``homographs=False`` keeps the forms that folding makes
    everyday words of other languages (see :class:`_Homographs`), and all endings.

    >>> result = cldr_glossary(locales=("en", "es", "de", "ru"), codes=("AZ",))
    >>> [(t.lang, t.text) for t in result.glossary.concept("territory-az").terms]
    [('en', 'Azerbaijan'), ('es', 'Azerbaiyán'), ('de', 'Aserbaidschan'), ('ru', 'Азербайджан')]
    >>> dict(result.glossary.endings)["ru"][:4]
    ('а', 'у', 'ом', 'е')
    """
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise UsageError(
            Problem(
                error_code("usage"),
                f"unknown CLDR kind {', '.join(map(repr, unknown)) or '(none)'}; "
                f"known: {', '.join(KINDS)}",
            )
        )
    tags = _locale_tags(locales)
    codes = {str(c) for c in options.get("codes") or ()}
    regions = bool(options.get("regions", False))
    entries: list[_Entry] = []
    order: list[tuple[str, str]] = []  # (concept id, kind) in the order of the glossary
    for kind in kinds:
        for code, names in _names(kind, tags, regions).items():
            if codes and code not in codes:
                continue
            concept_id = _concept_id(kind, code)
            order.append((concept_id, kind))
            entries.extend(_entries(concept_id, kind, code, names, tags))
    kept, lost = _resolve(entries)
    homographs = _Homographs(kept) if options.get("homographs", True) else None
    if homographs is not None:
        kept = homographs.drop(kept, lost)
    endings: dict[str, tuple[str, ...]] = {}
    if options.get("endings", True):
        present = {entry.lang for entry in kept}
        endings = {
            lang: ENDINGS[lang] for lang in tags.values() if lang in ENDINGS and lang in present
        }
    case_sensitive = bool(options.get("case_sensitive", True))
    by_concept: dict[str, list[Term]] = defaultdict(list)
    for entry in kept:
        term = Term(
            entry.text,
            entry.lang,
            entry.status,
            entry.concept_id,
            case_sensitive=case_sensitive and any(ch.isupper() for ch in entry.text),
        )
        if homographs is not None and entry.lang in endings:
            term = homographs.prune_endings(term, endings[entry.lang], entry.locale, lost)
        by_concept[entry.concept_id].append(term)
    languages_order = list(tags.values())
    concepts = []
    for concept_id, kind in order:
        terms = by_concept.get(concept_id)
        if not terms:
            lost.append(Lost(f"{concept_id}: no name left in any locale; concept left out"))
            continue
        ordered = sorted(
            terms, key=lambda t: (languages_order.index(t.lang), t.status != Status.PREFERRED)
        )
        concepts.append(
            Concept(
                concept_id,
                type=_TYPES[kind],
                terms=tuple(ordered),
                glossary=str(options.get("name", "cldr")),
            )
        )
    languages = tuple(lang for lang in languages_order if all(c.preferred(lang) for c in concepts))
    glossary = Glossary(
        name=str(options.get("name", "cldr")),
        path=str(options.get("path", "<cldr>")),
        description=str(options.get("description", "")),
        languages=languages,
        concepts=tuple(concepts),
        endings=tuple(endings.items()),
    )
    return ImportResult(glossary, tuple(lost))


def _locale_tags(locales: Iterable[str]) -> dict[str, str]:
    """Return babel's locale id and the language tag of each locale, in the given order."""
    from babel import Locale, UnknownLocaleError

    tags: dict[str, str] = {}
    for locale in locales:
        ident = locale.strip().replace("-", "_")
        try:
            Locale.parse(ident)
            tag = canonical_tag(ident)
        except (UnknownLocaleError, UnknownLanguageError, ValueError) as exc:
            raise UsageError(
                Problem(error_code("usage"), f"unknown CLDR locale {locale!r}: {exc}")
            ) from exc
        if tag not in tags.values():
            tags[ident] = tag
    return tags


def _concept_id(kind: str, code: str) -> str:
    """Return the concept id of a CLDR code (``territory-am``, ``city-asia-yerevan``)."""
    slug = regex.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    return f"{_PREFIX[kind]}-{slug}"


@functools.cache
def _known_locale(ident: str) -> bool:
    """Return True when babel has data for a locale id."""
    from babel import localedata

    return bool(localedata.exists(ident))


@functools.cache
def _locale(ident: str) -> Any:
    """Return babel's Locale for an id."""
    from babel import Locale

    return Locale.parse(ident)


def _codes(kind: str, regions: bool) -> list[str]:
    """Return the CLDR codes of a kind, sorted."""
    english = _locale("en")
    if kind == "territories":
        return sorted(
            str(code)
            for code in english.territories
            if regions or (len(code) == 2 and code.isalpha() and code not in _NOT_PLACES)
        )
    if kind == "languages":
        return sorted(
            str(code)
            for code in english.languages
            if regions or (str(code).isalpha() and code not in _NOT_LANGUAGES)
        )
    from babel.core import get_global

    aliases = get_global("zone_aliases")
    return sorted(
        str(zone)
        for zone in get_global("zone_territories")
        if not zone.startswith("Etc/") and zone not in aliases
    )


def _name(kind: str, ident: str, code: str) -> str:
    """Return one locale's CLDR name for a code ("" when it has none)."""
    locale = _locale(ident)
    if kind == "territories":
        name = locale.territories.get(code)
    elif kind == "languages":
        name = locale.languages.get(code)
    else:
        name = (locale.time_zones.get(code) or {}).get("city")
        if name is None and ident == "en":
            name = code.rsplit("/", 1)[-1].replace("_", " ")
    if not isinstance(name, str) or name == code:
        return ""
    prefix = _CLASS_PREFIX.get(ident)
    return " ".join((prefix.sub("", name) if prefix else name).split())


def _names(kind: str, tags: dict[str, str], regions: bool) -> dict[str, dict[str, str]]:
    """Return, for each code, its name under each language tag.

    A tag that falls back to another tag of the run lists only the names that differ.
    """
    parents = {
        tag: next((t for t in fallback_chain(tag)[1:] if t in tags.values()), None)
        for tag in tags.values()
    }
    out: dict[str, dict[str, str]] = {}
    for code in _codes(kind, regions):
        names: dict[str, str] = {}
        for ident, tag in tags.items():
            name = _name(kind, ident, code)
            if name:
                names[tag] = name
        for tag, parent in parents.items():
            if parent is not None and tag in names and names.get(parent) == names[tag]:
                del names[tag]
        if names:
            out[code] = names
    return out


def _derived(name: str, lang: str) -> list[str]:
    """Return the admitted forms that a CLDR name implies (short of a parenthesis, ``and``)."""
    forms: list[str] = []
    found = _TRAILING_PARENTHESIS.match(name)
    if found:
        forms.append(found.group(1).strip())
    if lang.split("-")[0] == "en":
        for form in [name, *forms]:
            spelled = regex.sub(r"\bSt\. ", "Saint ", form.replace(" & ", " and "))
            if spelled != form:
                forms.append(spelled)
    return [f for f in dict.fromkeys(forms) if f != name and fold(f)]


def _entries(
    concept_id: str, kind: str, code: str, names: dict[str, str], tags: dict[str, str]
) -> list[_Entry]:
    """Return the preferred and admitted names of one concept."""
    locale_of = {tag: ident for ident, tag in tags.items()}
    out = []
    for tag, name in names.items():
        locale = locale_of[tag]
        out.append(_Entry(concept_id, kind, tag, name, Status.PREFERRED, locale, code))
        out.extend(
            _Entry(concept_id, kind, tag, form, Status.ADMITTED, locale, code)
            for form in _derived(name, tag)
        )
    return out


def _resolve(entries: list[_Entry]) -> tuple[list[_Entry], list[Lost]]:
    """Drop the names that would make the glossary ambiguous; say what was dropped."""
    lost: list[Lost] = []
    unique: dict[tuple[str, str, str], _Entry] = {}
    for entry in entries:  # one form once per concept and language
        unique.setdefault((entry.concept_id, entry.lang, entry.text.casefold()), entry)
    groups: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for entry in unique.values():
        groups[(entry.lang, fold(entry.text))].append(entry)
    dropped: set[int] = set()
    dropped_languages: set[tuple[str, str]] = set()
    for (lang, _), group in groups.items():
        owners = {e.concept_id for e in group}
        if len(owners) < 2:
            continue
        winner = _owner(group)
        for entry in group:
            if entry.concept_id == winner:
                continue
            dropped.add(id(entry))
            others = sorted(owners - {entry.concept_id})
            what = "preferred name" if entry.status is Status.PREFERRED else "short form"
            lost.append(
                Lost(
                    f"{entry.concept_id}: {lang} {what} {entry.text!r} left out: "
                    f"{'also' if winner else 'shared with'} {', '.join(others)}"
                    + ("; no name in this language" if entry.status is Status.PREFERRED else ""),
                    f"CLDR {entry.locale}",
                )
            )
            if entry.status is Status.PREFERRED:
                dropped_languages.add((entry.concept_id, lang))
    kept = [
        e
        for e in unique.values()
        if id(e) not in dropped and (e.concept_id, e.lang) not in dropped_languages
    ]
    preferred: dict[str, set[str]] = defaultdict(set)
    for entry in kept:
        if entry.status is Status.PREFERRED:
            preferred[entry.text].add(entry.concept_id)
    final = []
    for entry in kept:
        holders = preferred.get(entry.text, set()) - {entry.concept_id}
        if entry.status is not Status.PREFERRED and holders:
            lost.append(
                Lost(
                    f"{entry.concept_id}: {entry.lang} short form {entry.text!r} left out: "
                    f"the preferred name of {', '.join(sorted(holders))}",
                    f"CLDR {entry.locale}",
                )
            )
            continue
        final.append(entry)
    return final, lost


def _owner(group: list[_Entry]) -> str | None:
    """Return the concept that keeps a form several concepts share, or None when none can."""
    best = min(_PRIORITY[e.kind] for e in group)
    top = {e.concept_id for e in group if _PRIORITY[e.kind] == best}
    if len(top) == 1:
        return top.pop()
    preferring = {
        e.concept_id for e in group if e.concept_id in top and e.status is Status.PREFERRED
    }
    return preferring.pop() if len(preferring) == 1 else None


def glossary_yaml(glossary: Glossary, header: str = "") -> str:
    """Return a glossary as YAML in canonical form, with its glossary-level ``endings``.

    >>> from terms.glossary import load_glossary_text
    >>> g = cldr_glossary(locales=("en", "ru"), codes=("GR",)).glossary
    >>> text = glossary_yaml(g)
    >>> print(text[text.index("endings"):text.index("endings") + 28])
    endings:
      ru: [а, у, ом, е,
    >>> load_glossary_text(text).endings == g.endings
    True
    """
    from terms.glossary.write import dump_glossary

    return dump_glossary(glossary, header)


class _Words(NamedTuple):
    """Folded everyday words of one language, in the three sizes the checks use."""

    sentence: frozenset[str]  # the most frequent: never a name with capitals in another language
    everyday: frozenset[str]  # a form without capitals that is one of these is dropped
    capitalized: frozenset[str]  # English and German: a capitalized word that is no name


_SENTENCE_WORDS = 300
_EVERYDAY_WORDS = 5000
_CAPITALIZED_WORDS = 20000
_CAPITALIZING = frozenset({"en", "de"})
# wordfreq languages whose names CLDR gives under other tags
_WORD_LISTS: dict[str, tuple[str, ...]] = {
    "sh": ("sr-Latn", "hr", "bs"),
    "zh": ("zh", "zh-Hant"),
    "nb": ("nb", "nn"),
}


@functools.cache
def _common_words() -> dict[str, _Words]:
    """Return the folded everyday words of each language written with capitals."""
    from wordfreq import available_languages, top_n_list

    out: dict[str, _Words] = {}
    for lang in sorted(available_languages()):
        size = _CAPITALIZED_WORDS if lang in _CAPITALIZING else _EVERYDAY_WORDS
        words = top_n_list(lang, size)
        cased = sum(1 for word in words[:_EVERYDAY_WORDS] if word.upper() != word)
        if cased < 0.8 * min(len(words), _EVERYDAY_WORDS):
            continue  # a script without capitals: its names cannot be told by case anyway
        folded = [fold(word) for word in words]
        out[lang] = _Words(
            frozenset(folded[:_SENTENCE_WORDS]),
            frozenset(folded[:_EVERYDAY_WORDS]),
            frozenset(folded) if lang in _CAPITALIZING else frozenset(),
        )
    return out


class _Homographs:
    """Finds the forms that folding makes everyday words of a language written with capitals.

    A form with capitals is case-sensitive, so only text with the same capitals matches it: it
    clashes with a word that starts sentences in a language that does not name the concept so
    (Estonian ``Tai``, Thailand: Lithuanian ``Tai``, "that"; Hausa ``Sin``: Spanish ``Sin``),
    and with an English or German word written with a capital that is no name in the glossary
    (Mongolian ``Герман``, Germany: ``German``; Finnish ``Italia`` + ``n``: ``Italian``). A
    form without capitals (Georgian ``ტოგო``) matches lower-case text: it clashes with an
    everyday word of any language written with capitals (Russian ``того``, "of that").
    """

    def __init__(self, entries: list[_Entry]) -> None:
        """Note every concept's names per language, which are no clash for it."""
        self.names: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.forms: dict[tuple[str, str], set[str]] = defaultdict(set)  # names with endings
        # a name of any concept is no everyday word, even if a word list has it (``mexico``)
        self.all_names = {fold(entry.text) for entry in entries}
        self.codes = {entry.concept_id: (entry.kind, entry.code) for entry in entries}
        for entry in entries:
            self.add(entry.concept_id, entry.lang, entry.text)

    def add(self, concept_id: str, lang: str, text: str) -> None:
        """Note a name of a concept in a language, and its forms with the language's endings."""
        where = (concept_id, lang.split("-")[0])
        self.names[where].append(f" {fold(text)} ")
        for ending in ENDINGS.get(lang, ()):
            form = inflect(text, ending)
            if form is not None:
                self.forms[where].add(fold(form))

    def clash(self, text: str, concept_id: str, lang: str) -> list[str]:
        """Return the languages in which a form of a concept's term is an everyday word."""
        key = fold(text)
        capitals = any(ch.isupper() for ch in text)
        out = []
        for other, words in _common_words().items():
            if other == lang.split("-")[0]:
                continue  # the language's own inflected forms and names are meant
            if not capitals:
                if key in words.everyday:
                    out.append(other)
            elif (
                key in words.sentence or (key in words.capitalized and key not in self.all_names)
            ) and not self.named(key, concept_id, _WORD_LISTS.get(other, (other,))):
                out.append(other)
        return out

    def named(self, key: str, concept_id: str, tags: Iterable[str]) -> bool:
        """Return True when a folded form is (in) a name of the concept in one of the tags.

        A language that the glossary leaves out is asked of CLDR, so that what is dropped does
        not depend on the locales chosen.
        """
        for tag in tags:
            if (concept_id, tag) not in self.names:
                kind, code = self.codes.get(concept_id, ("", ""))
                name = _name(kind, tag, code) if kind and _known_locale(tag) else ""
                self.names[(concept_id, tag)] = []
                if name:
                    self.add(concept_id, tag, name)
        return any(
            key in self.forms[(concept_id, tag)]
            or any(f" {key} " in name for name in self.names[(concept_id, tag)])
            for tag in tags
        )

    def drop(self, entries: list[_Entry], lost: list[Lost]) -> list[_Entry]:
        """Return the entries without clashing forms (and languages that lost their preferred)."""
        dropped: set[tuple[str, str]] = set()
        kept = []
        for entry in entries:
            clash = self.clash(entry.text, entry.concept_id, entry.lang)
            if not clash:
                kept.append(entry)
                continue
            lost.append(
                Lost(
                    f"{entry.concept_id}: {entry.lang} {entry.text!r} left out: it folds to "
                    f"{fold(entry.text)!r}, an everyday word in {', '.join(clash)}",
                    f"CLDR {entry.locale}",
                )
            )
            if entry.status is Status.PREFERRED:
                dropped.add((entry.concept_id, entry.lang))
        return [e for e in kept if (e.concept_id, e.lang) not in dropped]

    def prune_endings(
        self, term: Term, endings: tuple[str, ...], locale: str, lost: list[Lost]
    ) -> Term:
        """Give a term the language's endings less those that make an everyday word."""
        bad = []
        for ending in endings:
            form = inflect(term.text, ending)
            if form is not None and self.clash(form, term.concept_id, term.lang):
                bad.append((ending, form))
        if not bad:
            return term
        lost.append(
            Lost(
                f"{term.concept_id}: {term.lang} {term.text!r} takes no "
                + ", ".join(f"{ending!r} ({form})" for ending, form in bad)
                + ": everyday words of other languages",
                f"CLDR {locale}",
            )
        )
        skip = {ending for ending, _ in bad}
        return replace(term, endings=tuple(e for e in endings if e not in skip), own_endings=True)
