"""`kubefollow review --theme/--source`: the filters narrow the review queue: the printed
queue without a terminal, --accept-all (one undo step) and the walk on a terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import BUNDLED, PTY_TIMEOUT, fails_cleanly, listed, ok

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def two_posts(invoke: Invoke, na_post: Path, db: Path) -> Path:
    """The bundled post (ids 1..12), then the NA post (Volcano, Cilium): all new."""
    ok(invoke("ingest", str(BUNDLED)))
    ok(invoke("ingest", str(na_post)))
    return db


def new_names(db: Path) -> set[str]:
    return {r["name"] for r in listed("--new", db=db)}


def from_na(db: Path) -> set[str]:
    rows = listed(db=db)
    return {r["name"] for r in rows if any("NA 2025" in s["title"] for s in r["sources"])}


def test_the_printed_queue_is_filtered(invoke: Invoke, two_posts: Path) -> None:
    rows = listed(db=two_posts)
    batch = [r["id"] for r in rows if r["theme"] == "batch"]
    assert 0 < len(batch) < len(rows)
    shown = json.loads(ok(invoke("review", "--theme", "batch", "--format", "json")).stdout)
    assert sorted(r["id"] for r in shown) == sorted(batch)
    assert all(not r["reviewed"] for r in shown)
    na = from_na(two_posts)
    assert na == {"Volcano", "Cilium"}
    shown = json.loads(ok(invoke("review", "--source", "na 2025", "--format", "json")).stdout)
    assert {r["name"] for r in shown} == na
    both = json.loads(
        ok(invoke("review", "--theme", "batch", "--source", "NA 2025", "--format", "json")).stdout
    )
    assert {r["name"] for r in both} == {r["name"] for r in shown if r["theme"] == "batch"}
    two = ["--theme", "batch", "--theme", "multi-cluster"]
    shown = json.loads(ok(invoke("review", *two, "--format", "json")).stdout)
    themes = {"batch", "multi-cluster"}
    assert {r["id"] for r in shown} == {r["id"] for r in rows if r["theme"] in themes}


def test_filtered_accept_all_marks_only_the_matching_ones(invoke: Invoke, two_posts: Path) -> None:
    everything = new_names(two_posts)
    done = ok(invoke("review", "--accept-all", "--source", "NA 2025"))
    assert "Marked 2 items reviewed." in done.stderr
    assert new_names(two_posts) == everything - {"Volcano", "Cilium"}
    assert "No new items match." in ok(invoke("review", "--source", "NA 2025")).stderr
    ok(invoke("undo"))  # one command: one undo step
    assert new_names(two_posts) == everything


def test_an_unknown_theme_is_a_usage_error(invoke: Invoke, two_posts: Path) -> None:
    fails_cleanly(invoke("review", "--theme", "no-such-theme"), 2)
    fails_cleanly(invoke("review", "--accept-all", "--theme", "no-such-theme"), 2)
    assert len(new_names(two_posts)) == 14


def test_the_walk_shows_only_the_filtered_items(script: str, two_posts: Path) -> None:
    env = {**os.environ, "BROWSER": "true", "COLUMNS": "120", "TERM": "dumb"}
    child: Any = pexpect.spawn(
        script, ["review", "--source", "NA 2025"], env=env, encoding="utf-8", timeout=PTY_TIMEOUT
    )
    try:
        child.expect(r"#13 Volcano   \(2 waiting\)")
        child.expect(r"\[q\] quit")
        child.send("k")
        child.expect(r"#14 Cilium   \(1 waiting\)")
        child.send("k")
        child.expect("No new items left to review.")
        child.expect(pexpect.EOF)
        out = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, out
    assert "0 matching items still wait" in out
    assert "Kueue" not in out
    assert len(new_names(two_posts)) == 12  # the bundled post's items still wait
