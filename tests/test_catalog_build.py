"""The committed catalog (data/catalog.jsonl) and how scripts/build_catalog.py makes it."""

from __future__ import annotations

import json
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

EXCLUDED_CATEGORY_PREFIXES = ("CNCF Members", "Special")
KEYS = ["id", "name", "aliases", "homepage", "repos", "category", "maturity", "source"]


def committed_catalog() -> list[dict[str, Any]]:
    lines = (DATA / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_script_reproduces_committed_catalog(tmp_path: Path) -> None:
    if not LANDSCAPE.is_file():
        pytest.skip(f"landscape data not found at {LANDSCAPE}")
    out = tmp_path / "catalog.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--landscape",
            str(LANDSCAPE),
            "--extra",
            str(DATA / "catalog-extra.toml"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "landscape records" in result.stderr
    assert out.read_bytes() == (DATA / "catalog.jsonl").read_bytes()


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
        assert entry["source"] in {"landscape", "extra"}
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
