"""The read commands' core: list, show, history, search (the dashboard and the themes
are in overview.py).

Reading never creates a store: on a store that does not exist yet, lists are empty."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kubefollow.errors import ItemNotFound, UsageError
from kubefollow.items import Item
from kubefollow.store.connection import Store
from kubefollow.vocab import OPEN_STATUSES, STATUSES

if TYPE_CHECKING:
    from kubefollow.records import ItemDetail, SearchHit
    from kubefollow.rules.themes import Themes


def check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise UsageError(f"unknown status {status!r}; known statuses: {', '.join(STATUSES)}")
    return s


def check_action_filter(action: str) -> str:
    """An action to filter by: adopt, evaluate, watch, read, or none (items without one)."""
    from kubefollow.vocab import ACTIONS

    a = action.strip().lower()
    if a not in (*ACTIONS, "none"):
        raise UsageError(f"unknown action {action!r}; known actions: {', '.join(ACTIONS)}, none")
    return a


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
    actions: Sequence[str] = (),
    limit: int | None = None,
    maturity: bool = False,
    maturities: Collection[str] = (),
) -> list[Item]:
    """Items filtered and sorted; fields: only those the caller shows (None: all).
    new: only items waiting for review, whatever their status unless statuses are given.
    actions: adopt, evaluate, watch, read or none (no action); limit: at most this many.
    maturity: fill in each item's maturity from the catalog (loaded only then);
    maturities: only items of these maturities (`none`: projects without one)."""
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        wanted = statuses or ([] if show_all or new else list(OPEN_STATUSES))
        rows = reads.list_items(
            store.conn,
            themes,
            wanted,
            source,
            sort,
            with_sources,
            fields,
            new,
            actions,
            None if maturities else limit,
        )
        if maturity or maturities:
            rows = Item.with_maturity(rows, maturity_of_items(store))
        if maturities:
            rows = [r for r in rows if (r.maturity or NO_MATURITY) in maturities][:limit]
        return rows


NO_MATURITY = "none"


def maturity_of_items(store: Store) -> dict[int, str]:
    """Item id -> the catalog's maturity of the project it is, for the items that have one."""
    from kubefollow.rules.maturity import maturities
    from kubefollow.store.radar import catalog_ids

    known = maturities()
    by_item = catalog_ids(store.conn)
    return {i: known[p] for i, p in by_item.items() if p in known}


def check_maturity(given: str) -> str:
    from kubefollow.rules.maturity import MATURITIES

    m = given.strip().lower()
    if m not in (*MATURITIES, NO_MATURITY):
        known = ", ".join((*MATURITIES, NO_MATURITY))
        raise UsageError(f"unknown maturity {given!r}; known: {known}")
    return m


def items_with_status(db_path: Path, statuses: tuple[str, ...]) -> list[Item]:
    """Items in these statuses (in that order), by id within each."""
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        return reads.items_with_status(store.conn, statuses)


def resolve_theme_slugs(
    given: list[str], themes_file: Path | None = None, db_path: Path | None = None
) -> list[str]:
    """Theme names as typed -> slugs, refusing unknown ones (exit 2). Known: the rules'
    themes, and those an ingest brought from its --themes file into the store at db_path."""
    if not given:
        return []
    themes = known_themes(themes_file, db_path)
    return list(dict.fromkeys(themes.resolve(g) for g in given))


def known_themes(themes_file: Path | None = None, db_path: Path | None = None) -> Themes:
    """The rules' themes (with themes_file's), then the store's own (see m009_themes)."""
    from kubefollow.rules.themes import Themes, load_themes, themes_from_tables

    themes = load_themes(themes_file)
    store = Store.open_for_reading(db_path) if db_path is not None else None
    if store is None:
        return themes
    from kubefollow.store.reads import stored_themes

    with store:
        stored = {k: v for k, v in stored_themes(store.conn).items() if k not in themes.themes}
    if not stored:
        return themes
    return Themes({**themes.themes, **themes_from_tables({"themes": stored}).themes})


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


def search(db_path: Path, text: str, limit: int | None = 100) -> tuple[list[SearchHit], int]:
    """The best hits (at most limit) and how many items match in all."""
    from kubefollow.store import reads
    from kubefollow.store.search_index import catch_up, is_behind

    store = Store.open_for_reading(db_path)
    if store is None:
        return [], 0
    with store:
        if is_behind(store.conn):
            with store.transaction():
                catch_up(store.conn)
        return reads.search(store.conn, text, limit)
