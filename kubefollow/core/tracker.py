"""The item commands' core: status changes, notes, hand-made items, edits and undo.

Each opens the store, does its work as one recorded command (one transaction), and returns
plain results for the CLI to print. Nothing here knows about Typer or the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.items import Item
from kubefollow.store.connection import Store
from kubefollow.vocab import ACTIONS, command_verb


def check_action(action: str) -> str:
    a = action.strip().lower()
    if a not in ACTIONS:
        raise UsageError(f"unknown action {action!r}; known actions: {', '.join(ACTIONS)}")
    return a


def check_url(url: str) -> str:
    from urllib.parse import urlsplit

    from kubefollow.text import strip_controls

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) link: {url!r}")
    if strip_controls(url) != url or any(c.isspace() for c in url):
        raise UsageError("a link cannot hold spaces or control characters")
    return url


@dataclass(frozen=True)
class StatusChange:
    id: int
    name: str
    old: str
    new: str
    changed: bool


def change_status(
    db_path: Path, refs: list[str], status: str, reviewed: bool = False
) -> list[StatusChange]:
    """Set the status of items named by id, name or unique prefix; all or nothing.
    reviewed: also mark them reviewed, in the same command (one undo step)."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.triage import set_reviewed
    from kubefollow.store.writes import set_status

    out = []
    with Store.open(db_path) as store, store.command(status) as changes:
        items = [resolve_item(store.conn, ref) for ref in refs]
        for item in {i.id: i for i in items}.values():
            old, changed = set_status(store.conn, item.id, status, changes)
            out.append(StatusChange(item.id, item.name or "", old, status, changed))
        if reviewed:
            set_reviewed(store.conn, [c.id for c in out], changes)
        names = ", ".join(f"#{c.id} {c.name}" for c in out if c.changed)
        verb = command_verb(status)
        changes.set_summary(f"{verb}: {names}" if names else f"{verb}: no change")
    return out


def note_item(db_path: Path, ref: str, text: str) -> tuple[Item, int]:
    """The item noted on and the new note's id."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.writes import add_note
    from kubefollow.text import strip_controls

    text = strip_controls(text).strip()
    if not text:
        raise UsageError("the note is empty")
    with Store.open(db_path) as store, store.command("note") as changes:
        item = resolve_item(store.conn, ref)
        changes.set_summary(f"note on #{item.id} {item.name}")
        return item, add_note(store.conn, item.id, text, changes)


def add_item(
    db_path: Path, name: str, url: str | None, theme: str | None, action: str | None
) -> int:
    from kubefollow.core.reading import resolve_theme_slugs
    from kubefollow.rules.urls import match_key
    from kubefollow.store.writes import add_item as store_add
    from kubefollow.text import one_line

    name = one_line(name)
    if not name:
        raise UsageError("the name is empty")
    slug = resolve_theme_slugs([theme])[0] if theme else "other"
    act = check_action(action) if action else None
    with Store.open(db_path) as store, store.command("add", f"added {name}") as changes:
        url = check_url(url) if url else None
        key = f"url:{match_key(url)}" if url else None
        return store_add(store.conn, name, url, slug, act, changes, key)


@dataclass(frozen=True)
class Edit:
    """An edit: the item, and the old and new value of each field set."""

    id: int
    old: dict[str, Any]
    new: dict[str, Any]


def edit_item(
    db_path: Path, ref: str, fields: dict[str, str | None], reviewed: bool = False
) -> Edit:
    """reviewed: also mark the item reviewed, in the same command (one undo step)."""
    from kubefollow.core.reading import resolve_theme_slugs
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.triage import set_reviewed
    from kubefollow.store.writes import edit_item as store_edit
    from kubefollow.text import one_line

    wanted: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key == "name":
            wanted["name"] = one_line(value) or _raise(UsageError("the name is empty"))
        elif key == "theme":
            wanted["theme"] = resolve_theme_slugs([value])[0]
        elif key == "action":
            wanted["action"] = None if value.lower() in ("none", "") else check_action(value)
        elif key == "url":
            wanted["url"] = check_url(value)
    if not wanted:
        raise UsageError("nothing to change: give --name, --theme, --action or --url")
    with Store.open(db_path) as store, store.command("edit") as changes:
        item = resolve_item(store.conn, ref)
        changes.set_summary(f"edited #{item.id} {item.name}")
        old = store_edit(store.conn, item.id, wanted, changes)
        if reviewed:
            set_reviewed(store.conn, [item.id], changes)
    return Edit(item.id, old, {k: fields[k] for k in old})


def _raise(exc: Exception) -> Any:
    raise exc


def undo(db_path: Path) -> Any:
    """The command undone (store.undo.Undone)."""
    from kubefollow.store.undo import undo_last

    with Store.open(db_path) as store, store.transaction():
        return undo_last(store.conn)
