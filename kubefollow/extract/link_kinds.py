"""What kind of page a link leads to (project, talk, person, image...), by the rules of
data/link-kinds.toml, with the rule that decided it. Pure: no I/O, never raises."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from kubefollow.extract.code_hosts import _code_host_kind, _code_host_of, _main_host
from kubefollow.extract.link_urls import _MAX_URL, _extension, _split
from kubefollow.rules.link_rules import (
    CodeHost,
    LinkKind,
    LinkRules,
    _HostEntry,
    _Verdict,
)
from kubefollow.rules.urls import _domains  # one cache with the exclusions' host lookups


def classify(url: str, text: str, context: str, rules: LinkRules) -> LinkKind:
    """The kind of page url leads to. text is the link's text, context the sentence (or
    list item) around the link, where an `article` cue would be."""
    base = _base_kind(url, text, rules)
    if base.kind in rules.article_applies_to and rules.article_cues is not None:
        if base.kind == "code-detail" and (base.detail or "") not in rules.article_code_segments:
            return base
        for where in (text, context):
            cue = rules.article_cues.search(where.lower()[:_MAX_URL])
            if cue:
                return base._replace(
                    kind="article",
                    rule=f"the author tells the reader to read it ({cue.group(0)!r}); "
                    f"else: {base.rule}",
                )
    return base


def _base_kind(url: str, text: str, rules: LinkRules) -> LinkKind:
    parts = _split(url)
    if parts is None:
        return LinkKind("internal", "not a URL that can be taken apart")
    ext = _extension(parts.segments) if parts.segments else ""  # (the call only if needed)
    if parts.relative or (parts.scheme and not parts.host):
        if parts.scheme in rules.chat_schemes:
            return LinkKind("chat", f"a {parts.scheme}: link is a conversation, not a page")
        if ext in rules.extensions and rules.extensions[ext].kind == "image":
            return LinkKind("image", f"a .{ext} file is {rules.extensions[ext].what}")
        if parts.relative and not parts.segments:
            return LinkKind("internal", "an empty link or a link to a part of the same page")
        if parts.relative:
            return LinkKind("internal", "a relative link: a page of the post's own site")
        return LinkKind("internal", f"a {parts.scheme}: link is not a web page")
    if parts.scheme in rules.chat_schemes:
        return LinkKind("chat", f"a {parts.scheme}: link is a conversation, not a page")
    if parts.scheme not in ("http", "https"):
        return LinkKind("internal", f"a {parts.scheme or 'schemeless'} link is not a web page")
    host, segments = parts.host, parts.segments
    facts = _host_facts(host, rules)
    if facts.local:
        return LinkKind("local", facts.local)
    if facts.code is not None:
        code = _code_host_kind(host, segments, rules, facts.code)
        if code is not None:
            return code
    if ext in rules.extensions:
        verdict = rules.extensions[ext]
        if ext_slides := _slides(verdict, segments, text, rules):
            return LinkKind("talk", ext_slides)
        return LinkKind(verdict.kind, f"a .{ext} file is {verdict.what}")
    entry = _host_rule(host, segments, rules) if facts.listed else None
    if entry is not None:
        where = "host" if not entry.path else "address"
        if entry.name_from_next_segment:
            name = segments[len(entry.path)] if len(segments) > len(entry.path) else None
            if name is None:
                return LinkKind("foundation", f"{where} {entry.entry} lists projects")
            return LinkKind(
                entry.verdict.kind, f"{where} {entry.entry} is {entry.verdict.what}", name=name
            )
        return LinkKind(entry.verdict.kind, f"{where} {entry.entry} is {entry.verdict.what}")
    pages = _pages_kind(host, segments, rules) if facts.pages else None
    if facts.label is not None:
        return facts.label
    if facts.ending is not None:
        return facts.ending
    path = _path_kind(segments, rules) if segments else None
    if path is not None:
        return path
    if pages is not None:
        return pages
    event = _event_words(text, rules) or facts.event
    if event is not None:
        return LinkKind("event", event)
    if rules.cta is not None:
        lowered = " ".join(text.lower().split())
        if lowered.startswith(rules.cta_starts):  # then which one, in order
            start = next(s for s in rules.cta_starts if lowered.startswith(s))
            return LinkKind(rules.cta.kind, f"the link text starts {start!r}: {rules.cta.what}")
    slug = _title_slug(segments, rules) if segments else None
    if slug is not None:
        return slug
    if not segments:
        return LinkKind("project", f"{host} is a site of its own: taken for a project's home")
    return LinkKind("project", f"a page of {host}, a site of its own: taken for a project's")


@dataclass(frozen=True, slots=True)
class _Host:
    """What the rules say of a host on its own, worked out once per host: a post links to
    the same few sites again and again, and most hosts are none of these (_QUIET)."""

    local: str | None = None  # why it is a local or reserved name, or an IP address
    code: CodeHost | None = None  # the code host it is
    listed: bool = False  # [hosts] has an entry for it or a domain above it
    pages: bool = False  # it is under a code host's pages domain (owner.github.io)
    label: LinkKind | None = None  # its first label says what it is ("blog.")
    ending: LinkKind | None = None  # its own name ends so ("kubernetespodcast")
    event: str | None = None  # its own name ends in an event word ("gitopsdays")


_QUIET = _Host()
_DIGITS = "0123456789"
_HOSTS_KEPT = 4096  # distinct hosts remembered per run (then forgotten all at once)


def _host_facts(host: str, rules: LinkRules) -> _Host:
    cache = rules.host_cache
    facts = cache.get(host)
    if facts is None:
        if len(cache) >= _HOSTS_KEPT:
            cache.clear()
        facts = cache[host] = _facts(host, rules)
    return facts


def _facts(host: str, rules: LinkRules) -> _Host:
    domains = _domains(host)
    # One look-up says whether any rule keyed by a host or a domain above it can apply.
    keyed = not rules.keyed_domains.isdisjoint(domains)
    labels = host.split(".")
    # Most hosts: no rule keyed by them, a plain name ending in a letter (no IP address,
    # a domain), labels of ASCII (then rstrip is _without_trailing_digits) that no rule
    # names: what the checks below come to, asked in a few C calls.
    if (
        not keyed
        and len(labels) >= 2
        and host[-1:].isalpha()
        and host.isascii()
        and ":" not in host
        and "\n" not in host
        and labels[0].rstrip(_DIGITS) not in rules.labels
        and not labels[-2].endswith(rules.label_ending_words)
        and not labels[-2].rstrip(_DIGITS).endswith(rules.event_host_endings)
    ):
        return _QUIET
    local = _local(host, domains if keyed else (), rules)
    label = None
    if len(labels) >= 3:
        first = _without_trailing_digits(labels[0])
        if first in rules.labels:
            verdict = rules.labels[first]
            label = LinkKind(verdict.kind, f"host {host} starts with '{first}.': {verdict.what}")
    ending = _site_name_ending(labels[-2] if len(labels) >= 2 else "", rules)
    event = _event_host(host, labels[-2] if len(labels) >= 2 else host, rules)
    if not keyed and local is None and label is None and ending is None and event is None:
        return _QUIET
    return _Host(
        local,
        _code_host_of(host, rules) if keyed else None,
        keyed and not rules.hosts.keys().isdisjoint(domains),
        keyed and host.endswith(rules.pages_dotted_suffixes),
        label,
        ending,
        event,
    )


def _without_trailing_digits(label: str) -> str:
    """_TRAILING_DIGITS.sub("", label); str.rstrip does the same on ASCII, faster."""
    if label.isascii() and not label.endswith("\n"):
        return label.rstrip("0123456789")
    return _TRAILING_DIGITS.sub("", label)


def _site_name_ending(own: str, rules: LinkRules) -> LinkKind | None:
    """A site whose own name ends in a word such as "podcast" (kubernetespodcast.com)."""
    if not own.endswith(rules.label_ending_words):
        return None
    for ending, verdict in rules.label_endings.items():
        if own.endswith(ending) and own != ending:
            return LinkKind(verdict.kind, f"site name {own!r} ends in {ending!r}: {verdict.what}")
    return None


_EVENT_TOKEN = re.compile(r"[\w+]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SLUG_SEPARATORS = re.compile(r"[-_]+")  # compiled once: re.split's cache look-up per link


def _event_words(text: str, rules: LinkRules) -> str | None:
    lowered = text.lower()
    # A single word has itself for only token (findall's answer, without the regex).
    tokens = [lowered] if lowered.isalnum() else _EVENT_TOKEN.findall(lowered)
    if not rules.event_text.isdisjoint(tokens):
        for i, token in enumerate(tokens):
            if token in rules.event_text and not (i + 1 < len(tokens) and tokens[i + 1].isdigit()):
                return f"the link text has the event word {token!r}: an event's site"
    if rules.event_years:
        for token in tokens:
            if len(token) == 4 and _YEAR.fullmatch(token):
                return f"the link text has the year {token!r}: an event's or a dated page"
    return None


def _event_host(host: str, own: str, rules: LinkRules) -> str | None:
    own = _without_trailing_digits(own)
    if not own.endswith(rules.event_host_endings):
        return None
    for ending in rules.event_host_endings:
        if own.endswith(ending):
            return f"host {host} ends in '{ending}': an event's site"
    return None


def _local(host: str, domains: tuple[str, ...], rules: LinkRules) -> str | None:
    """Why host is local or reserved; domains: the host's, empty when no rule keyed by a
    domain can apply (the caller knows)."""
    bare = host.strip("[]")
    # Only what could be an address is parsed as one (a cost per link otherwise).
    if rules.local_ips and (":" in bare or bare.replace(".", "").isdigit()):
        try:
            address = ipaddress.ip_address(bare)
        except ValueError:
            pass
        else:
            if address.is_loopback:
                return f"{bare} is a loopback address"
            if address.is_private or address.is_link_local:
                return f"{bare} is a private address"
            return f"{bare} is an IP address, not a site's name"
    if domains and not rules.local_hosts.isdisjoint(domains):  # the host or a domain above
        return f"host {host} is a reserved or local name"
    if domains and (host in rules.local_suffix_set or host.endswith(rules.local_dotted_suffixes)):
        for suffix in rules.local_suffixes:  # which one, in order
            if host == suffix or host.endswith("." + suffix):
                return f"host {host} ends in .{suffix}, a local or reserved name"
    if "." not in host:
        return f"host {host} has no domain: a machine on a private network"
    return None


def _slides(
    verdict: _Verdict, segments: tuple[str, ...], text: str, rules: LinkRules
) -> str | None:
    if verdict.kind != "reference" or not rules.slide_words:
        return None
    haystack = (" ".join(segments) + " " + text).lower()
    for word in rules.slide_words:
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", haystack):
            return f"a document file with '{word}' in its address or text: a talk's slides"
    return None


def _host_rule(host: str, segments: tuple[str, ...], rules: LinkRules) -> _HostEntry | None:
    domains = _domains(host)
    if rules.hosts.keys().isdisjoint(domains):
        return None
    best: _HostEntry | None = None
    best_score = (-1, -1)
    lowered = tuple(s.lower() for s in segments)
    for domain in domains:
        for entry in rules.hosts.get(domain, ()):
            if entry.exact and domain != host:
                continue
            if lowered[: len(entry.path)] != entry.path:
                continue
            score = (domain.count(".") + 1, len(entry.path))
            if score > best_score:
                best, best_score = entry, score
    return best


def _title_slug(segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    """A page whose address ends in a title (a-post-about-many-things): a post, not a
    project's home; documentation paths excepted."""
    if rules.slug is None or not segments or segments[0].lower() in rules.docs_segments:
        return None
    words = [w for w in _SLUG_SEPARATORS.split(segments[-1].rsplit(".", 1)[0]) if w]
    if len(words) < rules.slug_min_words:
        return None
    return LinkKind(
        rules.slug.kind, f"the address ends in a title of {len(words)} words: {rules.slug.what}"
    )


def _path_kind(segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    if not segments:
        return None
    first = segments[0].lower()
    if rules.at_first is not None and first.startswith("@") and len(first) > 1:
        return LinkKind(rules.at_first.kind, f"/{segments[0]}: {rules.at_first.what}")
    if rules.years is not None:
        # A locale first does not hide the date after it (/en/2022/...).
        dated = segments[1] if len(segments) > 1 and rules.locale.fullmatch(first) else first
        if _YEAR.fullmatch(dated):
            return LinkKind(rules.years.kind, f"a dated path (/{dated}/...): {rules.years.what}")
    if first in rules.path_first:
        verdict = rules.path_first[first]
        return LinkKind(verdict.kind, f"path /{first}/: {verdict.what}")
    for segment in segments:
        word = segment.lower()
        if word in rules.docs_segments:
            break
        if word in rules.path_any:
            verdict = rules.path_any[word]
            return LinkKind(verdict.kind, f"path segment /{word}/: {verdict.what}")
    return None


# --- code hosts --------------------------------------------------------------------------


def _pages_kind(host: str, segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    """owner.github.io/repo: a repository's own site."""
    if not host.endswith(rules.pages_dotted_suffixes):
        return None
    for ch in rules.code_hosts:
        for suffix in ch.pages_suffixes:
            if not host.endswith("." + suffix):
                continue
            owner = host[: -len(suffix) - 1]
            if "." in owner:
                return None
            main = _main_host(ch)
            if segments and not _extension(segments[:1]):
                repository = f"{owner}/{segments[0]}"
                return LinkKind(
                    "project",
                    f"{host}/{segments[0]} is the site of repository {main}/{repository}",
                    repository=repository,
                    code_host=main,
                    name=segments[0],
                )
            return LinkKind("project", f"{host} is the site of {main} account {owner}", name=owner)
    return None
