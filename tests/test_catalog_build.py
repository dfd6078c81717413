"""The committed catalog (data/catalog.jsonl) and how scripts/build_catalog.py makes it."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCRIPT = ROOT / "scripts" / "build_catalog.py"
LANDSCAPE = ROOT.parent / "shared" / "landscape" / "landscape-items.jsonl"
SIGS = ROOT.parent / "shared" / "kubernetes-community" / "sigs.yaml"

EXCLUDED_CATEGORY_PREFIXES = ("CNCF Members", "Special")
KEYS = [
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
]


def committed_catalog() -> list[dict[str, Any]]:
    lines = (DATA / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run_script(out: Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    if not LANDSCAPE.is_file() or not SIGS.is_file():
        pytest.skip(f"source data not found at {LANDSCAPE} / {SIGS}")
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--landscape",
            str(LANDSCAPE),
            "--sigs",
            str(SIGS),
            "--extra",
            str(DATA / "catalog-extra.toml"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )


def test_script_reproduces_committed_catalog(tmp_path: Path) -> None:
    out = tmp_path / "catalog.jsonl"
    result = run_script(out)
    assert result.returncode == 0, result.stderr
    assert "landscape records" in result.stderr
    assert "SIG subprojects" in result.stderr
    assert out.read_bytes() == (DATA / "catalog.jsonl").read_bytes()


def test_build_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run_script(first, "1").returncode == 0
    assert run_script(second, "4242").returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_catalog_has_no_members_or_service_providers() -> None:
    bad = [
        entry["id"]
        for entry in committed_catalog()
        if entry["category"].startswith(EXCLUDED_CATEGORY_PREFIXES)
    ]
    assert bad == []


@pytest.mark.parametrize("name", ["k3s", "MicroK8s", "Talos Linux", "RKE2", "Kubermatic KubeOne"])
def test_catalog_keeps_certified_kubernetes_software(name: str) -> None:
    assert name in {entry["name"] for entry in committed_catalog()}


def test_catalog_ids_are_unique_and_sorted() -> None:
    ids = [entry["id"] for entry in committed_catalog()]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)


def test_catalog_entries_have_the_documented_shape() -> None:
    for entry in committed_catalog():
        assert list(entry) == KEYS, entry
        assert entry["source"] in {"landscape", "extra", "sigs"}
        assert isinstance(entry["company"], bool)
        assert entry["subproject_of"] is None or isinstance(entry["subproject_of"], str)
        assert entry["name"].casefold() not in {a.casefold() for a in entry["aliases"]}
        assert entry["repos"] == sorted(entry["repos"], key=lambda u: (u.casefold(), u))


@pytest.mark.parametrize("name", ["Kueue", "OpenTelemetry", "JobSet", "Gateway API", "Cluster API"])
def test_catalog_contains_well_known_projects(name: str) -> None:
    assert name in {entry["name"] for entry in committed_catalog()}


def test_category_themes_are_known_theme_slugs() -> None:
    themes = tomllib.loads((DATA / "themes.toml").read_text(encoding="utf-8"))["themes"]
    mapping = tomllib.loads((DATA / "category-themes.toml").read_text(encoding="utf-8"))
    categories = mapping["categories"]
    assert categories
    unknown = {category: theme for category, theme in categories.items() if theme not in themes}
    assert unknown == {}


def test_every_catalog_category_has_a_theme() -> None:
    mapping = tomllib.loads((DATA / "category-themes.toml").read_text(encoding="utf-8"))
    categories = mapping["categories"]
    missing = {
        entry["category"]
        for entry in committed_catalog()
        if entry["category"] not in categories
        and entry["category"].split(" / ")[0] not in categories
    }
    assert missing == set()


def by_name() -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in committed_catalog()}


@pytest.mark.parametrize(
    ("name", "repo", "sig"),
    [
        ("Prow", "https://github.com/kubernetes-sigs/prow", "Testing"),
        ("Kueue", "https://github.com/kubernetes-sigs/kueue", "Scheduling"),
        ("JobSet", "https://github.com/kubernetes-sigs/jobset", "Apps"),
        ("Cluster API", "https://github.com/kubernetes-sigs/cluster-api", "Cluster Lifecycle"),
        ("Gateway API", "https://github.com/kubernetes-sigs/gwctl", "Network"),
        ("kro", "https://github.com/kubernetes-sigs/kro", "Cloud Provider"),
        ("Headlamp", "https://github.com/kubernetes-sigs/headlamp", "UI"),
        ("bbolt", "https://github.com/etcd-io/bbolt", "etcd"),
        (
            "Cluster API Provider AWS",
            "https://github.com/kubernetes-sigs/cluster-api-provider-aws",
            "Cluster Lifecycle",
        ),
        ("Kompose", "https://github.com/kubernetes/kompose", "Apps"),
    ],
)
def test_sig_subprojects_are_present_with_their_repositories(
    name: str, repo: str, sig: str
) -> None:
    entry = by_name()[name]
    assert repo in entry["repos"]
    assert entry["subproject_of"] == sig


def test_umbrella_repositories_belong_to_no_subproject() -> None:
    owners = {
        repo: entry["id"]
        for entry in committed_catalog()
        for repo in entry["repos"]
        if repo
        in {"https://github.com/kubernetes/kubernetes", "https://github.com/kubernetes/community"}
    }
    assert owners == {"https://github.com/kubernetes/kubernetes": "kubernetes"}


def test_working_groups_committees_and_sigs_are_not_entries() -> None:
    names = {entry["name"].casefold() for entry in committed_catalog()}
    for group in [
        "AI Gateway",
        "Batch",
        "Checkpoint Restore",
        "Data Protection",
        "Node Lifecycle",
        "Workload-aware Scheduling",
        "Steering",
        "Code of Conduct",
        "Security Response",
        "Contributor Experience",
        "API Machinery",
        "Multicluster",
        "SIG Multicluster",
    ]:
        assert group.casefold() not in names, group
    subprojects = [e for e in committed_catalog() if e["source"] == "sigs"]
    assert len(subprojects) > 100
    # housekeeping and generic-word subprojects are left out
    for left_out in ["community", "slack-infra", "website", "yaml", "json", "examples"]:
        assert left_out not in names, left_out
        assert all(left_out not in [a.casefold() for a in e["aliases"]] for e in subprojects)


def test_company_flag_marks_vendor_names_not_products() -> None:
    entries = by_name()
    assert entries["Datadog"]["company"] is True
    assert entries["Splunk"]["company"] is True
    for product in [
        "Redis",
        "Pulumi",
        "Kueue",
        "Argo",
        "OpenTelemetry",
        "Palette",
        "Google Kubernetes Engine",
    ]:
        assert entries[product]["company"] is False, product


def test_a_name_in_brackets_after_the_name_is_an_alias() -> None:
    """ "Google Kubernetes Engine (GKE)": the name is what comes before the brackets, the
    whole and the acronym stay aliases, and the id (stores' identity) is unchanged."""
    entry = by_name()["Google Kubernetes Engine"]
    assert {"GKE", "Google Kubernetes Engine (GKE)"} <= set(entry["aliases"])
    assert entry["id"] == "google-kubernetes-engine-gke"
    assert not [name for name in by_name() if name.endswith(")")]


def test_aliases_include_spelling_variants() -> None:
    entries = by_name()
    assert {"argocd", "argo-cd"} <= {a.casefold() for a in entries["Argo CD"]["aliases"]}
    assert "Open Telemetry" in entries["OpenTelemetry"]["aliases"]
    assert "GatewayAPI" in entries["Gateway API"]["aliases"]


def test_an_umbrella_can_give_its_repositories_to_its_projects() -> None:
    """replace_repos: Argo keeps its homepage; argo-cd's repository is Argo CD's alone."""
    entries = by_name()
    assert entries["Argo"]["repos"] == []
    assert entries["Argo CD"]["repos"] == ["https://github.com/argoproj/argo-cd"]
    assert "Argo CD" not in entries["Argo"]["aliases"]


def load_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_catalog", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_lists_the_shared_names() -> None:
    """data/README.md lists every name that two entries share, as the build finds them."""
    shared = load_script().shared_names(committed_catalog())
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Shared names", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^- `([^`]+)`: (.+)$", section, flags=re.MULTILINE)
    assert [(name, [i.strip(" `") for i in ids.split(",")]) for name, ids in listed] == [
        (name, ids) for name, ids in shared
    ]
