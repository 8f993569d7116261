"""Markdown blocks become messages; translations replace only their inline text."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_core import normalize
from markdown_it.token import Token

from i18n_news.conventions import conventions_for
from i18n_news.markup import (
    _inline_html,
    _simple_inline,
    _typeset,
    extract_blocks,
    extract_body,
    message_text,
    new_parser,
    parse_body,
    render_body,
    render_inline,
)
from i18n_news.typography import typesetter

BODY = """\
First paragraph, written
over two lines.

## A *heading*

- item one
- item two with [a link](https://example.org/)

1. first
2. second

> A quote,
> on two lines.

| Name | Count |
|------|------:|
| Mila | 1,000 |

![Alt text of a photo](photo.jpg)

Line one\\
line two
line three

```
code is not translated
```
""".replace("line two\n", "line two  \n")  # a hard break by two spaces


def test_every_visible_block_is_a_message_with_its_kind_and_line() -> None:
    blocks = extract_blocks(BODY, first_line=10)
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        ("paragraph", "First paragraph, written over two lines.", 10),
        ("heading", "A *heading*", 13),
        ("list item", "item one", 15),
        ("list item", "item two with [a link](https://example.org/)", 16),
        ("list item", "first", 18),
        ("list item", "second", 19),
        ("quote", "A quote, on two lines.", 21),
        ("table header cell", "Name", 24),
        ("table header cell", "Count", 24),
        ("table cell", "Mila", 26),
        ("image alt text", "Alt text of a photo", 28),
        ("paragraph", "Line one\\\nline two\\\nline three", 30),
    ]


def test_soft_breaks_join_but_hard_breaks_stay_visible() -> None:
    assert message_text("a\nb") == "a b"
    assert message_text("a  \nb") == "a\\\nb"
    assert message_text("a\\\nb") == "a\\\nb"
    # An escaped backslash at the end of a line is not a hard break.
    assert message_text("a\\\\\nb") == "a\\\\ b"


def test_translation_replaces_inline_text_and_keeps_structure() -> None:
    translations = {
        "First paragraph, written over two lines.": "Premier paragraphe.",
        "A *heading*": "Un *titre*",
        "item two with [a link](https://example.org/)": "élément deux avec [un lien](https://example.org/fr/)",
        "Alt text of a photo": "Texte de remplacement",
    }
    html = render_body(BODY, translations.get, "en")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.p.get_text() == "Premier paragraphe."
    assert "lang" not in soup.p.attrs
    assert str(soup.h2) == "<h2>Un <em>titre</em></h2>"
    items = soup.find_all("li")
    assert items[0].get("lang") == "en" and items[0].get_text() == "item one"
    assert items[1].a["href"] == "https://example.org/fr/" and "lang" not in items[1].attrs
    assert soup.img["alt"] == "Texte de remplacement" and soup.img["src"] == "photo.jpg"
    assert soup.find("pre").get_text() == "code is not translated\n"
    assert len(soup.find_all("table")) == 1 and len(soup.find_all("ol")) == 1


def test_untranslated_blocks_are_marked_with_the_source_language() -> None:
    soup = BeautifulSoup(render_body(BODY, lambda text: None, "en"), "html.parser")
    assert soup.h2["lang"] == "en"
    cells = soup.find_all(["th", "td"])
    assert [cell.get("lang") for cell in cells] == [
        "en",
        "en",
        "en",
        None,
    ]  # a number has no language
    assert soup.blockquote.p["lang"] == "en"
    assert soup.img["lang"] == "en"


def test_the_language_of_an_untranslated_cell_follows_its_alignment() -> None:
    html = render_body("| Name | Share |\n|:--|--:|\n| Mila | half |\n", lambda text: None, "en-CA")
    assert '<th style="text-align:left" lang="en-CA">Name</th>' in html
    assert '<td style="text-align:right" lang="en-CA">half</td>' in html
    assert render_body("| Name |\n|:--|\n", lambda text: text, "en") == (
        '<table>\n<thead>\n<tr>\n<th style="text-align:left">Name</th>\n</tr>\n</thead>\n</table>\n'
    )


def test_lead_goes_into_the_first_paragraph() -> None:
    lead = '<span class="dateline">MONTRÉAL –</span> '
    soup = BeautifulSoup(render_body(BODY, lambda text: None, "en", lead), "html.parser")
    first = soup.p
    assert first.span["class"] == ["dateline"]
    # The page language's dateline is not marked English; the fallback text is.
    assert "lang" not in first.attrs
    assert first.find("span", lang="en").get_text().startswith("First paragraph")


def test_hard_breaks_render_as_br_in_translations() -> None:
    source = "Line one\\\nline two  \nline three\n"
    translation = {"Line one\\\nline two\\\nline three": "Ligne un\\\nligne deux\\\nligne trois"}
    soup = BeautifulSoup(render_body(source, translation.get, "en"), "html.parser")
    assert len(soup.find_all("br")) == 2


def test_translations_cannot_inject_markup_or_scripts() -> None:
    source = "Hello [world](https://example.org/).\n"
    hostile = {
        "Hello [world](https://example.org/).": (
            "<script>alert(1)</script> <img src=x onerror=alert(1)> "
            "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)"
        )
    }
    html = render_body(source, hostile.get, "en")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert all(
        not a.get("href", "").startswith(("javascript:", "data:")) for a in soup.find_all("a")
    )
    assert "&lt;script&gt;" in html


def test_translation_cannot_change_block_structure() -> None:
    source = "A paragraph.\n"
    translated = {"A paragraph.": "# Not a heading\n\n- not a list"}
    soup = BeautifulSoup(render_body(source, translated.get, "en"), "html.parser")
    assert soup.find("h1") is None and soup.find("ul") is None
    assert len(soup.find_all("p")) == 1


def test_an_image_without_alt_text_is_not_a_message() -> None:
    # An empty message was the catalog's header entry: update refused the template.
    body = "Text.\n\n![](photo.jpg)\n\n![ ](b.png)\n\n![12](c.png)\n"
    assert [b.text for b in extract_blocks(body, 1)] == ["Text."]
    soup = BeautifulSoup(render_body(body, lambda text: None, "en"), "html.parser")
    assert [img.get("lang") for img in soup.find_all("img")] == [None, None, None]


def test_code_addresses_and_entities_alone_are_not_messages() -> None:
    # Every language shows them as they are written: a release whose prose is translated is
    # translated, with nothing marked as English.
    body = (
        "Install it:\n\n`pip install i18n-news`\n\n"
        "| Option | Meaning |\n|---|---|\n| `--jobs` | Parallel work |\n| &mdash; | &nbsp; |\n\n"
        "- `extract`\n- Run `update` after it\n\n<https://example.org/download>\n\n"
        "[`i18n-news`](https://example.org) and <media@mila.quebec>\n"
    )
    texts = [b.text for b in extract_blocks(body, 1)]
    assert texts == [
        "Install it:", "Option", "Meaning", "Parallel work", "Run `update` after it",
        "[`i18n-news`](https://example.org) and <media@mila.quebec>",
    ]  # fmt: skip
    french = dict(zip(texts, ["Installez-le :", "Option", "Sens", "Travail en parallèle",
                              "Lancez `update` ensuite", "[`i18n-news`](https://example.org) et "
                              "<media@mila.quebec>"], strict=True))  # fmt: skip
    html = render_body(body, french.get, "en")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(attrs={"lang": True}) is None
    assert [code.text for code in soup.find_all("code")] == [
        "pip install i18n-news", "--jobs", "extract", "update", "i18n-news",
    ]  # fmt: skip
    assert soup.find("a", href="https://example.org/download").text == (
        "https://example.org/download"
    )
    assert [td.text for td in soup.find_all("td")] == [
        "--jobs",
        "Travail en parallèle",
        "—",
        "\u00a0",
    ]


def test_each_file_a_body_shows_or_links_to_is_found_at_its_own_line() -> None:
    # An error for a file that is not there names the line where it is written.
    body = (
        "A paragraph\nover several lines,\nwith ![a photo](lab.png) here,\n"
        "a [report](report.pdf) below it  \nand [an annex][a] after a hard break.\n\n"
        "| Figure | File |\n|---|---|\n| One | [data](data.csv) |\n\n[a]: annex.pdf\n"
    )
    _, files = extract_body(body, 10)
    assert files == (
        ("lab.png", 12, "image"), ("report.pdf", 13, "link"), ("annex.pdf", 14, "link"),
        ("data.csv", 18, "link"),
    )  # fmt: skip


def test_an_images_title_is_a_message_of_its_own_and_stays_text() -> None:
    body = 'Text.\n\n![The lab](lab.jpg "Opening day,\n  March 2023")\n\n![](x.jpg "R&amp;D lab")\n'
    assert [(b.kind, b.text, b.line) for b in extract_blocks(body, 1)] == [
        ("paragraph", "Text.", 1),
        ("image alt text", "The lab", 3),
        ("image title", "Opening day, March 2023", 3),
        ("image title", "R&D lab", 6),
    ]
    translated = {
        "The lab": "Le labo",
        "Opening day, March 2023": 'Inauguration <script>"x"</script>',
    }
    soup = BeautifulSoup(render_body(body, translated.get, "en"), "html.parser")
    first, second = soup.find_all("img")
    assert first["alt"] == "Le labo" and first["title"] == 'Inauguration <script>"x"</script>'
    assert soup.find("script") is None and "lang" not in first.attrs
    # Untranslated: the source's title, marked (an image without alt text, by its title).
    assert second["title"] == "R&D lab" and second["lang"] == "en"
    # The alt text decides the mark of an image that has one: a title alone is not marked.
    soup = BeautifulSoup(render_body(body, {"The lab": "Le labo"}.get, "en"), "html.parser")
    assert soup.img["title"] == "Opening day,\n  March 2023" and "lang" not in soup.img.attrs
    # A translation that is the message itself shows the source's title as it is.
    identity = BeautifulSoup(
        render_body('![x](a.png "A ")\n', lambda text: text, "en"), "html.parser"
    )
    assert identity.img["title"] == "A "
    # A translated title is typeset as the alt text is, for the page's language.
    french = typesetter(conventions_for("fr_FR"))
    translated = {"The lab": "Le labo", "Opening day, March 2023": "Inauguration : mars 2023"}
    soup = BeautifulSoup(render_body(body, translated.get, "en", typeset=french), "html.parser")
    assert soup.img["title"] == "Inauguration\u00a0: mars 2023"


def test_a_link_definitions_title_is_a_message_where_a_link_uses_it() -> None:
    body = (
        "Read the [report][r] by [AI Sweden][ais].\n\n"
        '[r]: report.pdf "The full\n  report (PDF)"\n'
        "[ais]: https://www.ai.se/ 'AI Sweden\\'s site'\n"
        '[unused]: https://example.org/ "Never shown"\n'
        '[number]: https://example.org/ "2026"\n\n'
        "> Quoted [report][r].\n"
    )
    # In reading order, at the definition's line; a title no link shows is not a message.
    assert [(b.kind, b.text, b.line) for b in extract_blocks(body, 10)] == [
        ("paragraph", "Read the [report][r] by [AI Sweden][ais].", 10),
        ("link title", "The full report (PDF)", 12),
        ("link title", "AI Sweden's site", 14),
        ("quote", "Quoted [report][r].", 18),
    ]
    french = typesetter(conventions_for("fr_FR"))
    translated = {
        "Read the [report][r] by [AI Sweden][ais].": "Lisez le [rapport][r] d’[AI Sweden][ais].",
        "The full report (PDF)": 'Le rapport complet : <script>"x"</script>',
    }
    soup = BeautifulSoup(render_body(body, translated.get, "en", typeset=french), "html.parser")
    report, ais, quoted = soup.find_all("a")
    # Translated (typeset for the page's language), as text: the markup is escaped.
    assert report["title"] == 'Le rapport complet\u00a0: <script>"x"</script>'
    assert soup.find("script") is None
    assert ais["title"] == "AI Sweden's site"  # untranslated: the source's
    # A text left in the source language shows the source's title with it.
    assert quoted["title"] == "The full\nreport (PDF)" and quoted.parent["lang"] == "en"


def test_alt_text_over_two_lines_is_one_message() -> None:
    [block] = extract_blocks("![Researchers\n  at work](lab.jpg)\n", 1)
    assert block.text == "Researchers at work"


def test_an_image_in_an_image_alt_text_keeps_its_entities_and_escapes() -> None:
    body = "![Logo ![R&amp;D \\* lab](r.png)](logo.png)\n"
    [block] = extract_blocks(body, 1)
    soup = BeautifulSoup(render_body(body, lambda text: None, "en"), "html.parser")
    assert soup.img is not None and soup.img["alt"] == "Logo R&D * lab"
    translated = render_body(body, {block.text: "Logo ![R&amp;D](r.png)"}.get, "en")
    soup = BeautifulSoup(translated, "html.parser")
    assert soup.img is not None and soup.img["alt"] == "Logo R&D"


def test_trailing_spaces_are_a_hard_break_only_where_markdown_makes_one() -> None:
    # In a code span or a link title, the spaces are text and the line break a space.
    assert message_text("Run `pip  \ninstall` now") == "Run `pip install` now"
    assert message_text('[a](https://e.org/ "a  \ntitle") b') == '[a](https://e.org/ "a title") b'
    assert message_text("[a  \nlink](https://e.org/)") == "[a\\\nlink](https://e.org/)"
    # A backslash before the spaces is text: it is escaped when the spaces become "\\\n".
    assert message_text("a\\   \nb") == "a\\\\\\\nb"
    assert render_inline(message_text("a\\   \nb")) == "a\\<br />\nb"
    assert message_text("a  \nb `c  \nd`") == "a\\\nb `c d`"
    for source in ("a\\\\  \nb", "*a  \nb*", "[a  \nb](u)"):
        assert render_inline(message_text(source)) == render_inline(source)


def test_characters_commonmark_keeps_stay_in_the_message() -> None:
    # U+0085 and U+001C are white space to Python, not to CommonMark.
    assert message_text("A\x85") == "A\x85"
    assert [b.text for b in extract_blocks("A\x1c\n", 1)] == ["A\x1c"]


def test_a_hard_break_stays_one_where_a_backslash_would_not_be() -> None:
    # As "\\\n", the break would be escaped in what then reads as a link's address.
    source = '[word]( "a  \nb")'
    assert message_text(source) == source
    assert render_inline(message_text(source)) == render_inline(source)


def test_link_references_decide_where_a_hard_break_is() -> None:
    # With [ref] defined, the outer brackets are not a link: the "title" is text, its break hard.
    body = '[ref]: https://e.org/\n\n[[word][ref]](https://e.org/x "a  \nb")\n'
    [block] = extract_blocks(body, 1)
    assert block.text == '[[word][ref]](https://e.org/x "a\\\nb")'
    soup = BeautifulSoup(render_body(body, lambda text: text, "en"), "html.parser")
    assert len(soup.find_all("br")) == 1


# Plain prose is most of a newsroom's text: it skips the inline parser, and must come out
# exactly as the parser would make it, whatever characters it holds.
PROSE = st.lists(
    st.sampled_from([
        "a", "Zé", " ", "1.", ",", ";", ":", "'", '"', "(", ")", "-", "–", "%", "$", "#", "+",
        "=", "@", "^", "{", "}", "|", "/", "\t", "\u00a0", "\n", "\r", "\0", "\\", "`", "~",
        "*", "_", "[", "]", "!", "<", ">", "&", "&amp;", "&#35;", "&copy;", "**b**", "~~s~~",
        "`c`", "[l](https://example.org/)", "![i](p.jpg)", "<https://example.org>", "\\*",
        "  \n", "[fr] ", "[r]", "[r][]", "](", "Note : x", "«Oui»", "ok !", "10:30",
    ]),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(PROSE)
def test_inline_text_renders_as_the_markdown_parser_renders_it(text: str) -> None:
    parser = new_parser()
    assert render_inline(text) == parser.renderInline(text)


@settings(max_examples=400, deadline=None)
@given(PROSE, st.sampled_from(["en", "fr_CA"]))
def test_a_text_of_a_body_renders_as_the_markdown_parser_renders_it(text: str, locale: str) -> None:
    typeset = typesetter(conventions_for(locale))
    parser = new_parser()
    [line] = parser.parseInline(text) or [Token("inline", "", 0)]
    if typeset is not None:
        _typeset([line], typeset)  # the language's typography, on text tokens only
    expected = parser.renderer.renderInline(line.children or [], parser.options, {})
    assert _inline_html(text, typeset) == expected


# Prose with links and emphasis (most messages that are not plain) is read without the
# parser too, when it is simple enough: whenever it is, its tokens are the parser's.
LINKS_AND_EMPHASIS = st.lists(
    st.sampled_from([
        "a", "Zé", "9", " ", ".", ",", "!", "?", ":", "'", '"', "(", ")", "-", "@", "/", "*",
        "**", "***", "_", "`", "\\", "&", "<", "[", "]", "](", "[w]", "[w](", ")", "\u00a0",
        "[our site](https://example.org/a_b?c=1)", "[é](https://exämple.org/ü)", "[x](y)",
        "[x](javascript:alert(1))", "[x](<y>)", "[x](y \"t\")", "[x]()", "**w**", "*w*",
        "**w w**", "*, w*", "** w**", "**w **", "**w.**", "*w*w", "\n", "\t", "%41",
        "[sv] ", "[]", "[w][w]", "[(w)]", "[w]:", "[w] (y)", "[*w*]",
    ]),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(LINKS_AND_EMPHASIS)
def test_simple_links_and_emphasis_read_without_the_parser_are_what_it_reads(
    text: str,
) -> None:
    tokens = _simple_inline(text)
    if tokens is not None:
        [line] = new_parser().parseInline(text)
        assert [t.as_dict() for t in tokens] == [t.as_dict() for t in line.children or []]


@settings(max_examples=1500, deadline=None)
@given(LINKS_AND_EMPHASIS, st.sampled_from(["en", "fr_CA", "sv"]))
def test_simple_links_and_emphasis_render_as_the_parser_renders_them(
    text: str, locale: str
) -> None:
    typeset = typesetter(conventions_for(locale))
    parser = new_parser()
    [line] = parser.parseInline(text) or [Token("inline", "", 0)]
    if typeset is not None:
        _typeset([line], typeset)
    expected = parser.renderer.renderInline(line.children or [], parser.options, {})
    assert _inline_html(text, typeset) == expected
    assert render_inline(text, typeset) == expected


def test_most_messages_with_links_or_emphasis_are_read_without_the_parser() -> None:
    for text in [
        "Read more on [our website](https://example.org/news/) or write to **press@x.org**.",
        "The *new* lab opens in **Montreal** and [Stockholm](https://www.ai.se/en).",
        "About [Mila](https://mila.quebec/en/): **900** researchers, *all* of them.",
        "[fr] Read more on [our website](https://example.org/news/) (**press@x.org**).",
        "The *annual report* [PDF, 2 MB] is on [our site](https://example.org/report.pdf).",
    ]:
        assert _simple_inline(text) is not None, text
    for text in ["a **b*", "[x](javascript:alert(1))", "**a** **b** ***c***", "[x][ref]"]:
        assert _simple_inline(text) is None, text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "Plain text, 5% (in 2026).", "- item", "> quote",
                                  "# Head", "*em* [link][r]", "[r]: https://example.org/",
                                  "| a | b |\n|---|---|\n| 1 | x |", "Line one  "]) | PROSE,
                max_size=8))  # fmt: skip
def test_a_body_parses_as_the_markdown_parser_parses_it(lines: list[str]) -> None:
    body = "\n".join(lines)
    tokens, env = parse_body(body)
    expected_env: dict[str, object] = {}
    expected = new_parser().parse(body, expected_env)
    assert env == expected_env

    # The blocks as markdown-it parses them; the inline texts that may hold an image parsed
    # too (what segments need), the others left for rendering.
    def block(token: Token) -> object:
        return token.as_dict(filter=lambda key, _: key != "children")

    assert [block(t) for t in tokens] == [block(t) for t in expected]
    for token, parsed in zip(tokens, expected, strict=True):
        if token.type == "inline" and "![" in token.content:
            assert [c.as_dict() for c in token.children or []] == [
                c.as_dict() for c in parsed.children or []
            ]
        else:
            assert token.children is None or token.children == []


#: Block structure: tight and loose lists, nested lists and quotes, tables, code.
BLOCKS = st.sampled_from([
    "", "Para", "- a", "- b", "  - nested", "1. one", "2) two", "> quote", "> - in quote",
    ">", "# Head", "Setext", "===", "---", "***", "    code", "```", "~~~ py", "| a | b |",
    "|---|:-:|", "| 1 | x |", "|:--|--:|", "- > quote in item", "  continued", "  ", "\t- tab",
    "[r]: https://example.org/", "![i](p.jpg)", "* [l](https://example.org/)", "<div>",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(BLOCKS | PROSE, max_size=10))
def test_a_body_shown_in_its_own_language_is_what_the_markdown_parser_renders(
    lines: list[str],
) -> None:
    body = "\n".join(lines)
    assert render_body(body, lambda text: text, "en") == new_parser().render(body)


@settings(max_examples=300, deadline=None)
@given(st.lists(BLOCKS | PROSE, max_size=10), st.sampled_from(["\n", "\r\n", "\r"]))
def test_line_ends_and_nul_characters_read_as_markdown_it_reads_them(
    lines: list[str], line_end: str
) -> None:
    body = line_end.join(lines)
    stock = new_parser()
    stock.core.ruler.at("normalize", normalize)  # markdown-it's own rule
    assert new_parser().render(body) == stock.render(body)
    assert new_parser().parse(body) == stock.parse(body)


def test_a_hard_break_after_an_asterisk_keeps_its_meaning_in_the_message() -> None:
    # Written as a backslash, the break would make the "*" open emphasis: spaces are kept.
    body = "![*  \nword*][ref]\n"
    [block] = extract_blocks(body, 1)
    assert block.text == "![*  \nword*][ref]"
    source = render_body(body, lambda text: None, "en").replace(' lang="en"', "")
    translated = render_body(body, lambda text: text.replace("word", "mot"), "en")
    assert translated == source.replace("word", "mot")
    assert "<em>" not in source


def test_a_first_level_heading_of_a_body_is_under_the_pages_title() -> None:
    # The release's title is the page's <h1>: a body's "# …" is a section, as "## …" is.
    soup = BeautifulSoup(
        render_body("# Context\n\nText.\n\n## Details\n", lambda t: None, "en"), "html.parser"
    )
    assert [h.name for h in soup.find_all(["h1", "h2", "h3"])] == ["h2", "h2"]
    assert [b.kind for b in extract_blocks("# Context\n", 1)] == ["heading"]


def test_a_number_with_markup_keeps_its_markup_and_is_written_in_the_pages_language() -> None:
    from functools import partial

    from i18n_news.config import Language
    from i18n_news.render import localize_number

    body = (
        "## **2026**\n\n| Region | Researchers |\n|---|--:|\n| **Total** | **2,050** |\n"
        "| Code | `4,200` |\n| Minus | &#8722;3% |\n| Old | ~~40%~~ 45.5% |\n"
    )
    french = partial(localize_number, source=Language("en", "en"), target=Language("fr", "fr_CA"))
    soup = BeautifulSoup(render_body(body, {"Total": "Total"}.get, "en", "", french), "html.parser")
    assert str(soup.h2) == "<h2><strong>2026</strong></h2>"
    cells = [cell.decode_contents() for cell in soup.find_all("td")][1::2]
    assert cells == [
        "<strong>2\u00a0050</strong>",
        "<code>4,200</code>",  # code as written
        "−3%",  # an entity, read as the character (not a number Babel reads)
        "<s>40\u00a0%</s> 45,5\u00a0%",
    ]


def test_an_untranslated_text_of_a_list_item_holding_more_marks_only_itself() -> None:
    body = (
        "- Parent item\n  - Child item\n- Alone\n\n"
        "1. First part\n   ```\n   code\n   ```\n   Second part\n"
    )
    french = {"Child item": "Élément enfant", "First part": "Première partie"}
    soup = BeautifulSoup(render_body(body, french.get, "en"), "html.parser")
    parent, _, alone, parts = soup.find_all("li")

    # Each text's language is the nearest lang attribute around it, as a screen reader reads.
    def language(text: str) -> str | None:
        found = soup.find(string=lambda s: s is not None and s.strip() == text)
        marked = found.find_parent(attrs={"lang": True})
        return marked["lang"] if marked else None

    assert language("Parent item") == "en" and language("Élément enfant") is None
    assert language("Alone") == "en" and alone.get("lang") == "en"  # the item is its text
    assert language("Première partie") is None and language("Second part") == "en"
    assert not parent.has_attr("lang") and not parts.has_attr("lang")
