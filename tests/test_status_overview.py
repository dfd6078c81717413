"""`status`: counts per theme and per post, plain when piped, boxed on a terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import BOX_CHARS, ESC, as_json, ok


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
    # Theme (the slug, as in every table but `themes`), Total, Todo, Doing, Done, Dropped,
    # Progress
    assert row_cells(out, "batch") == ["batch", "3", "2", "0", "1", "0", "33%"]
    assert row_cells(out, "multi-cluster") == ["multi-cluster", "4", "4", "0", "0", "0", "0%"]
    assert row_cells(out, "platform-engineering")[1:3] == ["5", "5"]
    # Post, Date, Total, Todo, Doing, Done, Dropped, Progress
    assert row_cells(out, "KubeCon EU 2025") == [
        "KubeCon EU 2025", "2025-04-24", "12", "11", "0", "1", "0", "8%"
    ]  # fmt: skip
    # piped: no box drawing, no progress bar glyphs, no escapes
    assert not BOX_CHARS & set(out)
    assert ESC not in out + result.stderr


def test_status_counts_follow_every_status(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("start", "jobset"))
    ok(invoke("drop", "kjob"))
    ok(invoke("done", "kcp", "Sveltos"))
    out = ok(invoke("status")).stdout
    assert row_cells(out, "batch") == ["batch", "3", "1", "1", "0", "1", "0%"]
    assert row_cells(out, "multi-cluster") == ["multi-cluster", "4", "2", "0", "2", "0", "50%"]
    # Posts have Doing and Dropped too; 2 done of the 11 not dropped: 18%, rounded
    assert row_cells(out, "KubeCon EU 2025")[2:] == ["12", "8", "1", "2", "1", "18%"]


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


def test_dropped_items_do_not_count_against_progress(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("drop", "kjob"))
    out = ok(invoke("status")).stdout
    # batch: Kueue done, kjob dropped, JobSet todo: 1 of the 2 still meant to be done
    assert row_cells(out, "batch")[-1] == "50%"
    # the post: 1 done of 11 not dropped = 9.09%: rounded to 9% (it was 1 // 12 = 8%)
    assert row_cells(out, "KubeCon EU 2025")[-1] == "9%"


@pytest.mark.parametrize(
    ("done", "total", "dropped", "shown"),
    [
        (0, 0, 0, None),
        (0, 2, 2, None),  # all dropped: nothing left to measure
        (2, 3, 0, 67),  # rounded, not floored (66)
        (1, 3, 0, 33),
        (1, 200, 0, 1),  # 0.5%: something is done, never 0%
        (199, 200, 0, 99),  # 99.5%: not everything is done, never 100%
        (200, 200, 0, 100),
        (1, 3, 1, 50),
    ],
)
def test_progress_is_a_rounded_percentage(
    done: int, total: int, dropped: int, shown: int | None
) -> None:
    from kubefollow.core.overview import progress

    assert progress(done, total, dropped) == shown


def test_status_json(invoke: Invoke, db: Path) -> None:
    assert as_json(invoke("status", "--format", "json")) == {
        "themes": [], "posts": [], "unreviewed": 0
    }  # fmt: skip
    assert not db.exists()
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("drop", "kjob"))
    result = ok(invoke("status", "--format", "json"))
    assert result.stderr == ""  # the review hint is in the data: unreviewed
    board = json.loads(result.stdout)
    assert board["unreviewed"] == 10
    batch = next(t for t in board["themes"] if t["theme"] == "batch")
    assert batch == {
        "theme": "batch", "title": "Batch", "total": 3, "todo": 1, "doing": 0, "done": 1,
        "dropped": 1, "progress": 50,
    }  # fmt: skip
    (post,) = board["posts"]
    assert post["title"] == "KubeCon EU 2025" and post["date"] == "2025-04-24"
    assert post["path"].endswith("kubecon-eu-2025.md")
    assert {k: post[k] for k in ("total", "todo", "doing", "done", "dropped", "progress")} == {
        "total": 12, "todo": 10, "doing": 0, "done": 1, "dropped": 1, "progress": 9
    }  # fmt: skip
