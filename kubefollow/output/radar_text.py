"""Text from posts made safe for the radar's formats: one line, no controls, nothing XML 1.0
forbids (lone surrogates, U+FFFE, U+FFFF), escaped for XML and HTML (attributes too); links
only when they are http(s) URLs; and the markers each blip carries (new, maturity)."""

from __future__ import annotations

import re

from kubefollow.records import Blip
from kubefollow.text import one_line

_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\]")


def clean(text: str | None, limit: int | None = None) -> str:
    """One line of plain text, nothing XML cannot hold; cut to limit characters (with …)."""
    out = one_line(text or "")
    if not out.isascii():
        out = _NOT_XML.sub("", out)
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def xml_text(text: str | None, limit: int | None = None) -> str:
    """Element content for XML or HTML."""
    return clean(text, limit).translate(_TEXT)


def attr(text: str | None) -> str:
    """An attribute value (to go between double quotes)."""
    return clean(text).translate(_ATTR)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link with nothing that could end an attribute
    or carry a control; else None (no link is made)."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"(?i)https?://[^/\s]", url) or _URL_UNSAFE.search(url):
        return None
    return _NOT_XML.sub("", url)


def blip_tags(blip: Blip) -> str:
    """The blip's markers in words: "new", "CNCF graduated"."""
    tags = []
    if blip.is_new:
        tags.append("new")
    maturity = blip.item.maturity
    if maturity:
        tags.append(f"CNCF {maturity}")
    return ", ".join(tags)
