"""Triage: what an ingest found, reviewed, merged or forgotten. Each function is one
recorded command (one `undo` step); nothing here knows about Typer or the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubefollow.store.connection import Store


def mark_reviewed(db_path: Path, refs: list[str] | None) -> int:
    """Mark items reviewed (None: every item waiting for review), as one command; how
    many were waiting."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.triage import set_reviewed

    with Store.open(db_path) as store, store.command("review") as changes:
        if refs is None:
            ids = [int(r[0]) for r in store.conn.execute("SELECT id FROM items WHERE reviewed = 0")]
        else:
            ids = [resolve_item(store.conn, ref).id for ref in refs]
        count = set_reviewed(store.conn, ids, changes) if ids else 0
        changes.set_summary(f"reviewed {count} item(s)")
    return count


@dataclass(frozen=True)
class Merge:
    absorbed_id: int
    absorbed_name: str
    survivor_id: int
    survivor_name: str
    moved: dict[str, int]  # rows moved, by table


def merge(db_path: Path, ref: str, into: str) -> Merge:
    """Merge item `ref` into item `into`: one command."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.triage import merge_items

    with Store.open(db_path) as store, store.command("merge") as changes:
        absorbed = resolve_item(store.conn, ref)
        survivor = resolve_item(store.conn, into)
        moved = merge_items(store.conn, absorbed.id, survivor.id, changes)
        changes.set_summary(
            f"merged #{absorbed.id} {absorbed.name} into #{survivor.id} {survivor.name}"
        )
    return Merge(absorbed.id, absorbed.name or "", survivor.id, survivor.name or "", moved)
