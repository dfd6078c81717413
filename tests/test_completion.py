"""Shell completion: the callbacks (items as typed, themes, statuses; --db honoured; no
store created) and bash completion end to end."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import typer
from conftest import Invoke
from helpers import RUNNER, ok

from kubefollow.cli import app, options


def _root_context(db: Path | None) -> click.Context:
    """The context shell completion gives a callback: the root's options parsed (db: as
    if --db was typed), no callback run, so no ctx.obj."""
    ctx = click.Context(typer.main.get_command(app), info_name="kubefollow")
    ctx.params["db"] = db
    return ctx


def test_completion_callbacks(invoke: Invoke, db: Path) -> None:
    ctx = _root_context(None)
    assert (
        options.complete_item(ctx, None, "k") == []
    )  # no store yet: nothing, and no store created
    assert not db.exists()
    ok(invoke("ingest"))
    # Matched in any case, offered as the items spell them.
    assert options.complete_item(ctx, None, "k") == ["Kueue", "kjob", "kcp", "Karpenter"]
    assert options.complete_item(ctx, None, "KU") == ["Kueue"]
    assert options.complete_item(ctx, None, "multi") == [
        "Multi-Cluster Orchestrator",
        "multicluster-runtime",
    ]
    assert options.complete_item(ctx, None, "zzz") == []
    assert len(options.complete_item(ctx, None, "")) == 12
    assert options.complete_theme(ctx, None, "multi") == ["multi-cluster"]
    assert options.complete_theme(ctx, None, "Pla") == ["platform-engineering"]
    assert "observability" in options.complete_theme(ctx, None, "")
    assert options.complete_status("d") == ["doing", "done", "dropped"]
    assert options.complete_status("T") == ["todo"]
    assert options.complete_status("x") == []
    # --db given on the command line wins over the environment
    other = db.parent / "other.db"
    ok(invoke("add", "Zebra Thing", db=other))
    assert options.complete_item(_root_context(other), None, "Z") == ["Zebra Thing"]
    # bash inserts a candidate verbatim: the space is escaped, so it stays one word.
    assert _complete(invoke, f"kubefollow --db {other} done Z") == ["Zebra\\ Thing"]


def _complete(run: Invoke, words: str) -> list[str]:
    env = {
        "COLUMNS": "120",
        "_KUBEFOLLOW_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = RUNNER.invoke(app, [], env=env, prog_name="kubefollow")
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_shell_completion_end_to_end(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(invoke("ingest"))
    assert _complete(invoke, "kubefollow done K") == ["Kueue", "kjob", "kcp", "Karpenter"]
    assert _complete(invoke, "kubefollow done Gate") == ["Gateway\\ API"]
    assert _complete(invoke, "kubefollow list --status d") == ["doing", "done", "dropped"]
    assert _complete(invoke, "kubefollow list -s t") == ["todo"]
    assert _complete(invoke, "kubefollow list --action e") == ["evaluate"]
    assert _complete(invoke, "kubefollow edit 1 --action n") == ["none"]
    assert _complete(invoke, "kubefollow add X --action w") == ["watch"]
    assert _complete(invoke, "kubefollow list --theme multi") == ["multi-cluster"]


def test_shell_completion_is_case_insensitive(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(invoke("ingest"))
    assert _complete(invoke, "kubefollow done ku") == ["Kueue"]
