"""`kubefollow review`: driven through a real pseudo-terminal with real key presses (the
installed console script under pexpect), and without a terminal (the queue, --accept-all).

The bundled post gives ids 1..12 in this order: Kueue, JobSet, kjob, kcp, Sveltos,
Multi-Cluster Orchestrator, multicluster-runtime, OpenTelemetry, Gateway API, Karpenter,
CHPs, Edera."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import PTY_TIMEOUT, listed, ok

pexpect = pytest.importorskip("pexpect")

PROMPT = r"\[q\] quit"  # the key help, printed whenever a key is awaited


@pytest.fixture
def spawn(script: str, bundled_store: Path) -> Iterator[Any]:
    """`kubefollow review` on a pseudo-terminal over the bundled store; BROWSER harmless."""
    children: list[Any] = []

    def start() -> Any:
        env = {**os.environ, "BROWSER": "true", "COLUMNS": "120", "TERM": "dumb"}
        child = pexpect.spawn(script, ["review"], env=env, encoding="utf-8", timeout=PTY_TIMEOUT)
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def press(child: Any, key: str, *expect: str) -> str:
    """Send one key, wait for each expected pattern and then the next key help; the text."""
    child.send(key)
    seen = ""
    for pattern in expect:
        child.expect(pattern)
        seen += child.before + child.after
    child.expect(PROMPT)
    return seen + child.before


def answer(child: Any, key: str, prompt: str, line: str, *expect: str) -> str:
    child.send(key)
    child.expect(prompt)
    return press(child, line + "\r", *expect)


def ended(child: Any) -> str:
    child.expect(pexpect.EOF)
    out = child.before
    child.close()
    assert child.exitstatus == 0, out
    assert "Traceback" not in out
    return str(out)


def by_name(db: Path) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in listed(db=db)}


def test_every_key(spawn: Any, db: Path, invoke: Invoke, isolated_user_dirs: Path) -> None:
    child = spawn()
    child.expect(r"#1 Kueue   \(12 waiting\)")
    child.expect(PROMPT)
    assert "kueue.sigs.k8s.io" in child.before and "batch" in child.before
    assert '"I remember seeing Kueue' in child.before  # the quoted sentence
    press(child, "k", "kept #1 Kueue", "#2 JobSet")
    press(child, "\r", "kept #2 JobSet", "#3 kjob")
    answer(child, "m", "Merge into", "jobset", "merged #3 kjob into #2 JobSet", "#4 kcp")
    press(child, "d", "dropped #4 kcp", "#5 Sveltos")
    answer(child, "r", "New name", "Sveltos Renamed", "name Sveltos -> Sveltos Renamed", "#6 ")
    answer(child, "t", "Theme: ", "security", "theme multi-cluster -> security", "#7 ")
    answer(child, "a", "Action \\(adopt", "adopt", "action none -> adopt", "#8 OpenTelemetry")
    press(child, "o", "opened https://")
    press(child, "s", "#9 Gateway API")
    press(child, "f", "forgot #9 Gateway API", "#10 Karpenter")
    press(child, "n", "forgot #10 Karpenter \\(never again: https://karpenter.sh", "#11 CHPs")
    press(child, "u", "undid: forgot #10 Karpenter", "#10 Karpenter")
    press(child, "x", "unknown key")
    child.send("q")
    assert "4 items still wait for review" in ended(child)

    items = by_name(db)
    assert items["Kueue"]["reviewed"] and items["JobSet"]["reviewed"]
    assert "kjob" not in items and "Gateway API" not in items
    assert (items["kcp"]["status"], items["kcp"]["reviewed"]) == ("dropped", True)
    assert items["Sveltos Renamed"]["reviewed"]
    assert items["Multi-Cluster Orchestrator"]["theme"] == "security"
    assert items["multicluster-runtime"]["action"] == "adopt"
    assert not items["OpenTelemetry"]["reviewed"]  # skipped: still new
    assert not items["Karpenter"]["reviewed"]  # forgotten, then brought back by u
    rules = list(isolated_user_dirs.rglob("exclusions.toml"))
    assert rules and "karpenter.sh" in rules[0].read_text()  # undo leaves the rule
    # Each decision was its own command: one more undo brings Gateway API back.
    ok(invoke("undo"))
    assert "Gateway API" in by_name(db)


def test_quitting_half_way_keeps_the_decisions(spawn: Any, db: Path) -> None:
    child = spawn()
    child.expect(PROMPT)
    press(child, "k", "#2 JobSet")
    press(child, "d", "#3 kjob")
    child.send("q")
    assert "1 keep, 1 drop; 10 items still wait" in ended(child)
    new = [r["name"] for r in listed("--new", db=db)]
    assert len(new) == 10 and new[0] == "kjob"
    child = spawn()  # the next review starts where this one stopped
    child.expect(r"#3 kjob   \(10 waiting\)")
    child.send("q")
    ended(child)


def test_undo_restores_the_previous_decision(spawn: Any, db: Path) -> None:
    child = spawn()
    child.expect(PROMPT)
    press(child, "u", "nothing to undo in this review")  # never what came before
    press(child, "d", "dropped #1 Kueue", "#2 JobSet")
    press(child, "u", "undid", "#1 Kueue")
    child.send("q")
    ended(child)
    kueue = by_name(db)["Kueue"]
    assert (kueue["status"], kueue["reviewed"]) == ("todo", False)


@pytest.mark.parametrize("key", ["\x03", "\x04"])
def test_ctrl_c_and_eof_quit_cleanly(spawn: Any, db: Path, key: str) -> None:
    child = spawn()
    child.expect(PROMPT)
    press(child, "k", "#2 JobSet")
    child.send(key)
    assert "1 keep; 11 items still wait" in ended(child)


def test_ctrl_c_in_a_prompt_quits_cleanly(spawn: Any) -> None:
    child = spawn()
    child.expect(PROMPT)
    child.send("r")
    child.expect("New name")
    child.sendintr()
    assert "still wait" in ended(child)


def test_without_a_terminal_review_prints_the_queue(invoke: Invoke, ingested: Any) -> None:
    table = ok(invoke("review")).stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "New", "Project"] and len(table) == 13
    rows = json.loads(ok(invoke("review", "--format", "json")).stdout)
    assert [r["id"] for r in rows] == list(range(1, 13))


def test_the_queue_starts_with_the_oldest_post(invoke: Invoke, na_post: Path, db: Path) -> None:
    from helpers import BUNDLED

    from kubefollow.core.review import Review

    ok(invoke("ingest", str(na_post)))  # 2025-11: ids 1, 2
    ok(invoke("ingest", str(BUNDLED)))  # 2025-04: older, reviewed first
    session = Review(db)
    first = session.current()
    assert first is not None and first.name == "Kueue"
    session.decide(first, "skip")
    assert [i.name for i in session.waiting()][-2:] == ["Volcano", "Cilium"]


def test_accept_all_is_one_undo_step(invoke: Invoke, ingested: Any, db: Path) -> None:
    assert "Marked 12 items reviewed." in ok(invoke("review", "--accept-all")).stderr
    assert listed("--new", db=db) == []
    assert "No new items." in ok(invoke("review")).stderr
    ok(invoke("undo"))
    assert len(listed("--new", db=db)) == 12


def test_a_format_prints_the_queue_even_on_a_terminal(script: str, bundled_store: Path) -> None:
    child = pexpect.spawn(
        script, ["review", "--format", "csv"], encoding="utf-8", timeout=PTY_TIMEOUT
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = child.before.splitlines()
    assert lines[0].startswith("id,") and len(lines) == 13
