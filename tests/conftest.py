"""Shared fixtures: isolated user dirs, a temporary store, the CLI on it, posts to ingest.

Plain helper functions (the CLI wrapper, snapshot, export, sql, clean-failure asserts) are
in helpers.py."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import BUNDLED, BUNDLED_COUNT, cli, console_script, items_by_name, ok, write_file
from typer.testing import Result
from web_server import WebServer
from web_server import start as start_web_server

from kubefollow.rules.loading import Rules, load_rules

__all__ = ["BUNDLED", "Invoke"]

ROOT = Path(__file__).resolve().parents[1]

Invoke = Callable[..., Result]

NA_POST = """---
title: KubeCon NA 2025 notes
date: 2025-11-20
---

Batch scheduling was everywhere again: I want to evaluate [Volcano](https://volcano.sh/) for our
training jobs.

On the networking side, the service mesh talks convinced me we should be using
[Cilium](https://cilium.io/) everywhere.
"""


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never read the real user's rule files or store, nor their NO_COLOR: point HOME and
    the XDG dirs at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("KUBEFOLLOW_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Rules:
    """The bundled rules alone, loaded once per session with the user's dirs hidden.

    Session-scoped so that hypothesis tests may take it (a function-scoped fixture would be
    shared across examples anyway, and hypothesis refuses one): Rules is a frozen dataclass
    whose only mutable part is the cache of what extraction builds from it."""
    home = tmp_path_factory.mktemp("rules-home")
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv("HOME", str(home))
        patched.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        patched.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        return load_rules()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path that does not exist yet, exported as KUBEFOLLOW_DB."""
    path = tmp_path / "store" / "kubefollow.db"
    monkeypatch.setenv("KUBEFOLLOW_DB", str(path))
    return path


@pytest.fixture
def invoke(db: Path) -> Invoke:
    """Run `kubefollow ARGS...` in-process on the temp store (or on db=...); returns the
    click Result (stdout and stderr separate). See helpers.cli."""
    return cli


@pytest.fixture
def items(invoke: Invoke) -> Callable[..., list[dict[str, Any]]]:
    """`kubefollow list --all --format json [ARGS...]` on the temp store, parsed."""

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
    return ok(invoke("ingest", str(BUNDLED)))


@pytest.fixture
def bundled_store(db: Path, ingested: Result) -> Path:
    """The path of the temp store holding the bundled post (items 1..12)."""
    assert len(items_by_name(db)) == BUNDLED_COUNT
    return db


@pytest.fixture
def core_store(tmp_path: Path) -> Path:
    """A store holding the bundled post, ingested by the core (no CLI); its path."""
    from kubefollow.core.ingest import ingest

    path = tmp_path / "core" / "kubefollow.db"
    report = ingest(path, [str(BUNDLED)], jobs=0)
    assert not report.failed and not report.warnings
    return path


@pytest.fixture
def post_copy(tmp_path: Path) -> Path:
    """A copy of the bundled post that a test may change."""
    dest = tmp_path / "posts" / "kubecon-eu-2025.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BUNDLED, dest)
    return dest


@pytest.fixture
def na_post(tmp_path: Path) -> Path:
    """A second trip report: Volcano and Cilium."""
    return write_file(tmp_path / "more" / "kubecon-na-2025.md", NA_POST)


@pytest.fixture
def script() -> str:
    """The installed console script (the test is skipped without one)."""
    found = console_script()
    if found is None:
        pytest.skip("the kubefollow console script is not installed")
    return found


@pytest.fixture(scope="session")
def _web_server() -> WebServer:
    return start_web_server()


@pytest.fixture
def web(_web_server: WebServer, monkeypatch: pytest.MonkeyPatch) -> WebServer:
    """The tests' local HTTP server (web_server.py), its routes empty; proxies unset so that
    httpx goes straight to 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    _web_server.reset()
    return _web_server
