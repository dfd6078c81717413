"""Writes to the store: ingesting posts, status changes, notes, hand-made items, edits.

Each public function runs inside the caller's transaction and records through Changes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubefollow.changes import Changes, now
from kubefollow.text import name_key
from kubefollow.vocab import strongest_action

if TYPE_CHECKING:
    from kubefollow.models import Finding, Post

# Fields of an item that ingest derives from the posts, unless the user has set them.
DERIVED_FIELDS = ("theme", "themes", "action", "quote", "url", "homepage", "category")


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


def ingest_post(conn: sqlite3.Connection, post: Post, changes: Changes) -> IngestResult:
    row = conn.execute("SELECT * FROM posts WHERE path = ?", (post.path,)).fetchone()
    if row is not None and row["content_hash"] == post.content_hash:
        return IngestResult(post.path, str(row["title"]), "unchanged")
    fields = {
        "path": post.path,
        "title": post.title,
        "date": post.date,
        "content_hash": post.content_hash,
        "ingested_at": changes.at,
    }
    if row is None:
        post_id = changes.insert("posts", fields, "ingest")
        outcome = "added"
    else:
        post_id = int(row["id"])
        changes.update("posts", post_id, fields, "ingest", current=dict(row))
        outcome = "updated"
    result = IngestResult(post.path, post.title, outcome)
    touched = {
        int(r["item_id"])
        for r in conn.execute("SELECT DISTINCT item_id FROM mentions WHERE post_id = ?", (post_id,))
    }
    for old in conn.execute("SELECT id, item_id FROM mentions WHERE post_id = ?", (post_id,)):
        changes.delete("mentions", int(old["id"]), "ingest", int(old["item_id"]))
    for finding in post.findings:
        item_id, created = _item_for(conn, finding, changes)
        (result.added if created else result.existing).append((item_id, finding.name))
        touched.add(item_id)
        for mention in finding.mentions:
            changes.insert(
                "mentions",
                {
                    "item_id": item_id,
                    "post_id": post_id,
                    "position": mention.position,
                    "sentence": mention.sentence,
                    "url": mention.url,
                    "theme": finding.theme,
                    "themes": json.dumps(finding.themes),
                    "action": finding.action,
                },
                "ingest",
                item_id,
            )
    for item_id in sorted(touched):
        refresh_derived_fields(conn, item_id, changes)
    return result


def _item_for(conn: sqlite3.Connection, finding: Finding, changes: Changes) -> tuple[int, bool]:
    """The stored item for a finding: by identity key, else by name; else a new one."""
    row = conn.execute("SELECT item_id FROM item_keys WHERE key = ?", (finding.key,)).fetchone()
    if row is not None:
        return int(row["item_id"]), False
    row = conn.execute(
        "SELECT id FROM items WHERE name_key = ? ORDER BY id LIMIT 1", (name_key(finding.name),)
    ).fetchone()
    created = row is None
    if row is None:
        stamp = changes.at
        item_id = changes.insert(
            "items",
            {
                "name": finding.name,
                "name_key": name_key(finding.name),
                "url": finding.url,
                "homepage": finding.homepage,
                "category": finding.category,
                "theme": finding.theme,
                "themes": json.dumps(finding.themes),
                "status": "todo",
                "action": finding.action,
                "quote": finding.quote,
                "edited": "[]",
                "created_at": stamp,
                "updated_at": stamp,
            },
            "ingest",
        )
    else:
        item_id = int(row["id"])
    changes.insert("item_keys", {"key": finding.key, "item_id": item_id}, "ingest", item_id)
    return item_id, created


def refresh_derived_fields(conn: sqlite3.Connection, item_id: int, changes: Changes) -> None:
    """Recompute what the posts say of an item, leaving alone the fields the user set."""
    item = conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    mentions = conn.execute(
        "SELECT m.*, p.ingested_at FROM mentions m JOIN posts p ON p.id = m.post_id"
        " WHERE m.item_id = ? ORDER BY p.id, m.position",
        (item_id,),
    ).fetchall()
    if item is None or not mentions:
        return
    edited = set(json.loads(item["edited"]))
    linked = [m for m in mentions if m["url"]] or mentions
    themes: list[str] = []
    for m in mentions:
        themes.extend(json.loads(m["themes"]))
    derived: dict[str, Any] = {
        "theme": linked[0]["theme"],
        "themes": json.dumps(list(dict.fromkeys([linked[0]["theme"], *themes]))),
        "action": strongest_action([m["action"] for m in mentions]),
        "quote": linked[0]["sentence"],
        "url": linked[0]["url"],
    }
    wanted = {k: v for k, v in derived.items() if k not in edited}
    if "theme" in edited and "themes" not in edited:
        wanted["themes"] = json.dumps(list(dict.fromkeys([item["theme"], *themes])))
    if changes.update("items", item_id, wanted, "ingest", item_id, current=dict(item)):
        conn.execute("UPDATE items SET updated_at = ? WHERE id = ?", (now(), item_id))


def set_status(
    conn: sqlite3.Connection, item_id: int, status: str, changes: Changes
) -> tuple[str, bool]:
    """Returns the old status and whether it changed."""
    item = dict(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    changed = changes.update("items", item_id, {"status": status}, "status", item_id, current=item)
    return str(item["status"]), changed


def add_note(conn: sqlite3.Connection, item_id: int, text: str, changes: Changes) -> int:
    return changes.insert(
        "notes", {"item_id": item_id, "text": text, "created_at": changes.at}, "note", item_id
    )


def add_item(
    conn: sqlite3.Connection,
    name: str,
    url: str | None,
    theme: str,
    action: str | None,
    changes: Changes,
) -> int:
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
    if url:
        from kubefollow.links import match_key

        key = f"url:{match_key(url)}"
        if not conn.execute("SELECT 1 FROM item_keys WHERE key = ?", (key,)).fetchone():
            changes.insert("item_keys", {"key": key, "item_id": item_id}, "add", item_id)
    return item_id


def edit_item(
    conn: sqlite3.Connection, item_id: int, fields: dict[str, Any], changes: Changes
) -> dict[str, Any]:
    """Set fields the user chose; they are marked so that ingest never reverts them."""
    item = dict(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    update = dict(fields)
    if "name" in update:
        update["name_key"] = name_key(update["name"])
    if "theme" in update:
        themes = json.loads(item["themes"])
        update["themes"] = json.dumps(list(dict.fromkeys([update["theme"], *themes])))
    edited = sorted(set(json.loads(item["edited"])) | set(fields))
    update["edited"] = json.dumps(edited)
    before = {k: item[k] for k in fields}
    if changes.update("items", item_id, update, "edit", item_id, current=item):
        conn.execute("UPDATE items SET updated_at = ? WHERE id = ?", (changes.at, item_id))
    return before
