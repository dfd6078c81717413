"""Ingest's web inputs, turned into posts before the store is opened: URLs (fetched by a
small pool of threads), local HTML pages and feeds (RSS or Atom, files or URLs, each entry a
post). Markdown files are left to ingest's own reading.

A web post's identity (the path the store keeps) is its canonical URL: the page's
<link rel=canonical>, else the URL after redirects, less tracking parameters and fragment.
A Markdown post whose front matter gives canonical_url or original_url has that identity too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from kubefollow.errors import InputError
from kubefollow.vocab import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from kubefollow.extract.feeds import Entry
    from kubefollow.extract.posts import RawPost
    from kubefollow.fetch.http import Fetched

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MARKDOWN_TYPES = ("text/markdown", "text/x-markdown", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("text/xml", "application/xml")


@dataclass(frozen=True)
class WebOptions:
    timeout: float = 10.0  # seconds to connect, and between two reads
    offline: bool = False  # refuse every URL
    since: str | None = None  # YYYY-MM-DD: only feed entries of that day or later
    max_bytes: int = DEFAULT_MAX_BYTES


def is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def is_web(arg: str) -> bool:
    """Whether an ingest argument goes through this module rather than the Markdown reader."""
    return is_url(arg) or arg.lower().endswith(HTML_SUFFIXES + FEED_SUFFIXES)


def gather(
    args: list[str],
    options: WebOptions,
    on_fetched: Callable[[str], None] | None = None,
) -> list[str | RawPost | InputError]:
    """Each argument's posts in order: a Markdown file stays a path for ingest to read; a
    URL, HTML page or feed becomes its posts, or the error that stopped it. Nothing but
    reading and fetching: no store."""
    if not any(is_web(a) for a in args):
        return list(args)  # plain Markdown: nothing of the web is imported
    gathering = _Gathering(options, on_fetched)
    urls = list(dict.fromkeys(a for a in args if is_url(a)))
    responses = dict(zip(urls, gathering.fetch(urls), strict=True))
    posts: list[_Gathered] = []
    for arg in args:
        if is_url(arg):
            response = responses[arg]
            if isinstance(response, InputError):
                posts.append([response])
            else:
                posts.append(_attempt(gathering.from_response, response))
        elif is_web(arg):
            posts.append(_attempt(gathering.from_file, arg))
        else:
            posts.append([arg])
    return gathering.resolve([p for group in posts for p in group])


@dataclass(frozen=True)
class _Pending:
    """A feed entry whose page must be fetched."""

    link: str
    entry: Entry


_Gathered: TypeAlias = "list[str | RawPost | InputError | _Pending]"


def _attempt(make: Callable[..., _Gathered], *args: Any) -> _Gathered:
    try:
        return make(*args)
    except InputError as exc:
        return [exc]


class _Gathering:
    def __init__(self, options: WebOptions, on_fetched: Callable[[str], None] | None) -> None:
        from kubefollow.fetch.http import FetchOptions

        self.options = options
        self.fetch_options = FetchOptions(options.timeout, options.max_bytes, options.offline)
        self.on_fetched = on_fetched

    def fetch(self, urls: list[str]) -> list[Fetched | InputError]:
        from kubefollow.fetch.pool import fetch_all

        return fetch_all(urls, self.fetch_options, self.on_fetched)

    def from_file(self, path: str) -> _Gathered:
        from kubefollow.extract.posts import read_bytes

        shown, data = read_bytes(path, self.options.max_bytes)
        if path.lower().endswith(FEED_SUFFIXES):
            return self.feed(shown, data, None)
        return [page_post(shown, data, None, shown)]

    def from_response(self, response: Fetched, entry: Entry | None = None) -> _Gathered:
        from kubefollow.extract.feeds import looks_like_feed
        from kubefollow.extract.html_page import looks_like_html

        url, data, kind = response.url, response.data, response.media_type
        if kind in FEED_TYPES or (kind in (*XML_TYPES, "", "text/html") and looks_like_feed(data)):
            if entry is not None:
                raise InputError(url, "a feed entry's link leads to another feed")
            return self.feed(url, data, response.final_url)
        if kind in XML_TYPES:
            raise InputError(url, f"{kind} that is not an RSS or Atom feed")
        if kind in MARKDOWN_TYPES and not looks_like_html(data):
            return [_markdown_post(url, data, response)]
        return [page_post(url, data, response, None, entry)]

    def feed(self, shown: str, data: bytes, base: str | None) -> _Gathered:
        from kubefollow.extract.feeds import parse_feed

        since = self.options.since
        out: _Gathered = []
        for entry in parse_feed(shown, data, base):
            if since and entry.date and entry.date < since:
                continue
            if entry.content:
                out.append(_entry_post(shown, entry))
            elif entry.link:
                out.append(_Pending(entry.link, entry))
            else:
                out.append(InputError(shown, f"entry {entry.title or '?'!r}: no link, no content"))
        return out

    def resolve(self, items: _Gathered) -> list[str | RawPost | InputError]:
        """Feed entries' pages fetched (together), in place."""
        links = list(dict.fromkeys(p.link for p in items if isinstance(p, _Pending)))
        responses = dict(zip(links, self.fetch(links), strict=True))
        out: list[str | RawPost | InputError] = []
        for item in items:
            if not isinstance(item, _Pending):
                out.append(item)
                continue
            response = responses[item.link]
            if isinstance(response, InputError):
                out.append(response)
                continue
            for post in _attempt(self.from_response, response, item.entry):
                assert not isinstance(post, _Pending), "an entry's page is never a feed"
                out.append(post)
        return out


def _digest(*parts: str | None) -> str:
    return hashlib.sha256("\x00".join(p or "" for p in parts).encode("utf-8")).hexdigest()


def page_post(
    shown: str,
    data: bytes,
    response: Fetched | None,
    file: str | None,
    entry: Entry | None = None,
) -> RawPost:
    """An HTML page's post. Its hash is of what is extracted (content, title, date), so a
    page whose sidebar or comments change is still "unchanged"."""
    from kubefollow.extract.html_page import decode_page, page_markdown, without_title_heading
    from kubefollow.extract.page_meta import page_meta
    from kubefollow.extract.posts import RawPost
    from kubefollow.rules.urls import canonical_url

    text = decode_page(shown, data, response.charset if response else None)
    address = response.final_url if response else None
    meta = page_meta(text, address)
    title = meta.title or (entry.title if entry else None)
    body = without_title_heading(page_markdown(text, address or meta.canonical), title)
    date = meta.date or (entry.date if entry else None)
    if meta.canonical:
        path = canonical_url(meta.canonical)
    elif response is not None:
        path = canonical_url(response.final_url)
    else:
        path = file or shown
    if title is None and file is not None:
        title = Path(file).stem
    return RawPost(path, body, _digest(body, title, date), page=True, title=title, date=date)


def _entry_post(shown: str, entry: Entry) -> RawPost:
    """A feed entry that carries its full content."""
    from kubefollow.extract.html_page import page_markdown
    from kubefollow.extract.posts import RawPost
    from kubefollow.rules.urls import canonical_url

    body = page_markdown(entry.content or "", entry.link, fragment=True)
    path = canonical_url(entry.link) if entry.link else f"{shown}#{_digest(entry.title)[:12]}"
    title = entry.title or path
    return RawPost(path, body, _digest(body, title, entry.date), page=True, title=title,
                   date=entry.date)  # fmt: skip


def _markdown_post(shown: str, data: bytes, response: Fetched) -> RawPost:
    """A URL that serves Markdown (or plain text): the Markdown path, named by its URL."""
    from kubefollow.extract.html_page import decode_page
    from kubefollow.extract.posts import RawPost
    from kubefollow.rules.urls import canonical_url

    text = decode_page(shown, data, response.charset).removeprefix("\ufeff")
    raw = RawPost(canonical_url(response.final_url), text, hashlib.sha256(data).hexdigest())
    return with_canonical_path(raw)


def with_canonical_path(raw: RawPost) -> RawPost:
    """A Markdown post whose front matter names its web address (canonical_url or
    original_url) is the post at that address."""
    head = raw.text[:8192]
    if "canonical_url" not in head and "original_url" not in head:
        return raw
    from kubefollow.extract.posts import parse_front_matter
    from kubefollow.rules.urls import canonical_url

    try:
        address = parse_front_matter(raw.path, raw.text).canonical
    except InputError:
        return raw  # extraction reports it
    if address is None or not is_url(address.strip()):
        return raw
    return replace(raw, path=canonical_url(address.strip()))
