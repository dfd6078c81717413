"""`history`: the commands, newest first, and what each changed (read from the change
log); for one item, the commands that changed it (or an item merged into it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubefollow.items import Item
from kubefollow.store.connection import Store


@dataclass(frozen=True)
class History:
    """Commands newest first (command_id, command, summary, at, undone_at, changes) and
    the recorded changes of those worth describing one by one, with the names of the
    items and posts they refer to."""

    item: Item | None = None
    commands: list[dict[str, Any]] = field(default_factory=list)
    events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)
    posts: dict[int, str] = field(default_factory=dict)

    def events_newest_first(self) -> list[dict[str, Any]]:
        """For one item's JSON: each change with its command, newest first."""
        out = []
        for c in self.commands:
            for e in reversed(self.events.get(c["command_id"], [])):
                out.append({
                    "command_id": c["command_id"], "command": c["command"], "at": c["at"],
                    "undone_at": c["undone_at"], "kind": e["kind"], "field": e["field"],
                    "old": e["old"], "new": e["new"], "tbl": e["tbl"],
                })  # fmt: skip
        return out


def history(db_path: Path, ref: str | None = None, limit: int | None = None) -> History:
    """Every command (ref: those that changed that item), the `limit` newest. Reading never
    creates a store: none yet, no history."""
    from kubefollow.store import log
    from kubefollow.store.reads import resolve_item

    store = Store.open_for_reading(db_path)
    if store is None:
        return History()
    with store:
        conn = store.conn
        item = resolve_item(conn, ref) if ref else None
        if item is None:
            commands = log.commands(conn, limit)
            small = [c["command_id"] for c in commands if c["changes"] <= log.DETAILED_UP_TO]
            events = log.events_of(conn, small)
        else:
            ids = log.absorbed_into(conn, item.id)
            commands = log.item_commands(conn, ids, limit)
            events = log.events_of(conn, [c["command_id"] for c in commands], ids)
        item_ids = {e["item_id"] for evs in events.values() for e in evs if e["item_id"]}
        post_ids = {
            int(e["after"]["post_id"])
            for evs in events.values()
            for e in evs
            if e["tbl"] == "mentions" and e["after"] and "post_id" in e["after"]
        }
        items, posts = log.names(conn, item_ids, post_ids)
    return History(item, commands, events, items, posts)
