"""Links: tracking-free display form, the form used for matching, and exclusion rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kubefollow.text import name_key

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid", "si"}
)


def _is_tracking(param: str) -> bool:
    p = param.lower()
    return p.startswith("utm_") or p in TRACKING_PARAMS


def clean_url(url: str) -> str:
    """The link as the post gave it, with tracking parameters removed."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def path_segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def match_key(url: str) -> str:
    """host/path with scheme, www., trailing slash, tracking parameters and fragment gone."""
    parts = urlsplit(clean_url(url))
    path = "/".join(path_segments(url))
    key = host_of(url) + ("/" + path if path else "")
    return key + ("?" + parts.query if parts.query else "")


def host_matches(host: str, rules: frozenset[str]) -> bool:
    """True if host is one of rules or a subdomain of one."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in rules for i in range(len(labels)))


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
    generic_texts: frozenset[str]
    shared_suffixes: frozenset[str]
    generic_subdomains: frozenset[str]

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
            generic_texts=frozenset(name_key(t) for t in words("generic_text", "texts")),
            shared_suffixes=words("naming", "shared_suffixes"),
            generic_subdomains=words("naming", "generic_subdomains"),
        )

    def reason_to_skip(self, url: str, text: str) -> str | None:
        """Why a link is not a project to follow up, or None if it is one."""
        stripped = url.strip()
        if not stripped or stripped.startswith(("#", "/", ".", "?")):
            return "internal"
        scheme = urlsplit(stripped).scheme.lower()
        if scheme in self.schemes:
            return "scheme"
        if scheme not in ("http", "https"):
            return "internal"
        host = host_of(stripped)
        if not host:
            return "internal"
        segments = path_segments(stripped)
        if host_matches(host, self.logistics_hosts) or host_matches(host, self.event_hosts):
            return "logistics"
        if host_matches(host, self.people_hosts):
            return "person"
        if self.at_paths and segments and segments[0].startswith("@"):
            return "person"
        if self.at_text and text.strip().startswith("@"):
            return "person"
        is_code_host = host_matches(host, self.code_hosts)
        if is_code_host and len(segments) == 1:
            return "person"
        if not is_code_host and any(s.lower() in self.logistics_path_words for s in segments):
            return "logistics"
        return None

    def is_generic_text(self, text: str) -> bool:
        return name_key(text) in self.generic_texts

    def is_code_host(self, url: str) -> bool:
        return host_matches(host_of(url), self.code_hosts)

    def name_from_url(self, url: str) -> str:
        """A repository's name, else the site's: github.com/fluxcd/flagger -> flagger,
        lws.sigs.k8s.io -> lws, docs.cilium.io -> cilium."""
        segments = path_segments(url)
        if self.is_code_host(url) and len(segments) >= 2:
            return segments[1].removesuffix(".git")
        labels = host_of(url).split(".")
        for i in range(1, len(labels)):
            if ".".join(labels[i:]) in self.shared_suffixes:
                labels = labels[:i]
                break
        else:
            labels = labels[:-1] or labels
        meaningful = [label for label in labels if label not in self.generic_subdomains]
        return meaningful[-1] if meaningful else labels[-1]


def load_exclusions() -> Exclusions:
    from kubefollow.rules import bundled

    return Exclusions.from_table(bundled("exclusions.toml"))
