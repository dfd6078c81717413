"""The commands' core: each opens the store, does its work in transactions, and returns
plain results for the CLI to print. Nothing here knows about Typer or the terminal."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubefollow.errors import InputError, ItemNotFound, StoreError, UsageError
from kubefollow.store.connection import open_for_reading, open_store, write_transaction
from kubefollow.vocab import ACTIONS, STATUSES


@contextmanager
def writing(db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = open_store(db_path)
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{db_path}: {exc}") from None
    finally:
        conn.close()


@contextmanager
def reading(db_path: Path) -> Iterator[sqlite3.Connection | None]:
    conn = open_for_reading(db_path)
    try:
        yield conn
    except sqlite3.OperationalError as exc:  # a read-only store search must catch up, say
        raise StoreError(f"{db_path}: {exc}") from None
    finally:
        if conn is not None:
            conn.close()


def check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise UsageError(f"unknown status {status!r}; known statuses: {', '.join(STATUSES)}")
    return s


def check_action(action: str) -> str:
    a = action.strip().lower()
    if a not in ACTIONS:
        raise UsageError(f"unknown action {action!r}; known actions: {', '.join(ACTIONS)}")
    return a


@dataclass
class StatusChange:
    id: int
    name: str
    old: str
    new: str
    changed: bool


def change_status(db_path: Path, refs: list[str], status: str) -> list[StatusChange]:
    """Set the status of items named by id, name or unique prefix; all or nothing."""
    from kubefollow.store.changes import Changes
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.writes import set_status

    out = []
    with writing(db_path) as conn, write_transaction(conn):
        items = [resolve_item(conn, ref) for ref in refs]
        changes = Changes(conn, status)
        for item in {i["id"]: i for i in items}.values():
            old, changed = set_status(conn, item["id"], status, changes)
            out.append(StatusChange(item["id"], item["name"], old, status, changed))
        names = ", ".join(f"#{c.id} {c.name}" for c in out if c.changed)
        changes.set_summary(f"{status}: {names}" if names else f"{status}: no change")
    return out


def list_items(
    db_path: Path,
    themes: list[str],
    statuses: list[str],
    show_all: bool,
    source: str | None = None,
    sort: str = "id",
    with_sources: bool = False,
    fields: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """Items as dicts; fields: only the keys the caller shows (None: all)."""
    from kubefollow.store import reads as queries

    with reading(db_path) as conn:
        if conn is None:
            return []
        wanted = statuses or ([] if show_all else ["todo", "doing"])
        return queries.list_items(conn, themes, wanted, source, sort, with_sources, fields)


def open_items(db_path: Path) -> list[dict[str, Any]]:
    from kubefollow.store import reads as queries

    with reading(db_path) as conn:
        return [] if conn is None else queries.open_items(conn)


def resolve_theme_slugs(given: list[str], themes_file: Path | None = None) -> list[str]:
    """Theme names as typed -> slugs, refusing unknown ones (exit 2)."""
    if not given:
        return []
    from kubefollow.rules.themes import load_themes

    themes = load_themes(themes_file)
    return list(dict.fromkeys(themes.resolve(g) for g in given))


def show_item(db_path: Path, ref: str) -> dict[str, Any]:
    from kubefollow.store import reads as queries

    with reading(db_path) as conn:
        if conn is None:
            raise ItemNotFound("the store is empty: run `kubefollow ingest` first")
        return queries.item_detail(conn, queries.resolve_item(conn, ref)["id"])


def note_item(db_path: Path, ref: str, text: str) -> tuple[dict[str, Any], int]:
    from kubefollow.store.changes import Changes
    from kubefollow.store.reads import resolve_item
    from kubefollow.store.writes import add_note
    from kubefollow.text import strip_controls

    text = strip_controls(text).strip()
    if not text:
        raise UsageError("the note is empty")
    with writing(db_path) as conn, write_transaction(conn):
        item = resolve_item(conn, ref)
        changes = Changes(conn, "note", f"note on #{item['id']} {item['name']}")
        return item, add_note(conn, item["id"], text, changes)


def add_item(
    db_path: Path, name: str, url: str | None, theme: str | None, action: str | None
) -> int:
    from kubefollow.rules.urls import match_key
    from kubefollow.store.changes import Changes
    from kubefollow.store.writes import add_item as store_add
    from kubefollow.text import one_line

    name = one_line(name)
    if not name:
        raise UsageError("the name is empty")
    slug = resolve_theme_slugs([theme])[0] if theme else "other"
    act = check_action(action) if action else None
    with writing(db_path) as conn, write_transaction(conn):
        changes = Changes(conn, "add", f"added {name}")
        url = check_url(url) if url else None
        key = f"url:{match_key(url)}" if url else None
        return store_add(conn, name, url, slug, act, changes, key)


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


def edit_item(db_path: Path, ref: str, fields: dict[str, str | None]) -> tuple[int, dict[str, Any]]:
    """Returns the item id and the old values of the fields set."""
    from kubefollow.store.changes import Changes
    from kubefollow.store.reads import resolve_item
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
    with writing(db_path) as conn, write_transaction(conn):
        item = resolve_item(conn, ref)
        changes = Changes(conn, "edit", f"edited #{item['id']} {item['name']}")
        return item["id"], store_edit(conn, item["id"], wanted, changes)


def _raise(exc: Exception) -> Any:
    raise exc


def history(db_path: Path, ref: str | None) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    from kubefollow.store import reads as queries

    with reading(db_path) as conn:
        if conn is None:
            return None, []
        item = queries.resolve_item(conn, ref) if ref else None
        return item, queries.history(conn, item["id"] if item else None)


def undo(db_path: Path) -> Any:
    from kubefollow.store.undo import undo_last

    with writing(db_path) as conn, write_transaction(conn):
        return undo_last(conn)


def search(db_path: Path, text: str) -> list[dict[str, Any]]:
    from kubefollow.store import reads as queries
    from kubefollow.store.search_index import catch_up, is_behind

    with reading(db_path) as conn:
        if conn is None:
            return []
        if is_behind(conn):
            with write_transaction(conn):
                catch_up(conn)
        return queries.search(conn, text)


def export_all(db_path: Path) -> dict[str, Any]:
    from kubefollow.store.transfer import VERSION, export_store

    with reading(db_path) as conn:
        if conn is None:
            return {"format": "kubefollow-export", "version": VERSION, "posts": [], "items": []}
        return export_store(conn)


def import_file(db_path: Path, source: str) -> Any:
    import json

    from kubefollow.extract.posts import read_post
    from kubefollow.store.changes import Changes
    from kubefollow.store.transfer import import_store

    raw = read_post(source, max_bytes=200 * 1024 * 1024)
    try:
        data = json.loads(raw.text)
    except json.JSONDecodeError as exc:
        raise InputError(raw.path, f"not JSON ({exc})") from None
    with writing(db_path) as conn, write_transaction(conn):
        changes = Changes(conn, "import", f"import of {raw.path}")
        report = import_store(conn, raw.path, data, changes)
        changes.set_summary(
            f"import of {raw.path}: {len(report.added)} added, {len(report.updated)} updated"
        )
        return report


def dashboard(db_path: Path) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    from kubefollow.store import reads as queries

    with reading(db_path) as conn:
        if conn is None:
            return {}, []
        return queries.theme_counts(conn), queries.post_counts(conn)


def theme_titles(themes_file: Path | None = None) -> dict[str, str]:
    """Theme slug -> title, for every theme the rules know."""
    from kubefollow.rules.themes import load_themes

    return {t.slug: t.title for t in load_themes(themes_file).themes.values()}


def theme_list(themes_file: Path | None, db_path: Path) -> list[dict[str, Any]]:
    from kubefollow.rules.themes import load_themes
    from kubefollow.store import reads as queries

    themes = load_themes(themes_file)
    with reading(db_path) as conn:
        counts = {} if conn is None else queries.theme_counts(conn)
    return [
        {
            "slug": t.slug,
            "title": t.title,
            "items": counts.get(t.slug, {}).get("total", 0),
            "open": sum(counts.get(t.slug, {}).get(s, 0) for s in ("todo", "doing")),
            "keywords": list(t.keywords),
        }
        for t in themes.themes.values()
    ]
