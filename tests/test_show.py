"""`show`: one heading a post, its sentences quoted under it, long ones wrapped at word
boundaries to the terminal's width (not when piped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke
from helpers import cli, ok, write_file

from kubefollow.output.table import display_width

LONG = (
    "We will adopt [Kueue](https://kueue.sigs.k8s.io/) for our training jobs once the"
    " quota model has been tried on the staging cluster by the whole platform team."
)
POST = f"""---
title: Batch notes
date: 2025-05-01
---

{LONG}

Kueue also came up in the hallway track, twice.
"""


@pytest.fixture
def post(tmp_path: Path) -> Path:
    return write_file(tmp_path / "posts" / "batch.md", POST)


def mentioned_in(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("  mentioned in:") + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("    ")), None)
    return lines[start:end]


def test_one_heading_per_post(invoke: Invoke, post: Path) -> None:
    ok(invoke("ingest", post))
    block = mentioned_in(ok(invoke("show", "kueue")).stdout)
    assert [line for line in block if not line.startswith("      ")] == [
        "    Batch notes (2025-05-01)"
    ]
    assert sum(line.lstrip().startswith("“") for line in block) == 2


def test_long_quotes_wrap_at_word_boundaries_on_a_terminal(
    invoke: Invoke, post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(invoke("ingest", post))
    piped = mentioned_in(ok(invoke("show", "kueue")).stdout)
    assert any(line.endswith("whole platform team.”") and "We will adopt" in line for line in piped)
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    out = ok(cli("show", "kueue", env={"COLUMNS": "60", "NO_COLOR": "1"})).stdout
    block = mentioned_in(out)
    quote = block[1 : block.index(next(b for b in block[2:] if b.startswith("      “")))]
    assert len(quote) > 1
    assert quote[0].startswith("      “We will adopt")
    assert all(line.startswith("       ") and line[7] != " " for line in quote[1:])
    words = " ".join(line.strip() for line in quote).strip("“”").split()
    assert words == LONG.replace("[Kueue](https://kueue.sigs.k8s.io/)", "Kueue").split()
    assert all(display_width(line) <= 60 for line in out.splitlines())


def test_a_table_cell_mention_quotes_its_row(db: Path, tmp_path: Path) -> None:
    from helpers import items_by_name

    post = write_file(
        tmp_path / "table.md",
        "# Batch\n\n| Project | Verdict | Notes |\n|---|---|---|\n"
        "| [Zorblax](https://zorblax.example.dev/) | adopt | runs our batch jobs |\n"
        "| [Quuxly](https://quuxly.example.dev/) | watch | early days |\n",
    )
    ok(cli("ingest", post, db=db))
    items = items_by_name(db)
    assert items["Zorblax"]["quote"] == "Zorblax | adopt | runs our batch jobs"
    assert items["Zorblax"]["action"] == "adopt"  # the verdict sits in another cell of the row
    assert items["Quuxly"]["action"] == "watch"
    assert "Zorblax | adopt | runs our batch jobs" in ok(cli("show", "Zorblax", db=db)).stdout
