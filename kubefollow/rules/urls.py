"""Links: tracking-free display form, the form used for matching, and exclusion rules."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kubefollow.rules.text import text_rules

_URL_CACHE = 4096  # a post's links are looked at several times each
# An http(s) URL of a host name and a path only: what urlsplit makes of it is plain to see,
# and clean_url leaves it as it is. Most links are like this; they skip urllib.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(/[A-Za-z0-9._~/-]*)?")


def _is_tracking(param: str) -> bool:
    rules = text_rules()
    p = param.lower()
    return p.startswith(rules.tracking_prefixes) or p in rules.tracking_params


def clean_url(url: str) -> str:
    """The link as the post gave it, with tracking parameters removed."""
    stripped = url.strip()
    if _parts(stripped).plain:  # split already (cached): nothing to remove
        return stripped
    return _without_tracking(stripped)


@functools.lru_cache(maxsize=_URL_CACHE)
def _without_tracking(stripped: str) -> str:
    parts = urlsplit(stripped)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


class _Parts(NamedTuple):
    scheme: str  # lowercase
    host: str  # lowercase, without "www." and a final dot; "" when there is none
    segments: tuple[str, ...]  # the path's non-empty segments
    plain: bool  # of _PLAIN_URL's shape: clean_url keeps it as it is, it has no query
    relative: bool = False  # no scheme, no host: a link to a page of the same site


@functools.lru_cache(maxsize=_URL_CACHE)
def _parts(url: str) -> _Parts:
    """What the functions below need of a URL, split once (link kinds use it too)."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain:  # what the branch below gives, the steps it needs for a plain URL only
        hostname, path = plain.group(1, 2)
        host = hostname.lower()  # no final dot: the pattern has none
        # tuple.__new__: the NamedTuple without its __new__, a Python function (one per link)
        return tuple.__new__(
            _Parts,
            (
                "https" if url[4] == "s" else "http",
                host[4:] if host.startswith("www.") else host,
                tuple(filter(None, path.split("/"))) if path else (),  # the non-empty ones
                True,
                False,
            ),
        )
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    return _Parts(
        parts.scheme.lower(),
        host[4:] if host.startswith("www.") else host,
        tuple(filter(None, parts.path.split("/"))),
        False,
        not parts.scheme and not parts.netloc,
    )


def host_of(url: str) -> str:
    return _parts(url).host


def path_segments(url: str) -> list[str]:
    return list(_parts(url).segments)


def match_key(url: str) -> str:
    """host/path with scheme, www., trailing slash, tracking parameters and fragment gone."""
    parts = _parts(url)
    if not parts.plain:
        return _match_key(url)
    # A plain URL (the common case, not worth a cache of its own) has no query to keep.
    return parts.host + "/" + "/".join(parts.segments) if parts.segments else parts.host


@functools.lru_cache(maxsize=_URL_CACHE)
def _match_key(url: str) -> str:
    clean = clean_url(url)
    query = "" if _PLAIN_URL.fullmatch(clean) else urlsplit(clean).query
    parts = _parts(url)
    path = "/".join(parts.segments)
    key = parts.host + ("/" + path if path else "")
    return key + ("?" + query if query else "")


def host_matches(host: str, rules: frozenset[str]) -> bool:
    """True if host is one of rules or a subdomain of one."""
    return not rules.isdisjoint(_domains(host))


@functools.lru_cache(maxsize=_URL_CACHE)
def _domains(host: str) -> tuple[str, ...]:
    """The host and each domain above it: a.b.c, b.c, c."""
    domains = [host]
    dot = host.find(".")
    while dot >= 0:  # what follows each dot (str.find: no list of labels to join again)
        domains.append(host[dot + 1 :])
        dot = host.find(".", dot + 1)
    return tuple(domains)


@dataclass(frozen=True)
class Exclusions:
    schemes: frozenset[str]
    logistics_hosts: frozenset[str]
    event_hosts: frozenset[str]
    logistics_path_words: frozenset[str]
    people_hosts: frozenset[str]
    code_hosts: frozenset[str]
    at_paths: bool
    at_text: bool
    # The user's "never again" ([never] urls, hosts): exact links (by match_key) and hosts.
    never_urls: frozenset[str] = frozenset()
    never_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> Exclusions:
        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in table.get(section, {}).get(key, []))

        return cls(
            schemes=frozenset(s.lower() for s in table.get("schemes", [])),
            logistics_hosts=words("logistics", "hosts"),
            event_hosts=words("logistics", "event_hosts"),
            logistics_path_words=words("logistics", "path_words"),
            people_hosts=words("people", "hosts"),
            code_hosts=words("people", "code_hosts"),
            at_paths=bool(table.get("people", {}).get("at_paths", True)),
            at_text=bool(table.get("people", {}).get("at_text", True)),
            never_urls=frozenset(match_key(str(u)) for u in table.get("never", {}).get("urls", [])),
            never_hosts=words("never", "hosts"),
        )

    @functools.cached_property
    def _listed_hosts(self) -> frozenset[str]:
        """The hosts of every list reason_to_skip looks a link's host up in first."""
        return self.never_hosts | self.logistics_hosts | self.event_hosts | self.people_hosts

    def reason_to_skip(self, url: str, text: str) -> str | None:
        """Why a link is not a project to follow up, or None if it is one."""
        stripped = url.strip()
        if not stripped or stripped.startswith(("#", "/", ".", "?")):
            return "internal"
        scheme, host, segments = (parts := _parts(stripped)).scheme, parts.host, parts.segments
        if scheme in self.schemes:
            return "scheme"
        if scheme not in ("http", "https"):
            return "internal"
        if not host:
            return "internal"
        if self.never_urls and match_key(stripped) in self.never_urls:
            return "never (your rule for this link)"
        domains = _domains(host)  # host_matches's look-ups, the domains taken once
        if not self._listed_hosts.isdisjoint(domains):  # then which list
            if host_matches(host, self.never_hosts):
                return "never (your rule for this host)"
            if host_matches(host, self.logistics_hosts) or host_matches(host, self.event_hosts):
                return "logistics"
            if host_matches(host, self.people_hosts):
                return "person"
        if self.at_paths and segments and segments[0].startswith("@"):
            return "person"
        if self.at_text and text.strip().startswith("@"):
            return "person"
        is_code_host = not self.code_hosts.isdisjoint(domains)
        if is_code_host and len(segments) == 1:
            return "person"
        if (
            not is_code_host
            and segments
            # (map and isdisjoint: the any() of each segment's word, no generator frame)
            and not self.logistics_path_words.isdisjoint(map(str.lower, segments))
        ):
            return "logistics"
        return None


def load_exclusions() -> Exclusions:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    try:
        return Exclusions.from_table(with_user_rules("exclusions.toml"))
    except (TypeError, AttributeError, ValueError) as exc:
        raise UsageError(f"exclusions.toml: not in the bundled file's shape ({exc})") from None


@functools.lru_cache(maxsize=_URL_CACHE)
def canonical_url(url: str) -> str:
    """A web post's identity: the URL with tracking parameters and the fragment removed,
    the scheme and host in lower case, without a default port."""
    parts = urlsplit(clean_url(url))
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
