"""Shared fixtures: a temporary store, a CliRunner and a helper that runs the CLI on it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kubefollow.cli import app

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "kubecon-eu-2025.md"

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never read the real user's rule files or store: point HOME and XDG dirs at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("KUBEFOLLOW_DB", raising=False)
    return home


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path that does not exist yet, exported as KUBEFOLLOW_DB."""
    path = tmp_path / "store" / "kubefollow.db"
    monkeypatch.setenv("KUBEFOLLOW_DB", str(path))
    return path


@pytest.fixture
def runner() -> CliRunner:
    # Typer 0.29 (vendored click) and Click >= 8.2 have no mix_stderr: result.stdout and
    # result.stderr are always separate (result.output interleaves both). Older versions
    # need mix_stderr=False for that.
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, db: Path) -> Invoke:
    """Run `kubefollow ARGS...` in-process on the temp store; returns the click Result."""

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env={"COLUMNS": "120"})

    return run


@pytest.fixture
def items(invoke: Invoke) -> Callable[..., list[dict[str, Any]]]:
    """`kubefollow list --all --format json [ARGS...]`, parsed."""

    def get(*args: str) -> list[dict[str, Any]]:
        result = invoke("list", "--all", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        parsed = json.loads(result.stdout)
        assert isinstance(parsed, list)
        return parsed

    return get


@pytest.fixture
def ingested(invoke: Invoke) -> Result:
    """The temp store with the bundled post ingested."""
    result = invoke("ingest", str(BUNDLED))
    assert result.exit_code == 0, result.stderr
    return result
