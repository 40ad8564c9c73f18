"""`terms clean`: the golden seed article, each step, quote styles, modes and config."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest

from terms.changes import apply_changes
from terms.clean import Cleaner, CleanSettings
from terms.clean.base import Context
from terms.clean.boilerplate import boilerplate
from terms.clean.numbers import dates, numbers
from terms.clean.quotes import quote_style, quotes
from terms.clean.unicode import french_spacing, invisible, mojibake, nfc, no_break_spaces
from terms.clean.whitespace import blank_lines, spaces, trailing
from terms.formats import read_as
from terms.model import Termbase

from conftest import FIXTURES, ROOT, SEED, check_golden, run_cli

SCHEMA = json.loads((ROOT / "docs" / "clean.schema.json").read_text(encoding="utf-8"))
EMPTY = Termbase(())


def clean(text: str, lang: str = "en", **settings: object) -> str:
    """Clean plain text without glossaries."""
    return Cleaner(EMPTY, lang, CleanSettings(**settings)).clean_text(text).text  # type: ignore[arg-type]


def apply(step, text: str, lang: str = "en", **settings: object) -> str:  # type: ignore[no-untyped-def]
    """Apply one pass's applied findings to a text."""
    found = step(text, Context(lang, CleanSettings(**settings)))  # type: ignore[arg-type]
    out, position = [], 0
    for f in found:
        if f.applied and f.replacement is not None:
            out += [text[position : f.start], f.replacement]
            position = f.end
    return "".join(out) + text[position:]


# --- the seed article ------------------------------------------------------------------


def test_seed_article_cleaned_is_golden_and_stable(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(SEED.read_bytes())
    proc = run_cli("clean", "--lang", "en", article, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    check_golden("clean/armenia-border-guards.en.txt", proc.stdout)
    cleaned = tmp_path / "cleaned.txt"
    cleaned.write_text(proc.stdout, encoding="utf-8")
    again = run_cli("clean", "--lang", "en", "--check", cleaned, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == ""


def test_seed_article_diff_is_golden(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(SEED.read_bytes())
    proc = run_cli("clean", "--lang", "en", "--diff", "article.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    check_golden("clean/armenia-border-guards.en.diff", proc.stdout)


def test_seed_article_output_is_what_an_editor_wants(tmp_path: Path) -> None:
    proc = run_cli("clean", "--lang", "en", SEED, cwd=tmp_path)
    text = proc.stdout
    for gone in ("Leave a Reply", "See them", "Required fields", "Azerbaijan»", "\n\n\n"):
        assert gone not in text
    assert "Azerbaijan”." in text and "Nagorno-Karabakh" in text
    assert "6,500 deaths" in text and "2,000 troops" in text
    assert text.startswith("Thursday, December 2\n\nArmenian Prime Minister")
    assert text.endswith("on the border with Armenia.”\n")


def test_seed_article_json_records_every_step(tmp_path: Path) -> None:
    proc = run_cli("clean", "--lang", "en", "--format", "json", SEED, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    jsonschema.validate(document, SCHEMA)
    changes = document["files"][0]["changes"]
    steps = {c["step"] for c in changes}
    assert steps == {"whitespace", "quotes", "boilerplate", "terminology"}
    boiler = [c["original"].strip() for c in changes if c["step"] == "boilerplate"]
    assert boiler == [
        "See them",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    original = SEED.read_text(encoding="utf-8")
    for change in changes:
        assert original[change["start"] : change["end"]] == change["original"]


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_seed_markup_versions_are_golden(tmp_path: Path, suffix: str) -> None:
    article = tmp_path / f"article.{suffix}"
    article.write_bytes((FIXTURES / f"armenia-border-guards.en.{suffix}").read_bytes())
    proc = run_cli("clean", "--lang", "en", "--diff", article.name, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    check_golden(f"clean/armenia-border-guards.en.{suffix}.diff", proc.stdout)
    written = run_cli("clean", "--lang", "en", "--write", article.name, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    text = article.read_text(encoding="utf-8")
    assert "Leave a Reply" not in text
    assert "curl https://example.org/api?q=Pashinian" in text  # code is never touched
    if suffix == "html":
        assert '<script>var who = "Pashinian";</script>' in text
    check = run_cli("clean", "--lang", "en", "--check", article.name, cwd=tmp_path)
    assert check.returncode == 0, check.stdout


# --- modes -----------------------------------------------------------------------------


def test_write_keeps_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b'\xef\xbb\xbfHe said "yes".\r\n\r\n\r\n\r\nLeave a Reply\r\n')
    proc = run_cli("clean", "--lang", "en", "--write", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == "\ufeffHe said “yes”.\r\n".encode()
    assert "cleaned a.txt" in proc.stderr


def test_check_reports_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a  b\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("fine\n", encoding="utf-8")
    proc = run_cli("clean", "--check", "a.txt", "b.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == "would clean a.txt (1 change)\n"


def test_steps_can_be_switched_off_on_the_command_line_and_in_config(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('"x"  y\n', encoding="utf-8")
    proc = run_cli("clean", "--no-quotes", "a.txt", cwd=tmp_path)
    assert proc.stdout == '"x" y\n'
    (tmp_path / "terms.toml").write_text("[clean]\nwhitespace = false\n", encoding="utf-8")
    proc = run_cli("clean", "a.txt", cwd=tmp_path)
    assert proc.stdout == "“x”  y\n"
    proc = run_cli("clean", "--whitespace", "a.txt", cwd=tmp_path)
    assert proc.stdout == "“x” y\n"


def test_config_errors_have_positions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "terms.toml").write_text(
        '[clean]\nquotes = "yes"\nsmart = true\napostrophe = "`"\n', encoding="utf-8"
    )
    proc = run_cli("clean", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "terms.toml:2:1: error TRM022" in proc.stderr
    assert "terms.toml:3:1: error TRM021: unknown key 'smart' in [clean]" in proc.stderr
    assert "terms.toml:4:1: error TRM022" in proc.stderr


def test_config_apostrophe_and_extra_boilerplate(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Pashinyan's aides.\n\nRead our Terms\n", encoding="utf-8")
    (tmp_path / "terms.toml").write_text(
        '[clean]\napostrophe = "’"\n[clean.boilerplate-lines]\nen = ["Read our terms"]\n',
        encoding="utf-8",
    )
    proc = run_cli("clean", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Pashinyan’s aides.\n"


def test_unmatched_quote_is_a_warning_and_left(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("He said “no and left.\n", encoding="utf-8")
    proc = run_cli("clean", "a.txt", cwd=tmp_path)
    assert proc.stdout == "He said “no and left.\n"
    assert "a.txt:1:9: warning: quotation mark '“' has no partner; left as is" in proc.stderr


def test_po_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    proc = run_cli("clean", "a.po", cwd=tmp_path)
    assert proc.returncode == 2
    assert "TRM033" in proc.stderr


def test_numbers_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("It killed 6.500 people; 3,5 % more.\n", encoding="utf-8")
    proc = run_cli("clean", "--source-lang", "es", "a.txt", cwd=tmp_path)
    assert proc.stdout == "It killed 6,500 people; 3,5 % more.\n"
    assert "'3,5' may mean 3.5 (written as in 'es'); ambiguous, left as is" in proc.stderr
    plain = run_cli("clean", "a.txt", cwd=tmp_path)
    assert plain.stdout == "It killed 6.500 people; 3,5 % more.\n"
    assert "'6.500' may mean 6,500 (written the other way); ambiguous" in plain.stderr


def test_dates_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Signed on 25/11/2026.\n", encoding="utf-8")
    proc = run_cli("clean", "--source-lang", "es", "--check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr == (
        "a.txt:1:11: warning: date '25/11/2026' has the day first (as in 'es'); "
        "'en' writes 11/25/2026; left as is\n"
    )


# --- each step -------------------------------------------------------------------------


def test_unicode_mojibake_nfc_invisible() -> None:
    assert apply(mojibake, "the countryâ€™s capital, cafÃ©") == "the country’s capital, café"
    assert apply(nfc, "Lachi\u0301n") == "Lach\u00edn"
    assert apply(invisible, "Kara\u200bbaj\u00ad and\x07 Baku\ufeff") == "Karabaj and Baku"
    assert apply(invisible, "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )  # ZWNJ is Persian spelling


def test_unicode_no_break_spaces() -> None:
    assert apply(no_break_spaces, "a\u00a0b 6\u00a0500") == "a b 6\u00a0500"
    assert apply(no_break_spaces, "« oui\u00a0» et\u00a0non\u00a0!", "fr") == (
        "« oui\u00a0» et non\u00a0!"
    )  # French keeps them next to guillemets and before ; : ! ?
    assert apply(no_break_spaces, "«\u00a0 oui \u00a0»", "fr") == "«\u00a0 oui \u00a0»"
    assert apply(no_break_spaces, "« oui\u00a0»", "es") == "« oui »"


def test_unicode_french_spacing() -> None:
    assert apply(french_spacing, "Quoi ? Oui ! Non: 12:30 http://x.fr", "fr") == (
        "Quoi\u202f? Oui\u202f! Non\u00a0: 12:30 http://x.fr"
    )
    assert apply(french_spacing, "Oui \u202f; «\u00a0non\u00a0»!", "fr") == (
        "Oui\u202f; «\u00a0non\u00a0»\u202f!"
    )
    assert apply(french_spacing, "Quoi ?", "en") == "Quoi ?"


def test_unicode_mojibake_glued_to_marks() -> None:
    assert apply(mojibake, '“countryâ€™s"') == '“country’s"'
    assert apply(mojibake, "«â€™»") == "«’»"
    assert apply(mojibake, "LachÃ\u00adn") == "Lachín"  # í: a soft hyphen's byte
    assert apply(mojibake, "é”“ and Âme") == "é”“ and Âme"  # no misread UTF-8 here


def test_boilerplate_whole_lines_only() -> None:
    doc = read_as("text", "a.txt", "Text.\n\nShare this:\n\nWe share this: all.\nSee them\n")
    found = boilerplate(doc, Context("en", CleanSettings()))
    assert [doc.text[f.start : f.end] for f in found] == ["Share this:\n\n", "See them\n"]


def test_boilerplate_of_the_source_language() -> None:
    assert clean("Text.\n\nDeja una respuesta\n", source_lang="es") == "Text.\n"
    assert clean("Text.\n\nDeja una respuesta\n") == "Text.\n\nDeja una respuesta\n"


def test_numbers_step() -> None:
    es = {"source_lang": "es"}
    assert apply(numbers, "6.500 deaths and 2,000 troops", **es) == "6,500 deaths and 2,000 troops"
    assert apply(numbers, "1.234.567 and 6.500,5", **es) == "1,234,567 and 6,500.5"
    assert apply(numbers, "version 1.2.3 on 12.5 km", **es) == "version 1.2.3 on 12.5 km"
    found = numbers("3,5 %", Context("en", CleanSettings(source_lang="es")))
    assert [(f.replacement, f.applied) for f in found] == [("3.5", False)]
    assert apply(numbers, "6,500 muertos", "es", source_lang="en") == "6.500 muertos"
    # without a source language, figures grouped by the target's decimal mark are reported
    found = numbers("6.500, 1.234.567, 6.500,75, 1.5 and 3,5", Context("en", CleanSettings()))
    assert [(f.replacement, f.applied) for f in found] == [
        ("6,500", False),
        ("1,234,567", False),
        ("6,500.75", False),
    ]


def test_dates_are_reported_never_fixed() -> None:
    text = "On 25/11/2026, 05.11.2026, 2026-11-25 and 11/25/2026."
    es = Context("en", CleanSettings(source_lang="es"))
    found = dates(text, es)
    assert [(text[f.start : f.end], f.replacement, f.kind, f.applied) for f in found] == [
        ("25/11/2026", "11/25/2026", "date", False),
        ("05.11.2026", "11.05.2026", "date-ambiguous", False),
    ]  # 11/25/2026 cannot be Spanish, 2026-11-25 is ISO
    alone = dates(text, Context("en", CleanSettings()))  # only what English cannot read
    assert [text[f.start : f.end] for f in alone] == ["25/11/2026"]
    assert dates(text, Context("en-GB", CleanSettings(source_lang="es"))) == []
    assert clean(text, source_lang="es") == text


def test_whitespace_step() -> None:
    en = Context("en", CleanSettings())
    assert apply(spaces, "Baku  said , then .") == "Baku said, then."
    assert apply(spaces, "Quoi ? 3 .5", "fr") == "Quoi ? 3 .5"
    assert [f.kind for f in trailing("a  \nb\t", en)] == ["trailing-space", "trailing-space"]
    doc = read_as("text", "a.txt", "A\n\n\n\nB\n\n\n")
    found = blank_lines(doc, en)
    assert [(f.kind, f.replacement) for f in found] == [
        ("blank-lines", "\n\n"),
        ("end-of-text", "\n"),
    ]


def test_whitespace_in_markdown_keeps_code_and_hard_breaks() -> None:
    text = "Para  one  \nnext.\n\n\n\n```\na  b\n\n\n\nc\n```\n"
    out = Cleaner(EMPTY, "en").clean(read_as("markdown", "a.md", text)).text
    assert out == "Para one  \nnext.\n\n```\na  b\n\n\n\nc\n```\n"


def test_terminology_step_is_normalize(bundled: Termbase) -> None:
    result = Cleaner(bundled, "en").clean_text("Pashinián visited Nagorno Karabaj.\n")
    assert result.text == "Pashinyan visited Nagorno-Karabakh.\n"
    assert {c.step for c in result.changes} == {"terminology"}


def test_records_compose_onto_the_input(bundled: Termbase) -> None:
    text = 'Pashinián  said  "Nagorno\u00a0Karabaj" .\n\n\n\nLeave a Reply\n'
    result = Cleaner(bundled, "en").clean_text(text)
    assert result.text == "Pashinyan said “Nagorno-Karabakh”.\n"
    assert apply_changes(text, result.changes) == result.text


# --- quotation styles ------------------------------------------------------------------

QUOTES_DATA = ROOT / "terms" / "data" / "quotes.json"


def _quotes_script() -> ModuleType:
    """Import scripts/make_quotes_data.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "make_quotes_data", ROOT / "scripts" / "make_quotes_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_quotes_data_is_canonical_cldr() -> None:
    script = _quotes_script()
    text = QUOTES_DATA.read_text(encoding="utf-8")
    data = json.loads(text)
    meta = data.pop("_cldr")
    data.pop("_comment")
    assert meta["package"] in ("cldr-misc-full", "cldr-misc-modern") and meta["cldrVersion"]
    assert text == script.render(meta, data), "run scripts/make_quotes_data.py"
    assert list(data) == sorted(data) and len(data) > 100
    assert all(len(marks) == 4 and all(len(m) == 1 for m in marks) for marks in data.values())
    assert script.minimal(data) == data  # nothing a lookup by dropping subtags would find
    assert "root" not in data and "und" not in data


def test_quote_styles_from_cldr() -> None:
    assert quote_style("en") == ("“", "”", "‘", "’")
    assert quote_style("en-GB") == quote_style("en")
    assert quote_style("de") == ("„", "“", "‚", "‘")
    assert quote_style("fr") == ("«", "»", "«", "»")
    assert quote_style("fr-CH") == ("«", "»", "‹", "›")
    # CLDR's Spanish is “…” ‘…’ (the RAE's Ortografía prefers «…» “…”); pt-PT has guillemets
    assert quote_style("es") == ("“", "”", "‘", "’") == quote_style("es-MX")
    assert quote_style("pt-PT") == ("«", "»", "“", "”") != quote_style("pt")
    assert quote_style("x-unknown") is None


@pytest.mark.skipif(not os.environ.get("TERMS_CLDR_JSON"), reason="set TERMS_CLDR_JSON")
def test_shipped_quotes_data_is_what_the_script_makes() -> None:
    # TERMS_CLDR_JSON: the npm prefix or package folder of cldr-misc-full (see the script)
    built = _quotes_script().build(Path(os.environ["TERMS_CLDR_JSON"]).expanduser())
    assert built == QUOTES_DATA.read_text(encoding="utf-8")


ARTICLE = (
    "The minister said: \"We will ask 'our allies' for help.\" "
    "Then he left.\n\nIt was the country's choice.\n"
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "“We will ask ‘our allies’ for help.”"),
        ("es", "“We will ask ‘our allies’ for help.”"),  # CLDR's Spanish, not the RAE's «…»
        ("de", "„We will ask ‚our allies‘ for help.“"),
        ("fr", "«\u00a0We will ask «\u00a0our allies\u00a0» for help.\u00a0»"),
    ],
)
def test_quote_styles(lang: str, expected: str) -> None:
    out = clean(ARTICLE, lang, steps=frozenset({"quotes"}))
    assert expected in out
    assert "country's choice" in out  # the apostrophe is no quotation mark


def test_spanish_article_quotes(tmp_path: Path) -> None:
    text = (
        "El portavoz dijo que Rusia “sigue ayudando a restablecer el alto el fuego». Fin.\n\n"
        "«Es un ‘error’ de Ereván», dijo Bakú. «No  cambiaremos ,» añadió.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    proc = run_cli("clean", "--lang", "es", "a.txt", cwd=tmp_path)
    assert proc.stdout == (
        "El portavoz dijo que Rusia “sigue ayudando a restablecer el alto el fuego”. Fin.\n\n"
        "“Es un ‘error’ de Ereván”, dijo Bakú. “No cambiaremos,” añadió.\n"
    )


def test_french_article_quotes_and_spaces() -> None:
    text = "Il a dit : «nous partons» . Pourquoi?\n"
    assert clean(text, "fr") == "Il a dit\u00a0: «\u00a0nous partons\u00a0». Pourquoi\u202f?\n"


def test_german_article_quotes() -> None:
    text = "Er sagte: “Wir bleiben.” Dann ging er.\n"
    assert clean(text, "de") == "Er sagte: „Wir bleiben.“ Dann ging er.\n"


def test_quotes_leave_apostrophes_and_primes() -> None:
    en = Context("en", CleanSettings())
    assert quotes("the ministers’ offices, the '90s, 5'11\"", en) == []
    text = "Pashinyan's and Pashinyan’s"
    assert apply(quotes, text) == text
    assert apply(quotes, text, apostrophe="’") == "Pashinyan’s and Pashinyan’s"
    assert apply(quotes, text, apostrophe="'") == "Pashinyan's and Pashinyan's"


def test_unmatched_marks_are_reported_not_fixed() -> None:
    found = quotes("He said “no.\n\nThen it» left.", Context("en", CleanSettings()))
    assert [(f.start, f.kind, f.applied) for f in found] == [
        (8, "unmatched-quote", False),
        (21, "unmatched-quote", False),
    ]


def test_quotes_in_markdown_never_touch_code() -> None:
    text = 'He said "yes" and `"code"` and [a "link"](http://x.am/"q").\n'
    out = Cleaner(EMPTY, "en").clean(read_as("markdown", "a.md", text)).text
    assert out == 'He said “yes” and `"code"` and [a “link”](http://x.am/"q").\n'
