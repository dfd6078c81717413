"""What a link in prose stands for: its kind (by data/link-kinds.toml), the catalog project
behind it, the item's name and identity key, and the rules that decided each."""

from __future__ import annotations

import re
from typing import NamedTuple

from kubefollow.extract.blocks import Link
from kubefollow.extract.link_kinds import classify
from kubefollow.extract.link_names import kep_title, name_from_link, person_name, text_as_name
from kubefollow.rules.catalog import Project
from kubefollow.rules.link_rules import LinkKind
from kubefollow.rules.loading import Rules
from kubefollow.rules.urls import _parts, host_of, match_key, path_segments
from kubefollow.text import name_key, one_line

_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)


class LinkDecision(NamedTuple):  # a tuple: one per link, built faster than a dataclass
    kind: str
    why: str  # the rule that decided the kind
    project: Project | None = None
    name: str | None = None  # None: the link is not an item
    key: str | None = None
    url: str | None = None  # the address the item keeps (a detail's repository, say)
    name_rule: str = ""


def decide_link(link: Link, sentence: str, rules: Rules) -> LinkDecision:
    """The link's item (name and key), or a decision without one, with the rules."""
    kind = classify(link.url, link.text, sentence, rules.links)
    if kind.kind in ("project", "article", "code-detail", "profile"):
        # The exclusions (bundled and the user's own) overrule a link that would count.
        skip = rules.exclusions.reason_to_skip(link.url, link.text)
        if skip:
            return LinkDecision("excluded", f"exclusions.toml: {skip}")
    if kind.kind in ("project", "article"):
        return _project_or_article(link, kind, sentence, rules)
    if kind.kind == "code-detail" and kind.repository_url:
        return _code_detail(link, kind, rules)
    if kind.kind == "specification":
        return _specification(link, kind, rules)
    if kind.kind == "profile" and kind.account_url:
        project = rules.catalog.match_account(kind.account_url)
        if project is not None:
            why = f"{kind.rule}; the catalog says the organisation is {project.name}"
            return _of_project(kind.kind, why, project, link.url)
    return LinkDecision(kind.kind, kind.rule)


def _project_or_article(link: Link, kind: LinkKind, sentence: str, rules: Rules) -> LinkDecision:
    """A project's or article's link: the catalog's project behind it, else a name from
    the link (repository, link text, site)."""
    catalog = rules.catalog
    text = one_line(link.text)
    # _URL_TEXT needs "://" or a "." fourth ("www."): most texts skip the regex
    named = (
        bool(text)
        and not link.autolink
        and not (("://" in text or text[3:4] == ".") and _URL_TEXT.match(text))
    )
    project = catalog.match_url(link.url, text if named else "")
    if project is not None and named:
        project = _more_specific(project, text, rules)
    if project is None and kind.repository is not None and kind.repository_url:
        project = catalog.match_url(f"https://{kind.repository_url}")
    if project is None and kind.kind == "project" and named:
        project = _named_by_text(text, rules)
        # one_line leaves one space between words: a text without one is a single word,
        # which is no person's name (person_name wants two or more)
        if project is None and " " in text and person_name(text, rules.links):
            why = f"the link text {text!r} is a person's name (link-kinds.toml [person_names])"
            return LinkDecision("profile", f"{why}: their own site or page")
    company = _company_page(link, project, rules)
    if company is not None and rules.verdicts.action_of([sentence]) is None:
        return LinkDecision("company", company)
    if project is not None and _never(project, rules):
        return _beyond_never(link, kind, project, rules)
    if project is not None:
        return _of_project(kind.kind, kind.rule, project, link.url)
    name, name_rule = name_from_link(link.url, link.text, kind, rules.links)
    if not name:
        return LinkDecision(kind.kind, kind.rule, name_rule=name_rule)
    if kind.repository and name_key(text) == name_key(name) and text != name:
        spelled, _ = text_as_name(link.text, link.url, rules.links)
        if spelled:
            name, name_rule = spelled, f"{name_rule}, as the link text spells it"
    key = f"url:{match_key(link.url)}"
    return LinkDecision(kind.kind, kind.rule, None, one_line(name), key, link.url, name_rule)


def _code_detail(link: Link, kind: LinkKind, rules: Rules) -> LinkDecision:
    """An issue, pull request, file... counts for its repository's catalog project; a
    titled KEP is the feature it proposes; anything else is no item."""
    assert kind.repository_url is not None
    catalog = rules.catalog
    # A folder of a monorepo may be a project of its own: the catalog knows best.
    deep = catalog.match_url(link.url)
    project = deep or catalog.match_url(f"https://{kind.repository_url}")
    if project is not None and not _never(project, rules):
        why = f"{kind.rule}; its repository is {project.name}'s"
        url = link.url if deep else f"https://{kind.repository_url}"
        return _of_project(kind.kind, why, project, url)
    title = kep_title(link.text) if kind.detail == "kep" else None
    if title:  # a Kubernetes Enhancement Proposal names the API it proposes
        why = f"{kind.rule}; a KEP's title names a Kubernetes feature"
        key = f"url:{match_key(link.url)}"
        return LinkDecision(kind.kind, why, None, one_line(title), key, link.url, "KEP title")
    return LinkDecision(kind.kind, f"{kind.rule}; the catalog does not know its repository")


def _specification(link: Link, kind: LinkKind, rules: Rules) -> LinkDecision:
    """A standard's page is the named specification its link text gives a title for
    ("RFC 9421: HTTP Message Signatures"); a bare identifier ("RFC 9421") only cites it."""
    text = one_line(link.text)
    pattern = rules.links.spec_identifier
    title = pattern.sub("", text, count=1) if pattern else text
    name, _ = text_as_name(title, link.url, rules.links)
    if not name or not any(c.isalpha() for c in name):
        return LinkDecision(kind.kind, f"{kind.rule}; its link text gives no title")
    why = f"{kind.rule}; its link text gives a title"
    key = f"url:{match_key(link.url)}"
    rule = "the specification's title, from its link text"
    return LinkDecision(kind.kind, why, None, one_line(name), key, link.url, rule)


def _company_page(link: Link, project: Project | None, rules: Rules) -> str | None:
    """Why the link is a company's front page, or None. Companies are not follow-ups
    (unless the author's sentence gives one a verdict, which the caller checks); their
    products are (a deeper page, or a catalog project with a repository)."""
    host, segments = (parts := _parts(link.url)).host, parts.segments
    for segment in segments:  # (a loop: no generator frame per link)
        if not rules.links.locale.fullmatch(segment.lower()):
            return None
    if project is not None and project.company:
        return f"{host} is the front page of {project.name}, a company (catalog)"
    known = host in rules.links.company_hosts
    if known and (project is None or not project.repos):
        return f"{host} is the front page of a company (companies.toml)"
    return None


def _never(project: Project, rules: Rules) -> bool:
    """Projects never followed up by name (Kubernetes itself): names.toml's `never`."""
    return " ".join(project.name.split()).casefold() in rules.names.never


def _beyond_never(link: Link, kind: LinkKind, project: Project, rules: Rules) -> LinkDecision:
    """A page on the site of a project never followed up by name (kubernetes.io): its
    home page is no item; a deeper page is the feature its link text names, if any."""
    why = f"{kind.rule}; {project.name} itself is never an item (names.toml: never)"
    if not path_segments(link.url):
        return LinkDecision(kind.kind, why)
    name, name_rule = text_as_name(link.text, link.url, rules.links)
    if not name:
        return LinkDecision(kind.kind, why, name_rule=name_rule)
    if name_key(name) in {name_key(n) for n in (project.name, *project.aliases)}:
        # [Kubernetes](its repository): the project itself, by its own name
        return LinkDecision(kind.kind, why, name_rule=f"the link text names {project.name}")
    key = f"url:{match_key(link.url)}"
    return LinkDecision(kind.kind, why, None, one_line(name), key, link.url, name_rule)


def _more_specific(project: Project, text: str, rules: Rules) -> Project:
    """The catalog project the (named) link text names, when it is another one on the same
    site than the address alone gives (kubeflow.org/docs/... named "Kubeflow Trainer")."""
    other = rules.catalog.match_name(text)
    if other is None or other is project or other.company:
        return project
    if any(
        host_of(u) == host_of(project.homepage or "") for u in (other.homepage, *other.repos) if u
    ):
        return other
    return project


def _named_by_text(text: str, rules: Rules) -> Project | None:
    """A project link whose (named) text is exactly a catalog project's name (not a
    company's)."""
    project = rules.catalog.match_name(text)
    return project if project is not None and not project.company else None


def _of_project(kind: str, why: str, project: Project, url: str) -> LinkDecision:
    return LinkDecision(
        kind, why, project, project.name, f"catalog:{project.id}", url, "the catalog's name"
    )
