from __future__ import annotations

from collections.abc import Callable

import pytest

from terms import Normalizer, Termbase, apply_changes, load_glossary_text

GLOSSARY = """
version: 1
name: test
concepts:
  pashinyan:
    type: person
    en: {preferred: Pashinyan, deprecated: [Pashinian]}
    es: {preferred: Pashinián, admitted: [Pashinyan]}
    ru: {preferred: {term: Пашинян, endings: [а, у, ом]}}
  kyiv:
    type: place
    en:
      preferred: Kyiv
      superseded: [{term: Kiev, date: 1995-01-01}]
    de: Kiew
  karabakh:
    type: place
    en: {preferred: Karabakh, admitted: [Karabagh]}
  slur:
    type: term
    en:
      preferred: person with a disability
      forbidden: [cripple]
  colour:
    type: term
    en: {preferred: color}
    en-GB: {preferred: colour}
  nagorno-karabakh:
    type: place
    en: Nagorno-Karabakh
    es: Nagorno Karabaj
  aliyev:
    type: person
    en:
      preferred: Aliyev
      patterns: ['Al[iy]j?ew']
  georgia-country:
    type: place
    en: Georgia
    ka: საქართველო
    ru: Грузия
  georgia-state:
    type: place
    de: Georgia
    es: {preferred: Georgia}
"""


def normalize(
    text: str, lang: str = "en", **options: bool
) -> tuple[str, list[tuple[str, str | None]]]:
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    result = Normalizer(termbase, lang, **options).normalize(text)
    return result.text, [(c.original, c.replacement) for c in result.changes]


def test_deprecated_and_foreign_terms_become_preferred() -> None:
    assert normalize("Pashinian and Pashinián and Пашинян")[0] == (
        "Pashinyan and Pashinyan and Pashinyan"
    )


def test_preferred_and_admitted_terms_stay() -> None:
    assert normalize("Pashinyan, Karabagh, Karabakh") == ("Pashinyan, Karabagh, Karabakh", [])
    assert normalize("Pashinyan", "es") == ("Pashinyan", [])  # admitted in Spanish


def test_case_alone_is_not_a_variant_of_an_allowed_term() -> None:
    assert normalize("PASHINYAN and KARABAGH") == ("PASHINYAN and KARABAGH", [])


def test_case_shape_is_carried_to_the_replacement() -> None:
    assert normalize("PASHINIAN")[0] == "PASHINYAN"


def test_accent_variant_of_an_admitted_term_gets_its_own_spelling() -> None:
    assert normalize("Karabágh")[0] == "Karabagh"


def test_superseded_terms_are_rewritten() -> None:
    assert normalize("Kiev and Kiew")[0] == "Kyiv and Kyiv"


def test_forbidden_terms_are_reported_not_rewritten_unless_asked() -> None:
    text, changes = normalize("a cripple")
    assert text == "a cripple"
    assert changes == [("cripple", "person with a disability")]
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    record = Normalizer(termbase, "en").changes("a cripple")[0]
    assert (record.status, record.applied) == ("forbidden", False)
    assert normalize("a cripple", rewrite_forbidden=True)[0] == "a person with a disability"


def test_regional_tag_prefers_its_own_term_and_falls_back() -> None:
    assert normalize("color and Kiev", "en-GB")[0] == "colour and Kyiv"
    assert normalize("colour", "en")[0] == "color"


def test_other_languages_inflections_are_replaced_whole() -> None:
    assert normalize("с Пашиняном", "en")[0] == "с Pashinyan"
    assert normalize("с Пашиняном", "ru") == ("с Пашиняном", [])


def test_line_breaks_inside_a_term_survive() -> None:
    assert normalize("Nagorno\nKarabaj")[0] == "Nagorno-Karabakh"
    assert normalize("de Nagorno-Karabakh", "es")[0] == "de Nagorno Karabaj"


def test_patterns_rewrite_to_the_preferred_term() -> None:
    assert normalize("Alijew and Alyew")[0] == "Aliyev and Aliyev"


def test_ambiguous_matches_are_reported_and_never_applied() -> None:
    # "Georgia" is the country in English but the US state in German and Spanish; Russian
    # lists neither spelling, so in Russian text the match is ambiguous.
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    records = Normalizer(termbase, "ru").changes("Georgia")
    assert [(r.replacement, r.safe, r.applied, r.candidates) for r in records] == [
        (None, False, False, ("georgia-country", "georgia-state"))
    ]


def test_change_records_locate_and_reproduce_the_output() -> None:
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    text = "line one\n  Pashinian and Kiev\n"
    result = Normalizer(termbase, "en").normalize(text)
    first = result.changes[0]
    assert (first.start, first.end, first.line, first.column, first.end_line, first.end_column) == (
        11,
        20,
        2,
        3,
        2,
        12,
    )
    assert (first.concept, first.lang, first.kind, first.status, first.safe) == (
        "pashinyan",
        "en",
        "exact",
        "deprecated",
        True,
    )
    assert apply_changes(text, result.changes) == result.text == "line one\n  Pashinyan and Kyiv\n"


@pytest.mark.parametrize("lang", ["en", "es", "ru", "de", "en-GB"])
def test_normalizing_twice_changes_nothing(lang: str) -> None:
    once = normalize("Pashinian, Pashinián, Пашиняна, Kiev, colour, Nagorno Karabaj", lang)[0]
    assert normalize(once, lang) == (once, [])


def test_inflected_surname_inside_a_full_name_settles_in_one_run(bundled) -> None:  # type: ignore[no-untyped-def]
    from terms import Normalizer

    normalizer = Normalizer(bundled, "en")
    result = normalizer.normalize("Никол Пашиняном and Nikol Pasjinian")
    assert result.text == "Nikol Pashinyan and Nikol Pashinyan"
    assert normalizer.normalize(result.text).text == result.text
    assert [(c.original, c.replacement) for c in result.changes] == [
        ("Никол Пашиняном", "Nikol Pashinyan"),
        ("Pasjinian", "Pashinyan"),
    ]


def test_endings_match_only_in_their_own_script(bundled) -> None:  # type: ignore[no-untyped-def]
    from terms import Normalizer

    assert Normalizer(bundled, "en").normalize("Elizaveta Peskova").text == "Elizaveta Peskova"
    assert Normalizer(bundled, "ru").normalize("Peskova").text == "Peskova"


def test_patterns_carry_the_case_of_the_text() -> None:
    assert normalize("ALIJEW and Alijew")[0] == "ALIYEV and Aliyev"


def test_case_of_sharp_s_words() -> None:
    from terms.casing import case_shape

    assert case_shape("WEIßRUSSLAND") == "upper"


def test_urls_with_apostrophes_are_not_rewritten(bundled) -> None:  # type: ignore[no-untyped-def]
    from terms import Normalizer

    text = "https://fr.wikipedia.org/wiki/Premier_ministre_d'Arménie (Arménie)."
    assert Normalizer(bundled, "en").normalize(text).text == (
        "https://fr.wikipedia.org/wiki/Premier_ministre_d'Arménie (Armenia)."
    )


def test_a_mark_that_closes_a_quotation_stays_after_a_term() -> None:
    # folding drops an apostrophe after a word's last letter (a soft sign), so the match
    # reaches over it; the mark that closes a quotation must survive the rewrite, while a
    # mark with no quotation open is the name's own (Karabagh' is written Karabagh)
    assert normalize("He said ‘Pashinián’. ‘Kiev’ and Karabagh' too")[0] == (
        "He said ‘Pashinyan’. ‘Kyiv’ and Karabagh too"
    )
    assert normalize("He said “we met ‘Pashinián’ there”")[0] == (
        "He said “we met ‘Pashinyan’ there”"
    )
    assert normalize("Karabagh’ and ‘Kiev’")[0] == "Karabagh and ‘Kyiv’"
    assert normalize("Pashinián’s and Pashinian's aides")[0] == (
        "Pashinyan’s and Pashinyan's aides"
    )


def test_line_numbers_with_lone_carriage_returns() -> None:
    termbase = Termbase((load_glossary_text(GLOSSARY),))
    [change] = Normalizer(termbase, "en").changes("one\rtwo Kiev\r")
    assert (change.line, change.column) == (2, 5)


def test_lowercase_common_words_are_not_taken_for_other_languages_names() -> None:
    glossary = """
version: 1
concepts:
  putin:
    type: person
    en: Putin
    fr: Poutine
  kenya:
    type: place
    en: Kenya
    sw: Kenya
"""
    termbase = Termbase((load_glossary_text(glossary),))
    normalizer = Normalizer(termbase, "en")
    assert normalizer.normalize("a plate of poutine").text == "a plate of poutine"
    assert normalizer.normalize("Poutine said").text == "Putin said"
    # a name of the target language in lower case is a miswritten name
    assert normalizer.normalize("flights to kenya").text == "flights to Kenya"


def _normalizing(glossary: str) -> Callable[[str, str], str]:
    """Return a function that normalizes a text into a language with this glossary."""
    termbase = Termbase((load_glossary_text(glossary),))
    return lambda text, lang: Normalizer(termbase, lang).normalize(text).text


SHARED_WORDS = """
version: 1
concepts:
  india: {type: place, en: India, fr: Inde, de: Indien}
  usa: {type: place, en: United States, de: Vereinigte Staaten, da: USA}
  germany: {type: place, en: Germany, de: Deutschland, mn: Герман}
  iran: {type: place, pt: Irã, pt-PT: Irão}
  kyiv: {type: place, en: Kyiv, ru: Киев}
  odesa: {type: place, en: Odesa, ru: Одесса}
  spain: {type: place, en: Spain, es: España}
  moscow: {type: place, en: Moscow, ru: Москва}
  north-korea: {type: place, es: Corea del Norte, gl: Corea do Norte}
  channel-112: {type: organization, en: 112 Ukraine, uk: "112"}
  email: {en: email, fr: courriel}
"""


def test_other_languages_names_that_are_words_of_the_target_language_stay() -> None:
    normalize = _normalizing(SHARED_WORDS)
    # French Indien (an Indian) is German Indien (India); German uses USA as Danish does
    assert normalize("Un Indien et le Premier ministre indien.", "fr") == (
        "Un Indien et le Premier ministre indien."
    )
    assert normalize("Die USA und Indien.", "de") == "Die USA und Indien."
    # in English Indien and Deutschland are other languages' names, and English writes USA
    # a third as often as Danish and Swedish do
    assert normalize("Indien, Deutschland and USA.", "en") == "India, Germany and UNITED STATES."
    # English German (an adjective) spells Mongolian Герман (Germany) in Latin letters
    assert normalize("German troops.", "en") == "German troops."
    # a spelling of the target language's own region; a romanization (Kiev, of Киев)
    assert normalize("O Irão.", "pt") == "O Irã."
    assert normalize("Kiev and Odessa.", "en") == "Kyiv and Odesa."
    # what a translation leaves of English in Spanish, Latin letters in Russian, two words
    assert normalize("La economía de Spain.", "es") == "La economía de España."
    assert normalize("Переговоры в Moscow.", "ru") == "Переговоры в Москва."
    assert normalize("Con Corea do Norte.", "es") == "Con Corea del Norte."
    # no letters, no word to look up (wordfreq counts numbers)
    assert normalize("Call 112 now.", "en") == "Call 112 Ukraine now."
    # a term of another language that the target language borrowed is what terminology fixes
    assert normalize("Un email.", "fr") == "Un courriel."


def test_a_word_of_the_target_script_is_not_taken_for_another_scripts_term() -> None:
    normalize = _normalizing("""
version: 1
concepts:
  china: {type: place, en: China, tg: Хитой, az: Çin, az-Latn: Chin}
  pashinyan: {type: person, en: Pashinyan, tg: Пашинян, hy: Փաշինյան}
""")
    # Tajik Чин (China, in poetry) reads as the Azerbaijani name: not a spelling listed
    assert normalize("Чин ва Хитой.", "tg") == "Чин ва Хитой."
    # the same names in other scripts are still what normalizing fixes
    assert normalize("Çin and Pashinyan.", "tg") == "Хитой and Пашинян."
    assert normalize("Փաշինյան.", "tg") == "Пашинян."
    assert normalize("Пашинян and Чин.", "en") == "Pashinyan and China."


def test_a_region_that_writes_another_script_takes_the_terms_of_that_script() -> None:
    glossary = """
version: 1
concepts:
  usa: {type: place, en: United States, zh: 美国, zh-Hant: 美國, yue: 美國}
"""
    normalize = _normalizing(glossary)
    # Taiwan and Hong Kong write traditional characters, mainland China simplified ones
    assert normalize("美國與美国", "zh-TW") == "美國與美國"
    assert normalize("美國與美国", "zh-HK") == "美國與美國"
    assert normalize("美國與美国", "zh-CN") == "美国與美国"


def test_romanizations_of_cyrillic_terms_match_as_variants() -> None:
    glossary = """
version: 1
concepts:
  pashinyan:
    type: person
    en: Pashinyan
    ru: Пашинян
  moscow:
    type: place
    en: Moscow
    ru: Москва
"""
    termbase = Termbase((load_glossary_text(glossary),))
    result = Normalizer(termbase, "en").normalize("Pashinian, Pašinjan and Pašinân in Moskva")
    assert result.text == "Pashinyan, Pashinyan and Pashinyan in Moscow"
    # Pashinian (ICAO) is a generated romanization; Moskva is found by folding alone
    assert [c.lang for c in result.changes] == ["ru-Latn", "ru-Latn", "ru-Latn", "ru"]


def test_a_romanization_never_takes_another_concepts_form() -> None:
    from terms.romanize import with_romanizations

    glossary = """
version: 1
concepts:
  kreml:
    type: organization
    en: Kremlin
    ru: Кремль
  other:
    type: term
    en: Kreml
"""
    termbase = with_romanizations(Termbase((load_glossary_text(glossary),)))
    kremlin = termbase.concept("kreml")
    assert kremlin is not None
    assert "Kreml" not in {t.text for t in kremlin.terms}


def test_romanizations_of_armenian_georgian_and_azerbaijani_terms() -> None:
    # only native spellings and French ones: the English spellings come from romanizing
    glossary = """
version: 1
concepts:
  yerevan:
    type: place
    hy: Երևան
    fr: Erevan
  tbilisi:
    type: place
    ka: თბილისი
    fr: Tbilissi
  shaki:
    type: place
    az: Şəki
    fr: Chaki
"""
    termbase = Termbase((load_glossary_text(glossary),))
    result = Normalizer(termbase, "fr").normalize("Yerevan, Tbilisi, Shaki")
    assert result.text == "Erevan, Tbilissi, Chaki"
    # Tbilisi is found by folding the Georgian alone; the others need the romanizations
    assert [c.lang for c in result.changes] == ["hy-Latn", "ka", "az-Latn"]
