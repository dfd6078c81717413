"""The read commands' core: list, show, history, search (the dashboard and the themes
are in overview.py).

Reading never creates a store: on a store that does not exist yet, lists are empty."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubefollow.errors import ItemNotFound, UsageError
from kubefollow.items import Item
from kubefollow.store.connection import Store
from kubefollow.vocab import OPEN_STATUSES, STATUSES

if TYPE_CHECKING:
    from kubefollow.records import ItemDetail, SearchHit


def check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise UsageError(f"unknown status {status!r}; known statuses: {', '.join(STATUSES)}")
    return s


def list_items(
    db_path: Path,
    themes: list[str],
    statuses: list[str],
    show_all: bool,
    source: str | None = None,
    sort: str = "id",
    with_sources: bool = False,
    fields: Collection[str] | None = None,
    new: bool = False,
    maturity: bool = False,
    maturities: Collection[str] = (),
) -> list[Item]:
    """Items filtered and sorted; fields: only those the caller shows (None: all).
    new: only items waiting for review, whatever their status unless statuses are given.
    maturity: fill in each item's maturity from the catalog (loaded only then);
    maturities: only items of these maturities (`none`: projects without one)."""
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        wanted = statuses or ([] if show_all or new else list(OPEN_STATUSES))
        rows = reads.list_items(store.conn, themes, wanted, source, sort, with_sources, fields, new)
        if maturity or maturities:
            rows = Item.with_maturity(rows, maturity_of_items(store))
        if maturities:
            rows = [r for r in rows if (r.maturity or NO_MATURITY) in maturities]
        return rows


NO_MATURITY = "none"


def maturity_of_items(store: Store) -> dict[int, str]:
    """Item id -> the catalog's maturity of the project it is, for the items that have one."""
    from kubefollow.rules.maturity import maturities
    from kubefollow.store import reads

    known = maturities()
    by_item = reads.catalog_ids(store.conn)
    return {i: known[p] for i, p in by_item.items() if p in known}


def check_maturity(given: str) -> str:
    from kubefollow.rules.maturity import MATURITIES

    m = given.strip().lower()
    if m not in (*MATURITIES, NO_MATURITY):
        known = ", ".join((*MATURITIES, NO_MATURITY))
        raise UsageError(f"unknown maturity {given!r}; known: {known}")
    return m


def open_items(db_path: Path) -> list[Item]:
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        return reads.open_items(store.conn)


def resolve_theme_slugs(given: list[str], themes_file: Path | None = None) -> list[str]:
    """Theme names as typed -> slugs, refusing unknown ones (exit 2)."""
    if not given:
        return []
    from kubefollow.rules.themes import load_themes

    themes = load_themes(themes_file)
    return list(dict.fromkeys(themes.resolve(g) for g in given))


def show_item(db_path: Path, ref: str) -> ItemDetail:
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        raise ItemNotFound("the store is empty: run `kubefollow ingest` first")
    with store:
        detail = reads.item_detail(store.conn, reads.resolve_item(store.conn, ref).id)
        found = maturity_of_items(store).get(detail.item.id)
        if found is None:
            return detail
        from dataclasses import replace

        return replace(detail, item=Item.with_maturity([detail.item], {detail.item.id: found})[0])


def history(db_path: Path, ref: str | None) -> tuple[Item | None, list[dict[str, Any]]]:
    """The item asked for (None: all commands) and its changes, newest first."""
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return None, []
    with store:
        item = reads.resolve_item(store.conn, ref) if ref else None
        return item, reads.history(store.conn, item.id if item else None)


def search(db_path: Path, text: str) -> list[SearchHit]:
    from kubefollow.store import reads
    from kubefollow.store.search_index import catch_up, is_behind

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        if is_behind(store.conn):
            with store.transaction():
                catch_up(store.conn)
        return reads.search(store.conn, text)
