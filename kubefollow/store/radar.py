"""What the radar reads besides the items: each item's status and verdict over time (from
the change log), the newest post's items, the notes and quoted sentences (for the report);
and which catalog project each item is (for maturity, which `list` shows too)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

State = tuple[str, str | None, str | None]  # date (YYYY-MM-DD), status, verdict


def _only(ids: Collection[int], column: str) -> tuple[str, list[int]]:
    """A WHERE clause for a few ids; many: none (one pass over the table is cheaper)."""
    if len(ids) > 500:
        return "", []
    return f" AND {column} IN ({', '.join('?' * len(ids))})", list(ids)


def states(conn: sqlite3.Connection, ids: Collection[int]) -> dict[int, list[State]]:
    """Per item, its (date, status, verdict) after each change that set either, oldest first:
    the item's creation (ingest, add, import) and every later change, undone commands left
    out (what is left replays to the item as it is)."""
    if not ids:
        return {}
    where, args = _only(ids, "e.row_id")
    cursor = conn.execute(
        "SELECT e.row_id, substr(c.at, 1, 10),"
        " json_type(e.after, '$.status'), json_extract(e.after, '$.status'),"
        " json_type(e.after, '$.action'), json_extract(e.after, '$.action')"
        " FROM events e JOIN commands c ON c.id = e.command_id"
        " WHERE e.tbl = 'items' AND c.undone_at IS NULL AND e.after IS NOT NULL"
        f"{where} ORDER BY e.id",
        args,
    )
    cursor.row_factory = None
    wanted = set(ids)
    out: dict[int, list[State]] = {}
    for item_id, date, has_status, status, has_action, action in cursor:
        if item_id not in wanted or (has_status is None and has_action is None):
            continue
        seen = out.setdefault(item_id, [])
        last = seen[-1] if seen else ("", None, None)
        seen.append(
            (
                date,
                status if has_status is not None else last[1],
                action if has_action is not None else last[2],
            )
        )
    return out


def only_in_newest_post(conn: sqlite3.Connection) -> set[int]:
    """The items first seen in the newest post: mentioned there and in no other post."""
    newest = conn.execute(
        "SELECT id FROM posts ORDER BY date IS NULL, date DESC, id DESC LIMIT 1"
    ).fetchone()
    if newest is None:
        return set()
    cursor = conn.execute(
        "SELECT DISTINCT m.item_id FROM mentions m WHERE m.post_id = :p AND NOT EXISTS"
        " (SELECT 1 FROM mentions o WHERE o.item_id = m.item_id AND o.post_id != :p)",
        {"p": newest[0]},
    )
    return {row[0] for row in cursor}


def notes(conn: sqlite3.Connection, ids: Collection[int]) -> dict[int, tuple[str, ...]]:
    where, args = _only(ids, "item_id")
    out: dict[int, list[str]] = {}
    for item_id, text in conn.execute(
        f"SELECT item_id, text FROM notes WHERE 1{where} ORDER BY id", args
    ):
        out.setdefault(item_id, []).append(text)
    return {k: tuple(v) for k, v in out.items()}


def mentions(conn: sqlite3.Connection, ids: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    """Per item, the post (title, date) and sentence of each mention, first post first."""
    where, args = _only(ids, "m.item_id")
    out: dict[int, list[dict[str, Any]]] = {}
    for item_id, title, date, sentence in conn.execute(
        "SELECT m.item_id, p.title, p.date, m.sentence FROM mentions m"
        f" JOIN posts p ON p.id = m.post_id WHERE 1{where} ORDER BY m.item_id, p.id, m.position",
        args,
    ):
        out.setdefault(item_id, []).append({"title": title, "date": date, "sentence": sentence})
    return out


def catalog_ids(conn: sqlite3.Connection) -> dict[int, str]:
    """Item id -> the id of the catalog project it is (its `catalog:` identity key)."""
    cursor = conn.execute(
        "SELECT item_id, substr(key, 9) FROM item_keys WHERE key LIKE 'catalog:%' ORDER BY id"
    )
    cursor.row_factory = None
    out: dict[int, str] = {}
    for item_id, project in cursor:
        out.setdefault(item_id, project)
    return out
