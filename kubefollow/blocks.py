"""Markdown -> blocks of prose: each paragraph, list item, table cell, blockquote paragraph
or heading as plain text, with the links in it and the headings above it.

Walks markdown-it-py's token tree; code, raw HTML (comments included) and images are not
prose links. Hugo shortcodes are blanked before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before whitespace,
# unless the word before the stop is an abbreviation or an initial ("e.g. kro", "J. Doe").
_SENTENCE_END = re.compile(r"""(?<=[.!?])(["'”’)\]]*)\s+""")
_LAST_WORD = re.compile(r"(\S+)[.!?][\"'”’)\]]*$")
ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "approx", "mr", "mrs", "ms", "dr", "st", "no", "fig",
     "eg", "ie", "incl", "resp", "aka", "a.k.a", "ca", "jr", "sr", "prof", "inc", "ltd", "co"}
)  # fmt: skip


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    start: int  # offset of the link text in the block's text
    autolink: bool


@dataclass
class Block:
    text: str
    headings: tuple[str, ...]  # outermost first: title, then each enclosing heading
    is_heading: bool = False
    links: list[Link] = field(default_factory=list)

    def sentence_at(self, offset: int) -> str:
        for start, end in sentence_spans(self.text):
            if start <= offset < end:
                return self.text[start:end].strip()
        return self.text.strip()

    def sentences(self) -> list[str]:
        return [self.text[s:e].strip() for s, e in sentence_spans(self.text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        last = _LAST_WORD.search(text, start, match.start())
        word = last.group(1).casefold().lstrip("([\"'“‘") if last else ""
        if text[match.start() - 1] == "." and (word in ABBREVIATIONS or len(word) == 1):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


_parser: Any = None


def _markdown() -> Any:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _parser


def parse_blocks(body: str, title: str | None) -> list[Block]:
    tokens = _markdown().parse(_SHORTCODE.sub(" ", body))
    stack: list[tuple[int, str]] = [(0, title)] if title else []
    blocks: list[Block] = []
    heading_level = 0
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "inline":
            block = _inline_block(token.children or [])
            if heading_level:
                while stack and stack[-1][0] >= heading_level:
                    stack.pop()
                stack.append((heading_level, block.text))
                block.is_heading = True
            block.headings = tuple(text for _, text in stack)
            blocks.append(block)
    return blocks


def first_heading(body: str) -> str | None:
    tokens = _markdown().parse(_SHORTCODE.sub(" ", body))
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            return _inline_block(tokens[i + 1].children or []).text.strip() or None
    return None


def _inline_block(children: list[Token]) -> Block:
    parts: list[str] = []
    length = 0
    links: list[Link] = []
    open_link: tuple[str, int, bool, int] | None = None  # href, start, autolink, parts index
    for tok in children:
        piece = ""
        if tok.type in ("text", "code_inline"):
            piece = tok.content
        elif tok.type in ("softbreak", "hardbreak"):
            piece = " "
        elif tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            open_link = (href, length, tok.markup == "autolink", len(parts))
        elif tok.type == "link_close" and open_link is not None:
            href, start, autolink, first = open_link
            text = "".join(parts[first:])
            # A link around an image alone is an image, not a project.
            if text.strip():
                links.append(Link(href, text.strip(), start, autolink))
            open_link = None
        if piece:
            parts.append(piece)
            length += len(piece)
    return Block(text="".join(parts), headings=(), links=links)
