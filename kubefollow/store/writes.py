"""Writes to the store: ingesting posts, status changes, notes, hand-made items, edits.

Each public function runs inside the caller's transaction and records through Changes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from kubefollow.store.changes import Changes, now
from kubefollow.text import name_key
from kubefollow.vocab import OTHER, strongest_action


@dataclass
class IngestResult:
    path: str
    title: str
    outcome: str  # added (new post), updated (changed post), unchanged
    added: list[tuple[int, str]] = field(default_factory=list)  # new items
    existing: list[tuple[int, str]] = field(default_factory=list)  # items already stored


def post_is_unchanged(conn: sqlite3.Connection, path: str, content_hash: str) -> str | None:
    """The stored title if this exact content was ingested from path before."""
    row = conn.execute("SELECT title, content_hash FROM posts WHERE path = ?", (path,)).fetchone()
    return str(row["title"]) if row and row["content_hash"] == content_hash else None


def post_with_content(conn: sqlite3.Connection, path: str, content_hash: str) -> sqlite3.Row | None:
    """A post stored under another path with exactly this content (a copy, a link, a
    moved file): the same post."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, path, title FROM posts WHERE content_hash = ? AND path != ?"
        " ORDER BY id LIMIT 1",
        (content_hash, path),
    ).fetchone()
    return row


def move_post(conn: sqlite3.Connection, post_id: int, path: str, changes: Changes) -> None:
    """A post's file moved: the post keeps its items, under its new path."""
    changes.update("posts", post_id, {"path": path}, "ingest")


def adopt_post(conn: sqlite3.Connection, old_path: str, new_path: str, changes: Changes) -> None:
    """The post stored at old_path is now known by new_path (a Markdown file that names its
    web address): unless a post is already stored at new_path."""
    if conn.execute("SELECT 1 FROM posts WHERE path = ?", (new_path,)).fetchone():
        return
    row = conn.execute("SELECT id FROM posts WHERE path = ?", (old_path,)).fetchone()
    if row is not None:
        move_post(conn, int(row["id"]), new_path, changes)


@dataclass
class FindingPlan:
    """One finding as rows for the store; ids and times are filled in when written."""

    key: str
    name: str
    name_key: str
    item: dict[str, Any]  # the item's row, should it be new
    mentions: list[dict[str, Any]]  # its mentions' rows, less item_id and post_id


@dataclass
class PostPlan:
    """A post as plain rows: what extraction workers send back to the writing process."""

    path: str
    title: str
    date: str | None
    content_hash: str
    findings: list[FindingPlan]


def ingest_post(conn: sqlite3.Connection, plan: PostPlan, changes: Changes) -> IngestResult:
    """Store a new or changed post (see plan_post): its items (one per project across all
    posts), the keys that identify them, and its mentions, in a few batched statements
    (its change log in one: nothing here reads the events it logs)."""
    row = conn.execute("SELECT * FROM posts WHERE path = ?", (plan.path,)).fetchone()
    if row is not None and row["content_hash"] == plan.content_hash:
        return IngestResult(plan.path, str(row["title"]), "unchanged")
    with changes.batched():
        return _store_post(conn, plan, row, changes)


def _store_post(
    conn: sqlite3.Connection, plan: PostPlan, row: sqlite3.Row | None, changes: Changes
) -> IngestResult:
    fields = {
        "path": plan.path,
        "title": plan.title,
        "date": plan.date,
        "content_hash": plan.content_hash,
        "ingested_at": changes.at,
    }
    # Items whose derived fields must be recomputed from all their stored mentions.
    touched: set[int] = set()
    if row is None:
        # A new id (AUTOINCREMENT never reuses one): no mention can point to it yet.
        post_id = changes.insert("posts", fields, "ingest")
        outcome = "added"
    else:
        post_id = int(row["id"])
        changes.update("posts", post_id, fields, "ingest", current=dict(row))
        outcome = "updated"
        touched = _forget_mentions(conn, post_id, changes)
    result = IngestResult(plan.path, plan.title, outcome)
    by_key, by_name = _known_items(conn, plan.findings)
    stored_keys = set(by_key)
    # Each finding's item: a stored id, or -n for the n-th item this post adds.
    slots: list[int] = []
    created: list[FindingPlan] = []
    for finding in plan.findings:
        slot = by_key.get(finding.key) or by_name.get(finding.name_key)
        if slot is None:
            created.append(finding)
            slot = by_name[finding.name_key] = -len(created)
        by_key.setdefault(finding.key, slot)
        slots.append(slot)
    # New items wait for the user's review.
    stamps = {"created_at": changes.at, "updated_at": changes.at, "reviewed": 0}
    new_ids = changes.insert_many(
        "items", [f.item | stamps for f in created], "ingest", [None] * len(created)
    )
    key_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for finding, slot in zip(plan.findings, slots, strict=True):
        item_id = slot if slot > 0 else new_ids[-slot - 1]
        is_new = slot < 0 and created[-slot - 1] is finding
        (result.added if is_new else result.existing).append((item_id, finding.name))
        if not is_new:
            touched.add(item_id)
        if finding.key not in stored_keys:
            stored_keys.add(finding.key)
            key_rows.append({"key": finding.key, "item_id": item_id})
        mention_rows.extend({"item_id": item_id, "post_id": post_id, **m} for m in finding.mentions)
    changes.insert_many("item_keys", key_rows, "ingest", [r["item_id"] for r in key_rows])
    changes.insert_many("mentions", mention_rows, "ingest", [r["item_id"] for r in mention_rows])
    for item_id in sorted(touched):
        refresh_derived_fields(conn, item_id, changes)
    return result


def _forget_mentions(conn: sqlite3.Connection, post_id: int, changes: Changes) -> set[int]:
    """Delete a changed post's old mentions; the items they were of."""
    old = [dict(r) for r in conn.execute("SELECT * FROM mentions WHERE post_id = ?", (post_id,))]
    changes.delete_rows("mentions", old, "ingest", [int(r["item_id"]) for r in old])
    return {int(r["item_id"]) for r in old}


def _known_items(
    conn: sqlite3.Connection, findings: list[FindingPlan]
) -> tuple[dict[str, int], dict[str, int]]:
    """Stored items of these findings: by identity key, and (first item) by name key."""
    keys = [f.key for f in findings]
    names = list({f.name_key for f in findings})
    by_key = {
        str(k): int(i)
        for k, i in conn.execute(
            f"SELECT key, item_id FROM item_keys WHERE key IN ({', '.join('?' * len(keys))})", keys
        )
    }
    by_name = {
        str(n): int(i)
        for n, i in conn.execute(
            "SELECT name_key, min(id) FROM items"
            f" WHERE name_key IN ({', '.join('?' * len(names))}) GROUP BY name_key",
            names,
        )
    }
    # A name an item had before it was merged into another leads to the survivor.
    for n, i in conn.execute(
        "SELECT g.name_key, min(g.into_id) FROM merges g JOIN items i ON i.id = g.into_id"
        f" WHERE g.name_key IN ({', '.join('?' * len(names))}) GROUP BY g.name_key",
        names,
    ):
        by_name.setdefault(str(n), int(i))
    return by_key, by_name


def refresh_derived_fields(
    conn: sqlite3.Connection, item_id: int, changes: Changes, kind: str = "ingest"
) -> None:
    """Recompute what the posts say of an item, leaving alone the fields the user set."""
    item = conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    mentions = conn.execute(
        "SELECT m.* FROM mentions m JOIN posts p ON p.id = m.post_id"
        " WHERE m.item_id = ? ORDER BY p.id, m.position",
        (item_id,),
    ).fetchall()
    if item is None or not mentions:
        return
    wanted = derived_fields(dict(item), [dict(m) for m in mentions])
    if changes.update("items", item_id, wanted, kind, item_id, current=dict(item)):
        conn.execute("UPDATE items SET updated_at = ? WHERE id = ?", (now(), item_id))


def derived_fields(item: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """What an item's mentions (oldest post first) say of it, less the fields the user set."""
    edited = set(json.loads(item["edited"]))
    linked = [m for m in mentions if m["url"]] or mentions
    themes: list[str] = []
    for listed in dict.fromkeys(m["themes"] for m in mentions):
        # `other` is no theme of its own: only ever the primary, when there is no other.
        themes.extend(t for t in json.loads(listed) if t != OTHER)
    derived: dict[str, Any] = {
        "theme": linked[0]["theme"],
        "themes": json.dumps(list(dict.fromkeys([linked[0]["theme"], *themes]))),
        "action": strongest_action([m["action"] for m in mentions]),
        "quote": linked[0]["sentence"],
        # An item only named, never linked, keeps the address it was given (the catalog's).
        "url": linked[0]["url"] or item.get("url") or item.get("homepage"),
    }
    wanted = {k: v for k, v in derived.items() if k not in edited}
    if "theme" in edited and "themes" not in edited:
        wanted["themes"] = json.dumps(list(dict.fromkeys([item["theme"], *themes])))
    return wanted


def set_status(
    conn: sqlite3.Connection, item_id: int, status: str, changes: Changes
) -> tuple[str, bool]:
    """Returns the old status and whether it changed."""
    item = dict(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    if item["status"] == status:
        return status, False
    done_at = changes.at if status == "done" else None
    fields = {"status": status, "done_at": done_at}
    changes.update("items", item_id, fields, "status", item_id, current=item)
    touch(conn, item_id, changes)
    return str(item["status"]), True


def add_note(conn: sqlite3.Connection, item_id: int, text: str, changes: Changes) -> int:
    touch(conn, item_id, changes)
    return changes.insert(
        "notes", {"item_id": item_id, "text": text, "created_at": changes.at}, "note", item_id
    )


def note_ids(conn: sqlite3.Connection, item_id: int) -> list[int]:
    """The item's notes, oldest first (note 1, 2, ... as `show` numbers them)."""
    rows = conn.execute("SELECT id FROM notes WHERE item_id = ? ORDER BY id", (item_id,))
    return [int(r[0]) for r in rows]


def set_note_text(
    conn: sqlite3.Connection, item_id: int, note_id: int, text: str, changes: Changes
) -> None:
    touch(conn, item_id, changes)
    changes.update("notes", note_id, {"text": text}, "note", item_id)


def delete_note(conn: sqlite3.Connection, item_id: int, note_id: int, changes: Changes) -> None:
    touch(conn, item_id, changes)
    changes.delete("notes", note_id, "note", item_id)


def touch(conn: sqlite3.Connection, item_id: int, changes: Changes) -> None:
    """Bump the item's updated_at: bookkeeping, not a change of its own (undo leaves it)."""
    conn.execute("UPDATE items SET updated_at = ? WHERE id = ?", (changes.at, item_id))


def add_item(
    conn: sqlite3.Connection,
    name: str,
    url: str | None,
    theme: str,
    action: str | None,
    changes: Changes,
    keys: tuple[str, ...] = (),
) -> int:
    """A hand-made item; keys (its catalog id, its link) identify it to later ingests."""
    fields = ["name", "theme", *(["url"] if url else []), *(["action"] if action else [])]
    item_id = changes.insert(
        "items",
        {
            "name": name,
            "name_key": name_key(name),
            "url": url,
            "homepage": None,
            "category": None,
            "theme": theme,
            "themes": json.dumps([theme]),
            "status": "todo",
            "action": action,
            "quote": None,
            "edited": json.dumps(fields),
            "created_at": changes.at,
            "updated_at": changes.at,
        },
        "add",
    )
    for key in keys:
        if not conn.execute("SELECT 1 FROM item_keys WHERE key = ?", (key,)).fetchone():
            changes.insert("item_keys", {"key": key, "item_id": item_id}, "add", item_id)
    return item_id


def edit_item(
    conn: sqlite3.Connection, item_id: int, fields: dict[str, Any], changes: Changes
) -> dict[str, Any]:
    """Set fields the user chose; they are marked so that ingest never reverts them. A field
    set to the value it already has is no edit: not recorded, not marked. Returns the old
    value of each field that changed."""
    item = dict(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    fields = {k: v for k, v in fields.items() if item[k] != v}
    if not fields:
        return {}
    update = dict(fields)
    if "name" in update:
        update["name_key"] = name_key(update["name"])
    if "theme" in update:
        themes = [t for t in json.loads(item["themes"]) if t != OTHER]
        update["themes"] = json.dumps(list(dict.fromkeys([update["theme"], *themes])))
    edited = sorted(set(json.loads(item["edited"])) | set(fields))
    update["edited"] = json.dumps(edited)
    before = {k: item[k] for k in fields}
    changes.update("items", item_id, update, "edit", item_id, current=item)
    touch(conn, item_id, changes)
    return before


def remember_themes(conn: sqlite3.Connection, themes: list[tuple[str, str, list[str]]]) -> None:
    """Keep the themes of an ingest's --themes file (slug, title, keywords) for the commands
    that run without it. Vocabulary, not the user's work: not in history."""
    conn.executemany(
        "INSERT INTO themes (slug, title, keywords) VALUES (?, ?, ?) ON CONFLICT (slug)"
        " DO UPDATE SET title = excluded.title, keywords = excluded.keywords",
        [(slug, title, json.dumps(keywords)) for slug, title, keywords in themes],
    )
