"""`ingest --dry-run [--explain]`: what an ingest would find, and the rule behind every
decision, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BUNDLED, Invoke

POST = """---
title: Explain me
---

## Batch

We will adopt [Kueue](https://kueue.sigs.k8s.io/) for our training jobs, and the talk
[Scaling batch with Kueue](https://www.youtube.com/watch?v=abc123) is worth watching.

Our team also runs Argo Workflows for the nightly pipelines.

Thanks to [Jane Doe](https://x.com/janedoe) for the demo.
"""


def write_post(tmp_path: Path) -> Path:
    path = tmp_path / "explain-me.md"
    path.write_text(POST, encoding="utf-8")
    return path


def test_dry_run_writes_nothing(invoke: Invoke, db: Path, tmp_path: Path) -> None:
    result = invoke("ingest", "--dry-run", "--format", "json", str(write_post(tmp_path)))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["Kueue", "Argo Workflows"]
    assert rows[0]["action"] == "adopt"
    assert "nothing was written" in result.stderr
    assert not db.exists()


def test_explain_names_the_rule_of_every_link_and_mention(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "ingest", "--dry-run", "--explain", "--format", "json", str(write_post(tmp_path))
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    by_text = {(r["source"], r["text"]): r for r in rows}
    talk = by_text[("link", "Scaling batch with Kueue")]
    assert talk["kind"] == "talk" and talk["item"] is None
    assert "youtube.com" in talk["why"]
    person = by_text[("link", "Jane Doe")]
    assert person["kind"] == "social" and person["item"] is None
    named = by_text[("name", "Argo Workflows")]
    assert named["kind"] == "named" and named["item"] == "Argo Workflows"
    assert "catalog name" in named["why"]
    kueue = by_text[("item", "Kueue")]
    assert "theme 'batch'" in kueue["why"] and "action 'adopt'" in kueue["name_rule"]


def test_explain_of_the_bundled_post_as_a_table(invoke: Invoke) -> None:
    result = invoke("ingest", "--dry-run", "--explain", str(BUNDLED))
    assert result.exit_code == 0, result.stderr
    assert "Rule" in result.stdout.splitlines()[0]
    assert "the catalog's name" in result.stdout
    assert "12 items found" in result.stderr


def test_explain_needs_dry_run(invoke: Invoke, db: Path) -> None:
    result = invoke("ingest", "--explain", str(BUNDLED))
    assert result.exit_code == 2
    assert "--dry-run" in result.stderr
    assert not db.exists()


def test_dry_run_of_a_missing_file_fails_cleanly(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("ingest", "--dry-run", str(tmp_path / "nope.md"))
    assert result.exit_code == 1
    assert "nope.md" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
