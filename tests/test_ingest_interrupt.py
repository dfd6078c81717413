"""Ctrl-C during a large ingest (worker processes parsing, the progress bar drawn): one
clean line, exit 130, no traceback from any process, and the store holds whole posts."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


def many_posts(folder: Path, count: int) -> None:
    folder.mkdir()
    filler = "Nothing to see in this sentence, just words for the parser. " * 60
    for n in range(count):
        links = "\n\n".join(
            f"Batch workloads: [Proj{n}x{k}](https://proj{n}x{k}.example.dev/) {filler}"
            for k in range(5)
        )
        (folder / f"post-{n:04d}.md").write_text(f"# Post {n}\n\n{links}\n", encoding="utf-8")


def test_ctrl_c_during_ingest_is_one_clean_line(script: str, tmp_path: Path) -> None:
    many_posts(tmp_path / "posts", 1500)
    db = tmp_path / "kf.db"
    env = {**os.environ, "COLUMNS": "100"}
    child = pexpect.spawn(
        script, ["--db", str(db), "ingest", str(tmp_path / "posts")], env=env,
        encoding="utf-8", timeout=60,
    )  # fmt: skip
    child.expect("ingesting")  # the progress bar: workers are running, posts being written
    child.sendintr()
    child.expect(pexpect.EOF)
    out = str(child.before)
    child.close()
    assert child.exitstatus == 130, out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    assert out.rstrip().endswith("kubefollow: error: interrupted")
    conn = sqlite3.connect(db)
    posts, mentions = conn.execute(
        "SELECT count(*), (SELECT count(*) FROM mentions) FROM posts"
    ).fetchone()
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert posts < 1500 and mentions == posts * 5  # whole posts only
