"""RSS (0.9x, 1.0, 2.0) and Atom feeds -> their entries: title, link, date and, when the
feed carries it, the entry's full content as HTML.

Read with the standard library's XML parser; a feed that declares entities is refused
(no entity expansion, no external entities: feeds are untrusted).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from kubefollow.errors import InputError

_FEED_START = re.compile(
    rb"\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b",
    re.I | re.S,
)
_ENTITY = re.compile(rb"<!ENTITY", re.I)


@dataclass(frozen=True)
class Entry:
    title: str | None
    link: str | None  # absolute
    date: str | None  # YYYY-MM-DD
    content: str | None  # full content as HTML; None when the feed has a summary at most


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_START.match(data[:4096]))


def parse_feed(shown: str, data: bytes, base: str | None = None) -> list[Entry]:
    """The feed's entries in the feed's order."""
    if _ENTITY.search(data):
        raise InputError(shown, "feed declares XML entities: refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(shown, f"not a well-formed feed: {exc}") from None
    kind = _local(root.tag)
    if kind == "feed":
        return [_atom_entry(e, base) for e in root if _local(e.tag) == "entry"]
    if kind in ("rss", "RDF"):
        items = [e for e in root.iter() if _local(e.tag) == "item"]
        return [_rss_item(i, base) for i in items]
    raise InputError(shown, f"not an RSS or Atom feed (root element <{kind}>)")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def _rss_item(item: ET.Element, base: str | None) -> Entry:
    link = _text(_child(item, "link"))
    guid = _child(item, "guid")
    if link is None and guid is not None and guid.get("isPermaLink", "true") != "false":
        link = _text(guid)
    encoded = _child(item, "encoded")  # content:encoded, the full post
    return Entry(
        _text(_child(item, "title")),
        _absolute(link, base),
        _date(_text(_child(item, "pubDate", "date", "published", "updated"))),
        _text(encoded),
    )


def _atom_entry(entry: ET.Element, base: str | None) -> Entry:
    link = None
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            link = child.get("href")
            break
    return Entry(
        _text(_child(entry, "title")),
        _absolute(link, base),
        _date(_text(_child(entry, "published", "updated"))),
        _atom_content(_child(entry, "content")),
    )


def _atom_content(content: ET.Element | None) -> str | None:
    if content is None or content.get("src"):
        return None
    kind = content.get("type", "text")
    if kind == "xhtml":
        for element in content.iter():  # XHTML's namespace off, for plain HTML markup
            element.tag = _local(element.tag)
        markup = "".join(ET.tostring(child, encoding="unicode") for child in content)
        return markup.strip() or None
    text = _text(content)
    if text is None:
        return None
    return text if kind == "html" else f"<p>{html.escape(text)}</p>"


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    absolute = urljoin(base or "", link.strip())
    return absolute if absolute.lower().startswith(("http://", "https://")) else None


def _date(text: str | None) -> str | None:
    """YYYY-MM-DD from an RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) date."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    return match.group(1) if match else None
