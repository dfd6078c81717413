"""Themes: slugs, titles and keywords from data/themes.toml (and the user's own file).

Primary theme of a link: the first keyword in its paragraph, else the nearest heading's,
else an enclosing heading's or the title's, else the catalog's category, else "other".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.rules.phrases import PhraseMatcher
from kubefollow.text import slugify
from kubefollow.vocab import OTHER

__all__ = ["OTHER", "Theme", "Themes", "load_themes"]


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    keywords: tuple[str, ...]


@dataclass
class Themes:
    themes: dict[str, Theme]

    def __post_init__(self) -> None:
        if OTHER not in self.themes:
            self.themes[OTHER] = Theme(OTHER, "Other", ())

    @cached_property
    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher((kw, t.slug) for t in self.themes.values() for kw in t.keywords)

    @property
    def slugs(self) -> list[str]:
        return list(self.themes)

    def first_in(self, text: str) -> str | None:
        return self.matcher.first(text)

    def all_in(self, text: str, words: list[bytes] | None = None) -> list[str]:
        return self.matcher.labels(text, words)

    def resolve(self, given: str) -> str:
        """A slug from what a user typed: case-insensitive, spaces or hyphens."""
        slug = slugify(given)
        for theme in self.themes.values():
            if slug in (theme.slug, slugify(theme.title)):
                return theme.slug
        raise UsageError(f"unknown theme {given!r}; known themes: {', '.join(self.slugs)}")


def themes_from_tables(*tables: dict[str, Any] | None) -> Themes:
    """Later tables add themes and keywords to earlier ones, in order."""
    merged: dict[str, Theme] = {}
    for table in tables:
        if not table:
            continue
        entries = table.get("themes")
        if not isinstance(entries, dict):
            raise UsageError("a themes file needs [themes.<slug>] tables")
        for raw_slug, spec in entries.items():
            if not isinstance(spec, dict):
                raise UsageError(f"theme {raw_slug!r}: expected a table with title and keywords")
            slug = slugify(str(raw_slug))
            old = merged.get(slug)
            given = spec.get("keywords", [])
            if not isinstance(given, list) or not all(isinstance(k, str) for k in given):
                raise UsageError(f"theme {raw_slug!r}: keywords must be a list of strings")
            if not isinstance(spec.get("title", ""), str):
                raise UsageError(f"theme {raw_slug!r}: title must be a string")
            if not slug:
                raise UsageError(f"theme {raw_slug!r}: a slug needs letters or digits")
            keywords = [k for k in given if k.strip()]
            title = str(spec.get("title", old.title if old else raw_slug))
            base = list(old.keywords) if old else []
            merged[slug] = Theme(slug, title, tuple(dict.fromkeys(base + keywords)))
    return Themes(merged)


def load_themes(user_file: Path | None = None) -> Themes:
    from kubefollow.rules.files import bundled, user_override

    return themes_from_tables(bundled("themes.toml"), user_override("themes.toml", user_file))
