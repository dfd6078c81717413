"""The overviews: the dashboard (progress per theme and per post) and the themes with
their counts; and theme titles, which both the dashboard and the checklist show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubefollow.store.connection import Store
from kubefollow.vocab import OPEN_STATUSES, STATUSES


def progress(done: int, total: int, dropped: int = 0) -> int | None:
    """Done out of what is still meant to be done (dropped items do not count against
    it), as a whole percentage, rounded; never 100 before everything is done nor 0 once
    something is. None when nothing is left to measure (no items, or all dropped)."""
    meant = total - dropped
    if meant <= 0:
        return None
    pct = (200 * done + meant) // (2 * meant)  # rounded half up, in integers
    if done < meant:
        pct = min(pct, 99)
    return max(pct, 1) if done else pct


def _counts(counts: dict[str, int]) -> dict[str, Any]:
    by_status = {s: counts.get(s, 0) for s in STATUSES}
    total = counts.get("total", sum(by_status.values()))
    return {"total": total, **by_status,
            "progress": progress(by_status["done"], total, by_status["dropped"])}  # fmt: skip


@dataclass(frozen=True)
class Dashboard:
    """Progress per theme and per post; `status --format json` prints as_json()."""

    themes: list[dict[str, Any]] = field(default_factory=list)  # theme, title, counts
    posts: list[dict[str, Any]] = field(default_factory=list)  # title, path, date, counts
    unreviewed: int = 0  # items an ingest added that wait for review

    def as_json(self) -> dict[str, Any]:
        return {"themes": self.themes, "posts": self.posts, "unreviewed": self.unreviewed}


def dashboard(db_path: Path) -> Dashboard:
    """Themes by size (the largest first), posts newest first. Each row: total, todo,
    doing, done, dropped, and progress (done / (total - dropped), a rounded percentage,
    None when nothing is left to measure)."""
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None:
        return Dashboard()
    with store:
        themes, posts = reads.theme_counts(store.conn), reads.post_counts(store.conn)
        unreviewed = reads.unreviewed_count(store.conn)
    titles = theme_titles(None, db_path) if themes else {}
    theme_rows = [
        {"theme": slug, "title": titles.get(slug, slug), **_counts(counts)}
        for slug, counts in sorted(themes.items(), key=lambda kv: (-kv[1]["total"], kv[0]))
    ]
    post_rows = [
        {"title": p["title"], "path": p["path"], "date": p["date"], **_counts(p)} for p in posts
    ]
    return Dashboard(theme_rows, post_rows, unreviewed)


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
