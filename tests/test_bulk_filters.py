"""Bulk filters: done, start, reopen, drop and forget take --theme, --source POST and --new in
place of ITEMs, as one command (one undo step); --yes without a terminal, a confirmation
on one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import BUNDLED, PTY_TIMEOUT, error_lines, fails_cleanly, listed, ok, snapshot, sql

TARGET = {"done": "done", "start": "doing", "reopen": "todo", "drop": "dropped"}


@pytest.fixture
def two_posts(invoke: Invoke, na_post: Path, db: Path) -> Path:
    """The NA post (Volcano, Cilium) reviewed, then the bundled post (12 new items)."""
    ok(invoke("ingest", str(na_post)))
    ok(invoke("review", "--accept-all"))
    ok(invoke("ingest", str(BUNDLED)))
    return db


def picked(rows: list[dict[str, Any]], how: str) -> set[str]:
    """What each filter should pick, worked out from the listing."""
    if how == "theme":
        return {r["name"] for r in rows if r["theme"] == "batch"}
    if how == "source":
        return {r["name"] for r in rows if any("NA 2025" in s["title"] for s in r["sources"])}
    return {r["name"] for r in rows if not r["reviewed"]}


FILTERS = {"theme": ["--theme", "batch"], "source": ["--source", "NA 2025"], "new": ["--new"]}


@pytest.mark.parametrize("command", ["done", "start", "reopen", "drop", "forget"])
def test_each_filter_is_one_command_and_one_undo_step(
    invoke: Invoke, two_posts: Path, command: str
) -> None:
    before = "done" if command == "reopen" else "todo"
    sql(two_posts, "UPDATE items SET status = ?", (before,))
    rows = listed(db=two_posts)
    for how, args in FILTERS.items():
        wanted = picked(rows, how)
        assert wanted and len(wanted) < len(rows), how
        ok(invoke(command, *args, "--yes"))
        after = {r["name"]: r["status"] for r in listed(db=two_posts)}
        if command == "forget":
            assert set(after) == {r["name"] for r in rows} - wanted, how
        else:
            assert {n for n, s in after.items() if s == TARGET[command]} == wanted, how
            assert {n for n, s in after.items() if s == before} == set(after) - wanted, how
        ok(invoke("undo"))
        assert listed(db=two_posts) == rows, how


def test_filters_combine(invoke: Invoke, two_posts: Path) -> None:
    ok(invoke("done", "--theme", "batch", "--new", "--yes"))
    done = {r["name"] for r in listed("--status", "done", db=two_posts)}
    assert done == {"Kueue", "JobSet", "kjob"}  # Volcano is batch but reviewed


@pytest.mark.parametrize("command", ["done", "start", "reopen", "drop", "forget"])
def test_without_a_terminal_filters_need_yes(invoke: Invoke, two_posts: Path, command: str) -> None:
    before = snapshot(two_posts)
    result = fails_cleanly(invoke(command, "--theme", "batch"), 2)
    (line,) = error_lines(result)
    assert "4 items match: add --yes" in line and "no terminal" in line
    assert snapshot(two_posts) == before


def test_items_and_filters_do_not_mix(invoke: Invoke, two_posts: Path) -> None:
    result = fails_cleanly(invoke("drop", "kueue", "--new", "--yes"), 2)
    assert "not both" in error_lines(result)[0]
    fails_cleanly(invoke("forget", "--theme", "no-such-theme", "--yes"), 2)
    fails_cleanly(invoke("forget"), 2)


def test_nothing_matches(invoke: Invoke, two_posts: Path) -> None:
    before = snapshot(two_posts)
    assert ok(invoke("done", "--source", "no such post", "--yes")).stderr.strip() == (
        "No items match."
    )
    assert snapshot(two_posts) == before


def test_a_terminal_asks_first(script: str, two_posts: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "dumb"}

    def run(answer: str) -> str:
        child = pexpect.spawn(
            script, ["drop", "--theme", "batch"], env=env, encoding="utf-8", timeout=PTY_TIMEOUT
        )
        child.expect(r"4 items match: #1 Volcano, #3 Kueue")
        child.expect(r"\[y/N\]")
        child.sendline(answer)
        child.expect(pexpect.EOF, timeout=PTY_TIMEOUT)
        child.close()
        assert child.exitstatus == 0
        return str(child.before)

    assert "Nothing changed." in run("")
    assert listed("--status", "dropped", db=two_posts) == []
    assert "kjob: todo -> dropped" in run("y")
    assert len(listed("--status", "dropped", db=two_posts)) == 4


def test_one_item_matches_in_the_singular(invoke: Invoke, two_posts: Path) -> None:
    result = fails_cleanly(invoke("done", "--theme", "networking", "--new"), 2)
    (line,) = error_lines(result)
    assert "1 item matches: add --yes" in line
