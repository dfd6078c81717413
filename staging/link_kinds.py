"""What kind of page a link leads to, and what a project link is called.

Pure and stdlib-only: rules come from data/link-kinds.toml (merged with the user's own file)
as a LinkRules value; classify() and name_from_link() never raise on any string and never
touch the network or the disk.

    rules = load_link_rules([bundled_rules_path(), user_file])
    kind = classify(url, link_text, sentence, rules)      # LinkKind(kind="talk", rule=...)
    name, why = name_from_link(url, link_text, kind, rules)
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

KINDS = frozenset(
    {
        "project",
        "code-detail",
        "profile",
        "talk",
        "chat",
        "social",
        "image",
        "embed",
        "event",
        "foundation",
        "news",
        "reference",
        "local",
        "article",
        "shortener",
        "internal",
    }
)
# The kinds whose links become items; every other kind's link is not an item (its text
# may still name a project, which the named-mention matcher finds).
ITEM_KINDS = frozenset({"project", "article"})

_MAX_URL = 4096  # longer "URLs" are looked at only this far


@dataclass(frozen=True, slots=True)
class LinkKind:
    """What a link leads to and the rule that decided it (shown by `ingest --explain`)."""

    kind: str
    rule: str
    # On a code host: the repository ("owner/repo"; "group/sub/project" on GitLab,
    # "~user/name" on sourcehut), the host it is on, and the suggested name (the
    # repository's name) when the kind is project or code-detail.
    repository: str | None = None
    code_host: str | None = None
    name: str | None = None
    # For code-detail: the URL segment that made it one ("issues", "pull", "blob", "kep",
    # "gist", "user-attachments"...); for profile: the account's login.
    detail: str | None = None

    @property
    def is_item(self) -> bool:
        return self.kind in ITEM_KINDS

    @property
    def account_url(self) -> str | None:
        """host/login of a profile: the catalog may know the organisation as a project."""
        if self.kind != "profile" or self.code_host is None or self.detail is None:
            return None
        return f"{self.code_host}/{self.detail}"

    @property
    def repository_url(self) -> str | None:
        """host/owner/repo, the form the catalog's repository URLs take."""
        if self.repository is None or self.code_host is None:
            return None
        return f"{self.code_host}/{self.repository}"


@dataclass(frozen=True, slots=True)
class _Verdict:
    kind: str
    what: str  # "a video host": the rule message's end


@dataclass(frozen=True, slots=True)
class _HostEntry:
    entry: str  # as written in the data file, for messages
    host: str
    path: tuple[str, ...]
    exact: bool
    verdict: _Verdict
    name_from_next_segment: bool = False


@dataclass(frozen=True, slots=True)
class CodeHost:
    name: str
    hosts: frozenset[str]
    shape: str  # "owner/repo", "groups" or "tilde"
    detail_segments: frozenset[str]
    profile_first: frozenset[str]
    site_first: frozenset[str]
    detail_first: frozenset[str]
    detail_hosts: frozenset[str]
    pages_suffixes: tuple[str, ...]
    repository_hosts: frozenset[str]


@dataclass(frozen=True)
class LinkRules:
    chat_schemes: frozenset[str]
    internal_schemes: frozenset[str]
    local_hosts: frozenset[str]
    local_suffixes: tuple[str, ...]
    local_ips: bool
    code_hosts: tuple[CodeHost, ...]
    kep_repositories: frozenset[str]
    extensions: Mapping[str, _Verdict]
    slide_words: tuple[str, ...]
    hosts: Mapping[str, tuple[_HostEntry, ...]]  # by the entry's host
    labels: Mapping[str, _Verdict]
    path_any: Mapping[str, _Verdict]
    path_first: Mapping[str, _Verdict]
    at_first: _Verdict | None
    years: _Verdict | None
    docs_segments: frozenset[str]
    article_cues: re.Pattern[str] | None
    article_applies_to: frozenset[str]
    article_code_segments: frozenset[str]
    generic: frozenset[str]
    nouns: frozenset[str]
    fillers: frozenset[str]
    phrase_starts: frozenset[str]
    max_words: int
    shared_suffixes: tuple[str, ...]  # longest first
    generic_subdomains: frozenset[str]
    product_paths: tuple[_HostEntry, ...]
    product_segments: frozenset[str]
    locale: re.Pattern[str]
    event_text: frozenset[str] = frozenset()
    event_host_endings: tuple[str, ...] = ()
    code_host_by_host: Mapping[str, CodeHost] = field(default_factory=dict, repr=False)


# --- loading -----------------------------------------------------------------------------


def bundled_rules_path() -> Path:
    """data/link-kinds.toml of this checkout (the package will use its data directory)."""
    return Path(__file__).resolve().parents[1] / "data" / "link-kinds.toml"


def load_link_rules(paths: Sequence[Path]) -> LinkRules:
    """The rules of these TOML files, each merged over the ones before it (lists extend,
    tables merge, other values are replaced). Raises ValueError for a file that is not
    valid TOML or not in the bundled file's shape, OSError for one that cannot be read."""
    merged: dict[str, Any] = {}
    for path in paths:
        with path.open("rb") as f:
            try:
                table = tomllib.load(f)
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path}: not valid TOML ({exc})") from None
        merged = merge_tables(merged, table)
    return rules_from_table(merged)


def merge_tables(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """extra over base: lists extended (without repeats), tables merged, values replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_tables(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        elif old is not None and type(old) is not type(value):
            raise ValueError(
                f"{key} = {value!r}: expected {type(old).__name__} as in the bundled file"
            )
        else:
            merged[key] = value
    return merged


def _words(table: Mapping[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key}: expected a list of strings")
    return [v.strip().lower() for v in value if v.strip()]


def _table(table: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"[{key}]: expected a table")
    return value


def _verdict(name: str, group: Mapping[str, Any]) -> _Verdict:
    kind, what = group.get("kind"), group.get("what")
    if kind not in KINDS:
        raise ValueError(f"[{name}] kind = {kind!r}: expected one of {', '.join(sorted(KINDS))}")
    if not isinstance(what, str) or not what:
        raise ValueError(f'[{name}] needs what = "..." (how --explain describes it)')
    return _Verdict(kind, what)


def _host_entry(entry: str, verdict: _Verdict, next_segment: bool = False) -> _HostEntry:
    exact = entry.startswith("=")
    host, _, path = entry.lstrip("=").partition("/")
    host = host.removeprefix("www.")
    return _HostEntry(
        entry.lstrip("="),
        host,
        tuple(s for s in path.split("/") if s),
        exact,
        verdict,
        next_segment,
    )


def rules_from_table(table: Mapping[str, Any]) -> LinkRules:
    schemes = _table(table, "schemes")
    local = _table(table, "local")
    code_hosts = []
    for name, group in _table(table, "code_hosts").items():
        if not isinstance(group, dict):
            raise ValueError(f"[code_hosts.{name}]: expected a table")
        shape = group.get("shape", "owner/repo")
        if shape not in ("owner/repo", "groups", "tilde"):
            raise ValueError(f"[code_hosts.{name}] shape = {shape!r}: owner/repo, groups or tilde")
        code_hosts.append(
            CodeHost(
                name=name,
                hosts=frozenset(_words(group, "hosts")),
                shape=shape,
                detail_segments=frozenset(_words(group, "detail_segments")),
                profile_first=frozenset(_words(group, "profile_first")),
                site_first=frozenset(_words(group, "site_first")),
                detail_first=frozenset(_words(group, "detail_first")),
                detail_hosts=frozenset(_words(group, "detail_hosts")),
                pages_suffixes=tuple(_words(group, "pages_suffixes")),
                repository_hosts=frozenset(_words(group, "repository_hosts")),
            )
        )
    extensions: dict[str, _Verdict] = {}
    slide_words: list[str] = []
    for name, group in _table(table, "extensions").items():
        verdict = _verdict(f"extensions.{name}", group)
        for ext in _words(group, "extensions"):
            extensions[ext.lstrip(".")] = verdict
        slide_words += _words(group, "slide_words")
    hosts: dict[str, list[_HostEntry]] = {}
    for name, group in _table(table, "hosts").items():
        verdict = _verdict(f"hosts.{name}", group)
        next_segment = bool(group.get("name_from_next_segment", False))
        for entry in _words(group, "hosts"):
            he = _host_entry(entry, verdict, next_segment)
            hosts.setdefault(he.host, []).append(he)
    labels: dict[str, _Verdict] = {}
    for name, group in _table(table, "labels").items():
        verdict = _verdict(f"labels.{name}", group)
        for label in _words(group, "labels"):
            labels[label] = verdict
    path_any: dict[str, _Verdict] = {}
    path_first: dict[str, _Verdict] = {}
    at_first = years = None
    for name, group in _table(table, "paths").items():
        verdict = _verdict(f"paths.{name}", group)
        for word in _words(group, "any"):
            path_any[word] = verdict
        for word in _words(group, "first"):
            path_first[word] = verdict
        if group.get("at_first"):
            at_first = verdict
        if group.get("years"):
            years = verdict
    article = _table(table, "article")
    cues = _words(article, "cues")
    cue_pattern = (
        re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            + r")(?!\w)"
        )
        if cues
        else None
    )
    anchors = _table(table, "anchors")
    naming = _table(table, "naming")
    max_words = anchors.get("max_words", 4)
    if not isinstance(max_words, int) or max_words < 1:
        raise ValueError("[anchors] max_words: expected a positive integer")
    locale = naming.get("locale_pattern", r"^[a-z]{2}(-[a-z]{2,4})?$")
    try:
        locale_re = re.compile(str(locale))
    except re.error as exc:
        raise ValueError(f"[naming] locale_pattern: {exc}") from None
    product = _Verdict("project", "a product page")
    rules = LinkRules(
        chat_schemes=frozenset(_words(schemes, "chat")),
        internal_schemes=frozenset(_words(schemes, "internal")),
        local_hosts=frozenset(h.removeprefix("www.") for h in _words(local, "hosts")),
        local_suffixes=tuple(s.lstrip(".") for s in _words(local, "suffixes")),
        local_ips=bool(local.get("ip_addresses", True)),
        code_hosts=tuple(code_hosts),
        kep_repositories=frozenset(_words(_table(table, "kep"), "repositories")),
        extensions=extensions,
        slide_words=tuple(slide_words),
        hosts={h: tuple(entries) for h, entries in hosts.items()},
        labels=labels,
        path_any=path_any,
        path_first=path_first,
        at_first=at_first,
        years=years,
        docs_segments=frozenset(_words(_table(table, "docs_paths"), "segments")),
        article_cues=cue_pattern,
        article_applies_to=frozenset(_words(article, "applies_to")),
        article_code_segments=frozenset(_words(article, "code_detail_segments")),
        generic=frozenset(_words(anchors, "generic")),
        nouns=frozenset(_words(anchors, "nouns")),
        fillers=frozenset(_words(anchors, "fillers")),
        phrase_starts=frozenset(_words(anchors, "phrase_starts")),
        max_words=max_words,
        shared_suffixes=tuple(sorted(_words(naming, "shared_suffixes"), key=len, reverse=True)),
        generic_subdomains=frozenset(_words(naming, "generic_subdomains")),
        product_paths=tuple(_host_entry(e, product) for e in _words(naming, "product_path_hosts")),
        product_segments=frozenset(_words(naming, "product_segments")),
        locale=locale_re,
        event_text=frozenset(_words(_table(table, "event_words"), "text")),
        event_host_endings=tuple(_words(_table(table, "event_words"), "host_endings")),
        code_host_by_host={h: ch for ch in code_hosts for h in ch.hosts | ch.detail_hosts},
    )
    return rules


# --- URLs --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Url:
    scheme: str
    host: str  # lowercase, no "www." and no final dot; "" for a relative link
    segments: tuple[str, ...]  # the path's non-empty segments, percent-decoded
    relative: bool


_WWW = re.compile(r"^www\d?\.")


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


def _domains(host: str) -> list[str]:
    """The host and each domain above it: a.b.c, b.c, c."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def _extension(segments: tuple[str, ...]) -> str:
    if not segments:
        return ""
    last = segments[-1]
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem or not 1 <= len(ext) <= 5 or not ext.isalnum():
        return ""
    return ext.lower()


# --- classify ----------------------------------------------------------------------------


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
                return replace(
                    base,
                    kind="article",
                    rule=f"the author tells the reader to read it ({cue.group(0)!r}); "
                    f"else: {base.rule}",
                )
    return base


def _base_kind(url: str, text: str, rules: LinkRules) -> LinkKind:
    parts = _split(url)
    if parts is None:
        return LinkKind("internal", "not a URL that can be taken apart")
    ext = _extension(parts.segments)
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
    local = _local(host, rules)
    if local:
        return LinkKind("local", local)
    code = _code_host_kind(host, segments, rules)
    if code is not None:
        return code
    if ext in rules.extensions:
        verdict = rules.extensions[ext]
        if ext_slides := _slides(verdict, segments, text, rules):
            return LinkKind("talk", ext_slides)
        return LinkKind(verdict.kind, f"a .{ext} file is {verdict.what}")
    entry = _host_rule(host, segments, rules)
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
    pages = _pages_kind(host, segments, rules)
    first_label = re.sub(r"\d+$", "", host.split(".", 1)[0])
    if "." in host and first_label in rules.labels and host.count(".") >= 2:
        verdict = rules.labels[first_label]
        return LinkKind(verdict.kind, f"host {host} starts with '{first_label}.': {verdict.what}")
    path = _path_kind(segments, rules)
    if path is not None:
        return path
    if pages is not None:
        return pages
    event = _event_words(host, text, rules)
    if event is not None:
        return LinkKind("event", event)
    if not segments:
        return LinkKind("project", f"{host} is a site of its own: taken for a project's home")
    return LinkKind("project", f"a page of {host}, a site of its own: taken for a project's")


def _event_words(host: str, text: str, rules: LinkRules) -> str | None:
    tokens = re.findall(r"[\w+]+", text.lower())
    for i, token in enumerate(tokens):
        if token in rules.event_text and not (i + 1 < len(tokens) and tokens[i + 1].isdigit()):
            return f"the link text has the event word {token!r}: an event's site"
    own = host.split(".")[-2] if "." in host else host
    own = re.sub(r"\d+$", "", own)
    for ending in rules.event_host_endings:
        if own.endswith(ending):
            return f"host {host} ends in '{ending}': an event's site"
    return None


def _local(host: str, rules: LinkRules) -> str | None:
    bare = host.strip("[]")
    if rules.local_ips:
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
    if host in rules.local_hosts or any(d in rules.local_hosts for d in _domains(host)):
        return f"host {host} is a reserved or local name"
    for suffix in rules.local_suffixes:
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
    best: _HostEntry | None = None
    best_score = (-1, -1)
    lowered = tuple(s.lower() for s in segments)
    for domain in _domains(host):
        for entry in rules.hosts.get(domain, ()):
            if entry.exact and domain != host:
                continue
            if lowered[: len(entry.path)] != entry.path:
                continue
            score = (domain.count(".") + 1, len(entry.path))
            if score > best_score:
                best, best_score = entry, score
    return best


def _path_kind(segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    if not segments:
        return None
    first = segments[0].lower()
    if rules.at_first is not None and first.startswith("@") and len(first) > 1:
        return LinkKind(rules.at_first.kind, f"/{segments[0]}: {rules.at_first.what}")
    if rules.years is not None and re.fullmatch(r"(19|20)\d\d", first):
        return LinkKind(rules.years.kind, f"a dated path (/{first}/...): {rules.years.what}")
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

_DETAIL_WORDS = {
    "issues": "an issue",
    "issue": "an issue",
    "pull": "a pull request",
    "pulls": "a pull request",
    "merge_requests": "a merge request",
    "pull-requests": "a pull request",
    "commit": "a commit",
    "commits": "commits",
    "blob": "a file",
    "src": "a file",
    "raw": "a raw file",
    "tree": "a folder",
    "releases": "a release",
    "tags": "a tag",
    "wiki": "a wiki page",
    "wikis": "a wiki page",
    "discussions": "a discussion",
    "actions": "a CI run",
    "pipelines": "a CI run",
}


def _code_host_of(host: str, rules: LinkRules) -> CodeHost | None:
    found = rules.code_host_by_host.get(host)
    if found is not None:
        return found
    for ch in rules.code_hosts:
        if ch.shape == "tilde" and any(host.endswith("." + h) for h in ch.hosts):
            return ch
    return None


def _code_host_kind(host: str, segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    ch = _code_host_of(host, rules)
    if ch is None:
        return None
    if host in ch.detail_hosts:
        detail = host.split(".", 1)[0]
        repository = "/".join(segments[:2]) if detail == "raw" and len(segments) >= 2 else None
        return LinkKind(
            "code-detail",
            f"host {host} serves details of repositories (gists, raw files, uploads)",
            repository=repository,
            code_host=_main_host(ch) if repository else None,
            name=segments[1] if repository else None,
            detail=detail,
        )
    if ch.shape == "tilde":
        return _tilde_kind(host, segments, ch)
    lowered = [s.lower() for s in segments]
    if not segments:
        return LinkKind("reference", f"{host} is the code host's own page")
    first = lowered[0]
    if first in ch.detail_first:
        return LinkKind(
            "code-detail",
            f"{host}/{segments[0]}/ is an upload to an issue or comment",
            detail=first,
        )
    if first in ch.profile_first:
        if len(segments) >= 2:
            return LinkKind(
                "profile",
                f"{host}/{segments[0]}/{segments[1]} is an account's page: "
                "a person or organisation",
                code_host=host,
                detail=segments[1],
            )
        return LinkKind("reference", f"{host}/{segments[0]} is a page of the code host itself")
    if first in ch.site_first or "/".join(lowered[:2]) in ch.site_first:
        return LinkKind("reference", f"{host}/{segments[0]} is a page of the code host itself")
    if ch.shape == "groups":
        return _groups_kind(host, segments, lowered, ch)
    if len(segments) == 1:
        return LinkKind(
            "profile",
            f"{host}/{segments[0]} is an account's page: a person or organisation",
            code_host=host,
            detail=segments[0],
        )
    owner, repo = segments[0], segments[1].removesuffix(".git")
    repository = f"{owner}/{repo}"
    if repository.lower() in rules.kep_repositories:
        return LinkKind(
            "code-detail",
            f"{host}/{repository} holds Kubernetes Enhancement Proposals: {_kep(lowered)}",
            repository=repository,
            code_host=host,
            name=repo,
            detail="kep",
        )
    if len(segments) == 2 or (lowered[2] == "tree" and len(segments) <= 4):
        return LinkKind(
            "project",
            f"{host}/{repository} is a repository",
            repository=repository,
            code_host=host,
            name=repo,
        )
    detail = lowered[2]
    what = _DETAIL_WORDS.get(detail, f"a '{segments[2]}' page")
    return LinkKind(
        "code-detail",
        f"{host}/{repository}/{segments[2]}/ is {what} of repository {repository}",
        repository=repository,
        code_host=host,
        name=repo,
        detail=detail,
    )


def _main_host(ch: CodeHost) -> str:
    return min(ch.hosts, key=len) if ch.hosts else ch.name


def _kep(lowered: list[str]) -> str:
    """ "KEP 4212" from issues/4212, pull/4213 (a KEP's pull request) or keps/sig-x/4212-slug."""
    if len(lowered) >= 4 and lowered[2] in ("issues", "pull") and lowered[3].isdigit():
        return f"KEP issue {lowered[3]}" if lowered[2] == "issues" else f"pull request {lowered[3]}"
    for segment in lowered:
        match = re.fullmatch(r"(\d{1,5})-([a-z0-9-]+)", segment)
        if match and "keps" in lowered:
            return f"KEP {match[1]} ({match[2]})"
    return "a KEP page"


def _groups_kind(
    host: str, segments: tuple[str, ...], lowered: list[str], ch: CodeHost
) -> LinkKind:
    if "-" in lowered:
        cut = lowered.index("-")
        detail = lowered[cut + 1] if cut + 1 < len(lowered) else "-"
    else:
        cut = next(
            (i for i in range(2, len(lowered)) if lowered[i] in ch.detail_segments), len(lowered)
        )
        detail = lowered[cut] if cut < len(lowered) else ""
    if cut == 1 and detail:
        return LinkKind(
            "code-detail", f"{host}/{segments[0]}/-/{detail} is a group's {detail}", detail=detail
        )
    if cut <= 1:
        return LinkKind(
            "profile",
            f"{host}/{segments[0]} is a group's or user's page: a person or organisation",
            code_host=host,
            detail=segments[0],
        )
    repository = "/".join(segments[:cut]).removesuffix(".git")
    name = repository.rsplit("/", 1)[-1]
    if cut == len(segments):
        return LinkKind(
            "project",
            f"{host}/{repository} is a repository",
            repository=repository,
            code_host=host,
            name=name,
        )
    what = _DETAIL_WORDS.get(detail, f"a '{detail}' page")
    return LinkKind(
        "code-detail",
        f"{host}/{repository}/-/{detail} is {what} of repository {repository}",
        repository=repository,
        code_host=host,
        name=name,
        detail=detail,
    )


def _tilde_kind(host: str, segments: tuple[str, ...], ch: CodeHost) -> LinkKind:
    if not segments or not segments[0].startswith("~"):
        return LinkKind("reference", f"{host} (no ~user) is a page of the code host itself")
    if len(segments) == 1:
        return LinkKind(
            "profile",
            f"{host}/{segments[0]} is an account's page",
            code_host=host,
            detail=segments[0],
        )
    repository = f"{segments[0]}/{segments[1]}"
    main = _main_host(ch)
    if host in ch.repository_hosts and len(segments) == 2:
        return LinkKind(
            "project",
            f"{host}/{repository} is a repository",
            repository=repository,
            code_host=host,
            name=segments[1],
        )
    if host in ch.repository_hosts:
        detail = segments[2].lower()
        what = _DETAIL_WORDS.get(detail, f"a '{segments[2]}' page")
        return LinkKind(
            "code-detail",
            f"{host}/{repository}/{segments[2]} is {what} of repository {repository}",
            repository=repository,
            code_host=host if host != main else main,
            name=segments[1],
            detail=detail,
        )
    service = host.split(".", 1)[0]
    return LinkKind(
        "code-detail",
        f"{host}/{repository} is the {service} page of project {segments[1]}",
        repository=repository,
        code_host=f"git.{main}",
        name=segments[1],
        detail=service,
    )


def _pages_kind(host: str, segments: tuple[str, ...], rules: LinkRules) -> LinkKind | None:
    """owner.github.io/repo: a repository's own site."""
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


# --- names -------------------------------------------------------------------------------

_NO_NAME_KINDS = KINDS - {"project", "code-detail", "profile", "article"}
_TOKEN_EDGE = re.compile(r"^[^\w@#.+]+|[^\w+)]+$")
_NUMBER = re.compile(r"^#?\d[\d.,]*[kmb%+x]?$")
_URL_TEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)


def name_from_link(url: str, text: str, kind: LinkKind, rules: LinkRules) -> tuple[str | None, str]:
    """The name a link gives its item, and the rule that gave it (for --explain). The
    catalog's name, when the link is a known project's, is decided elsewhere and wins."""
    if kind.kind in _NO_NAME_KINDS:
        return None, f"a {kind.kind} link names no item (its text may still name a project)"
    if kind.kind == "profile":
        return (
            kind.detail,
            "an account's page: a person or organisation (a project only if the catalog says so)",
        )
    if kind.detail == "kep":
        title = kep_title(text)
        if title:
            return title, "a KEP's title names a Kubernetes feature"
    if kind.name and kind.repository and kind.kind in ("project", "code-detail"):
        return kind.name, f"repository name from {kind.repository_url}"
    if kind.kind == "code-detail":
        return None, "a code-host detail with no repository names no item"
    if kind.kind == "article":
        title, why = text_as_title(text, url, rules)
        if title:
            return title, why
        slug = _slug_name(url)
        if slug:
            return slug, f"{why}; named from the address's last segment"
    if kind.name:
        return kind.name, f"named from the address: {kind.rule}"
    name, why = text_as_name(text, url, rules)
    if name is not None:
        return name, why
    site, site_why = site_name(url, rules)
    return site, f"{why}; {site_why}"


_KEP_TITLE = re.compile(r"^\s*KEP[-\s]?\d+\s*[:\-–]\s*(.+?)\s*$", re.IGNORECASE)


def kep_title(text: str) -> str | None:
    """ "Cluster Inventory" from a KEP link's text "KEP-4322: Cluster Inventory"."""
    match = _KEP_TITLE.match(" ".join(text.split()))
    return match[1] if match else None


def _clean_text(text: str) -> str:
    one = " ".join(text.split())
    return _TOKEN_EDGE.sub("", one)


def _is_address(text: str, url: str) -> bool:
    if _URL_TEXT.match(text):
        return True
    parts = _split(url)
    if parts is None or not parts.host:
        return False
    t = _WWW.sub("", text.lower().rstrip("/"))
    address = "/".join((parts.host, *parts.segments)).lower()
    return t == parts.host or (len(t) > len(parts.host) and address.startswith(t))


def text_as_name(text: str, url: str, rules: LinkRules) -> tuple[str | None, str]:
    """The link text when it reads as a name, else None; and why."""
    clean = _clean_text(text)
    if not clean:
        return None, "no link text"
    if _is_address(clean, url):
        return None, "the link text is the address"
    if clean[0] in "@#":
        return None, f"the link text {clean!r} is a handle or hashtag"
    tokens = [_TOKEN_EDGE.sub("", t) for t in clean.lower().split()]
    tokens = [t for t in tokens if t]
    generic = [t for t in tokens if t in rules.generic]
    if generic:
        return None, f"the link text has the generic anchor word {generic[0]!r}"
    meaningful = [t for t in tokens if t not in rules.fillers and not _NUMBER.match(t)]
    if not meaningful:
        return None, "the link text is only filler words or numbers"
    if all(t in rules.nouns for t in meaningful):
        return None, f"the link text is only generic words ({' '.join(meaningful)!r})"
    if tokens[0] in rules.phrase_starts:
        return None, f"the link text starts with {tokens[0]!r}: a phrase, not a name"
    if _NUMBER.match(tokens[0]):
        return None, "the link text starts with a number: a phrase, not a name"
    if len(tokens) > rules.max_words:
        return (
            None,
            f"the link text has {len(tokens)} words (> {rules.max_words}): a sentence or title",
        )
    if re.search(r"[.!?]$", text.strip()) and len(tokens) > 1:
        return None, "the link text is a sentence"
    if re.search(r":\s|\s[-–—]\s|,|;|\|", clean):
        return None, "the link text is a title or list (':', ' - ', ',')"
    return clean, "the link text reads as a name"


def text_as_title(text: str, url: str, rules: LinkRules) -> tuple[str | None, str]:
    """An article's link text as its title: any length up to 20 words, no generic words
    only."""
    clean = _clean_text(text)
    if not clean or _is_address(clean, url):
        return None, "no link text to use as the article's title"
    tokens = [t for t in (_TOKEN_EDGE.sub("", t) for t in clean.lower().split()) if t]
    meaningful = [
        t
        for t in tokens
        if t not in rules.fillers and t not in rules.generic and not _NUMBER.match(t)
    ]
    if not meaningful or all(t in rules.nouns for t in meaningful) or len(tokens) > 20:
        return None, "the link text is not a title"
    return clean, "the link text is the article's title"


def _slug_name(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    for segment in reversed(parts.segments):
        stem = segment.rsplit(".", 1)[0] if _extension((segment,)) else segment
        words = [w for w in re.split(r"[-_+\s]+", stem) if w]
        if words and stem.lower() not in ("readme", "index") and not stem.isdigit():
            return " ".join(words)
    return None


def site_name(url: str, rules: LinkRules) -> tuple[str | None, str]:
    """A site's own name from its address: a product path (cloud.google.com/biglake ->
    biglake), else the host's first label that is not a generic subdomain, above a shared
    suffix (argo-cd.readthedocs.io -> argo-cd) or the top-level domain (docs.cilium.io ->
    cilium)."""
    parts = _split(url)
    if parts is None or not parts.host:
        return None, "no host to name the site from"
    host = parts.host
    path = [s for s in parts.segments if not rules.locale.fullmatch(s.lower())]
    lowered = tuple(s.lower() for s in path)
    for entry in rules.product_paths:
        if (
            (host == entry.host or host.endswith("." + entry.host))
            and lowered[: len(entry.path)] == entry.path
            and len(path) > len(entry.path)
        ):
            product = path[len(entry.path)]
            return product, f"product name from the path of {entry.entry}"
    for i, segment in enumerate(lowered[:-1]):
        if segment in rules.product_segments:
            return path[i + 1], f"product name after /{segment}/ in the path"
    labels = host.split(".")
    own: list[str] = labels[:-1] or labels
    for suffix in rules.shared_suffixes:
        if host.endswith("." + suffix):
            own = host[: -len(suffix) - 1].split(".")
            break
    meaningful = [label for label in own if label not in rules.generic_subdomains]
    name = meaningful[0] if meaningful else own[-1]
    return name, f"site name from host {host}"
