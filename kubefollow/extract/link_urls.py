"""A link's address taken apart once, leniently: never raises on any string."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_MAX_URL = 4096  # longer "URLs" are looked at only this far


@dataclass(frozen=True, slots=True)
class _Url:
    scheme: str
    host: str  # lowercase, no "www." and no final dot; "" for a relative link
    segments: tuple[str, ...]  # the path's non-empty segments, percent-decoded
    relative: bool


_WWW = re.compile(r"^www\d?\.")


@functools.lru_cache(maxsize=4096)  # a link is looked at by several rules
def _split(url: str) -> _Url | None:
    s = url.strip()[:_MAX_URL]
    if s.startswith("//"):
        s = "https:" + s
    elif s[:4].lower() == "www.":
        s = "http://" + s
    try:
        parts = urlsplit(s)
        hostname = parts.hostname or ""
    except ValueError:
        return None
    segments = tuple(unquote(seg) for seg in parts.path.split("/") if seg)
    if not parts.netloc:
        return _Url(parts.scheme.lower(), "", segments, relative=not parts.scheme)
    host = _WWW.sub("", hostname.lower().rstrip("."))
    return _Url(parts.scheme.lower(), host, segments, relative=False)


@functools.lru_cache(maxsize=4096)
def _domains(host: str) -> tuple[str, ...]:
    """The host and each domain above it: a.b.c, b.c, c."""
    labels = host.split(".")
    return tuple(".".join(labels[i:]) for i in range(len(labels)))


def _extension(segments: tuple[str, ...]) -> str:
    if not segments:
        return ""
    last = segments[-1]
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem or not 1 <= len(ext) <= 5 or not ext.isalnum():
        return ""
    return ext.lower()
