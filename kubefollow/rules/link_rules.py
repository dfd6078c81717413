"""Link kinds as data (data/link-kinds.toml, extended by the user's own file): which hosts,
URL shapes and anchor words make a link a project, a talk, a person, an image... and the
types classify() returns. Every rule has a "what" that `ingest --explain` shows."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

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
        "specification",
    }
)
# The kinds whose links become items; every other kind's link is not an item (its text
# may still name a project, which the named-mention matcher finds).
ITEM_KINDS = frozenset({"project", "article"})

_MAX_URL = 4096  # longer "URLs" are looked at only this far


class LinkKind(NamedTuple):  # a tuple: one per link, built twice as fast as a dataclass
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
    label_endings: Mapping[str, _Verdict]  # the site's own name ends so: kubernetespodcast
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
    clause_words: frozenset[str]
    pointers: frozenset[str]
    max_words: int
    shared_suffixes: tuple[str, ...]  # longest first
    generic_subdomains: frozenset[str]
    product_paths: tuple[_HostEntry, ...]
    product_segments: frozenset[str]
    locale: re.Pattern[str]
    cta: _Verdict | None = None  # [calls_to_action]: link texts that ask to sign up
    cta_starts: tuple[str, ...] = ()
    slug: _Verdict | None = None  # [title_slugs]: a page whose address ends in a title
    slug_min_words: int = 5
    company_hosts: frozenset[str] = frozenset()  # companies.toml: companies' own sites
    event_text: frozenset[str] = frozenset()
    event_host_endings: tuple[str, ...] = ()
    event_years: bool = False  # [event_words] years: a year in the link text
    given_names: frozenset[str] = frozenset()  # [person_names]: a person's site's text
    person_max_words: int = 3
    # [specifications]: what a specification's link text starts with before its title
    spec_identifier: re.Pattern[str] | None = None
    code_host_by_host: Mapping[str, CodeHost] = field(default_factory=dict, repr=False)

    # The lists above as str.endswith takes them: one call says whether any matches.
    @functools.cached_property
    def label_ending_words(self) -> tuple[str, ...]:
        return tuple(self.label_endings)

    @functools.cached_property
    def local_suffix_set(self) -> frozenset[str]:
        return frozenset(self.local_suffixes)

    @functools.cached_property
    def local_dotted_suffixes(self) -> tuple[str, ...]:
        return tuple("." + suffix for suffix in self.local_suffixes)

    @functools.cached_property
    def pages_dotted_suffixes(self) -> tuple[str, ...]:
        return tuple("." + suffix for ch in self.code_hosts for suffix in ch.pages_suffixes)

    @functools.cached_property
    def keyed_domains(self) -> frozenset[str]:
        """Every host or domain a rule is keyed by (local names and suffixes, code hosts,
        [hosts], pages domains): a host with no domain here is decided by its labels."""
        code = {h for ch in self.code_hosts for h in (*ch.hosts, *ch.pages_suffixes)}
        return frozenset(
            {*self.local_hosts, *self.local_suffixes, *self.hosts, *self.code_host_by_host, *code}
        )

    @functools.cached_property
    def host_cache(self) -> dict[str, Any]:
        """What link_kinds worked out of each host seen (kept here: it holds for these
        rules only)."""
        return {}

    @functools.cached_property
    def tilde_dotted_hosts(self) -> tuple[str, ...]:
        """The hosts of code hosts of the tilde shape (sourcehut), with a dot before each."""
        return tuple("." + h for ch in self.code_hosts if ch.shape == "tilde" for h in ch.hosts)


def load_link_rules() -> LinkRules:
    """The bundled link-kinds.toml with the user's file of that name merged over it."""
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    try:
        companies = frozenset(_words(with_user_rules("companies.toml"), "hosts"))
        return replace(
            rules_from_table(with_user_rules("link-kinds.toml")), company_hosts=companies
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise UsageError(f"link-kinds.toml: {exc}") from None


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


def _optional_verdict(table: Mapping[str, Any], name: str) -> _Verdict | None:
    return _verdict(name, _table(table, name)) if name in table else None


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
    label_endings: dict[str, _Verdict] = {}
    for name, group in _table(table, "labels").items():
        verdict = _verdict(f"labels.{name}", group)
        for label in _words(group, "labels"):
            labels[label] = verdict
        for ending in _words(group, "site_name_endings"):
            label_endings[ending] = verdict
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
    spec = _table(table, "specifications").get("identifier")
    try:
        spec_re = re.compile(str(spec), re.IGNORECASE) if spec else None
    except re.error as exc:
        raise ValueError(f"[specifications] identifier: {exc}") from None
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
        label_endings=label_endings,
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
        clause_words=frozenset(_words(anchors, "clause_words")),
        pointers=frozenset(_words(anchors, "pointers")),
        max_words=max_words,
        shared_suffixes=tuple(sorted(_words(naming, "shared_suffixes"), key=len, reverse=True)),
        generic_subdomains=frozenset(_words(naming, "generic_subdomains")),
        product_paths=tuple(_host_entry(e, product) for e in _words(naming, "product_path_hosts")),
        product_segments=frozenset(_words(naming, "product_segments")),
        locale=locale_re,
        cta=_optional_verdict(table, "calls_to_action"),
        cta_starts=tuple(_words(_table(table, "calls_to_action"), "starts")),
        slug=_verdict("title_slugs", _table(table, "title_slugs"))
        if "title_slugs" in table
        else None,
        slug_min_words=int(_table(table, "title_slugs").get("min_words", 5)),
        event_text=frozenset(_words(_table(table, "event_words"), "text")),
        event_host_endings=tuple(_words(_table(table, "event_words"), "host_endings")),
        event_years=bool(_table(table, "event_words").get("years", False)),
        given_names=frozenset(str(n) for n in _table(table, "person_names").get("given_names", [])),
        person_max_words=int(_table(table, "person_names").get("max_words", 3)),
        spec_identifier=spec_re,
        code_host_by_host={h: ch for ch in code_hosts for h in ch.hosts | ch.detail_hosts},
    )
    return rules
