"""`status`: counts per theme and per post, plain when piped, boxed on a terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import BOX_CHARS, ESC, ok


def row_cells(text: str, first: str) -> list[str]:
    """The cells of the plain (piped) table row starting with `first`."""
    for line in text.splitlines():
        if line.startswith(first + "  "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {first!r} in:\n{text}")


def test_status_counts_per_theme_and_post(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    result = ok(invoke("status"))
    out = result.stdout
    # Theme, Total, Todo, Doing, Done, Dropped, Done / total
    assert row_cells(out, "Batch") == ["Batch", "3", "2", "0", "1", "0", "33%"]
    assert row_cells(out, "Multi-cluster") == ["Multi-cluster", "4", "4", "0", "0", "0", "0%"]
    assert row_cells(out, "Platform engineering")[1:3] == ["5", "5"]
    # Post, Date, Items, Done, Done / items
    assert row_cells(out, "KubeCon EU 2025") == ["KubeCon EU 2025", "2025-04-24", "12", "1", "8%"]
    # piped: no box drawing, no progress bar glyphs, no escapes
    assert not BOX_CHARS & set(out)
    assert ESC not in out + result.stderr


def test_status_counts_follow_every_status(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("start", "jobset"))
    ok(invoke("drop", "kjob"))
    ok(invoke("done", "kcp", "Sveltos"))
    out = ok(invoke("status")).stdout
    assert row_cells(out, "Batch") == ["Batch", "3", "1", "1", "0", "1", "0%"]
    assert row_cells(out, "Multi-cluster") == ["Multi-cluster", "4", "2", "0", "2", "0", "50%"]
    assert row_cells(out, "KubeCon EU 2025")[2:] == ["12", "2", "16%"]


def test_status_on_a_terminal_is_boxed_and_respects_no_color(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    plain = ok(invoke("status", env={"NO_COLOR": "1", "TERM": "xterm"}))
    assert "┃" in plain.stdout and "█" in plain.stdout
    assert ESC not in plain.stdout + plain.stderr
    colored = ok(invoke("status", env={"TERM": "xterm"}))
    assert ESC in colored.stdout  # the NO_COLOR check above is not vacuous


def test_status_on_an_empty_store(invoke: Invoke, db: Path) -> None:
    result = ok(invoke("status"))
    assert result.stdout == ""
    assert "kubefollow ingest" in result.stderr
    assert not db.exists()  # reading never creates a store
