"""Reading the change log for `history` and `show`: commands, and the recorded changes of
some of them (the rows' before and after images), with the names they refer to."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# Commands with more recorded changes than this are described by their summary alone
# (an ingest of a thousand posts), not change by change.
DETAILED_UP_TO = 20


def commands(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Every command (or the `limit` newest), newest first, with its count of changes.
    A command that changed nothing is left out: there is nothing to show of it (but an
    undo, whose reverts are not recorded as changes)."""
    sql = (
        "SELECT * FROM (SELECT c.id AS command_id, c.name AS command, c.summary, c.at,"
        " c.undone_at, (SELECT count(*) FROM events e WHERE e.command_id = c.id) AS changes"
        " FROM commands c) WHERE changes > 0 OR command = 'undo'"
        " ORDER BY command_id DESC LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (-1 if limit is None else limit,))]


def events_of(
    conn: sqlite3.Connection, command_ids: list[int], item_ids: list[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """The recorded changes of these commands (only those about item_ids, if given), by
    command, in the order they were made; before and after decoded."""
    if not command_ids:
        return {}
    marks = ", ".join("?" * len(command_ids))
    sql = (
        "SELECT command_id, tbl, row_id, item_id, kind, field, old, new, before, after"
        f" FROM events WHERE command_id IN ({marks})"
    )
    args: list[Any] = list(command_ids)
    if item_ids is not None:
        sql += f" AND item_id IN ({', '.join('?' * len(item_ids))})"
        args.extend(item_ids)
    out: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute(sql + " ORDER BY id", args):
        event = dict(r)
        for image in ("before", "after"):
            event[image] = json.loads(event[image]) if event[image] else None
        out.setdefault(event["command_id"], []).append(event)
    return out


def item_commands(
    conn: sqlite3.Connection, item_ids: list[int], limit: int | None = None
) -> list[dict[str, Any]]:
    """The commands that changed any of these items, newest first."""
    marks = ", ".join("?" * len(item_ids))
    sql = (
        "SELECT c.id AS command_id, c.name AS command, c.summary, c.at, c.undone_at,"
        " count(e.id) AS changes FROM commands c JOIN events e ON e.command_id = c.id"
        f" WHERE e.item_id IN ({marks}) GROUP BY c.id ORDER BY c.id DESC LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (*item_ids, -1 if limit is None else limit))]


def absorbed_into(conn: sqlite3.Connection, item_id: int) -> list[int]:
    """The item and the items merged into it: whose changes are its history."""
    rows = conn.execute("SELECT item_id FROM merges WHERE into_id = ?", (item_id,))
    return [item_id, *(int(r[0]) for r in rows)]


def names(
    conn: sqlite3.Connection, item_ids: set[int], post_ids: set[int]
) -> tuple[dict[int, str], dict[int, str]]:
    """Item ids -> names (a merged item under its old name); post ids -> titles."""

    def lookup(sql: str, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        return {int(r[0]): r[1] for r in conn.execute(sql.format(marks), sorted(ids))}

    items = lookup("SELECT item_id, name FROM merges WHERE item_id IN ({})", item_ids)
    items.update(lookup("SELECT id, name FROM items WHERE id IN ({})", item_ids))
    return items, lookup("SELECT id, title FROM posts WHERE id IN ({})", post_ids)
