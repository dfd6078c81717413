"""The fast paths of link decisions give what the code they replaced gave.

Each reference below is the earlier implementation (or the part of it a fast path skips),
kept here to compare against on made-up hosts and link texts.
"""

from __future__ import annotations

import ipaddress
import re

from helpers import bundled_link_rules
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubefollow.extract import link_kinds, link_names, linked
from kubefollow.extract.code_hosts import _code_host_of
from kubefollow.extract.link_names import person_name
from kubefollow.rules.catalog import load_catalog
from kubefollow.rules.link_rules import LinkKind, LinkRules
from kubefollow.rules.urls import _domains
from kubefollow.text import name_key, one_line

SLOW_OK = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


RULES = bundled_link_rules()

# ---------------------------------------------------------------- hosts

_TRAILING_DIGITS = re.compile(r"\d+$")


def reference_local(host: str, rules: LinkRules) -> str | None:
    bare = host.strip("[]")
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
    if not rules.local_hosts.isdisjoint(_domains(host)):
        return f"host {host} is a reserved or local name"
    if host in rules.local_suffix_set or host.endswith(rules.local_dotted_suffixes):
        for suffix in rules.local_suffixes:
            if host == suffix or host.endswith("." + suffix):
                return f"host {host} ends in .{suffix}, a local or reserved name"
    if "." not in host:
        return f"host {host} has no domain: a machine on a private network"
    return None


def reference_label(host: str, rules: LinkRules) -> LinkKind | None:
    first_label = _TRAILING_DIGITS.sub("", host.split(".", 1)[0])
    if "." in host and first_label in rules.labels and host.count(".") >= 2:
        verdict = rules.labels[first_label]
        return LinkKind(verdict.kind, f"host {host} starts with '{first_label}.': {verdict.what}")
    return None


def reference_ending(host: str, rules: LinkRules) -> LinkKind | None:
    labels = host.split(".")
    own = labels[-2] if len(labels) >= 2 else ""
    for ending, verdict in rules.label_endings.items():
        if own.endswith(ending) and own != ending:
            return LinkKind(verdict.kind, f"site name {own!r} ends in {ending!r}: {verdict.what}")
    return None


def reference_event_host(host: str, rules: LinkRules) -> str | None:
    own = host.split(".")[-2] if "." in host else host
    own = _TRAILING_DIGITS.sub("", own)
    for ending in rules.event_host_endings:
        if own.endswith(ending):
            return f"host {host} ends in '{ending}': an event's site"
    return None


def _rule_hosts(rules: LinkRules) -> list[str]:
    hosts = {*rules.hosts, *rules.local_hosts, *rules.local_suffixes, *rules.company_hosts}
    for ch in rules.code_hosts:
        hosts |= {*ch.hosts, *ch.detail_hosts, *ch.pages_suffixes}
    return sorted(hosts)


_WORDS = sorted(
    {*RULES.labels, *RULES.label_endings, *RULES.event_host_endings, "www", "proj", "x", "a1"}
)
LABEL = st.one_of(
    st.sampled_from(_WORDS),
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", "7", "2025", "٣", "x"])).map("".join),
    st.text(alphabet="ab09-_٣\n", max_size=5),
)
HOST = st.one_of(
    st.lists(LABEL, min_size=1, max_size=4).map(".".join),
    st.tuples(st.lists(LABEL, max_size=2).map(".".join), st.sampled_from(_rule_hosts(RULES))).map(
        lambda t: f"{t[0]}.{t[1]}" if t[0] else t[1]
    ),
    st.sampled_from(["127.0.0.1", "10.1.2.3", "8.8.8.8", "[::1]", "[fe80::1]", "1234", "::"]),
)


@SLOW_OK
@given(HOST)
def test_a_hosts_facts_are_what_each_rule_said(host: str) -> None:
    facts = link_kinds._facts(host, RULES)
    domains = _domains(host)
    assert facts.local == reference_local(host, RULES)
    assert facts.code == _code_host_of(host, RULES)
    assert facts.listed == (not RULES.hosts.keys().isdisjoint(domains))
    assert facts.pages == host.endswith(RULES.pages_dotted_suffixes)
    assert facts.label == reference_label(host, RULES)
    assert facts.ending == reference_ending(host, RULES)
    assert facts.event == reference_event_host(host, RULES)
    # and once more from the cache
    assert link_kinds._host_facts(host, RULES) == link_kinds._host_facts(host, RULES) == facts


@SLOW_OK
@given(st.text(alphabet="ab09٣\n ", max_size=8))
def test_trailing_digits_go_as_the_regex_took_them(label: str) -> None:
    assert link_kinds._without_trailing_digits(label) == _TRAILING_DIGITS.sub("", label)


# ---------------------------------------------------------------- link texts

TEXT_WORDS = sorted(
    {*RULES.generic, *RULES.fillers, *RULES.nouns, *RULES.event_text, *RULES.phrase_starts}
)
TEXT = st.one_of(
    st.lists(
        st.one_of(
            st.sampled_from(TEXT_WORDS),
            st.sampled_from(["Proj0001", "2025", "1999", "#3", "10k", "٣٣", "Émile", "v1.2"]),
            st.text(alphabet="aZ9_é٣.@#+[])(-:,;|–—!?/ \n\t", max_size=8),
        ),
        max_size=6,
    ).map(" ".join),
    st.sampled_from(["www.example.dev", "https://x.dev/a", "x.dev", "X.DEV/a/", "WWW.x.dev"]),
)
_EVENT_TOKEN = re.compile(r"[\w+]+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def reference_event_words(text: str, rules: LinkRules) -> str | None:
    tokens = _EVENT_TOKEN.findall(text.lower())
    if not rules.event_text.isdisjoint(tokens):
        for i, token in enumerate(tokens):
            if token in rules.event_text and not (i + 1 < len(tokens) and tokens[i + 1].isdigit()):
                return f"the link text has the event word {token!r}: an event's site"
    if rules.event_years:
        for token in tokens:
            if _YEAR.fullmatch(token):
                return f"the link text has the year {token!r}: an event's or a dated page"
    return None


@SLOW_OK
@given(TEXT)
def test_event_words_are_what_they_were(text: str) -> None:
    assert link_kinds._event_words(text, RULES) == reference_event_words(text, RULES)


_NUMBER = link_names._NUMBER
_SENTENCE_STOP = re.compile(r"[.!?]$")
_TITLE_OR_LIST = re.compile(r":\s|\s[-–—]\s|,|;|\|")


def reference_is_address(text: str, url: str) -> bool:
    if link_names._URL_TEXT.match(text):
        return True
    parts = link_names._split(url)
    if parts is None or not parts.host:
        return False
    t = link_names._WWW.sub("", text.lower().rstrip("/"))
    address = "/".join((parts.host, *parts.segments)).lower()
    return t == parts.host or (len(t) > len(parts.host) and address.startswith(t))


def reference_text_as_name(text: str, url: str, rules: LinkRules) -> tuple[str | None, str]:
    clean = link_names._clean_text(text)
    if not clean:
        return None, "no link text"
    if reference_is_address(clean, url):
        return None, "the link text is the address"
    if clean[0] in "@#":
        return None, f"the link text {clean!r} is a handle or hashtag"
    tokens = [
        t if t.isalnum() else link_names._TOKEN_EDGE.sub("", t) for t in clean.lower().split()
    ]
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
    clause = next((t for t in tokens if t in rules.clause_words), None) if tokens[1:] else None
    if clause:
        return None, f"the link text has the verb {clause!r}: a clause, not a name"
    if _NUMBER.match(tokens[0]):
        return None, "the link text starts with a number: a phrase, not a name"
    if len(tokens) > rules.max_words:
        return (
            None,
            f"the link text has {len(tokens)} words (> {rules.max_words}): a sentence or title",
        )
    if _SENTENCE_STOP.search(text.strip()) and len(tokens) > 1:
        return None, "the link text is a sentence"
    if _TITLE_OR_LIST.search(clean):
        return None, "the link text is a title or list (':', ' - ', ',')"
    return clean, "the link text reads as a name"


URL = st.sampled_from(
    ["https://x.dev/a", "https://www.x.dev/", "https://proj0001.example.dev/", "/rel", "%", ""]
)


@SLOW_OK
@given(TEXT, URL)
def test_a_link_text_reads_as_a_name_as_it_did(text: str, url: str) -> None:
    assert link_names._is_address(text, url) == reference_is_address(text, url)
    assert link_names.text_as_name(text, url, RULES) == reference_text_as_name(text, url, RULES)


@SLOW_OK
@given(st.one_of(TEXT, st.text(max_size=12)))
def test_url_texts_are_told_as_the_regex_told_them(text: str) -> None:
    """The cheap test before linked._URL_TEXT: no text it skips could match."""
    skipped = not ("://" in text or text[3:4] == ".")
    assert not (skipped and linked._URL_TEXT.match(text))
    assert not (skipped and link_names._URL_TEXT.match(text))


CATALOG = load_catalog()


@SLOW_OK
@given(st.one_of(TEXT, st.sampled_from([p.name for p in CATALOG.projects.values()])))
def test_catalog_names_are_found_as_name_key_finds_them(name: str) -> None:
    pid = CATALOG._by_name.get(name_key(name))
    assert CATALOG.match_name(name) == (CATALOG.projects[pid] if pid else None)


_GIVEN = sorted(RULES.given_names)[:20]
_ODD_SPACES = "AaZé \t\n\u00a0\u2003\x1f"


@SLOW_OK
@given(
    st.one_of(
        TEXT,
        st.lists(
            st.one_of(st.sampled_from(_GIVEN), st.text(alphabet=_ODD_SPACES, max_size=6)),
            max_size=4,
        ).map(lambda w: "\u2003".join(w) if len(w) % 2 else " ".join(w)),
    )
)
def test_a_person_s_name_has_a_space_once_one_line_made_it_one(text: str) -> None:
    """linked asks person_name only of a one_line'd text with a space in it."""
    line = one_line(text)
    assert not person_name(line, RULES) or " " in line
