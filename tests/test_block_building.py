"""Blocks are built from markdown-it's tokens as they were before the shortcuts in
ParsedBody.blocks and _inline_block (prose alone; the headings tuple made once per heading).

The reference is the code they replaced, kept here.
"""

from __future__ import annotations

from hypothesis import given
from markdown_it.token import Token
from test_fast_inline import EXTRA, FAST, LINES, REFERENCE, SLOW_OK

from kubefollow.extract import blocks
from kubefollow.extract.blocks import Block, Link, ParsedBody


def reference_blocks(tokens: list[Token], title: str | None) -> list[Block]:
    stack: list[tuple[int, str]] = [(0, title)] if title else []
    blocks: list[Block] = []
    heading_level = 0
    cells: list[Block] | None = None  # the cells of the table row being read
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "tr_open":
            cells = []
        elif token.type == "tr_close" and cells is not None:
            row = " | ".join(c.text.strip() for c in cells if c.text.strip())
            for cell in cells:
                cell.row = row
            cells = None
        elif token.type == "inline":
            block = reference_inline_block(token.children or [])
            block.depth = token.level
            if heading_level:
                while stack and stack[-1][0] >= heading_level:
                    stack.pop()
                stack.append((heading_level, block.text))
                block.is_heading = True
            block.headings = tuple(text for _, text in stack)
            blocks.append(block)
            if cells is not None:
                cells.append(block)
    return blocks


def reference_inline_block(children: list[Token]) -> Block:
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
        elif tok.type == "html_inline" and (html_href := blocks._html_href(tok.content)):
            open_link = (html_href, length, False, len(parts))
        elif open_link is not None and (
            tok.type == "link_close"
            or (tok.type == "html_inline" and blocks._HTML_A_CLOSE.match(tok.content))
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
    bare = blocks.bare_links(text, covered)
    if bare:
        links = sorted([*links, *bare], key=lambda link: link.start)
        quiet.extend((link.start, link.start + len(link.text)) for link in bare)
    return Block(text=text, headings=(), links=links, quiet=quiet, strong=strong)


@SLOW_OK
@given(lines=LINES, extra=EXTRA)
def test_blocks_are_what_they_were(lines: list[str], extra: str) -> None:
    src = extra + "\n\n".join(lines)
    for md in (FAST, REFERENCE):
        tokens = md.parse(src)
        for title in ("Title", None):
            assert ParsedBody(tokens).blocks(title) == reference_blocks(tokens, title)


def test_blocks_of_prose_alone_and_of_a_bare_url() -> None:
    src = "# Notes\n\nSee https://kro.run/docs. Fine.\n\n## Day one\n\nPlain.\n"
    tokens = FAST.parse(src)
    got = ParsedBody(tokens).blocks("T")
    assert got == reference_blocks(tokens, "T")
    notes, day = ("T", "Notes"), ("T", "Notes", "Day one")
    assert [(b.text, b.headings, b.is_heading) for b in got] == [
        ("Notes", notes, True),
        ("See https://kro.run/docs. Fine.", notes, False),
        ("Day one", day, True),
        ("Plain.", day, False),
    ]
    assert got[1].links == [Link("https://kro.run/docs", "https://kro.run/docs", 4, True)]
    assert got[1].quiet == [(4, 24)]
