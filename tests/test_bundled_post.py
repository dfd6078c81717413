"""The bundled KubeCon EU 2025 post: exactly which projects come out of it, and how."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import BUNDLED

from kubefollow.extract.findings import extract_post
from kubefollow.extract.posts import read_post
from kubefollow.rules.loading import load_rules

EXPECTED: list[tuple[str, str, str, str | None]] = [
    ("Kueue", "https://kueue.sigs.k8s.io/", "batch", None),
    ("JobSet", "https://jobset.sigs.k8s.io/docs/overview/", "batch", None),
    ("kjob", "https://github.com/kubernetes-sigs/kjob", "batch", None),
    ("kcp", "https://www.kcp.io/", "multi-cluster", None),
    ("Sveltos", "https://projectsveltos.github.io/sveltos/", "multi-cluster", None),
    (
        "Multi-Cluster Orchestrator",
        "https://github.com/GoogleCloudPlatform/gke-fleet-management/tree/main/"
        "multi-cluster-orchestrator",
        "multi-cluster",
        None,
    ),
    (
        "multicluster-runtime",
        "https://github.com/kubernetes-sigs/multicluster-runtime",
        "multi-cluster",
        None,
    ),
    ("OpenTelemetry", "https://opentelemetry.io/", "platform-engineering", "adopt"),
    ("Gateway API", "https://gateway-api.sigs.k8s.io/", "platform-engineering", "evaluate"),
    ("Karpenter", "https://karpenter.sh/", "platform-engineering", "adopt"),
    (
        "CHPs",
        "https://www.chainguard.dev/unchained/evaluating-container-security-with-container-"
        "hardening-priorities-some-chps-for-your-slsa",
        "platform-engineering",
        "read",
    ),
    ("Edera", "https://edera.dev/", "platform-engineering", "watch"),
]

JSON_KEYS = {"id", "name", "url", "theme", "themes", "status", "action", "sources", "quote"}
STATUSES = {"todo", "doing", "done", "dropped"}

Items = list[dict[str, Any]]


@pytest.fixture
def stored(ingested: Any, invoke: Any) -> Items:
    """The bundled post ingested, then `kubefollow list --format json` parsed."""
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def by_name(rows: Items) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in rows}


# --- through the CLI -------------------------------------------------------------------


def test_cli_extracts_exactly_the_twelve_items_in_order(stored: Items) -> None:
    got = [(r["name"], r["url"], r["theme"], r["action"]) for r in stored]
    assert got == EXPECTED


def test_cli_ids_follow_post_order(stored: Items) -> None:
    assert [r["id"] for r in stored] == list(range(1, 13))


def test_cli_json_contract(stored: Items) -> None:
    for row in stored:
        missing = JSON_KEYS - row.keys()
        assert not missing, f"{row.get('name')}: missing {missing}"
        assert isinstance(row["id"], int) and not isinstance(row["id"], bool)
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["url"], str) and row["url"].startswith("https://")
        assert isinstance(row["theme"], str)
        assert isinstance(row["themes"], list) and all(isinstance(t, str) for t in row["themes"])
        assert row["status"] in STATUSES
        assert row["action"] is None or isinstance(row["action"], str)
        assert isinstance(row["quote"], str) and row["quote"]
        assert isinstance(row["sources"], list)


def test_cli_fresh_items_are_todo(stored: Items) -> None:
    assert {r["status"] for r in stored} == {"todo"}


def test_cli_primary_theme_leads_themes(stored: Items) -> None:
    for row in stored:
        assert row["themes"], row["name"]
        assert row["themes"][0] == row["theme"], row["name"]


def test_cli_secondary_themes(stored: Items) -> None:
    items = by_name(stored)
    assert "networking" in items["Gateway API"]["themes"]
    assert "security" in items["CHPs"]["themes"]


def test_cli_sources(stored: Items) -> None:
    for row in stored:
        assert len(row["sources"]) == 1, row["name"]
        source = row["sources"][0]
        assert source["title"] == "KubeCon EU 2025"
        assert source["date"] == "2025-04-24"
        assert source["path"].endswith("kubecon-eu-2025.md")


def test_cli_quote(stored: Items) -> None:
    assert by_name(stored)["Karpenter"]["quote"] == (
        "Karpenter is great, you should be using it if you can."
    )


def test_cli_no_image_or_title_item(stored: Items) -> None:
    for row in stored:
        assert "KubeCon EU 2025" not in row["name"], row
        assert "images/" not in row["url"], row
        assert not row["url"].lower().endswith((".jpg", ".jpeg", ".png")), row
        assert "Entrance" not in row["name"], row


# --- directly through extract_post ------------------------------------------------------


@pytest.fixture(scope="module")
def post() -> Any:
    return extract_post(read_post(str(BUNDLED)), load_rules())


def test_extract_gives_exactly_the_twelve_items_in_order(post: Any) -> None:
    got = [(f.name, f.url, f.theme, f.action) for f in post.findings]
    assert got == EXPECTED


def test_extract_post_metadata(post: Any) -> None:
    assert post.title == "KubeCon EU 2025"
    assert post.date == "2025-04-24"
    assert post.path.endswith("kubecon-eu-2025.md")


def test_extract_themes(post: Any) -> None:
    findings = {f.name: f for f in post.findings}
    for f in post.findings:
        assert f.themes[0] == f.theme, f.name
    assert "networking" in findings["Gateway API"].themes
    assert "security" in findings["CHPs"].themes
    assert findings["Karpenter"].quote == "Karpenter is great, you should be using it if you can."


def test_extract_no_image_or_title(post: Any) -> None:
    names = [f.name for f in post.findings]
    urls = [f.url for f in post.findings]
    assert not any("KubeCon EU 2025" in n for n in names)
    assert not any("images/" in u or u.endswith(".jpg") for u in urls)


def test_cli_and_extract_agree(stored: Items, post: Any) -> None:
    fields = ("name", "url", "theme", "themes", "action", "quote")
    from_store = [tuple(r[k] for k in fields) for r in stored]
    extracted = [tuple(getattr(f, k) for k in fields) for f in post.findings]
    assert from_store == extracted
