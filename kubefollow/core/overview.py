"""The overviews: the dashboard (progress per theme and per post) and the themes with
their counts; and theme titles, which both the dashboard and the checklist show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubefollow.store.connection import Store
from kubefollow.vocab import OPEN_STATUSES


@dataclass(frozen=True)
class Dashboard:
    """Progress per theme (by slug: total and per status) and per post."""

    themes: dict[str, dict[str, int]] = field(default_factory=dict)
    posts: list[dict[str, Any]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # theme slug -> title
    unreviewed: int = 0  # items an ingest added that wait for review


def dashboard(db_path: Path) -> Dashboard:
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return Dashboard()
    with store:
        themes, posts = reads.theme_counts(store.conn), reads.post_counts(store.conn)
        unreviewed = reads.unreviewed_count(store.conn)
    return Dashboard(themes, posts, theme_titles(None, db_path) if themes else {}, unreviewed)


def theme_titles(themes_file: Path | None = None, db_path: Path | None = None) -> dict[str, str]:
    """Theme slug -> title, for every theme the rules (and the store at db_path) know."""
    from kubefollow.core.reading import known_themes

    return {t.slug: t.title for t in known_themes(themes_file, db_path).themes.values()}


@dataclass(frozen=True)
class ThemeRow:
    slug: str
    title: str
    items: int
    open: int
    keywords: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title, "items": self.items,
                "open": self.open, "keywords": list(self.keywords)}  # fmt: skip


def theme_list(themes_file: Path | None, db_path: Path) -> list[ThemeRow]:
    from kubefollow.core.reading import known_themes
    from kubefollow.store import reads

    themes = known_themes(themes_file, db_path)
    counts: dict[str, dict[str, int]] = {}
    store = Store.open_for_reading(db_path)
    if store is not None:
        with store:
            counts = reads.theme_counts(store.conn)
    return [
        ThemeRow(
            t.slug,
            t.title,
            counts.get(t.slug, {}).get("total", 0),
            sum(counts.get(t.slug, {}).get(s, 0) for s in OPEN_STATUSES),
            tuple(t.keywords),
        )
        for t in themes.themes.values()
    ]
