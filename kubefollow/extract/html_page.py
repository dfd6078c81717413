"""An HTML page -> the Markdown of its main content, which then goes through the Markdown
path (blocks, links, themes, verdicts) like any post.

trafilatura finds the main content (it drops navigation, sidebars, comments and footers)
and writes it as Markdown with its headings, paragraphs, lists, tables and links kept.
Pages are untrusted: bytes are decoded here, and what comes out is cleaned like any post.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from kubefollow.errors import InputError
from kubefollow.text import name_key, one_line

# <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">,
# looked for in the first bytes of a page, as browsers do.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PRESCAN = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
# The start of an HTML document, after blanks, comments and an XML declaration.
_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.I | re.S)  # fmt: skip


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:_PRESCAN]))


def decode_page(shown: str, data: bytes, declared: str | None = None) -> str:
    """A page's text: a byte-order mark, else UTF-8 when the bytes are valid UTF-8 (a
    server's or page's wrong label is common, valid UTF-8 by accident is not), else the
    charset the server declared, else the page's <meta> charset, else Windows-1252, the
    web's default, which decodes nearly any byte."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data:
        raise InputError(shown, "binary content, not a text page")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:_PRESCAN])
    candidates = [declared, meta.group(1).decode("ascii") if meta else None]
    for name in candidates:
        if name and _known(name) and codecs.lookup(name).name != "utf-8":
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
    return data.decode("cp1252", errors="replace")


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


_config: Any = None  # trafilatura's settings, made once


def page_markdown(page: str, url: str | None = None, *, fragment: bool = False) -> str:
    """The post in a page (or a feed entry's fragment) as Markdown: trafilatura's main
    content, of the post's part of the page alone when there is one, with the link-only
    blocks it dropped put back (page_body.py)."""
    from lxml import html

    from kubefollow.extract.page_body import post_body, rescue_link_blocks

    if fragment:
        page = f"<html><body><article>{page}</article></body></html>"
    body = post_body(page)
    if body is None:  # no <article> or the like: trafilatura finds the post alone
        return main_content(page, fragment=fragment)
    if body.tag != "body":
        # The post found, its furniture gone: trafilatura's guesses from class names
        # ("social", "share" in a post's own wrapper) could only lose the post's text.
        for element in body.iter():
            for name in ("class", "id"):
                element.attrib.pop(name, None)
    alone = html.tostring(body, encoding="unicode")
    if body.tag != "body":
        alone = f"<body>{alone}</body>"
    if not one_line(body.text_content()):
        return ""  # the post's part holds nothing but furniture: a page its scripts fill
    markdown = main_content(f"<html>{alone}</html>", fragment=fragment)
    return rescue_link_blocks(body, markdown, url)


def main_content(page: str, *, fragment: bool = False) -> str:
    """The page's main content as Markdown ("" when none is found). A fragment (a feed
    entry's content, wrapped as a page) is the content already: kept whole."""
    import trafilatura

    global _config
    if _config is None:
        from trafilatura.settings import use_config

        _config = use_config()
        # Below this many characters trafilatura would fall back to algorithms that lose
        # the links and headings: a short post is still a post.
        _config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    from kubefollow.rules.pages import page_rules

    markdown = trafilatura.extract(
        page,
        output_format="markdown",
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        favor_recall=fragment,
        fast=True,  # no fallback extractors: they keep neither links nor headings
        config=_config,
        prune_xpath=page_rules().embed_xpaths(),  # a quoted tweet is not the author's
        deduplicate=False,
        with_metadata=False,
    )
    return markdown or ""


def without_title_heading(markdown: str, title: str | None) -> str:
    """The content less its first heading when that is the page's title: front matter's
    title is not prose either (a title is read for themes, not for names)."""
    if not title:
        return markdown
    first, _, rest = markdown.lstrip().partition("\n")
    if first.startswith("#") and name_key(first.lstrip("#")) == name_key(title):
        return rest.lstrip("\n")
    return markdown
