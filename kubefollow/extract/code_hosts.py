"""Links on code hosts (GitHub, GitLab, Codeberg, Bitbucket, sourcehut): a repository is a
project; its issues, pull requests, files, releases and KEPs are details of it; an
account's page is a person or organisation."""

from __future__ import annotations

import re

from kubefollow.rules.link_rules import CodeHost, LinkKind, LinkRules

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
    if not host.endswith(rules.tilde_dotted_hosts):
        return None
    for ch in rules.code_hosts:
        if ch.shape == "tilde" and any(host.endswith("." + h) for h in ch.hosts):
            return ch
    return None


def _code_host_kind(
    host: str, segments: tuple[str, ...], rules: LinkRules, ch: CodeHost
) -> LinkKind | None:
    """The kind of a link to host, code host ch (_code_host_of's answer)."""
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
