#!/usr/bin/env python3
"""Build kubefollow's known-projects catalog (data/catalog.jsonl).

The catalog is derived from the CNCF Cloud Native Landscape (cncf/landscape,
landscape.yml, CC BY 4.0) as flattened into ``landscape-items.jsonl``, the Kubernetes SIG
subprojects of kubernetes/community ``sigs.yaml`` (Apache-2.0), and the hand-written
entries in ``data/catalog-extra.toml``.  See data/README.md.

Usage::

    python scripts/build_catalog.py [--landscape PATH] [--sigs PATH] [--extra PATH] [--out PATH]

The output is deterministic: the same inputs give a byte-identical file.
Standard library, plus PyYAML for sigs.yaml.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LANDSCAPE = REPO_ROOT.parent / "shared" / "landscape" / "landscape-items.jsonl"
DEFAULT_SIGS = REPO_ROOT.parent / "shared" / "kubernetes-community" / "sigs.yaml"
DEFAULT_EXTRA = REPO_ROOT / "data" / "catalog-extra.toml"
DEFAULT_OUT = REPO_ROOT / "data" / "catalog.jsonl"

# Landscape placements that list organisations, not software: CNCF member organisations,
# Kubernetes Certified Service Providers and training partners.  Certified CNFs are
# products but telecom network functions filed under "Special", a category with no theme
# (data/category-themes.toml); they are left out too.  The "Platform / Certified
# Kubernetes - *" subcategories (distributions, hosted services, installers) are
# software and are kept.
EXCLUDED_CATEGORIES = {
    "CNCF Members": "members",
}
EXCLUDED_SUBCATEGORIES = {
    ("Special", "Kubernetes Certified Service Provider"): "service-providers",
    ("Special", "Kubernetes and Cloud Native Training Partner"): "training-partners",
    ("Special", "Certified CNFs"): "certified-cnfs",
}

IDENTIFIER_KEYS = ("lfx_slug", "clomonitor_name", "slug")
MATURITIES = {"graduated", "incubating", "sandbox", "archived"}
EXTRA_KEYS = {
    "id", "name", "aliases", "homepage", "repos", "replace_repos", "category", "maturity",
    "company",
}  # fmt: skip

# Words that are too generic to stand alone as a project name when a repository's
# last path segment is only part of the project name ("Envoy Gateway" -> "gateway").
GENERIC_WORDS = frozenset(
    {
        "agent",
        "ai",
        "api",
        "apis",
        "autoscaler",
        "cli",
        "client",
        "cloud",
        "compose",
        "container",
        "containers",
        "controller",
        "core",
        "dashboard",
        "data",
        "database",
        "docker",
        "engine",
        "framework",
        "functions",
        "gateway",
        "grid",
        "guardrails",
        "hub",
        "kafka",
        "kubernetes",
        "management",
        "mesh",
        "model",
        "mysql",
        "network",
        "notebooks",
        "operator",
        "pipeline",
        "pipelines",
        "platform",
        "policy",
        "postgres",
        "project",
        "reader",
        "registry",
        "runtime",
        "scheduler",
        "sdk",
        "server",
        "service",
        "services",
        "spec",
        "storage",
        "toolkit",
        "tools",
        "training",
        "workflow",
    }
)
# Trailing words of a name that may be dropped to get the short project name
# ("Salt Project" -> "salt", "Woodpecker CI" -> "woodpecker").
DROPPABLE_TRAILING_WORDS = frozenset({"project", "ai", "ci", "infra", "serverless", "imdg"})
# Short names derived from word runs must be at least this long ("Apache AGE" -> no "age").
MIN_PARTIAL_ALIAS_LEN = 4
MIN_ACRONYM_LEN = 3

CATALOG_KEYS = (
    "id",
    "name",
    "aliases",
    "homepage",
    "repos",
    "category",
    "maturity",
    "source",
    "company",
    "subproject_of",
)

# A SIG subproject's OWNERS file URL names its repository.
OWNERS_URL = re.compile(
    r"^https://(?:raw\.githubusercontent\.com|github\.com)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/"
)
# Words in a subproject's name that make it community housekeeping (the project's own
# community, documentation, infrastructure and process), not software a reader follows up.
HOUSEKEEPING_WORDS = frozenset(
    {
        "assessments",
        "audit",
        "blog",
        "comms",
        "community",
        "contributor",
        "contributors",
        "devstats",
        "docs",
        "documentation",
        "elections",
        "engineering",
        "events",
        "github",
        "governance",
        "infra",
        "localization",
        "maintainers",
        "mentoring",
        "process",
        "slack",
        "site",
        "team",
        "website",
    }
)
# ... and so do these name prefixes (a SIG's or working group's own repository).
HOUSEKEEPING_PREFIXES = ("sig-", "wg-")
SUBPROJECT_SOURCE = "sigs"


class CatalogError(Exception):
    """Invalid input data."""


def ascii_fold(text: str) -> str:
    """NFKD-normalise, drop non-ASCII characters and lowercase."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def slugify(text: str) -> str:
    """Slug of a name: ASCII, lowercase, runs of non-alphanumerics as one "-"."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-")
    return slug or "project"


def squash(text: str) -> str:
    """Name key ignoring case and punctuation: "Cluster API" == "cluster-api"."""
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(text))


def strip_by_suffix(name: str) -> str:
    """Drop a trailing "by <vendor>" ("Stash by AppsCode" -> "Stash")."""
    return re.sub(r"\s+by\s+.*$", "", name).strip()


def name_words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", ascii_fold(strip_by_suffix(name)))


def acronym(name: str) -> str:
    """Initials of a name, splitting camel case ("LeaderWorkerSet" -> "lws")."""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", strip_by_suffix(name))
    if len(parts) < 2:
        return ""
    return "".join(part[0] for part in parts).lower()


def repo_segment(url: str) -> str:
    """Last path segment of a repository URL, without a trailing slash or .git."""
    path = url.rstrip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    return path.rsplit("/", 1)[-1]


def repo_alias(name: str, other_names: list[str], url: str) -> str | None:
    """The repository's last path segment, if it is a plausible name for the project.

    Accepted: the name or one of its aliases spelt differently only in case or
    punctuation ("cluster-api" for "Cluster API"); the name with a version number
    or "db"/"fs" appended ("flux2", "scylladb"); the name's initials ("lws" for
    LeaderWorkerSet); the name without a leading vendor or umbrella word
    ("loki" for "Grafana Loki", unless what is left is generic such as
    "gateway"); the name without a descriptive trailing word ("salt" for
    "Salt Project").  Rejected: repositories named after a component
    ("opentelemetry-collector" is not needed for OpenTelemetry).
    """
    segment = repo_segment(url)
    key = squash(segment)
    if not key:
        return None
    candidates = [name, strip_by_suffix(name), *other_names]
    if key in {squash(candidate) for candidate in candidates}:
        return segment
    name_key = squash(strip_by_suffix(name))
    if re.fullmatch(re.escape(name_key) + r"(?:[0-9]+|db|fs)", key):
        return segment
    if len(key) >= MIN_ACRONYM_LEN and key == acronym(name):
        return segment
    if len(key) < MIN_PARTIAL_ALIAS_LEN:
        return None
    words = name_words(name)
    for start in range(1, len(words)):
        tail = words[start:]
        if key == "".join(tail) and not all(word in GENERIC_WORDS for word in tail):
            return segment
    for end in range(1, len(words)):
        if key == "".join(words[:end]) and all(
            word in DROPPABLE_TRAILING_WORDS for word in words[end:]
        ):
            return segment
    return None


def finish_aliases(name: str, candidates: list[str]) -> list[str]:
    """Deduplicate case-insensitively (first spelling wins), drop the name, sort."""
    seen = {name.casefold()}
    aliases: list[str] = []
    for candidate in candidates:
        alias = " ".join(candidate.split())
        if not alias or alias.casefold() in seen:
            continue
        seen.add(alias.casefold())
        aliases.append(alias)
    return sorted(aliases, key=lambda alias: (alias.casefold(), alias))


def finish_repos(urls: list[str]) -> list[str]:
    """Deduplicate repository URLs (case-insensitively, ignoring a trailing "/"), sort."""
    seen: set[str] = set()
    repos: list[str] = []
    for url in urls:
        clean = url.strip().rstrip("/")
        if not clean or clean.casefold() in seen:
            continue
        seen.add(clean.casefold())
        repos.append(clean)
    return sorted(repos, key=lambda url: (url.casefold(), url))


def exclusion_reason(record: dict[str, Any]) -> str | None:
    category = record["category"]
    if category in EXCLUDED_CATEGORIES:
        return EXCLUDED_CATEGORIES[category]
    return EXCLUDED_SUBCATEGORIES.get((category, record["subcategory"]))


def read_landscape(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise CatalogError(f"{path}:{number}: invalid JSON: {err}") from err
            for key in ("name", "base_name", "category", "subcategory"):
                if not isinstance(record.get(key), str) or not record[key].strip():
                    raise CatalogError(f"{path}:{number}: missing or empty {key!r}")
            records.append(record)
    return records


def merge_landscape(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per base_name (case-insensitive); the first placement wins."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["base_name"].strip().casefold(), []).append(record)

    entries: list[dict[str, Any]] = []
    for group in groups.values():
        first = group[0]
        name = first["base_name"].strip()
        names: list[str] = []
        repos: list[str] = []
        alias_repos: list[str] = []
        for record in group:
            names.append(record["base_name"])
            names.extend(record["aliases"] or [])
            identifiers = record["identifiers"] or {}
            names.extend(
                identifiers[key] for key in IDENTIFIER_KEYS if isinstance(identifiers.get(key), str)
            )
            if record["repo_url"]:
                repos.append(record["repo_url"])
                alias_repos.append(record["repo_url"])
            repos.extend(record["additional_repo_urls"] or [])
        entries.append(
            {
                "name": name,
                "aliases": names,
                "homepage": next((r["homepage_url"] for r in group if r["homepage_url"]), None),
                "repos": repos,
                "category": f"{first['category']} / {first['subcategory']}",
                "maturity": next((r["maturity"] for r in group if r["maturity"]), None),
                "source": "landscape",
                "company": is_company(group),
                "subproject_of": None,
                "alias_repos": alias_repos,
            }
        )
    return entries


# --- company names ---------------------------------------------------------------------

# Trailing words of a Crunchbase organisation slug that are legal or generic suffixes
# ("rafay-systems-inc" is Rafay), and Crunchbase's disambiguating hex suffix ("civo-49db").
ORG_SUFFIXES = frozenset(
    {"ag", "co", "corp", "corporation", "gmbh", "holdings", "inc", "limited", "llc", "ltd", "sa"}
)
# Homepage paths that are still a site's front page (a language or region choice).
FRONT_PAGE_PATH = re.compile(
    r"^(?:/(?:[a-z]{2}(?:[-_][a-z]{2})?|intl|index\.html?|home(?:\.html?)?))*/?$",
    re.IGNORECASE,
)


def organisation_key(crunchbase_url: str | None) -> str:
    """The organisation's name key from its Crunchbase URL ("…/organization/datadog")."""
    if not crunchbase_url:
        return ""
    slug = crunchbase_url.rstrip("/").rsplit("/", 1)[-1].lower()
    words = slug.split("-")
    if len(words) > 1 and re.fullmatch(r"[0-9a-f]{4}", words[-1]):
        words = words[:-1]
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words = words[:-1]
    return squash("".join(words))


def host_brand(url: str | None) -> str:
    """The first label of a URL's host after "www." ("https://www.datadoghq.com/" -> datadoghq)."""
    match = re.match(r"https?://([^/:?#]+)", url or "")
    if not match:
        return ""
    labels = [label for label in match.group(1).lower().split(".") if label != "www"]
    return squash(labels[0]) if labels else ""


def is_company(group: list[dict[str, Any]]) -> bool:
    """A landscape entry whose name is its organisation's name, not a product's.

    Conservative: every condition must hold.  The name equals the Crunchbase
    organisation's (legal suffixes ignored); the homepage is the front page of a site
    whose host starts with that name ("Datadog", www.datadoghq.com); and the entry is
    no CNCF project and has no source repository (an open-source project named like
    its company, such as Redis or Pulumi, stays a project).
    """
    first = group[0]
    key = squash(strip_by_suffix(first["base_name"]))
    if not key or any(r["repo_url"] or r["maturity"] for r in group):
        return False
    if key != organisation_key(first.get("crunchbase_url")):
        return False
    homepage = first["homepage_url"] or ""
    path = re.sub(r"^https?://[^/?#]+", "", homepage).split("?")[0].split("#")[0]
    return bool(FRONT_PAGE_PATH.match(path)) and host_brand(homepage).startswith(key)


# --- Kubernetes SIG subprojects ------------------------------------------------------------


def read_sigs(path: Path) -> list[dict[str, Any]]:
    """Every subproject of every SIG in sigs.yaml, with the repositories of its OWNERS files.

    Working groups, committees and user groups are not read: they are not projects
    (the two committee subprojects are governance).
    """
    import yaml  # PyYAML, installed with kubefollow (python-frontmatter needs it)

    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("sigs"), list):
        raise CatalogError(f"{path}: no 'sigs' list")
    subprojects: list[dict[str, Any]] = []
    for sig in data["sigs"]:
        sig_name = _string(sig.get("name"), f"{path}: SIG", "name")
        for raw in sig.get("subprojects") or []:
            name = _string(raw.get("name"), f"{path}: SIG {sig_name!r} subproject", "name")
            repos: list[str] = []
            for owners in raw.get("owners") or []:
                match = OWNERS_URL.match(str(owners))
                if not match:
                    raise CatalogError(f"{path}: {name!r}: OWNERS URL not understood: {owners}")
                url = f"https://github.com/{match.group(1)}/{match.group(2)}"
                if url not in repos:
                    repos.append(url)
            subprojects.append({"sig": sig_name, "name": name, "repos": repos})
    return subprojects


def read_subproject_rules(path: Path, categories: set[str]) -> dict[str, Any]:
    """The [subprojects] table of catalog-extra.toml: spellings, categories, leave-outs."""
    with path.open("rb") as handle:
        table = tomllib.load(handle).get("subprojects", {})
    where = f"{path}: [subprojects]"
    unknown = set(table) - {"names", "categories", "leave_out"}
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    names = table.get("names", {})
    sig_categories = table.get("categories", {})
    for key, mapping in (("names", names), ("categories", sig_categories)):
        if not isinstance(mapping, dict) or not all(
            isinstance(v, str) and v.strip() for v in mapping.values()
        ):
            raise CatalogError(f"{where}: {key!r} must map names to strings")
    for sig, category in sig_categories.items():
        if category not in categories:
            raise CatalogError(f"{where}: category of {sig!r} is not a kept landscape category")
    leave_out = _string_list(table.get("leave_out", []), where, "leave_out")
    return {"names": names, "categories": sig_categories, "leave_out": set(leave_out)}


def housekeeping(name: str) -> bool:
    lowered = name.lower()
    words = re.split(r"[^a-z0-9]+", lowered)
    return lowered.startswith(HOUSEKEEPING_PREFIXES) or any(w in HOUSEKEEPING_WORDS for w in words)


def repo_key(url: str) -> str:
    return url.strip().rstrip("/").removesuffix(".git").casefold()


def apply_subprojects(
    entries: list[dict[str, Any]], subprojects: list[dict[str, Any]], rules: dict[str, Any]
) -> Counter[str]:
    """Merge SIG subprojects into the entries that have their repositories, or add them.

    A repository listed by several subprojects (kubernetes/kubernetes, kubernetes/community,
    kubernetes/website, …) belongs only to the subproject named like it, else to none of
    them.  A subproject with no repository of its own is an area of work, not a project;
    housekeeping subprojects and those in leave_out are left out as well.  A subproject
    merges into the entry that already has its main repository (the one named like it)
    or its name; otherwise it becomes a new entry (source "sigs") with the repositories
    no other entry has.  Every entry with one of a SIG's repositories gets
    subproject_of = that SIG's name (informational).
    """
    stats: Counter[str] = Counter()
    listed: Counter[str] = Counter()
    for sub in subprojects:
        for url in sub["repos"]:
            listed[repo_key(url)] += 1
    repo_owner: dict[str, dict[str, Any]] = {}
    name_owner: dict[str, dict[str, Any] | None] = {}
    for entry in entries:
        for url in entry["repos"]:
            repo_owner.setdefault(repo_key(url), entry)
        for label in (entry["name"], *entry["aliases"]):
            key = squash(label)
            name_owner[key] = entry if name_owner.get(key, entry) is entry else None

    for sub in subprojects:
        own_key = squash(sub["name"])
        own = [
            url
            for url in sub["repos"]
            if listed[repo_key(url)] == 1 or squash(repo_segment(url)) == own_key
        ]
        if not own:
            stats["left out: no repository of its own"] += 1
            continue
        if housekeeping(sub["name"]):
            stats["left out: housekeeping"] += 1
            continue
        if sub["name"] in rules["leave_out"]:
            stats["left out: listed in leave_out"] += 1
            continue
        spelled = rules["names"].get(sub["name"], sub["name"])
        target = next(
            (
                repo_owner[repo_key(url)]
                for url in own
                if squash(repo_segment(url)) == own_key and repo_key(url) in repo_owner
            ),
            None,
        )
        if target is None:
            target = name_owner.get(squash(spelled)) or name_owner.get(own_key)
        for url in own:
            owner = repo_owner.get(repo_key(url))
            if owner is not None and owner is not target and owner["subproject_of"] is None:
                owner["subproject_of"] = sub["sig"]
        free = [url for url in own if repo_key(url) not in repo_owner]
        # The sigs.yaml name is another spelling unless the names table replaced a
        # generic word ("yaml" is sigs.k8s.io/yaml, never an alias "yaml").
        names = [spelled]
        if "-" in sub["name"] or squash(sub["name"]) == squash(spelled):
            names.append(sub["name"])
        if target is not None:
            target["aliases"] = [*target["aliases"], *names]
            target["repos"] = [*target["repos"], *free]
            target["subproject_of"] = target["subproject_of"] or sub["sig"]
            stats["merged into existing entries"] += 1
        elif not free:
            stats["left out: every repository belongs to other entries"] += 1
            continue
        else:
            if sub["sig"] not in rules["categories"]:
                raise CatalogError(
                    f"no category for SIG {sub['sig']!r} in [subprojects.categories]"
                )
            target = {
                "name": spelled,
                "aliases": names[1:],
                "homepage": None,
                "repos": free,
                "category": rules["categories"][sub["sig"]],
                "maturity": None,
                "source": SUBPROJECT_SOURCE,
                "company": False,
                "subproject_of": sub["sig"],
                # No repository-name aliases: the sigs.yaml name is one already, and
                # a renamed subproject's repository is a generic word (kubernetes-sigs/yaml).
                "alias_repos": [],
            }
            entries.append(target)
            stats["added"] += 1
        for url in free:
            repo_owner[repo_key(url)] = target
        for label in (target["name"], *target["aliases"]):
            name_owner.setdefault(squash(label), target)
    return stats


def assign_ids(entries: list[dict[str, Any]]) -> None:
    """Give each entry a unique slug id; collisions get -2, -3, ... deterministically."""
    ordered = sorted(
        entries,
        key=lambda e: (slugify(e["name"]), e["name"].casefold(), e["name"], e["category"]),
    )
    natural = Counter(slugify(entry["name"]) for entry in entries)
    used: set[str] = set()
    for entry in ordered:
        base = slugify(entry["name"])
        if base not in used:
            entry["id"] = base
            used.add(base)
            continue
        number = 2
        while f"{base}-{number}" in used or f"{base}-{number}" in natural:
            number += 1
        entry["id"] = f"{base}-{number}"
        used.add(entry["id"])


def assign_new_ids(entries: list[dict[str, Any]]) -> None:
    """Ids for entries added after assign_ids (SIG subprojects), in name order."""
    used = {entry["id"] for entry in entries if "id" in entry}
    new = sorted(
        (entry for entry in entries if "id" not in entry),
        key=lambda e: (slugify(e["name"]), e["name"]),
    )
    for entry in new:
        base = slugify(entry["name"])
        candidate, number = base, 2
        while candidate in used:
            candidate = f"{base}-{number}"
            number += 1
        entry["id"] = candidate
        used.add(candidate)


def url_key(url: str) -> str:
    """A homepage or repository URL compared without scheme, "www.", case or trailing "/"."""
    return re.sub(r"^https?://(?:www\.)?", "", url.strip()).rstrip("/").casefold()


def duplicate_key(name: str) -> str:
    return squash(re.sub(r"^apache\s+", "", strip_by_suffix(name), flags=re.IGNORECASE))


def merge_duplicates(entries: list[dict[str, Any]]) -> list[str]:
    """Merge entries that are one project listed twice; return what was merged.

    Two entries are the same project when their names are equal ignoring case,
    punctuation, a "by <vendor>" suffix and a leading "Apache" ("Flink" and "Apache
    Flink"; "Prisma Cloud" and "Prisma Cloud by Palo Alto Networks") and they share a
    repository or homepage.  The
    earlier entry (landscape before extras before SIG subprojects) keeps its id, name,
    category and homepage; the later one's names and repositories are added.
    Entries that share a name but no URL stay apart (see shared_names).
    """
    merged: list[str] = []
    by_name: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_name.setdefault(duplicate_key(entry["name"]), []).append(entry)
    gone: set[int] = set()
    for group in by_name.values():
        for later in group[1:]:
            urls = {url_key(u) for u in [later["homepage"] or "", *later["repos"]] if u}
            for earlier in group:
                if earlier is later or id(earlier) in gone:
                    continue
                if earlier is later:
                    break
                other = {url_key(u) for u in [earlier["homepage"] or "", *earlier["repos"]] if u}
                if urls & other:
                    earlier["aliases"] = [*earlier["aliases"], later["name"], *later["aliases"]]
                    earlier["repos"] = [*earlier["repos"], *later["repos"]]
                    earlier["alias_repos"] = [*earlier["alias_repos"], *later["alias_repos"]]
                    earlier["homepage"] = earlier["homepage"] or later["homepage"]
                    earlier["maturity"] = earlier["maturity"] or later["maturity"]
                    earlier["subproject_of"] = earlier["subproject_of"] or later["subproject_of"]
                    earlier["company"] = earlier["company"] and later["company"]
                    merged.append(f"{later['id']} into {earlier['id']}")
                    gone.add(id(later))
                    break
    entries[:] = [entry for entry in entries if id(entry) not in gone]
    return merged


def shared_names(catalog: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Names (compared ignoring case and punctuation) that two or more entries have."""
    owners: dict[str, list[dict[str, Any]]] = {}
    for entry in catalog:
        owners.setdefault(squash(entry["name"]), []).append(entry)
    return sorted(
        (group[0]["name"], sorted(entry["id"] for entry in group))
        for group in owners.values()
        if len(group) > 1
    )


def shared_urls(catalog: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Homepages and repositories that two or more entries have."""
    owners: dict[str, set[str]] = {}
    for entry in catalog:
        for url in [entry["homepage"] or "", *entry["repos"]]:
            if url:
                owners.setdefault(url_key(url), set()).add(entry["id"])
    return sorted((url, sorted(ids)) for url, ids in owners.items() if len(ids) > 1)


def spelling_variants(label: str) -> list[str]:
    """Obvious other spellings of a name: "Argo CD" -> "ArgoCD", "Argo-CD";
    "OpenTelemetry" -> "Open Telemetry".

    Only two-word names whose words start with a capital or digit are joined (and
    hyphenated), and only when the joined form is at least 6 characters; only a
    single word in camel case whose parts are capitalised words of 3 or more letters
    is spaced.  So no variant is a single common word.
    """
    words = label.split()
    variants: list[str] = []
    if len(words) == 2 and all(re.fullmatch(r"[A-Z0-9][A-Za-z0-9]*", w) for w in words):
        if len("".join(words)) >= 6:
            variants += ["".join(words), "-".join(words)]
    elif len(words) == 1 and re.fullmatch(r"[A-Za-z]+", label):
        parts = re.findall(r"[A-Z][a-z]+|^[a-z]+", label)
        if 2 <= len(parts) <= 3 and "".join(parts) == label and all(len(p) >= 3 for p in parts):
            variants.append(" ".join(parts))
    return variants


def _string(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _string_list(value: Any, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: {key!r} must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def read_extras(path: Path, categories: set[str]) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    unknown_top = set(data) - {"project", "subprojects"}
    if unknown_top:
        raise CatalogError(f"{path}: unknown top-level keys {sorted(unknown_top)}")
    projects = data.get("project", [])
    if not isinstance(projects, list):
        raise CatalogError(f"{path}: 'project' must be an array of tables")
    extras: list[dict[str, Any]] = []
    for index, raw in enumerate(projects, start=1):
        where = f"{path}: project #{index}"
        if not isinstance(raw, dict):
            raise CatalogError(f"{where}: not a table")
        unknown = set(raw) - EXTRA_KEYS
        if unknown:
            raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
        extra: dict[str, Any] = {
            "id": _string(raw.get("id"), where, "id"),
            "name": _string(raw.get("name"), where, "name"),
        }
        where = f"{path}: project {extra['id']!r}"
        if extra["id"] != slugify(extra["id"]):
            raise CatalogError(f"{where}: id must be a slug like {slugify(extra['id'])!r}")
        extra["aliases"] = _string_list(raw.get("aliases", []), where, "aliases")
        extra["repos"] = _string_list(raw.get("repos", []), where, "repos")
        for key in ("homepage", "category", "maturity"):
            if key in raw:
                extra[key] = _string(raw[key], where, key)
        if not isinstance(raw.get("replace_repos", False), bool):
            raise CatalogError(f"{where}: 'replace_repos' must be true or false")
        extra["replace_repos"] = raw.get("replace_repos", False)
        if "company" in raw:
            if not isinstance(raw["company"], bool):
                raise CatalogError(f"{where}: 'company' must be true or false")
            extra["company"] = raw["company"]
        for url in [extra.get("homepage"), *extra["repos"]]:
            if url is not None and not re.match(r"https?://[^\s/]+\.[^\s/]+", url):
                raise CatalogError(f"{where}: not an http(s) URL: {url!r}")
        if "category" in extra and extra["category"] not in categories:
            raise CatalogError(
                f"{where}: category {extra['category']!r} is not a kept landscape "
                "'Category / Subcategory'"
            )
        if "maturity" in extra and extra["maturity"] not in MATURITIES:
            raise CatalogError(f"{where}: maturity must be one of {sorted(MATURITIES)}")
        extras.append(extra)
    return extras


def apply_extras(entries: list[dict[str, Any]], extras: list[dict[str, Any]]) -> tuple[int, int]:
    """Merge extras into matching landscape entries or append them.

    Returns (added, merged).
    """
    by_id = {entry["id"]: entry for entry in entries}
    by_name = {entry["name"].casefold(): entry for entry in entries}
    added = merged = 0
    seen_ids: set[str] = set()
    for extra in extras:
        if extra["id"] in seen_ids:
            raise CatalogError(f"extra id {extra['id']!r} given twice")
        seen_ids.add(extra["id"])
        matches = {
            id(entry): entry
            for entry in (by_id.get(extra["id"]), by_name.get(extra["name"].casefold()))
            if entry is not None
        }
        if len(matches) > 1:
            raise CatalogError(f"extra {extra['id']!r} matches two entries by id and by name")
        if matches:
            entry = next(iter(matches.values()))
            if entry["source"] != "landscape":
                raise CatalogError(f"extra {extra['id']!r} matches another extra entry")
            old_name = entry["name"]
            entry["aliases"] = [*entry["aliases"], old_name, *extra["aliases"]]
            if extra["replace_repos"]:  # the landscape's repositories are another entry's
                entry["repos"] = list(extra["repos"])
                entry["alias_repos"] = list(extra["repos"])
            else:
                entry["repos"] = [*entry["repos"], *extra["repos"]]
                entry["alias_repos"] = [*entry["alias_repos"], *extra["repos"]]
            for key in ("id", "name", "homepage", "category", "maturity", "company"):
                if key in extra:
                    entry[key] = extra[key]
            merged += 1
        else:
            if "category" not in extra:
                raise CatalogError(f"extra {extra['id']!r} needs a category")
            entry = {
                "id": extra["id"],
                "name": extra["name"],
                "aliases": list(extra["aliases"]),
                "homepage": extra.get("homepage"),
                "repos": list(extra["repos"]),
                "category": extra["category"],
                "maturity": extra.get("maturity"),
                "source": "extra",
                "company": extra.get("company", False),
                "subproject_of": None,
                "alias_repos": list(extra["repos"]),
            }
            entries.append(entry)
            added += 1
    return added, merged


def finish(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add repository-name aliases, tidy lists, check ids, sort by id.

    An alias that is another entry's name (ignoring case and punctuation) is left
    out, so that a name stays unambiguous: the landscape lists a few projects twice
    under different names ("Apache Flink" with repository apache/flink, and "Flink";
    "Podman Container Tools" with clomonitor_name "podman", and "Podman").
    """
    for entry in entries:
        # "Azure Kubernetes Service (AKS)", "Citrix ADC (formerly NetScaler ADC)": the name
        # is what comes before the brackets; the whole stays an alias (the id is kept).
        bare = re.sub(r"\s*\([^()]*\)$", "", entry["name"]).strip()
        if bare and bare != entry["name"]:
            entry["aliases"] = [entry["name"], *entry["aliases"]]
            entry["name"] = bare
    name_owners: dict[str, set[int]] = {}
    for index, entry in enumerate(entries):
        name_owners.setdefault(squash(entry["name"]), set()).add(index)
    finished: list[dict[str, Any]] = []
    ids: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["id"] in ids:
            raise CatalogError(f"duplicate id {entry['id']!r}")
        ids.add(entry["id"])
        aliases = list(entry["aliases"])
        for url in entry["alias_repos"]:
            alias = repo_alias(entry["name"], aliases, url)
            if alias:
                aliases.append(alias)
        for label in [entry["name"], *aliases]:
            aliases.extend(spelling_variants(label))
        aliases = [alias for alias in aliases if name_owners.get(squash(alias), {index}) == {index}]
        entry["aliases"] = finish_aliases(entry["name"], aliases)
        entry["repos"] = finish_repos(entry["repos"])
        finished.append({key: entry[key] for key in CATALOG_KEYS})
    return sorted(finished, key=lambda entry: entry["id"])


def warn_overlaps(entries: list[dict[str, Any]]) -> list[str]:
    """Names or aliases shared by two entries (possible duplicates)."""
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for label in [entry["name"], *entry["aliases"]]:
            owners.setdefault(label.casefold(), set()).add(entry["id"])
    return [
        f"warning: {label!r} names several entries: {', '.join(sorted(ids))}"
        for label, ids in sorted(owners.items())
        if len(ids) > 1 and any(e["source"] == "extra" for e in entries if e["id"] in ids)
    ]


def build(
    landscape: Path, extra: Path, sigs: Path | None = None
) -> tuple[list[dict[str, Any]], str, list[str]]:
    records = read_landscape(landscape)
    reasons: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    for record in records:
        reason = exclusion_reason(record)
        if reason:
            reasons[reason] += 1
        else:
            kept.append(record)
    categories = {f"{r['category']} / {r['subcategory']}" for r in kept}

    entries = merge_landscape(kept)
    assign_ids(entries)
    landscape_count = len(entries)
    extras = read_extras(extra, categories) if extra.exists() else []
    added, merged = apply_extras(entries, extras)
    sig_summary = "no sigs.yaml"
    if sigs is not None:
        subprojects = read_sigs(sigs)
        rules = read_subproject_rules(extra, categories)
        stats = apply_subprojects(entries, subprojects, rules)
        assign_new_ids(entries)
        sig_summary = f"{len(subprojects)} SIG subprojects: " + ", ".join(
            f"{label} {count}" for label, count in sorted(stats.items())
        )
    duplicates = merge_duplicates(entries)
    catalog = finish(entries)

    excluded = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    summary = (
        f"build_catalog: read {len(records)} landscape records, kept {len(kept)} "
        f"(excluded {sum(reasons.values())}: {excluded}), "
        f"{landscape_count} landscape entries after merging duplicates; "
        f"extras: {added} added, {merged} merged into landscape entries; "
        f"{sig_summary}; {len(duplicates)} same-name duplicates merged; "
        f"{sum(e['company'] for e in catalog)} company names; "
        f"wrote {len(catalog)} entries"
    )
    warnings = warn_overlaps(catalog)
    warnings += [f"shared name {name!r}: {', '.join(ids)}" for name, ids in shared_names(catalog)]
    warnings += [f"shared URL {url}: {', '.join(ids)}" for url, ids in shared_urls(catalog)]
    return catalog, summary, warnings


def render(catalog: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build data/catalog.jsonl from the CNCF landscape and catalog-extra.toml."
    )
    parser.add_argument(
        "--landscape",
        type=Path,
        default=DEFAULT_LANDSCAPE,
        help="landscape-items.jsonl (default: %(default)s)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=DEFAULT_EXTRA,
        help="hand-written entries, TOML (default: %(default)s)",
    )
    parser.add_argument(
        "--sigs",
        type=Path,
        default=DEFAULT_SIGS,
        help="kubernetes/community sigs.yaml (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output JSONL (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    if not args.landscape.is_file():
        print(f"build_catalog: landscape file not found: {args.landscape}", file=sys.stderr)
        return 2
    if not args.sigs.is_file():
        print(f"build_catalog: sigs.yaml not found: {args.sigs}", file=sys.stderr)
        return 2
    if not args.extra.is_file():
        print(f"build_catalog: extra file not found: {args.extra}", file=sys.stderr)
        return 2
    try:
        catalog, summary, warnings = build(args.landscape, args.extra, args.sigs)
    except (CatalogError, tomllib.TOMLDecodeError, ValueError) as err:
        print(f"build_catalog: error: {err}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"build_catalog: {warning}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(render(catalog))
    companies = args.out.with_name("companies.toml")
    companies.write_text(render_companies(args.landscape), encoding="utf-8", newline="\n")
    print(summary, file=sys.stderr)
    return 0


def render_companies(landscape: Path) -> str:
    """data/companies.toml: the home page hosts of the landscape's member organisations.
    A link to one of these sites' front pages is a company, not a project to follow up."""
    hosts: set[str] = set()
    with landscape.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("category") != "CNCF Members" or not record.get("homepage_url"):
                continue
            host = re.sub(
                r"^www\d?\.",
                "",
                (re.match(r"https?://([^/:?#]+)", record["homepage_url"]) or [None, ""])[1].lower(),
            )
            if host:
                hosts.add(host)
    lines = [
        "# Generated by scripts/build_catalog.py from the CNCF landscape's member organisations",
        "# (cncf/landscape, CC BY 4.0; see README.md). Do not edit: add your own in the data",
        "# directory's companies.toml, whose lists extend these.",
        "# A link to the front page of one of these sites is the company, not a project.",
        "hosts = [",
        *(f'  "{h}",' for h in sorted(hosts)),
        "]",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
