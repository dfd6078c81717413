"""Export the whole store as JSON, and import such an export (idempotently).

Imported text is cleaned exactly as ingest cleans a post's: names, titles, quotes and
sentences to one line without controls; notes (which may hold several lines) of controls."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from kubefollow.errors import InputError
from kubefollow.items import Item
from kubefollow.store.changes import Changes
from kubefollow.text import name_key, one_line, slugify, strip_controls
from kubefollow.vocab import ACTIONS, STATUSES

FORMAT = "kubefollow-export"
VERSION = 1


def export_store(conn: sqlite3.Connection) -> dict[str, Any]:
    posts = [dict(r) for r in conn.execute("SELECT * FROM posts ORDER BY id")]
    path_of = {p["id"]: p["path"] for p in posts}
    keys: dict[int, list[str]] = {}
    for r in conn.execute("SELECT key, item_id FROM item_keys ORDER BY id"):
        keys.setdefault(r["item_id"], []).append(r["key"])
    mentions: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT * FROM mentions ORDER BY id"):
        mentions.setdefault(r["item_id"], []).append(
            {
                "post": path_of[r["post_id"]],
                "position": r["position"],
                "sentence": r["sentence"],
                "url": r["url"],
                "theme": r["theme"],
                "themes": json.loads(r["themes"]),
                "action": r["action"],
            }
        )
    notes: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT * FROM notes ORDER BY id"):
        notes.setdefault(r["item_id"], []).append(
            {"text": r["text"], "created_at": r["created_at"]}
        )
    items = []
    for r in conn.execute("SELECT * FROM items ORDER BY id"):
        item = Item.from_row(r).as_row()
        del item["name_key"]  # derived from the name again on import
        item["keys"] = keys.get(r["id"], [])
        item["mentions"] = mentions.get(r["id"], [])
        item["notes"] = notes.get(r["id"], [])
        items.append(item)
    for p in posts:
        del p["id"]
    # Items merged into others: their old ids and names keep leading to the survivors
    # (those still here: a merge into a forgotten item leads nowhere).
    merges = [
        {"item": r["item_id"], "into": r["into_id"], "name": r["name"], "at": r["at"]}
        for r in conn.execute(
            "SELECT g.* FROM merges g JOIN items i ON i.id = g.into_id ORDER BY g.id"
        )
    ]
    return {
        "format": FORMAT, "version": VERSION, "posts": posts, "items": items, "merges": merges,
    }  # fmt: skip


def _line(value: Any) -> Any:
    """Text cleaned as ingest cleans it (one line, no controls); anything else as it is."""
    return one_line(value) if isinstance(value, str) else value


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Fields where the store's own value was newer than the backup's, and was kept.
    conflicts: list[str] = field(default_factory=list)


def _check(source: str, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(source, "not a kubefollow export (made by `kubefollow export`)")
    if data.get("version") != VERSION:
        raise InputError(source, f"export version {data.get('version')!r} is not supported")
    items = data.get("items")
    if not isinstance(items, list) or not isinstance(data.get("posts"), list):
        raise InputError(source, "export has no items or posts list")
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(source, f"item {n} has no name")
        if not one_line(item["name"]):
            raise InputError(source, f"item {n} has an empty name")
        if item.get("status") not in STATUSES or item.get("action") not in (*ACTIONS, None):
            raise InputError(source, f"item {n} ({item['name']!r}) has a bad status or action")
    from kubefollow.store.export_schema import validate_export

    validate_export(source, data)  # every other field, before anything is written
    return items


def import_store(
    conn: sqlite3.Connection, source: str, data: Any, changes: Changes
) -> ImportReport:
    items = _check(source, data)
    report = ImportReport()
    post_ids = {r["path"]: r["id"] for r in conn.execute("SELECT id, path FROM posts")}
    for post in data["posts"]:
        if post.get("path") not in post_ids:
            row = {k: post.get(k) for k in ("path", "title", "date", "content_hash", "ingested_at")}
            row["title"] = _line(row["title"])
            post_ids[row["path"]] = changes.insert("posts", row, "import")
    matched: set[int] = set()
    stored_as: dict[Any, int] = {}  # an exported item's id -> the item it is here
    for item in items:
        name = one_line(item["name"])
        item_id = _find_item(conn, item, matched)
        theme = slugify(str(item.get("theme") or "")) or "other"
        fields = {
            "name": name,
            "name_key": name_key(name),
            "url": _line(item.get("url")),
            "homepage": _line(item.get("homepage")),
            "category": _line(item.get("category")),
            "theme": theme,
            "themes": json.dumps(
                list(dict.fromkeys([theme, *(slugify(str(t)) for t in item.get("themes") or [])]))
            ),
            "status": item["status"],
            "action": item.get("action"),
            "quote": _line(item.get("quote")),
            "edited": json.dumps(item.get("edited") or []),
            # An export from before the review queue has no flag: its items were reviewed.
            "reviewed": 0 if item.get("reviewed") is False else 1,
            # An export from before done_at: a done item was done when last updated.
            "done_at": (item.get("done_at") or item.get("updated_at"))
            if item["status"] == "done"
            else None,
        }
        if item_id is None:
            row = {**fields, "created_at": item.get("created_at") or changes.at,
                   "updated_at": item.get("updated_at") or changes.at}  # fmt: skip
            wanted = item.get("id")
            free = (
                isinstance(wanted, int)
                and not conn.execute(
                    "SELECT 1 FROM items WHERE id = ? UNION SELECT 1 FROM merges WHERE item_id = ?",
                    (wanted, wanted),
                ).fetchone()
            )
            item_id = changes.insert("items", {"id": wanted, **row} if free else row, "import")
            report.added.append(name)
            touched = True
        elif _merged_away(conn, item.get("id"), item_id):
            touched = False  # the survivor keeps its fields; the backup adds its rows
        else:
            newer = _newer_fields(conn, item_id, fields, item, report)
            touched = changes.update("items", item_id, newer, "import", item_id)
        matched.add(item_id)
        stored_as[item.get("id")] = item_id
        touched |= _import_children(conn, item_id, item, post_ids, changes)
        if item_id is not None and not touched:
            report.unchanged.append(name)
        elif name not in report.added:
            report.updated.append(name)
    _import_merges(conn, data.get("merges"), stored_as, changes)
    return report


def _import_merges(
    conn: sqlite3.Connection, merges: Any, stored_as: dict[Any, int], changes: Changes
) -> None:
    """The export's merges, where this store has neither the absorbed id (as an item or
    merge of its own) nor lacks the survivor: old ids and names lead to survivors again."""
    for merge in merges if isinstance(merges, list) else []:
        if not isinstance(merge, dict):
            continue
        absorbed, into = merge.get("item"), stored_as.get(merge.get("into"))
        name = one_line(str(merge.get("name") or ""))
        if not isinstance(absorbed, int) or into is None or not name:
            continue
        taken = conn.execute(
            "SELECT 1 FROM items WHERE id = ? UNION SELECT 1 FROM merges WHERE item_id = ?",
            (absorbed, absorbed),
        ).fetchone()
        if taken:
            continue
        row = {"item_id": absorbed, "into_id": into, "name": name, "name_key": name_key(name),
               "at": str(merge.get("at") or changes.at)}  # fmt: skip
        changes.insert("merges", row, "import", into)


# Columns that go with another: taken or kept with it.
_FOLLOWS = {"name_key": "name", "themes": "theme", "done_at": "status"}


def _newer_fields(
    conn: sqlite3.Connection,
    item_id: int,
    theirs: dict[str, Any],
    exported: dict[str, Any],
    report: ImportReport,
) -> dict[str, Any]:
    """The backup's fields that win over the store's: per field, the newer change wins.
    The store knows when each field last changed (its history); the backup, when its item
    was last updated. A field changed here since then keeps its value (a conflict, when the
    values differ); the edit marks of both are kept."""
    ours = dict(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    their_time = str(exported.get("updated_at") or "")
    changed_at: dict[str, str] | None = None  # read once, if some field differs
    anew: str | None = None  # how the store made the item anew, if it did: read once too
    wanted: dict[str, Any] = {}
    for key, value in theirs.items():
        if key in _FOLLOWS or ours.get(key) == value:
            continue
        if key == "edited":
            marks = set(json.loads(ours["edited"])) | set(json.loads(value))
            wanted[key] = json.dumps(sorted(marks))
            continue
        if changed_at is None:
            changed_at = _field_times(conn, item_id)
        our_time = changed_at.get(key)
        if our_time is None:  # as the item was created here (by ingest, or an import)
            # Nobody chose it, so the backup's value wins; unless the store made the item
            # anew since, and either forgot the backup's item itself (the forget is newer
            # than anything the backup holds) or the backup's value is no one's choice
            # either (of two values extraction found, the later one stays).
            if anew is None:
                anew = _made_anew(conn, ours, exported)
            fresher = anew == "forgot" or (anew == "made" and not _chosen(key, value, exported))
            our_time = str(ours["created_at"]) if fresher else ""
        if their_time > our_time:
            wanted[key] = value
            wanted.update({k: theirs[k] for k, leader in _FOLLOWS.items() if leader == key})
        elif key in ("name", "theme", "status", "action", "url"):
            report.conflicts.append(
                f"#{item_id} {ours['name']}: kept {key} {ours[key] or 'none'} (changed here"
                f" {our_time[:16].replace('T', ' ')}) over the backup's {value or 'none'}"
            )
    if wanted.get("edited") == ours["edited"]:
        del wanted["edited"]
    return wanted


def _made_anew(conn: sqlite3.Connection, ours: dict[str, Any], exported: dict[str, Any]) -> str:
    """Whether the store's item is another than the backup's (another id, or created
    after it): "forgot" when this store forgot the backup's item, "made" when it simply
    made its own, "" when it is the backup's item itself."""
    other = ours["id"] != exported.get("id") or str(ours["created_at"]) > str(
        exported.get("created_at") or ""
    )
    if not other:
        return ""
    return "forgot" if _forgotten_here(conn, exported.get("id")) else "made"


def _forgotten_here(conn: sqlite3.Connection, item_id: Any) -> bool:
    """Whether this store deleted (forgot) the item with that id, and kept it deleted."""
    return isinstance(item_id, int) and bool(
        conn.execute(
            "SELECT 1 FROM events e JOIN commands c ON c.id = e.command_id"
            " WHERE e.tbl = 'items' AND e.row_id = ? AND e.after IS NULL"
            " AND e.before IS NOT NULL AND c.undone_at IS NULL LIMIT 1",
            (item_id,),
        ).fetchone()
    )


def _chosen(key: str, value: Any, exported: dict[str, Any]) -> bool:
    """Whether a backup's field holds what its user chose, not what extraction found:
    an edited field, a status other than todo, the reviewed mark."""
    if key == "status":
        return bool(value != "todo")
    if key == "reviewed":
        return bool(value)
    return key in list(exported.get("edited") or [])


def _field_times(conn: sqlite3.Connection, item_id: int) -> dict[str, str]:
    """When each of the item's fields last changed here after the item was created: its
    recorded updates (an undone change counts as made when it was undone)."""
    times: dict[str, str] = {}
    for after, at in conn.execute(
        "SELECT e.after, coalesce(c.undone_at, c.at) FROM events e"
        " JOIN commands c ON c.id = e.command_id"
        " WHERE e.tbl = 'items' AND e.row_id = ? AND e.before IS NOT NULL"
        " AND e.after IS NOT NULL ORDER BY e.id",
        (item_id,),
    ):
        for key in json.loads(after):
            times[key] = max(times.get(key, ""), str(at))
    return times


def _merged_away(conn: sqlite3.Connection, wanted: Any, item_id: int) -> bool:
    """Whether an exported item's id was merged into item_id since."""
    return isinstance(wanted, int) and bool(
        conn.execute(
            "SELECT 1 FROM merges WHERE item_id = ? AND into_id = ?", (wanted, item_id)
        ).fetchone()
    )


def _find_item(conn: sqlite3.Connection, item: dict[str, Any], matched: set[int]) -> int | None:
    """The stored item an exported one is: same id and name, else a shared identity key,
    else the same name; never one already matched by another item of this import."""
    wanted = item.get("id")
    if isinstance(wanted, int) and wanted not in matched:
        row = conn.execute("SELECT name_key FROM items WHERE id = ?", (wanted,)).fetchone()
        if row and row["name_key"] == name_key(item["name"]):
            return wanted
        merged = conn.execute(
            "SELECT g.into_id FROM merges g JOIN items i ON i.id = g.into_id WHERE g.item_id = ?",
            (wanted,),
        ).fetchone()
        if merged and int(merged[0]) not in matched:
            return int(merged[0])  # merged away since: its survivor
    for key in item.get("keys") or []:
        row = conn.execute("SELECT item_id FROM item_keys WHERE key = ?", (key,)).fetchone()
        if row and int(row["item_id"]) not in matched:
            return int(row["item_id"])
    for row in conn.execute(
        "SELECT id FROM items WHERE name_key = ? ORDER BY id", (name_key(item["name"]),)
    ):
        if int(row["id"]) not in matched:
            return int(row["id"])
    return None


def _import_children(
    conn: sqlite3.Connection,
    item_id: int,
    item: dict[str, Any],
    post_ids: dict[str, int],
    changes: Changes,
) -> bool:
    touched = False
    for key in item.get("keys") or []:
        if not conn.execute("SELECT 1 FROM item_keys WHERE key = ?", (key,)).fetchone():
            changes.insert("item_keys", {"key": key, "item_id": item_id}, "import", item_id)
            touched = True
    have = {
        (r["post_id"], r["position"], r["sentence"])
        for r in conn.execute("SELECT * FROM mentions WHERE item_id = ?", (item_id,))
    }
    for m in item.get("mentions") or []:
        post_id = post_ids.get(m.get("post"))
        sentence = one_line(str(m.get("sentence", "")))
        if post_id is None or (post_id, m.get("position"), sentence) in have:
            continue
        row = {"item_id": item_id, "post_id": post_id, "position": m.get("position", 0),
               "sentence": sentence, "url": _line(m.get("url")),
               "theme": m.get("theme"), "themes": json.dumps(m.get("themes") or []),
               "action": m.get("action")}  # fmt: skip
        changes.insert("mentions", row, "import", item_id)
        touched = True
    notes = {
        (r["text"], r["created_at"])
        for r in conn.execute("SELECT text, created_at FROM notes WHERE item_id = ?", (item_id,))
    }
    for n in item.get("notes") or []:
        text = strip_controls(str(n["text"])).strip()  # as the note command cleans a note
        if (text, n.get("created_at")) not in notes:
            changes.insert("notes", {"item_id": item_id, "text": text,
                                     "created_at": n.get("created_at") or changes.at},
                           "import", item_id)  # fmt: skip
            touched = True
    return touched
