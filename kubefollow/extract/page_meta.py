"""A page's metadata, as front matter gives it for Markdown: title, date and author from
og:, JSON-LD, <time> and the like (trafilatura's metadata reader), and the canonical URL
(<link rel=canonical>), which is the post's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from kubefollow.text import one_line

_CANONICAL = re.compile(r"<link\b[^>]*>", re.I)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?\s*canonical\b""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.I)


@dataclass(frozen=True)
class PageMeta:
    title: str | None
    date: str | None  # YYYY-MM-DD
    author: str | None
    canonical: str | None  # absolute http(s) URL, as the page gives it


def page_meta(page: str, url: str | None = None) -> PageMeta:
    """What the page says about itself; url (where it was found) resolves relative links."""
    from trafilatura import extract_metadata

    meta = extract_metadata(page, default_url=url)
    title = _text(meta.title) if meta else None
    date = (
        meta.date if meta and meta.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date) else None
    )
    author = _text(meta.author) if meta else None
    return PageMeta(title, date, author, canonical_link(page, url))


def canonical_link(page: str, url: str | None = None) -> str | None:
    """The href of the page's <link rel=canonical> in its head, made absolute."""
    end = _HEAD_END.search(page)
    head = page[: end.start()] if end else page[:65536]
    for tag in _CANONICAL.findall(head):
        if not _REL_CANONICAL.search(tag):
            continue
        href = _HREF.search(tag)
        if href is None:
            continue
        value = next(g for g in href.groups() if g is not None).strip()
        import html

        absolute = urljoin(url or "", html.unescape(value))
        try:
            parts = urlsplit(absolute)
        except ValueError:
            return None
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
        return None
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = one_line(value)
    return cleaned or None
