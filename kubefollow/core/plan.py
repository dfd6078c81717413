"""A post's findings as the rows the store will write: worked out without the store, so
extraction workers can do it and send back plain rows."""

from __future__ import annotations

import functools
import json

from kubefollow.extract.models import Finding, Mention, Post
from kubefollow.store.writes import FindingPlan, PostPlan
from kubefollow.text import name_key
from kubefollow.vocab import ACTIONS, OTHER


def plan_post(post: Post) -> PostPlan:
    """The rows a post will need, worked out without the store."""
    return PostPlan(
        post.path, post.title, post.date, post.content_hash, [_plan(f) for f in post.findings]
    )


def _plan(finding: Finding) -> FindingPlan:
    """The finding's mentions, and its item as store.writes.derived_fields would leave it
    for a new item of this one finding (whose mentions all carry the finding's theme,
    themes and action, and whose fields no user has edited): the same values, without
    writing the mentions and reading their JSON back."""
    theme, action = finding.theme, finding.action
    themes, item_themes = _themes_json(theme, tuple(finding.themes))
    mentions = [
        {
            "position": mention.position,
            "sentence": mention.sentence,
            "url": mention.url,
            "theme": theme,
            "themes": themes,
            "action": action,
        }
        for mention in finding.mentions
    ]
    linked = _first_linked(finding.mentions)
    key = name_key(finding.name)
    item = {
        "name": finding.name,
        "name_key": key,
        # An item only named, never linked, keeps the address it was given (the catalog's).
        "url": linked.url or finding.url or finding.homepage,
        "homepage": finding.homepage,
        "category": finding.category,
        "theme": theme,
        "themes": item_themes,
        "status": "todo",
        "action": action if action in ACTIONS else None,  # = strongest_action([action])
        "quote": linked.sentence,
        "edited": "[]",
    }
    return FindingPlan(finding.key, finding.name, key, item, mentions)


@functools.lru_cache(maxsize=1024)
def _themes_json(theme: str, themes: tuple[str, ...]) -> tuple[str, str]:
    """A finding's themes as JSON, and its item's: the primary theme first, then the
    secondary ones (`other` is never a secondary). Posts use few such lists, over and over:
    json.dumps of each finding's was a third of planning it."""
    own = json.dumps(list(themes))
    derived = list(dict.fromkeys([theme, *(t for t in themes if t != OTHER)]))
    return own, own if derived == list(themes) else json.dumps(derived)


def _first_linked(mentions: list[Mention]) -> Mention:
    """The first mention (by position) that links to the project, else the first."""
    if len(mentions) == 1:
        return mentions[0]
    ordered = sorted(mentions, key=lambda m: m.position)
    return next((m for m in ordered if m.url), ordered[0])
