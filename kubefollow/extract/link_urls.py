"""A link's address taken apart once, leniently: never raises on any string."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from kubefollow.rules.urls import _parts

_MAX_URL = 4096  # longer "URLs" are looked at only this far


class _Url(NamedTuple):  # a tuple: built for every link, twice as fast as a dataclass
    scheme: str
    host: str  # lowercase, no "www." and no final dot; "" for a relative link
    segments: tuple[str, ...]  # the path's non-empty segments, percent-decoded
    relative: bool


_WWW = re.compile(r"^www\d?\.")
# An http(s) URL of a host name and a path only, none of it percent-encoded: what urlsplit
# and unquote make of it is plain to see, so most links skip them.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(/[A-Za-z0-9._~/-]*)?")


@functools.lru_cache(maxsize=4096)  # a link is looked at by several rules
def _split(url: str) -> _Url | None:
    s = url.strip()[:_MAX_URL]
    try:
        shared = _parts(s)  # the exclusions' and the catalog's split of the same link
    except ValueError:
        shared = None
    # A plain URL's split is this one, but for a host "www2." (that one _WWW strips)
    if shared is not None and shared.plain and not shared.host.startswith("www"):
        return _Url(shared.scheme, shared.host, shared.segments, False)
    plain = _PLAIN_URL.fullmatch(s)
    if plain:
        host = _WWW.sub("", plain[1].lower())
        path = plain[2] or ""
        return _Url(s[: s.index(":")], host, tuple(seg for seg in path.split("/") if seg), False)
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


def _extension(segments: tuple[str, ...]) -> str:
    if not segments:
        return ""
    last = segments[-1]
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem or not 1 <= len(ext) <= 5 or not ext.isalnum():
        return ""
    return ext.lower()
