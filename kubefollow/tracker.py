"""The commands' core: each opens the store, does its work in transactions, and returns
plain results for the CLI to print. Nothing here knows about Typer or the terminal."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubefollow.db import open_for_reading, open_store, write_transaction
from kubefollow.errors import InputError, KubefollowError, StoreError, UsageError
from kubefollow.posts import DEFAULT_MAX_BYTES, STDIN
from kubefollow.vocab import ACTIONS, STATUSES

MARKDOWN_SUFFIXES = (".md", ".markdown")


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
    finally:
        if conn is not None:
            conn.close()


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; directories to their Markdown files, recursively, sorted."""
    out: list[str] = []
    for given in paths:
        p = Path(given)
        if given != STDIN and p.is_dir():
            out.extend(
                str(f)
                for f in sorted(p.rglob("*"))
                if f.suffix.lower() in MARKDOWN_SUFFIXES and f.is_file()
            )
        else:
            out.append(given)
    return out


@dataclass
class IngestReport:
    results: list[Any] = field(default_factory=list)  # store.IngestResult
    failed: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


def ingest(
    db_path: Path,
    paths: list[str],
    themes_file: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest posts, committing post by post so a crash loses at most the post in flight.
    All posts of one run are one command for history and undo."""
    from kubefollow.changes import Changes
    from kubefollow.extract import extract_post, load_rules
    from kubefollow.posts import read_post
    from kubefollow.store import IngestResult, ingest_post, post_is_unchanged

    report = IngestReport()
    files = expand_paths(paths)
    rules = None
    with writing(db_path) as conn:
        command_id: int | None = None
        for path in files:
            if on_file:
                on_file(path)
            try:
                raw = read_post(path, max_bytes)
                if path == STDIN:
                    raw = type(raw)(f"<stdin>:{raw.content_hash[:12]}", raw.text, raw.content_hash)
                if not raw.text.strip():
                    report.warnings.append(f"{raw.path}: empty file, nothing to ingest")
                    continue
                title = post_is_unchanged(conn, raw.path, raw.content_hash)
                if title is not None:
                    report.results.append(IngestResult(raw.path, title, "unchanged"))
                    continue
                rules = rules or load_rules(themes_file)
                post = extract_post(raw, rules)
            except InputError as exc:
                report.failed.append(exc)
                continue
            with write_transaction(conn):
                changes = Changes(conn, "ingest", command_id=command_id)
                command_id = changes.command_id
                result = ingest_post(conn, post, changes)
                report.results.append(result)
                changes.set_summary(_ingest_summary(report))
    return report


def _ingest_summary(report: IngestReport) -> str:
    added = sum(len(r.added) for r in report.results)
    posts = [r.title for r in report.results if r.outcome != "unchanged"]
    shown = ", ".join(posts[:3]) + (f" and {len(posts) - 3} more" if len(posts) > 3 else "")
    return f"{len(posts)} post(s) ({shown}), {added} new item(s)"


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
    from kubefollow.changes import Changes
    from kubefollow.queries import resolve_item
    from kubefollow.store import set_status

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
) -> list[dict[str, Any]]:
    from kubefollow import queries

    with reading(db_path) as conn:
        if conn is None:
            return []
        wanted = statuses or ([] if show_all else ["todo", "doing"])
        return queries.list_items(conn, themes, wanted, source, sort, with_sources)


def open_items(db_path: Path) -> list[dict[str, Any]]:
    from kubefollow import queries

    with reading(db_path) as conn:
        return [] if conn is None else queries.open_items(conn)


def resolve_theme_slugs(given: list[str], themes_file: Path | None = None) -> list[str]:
    """Theme names as typed -> slugs, refusing unknown ones (exit 2)."""
    if not given:
        return []
    from kubefollow.themes import load_themes

    themes = load_themes(themes_file)
    return list(dict.fromkeys(themes.resolve(g) for g in given))


def ensure(condition: bool, message: str) -> None:
    if not condition:
        raise KubefollowError(message)
