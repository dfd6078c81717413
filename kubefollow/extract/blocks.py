"""Markdown -> blocks of prose: each paragraph, list item, table cell, blockquote paragraph
or heading as plain text, with the links in it and the headings above it.

Walks markdown-it-py's token tree; code, raw HTML (comments included) and images are not
prose links. Hugo shortcodes are blanked before parsing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kubefollow.rules.text import text_rules

if TYPE_CHECKING:
    from markdown_it.token import Token

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before whitespace,
# unless the word before the stop is an abbreviation or an initial ("e.g. kro", "J. Doe").
# (The stop is matched rather than looked behind for: re then skips ahead to candidates.)
_SENTENCE_END = re.compile(r"""[.!?](["'”’)\]]*)\s+""")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    start: int  # offset of the link text in the block's text
    autolink: bool


@dataclass(slots=True)
class Block:
    text: str
    headings: tuple[str, ...]  # outermost first: title, then each enclosing heading
    is_heading: bool = False
    links: list[Link] = field(default_factory=list)
    # Spans of text that are not prose: code, and URLs written out (autolinks, bare URLs).
    quiet: list[tuple[int, int]] = field(default_factory=list)
    # A table cell's whole row, its cells joined by " | ": the sentence of its mentions.
    row: str | None = None
    # How deep it is nested (markdown-it's level): a list item's items are deeper.
    depth: int = 0
    # Spans of text in bold (**strong**).
    strong: list[tuple[int, int]] = field(default_factory=list)

    _spans: list[tuple[int, int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The sentences' (start, end) offsets, computed once: text must not change after."""
        if self._spans is None:
            self._spans = sentence_spans(self.text)
        return self._spans

    def sentence_at(self, offset: int) -> str:
        if self.row is not None:
            return self.row
        for start, end in self.spans:
            if start <= offset < end:
                return self.text[start:end].strip()
        return self.text.strip()

    def sentences(self) -> list[str]:
        return [self.text[s:e].strip() for s, e in self.spans]

    def prose(self, also_quiet: Sequence[tuple[int, int]] = ()) -> str:
        """The text with its quiet spans (and also_quiet) blanked to spaces: same offsets."""
        spans = [*self.quiet, *also_quiet]
        if not spans:
            return self.text
        text = self.text
        if all(0 <= start <= end <= len(text) for start, end in spans):
            # A few slices cost less than a list of every character (most spans: one link).
            for start, end in spans:
                text = f"{text[:start]}{' ' * (end - start)}{text[end:]}"
            return text
        chars = list(self.text)
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        return "".join(chars)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    abbreviations = text_rules().abbreviations
    for match in _SENTENCE_END.finditer(text):
        stop = match.start() + 1  # just after the . ! or ?
        if text[stop - 1] == ".":
            # _ends_with_abbreviation inlined for a word of letters after a plain space.
            space = text.rfind(" ", start, stop - 1)
            word = text[space + 1 : stop - 1] if space >= 0 else ""
            if word.isalpha():
                word = word.casefold()  # may grow: "ß" is "ss"
                if len(word) == 1 or word in abbreviations:
                    continue
            elif _ends_with_abbreviation(text, start, stop, abbreviations):
                continue
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _ends_with_abbreviation(
    text: str, start: int, stop: int, abbreviations: frozenset[str]
) -> bool:
    """Whether the word before the full stop at text[stop - 1] is an abbreviation or an
    initial; the word runs back from the stop to whitespace or to start."""
    space = text.rfind(" ", start, stop - 1)  # most words end at a plain space
    before = text[space + 1 if space >= 0 else start : stop - 1]
    word = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
    word = word.casefold().lstrip("([\"'“‘")
    return word in abbreviations or len(word) == 1


_parser: Any = None
# http(s) URLs that markdown-it's normalizeLink returns unchanged: a plain host name (labels
# of at most 63 characters) and a path, query and fragment of characters it never encodes.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9_-]{1,63}(?:\.[A-Za-z0-9_-]{1,63})*(?:[/?#][A-Za-z0-9/._~?#=&:+,-]*)?"
)
_MAX_PLAIN_URL = 255  # keeps the host name within what normalizeLink accepts


def _markdown() -> Any:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        from kubefollow.extract import fast_block, fast_inline

        _parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        _parser.normalizeLink = _skipping_plain_urls(_parser.normalizeLink)
        fast_inline.install(_parser)
        fast_block.install(_parser)
    return _parser


def _skipping_plain_urls(normalize: Callable[[str], str]) -> Callable[[str], str]:
    """normalizeLink parses and re-encodes every link (a fifth of the parse time); most
    links are plain and come back as they went in, so those skip it."""

    def normalize_link(url: str) -> str:
        if len(url) <= _MAX_PLAIN_URL and _PLAIN_URL.fullmatch(url):
            return url
        return normalize(url)

    return normalize_link


@dataclass(frozen=True)
class ParsedBody:
    """A post's body parsed once, for its first heading and its blocks."""

    tokens: list[Token]

    def first_heading(self) -> str | None:
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and i + 1 < len(tokens):
                return _inline_block(tokens[i + 1].children or []).text.strip() or None
        return None

    def blocks(self, title: str | None) -> list[Block]:
        stack: list[tuple[int, str]] = [(0, title)] if title else []
        headings = tuple(text for _, text in stack)  # the stack's texts, as it changes
        blocks: list[Block] = []
        heading_level = 0
        cells: list[Block] | None = None  # the cells of the table row being read
        for token in self.tokens:
            kind = token.type
            if kind == "inline":  # the most frequent: asked first
                block = _inline_block(token.children or [])
                block.depth = token.level
                if heading_level:
                    while stack and stack[-1][0] >= heading_level:
                        stack.pop()
                    stack.append((heading_level, block.text))
                    headings = tuple(text for _, text in stack)
                    block.is_heading = True
                block.headings = headings
                blocks.append(block)
                if cells is not None:
                    cells.append(block)
            elif kind == "heading_open":
                heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind == "tr_open":
                cells = []
            elif kind == "tr_close" and cells is not None:
                row = " | ".join(c.text.strip() for c in cells if c.text.strip())
                for cell in cells:
                    cell.row = row
                cells = None
        return blocks


def parse_body(body: str) -> ParsedBody:
    return ParsedBody(_markdown().parse(_SHORTCODE.sub(" ", body)))


def parse_blocks(body: str, title: str | None) -> list[Block]:
    return parse_body(body).blocks(title)


def first_heading(body: str) -> str | None:
    return parse_body(body).first_heading()


def _inline_block(children: list[Token]) -> Block:
    if len(children) == 1 and children[0].type == "text":  # prose alone, the most frequent
        prose = children[0].content
        bare = bare_links(prose, [])
        spans = [(link.start, link.start + len(link.text)) for link in bare]
        return Block(text=prose, headings=(), links=bare, quiet=spans, strong=[])
    parts: list[str] = []
    length = 0
    links: list[Link] = []
    covered: list[tuple[int, int]] = []  # link texts and code spans: no bare URLs there
    quiet: list[tuple[int, int]] = []  # code spans and URLs written out
    open_link: tuple[str, int, bool, int] | None = None  # href, start, autolink, parts index
    strong: list[tuple[int, int]] = []
    strong_from: list[int] = []
    for tok in children:
        piece = ""
        if tok.type == "text":
            piece = tok.content
        elif tok.type == "code_inline":
            piece = tok.content
            covered.append((length, length + len(piece)))
            quiet.append((length, length + len(piece)))
        elif tok.type in ("softbreak", "hardbreak"):
            piece = " "
        elif tok.type == "strong_open":
            strong_from.append(length)
        elif tok.type == "strong_close" and strong_from:
            strong.append((strong_from.pop(), length))
        elif tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            open_link = (href, length, tok.markup == "autolink", len(parts))
        elif tok.type == "html_inline" and (html_href := _html_href(tok.content)):
            open_link = (html_href, length, False, len(parts))
        elif open_link is not None and (
            tok.type == "link_close"
            or (tok.type == "html_inline" and _HTML_A_CLOSE.match(tok.content))
        ):
            href, start, autolink, first = open_link
            text = "".join(parts[first:])
            covered.append((start, length))
            if autolink:
                quiet.append((start, length))
            # A link around an image alone is an image, not a project.
            if text.strip():
                links.append(Link(href, text.strip(), start, autolink))
            open_link = None
        if piece:
            parts.append(piece)
            length += len(piece)
    text = "".join(parts)
    bare = bare_links(text, covered)
    if bare:
        links = sorted([*links, *bare], key=lambda link: link.start)
        quiet.extend((link.start, link.start + len(link.text)) for link in bare)
    return Block(text=text, headings=(), links=links, quiet=quiet, strong=strong)


# Raw HTML links in prose: <a href="...">text</a>.
_HTML_A_OPEN = re.compile(
    r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_HTML_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


def _html_href(tag: str) -> str | None:
    match = _HTML_A_OPEN.match(tag)
    if match is None:
        return None
    href = html.unescape(next(g for g in match.groups() if g is not None)).strip()
    return href if _splits(href) else None


def _splits(url: str) -> bool:
    """Whether urllib can take the URL apart (markdown-it checks the links it parses; raw
    HTML and bare URLs come unchecked: "http://[" raises)."""
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


# A bare URL in prose is a link, as Hugo's Markdown renders it (Goldmark's linkify): GFM's
# extended autolinks, www. or http(s):// up to whitespace or "<", less trailing punctuation
# and unbalanced closing parentheses.
_BARE_URL = re.compile(r"(?<![\w@/.:-])(?:https?://|www\.)[^\s<]+", re.IGNORECASE)
_TRAILING = frozenset(".,:;!?*_~'\"")


def bare_links(text: str, covered: list[tuple[int, int]]) -> list[Link]:
    """Links for the bare URLs in text, outside the covered spans (links and code)."""
    if "://" not in text and "www." not in text.lower():
        return []
    found = []
    for match in _BARE_URL.finditer(text):
        url = _trim_url(match.group(0))
        start, end = match.start(), match.start() + len(url)
        href = url if "://" in url else f"http://{url}"
        if any(s < end and start < e for s, e in covered) or not _splits(href):
            continue
        if "." not in (urlsplit(href).hostname or ""):
            continue
        found.append(Link(href, url, start, autolink=True))
    return found


def _trim_url(url: str) -> str:
    unbalanced = url.count(")") - url.count("(")
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and unbalanced > 0)):
        unbalanced -= url[-1] == ")"
        url = url[:-1]
    return url
