"""One URL fetched within limits: a timeout, a size cap read in chunks, at most five
redirects, text content types only. Every failure is an InputError naming the URL."""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubefollow import __version__
from kubefollow.errors import InputError
from kubefollow.vocab import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
# A whole response must arrive within this many timeouts (a server trickling a byte at a
# time would otherwise never hit the per-read timeout).
TOTAL_TIMEOUTS = 3
CHUNK = 64 * 1024
OFFLINE = "not fetched: --offline refuses every URL"
USER_AGENT = f"kubefollow/{__version__}"
# Media types worth reading: pages, Markdown and plain text, feeds. Anything else (images,
# PDFs, archives, JSON APIs...) is refused before its body is read.
TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/markdown",
        "text/x-markdown",
        "text/plain",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
    }
)


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = DEFAULT_TIMEOUT  # seconds to connect, and between two reads
    max_bytes: int = DEFAULT_MAX_BYTES
    offline: bool = False  # refuse every URL


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    media_type: str  # lowercase, without parameters; "" when the server sent none
    charset: str | None  # from the Content-Type header
    data: bytes  # decompressed


def client(options: FetchOptions) -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )


_ACCEPT = (
    "text/html,application/xhtml+xml,text/markdown;q=0.9,application/rss+xml;q=0.9,"
    "application/atom+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)


def fetch(url: str, options: FetchOptions, http: httpx.Client) -> Fetched:
    """The URL's body, decompressed, or an InputError saying why not."""
    import httpx

    if options.offline:
        raise InputError(url, OFFLINE)
    deadline = time.monotonic() + options.timeout * TOTAL_TIMEOUTS
    try:
        with http.stream("GET", url) as response:
            _check_response(url, response, options.max_bytes)
            data = _read_body(url, response, options.max_bytes, deadline)
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return Fetched(url, str(response.url), media_type, charset, data)
    except httpx.TooManyRedirects:
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise InputError(url, f"timed out after {options.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(url, _reason(exc)) from None
    except (UnicodeError, ValueError) as exc:  # a URL httpx cannot even parse
        raise InputError(url, f"not a valid URL ({exc})") from None


def _check_response(url: str, response: httpx.Response, max_bytes: int) -> None:
    if response.status_code >= 300:  # a redirect left after following them has no page
        phrase = response.reason_phrase or ""
        raise InputError(url, f"HTTP {response.status_code} {phrase}".strip())
    media_type, _ = _content_type(response.headers.get("content-type", ""))
    if media_type and media_type not in TEXT_TYPES:
        raise InputError(url, f"content type {media_type} is not a web page, Markdown or a feed")
    length = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity").lower()
    if length.isdigit() and encoded == "identity" and int(length) > max_bytes:
        raise InputError(url, f"{int(length):,} bytes is over the {max_bytes:,}-byte limit")


def _read_body(url: str, response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The body in chunks, stopping as soon as it passes max_bytes (decompressed: a small
    gzip bomb is stopped too) or the deadline."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"over the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise InputError(url, "timed out: the response took too long to arrive")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def _reason(exc: Exception) -> str:
    """What went wrong, in words: DNS, a refused connection, TLS, else httpx's message."""
    seen: Exception | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        if isinstance(seen, socket.gaierror):
            return "DNS lookup failed: no such host"
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        if isinstance(seen, ssl.SSLError):
            return f"TLS error: {seen.reason or seen}"
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "name or service not known" in lowered or "name resolution" in lowered:
        return "DNS lookup failed: no such host"
    if "nodename nor servname" in lowered or "no address associated" in lowered:
        return "DNS lookup failed: no such host"
    if "connection refused" in lowered:
        return "connection refused"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"TLS error: {text[:160]}"
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__
