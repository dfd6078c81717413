"""Plain helpers shared by the tests, written once: run the CLI in-process, read what a store
holds (export, snapshot, list, sql), and assert that a command succeeded or failed cleanly.

Without `db=`, the CLI helpers use the store in the environment: conftest.py's `db` fixture
sets KUBEFOLLOW_DB to a temporary path. With `db=`, the store is given with --db.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kubefollow.cli import app
from kubefollow.paths import bundled_post
from kubefollow.rules.link_rules import LinkRules, load_link_rules

BUNDLED = bundled_post()
BUNDLED_COUNT = 12  # the bundled post links 12 projects: ids 1..12 in a fresh store
ERROR_PREFIX = "kubefollow: error:"
ESC = "\x1b"
# How long a test waits for a spawned command's prompt or output. Only a bound for a hang:
# a passing test never waits it out, and a loaded machine (a fresh venv compiling its
# bytecode, parallel test workers) can take seconds to start a command.
PTY_TIMEOUT = 30
# A harmless input must finish far below this; an expanded alias bomb would take hours.
HANG_SECONDS = 30
BOX_CHARS = set("┏┓┗┛┃━┡┩╇┳┻│─└┘┴┬├┤█░")
BUNDLED_NAMES = [
    "Kueue", "JobSet", "kjob", "kcp", "Sveltos", "Multi-Cluster Orchestrator",
    "multicluster-runtime", "OpenTelemetry", "Gateway API", "Karpenter", "CHPs", "Edera",
]  # fmt: skip

# Appended to a copy of the bundled post: new cues and links for items a test has edited.
APPENDED = (
    "\n\nLooking back, [Kueue](https://kueue.sigs.k8s.io/) and [Karpenter](https://karpenter.sh/)"
    " are tools we should adopt, and I want to evaluate [Gateway API]"
    "(https://gateway-api.sigs.k8s.io/) again alongside [Volcano](https://volcano.sh/) for"
    " batch scheduling.\n"
)


def _runner() -> CliRunner:
    # Typer 0.29 (vendored click) and Click >= 8.2 have no mix_stderr: result.stdout and
    # result.stderr are always separate (result.output interleaves both). Older versions
    # need mix_stderr=False for that.
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


RUNNER = _runner()


# --- running the CLI -----------------------------------------------------------------------


def cli(
    *args: str | Path,
    db: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | bytes | None = None,
) -> Result:
    """`kubefollow [--db DB] ARGS...` in-process, 120 columns wide; the click Result."""
    argv = [str(a) for a in args]
    if db is not None:
        argv = ["--db", str(db), *argv]
    return RUNNER.invoke(app, argv, input=input, env={"COLUMNS": "120", **(env or {})})


def assert_no_traceback(result: Result) -> None:
    """No traceback printed, and only a clean exit (typer.Exit -> SystemExit) or none at
    all, never an escaped exception."""
    assert "Traceback" not in result.output, result.output
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def ok(result: Result) -> Result:
    """Exit 0, cleanly."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert_no_traceback(result)
    return result


def fails_cleanly(result: Result, code: int = 1) -> Result:
    """Exit code as given, through SystemExit (not an escaped exception), no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert_no_traceback(result)
    return result


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(ERROR_PREFIX)]


def one_error_naming(result: Result, path: Path | str, *words: str) -> str:
    """Exit 1, no traceback, exactly one error line, naming the file (or URL) and the given words
    (regular expressions, case-insensitive). Returns the line."""
    fails_cleanly(result, 1)
    lines = error_lines(result)
    assert len(lines) == 1, result.stderr
    line = lines[0]
    if isinstance(path, str) and "://" in path:  # a URL, not a file
        assert path in line, line
    else:
        p = Path(path)
        assert str(p) in line or str(p.resolve()) in line, line
    for word in words:
        assert re.search(word, line, re.IGNORECASE), (word, line)
    return line


# --- what a store holds ------------------------------------------------------------------


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


def listed(*args: str, db: Path | None = None) -> list[dict[str, Any]]:
    """`kubefollow list --all --format json [ARGS...]`, parsed."""
    rows = as_json(cli("list", "--all", "--format", "json", *args, db=db))
    assert isinstance(rows, list)
    return rows


def items_by_name(db: Path | None = None) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in listed(db=db)}


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in rows]


def status_of(name: str, db: Path | None = None) -> str:
    (row,) = [r for r in listed(db=db) if r["name"] == name]
    return str(row["status"])


def export(db: Path | None = None) -> dict[str, Any]:
    """`kubefollow export --format json`, parsed."""
    data = as_json(cli("export", "--format", "json", db=db))
    assert isinstance(data, dict)
    return data


def snapshot(db: Path | None = None, *, undoable: bool = False) -> dict[str, Any]:
    """What the store holds, as the CLI exports it, plus the command history.

    undoable=True keeps only what undo restores: no history (undo adds to it) and no items'
    updated_at (bookkeeping undo deliberately does not track, undo.IGNORED_COLUMNS);
    everything else must come back exactly."""
    data = export(db)
    if undoable:
        for item in data["items"]:
            item.pop("updated_at", None)
        return data
    data["history"] = as_json(cli("history", "--format", "json", db=db))
    return data


def sql(db: Path, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the store file directly (committed); its rows."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(query, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def file_state(db: Path) -> tuple[bytes | None, bytes | None]:
    """sha256 of the store file and of its -wal file (None if absent)."""

    def digest(p: Path) -> bytes | None:
        return hashlib.sha256(p.read_bytes()).digest() if p.exists() else None

    return digest(db), digest(db.with_name(db.name + "-wal"))


def export_of_another_store(tmp_path: Path, post: Path) -> Path:
    """An export of another store: the same post, different statuses, a note, a new item."""
    other = tmp_path / "elsewhere.db"
    ok(cli("ingest", post, db=other))
    ok(cli("done", "kueue", db=other))
    ok(cli("drop", "edera", db=other))
    ok(cli("note", "karpenter", "from the other laptop", db=other))
    ok(cli("add", "Imported Thing", "--url", "https://imported.example.org/", db=other))
    dump = tmp_path / "elsewhere.json"
    dump.write_text(ok(cli("export", db=other)).stdout, encoding="utf-8")
    return dump


# --- files and processes -------------------------------------------------------------------


def write_file(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def console_script() -> str | None:
    """The installed `kubefollow` script beside this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / ("kubefollow.exe" if os.name == "nt" else "kubefollow")
    if beside.is_file():
        return str(beside)
    return shutil.which("kubefollow")


def run_process(cmd: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def bundled_link_rules() -> LinkRules:
    """The bundled link rules alone (for a module's constant, built at import, before
    conftest isolates the data dir: no user's files in HOME or XDG_DATA_HOME)."""
    with tempfile.TemporaryDirectory() as empty, pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", empty)
        mp.setenv("XDG_DATA_HOME", empty)
        return load_link_rules()
