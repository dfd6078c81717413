"""How web pages are read (data/pages.toml, extended by the user's pages.toml): where a
page's post is, its furniture, and embedded posts from other sites.

Loaded once per process, on first use: importing this module reads no file."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class PageRules:
    content_xpaths: tuple[str, ...]  # where the post is, most specific first
    furniture_tags: frozenset[str]  # lowercase element names
    furniture_words: tuple[str, ...]  # lowercase words of a class or id
    embed_classes: tuple[str, ...]  # classes of embedded posts

    def embed_xpaths(self) -> list[str]:
        return [
            f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
            for name in self.embed_classes
        ]


@functools.cache
def page_rules() -> PageRules:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    table = with_user_rules("pages.toml")
    try:
        return PageRules(
            content_xpaths=tuple(str(x) for x in table["content"]["xpaths"]),
            furniture_tags=frozenset(str(t).lower() for t in table["furniture"]["tags"]),
            furniture_words=tuple(str(w).lower() for w in table["furniture"]["words"]),
            embed_classes=tuple(str(c) for c in table["embeds"]["classes"]),
        )
    except (KeyError, TypeError) as exc:
        raise UsageError(f"pages.toml: not in the bundled file's shape (missing {exc})") from None
