"""Export and import: the whole store as JSON (and, for reading, csv or a checklist)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubefollow.errors import InputError
from kubefollow.store.connection import Store

if TYPE_CHECKING:
    from kubefollow.core.radar import RadarQuery


def matching_ids(db_path: Path, query: RadarQuery) -> set[int] | None:
    """The ids of the items `export`'s filters (list's) keep; None when no filter is given."""
    if not query.narrowed:
        return None
    from kubefollow.core import reading

    rows = reading.list_items(
        db_path, list(query.themes), list(query.statuses), True, query.source,
        fields=["id"], new=query.new, actions=query.actions, maturities=query.maturities,
    )  # fmt: skip
    return {i.id for i in rows}


def export_all(db_path: Path, ids: Collection[int] | None = None) -> dict[str, Any]:
    """The export document (`kubefollow export`, what import reads); ids: only these items
    (the filters of `export`), None: all."""
    from kubefollow.store.transfer import FORMAT, VERSION, export_store

    store = Store.open_for_reading(db_path)
    if store is None:
        return {"format": FORMAT, "version": VERSION, "posts": [], "items": [], "merges": []}
    with store:
        data = export_store(store.conn)
    if ids is not None:
        wanted = set(ids)
        data["items"] = [item for item in data["items"] if item["id"] in wanted]
    return data


def export_rows(db_path: Path, ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Every exported item: its sources the paths of the posts that mention it (each once),
    its notes as text (dated, oldest first)."""
    return [
        {
            **item,
            "sources": list(dict.fromkeys(m["post"] for m in item["mentions"])),
            "notes": " | ".join(f"{n['created_at'][:10]} {n['text']}" for n in item["notes"]),
        }
        for item in export_all(db_path, ids)["items"]
    ]


def export_checklist(
    db_path: Path, ids: Collection[int] | None = None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every item, and each theme's title, for the markdown checklist."""
    from kubefollow.core.overview import theme_titles

    return export_all(db_path, ids)["items"], theme_titles(None, db_path)


def import_file(db_path: Path, source: str) -> Any:
    """Read a JSON export (a path, or - for stdin) into the store; idempotent."""
    import json

    from kubefollow.extract.posts import read_post
    from kubefollow.store.transfer import import_store

    raw = read_post(source, max_bytes=200 * 1024 * 1024)
    try:
        data = json.loads(raw.text)
    except json.JSONDecodeError as exc:
        raise InputError(raw.path, f"not JSON ({exc})") from None
    with Store.open(db_path) as store, store.command("import", f"import of {raw.path}") as changes:
        report = import_store(store.conn, raw.path, data, changes)
        changes.set_summary(
            f"import of {raw.path}: {len(report.added)} added, {len(report.updated)} updated"
        )
        return report
