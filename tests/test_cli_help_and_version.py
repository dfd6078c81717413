"""The CLI's own surface: --version, and -h/--help on every command."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys

import typer
from conftest import Invoke

import kubefollow
from kubefollow.cli import app


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kubefollow {kubefollow.__version__}"
    assert kubefollow.__version__ == importlib.metadata.version("kubefollow")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_help_on_every_command(invoke: Invoke) -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert {"ingest", "list", "done", "start", "reopen", "drop"} <= set(commands)
    registered = {c.name: c for c in app.registered_commands}
    for name, command in commands.items():
        assert (command.help or "").strip(), name
        if name in registered:
            callback = registered[name].callback
            assert callback is not None and (callback.__doc__ or "").strip(), name
        summary = flat(command.help.strip().split("\n\n")[0])
        for flag in ("-h", "--help"):
            result = invoke(name, flag)
            assert result.exit_code == 0, (name, result.stderr)
            assert result.stdout.startswith(f"Usage: kubefollow {name} "), name
            assert summary in flat(result.stdout), name
    top = invoke("-h")
    assert top.exit_code == 0
    for name in commands:
        assert name in top.stdout


def test_help_uses_the_terminals_width() -> None:
    # In a process of its own: the test runner forces Click's help to 80 columns.
    def widest(columns: int, *args: str) -> int:
        env = {**os.environ, "COLUMNS": str(columns)}
        out = subprocess.run(
            [sys.executable, "-m", "kubefollow", *args, "--help"],
            capture_output=True, text=True, env=env, check=True, timeout=60,
        ).stdout  # fmt: skip
        return max(len(line) for line in out.splitlines())

    for args in (["ingest"], ["list"]):
        assert 80 < widest(160, *args) <= 160, args  # not cut at 80 on a wide terminal
        assert widest(70, *args) <= 70, args
