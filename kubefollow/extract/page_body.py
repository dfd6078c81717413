"""The post's part of a page: found by pages.toml's content paths (<article>, articleBody,
<main>…), less its furniture (menus, sidebars, comments, share bars, embedded posts), so
that trafilatura reads the post alone; and the links it drops put back.

trafilatura's link-density rule takes a list or paragraph made only of links
(`- [Some Project](…)`) for navigation wherever it stands. Inside the post, such a block linking
to other sites is the author's: it goes back at the end of its heading's section, so that
it keeps its theme. (A list of the site's own pages, tags or related posts, stays out.)
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from kubefollow.rules.pages import PageRules, page_rules
from kubefollow.text import name_key, one_line

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
LINK_SHARE = 0.5  # a block whose link text is at least this share of its text
FURNITURE_SHARE = 0.8  # an element named like furniture that holds less of the post's text
_PARTS = re.compile(r"[\s_-]+")


def rescue_link_blocks(body: Any, markdown: str, url: str | None) -> str:
    """markdown (trafilatura's, of the post's body) with its link-only blocks put back."""
    own_host = _host(url) if url else None
    rescued: list[tuple[str | None, str]] = []  # (heading, Markdown line)
    heading: str | None = None
    for element in list(body.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            heading = one_line(element.text_content())
        elif tag in ("li", "p") and not _has_list(element) and not _in_list_item(element, body):
            line = _link_block(element, markdown, own_host)
            if line is not None:
                rescued.append((heading, f"- {line}" if tag == "li" else line))
    return _insert(markdown, rescued) if rescued else markdown


def post_body(page: str) -> Any:
    """The element holding the post, its furniture and embeds removed; None if none."""
    rules = page_rules()
    try:
        from lxml import etree, html

        root = html.fromstring(page)
    except (ValueError, etree.ParserError):
        return None
    for xpath in rules.content_xpaths:
        found = [e for e in root.xpath(xpath) if one_line(e.text_content())]
        if found:
            body = max(found, key=lambda e: len(e.text_content()))
            break
    else:
        return None
    # Elements first (menus, footers, scripts), then names, measured on what is left.
    for element in [e for e in body.iter() if e is not body and _is_furniture_tag(e, rules)]:
        _drop(element)
    size = len(body.text_content())
    named = [e for e in body.iter() if e is not body and _is_named_furniture(e, rules, size)]
    for element in named + [e for x in rules.embed_xpaths() for e in body.xpath("." + x)]:
        _drop(element)
    return body


def _drop(element: Any) -> None:
    if element.getparent() is not None:  # not inside one already dropped
        element.drop_tree()


def _is_furniture_tag(element: Any, rules: PageRules) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return tag in rules.furniture_tags or not tag  # not tag: a comment or instruction


def _is_named_furniture(element: Any, rules: PageRules, body_size: int) -> bool:
    """A class or id with a furniture word among its parts ("post-comments", not
    "stock"), unless the element holds nearly all the post: a class name is a guess."""
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    parts = f" {' '.join(_PARTS.split(names))} "
    if not any(f" {word} " in parts for word in rules.furniture_words):
        return False
    return len(element.text_content()) < FURNITURE_SHARE * body_size


def _has_list(element: Any) -> bool:
    return any(child.tag in _LISTS for child in element.iter() if child is not element)


def _in_list_item(element: Any, body: Any) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not body:
        if parent.tag == "li":
            return True
        parent = parent.getparent()
    return False


def _link_block(element: Any, markdown: str, own_host: str | None) -> str | None:
    """The block as a Markdown line if it is mostly links to other sites, all missing
    from markdown; else None."""
    links = [a for a in element.iter("a") if _off_site(a.get("href", ""), own_host)]
    if not links or any(a.get("href", "").strip() in markdown for a in links):
        return None
    text = one_line(element.text_content())
    link_text = sum(len(one_line(a.text_content())) for a in links)
    if not text or link_text < LINK_SHARE * len(text):
        return None
    return _inline(element).strip() or None


def _off_site(href: str, own_host: str | None) -> bool:
    href = href.strip()
    if not href.lower().startswith(("http://", "https://")):
        return False
    host = _host(href)
    return bool(host) and host != own_host


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _inline(element: Any) -> str:
    """An element's text as Markdown inline: links kept, everything else as text."""
    parts = [_escape(element.text or "")]
    for child in element:
        if child.tag == "a" and child.get("href", "").strip():
            text = _escape(one_line(child.text_content()))
            href = child.get("href").strip().replace(" ", "%20").replace(")", "%29")
            parts.append(f"[{text}](<{href}>)" if "(" in href else f"[{text}]({href})")
        elif isinstance(child.tag, str):
            parts.append(_inline(child))
        parts.append(_escape(child.tail or ""))
    return one_line("".join(parts))


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _insert(markdown: str, rescued: list[tuple[str | None, str]]) -> str:
    """Each rescued line at the end of its heading's section (before the next heading),
    or at the end when its heading is not in markdown."""
    lines = markdown.split("\n")
    tail: list[str] = []
    for heading, line in rescued:
        at = _section_end(lines, heading) if heading else None
        if at is None:  # its heading was dropped too: both go at the end
            if heading and f"## {_escape(heading)}" not in tail:
                tail += ["", f"## {_escape(heading)}"]
            tail += ["", line]
        else:
            lines[at:at] = ["", line, ""] if at < len(lines) else ["", line]
    return "\n".join(lines + tail)


def _section_end(lines: list[str], heading: str) -> int | None:
    key = name_key(heading)
    for i, line in enumerate(lines):
        if line.startswith("#") and name_key(line.lstrip("#")) == key:
            for j in range(i + 1, len(lines)):
                if lines[j].startswith("#"):
                    return j
            return len(lines)
    return None
