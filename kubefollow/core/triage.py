"""Triage: what an ingest found, reviewed, merged or forgotten. Each function is one
recorded command (one `undo` step); nothing here knows about Typer or the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kubefollow.store.connection import Store
from kubefollow.text import plural


def mark_reviewed(
    db_path: Path,
    refs: list[str] | None,
    themes: Sequence[str] = (),
    source: str | None = None,
) -> int:
    """Mark items reviewed (None: every item waiting for review, narrowed by theme slugs
    and a post as the review queue is), as one command; how many were waiting."""
    from kubefollow.store.reads import list_items, resolve_item
    from kubefollow.store.triage import set_reviewed

    with Store.open(db_path) as store, store.command("review") as changes:
        if refs is None:
            rows = list_items(store.conn, list(themes), [], source, fields=["id"], new=True)
            ids = [i.id for i in rows]
        else:
            ids = [resolve_item(store.conn, ref).id for ref in refs]
        count = set_reviewed(store.conn, ids, changes) if ids else 0
        changes.set_summary(f"reviewed {plural(count, 'item')}")
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


@dataclass(frozen=True)
class Forgotten:
    items: list[tuple[int, str]]  # id, name
    rules: list[tuple[str, str, Path, bool]]  # kind (urls, hosts), entry, file, new


def never_rule(url: str | None, homepage: str | None, host: bool) -> tuple[str, str] | None:
    """The [never] entry that keeps an item's link out: its exact link, or its host."""
    from kubefollow.rules.urls import host_of

    link = url or homepage
    if not link:
        return None
    return ("hosts", host_of(link)) if host else ("urls", link)


def forget(db_path: Path, refs: list[str], never: bool = False, host: bool = False) -> Forgotten:
    """Delete items entirely (one command; undo brings them back). never: also write a rule
    to the user's exclusions.toml (after the store's commit) so later ingests skip their
    exact link, or (host) their whole host. Undo leaves such a rule in place."""
    from kubefollow.errors import UsageError
    from kubefollow.rules.user_rules import add_never
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.triage import forget_item

    wanted: list[tuple[str, str]] = []
    done: list[tuple[int, str]] = []
    with Store.open(db_path) as store, store.command("forget") as changes:
        items = {i.id: i for i in (resolve_item(store.conn, ref) for ref in refs)}
        for item in items.values():
            row = forget_item(store.conn, item.id, changes)
            if never or host:
                rule = never_rule(row["url"], row["homepage"], host)
                if rule is None:
                    raise UsageError(f"#{item.id} {item.name} has no link to never follow again")
                wanted.append(rule)
            done.append((item.id, item.name or ""))
        changes.set_summary("forgot " + ", ".join(f"#{i} {n}" for i, n in done))
    written = [(kind, entry, *add_never(kind, entry)) for kind, entry in dict.fromkeys(wanted)]
    return Forgotten(done, written)


def user_rules() -> list[dict[str, object]]:
    """The user's own rules, one row per entry: file, rule (dotted key), value."""
    from kubefollow.rules.user_rules import user_rules as read

    return [
        {"file": str(path), "rule": key, "value": value}
        for path, rules in read()
        for key, value in rules
    ]
