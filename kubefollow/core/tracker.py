"""The item commands' core: status changes, notes, hand-made items, edits and undo.

Each opens the store, does its work as one recorded command (one transaction), and returns
plain results for the CLI to print. Nothing here knows about Typer or the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubefollow.errors import DuplicateItem, UsageError
from kubefollow.items import Item
from kubefollow.store.connection import Store
from kubefollow.vocab import ACTIONS


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
        changes.set_summary(f"{status}: {names}" if names else f"{status}: no change")
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


def edit_note(db_path: Path, ref: str, number: int, text: str) -> Item:
    """Replace the text of the item's note number (1: its oldest)."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.writes import note_ids, set_note_text
    from kubefollow.text import strip_controls

    text = strip_controls(text).strip()
    if not text:
        raise UsageError("the note is empty")
    with Store.open(db_path) as store, store.command("note") as changes:
        item = resolve_item(store.conn, ref)
        note_id = _nth_note(note_ids(store.conn, item.id), number, item)
        changes.set_summary(f"changed note {number} on #{item.id} {item.name}")
        set_note_text(store.conn, item.id, note_id, text, changes)
        return item


def delete_note(db_path: Path, ref: str, number: int) -> Item:
    """Delete the item's note number (1: its oldest)."""
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.writes import delete_note as store_delete
    from kubefollow.store.writes import note_ids

    with Store.open(db_path) as store, store.command("note") as changes:
        item = resolve_item(store.conn, ref)
        note_id = _nth_note(note_ids(store.conn, item.id), number, item)
        changes.set_summary(f"deleted note {number} on #{item.id} {item.name}")
        store_delete(store.conn, item.id, note_id, changes)
        return item


def _nth_note(ids: list[int], number: int, item: Item) -> int:
    if not 1 <= number <= len(ids):
        have = f"notes 1 to {len(ids)}" if ids else "no notes"
        raise UsageError(f"#{item.id} {item.name} has {have}; there is no note {number}")
    return ids[number - 1]


def add_item(
    db_path: Path,
    name: str,
    url: str | None,
    theme: str | None,
    action: str | None,
    force: bool = False,
) -> int:
    """A hand-made item. Refused (DuplicateItem) when the store already holds the project,
    by name, by link or by the catalog project either names, unless force."""
    from kubefollow.core.reading import resolve_theme_slugs
    from kubefollow.store.reads import same_project
    from kubefollow.store.writes import add_item as store_add
    from kubefollow.text import name_key, one_line

    name = one_line(name)
    if not name:
        raise UsageError("the name is empty")
    slug = resolve_theme_slugs([theme], db_path=db_path)[0] if theme else "other"
    act = check_action(action) if action else None
    url = check_url(url) if url else None
    keys = identity_keys(name, url)
    with Store.open(db_path) as store, store.command("add", f"added {name}") as changes:
        if not force:
            _refuse_duplicate(same_project(store.conn, name_key(name), keys), name)
        return store_add(store.conn, name, url, slug, act, changes, keys)


def identity_keys(name: str | None, url: str | None) -> tuple[str, ...]:
    """The keys ingest would file this project under: the catalog project its link (else
    its name) is, and its link."""
    from kubefollow.rules.catalog import load_catalog
    from kubefollow.rules.urls import match_key

    catalog = load_catalog()
    project = catalog.match_url(url) if url else None
    if project is None and name:
        project = catalog.match_name(name)
    keys = [f"catalog:{project.id}"] if project is not None and not project.company else []
    if url:
        keys.append(f"url:{match_key(url)}")
    return tuple(keys)


def _refuse_duplicate(existing: Item | None, name: str) -> None:
    if existing is not None:
        raise DuplicateItem(
            f"{name!r} is already #{existing.id} {existing.name}; "
            "use that item, or --force to keep a second one"
        )


@dataclass(frozen=True)
class Edit:
    """An edit: the item, and the old and new value of each field set."""

    id: int
    old: dict[str, Any]
    new: dict[str, Any]


def edit_item(
    db_path: Path,
    ref: str,
    fields: dict[str, str | None],
    reviewed: bool = False,
    force: bool = False,
) -> Edit:
    """reviewed: also mark the item reviewed, in the same command (one undo step). A new
    name or link that another item already has is refused (DuplicateItem) unless force."""
    from kubefollow.core.reading import resolve_theme_slugs
    from kubefollow.store.reads import resolve_item, same_project
    from kubefollow.store.triage import set_reviewed
    from kubefollow.store.writes import edit_item as store_edit
    from kubefollow.text import name_key, one_line

    wanted: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key == "name":
            wanted["name"] = one_line(value) or _raise(UsageError("the name is empty"))
        elif key == "theme":
            wanted["theme"] = resolve_theme_slugs([value], db_path=db_path)[0]
        elif key == "action":
            wanted["action"] = None if value.lower() in ("none", "") else check_action(value)
        elif key == "url":
            wanted["url"] = check_url(value)
    if not wanted:
        raise UsageError("nothing to change: give --name, --theme, --action or --url")
    with Store.open(db_path) as store, store.command("edit") as changes:
        item = resolve_item(store.conn, ref)
        if not force and ("name" in wanted or "url" in wanted):
            new_name = wanted.get("name")
            keys = identity_keys(None, wanted["url"]) if "url" in wanted else ()
            same = same_project(store.conn, new_name and name_key(new_name), keys, item.id)
            _refuse_duplicate(same, new_name or wanted["url"])
        changes.set_summary(f"edited #{item.id} {item.name}")
        old = store_edit(store.conn, item.id, wanted, changes)
        if reviewed:
            set_reviewed(store.conn, [item.id], changes)
    return Edit(item.id, old, {k: wanted[k] for k in old})


def _raise(exc: Exception) -> Any:
    raise exc


def undo(db_path: Path) -> Any:
    """The command undone (store.undo.Undone)."""
    from kubefollow.store.undo import undo_last

    with Store.open(db_path) as store, store.transaction():
        return undo_last(store.conn)
