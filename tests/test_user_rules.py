"""The user's own rule files (cues.toml, exclusions.toml, themes.toml in the data
directory) extend the bundled ones; a malformed one is one clear error, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import fails_cleanly

from kubefollow.paths import user_data_dir

POST = """---
title: Rules test
---

We will take the plunge with [Zebrafish](https://github.com/zebra-org/zebrafish) next quarter.

Tickets were on [Confhub](https://confhub.dev/) as usual.
"""


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    return path


def user_rule_file(name: str, text: str) -> None:
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def stored(invoke: Invoke, post: Path) -> dict[str, str | None]:
    result = invoke("ingest", str(post))
    assert result.exit_code == 0, result.stderr
    listed = json.loads(invoke("list", "--format", "json").stdout)
    return {item["name"]: item["action"] for item in listed}


def test_bundled_rules_alone(invoke: Invoke, post: Path) -> None:
    assert stored(invoke, post) == {"Zebrafish": None, "Confhub": None}


def test_user_cues_and_exclusions_extend_the_bundled_ones(invoke: Invoke, post: Path) -> None:
    user_rule_file("cues.toml", '[actions.adopt]\ncues = ["take the plunge"]\n')
    user_rule_file("exclusions.toml", '[logistics]\nhosts = ["confhub.dev"]\n')
    assert stored(invoke, post) == {"Zebrafish": "adopt"}


def test_bundled_exclusions_still_apply_beside_the_users(invoke: Invoke, tmp_path: Path) -> None:
    user_rule_file("exclusions.toml", '[logistics]\nhosts = ["confhub.dev"]\n')
    post = tmp_path / "social.md"
    post.write_text("Follow [me](https://bsky.app/profile/someone) for more.\n")
    result = invoke("ingest", str(post))
    assert result.exit_code == 0, result.stderr
    assert json.loads(invoke("list", "--format", "json").stdout) == []


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("cues.toml", '[actions.adopt]\ncues = "take the plunge"\n', ["cues", "a list"]),
        ("cues.toml", '[actions.yolo]\ncues = ["send it"]\n', ["cues.toml", "yolo"]),
        ("exclusions.toml", "[logistics]\nhosts = 5\n", ["hosts", "a list"]),
        ("exclusions.toml", "logistics = [1]\n", ["logistics", "a table"]),
        ("cues.toml", "[actions.adopt\n", ["cues.toml", "TOML"]),
        ("link-kinds.toml", "hosts = 5\n", ["link-kinds.toml", "hosts", "a table"]),
        ("names.toml", "[never]\nnames = 5\n", ["names.toml", "names", "a list"]),
        ("companies.toml", "hosts = [\n", ["companies.toml", "TOML"]),
    ],
)
def test_a_malformed_user_rule_file_is_one_clear_error(
    invoke: Invoke, post: Path, name: str, text: str, words: list[str]
) -> None:
    user_rule_file(name, text)
    result = invoke("ingest", str(post))
    fails_cleanly(result, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kubefollow: error:"), result.stderr
    assert all(w in lines[0] for w in words), lines[0]
