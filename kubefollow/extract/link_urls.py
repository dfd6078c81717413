"""A link's address taken apart once, leniently: never raises on any string."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

from kubefollow.rules.urls import _Parts, _parts

_MAX_URL = 4096  # longer "URLs" are looked at only this far
_WWW = re.compile(r"^www\d?\.")
# An http(s) URL of a host name and a path only, none of it percent-encoded: what urlsplit
# and unquote make of it is plain to see, so most links skip them.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(/[A-Za-z0-9._~/-]*)?")


def _split(url: str) -> _Parts | None:
    """The link's scheme, host (lowercase, no "www." or "www2.", no final dot; "" for a
    relative link), path segments (percent-decoded) and whether it is relative."""
    s = url.strip()[:_MAX_URL]
    try:
        shared = _parts(s)  # the rules' split of the same link, from their cache
    except ValueError:
        shared = None
    # A plain URL's split is the rules' one, but for a host "www2." (which _WWW strips)
    if shared is not None and shared.plain and not shared.host.startswith("www"):
        return shared
    return _split_apart(s)


@functools.lru_cache(maxsize=4096)  # a link is looked at by several rules
def _split_apart(s: str) -> _Parts | None:
    plain = _PLAIN_URL.fullmatch(s)
    if plain:
        host = _WWW.sub("", plain[1].lower())
        path = plain[2] or ""
        return _Parts(s[: s.index(":")], host, tuple(seg for seg in path.split("/") if seg), True)
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
        return _Parts(parts.scheme.lower(), "", segments, False, relative=not parts.scheme)
    host = _WWW.sub("", hostname.lower().rstrip("."))
    return _Parts(parts.scheme.lower(), host, segments, False)


def _extension(segments: tuple[str, ...]) -> str:
    if not segments:
        return ""
    last = segments[-1]
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem or not 1 <= len(ext) <= 5 or not ext.isalnum():
        return ""
    return ext.lower()
