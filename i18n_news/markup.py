"""Markdown as i18n-news reads it: CommonMark with GFM tables, raw HTML off.

The same parser serves extraction and rendering. A release is parsed once in the source
language; to render a translation, the structure (blocks, lists, tables) comes from the
source and only the inline text of each block is replaced by its translation, so a
translator can change words and inline markup but never the page's structure.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast
from urllib.parse import urljoin

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, newline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .model import Block

SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_LETTER = re.compile(r"[^\W\d_]")


def _validate_link(url: str) -> bool:
    """Allow http(s) and mailto links and relative URLs; nothing that can run code."""
    url = url.strip().lower()
    if _SCHEME.match(url):
        return url.startswith(SAFE_SCHEMES)
    return True


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer, keeping entities and escapes in an image's ``alt``.

    markdown-it joins them into the text around them, except in an image inside another
    image's alt text, whose ``alt`` then lacked them (``![a ![&amp;](x)](y)`` gave "a ").
    """

    def renderInlineAsText(
        self, tokens: Sequence[Token] | None, options: OptionsDict, env: EnvType
    ) -> str:
        texts = [t.copy(type="text") if t.type == "text_special" else t for t in tokens or []]
        return str(super().renderInlineAsText(texts, options, env))


def _normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` rule (every line end made a line feed, NUL made U+FFFD),
    without its regular expressions' cost for text that has neither, as nearly all text is."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


def new_parser() -> MarkdownIt:
    """Return the Markdown parser used for releases and their translations."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}, renderer_cls=_Renderer)
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.after("block", "sections", _sections)
    return md


def _sections(state: StateCore) -> None:
    """A first-level heading of a body (``# …``) is a section's, as ``## …`` is: the
    release's title is its page's only ``<h1>``."""
    for token in state.tokens:
        if token.tag == "h1":  # heading_open and heading_close
            token.tag = "h2"


_PARSER = new_parser()
_HTML = cast(_Renderer, _PARSER.renderer)
#: The same parser without the inline pass: the blocks of a body, whose inline text
#: ``render_body`` parses itself (the source's or a translation's), each text once.
_BLOCK_PARSER = new_parser()
_BLOCK_PARSER.core.ruler.disable("inline")


@dataclass
class Segment:
    """A translatable inline token of a parsed body, with what it is and where."""

    block: Block
    inline: Token
    #: The token whose element carries the block's ``lang`` attribute.
    element: Token
    #: The image whose alt text (or title) is the message, for a paragraph that is only an
    #: image.
    image: Token | None = None
    #: Whether the message is the image's title, not its alt text.
    title: bool = False


def message_text(content: str, env: dict[str, Any] | None = None) -> str:
    """Turn a block's inline source into its message: soft line breaks become spaces.

    Hard line breaks (two trailing spaces or a backslash) are kept, written as a backslash
    and a newline so that translators can see them. Trailing spaces in a code span or a
    link title are not a hard break: that line break becomes a space too. ``env`` is the
    body's (its link reference definitions decide what is a link).
    """
    if "  \n" not in content:
        return _join_lines(content, frozenset(), visible=True)
    if env and env.get("references"):
        return _message_text(content, env)
    return _cached_message_text(content)


def _message_text(content: str, env: dict[str, Any]) -> str:
    hard = _space_breaks(content, env)
    text = _join_lines(content, hard, visible=True)
    if hard and _markup(text, env) != _markup(content, env):
        # A backslash would not read as the spaces did there (it would escape the line
        # break in what became a link's address, or make a "*" before it open emphasis):
        # the message keeps the trailing spaces.
        text = _join_lines(content, hard, visible=False)
    return text


@lru_cache(maxsize=4096)
def _cached_message_text(content: str) -> str:
    return _message_text(content, {})


def _join_lines(content: str, hard: frozenset[int], visible: bool) -> str:
    """Join the lines of ``content``; those in ``hard`` end in a hard break by spaces,
    written as a backslash if ``visible``, else left as they are."""
    lines = content.split("\n")
    text = lines[0]
    for index, line in enumerate(lines[1:]):
        if _odd_backslashes(text) or (index in hard and not visible):
            text += "\n" + line
        elif index in hard:
            text = text.rstrip(" ")
            if _odd_backslashes(text):
                text += "\\"  # the backslash was followed by spaces: text, and stays so
            text += "\\\n" + line.lstrip(" ")
        else:
            text = text.rstrip(" ") + " " + line.lstrip(" ")
    # Only spaces and tabs: U+0085 or U+001C are text to CommonMark, not whitespace.
    return text.strip(" \t")


def _markup(text: str, env: dict[str, Any]) -> list[str]:
    """The kinds of inline markup in ``text``, hard breaks included, in order."""

    def kinds(tokens: list[Token]) -> list[str]:
        found = []
        for token in tokens:
            if token.type not in ("text", "softbreak"):
                found.append(token.type)
            found += kinds(token.children or [])
        return found

    return kinds(_parse_inline(text, dict(env)))


def _odd_backslashes(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _record_hard_breaks(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``newline`` rule, noting where a line ends in a hard break by spaces."""
    position, count = state.pos, len(state.tokens)
    if not newline(state, silent):
        return False
    if not silent and len(state.tokens) > count and state.tokens[-1].type == "hardbreak":
        state.env.setdefault("hard breaks", []).append((state.src, position))
    return True


#: A parser that notes the hard breaks of the inline text it parses (see ``_space_breaks``).
_BREAKS_PARSER = new_parser()
_BREAKS_PARSER.inline.ruler.at("newline", _record_hard_breaks)


def _space_breaks(content: str, env: dict[str, Any]) -> frozenset[int]:
    """The lines of inline ``content`` whose ending is a hard break made by trailing spaces.

    Only markdown-it knows: trailing spaces in a code span or in a link's title are text.
    """
    env = dict(env)
    _BREAKS_PARSER.parseInline(content, env)
    # Breaks in an image's alt text are in another text (the alt text, parsed on its own).
    return frozenset(
        content.count("\n", 0, position)
        for source, position in env.get("hard breaks", [])
        if source == content
    )


def parse_body(body: str) -> tuple[list[Token], dict[str, Any]]:
    """Parse a release body; return its tokens and the environment (link references).

    Only the inline texts that may hold an image are parsed (what :func:`segments` and a
    layout need of them: an image's alt text is a message of its own); the others are
    parsed when they are rendered, once per text (see ``_inline_html``).
    """
    env: dict[str, Any] = {}
    tokens = _BLOCK_PARSER.parse(body, env)
    references = env.get("references")
    for token in tokens:
        if token.type == "inline" and "![" in token.content:
            token.children = _inline_children(token.content, env, references)
    return tokens, env


def segments(
    tokens: list[Token], first_line: int, env: dict[str, Any] | None = None
) -> Iterator[Segment]:
    """Yield each translatable piece of text in reading order; lines count from ``first_line``."""
    stack: list[Token] = []
    for token in tokens:
        if token.nesting == 1:
            stack.append(token)
        elif token.nesting == -1:
            stack.pop()
        if token.type != "inline" or not has_words(token.content, env):
            # Nothing to translate: a number, a date, a symbol, code, an address.
            continue
        parent = stack[-1]
        line = first_line + (token.map[0] if token.map else (parent.map or [0])[0])
        kinds = [t.type for t in stack]
        element = parent
        if parent.type in ("th_open", "td_open"):
            kind = "table header cell" if parent.type == "th_open" else "table cell"
        elif parent.type == "heading_open":
            kind = "heading"
        elif "list_item_open" in kinds:
            kind = "list item"
            if parent.hidden:
                element = next(t for t in reversed(stack) if t.type == "list_item_open")
        elif "blockquote_open" in kinds:
            kind = "quote"
        else:
            kind = "paragraph"
        children = [
            c for c in token.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if kind == "paragraph" and len(children) == 1 and children[0].type == "image":
            image = children[0]
            alt = message_text(image.content, env)
            if _LETTER.search(alt):  # an image without alt text has nothing to translate
                yield Segment(Block("image alt text", alt, line), token, element, image)
            title = _image_title(image)
            if _LETTER.search(title):  # shown as a tooltip: ``![alt](photo.jpg "Title")``
                yield Segment(Block("image title", title, line), token, element, image, True)
            continue
        yield Segment(Block(kind, message_text(token.content, env), line), token, element)


#: A line break in an image's title, with the spaces around it.
_TITLE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _image_title(image: Token) -> str:
    """The title of an image, as its message: its lines joined by a space (as a paragraph's
    are), without spaces at its ends."""
    return _TITLE_BREAK.sub(" ", str(image.attrGet("title") or "")).strip(" \t")


def extract_blocks(body: str, first_line: int) -> list[Block]:
    """Return the translatable blocks of a release body (and keep its layout for a while:
    a body is often rendered soon after it is read)."""
    return extract_body(body, first_line)[0]


def extract_body(body: str, first_line: int) -> tuple[list[Block], tuple[LocalFile, ...]]:
    """The translatable blocks of a release body (see :func:`extract_blocks`), and the files
    of the newsroom it shows or links to (see :func:`local_files`)."""
    tokens, env = parse_body(body)
    found = list(segments(tokens, first_line, env))
    layout = _remember(body, BodyLayout(tokens, env, found))
    blocks = [segment.block for segment in found]
    if layout.link_titles:  # in reading order, by line
        titles = (
            Block("link title", text, first_line + line) for text, _, line in layout.link_titles
        )
        blocks = list(heapq.merge(blocks, titles, key=_line_of))
    return blocks, local_files(tokens, first_line, env)


def _line_of(block: Block) -> int:
    return block.line


def link_titles(tokens: list[Token], env: dict[str, Any]) -> list[tuple[str, str, int]]:
    """The title of each link reference definition of a parsed body (``[ais]:
    https://www.ai.se/ "AI Sweden's site"``) that a link or an image uses, and so shows when
    the pointer rests on it: as a message (its lines joined, as an image title's are), with
    the definition's label and line (0-based)."""
    titled: dict[str, tuple[str, str]] = {}
    for label, reference in (env.get("references") or {}).items():
        title = _TITLE_BREAK.sub(" ", str(reference.get("title") or "")).strip(" \t")
        if _LETTER.search(title):
            titled[f"\0{len(titled)}"] = (label, title)
    if not titled:
        return []
    # Which definitions are used: parsed with a mark for a title, each link shows its own.
    marked = {label: {"href": "", "title": mark} for mark, (label, _) in titled.items()}
    marked_env = {**env, "references": {**env["references"], **marked}}
    used: set[str] = set()
    for token in tokens:
        if token.type == "inline" and "[" in token.content:
            used.update(_titles(_parse_inline(token.content, marked_env)))
    return [
        (title, label, env["references"][label]["map"][0])
        for mark, (label, title) in titled.items()
        if mark in used
    ]


def _titles(tokens: Sequence[Token]) -> Iterator[str]:
    """The titles of the links and images among inline ``tokens`` (not of those in an
    image's alt text, which is shown as text)."""
    for token in tokens:
        if token.type in ("link_open", "image"):
            yield str(token.attrGet("title") or "")


#: A file a release's body shows (an image) or links to: its address as written, its line,
#: and which of the two it is ("image" or "link").
LocalFile = tuple[str, int, str]


def local_files(tokens: list[Token], first_line: int, env: dict[str, Any]) -> tuple[LocalFile, ...]:
    """The files of the newsroom a parsed body (:func:`parse_body`, and its ``env``) shows
    or links to, each once: the source of each image that is a relative URL (no scheme, not
    from the site's root), and the target of each link to a file beside the release
    (:func:`is_file_link`), as written (percent-encoded), with its line."""
    references = env.get("references") or {}
    # The inline texts not parsed yet may link to a file with a relative target, or through
    # a definition of one.
    by_reference = any(
        is_file_link(str(definition.get("href", ""))) for definition in references.values()
    )
    found: dict[str, LocalFile] = {}
    for token in tokens:
        if token.type != "inline":
            continue
        children = token.children
        if not children and (
            _RELATIVE_TARGET.search(token.content) or (by_reference and "[" in token.content)
        ):
            children = _inline_children(token.content, env, references)
        line = first_line + (token.map or [0])[0]
        for child in children or ():
            if child.type in ("softbreak", "hardbreak"):  # the text's next line
                line += 1
            elif child.type == "image":
                source = str(child.attrGet("src") or "")
                if _is_relative(source):
                    found.setdefault(source, (source, line, "image"))
            elif child.type == "link_open":
                target = str(child.attrGet("href") or "")
                if is_file_link(target):
                    found.setdefault(target, (target, line, "link"))
    return tuple(found.values())


def line_files(text: str, line: int) -> tuple[LocalFile, ...]:
    """The files of the newsroom a line of inline Markdown (a title, a summary, on its
    ``line``) shows or links to, as :func:`local_files` finds a body's."""
    if "![" not in text and not _RELATIVE_TARGET.search(text):
        return ()
    token = _inline(_parse_inline(text, {}))
    token.map = [0, 1]
    return local_files([token], line, {})


#: A link whose target has no scheme and is not from the site's root (``](report.pdf)``).
_RELATIVE_TARGET = re.compile(r"\]\(\s*+<?+(?![a-zA-Z][a-zA-Z0-9+.\-]*:|[/#?])")


def _is_relative(address: str) -> bool:
    """Whether a link's or an image's ``address`` is relative to its page: no scheme, not
    from the site's root, not a fragment or query of the page itself."""
    return bool(address) and not _SCHEME.match(address) and not address.startswith(("/", "#", "?"))


def is_file_link(target: str) -> bool:
    """Whether a link's ``target`` is a file beside the release or below it (``report.pdf``,
    ``files/report.pdf``): a relative URL whose last part has an extension, not leading out
    of the release's folder; not another page (``../older/``, ``contact``) nor an address."""
    if not _is_relative(target):
        return False
    path = target.split("#", 1)[0].split("?", 1)[0]
    parts = path.split("/")
    return "." in parts[-1].strip(".") and ".." not in parts and parts[-1] != "index.html"


def language_marks(lang: str, direction: str | None = None) -> str:
    """The attributes of an element whose text is in ``lang``, not its page's language:
    ``lang``, and ``dir`` where the text's direction is not the page's."""
    return f' lang="{escapeHtml(lang)}"' + (f' dir="{direction}"' if direction else "")


def render_body(
    body: str,
    translate: Callable[[str], str | None],
    fallback_lang: str,
    lead_html: str = "",
    localize_number: Callable[[str], str] | None = None,
    typeset: Callable[[str], str] | None = None,
    layout: BodyLayout | None = None,
    fallback_dir: str | None = None,
) -> str:
    """Render a body to HTML, each block's text replaced by ``translate(text)``.

    Where ``translate`` returns ``None`` the source text is kept and its element is marked
    ``lang=fallback_lang`` (and ``dir=fallback_dir``, where the page's direction is not
    the source's). ``lead_html`` (already escaped, e.g. the dateline) is put at the
    start of the first paragraph. Blocks that are only a number (table cells, mostly) are
    not messages: ``localize_number`` writes them in the page's number format. ``typeset``
    applies the language's typography to text (never to code, URLs or attributes).
    ``layout`` is the body's :func:`body_layout`, if the caller has it.
    """
    layout = layout or body_layout(body)
    env = source_env = dict(layout.env)
    if layout.link_titles:
        env = dict(env)
        env["references"] = _translated_titles(env["references"], layout, translate, typeset)
    references = env.get("references")

    def html(
        text: str, typeset: Callable[[str], str] | None = typeset, translated: bool = True
    ) -> str:
        """The HTML of inline Markdown ``text``, typeset (a text seen before, from memory);
        its links' titles translated unless the text is not."""
        if not references:
            return _inline_html(text, typeset)
        text_env = env if translated else source_env
        children = _parse_inline(text, text_env)
        if typeset is not None:
            _typeset([_inline(children)], typeset)
        return str(_HTML.renderInline(children, _PARSER.options, text_env))

    shown: dict[int, str] = {}
    if localize_number is not None:
        for index in layout.numbers:
            content = layout.inlines[index]
            if _is_plain(content, env):
                number = localize_number(content.strip())
                shown[index] = escapeHtml(typeset(number) if typeset else number)
            else:  # with markup ("**2,050**"): its text's numbers written, its code as it is
                shown[index] = _numbers_html(content, env, localize_number, typeset)
    marked: set[int] = set()
    images: dict[int, _ImageTexts] = {}
    lead_pending = bool(lead_html)
    for segment in layout.segments:
        translation = translate(segment.text)
        source = layout.inlines[segment.inline]
        # A translation that is the message itself shows the source as it is: the message
        # writes hard line breaks its own way, which could read differently next to markup.
        changed = translation is not None and translation != segment.text
        # Text left in the source language keeps its own typography, not the page's.
        typography = typeset if translation is not None else None
        if segment.image is not None:
            texts = images.setdefault(segment.inline, _ImageTexts(segment.image))
            if segment.title:
                if changed and translation is not None:  # else the source's, as it is
                    # Typeset as the alt text is (the page's typography, for its language).
                    texts.title = typography(translation) if typography else translation
                texts.marked = texts.marked if texts.has_alt else translation is None
            else:
                texts.alt = translation if changed else None
                texts.has_alt, texts.marked, texts.typeset = True, translation is None, typography
            continue
        inner = html(
            translation if changed and translation is not None else source,
            typography, translated=translation is not None,
        )  # fmt: skip
        if lead_pending and segment.kind == "paragraph":
            lead_pending = False
            if translation is None:
                inner = f"<span{language_marks(fallback_lang, fallback_dir)}>{inner}</span>"
            inner = lead_html + inner
        elif translation is None and (
            segment.inline in layout.in_span
            # A list item of another direction than its list's would put its marker on its
            # own side, off the page's: its text is marked, the item keeps the list's.
            or (fallback_dir is not None and layout.tags[segment.element].startswith("<li"))
        ):
            inner = f"<span{language_marks(fallback_lang, fallback_dir)}>{inner}</span>"
        elif translation is None:
            marked.add(segment.element)
        shown[segment.inline] = inner
    for inline, texts in images.items():
        shown[inline] = _image_html(
            layout.inlines[inline], texts, fallback_lang if texts.marked else None, env,
            references, fallback_dir,
        )  # fmt: skip
    # No paragraph to lead: the lead is one of its own (an HTML block, written as it is).
    out = [f"<p>{lead_html.rstrip()}</p>\n"] if lead_pending else []
    for part in layout.parts:
        if isinstance(part, str):
            out.append(part)
        elif part in layout.inlines:
            out.append(shown[part] if part in shown else html(layout.inlines[part]))
        else:
            marks = part in marked
            out.append(layout.open_tag(part, fallback_lang if marks else None, fallback_dir))
    return "".join(out)


def _numbers_html(
    text: str,
    env: dict[str, Any],
    localize_number: Callable[[str], str],
    typeset: Callable[[str], str] | None,
) -> str:
    """The HTML of inline Markdown ``text`` without letters, each of its texts a number
    written as the page's language writes it (a bold total, a struck-out figure)."""

    def write(text: str) -> str:
        number = text.strip()
        if not number:
            return text
        start = text.index(number[0])
        written = localize_number(number)
        written = typeset(written) if typeset else written
        return text[:start] + written + text[start + len(number) :]

    children = _parse_inline(text, env)
    _typeset([_inline(children)], write, in_context=False)  # each figure on its own
    return str(_HTML.renderInline(children, _PARSER.options, env))


def _translated_titles(
    references: dict[str, dict[str, Any]],
    layout: BodyLayout,
    translate: Callable[[str], str | None],
    typeset: Callable[[str], str] | None,
) -> dict[str, dict[str, Any]]:
    """A body's link reference definitions with their titles translated (typeset as the
    page's text is); an untranslated title is the source's, as it is written."""
    translated = dict(references)
    for text, label, _ in layout.link_titles:
        translation = translate(text)
        if translation is not None and translation != text:
            title = typeset(translation) if typeset else translation
            translated[label] = {**references[label], "title": title}  # the renderer escapes it
    return translated


@lru_cache(maxsize=8192)
def _inline_html(text: str, typeset: Callable[[str], str] | None) -> str:
    """The HTML of inline Markdown ``text`` in a body without link references, typeset:
    once per text (the boilerplate every release repeats, a source text shown in several
    languages)."""
    if _is_plain(text, {}):  # one text token, which markdown-it renders escaped
        return escapeHtml(typeset(text) if typeset is not None else text)
    simple = _simple_inline_html(text, typeset)
    if simple is not None:
        return simple
    children = _inline_children(text, {}, None)
    if typeset is not None:
        _typeset([_inline(children)], typeset)
    return str(_HTML.renderInline(children, _PARSER.options, {}))


@dataclass
class _ImageTexts:
    """What a page shows of a paragraph that is an image (see ``render_body``)."""

    #: The image's position among its paragraph's inline tokens.
    position: int
    #: The translations of its alt text and title; ``None`` to show the source's.
    alt: str | None = None
    title: str | None = None
    #: Whether its alt text is a message (else its title alone is).
    has_alt: bool = False
    #: Whether it is marked as in the source language: its alt text is not translated (or,
    #: without one, its title).
    marked: bool = False
    typeset: Callable[[str], str] | None = None


def _image_html(
    source: str,
    texts: _ImageTexts,
    lang: str | None,
    env: dict[str, Any],
    references: Any,
    direction: str | None = None,
) -> str:
    """The HTML of a paragraph that is an image, its alt text and title translated (or
    marked ``lang``, and ``dir`` if given)."""
    children = _inline_children(source, env, references)
    image = children[texts.position]
    if texts.alt is not None:
        image.children = _inline_children(texts.alt, env, references)
        image.content = texts.alt
    if texts.title is not None:
        image.attrSet("title", texts.title)  # text: the renderer escapes it
    if lang is not None:
        image.attrSet("lang", lang)
        if direction is not None:
            image.attrSet("dir", direction)
    if texts.typeset is not None:
        _typeset([_inline(children)], texts.typeset)
    return str(_HTML.renderInline(children, _PARSER.options, env))


@dataclass
class _Slot:
    """A segment of a body's layout: a message, and where it goes."""

    text: str
    kind: str
    #: The index of its inline token, and of the token that carries ``lang``.
    inline: int
    element: int
    #: The position of the image among the inline token's children, for an image's alt text
    #: or title.
    image: int | None
    #: Whether the message is the image's title.
    title: bool = False


def _holds_only(tokens: list[Token], element: int, inline: int) -> bool:
    """Whether the element opened by token ``element`` holds the inline text ``inline`` alone
    (in a paragraph, shown or hidden)."""
    level = tokens[element].level
    for index in range(element + 1, len(tokens)):
        token = tokens[index]
        if token.level == level and token.nesting == -1:  # its end
            return True
        if index != inline and token.type not in ("paragraph_open", "paragraph_close"):
            return False
    return True


class BodyLayout:
    """A body parsed and rendered once, as plain data: the HTML between its inline texts,
    and where each message goes. Each language fills in the texts (see ``render_body``).

    Made from the tokens of :func:`parse_body` and their ``segments``.
    """

    def __init__(self, tokens: list[Token], env: dict[str, Any], found: list[Segment]):
        self.env = env
        #: The titles of the link reference definitions that links use: each message, the
        #: definition's label and line.
        self.link_titles = link_titles(tokens, env)
        #: The inline texts, by the index of their token.
        self.inlines = {
            i: token.content for i, token in enumerate(tokens) if token.type == "inline"
        }
        #: Inline texts without words to translate: numbers, dates, symbols, code, addresses
        #: (not messages).
        self.numbers = [
            i for i, content in self.inlines.items()
            if content.strip() and not has_words(content, env)
        ]  # fmt: skip
        position = {id(token): i for i, token in enumerate(tokens)}
        self.segments = []
        for segment in found:
            image = None
            if segment.image is not None:
                image = next(
                    i for i, child in enumerate(segment.inline.children or [])
                    if child is segment.image
                )  # fmt: skip
            self.segments.append(_Slot(
                segment.block.text, segment.block.kind, position[id(segment.inline)],
                position[id(segment.element)], image, segment.title,
            ))  # fmt: skip
        #: The inline texts in a list item of a tight list that holds more than that text (a
        #: list within it, another paragraph): a text left in the source language is marked
        #: in a span of its own, the item's other content being in the page's language.
        self.in_span = {
            slot.inline for slot in self.segments
            if tokens[slot.element].type == "list_item_open"
            and not _holds_only(tokens, slot.element, slot.inline)
        }  # fmt: skip
        elements = {slot.element for slot in self.segments}
        #: Literal HTML (the tags between two texts joined), the index of an inline token, or
        #: of an element's opening token.
        self.parts: list[str | int] = []
        #: The opening tag of each element as the source writes it.
        self.tags: dict[int, str] = {}
        literal: list[str] = []
        for index, token in enumerate(tokens):
            if token.type != "inline" and index not in elements:
                literal.append(self._render(tokens, index))
                continue
            if literal:
                self.parts.append("".join(literal))
                literal = []
            self.parts.append(index)
            if token.type != "inline":
                self.tags[index] = self._render(tokens, index)
        if literal:
            self.parts.append("".join(literal))

    def open_tag(self, index: int, lang: str | None, direction: str | None = None) -> str:
        """The HTML of the element opened by token ``index``, with a ``lang`` if one is given
        (and its ``dir``, if given): the last attributes, as markdown-it's ``attrSet`` adds
        them (no attribute value holds a raw ">", which markdown-it escapes)."""
        tag = self.tags[index]
        if lang is None:
            return tag
        return tag.replace(">", language_marks(lang, direction) + ">", 1)

    def _render(self, tokens: list[Token], index: int) -> str:
        """The HTML of block token ``index``, as markdown-it renders it in the whole body."""
        token = tokens[index]
        if token.type in _HTML.rules:
            return str(_HTML.rules[token.type](tokens, index, _PARSER.options, self.env))
        if token.attrs:
            return str(_HTML.renderToken(tokens, index, _PARSER.options, self.env))
        # A tag without attributes: the same for every token alike, and its neighbours as far
        # as markdown-it looks at them (a hidden paragraph before, an inline text after).
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        key = (
            token.tag, token.nesting, token.block, token.hidden,
            index > 0 and tokens[index - 1].hidden,
            following is not None and (following.type == "inline" or following.hidden),
            following is not None and following.nesting == -1 and following.tag == token.tag,
        )  # fmt: skip
        html = _TAGS.get(key)
        if html is None:
            html = _TAGS[key] = str(_HTML.renderToken(tokens, index, _PARSER.options, self.env))
        return html


#: The HTML of block tokens without attributes (see ``BodyLayout._render``).
_TAGS: dict[tuple[str, int, bool, bool, bool, bool, bool], str] = {}


#: Layouts of the bodies read or rendered last, by body (a layout, not the tokens it is made
#: of: a few times smaller).
_LAYOUTS: dict[str, BodyLayout] = {}
_LAYOUTS_KEPT = 512


def _remember(body: str, layout: BodyLayout) -> BodyLayout:
    if len(_LAYOUTS) >= _LAYOUTS_KEPT and body not in _LAYOUTS:
        del _LAYOUTS[next(iter(_LAYOUTS))]
    _LAYOUTS[body] = layout
    return layout


def body_layout(body: str) -> BodyLayout:
    """The layout of a body (parsed once, whether to extract its messages or to render it)."""
    found = _LAYOUTS.get(body)
    if found is None:
        tokens, env = parse_body(body)
        found = _remember(body, BodyLayout(tokens, env, list(segments(tokens, 0, env))))
    return found


def _inline(children: list[Token]) -> Token:
    """An inline token holding ``children`` (for ``_typeset``)."""
    token = Token("inline", "", 0)
    token.children = children
    return token


@lru_cache(maxsize=8192)
def _parsed_inline(text: str) -> tuple[Token, ...]:
    return tuple(_parse_inline(text, {}))


def _inline_children(text: str, env: dict[str, Any], references: Any) -> list[Token]:
    """The inline tokens of ``text``, parsed once per text.

    Tokens are shared between uses, so they are never changed: ``_typeset`` replaces the
    text tokens it changes, and images (whose ``alt`` the renderer sets) are copies. Text in
    a body with link reference definitions is parsed with them, uncached.
    """
    if references:
        return _parse_inline(text, env)
    return [
        _clone(token, attrs=dict(token.attrs), children=list(token.children or []))
        if token.type == "image"
        else token
        for token in _parsed_inline(text)
    ]


def _clone(token: Token, **changes: Any) -> Token:
    """A shallow copy of ``token`` with ``changes`` (several times faster than ``Token.copy``)."""
    copy = object.__new__(Token)
    copy.type, copy.tag, copy.nesting, copy.attrs = (
        token.type,
        token.tag,
        token.nesting,
        token.attrs,
    )
    copy.map, copy.level, copy.children, copy.content = (
        token.map, token.level, token.children, token.content,
    )  # fmt: skip
    copy.markup, copy.info, copy.meta = token.markup, token.info, token.meta
    copy.block, copy.hidden = token.block, token.hidden
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _typeset(tokens: list[Token], typeset: Callable[[str], str], in_context: bool = True) -> None:
    """Apply ``typeset`` to the text of ``tokens``' children, replacing the tokens it changes:
    each text with the characters around it in the line (a link's or an emphasis's text, a
    code span), as :func:`typeset_texts` does; each alone without ``in_context``."""
    for token in tokens:
        children = token.children
        if not children:
            continue
        # The line's texts in order, and what breaks it (a line break, an image): the tags
        # that open and close a link or an emphasis are left out, their text is the line's.
        placed = [index for index, child in enumerate(children) if child.nesting == 0]
        texts = [
            children[index].content if children[index].type in ("text", "code_inline") else None
            for index in placed
        ]  # fmt: skip
        shown = (
            typeset_texts(texts, typeset)
            if in_context
            else [typeset(text) if text is not None else None for text in texts]
        )
        for index, content in zip(placed, shown, strict=True):
            child = children[index]
            if child.type == "text":
                if content is not None and content != child.content:
                    children[index] = _clone(child, content=content)
            elif child.children:
                _typeset([child], typeset, in_context)


def typeset_texts(texts: Sequence[str | None], typeset: Callable[[str], str]) -> list[str | None]:
    """The texts of one line (``None`` for what breaks it: a line break, an image), in
    order, each typeset with the last visible character of the text before it and the first
    of the text after it: the space between a link and the ":" after it, or inside "« " and
    an emphasis, is a no-break one too."""
    # The character each text meets on either side (none after a line break, or a space):
    # of the nearest text that is not empty, found in one pass each way.
    befores, afters = [""] * len(texts), [""] * len(texts)
    last = ""
    for index, text in enumerate(texts):
        befores[index] = last
        if text is None or text:
            last = text[-1] if text and not text[-1].isspace() else ""
    last = ""
    for index in range(len(texts) - 1, -1, -1):
        afters[index] = last
        text = texts[index]
        if text is None or text:
            last = text[0] if text and not text[0].isspace() else ""
    shown: list[str | None] = []
    for index, text in enumerate(texts):
        if text is None:
            shown.append(None)
            continue
        before, after = befores[index], afters[index]
        done = typeset(before + text + after)
        middle = done[len(before) : len(done) - len(after)]
        # A space put where two texts meet ("ceci" and ": suite", "«" and "ceci") belongs to
        # the text whose mark asks for it, not to the word beside it: one space, outside a
        # link or an emphasis.
        if text[:1].isalnum() and middle[:1] in _PUT_SPACES and middle[:1] != text[:1]:
            middle = middle[1:]
        if text[-1:].isalnum() and middle[-1:] in _PUT_SPACES and middle[-1:] != text[-1:]:
            middle = middle[:-1]
        shown.append(middle)
    return shown


#: The spaces typography puts before a mark or inside quotes.
_PUT_SPACES = frozenset("\u00a0\u202f")


@lru_cache(maxsize=8192)
def render_inline(
    text: str, typeset: Callable[[str], str] | None = None, links: bool = True, base: str = ""
) -> str:
    """Render one line of inline Markdown (a title or summary) to HTML (once per text: titles
    and summaries are shown on many pages); without ``links``, a link is its text alone (a
    title that is itself a link on a list: HTML has no link within a link). With a ``base``
    (the address of the release's page), a relative address of a link or an image is made
    absolute from it: the line is shown on pages in other folders (indexes, tag pages)."""
    relative = bool(base) and ("![" in text or _RELATIVE_TARGET.search(text) is not None)
    if not relative and (links or not ("[" in text or "<" in text)):
        simple = _simple_inline_html(text, typeset)
        if simple is not None:
            return simple
    env: dict[str, Any] = {}
    line = Token("inline", "", 0)
    line.children = _parse_inline(text, env)
    if not links:
        line.children = [t for t in line.children if t.type not in ("link_open", "link_close")]
    if relative:
        line.children = [_rebased(token, base) for token in line.children]
    if typeset is not None:
        _typeset([line], typeset)
    return str(_PARSER.renderer.render([line], _PARSER.options, env))


def _rebased(token: Token, base: str) -> Token:
    """``token``, or a copy whose relative link or image address is absolute from ``base``."""
    name = {"link_open": "href", "image": "src"}.get(token.type)
    address = str(token.attrGet(name) or "") if name else ""
    if not _is_relative(address):
        return token
    return _clone(token, attrs={**token.attrs, name: urljoin(base, address)})


@lru_cache(maxsize=8192)
def inline_plain_text(text: str, typeset: Callable[[str], str] | None = None) -> str:
    """The plain text of inline Markdown, for ``<title>``, meta tags and feeds."""
    parts: list[str] = []
    for token in _parse_inline(text, {}):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    plain = " ".join("".join(parts).split())
    return typeset(plain) if typeset else plain


#: The characters that can start inline Markdown syntax, or that the parser normalizes,
#: brackets aside. Text without any of them or brackets is one text token, as the parser
#: would make it.
_SYNTAX = re.compile(r"[\n\r\0\\`~*_!<>&]")


def _is_plain(text: str, env: dict[str, Any]) -> bool:
    """Whether inline Markdown ``text`` is plain prose (most messages): a single text token.

    Brackets make a link only right before a "(" or with the body's link reference
    definitions: "[sic]", "[PDF]" or a translation tagged "[fr]" are text.
    """
    if not text or _SYNTAX.search(text):
        return False
    if "[" not in text and "]" not in text:
        return True
    return "](" not in text and not env.get("references")


def has_words(text: str, env: dict[str, Any] | None = None) -> bool:
    """Whether inline Markdown ``text`` shows words to translate: letters outside code spans
    (`` `pip install` ``), autolinks (``<https://example.org>``) and the names of entities
    (``&mdash;``), which every language shows as they are."""
    if not _LETTER.search(text):
        return False
    if "`" not in text and "<" not in text and "&" not in text:
        return True
    return any(_LETTER.search(part) for part in _shown_words(_parse_inline(text, env or {})))


def _shown_words(children: list[Token]) -> Iterator[str]:
    """The texts of inline tokens that a language would translate (an image's alt text, and
    the titles of links and images, too)."""
    in_autolink = False
    for child in children:
        if child.type in ("link_open", "image"):
            yield str(child.attrGet("title") or "")
        if child.type == "link_open":
            in_autolink = child.markup == "autolink"
        elif child.type == "link_close":
            in_autolink = False
        elif child.type in ("text", "text_special") and not in_autolink:
            yield child.content
        elif child.type == "image":
            yield from _shown_words(child.children or [])


def _parse_inline(text: str, env: dict[str, Any]) -> list[Token]:
    """The inline tokens of ``text``; plain prose, and prose with only plain links and
    emphasis, without running the parser."""
    if _is_plain(text, env):
        return [_token("text", "", 0, 0, text)]
    if not env.get("references"):
        simple = _simple_inline(text)
        if simple is not None:
            return simple
    tokens = _PARSER.parseInline(text, env)
    return list(tokens[0].children or []) if tokens else []


#: Characters of text that can be nothing but text in a run of plain links and emphasis.
_TEXT = r"[^\[\]*\n\r\0\\`~_!<>&]"
#: Plain prose, inline links whose label is plain and whose destination has no spaces,
#: parentheses, escapes or entities, plain text in brackets that is not a link ("[PDF]",
#: "[sic]": without link reference definitions), and ``*`` or ``**`` around plain words.
_SIMPLE_INLINE = re.compile(
    rf"(?P<text>{_TEXT}+)"
    rf"|\[(?P<label>(?:(?![()]){_TEXT})+)\]\((?P<href>[^\s()<>\[\]\\&\"']+)\)"
    rf"|(?P<bracketed>\[{_TEXT}*\])(?![(\[])"
    rf"|(?P<stars>\*\*?)(?P<inner>{_TEXT}+?)(?P=stars)(?!\*)"
)


#: A piece of simple inline Markdown: ("text", text, ""), ("link", href, label), or ("em" or
#: "strong", its delimiter, the words within).
_Piece = tuple[str, str, str]


def _simple_pieces(text: str) -> list[_Piece] | None:
    """The pieces of ``text`` if it is only prose, plain inline links and emphasis of plain
    words (most messages with markup); ``None`` for anything else, which the parser reads."""
    pieces: list[_Piece] = []
    position, end = 0, len(text)
    match = _SIMPLE_INLINE.match
    while position < end:
        found = match(text, position)
        if found is None:
            return None
        position = found.end()
        plain = found["text"] or found["bracketed"]
        if plain is not None:
            pieces.append(("text", plain, ""))
        elif found["label"] is not None:
            href = _normalized_link(found["href"])
            if not _PARSER.validateLink(href):
                return None
            pieces.append(("link", href, found["label"]))
        else:
            inner, stars = found["inner"], found["stars"]
            # Words within: each delimiter opens and closes as CommonMark has it (a letter or
            # digit on its inner side), and no other run of "*" touches it.
            start = found.start()
            if not (inner[0].isalnum() and inner[-1].isalnum()) or text[start - 1 : start] == "*":
                return None
            pieces.append(("strong" if stars == "**" else "em", stars, inner))
    return pieces


@lru_cache(maxsize=4096)
def _normalized_link(href: str) -> str:
    """A link's destination as markdown-it writes it (once per destination: the same links
    end many releases, in each of their languages)."""
    return str(_PARSER.normalizeLink(href))


def _simple_inline(text: str) -> list[Token] | None:
    """The tokens markdown-it makes of ``text`` if it is simple (see :func:`_simple_pieces`);
    ``None`` for anything else. Tested to give the parser's own tokens."""
    pieces = _simple_pieces(text)
    if pieces is None:
        return None
    tokens: list[Token] = []
    for kind, first, second in pieces:
        if kind == "text":
            tokens.append(_token("text", "", 0, 0, first))
        elif kind == "link":
            tokens += [
                _token("link_open", "a", 1, 0, "", {"href": first}),
                _token("text", "", 0, 1, second),
                _token("link_close", "a", -1, 0, ""),
            ]
        else:
            strong = kind == "strong"
            # The parser leaves one "*" of each "**" a text token, emptied.
            tokens += [
                *([_token("text", "", 0, 0, "")] if strong else []),
                _token(f"{kind}_open", kind, 1, 0, "", markup=first),
                _token("text", "", 0, 1, second),
                _token(f"{kind}_close", kind, -1, 0, "", markup=first),
                *([_token("text", "", 0, 0, "")] if strong else []),
            ]
    # Text tokens next to each other are one, as the parser joins them.
    joined: list[Token] = []
    for token in tokens:
        if token.type == "text" and joined and joined[-1].type == "text":
            joined[-1].content += token.content
        else:
            joined.append(token)
    return joined


def _simple_inline_html(text: str, typeset: Callable[[str], str] | None) -> str | None:
    """The HTML markdown-it renders of ``text``'s tokens, typeset, if it is simple (see
    :func:`_simple_pieces`), made from its pieces; ``None`` for anything else. Each text token
    the parser would make is typeset on its own, as :func:`_typeset` does."""
    pieces = _simple_pieces(text)
    if pieces is None:
        return None
    # The text tokens the parser would make, each in its place (its number) among the HTML.
    texts: list[str] = []
    html: list[str | int] = []
    pending: str | None = None  # the text token being joined

    def text_token(content: str) -> int:
        texts.append(content)
        return len(texts) - 1

    for kind, first, second in pieces:
        if kind == "text":
            pending = first if pending is None else pending + first
            continue
        if kind == "strong" and pending is None:
            pending = ""  # the emptied "*" before it
        if pending is not None:
            html.append(text_token(pending))
            pending = None
        if kind == "link":
            html += [f'<a href="{escapeHtml(first)}">', text_token(second), "</a>"]
        else:
            html += [f"<{kind}>", text_token(second), f"</{kind}>"]
            if kind == "strong":
                pending = ""  # the emptied "*" after it
    if pending is not None:
        html.append(text_token(pending))
    shown = typeset_texts(texts, typeset) if typeset is not None else texts
    return "".join(
        part if isinstance(part, str) else escapeHtml(shown[part] or "") for part in html
    )


def _token(
    kind: str,
    tag: str,
    nesting: Literal[-1, 0, 1],
    level: int,
    content: str,
    attrs: dict[str, str | int | float] | None = None,
    markup: str = "",
) -> Token:
    return Token(kind, tag, nesting, attrs or {}, level=level, content=content, markup=markup)


@dataclass(frozen=True)
class InlineFeatures:
    """What a line of inline Markdown contains, for comparing a translation with its source."""

    links: tuple[str, ...]
    images: tuple[str, ...]
    code: tuple[str, ...]
    #: Counts of emphasis, strong, strikethrough and hard break markup.
    markup: tuple[tuple[str, int], ...]
    #: The text outside code spans, link targets and markup.
    text: str


#: A body's link reference definitions: (label as markdown-it normalizes it, destination).
References = tuple[tuple[str, str], ...]


def link_references(body: str) -> References:
    """The link reference definitions of a release body (``[ais]: https://www.ai.se/``), by
    which its texts' reference links (``[AI Sweden][ais]``, ``[report][]``) point somewhere."""
    if "]:" not in body:  # no definition (most bodies): not parsed
        return ()
    env: dict[str, Any] = {}
    _BLOCK_PARSER.parse(body, env)
    found = env.get("references") or {}
    return tuple(sorted((label, str(found[label]["href"])) for label in found))


@lru_cache(maxsize=1024)
def inline_features(text: str, references: References = ()) -> InlineFeatures:
    """Analyse one message's inline Markdown (once per text: every check of a message asks),
    its reference links resolved by the body's ``references``."""
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    markup: dict[str, int] = {}
    words: list[str] = []
    env: dict[str, Any] = {}
    if references:
        env["references"] = {label: {"href": href, "title": ""} for label, href in references}
    for token in _parse_inline(text, env):
        if token.type == "link_open":
            links.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            images.append(str(token.attrGet("src") or ""))
            words.append(token.content)
        elif token.type == "code_inline":
            code.append(token.content)
        elif token.type in ("em_open", "strong_open", "s_open", "hardbreak"):
            markup[token.type] = markup.get(token.type, 0) + 1
            if token.type == "hardbreak":  # the text on either side is not one word
                words.append("\n")
        elif token.type == "text":
            words.append(token.content)
        elif token.type == "softbreak":
            words.append(" ")
    return InlineFeatures(
        tuple(links), tuple(images), tuple(code), tuple(sorted(markup.items())), "".join(words)
    )
