"""`list`'s filters and orders beyond theme and status: --action, --sort action and done,
--limit; --theme matching secondary themes; `other` never a secondary theme."""

from __future__ import annotations

from pathlib import Path

from helpers import cli, fails_cleanly, listed, names, ok, sql, write_file

# In the bundled post: OpenTelemetry and Karpenter are adopt, Gateway API evaluate.


def test_action_filter_combines_with_theme_and_status(bundled_store: Path) -> None:
    adopt = listed("--action", "adopt", db=bundled_store)
    assert names(adopt) == ["OpenTelemetry", "Karpenter"]
    both = listed("--action", "adopt", "--action", "evaluate", db=bundled_store)
    assert names(both) == ["OpenTelemetry", "Gateway API", "Karpenter"]
    ok(cli("done", "Karpenter", db=bundled_store))
    todo = listed("--action", "ADOPT", "--status", "todo", db=bundled_store)
    assert names(todo) == ["OpenTelemetry"]
    none = listed("--action", "none", "--theme", "batch", db=bundled_store)
    assert none and all(r["action"] is None and "batch" in r["themes"] for r in none)


def test_an_unknown_action_is_a_usage_error(bundled_store: Path) -> None:
    result = fails_cleanly(cli("list", "--action", "hold", db=bundled_store), 2)
    assert "known actions" in result.stderr


def test_sort_by_action_puts_the_strongest_first(bundled_store: Path) -> None:
    rows = listed("--sort", "action", db=bundled_store)
    order = ["adopt", "evaluate", "watch", "read", None]
    ranks = [order.index(r["action"]) for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 4


def test_sort_done_lists_the_latest_done_first(bundled_store: Path) -> None:
    ok(cli("done", "kcp", db=bundled_store))
    sql(bundled_store, "UPDATE items SET done_at = '2020-01-01T00:00:00+00:00' WHERE id = 4")
    ok(cli("done", "JobSet", db=bundled_store))
    rows = listed("--sort", "done", db=bundled_store)
    assert names(rows[:2]) == ["JobSet", "kcp"]
    assert rows[0]["done_at"] > rows[1]["done_at"]
    assert rows[2]["done_at"] is None


def test_limit_caps_the_rows_after_sorting(bundled_store: Path) -> None:
    assert names(listed("--sort", "name", "--limit", "2", db=bundled_store)) == [
        "CHPs",
        "Edera",
    ]
    table = ok(cli("list", "--limit", "3", db=bundled_store)).stdout
    assert len([line for line in table.splitlines()[1:] if line.strip()]) == 3
    fails_cleanly(cli("list", "--limit", "0", db=bundled_store), 2)


def test_theme_filter_matches_secondary_themes(db: Path, tmp_path: Path) -> None:
    post = write_file(
        tmp_path / "post.md",
        "# Batch\n\nBatch jobs: [Volcano](https://volcano.sh/) is great.\n\n"
        "# Observability\n\nFor observability we also run [Volcano](https://volcano.sh/)"
        " dashboards.\n",
    )
    ok(cli("ingest", post, db=db))
    (row,) = listed(db=db)
    assert row["theme"] == "batch" and "observability" in row["themes"]
    assert names(listed("--theme", "observability", db=db)) == ["Volcano"]


def test_other_is_never_a_secondary_theme(db: Path, tmp_path: Path) -> None:
    post = write_file(
        tmp_path / "post.md",
        "# Batch\n\nBatch jobs: [Zorblax](https://zorblax.example.dev/) is great.\n\n"
        "# Misc\n\nUnrelated words about [Zorblax](https://zorblax.example.dev/) again.\n",
    )
    ok(cli("ingest", post, db=db))
    (row,) = listed(db=db)
    assert row["theme"] == "batch"
    assert "other" not in row["themes"]
    assert names(listed("--theme", "other", db=db)) == []
