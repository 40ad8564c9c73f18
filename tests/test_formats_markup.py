"""The Markdown and HTML adapters: what checks see, where it is, and what writing back changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from terms.formats import MASK, Document, apply_edits, format_for, read_as
from terms.formats.html import read_html
from terms.formats.markdown import read_markdown

from conftest import FIXTURES

FORMATS = FIXTURES / "formats"
Reader = Callable[[str, str], Document]


def fixture(name: str) -> str:
    """Decode a fixture as it is on disk (no newline translation)."""
    return (FORMATS / name).read_bytes().decode("utf-8")


def shown(document: Document) -> list[str]:
    """Return the segments' texts, with ~ for each masked character."""
    return [segment.text.replace(MASK, "~") for segment in document.segments]


def assert_segments_match_source(document: Document) -> None:
    """Every visible character of every segment is the document's character at its offset."""
    for segment in document.segments:
        source = document.text[segment.start : segment.start + len(segment.text)]
        assert len(source) == len(segment.text)
        assert not segment.spans
        for seen, actual in zip(segment.text, source, strict=True):
            assert seen in (MASK, actual)


def replace_visible(document: Document, old: str, new: str) -> str:
    """Replace every visible ``old`` of every segment through Segment.edits and apply_edits."""
    edits = []
    for segment in document.segments:
        for match in regex.finditer(regex.escape(old), segment.text):
            edits += segment.edits(match.start(), match.end(), new)
    return apply_edits(document.text, edits)


def read_md(text: str) -> Document:
    """Read an inline Markdown string."""
    return read_markdown("inline.md", text)


# Markdown ---------------------------------------------------------------------------------------


def test_markdown_sample_visible_texts() -> None:
    document = read_markdown("sample.md", fixture("sample.md"))
    assert document.format == "markdown"
    assert document.lang == "en"
    assert shown(document) == [
        "Nagorno Karabaj and the border guards",
        "Border guards met near ~Karabaj~ on ~~Monday~~, in ~~~~~~~~~~~~~~~~~ and\n"
        "~~~~~~~~~~~~~~~, said the ministry.",
        "Setext Karabaj",
        "Quoted Karabaj line\n~ and Karabaj ~~~~~ ~~~~~more~~~~~",
        "Item on ~Karabaj" + "~" * 46 + "\n  with ~~Karabaj map" + "~" * 19,
        "Item " + "~" * 33 + " and " + "~" * 22 + "Karabaj" + "~" * 7,
        "Escaped \\`Karabaj\\` is text",
        "Name",
        "Place",
        "Karabaj",
        "See ~Karabaj~~~~~~~~~~~~~~ and ~~~~~~~~~~~~~~~~ more.",
        "Ignored paragraph with Karabaj.",
        "Inline comment " + "~" * 44 + " here,\nand Karabaj on the next line.",
    ]
    assert all(segment.lang == "en" for segment in document.segments)
    assert_segments_match_source(document)


def test_markdown_sample_edits_change_only_visible_words() -> None:
    text = fixture("sample.md")
    written = replace_visible(read_markdown("sample.md", text), "Karabaj", "Karabakh")
    assert "Karabakh" not in text
    assert written.replace("Karabakh", "Karabaj") == text  # nothing else moved
    assert written.count("Karabakh") == 13
    for hidden in [
        'title: "Karabaj: `not code`"',
        "`Yerevan-Karabaj`",
        "``a ` Karabaj``",
        '(https://example.org/Karabaj "Karabaj title")',
        "(maps/Karabaj.png)",
        "<https://karabaj.example/Karabaj>",
        '<span class="Karabaj">',
        "| `Karabaj` |",
        "<!-- Karabaj -->",
        '[karabaj-ref]: https://example.org/Karabaj "Karabaj"',
        "echo Karabaj",
        "    indented Karabaj code",
        '<div class="Karabaj">\nKarabaj in an HTML block\n</div>',
        "&amp; &#39;more&#39;",
    ]:
        assert hidden in written


def test_markdown_sample_suppressions() -> None:
    document = read_markdown("sample.md", fixture("sample.md"))
    found = [(s.line, s.first_line, s.last_line, sorted(s.codes)) for s in document.suppressions]
    assert found == [
        (41, 42, 42, ["TRM101"]),  # a comment alone on its line: the next block
        (44, 45, 45, ["TRM1", "TRM2"]),  # ignore-next-line, inline
    ]
    line = document.text.splitlines()[41]
    assert line == "Ignored paragraph with Karabaj."


def test_markdown_crlf_fixture() -> None:
    text = fixture("crlf.md")
    assert text.count("\r\n") == 17  # the fixture really has Windows line ends
    document = read_markdown("crlf.md", text)
    assert document.lang == "hy"  # from TOML front matter
    assert shown(document) == [
        "Karabaj",
        "First Karabaj line\r\nsecond Karabaj line",
        "Quote Karabaj\r\n~ again Karabaj",
    ]
    assert_segments_match_source(document)
    assert [(s.first_line, s.last_line, s.codes) for s in document.suppressions] == [
        (1, 10**9, frozenset({"TRM9"}))
    ]
    written = replace_visible(document, "Karabaj", "Karabakh")
    assert written.count("Karabakh") == 5
    assert written.replace("Karabakh", "Karabaj") == text
    assert 'title = "Karabaj"' in written and "~~~\r\nKarabaj\r\n~~~" in written


@pytest.mark.parametrize("name", ["sample.md", "crlf.md"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_markdown_line_ends_do_not_change_what_is_seen(name: str, newline: str) -> None:
    lf = fixture(name).replace("\r\n", "\n")
    document = read_markdown(name, lf.replace("\n", newline))
    assert_segments_match_source(document)
    expected = [text.replace("\n", newline) for text in shown(read_markdown(name, lf))]
    assert shown(document) == expected
    assert [s.line for s in document.suppressions] == [
        s.line for s in read_markdown(name, lf).suppressions
    ]


@pytest.mark.parametrize(
    "text",
    [
        "```\nKarabaj\n```\n",
        "~~~ python\nKarabaj\n~~~\n",
        "    Karabaj indented\n",
        "<div>\nKarabaj\n</div>\n",
        "<!-- Karabaj -->\n",
        "---\ntitle: Karabaj\n---\n",
        "+++\ntitle = 'Karabaj'\n+++\n",
        "[id]: https://Karabaj 'Karabaj'\n",
        "`Karabaj`\n",
        "<https://Karabaj.am>\n",
        "#\n\n***\n",
    ],
)
def test_markdown_never_shows(text: str) -> None:
    assert read_md(text).segments == []


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("# Karabaj #\n", ["Karabaj"]),
        ("  ## Karabaj\n", ["Karabaj"]),
        ("- # Karabaj\n", ["Karabaj"]),
        ("Karabaj\n---\n", ["Karabaj"]),
        ("a `b` c ``d ` e`` f\n", ["a ~~~ c ~~~~~~~~~ f"]),
        ("\\`a\\` and \\\\`b`\n", ["\\`a\\` and \\\\~~~"]),
        ("`unclosed Karabaj\n", ["`unclosed Karabaj"]),
        ("a `code\nover lines` b\n", ["a ~~~~~\n~~~~~~~~~~~ b"]),
        ("[Karabaj](<u v> 'Karabaj')\n", ["~Karabaj" + "~" * 18]),
        # shortcut and collapsed references: the text is the label, so it is hidden
        ("[Karabaj][]\n\n[karabaj]: /u\n", []),
        ("[Karabaj]\n\n[karabaj]: /u\n", []),
        ("[no link] [x](\n", ["[no link] [x]("]),
        ("![Karabaj `map` *big*](m.png)\n", ["~~Karabaj ~~~~~ ~big~~~~~~~~~"]),
        ("[a ![Karabaj](i.png) b](u)\n", ["~a ~~Karabaj~~~~~~~~ b~~~~"]),
        ("AT&T &amp; &copy; &#39; &#x27; &nosuch;\n", ["AT&T ~~~~~ ~~~~~~ ~~~~~ ~~~~~~ &nosuch;"]),
        ("a <b>Karabaj</b> <br/> c\n", ["a ~~~Karabaj~~~~ ~~~~~ c"]),
        (
            "*Karabaj* **Karabaj** _x_ snake_case 2 * 3\n",
            ["~Karabaj~ ~~Karabaj~~ ~x~ snake_case 2 * 3"],
        ),
        ("> > Karabaj\n> > again\n", ["Karabaj\n~ ~ again"]),
        ("> Karabaj\nlazy line\n", ["Karabaj\nlazy line"]),
        ("1. Karabaj\n   indented\n", ["Karabaj\n   indented"]),
        ("- a\n\n\tKarabaj\n", ["a", "Karabaj"]),  # a tab the parser cuts into
        ("Karabaj  \nhard break\\\nend   \n", ["Karabaj  \nhard break\\\nend"]),
        ("not front matter\n---\ntitle: x\n---\n", ["not front matter", "title: x"]),
        ("---\nunclosed: front matter\n", ["unclosed: front matter"]),
    ],
)
def test_markdown_visible_text(text: str, seen: list[str]) -> None:
    document = read_md(text)
    assert shown(document) == seen
    assert_segments_match_source(document)


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| Karabaj | `x` | a \\| b |", ["Karabaj", "a \\| b"]),
        ("Karabaj | x", ["Karabaj", "x"]),
        ("| | Karabaj |", ["Karabaj"]),
    ],
)
def test_markdown_table_cells(row: str, cells: list[str]) -> None:
    for prefix in ("", "> "):
        text = f"{prefix}| h | h | h |\n{prefix}|---|---|---|\n{prefix}{row}\n"
        document = read_md(text)
        assert shown(document)[3:] == cells
        assert_segments_match_source(document)


@pytest.mark.parametrize(
    "text",
    [
        "a `b` c",
        "``a ` b``",
        "\\`not\\` code",
        "`unclosed",
        "``` a ``` b `",
        "`a\nb` and `c`",
        "[`x`](u) *`y`*",
        "![`alt`](i) [a ![`b`](c)](d)",
        "<span>`x`</span> `<b>`",
        "| `a` | b `c` |\n|---|---|\n| `d` | `` e`f `` |",
    ],
)
def test_markdown_backticks_are_read_as_the_parser_reads_them(text: str) -> None:
    """Visible backticks are the stock parser's literal backticks; its code spans are hidden."""

    def literal(tokens: list[Token]) -> str:
        return "".join(
            (token.content if token.type in ("text", "text_special") else "")
            + literal(token.children or [])
            for token in tokens
        )

    def code(tokens: list[Token]) -> list[str]:
        return [
            found
            for token in tokens
            for found in ([token.content] if token.type == "code_inline" else [])
            + code(token.children or [])
        ]

    stock = MarkdownIt("commonmark").enable("table").parse(text)
    visible = "".join(shown(read_md(text)))
    assert visible.count("`") == literal(stock).count("`")
    for content in code(stock):
        assert content.strip() not in visible.replace("\n", " ")


def test_markdown_edits_keep_markup() -> None:
    text = "> Karabaj and *Karabaj*\r\n> [Karabaj](http://x/Karabaj) &amp; `Karabaj`\r\n"
    written = replace_visible(read_md(text), "Karabaj", "Karabakh")
    assert written == (
        "> Karabakh and *Karabakh*\r\n> [Karabakh](http://x/Karabaj) &amp; `Karabaj`\r\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!-- terms: ignore -->\nKarabaj\nline two\n\nother\n", [(1, 2, 3, [])]),
        ("<!-- terms: ignore[TRM1] -->\n- a\n- b\n", [(1, 2, 3, ["TRM1"])]),
        ("<!--\nterms: ignore[TRM1]\n-->\n# Karabaj\n", [(2, 4, 4, ["TRM1"])]),
        ("<!-- terms: ignore-next-line -->\nKarabaj\nnext\n", [(1, 2, 2, [])]),
        ("Karabaj <!-- terms: ignore[TRM101] -->\nnext\n", [(1, 1, 1, ["TRM101"])]),
        ("a\n\n<!-- terms: ignore -->\n", [(3, 3, 3, [])]),  # nothing after it
        ("<div><!-- terms: ignore --></div>\nKarabaj\n", [(1, 1, 1, [])]),  # not alone
        ("- a\n\n  <!-- terms: ignore -->\n  b\n", [(3, 4, 4, [])]),
        ("x\n\n<!-- terms: ignore-file[TRM2] -->\n", [(3, 1, 10**9, ["TRM2"])]),
        ("`<!-- terms: ignore -->`\n\n```\n<!-- terms: ignore -->\n```\n", []),
    ],
)
def test_markdown_suppressions(text: str, expected: list[tuple[int, int, int, list[str]]]) -> None:
    found = read_md(text).suppressions
    assert [(s.line, s.first_line, s.last_line, sorted(s.codes)) for s in found] == expected


def test_markdown_suppression_columns() -> None:
    [suppression] = read_md("Text <!-- terms: ignore[X] --> more\n").suppressions
    assert (suppression.line, suppression.column) == (1, 11)


@pytest.mark.parametrize(
    ("front", "lang"),
    [
        ("---\nlang: hy\n---\n", "hy"),
        ("---\nlanguage: 'ru-RU'  # comment\n---\n", "ru-RU"),
        ('+++\nlang = "ka"\n+++\n', "ka"),
        ("---\ntitle: x\n...\n", None),
        ("---\nmeta:\n  lang: de\n---\n", None),  # top-level keys only
        ("", None),
    ],
)
def test_markdown_front_matter_lang(front: str, lang: str | None) -> None:
    document = read_md(front + "\nKarabaj\n")
    assert document.lang == lang
    assert shown(document) == ["Karabaj"]
    assert document.segments[0].lang == lang


# HTML -------------------------------------------------------------------------------------------


def test_html_sample_visible_texts() -> None:
    document = read_html("sample.html", fixture("sample.html"))
    assert document.format == "html"
    assert document.lang == "en"
    assert shown(document) == [
        "Karabaj ~~~~~~~ Ղարաբաղ",
        "Nagorno Karabaj",
        "Border guards met near Karabaj ~~~~~ Ղարաբաղ~~~~~~today.",
        "\nSecond line Karabaj",
        "third ",
        " after image.\n",
        "Use ",
        " and ",
        ", ",
        ".\n",
        "Karabaj again",  # translate="yes" inside translate="no"
        "Карабах Karabaj",
        "\nKarabaj ~~~~~~ ~~~~~x~~~~~",
    ]
    assert [segment.lang for segment in document.segments][-3:] == ["en", "ru", "ru"]
    assert_segments_match_source(document)


def test_html_sample_attributes() -> None:
    document = read_html("sample.html", fixture("sample.html"), attributes=True)
    assert_segments_match_source(document)
    texts = shown(document)
    assert texts[1:3] == ["Karabaj title", "Nagorno Karabaj"]
    assert "Karabaj map" in texts
    assert len(texts) == len(shown(read_html("sample.html", fixture("sample.html")))) + 2


def test_html_sample_edits_change_only_visible_words() -> None:
    text = fixture("sample.html")
    written = replace_visible(
        read_html("sample.html", text, attributes=True), "Karabaj", "Karabakh"
    )
    assert written.replace("Karabakh", "Karabaj") == text
    assert written.count("Karabakh") == 9
    for hidden in [
        ".Karabaj { color: red }",
        'var Karabaj = "<p>Karabaj</p>";',
        "<code>Karabaj</code>",
        "<pre>Karabaj <b>bold Karabaj</b></pre>",
        "<textarea>Karabaj</textarea><template><p>Karabaj</p></template>",
        '<p translate="no">Karabaj <b>Karabaj <i',
        '<div class="box notranslate">Karabaj</div>',
        'src="Karabaj.png"',
        "&mdash; Ղարաբաղ",
        "&amp; Ղարաբաղ&nbsp;today",
    ]:
        assert hidden in written


def test_html_sample_suppressions() -> None:
    document = read_html("sample.html", fixture("sample.html"))
    found = [(s.line, s.column, s.first_line, s.last_line, s.codes) for s in document.suppressions]
    assert found == [(10, 6, 10, 10, frozenset({"TRM101"})), (19, 34, 20, 20, frozenset())]


def test_html_crlf_fixture() -> None:
    text = fixture("crlf.html")
    assert text.count("\r\n") == 9
    document = read_html("crlf.html", text, attributes=True)
    assert document.lang == "hy"  # from <body>, <html> has none
    assert shown(document) == ["Ղարաբաղ Karabaj\r\nKarabaj ~~~~~ Co", "Karabaj", "Karabaj"]
    assert_segments_match_source(document)
    assert [(s.line, s.first_line, s.last_line) for s in document.suppressions] == [(5, 5, 6)]
    written = replace_visible(document, "Karabaj", "Karabakh")
    assert written == text.replace("Karabaj", "Karabakh")


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("<p>Karabaj<p>again", ["Karabaj", "again"]),
        ('<p translate="no">no<p>yes', ["yes"]),  # a new <p> closes the old one
        ('<ul><li class="notranslate">no<li>yes</ul>', ["yes"]),
        ("<table><tr><td><code>no<td>still code</table>after", ["after"]),
        ("a<br>b<br/>c<hr>d<img src=x>e", ["a", "b", "c", "d", "e"]),
        ("<div/>self-closing</div>", ["self-closing"]),
        ("</p></b>stray end tags", ["stray end tags"]),
        ("<!DOCTYPE html><?pi x?><![CDATA[cdata]]>text", ["text"]),
        ("<![foo[ section ]]>text", ["text"]),
        ("<!bogus comment>text", ["text"]),
        ("a < b and c > d", ["a < b and c > d"]),
        ("AT&T &amp &copy; &#65 &#x42; &nosuch;", ["AT&T ~~~~ ~~~~~~ ~~~~ ~~~~~~ &nosuch;"]),
        ("<script>if (a < b) { x = '</p>' }</script>t", ["t"]),
        ("<style>p::after { content: '<b>' }</style>t", ["t"]),
        ("<kbd>k</kbd><samp>s</samp><template>t</template>v", ["v"]),
        ("<SPAN TRANSLATE='NO'>n</SPAN><Span>y</Span>", ["y"]),
        ("<p>&nbsp;&#160;</p>  \n  ", []),
        ("", []),
    ],
)
def test_html_visible_text(text: str, seen: list[str]) -> None:
    document = read_html("inline.html", text)
    assert shown(document) == seen
    assert_segments_match_source(document)


@pytest.mark.parametrize(
    "text",
    [
        "<p>unclosed <a",
        "<p>x</p",
        '<div class="a>b',
        "<p>text &amp",
        "<!-- unclosed comment",
        "<![CDATA[ unclosed",
        "<<<>>>&&&;;;",
        "<p =x>y</p>",
        "<a href='x' title>t</a>",
        "\0<p>\0nul\0</p>",
    ],
)
def test_html_malformed_markup_does_not_fail(text: str) -> None:
    for attributes in (False, True):
        for newline in ("\n", "\r\n"):
            document = read_html("bad.html", f"Ղ{newline}{text}{newline}Karabaj", attributes)
            assert_segments_match_source(document)
            assert any("Karabaj" in segment.text for segment in document.segments)


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("<img alt=\"Karabaj &amp; co\" title='t'>", ["Karabaj ~~~~~ co", "t"]),
        ("<img alt=Karabaj>", ["Karabaj"]),
        ('<img ALT="Karabaj" alt="second">', ["Karabaj", "second"]),
        ('<abbr title="">x</abbr>', ["x"]),
        ('<code title="no">x</code><b translate=no title="no">y</b>', []),
        ('<a href="Karabaj" data-title="no" title="Karabaj">x</a>', ["Karabaj", "x"]),
        ('<img\nalt="Karabaj\nmap"/>', ["Karabaj\nmap"]),
    ],
)
def test_html_attribute_segments(text: str, seen: list[str]) -> None:
    document = read_html("inline.html", text, attributes=True)
    assert shown(document) == seen
    assert_segments_match_source(document)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ('<html lang="hy"><body lang="ru">x', "hy"),
        ('<html><body lang="ru">x', "ru"),
        ('<html xml:lang="ka">x', "ka"),
        ('<p lang="de">x', None),
        ("x", None),
    ],
)
def test_html_document_lang(text: str, lang: str | None) -> None:
    assert read_html("inline.html", text).lang == lang


def test_html_segment_lang_is_the_nearest() -> None:
    document = read_html("x.html", '<html lang="en"><p>a<span lang="hy">b</span>c<p lang="ru">d')
    assert [(s.text, s.lang) for s in document.segments] == [
        ("a", "en"),
        ("b", "hy"),
        ("c", "en"),
        ("d", "ru"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>x</p><!-- terms: ignore[TRM1,TRM2] -->", [(1, 1, 1, ["TRM1", "TRM2"])]),
        ("\n<!-- a\nterms: ignore-next-line -->\nx", [(3, 4, 4, [])]),
        ("<!-- terms: ignore-file -->", [(1, 1, 10**9, [])]),
        ("<p title='terms: ignore'>terms: ignore</p>", []),  # only comments hold directives
        ("<script>// <!-- terms: ignore --></script>", []),
    ],
)
def test_html_suppressions(text: str, expected: list[tuple[int, int, int, list[str]]]) -> None:
    found = read_html("x.html", text).suppressions
    assert [(s.line, s.first_line, s.last_line, sorted(s.codes)) for s in found] == expected


# Both -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reader"),
    [("a.md", read_markdown), ("b.markdown", read_markdown), ("c.html", read_html)],
)
def test_registry_reads_with_these_adapters(path: str, reader: Reader) -> None:
    text = "<p>Karabaj</p>\n"
    assert read_as(format_for(path), path, text) == reader(path, text)


@pytest.mark.parametrize(
    ("reader", "name"),
    [(read_markdown, "sample.md"), (read_markdown, "crlf.md"), (read_html, "sample.html")],
)
def test_one_word_replaced_leaves_the_rest_byte_identical(reader: Reader, name: str) -> None:
    text = fixture(name)
    document = reader(name, text)
    for segment in document.segments:
        match = regex.search(r"\p{L}+", segment.text)
        if match is None:
            continue
        edits = segment.edits(match.start(), match.end(), "WORD")
        written = apply_edits(text, edits)
        start = segment.start + match.start()
        assert written == text[:start] + "WORD" + text[segment.start + match.end() :]


# Any input --------------------------------------------------------------------------------------

MARKDOWN_PIECES = [
    *"`\\*_[]()!<>#-+|=\n\t ",
    *["\r\n", "\r", "1. ", "> ", "- ", "    ", "```", "---", "&amp;", "&#39;", "<!--", "-->"],
    *["<b>", "</b>", "<http://x>", "\\|", "|---|", "Karabaj", "Ղարաբաղ", "terms: ignore"],
]
HTML_PIECES = [
    *"<>/=;&'\" \n",
    *["\r\n", "<p>", "</p>", "<br>", "<pre>", "</pre>", "<code>", "<script>", "</script>"],
    *["&amp;", "&copy", "&#", "&#x27;", "<!--", "-->", "<![CDATA[", "]]>", "<!", "<?", "\0"],
    *["title=", "alt=", "translate=no", "class=notranslate", "lang=hy", "<img ", "x", "Ղ"],
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40),
    st.lists(st.sampled_from(HTML_PIECES), max_size=40),
)
def test_any_input_reads_into_segments_that_match_the_source(
    markdown: list[str], markup: list[str]
) -> None:
    assert_segments_match_source(read_md("".join(markdown)))
    for attributes in (False, True):
        assert_segments_match_source(read_html("x.html", "".join(markup), attributes))
