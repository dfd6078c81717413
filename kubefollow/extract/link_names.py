"""What a link calls its item when the catalog does not know it: a repository's name, the
link text when it reads as a name, else the site's name; with the rule, for --explain."""

from __future__ import annotations

import re

from kubefollow.extract.link_urls import _WWW, _extension, _split
from kubefollow.rules.link_rules import KINDS, LinkKind, LinkRules

_NO_NAME_KINDS = KINDS - {"project", "code-detail", "profile", "article"}
_TOKEN_EDGE = re.compile(r"^[^\w@#.+\[]+|[^\w+)\]]+$")
_NUMBER = re.compile(r"^#?\d[\d.,]*[kmb%+x]?$")
_URL_TEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_SENTENCE_STOP = re.compile(r"[.!?]$")
_TITLE_OR_LIST = re.compile(r":\s|\s[-–—]\s|,|;|\|")
_TITLE_OR_LIST_CHARS = frozenset(":-–—,;|")  # one of which _TITLE_OR_LIST needs
_SLUG_WORDS = re.compile(r"[-_+\s]+")  # compiled once: re.split's cache look-up per link
# A blogging site's id after a title: hex with letters and digits, or a long number.
_HASH_ID = re.compile(r"(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{8,}|\d{5,}")


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
    tokens = [t for t in (_TOKEN_EDGE.sub("", t) for t in text.lower().split()) if t]
    clause = _clause_word(tokens, rules)
    if clause:  # "[already was possible](a page)": the author cites the page for a claim
        return None, f"the link text is a clause (the verb {clause!r}): it cites a page"
    site, site_why = site_name(url, rules)
    return site, f"{why}; {site_why}"


def _clause_word(tokens: list[str], rules: LinkRules) -> str | None:
    """The verb that makes a link text of several words a clause ([anchors] clause_words)."""
    if len(tokens) < 2:
        return None
    return next((t for t in tokens if t in rules.clause_words), None)


_KEP_TITLE = re.compile(r"^\s*KEP[-\s]?\d+\s*[:\-–]\s*(.+?)\s*$", re.IGNORECASE)


def kep_title(text: str) -> str | None:
    """ "Cluster Inventory" from a KEP link's text "KEP-4322: Cluster Inventory"."""
    match = _KEP_TITLE.match(" ".join(text.split()))
    return match[1] if match else None


def _clean_text(text: str) -> str:
    one = " ".join(text.split())
    if one[:1].isalnum() and one[-1:].isalnum():
        return one  # word characters at both ends: _TOKEN_EDGE finds nothing to strip
    return _TOKEN_EDGE.sub("", one)


def _is_address(text: str, url: str) -> bool:
    # _URL_TEXT needs "://" or a "." fourth ("www."): most texts skip the regex
    if ("://" in text or text[3:4] == ".") and _URL_TEXT.match(text):
        return True
    parts = _split(url)
    if parts is None or not parts.host:
        return False
    lowered = text.lower()
    if parts.host not in lowered:  # then neither test below can hold: both start with it
        return False
    t = _WWW.sub("", lowered.rstrip("/"))
    address = "/".join((parts.host, *parts.segments)).lower()
    return t == parts.host or (len(t) > len(parts.host) and address.startswith(t))


def text_as_name(text: str, url: str, rules: LinkRules) -> tuple[str | None, str]:
    """The link text when it reads as a name, else None; and why."""
    clean = text if text.isalnum() else _clean_text(text)  # one word: itself, clean
    if not clean:
        return None, "no link text"
    if _is_address(clean, url):
        return None, "the link text is the address"
    if clean[0] in "@#":
        return None, f"the link text {clean!r} is a handle or hashtag"
    lowered = clean.lower()
    if lowered.isalnum():  # one word, nothing to strip
        tokens = [lowered]
    else:
        tokens = []  # (loops, not comprehensions: no function call per text on 3.11)
        for t in lowered.split():
            t = t if t.isalnum() else _TOKEN_EDGE.sub("", t)
            if t:
                tokens.append(t)
    if not rules.generic.isdisjoint(tokens):
        generic = [t for t in tokens if t in rules.generic]
        return None, f"the link text has the generic anchor word {generic[0]!r}"
    meaningful = []
    for t in tokens:
        # _NUMBER needs a "#" or a digit first: most tokens skip the regex
        if t not in rules.fillers and not ((t[0] == "#" or t[0].isdecimal()) and _NUMBER.match(t)):
            meaningful.append(t)
    if not meaningful:
        return None, "the link text is only filler words or numbers"
    if rules.nouns.issuperset(meaningful):
        return None, f"the link text is only generic words ({' '.join(meaningful)!r})"
    if tokens[0] in rules.phrase_starts:
        return None, f"the link text starts with {tokens[0]!r}: a phrase, not a name"
    clause = _clause_word(tokens, rules) if len(tokens) > 1 else None
    if clause:
        return None, f"the link text has the verb {clause!r}: a clause, not a name"
    if (tokens[0][0] == "#" or tokens[0][0].isdecimal()) and _NUMBER.match(tokens[0]):
        return None, "the link text starts with a number: a phrase, not a name"
    if len(tokens) > rules.max_words:
        return (
            None,
            f"the link text has {len(tokens)} words (> {rules.max_words}): a sentence or title",
        )
    if len(tokens) > 1 and _SENTENCE_STOP.search(text.strip()):
        return None, "the link text is a sentence"
    if not _TITLE_OR_LIST_CHARS.isdisjoint(clean) and _TITLE_OR_LIST.search(clean):
        return None, "the link text is a title or list (':', ' - ', ',')"
    return clean, "the link text reads as a name"


_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")


def person_name(text: str, rules: LinkRules) -> bool:
    """Whether a link text is a person's name ([person_names]): a given name, then one or
    more capitalised words, none of them a generic anchor or a noun ("Emily Freeman", not
    "Emily Operator")."""
    words = text.split()
    if not 2 <= len(words) <= rules.person_max_words or words[0] not in rules.given_names:
        return False
    lowered = [w.lower() for w in words[1:]]
    if any(w in rules.generic or w in rules.nouns for w in lowered):
        return False
    return all(_CAPITALISED.fullmatch(w) for w in words)


def text_as_title(text: str, url: str, rules: LinkRules) -> tuple[str | None, str]:
    """An article's link text as its title: any length up to 20 words, no generic words
    only."""
    clean = _clean_text(text)
    if not clean or _is_address(clean, url):
        return None, "no link text to use as the article's title"
    tokens = [t for t in (_TOKEN_EDGE.sub("", t) for t in clean.lower().split()) if t]
    if tokens and tokens[0] in rules.pointers and len(tokens) <= rules.max_words:
        return None, f"the link text points at the article ({clean!r}) rather than titling it"
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
        words = [w for w in _SLUG_WORDS.split(stem) if w]
        while len(words) > 1 and _HASH_ID.fullmatch(words[-1]):
            words.pop()  # a blogging site's id after the title: "...-community-c6c3ff97de53"
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
