"""The known-projects catalog (data/catalog.jsonl, from the CNCF landscape): identity,
homepage and category for the links a post makes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kubefollow.rules.text import text_rules
from kubefollow.rules.urls import _parts, host_of, match_key, path_segments
from kubefollow.text import name_key


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    homepage: str | None
    category: str | None
    aliases: tuple[str, ...] = ()
    repos: tuple[str, ...] = ()
    company: bool = False  # the name is a company's: prose naming it names the company
    maturity: str | None = None  # CNCF: sandbox, incubating, graduated, archived


class Catalog:
    def __init__(self, projects: list[Project], category_themes: dict[str, str]) -> None:
        self.projects = {p.id: p for p in projects}
        self._category_themes = category_themes
        self._by_prefix: dict[str, str] = {}
        self._by_name: dict[str, str | None] = {}
        owners: dict[str, set[str]] = {}
        for p in projects:
            for url in (p.homepage, *p.repos):
                if url:
                    self._by_prefix.setdefault(match_key(url).split("?")[0], p.id)
            for url in p.repos:
                segs = path_segments(url)
                if segs:
                    owners.setdefault(f"{host_of(url)}/{segs[0].lower()}", set()).add(p.id)
            for name in (p.name, *p.aliases):
                key = name_key(name)
                if len(key) >= 3:
                    # A name two projects share identifies neither.
                    self._by_name[key] = p.id if self._by_name.get(key, p.id) == p.id else None
        # An organisation on a code host named for one project stands for it
        # (github.com/argoproj/* is Argo; github.com/cncf/* is no project).
        self._by_owner = {
            owner: pid
            for owner, ids in owners.items()
            if len(ids) == 1
            and _named_alike(owner.split("/")[1], self.projects[pid := next(iter(ids))])
        }

    def match_url(self, url: str, text: str = "") -> Project | None:
        host, segments = (parts := _parts(url)).host, parts.segments  # split once, shared
        for n in range(len(segments), -1, -1):
            key = "/".join([host, *segments[:n]]) if n else host
            lowered = key.lower()
            pid = self._by_prefix.get(lowered)
            if not pid and lowered != key:  # (a host is lowercase already: one look-up)
                pid = self._by_prefix.get(key)
            if pid is None:
                continue
            project = self.projects[pid]
            if n == 0 and segments and not self._deep_link_is_project(segments, text, project):
                return None
            return project
        if len(segments) >= 2:
            pid = self._by_owner.get(f"{host}/{segments[0].lower()}")
            # A repository of the project's organisation is the project when its name says
            # so (argoproj/argo-rollouts), not when the link names another
            # thing (kedacore/http-add-on, "HTTP add-on").
            if pid and (
                _repo_is_named_for(segments[1], self.projects[pid])
                or (text and self.match_name(text) is self.projects[pid])
            ):
                return self.projects[pid]
        return None

    def match_account(self, account_url: str) -> Project | None:
        """The project a code host's organisation stands for (github.com/fluxcd: Flux)."""
        host, _, owner = account_url.partition("/")
        pid = self._by_owner.get(f"{host.lower()}/{owner.lower()}")
        return self.projects[pid] if pid else None

    def _deep_link_is_project(self, segments: tuple[str, ...], text: str, project: Project) -> bool:
        """A link deeper than a project's homepage is the project on documentation paths,
        or when its text names the project (a blog post on a vendor's site is not)."""
        if segments[0].lower() in text_rules().doc_segments:
            return True
        return bool(text) and self.match_name(text) is project

    def match_name(self, name: str) -> Project | None:
        folded = name.casefold()
        # name_key drops all but letters and digits: a name of only those is its own key
        pid = self._by_name.get(folded if folded.isalnum() else name_key(name))
        return self.projects[pid] if pid else None

    def theme_of(self, project: Project) -> str | None:
        if not project.category:
            return None
        top = project.category.split(" / ")[0]
        return self._category_themes.get(project.category) or self._category_themes.get(top)


def _repo_is_named_for(repo: str, project: Project) -> bool:
    """A repository named for the project itself (flux2 for Flux), not another tool of its
    organisation (inletsctl, inlets-operator)."""
    key = name_key(repo.removesuffix(".git")).rstrip("0123456789")
    return any(key == name_key(n) for n in (project.name, *project.aliases))


def _named_alike(owner: str, project: Project) -> bool:
    owner_key = name_key(owner)
    for name in (project.name, *project.aliases):
        key = name_key(name)
        if len(key) >= 4 and (owner_key.startswith(key) or key.startswith(owner_key)):
            return True
    return False


def read_catalog(path: Path, category_themes: dict[str, str]) -> Catalog:
    projects = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                projects.append(
                    Project(
                        id=d["id"],
                        name=d["name"],
                        homepage=d.get("homepage"),
                        category=d.get("category"),
                        aliases=tuple(d.get("aliases") or ()),
                        repos=tuple(d.get("repos") or ()),
                        company=bool(d.get("company", False)),
                        maturity=d.get("maturity"),
                    )
                )
    return Catalog(projects, category_themes)


def load_catalog() -> Catalog:
    from kubefollow.paths import bundled_data_dir
    from kubefollow.rules.files import bundled

    data = bundled_data_dir()
    if not (data / "catalog.jsonl").is_file():
        return Catalog([], {})
    mapping = bundled("category-themes.toml").get("categories", {})
    return read_catalog(data / "catalog.jsonl", {str(k): str(v) for k, v in mapping.items()})
