"""A post's findings as the rows the store will write: worked out without the store, so
extraction workers can do it and send back plain rows."""

from __future__ import annotations

import json

from kubefollow.extract.models import Finding, Mention, Post
from kubefollow.store.writes import FindingPlan, PostPlan
from kubefollow.text import name_key
from kubefollow.vocab import OTHER, strongest_action


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
    themes = json.dumps(finding.themes)
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
    # The primary theme first, then the secondary ones; `other` is never a secondary.
    derived = list(dict.fromkeys([theme, *(t for t in finding.themes if t != OTHER)]))
    key = name_key(finding.name)
    item = {
        "name": finding.name,
        "name_key": key,
        # An item only named, never linked, keeps the address it was given (the catalog's).
        "url": linked.url or finding.url or finding.homepage,
        "homepage": finding.homepage,
        "category": finding.category,
        "theme": theme,
        "themes": themes if derived == finding.themes else json.dumps(derived),
        "status": "todo",
        "action": strongest_action([action]),
        "quote": linked.sentence,
        "edited": "[]",
    }
    return FindingPlan(finding.key, finding.name, key, item, mentions)


def _first_linked(mentions: list[Mention]) -> Mention:
    """The first mention (by position) that links to the project, else the first."""
    if len(mentions) == 1:
        return mentions[0]
    ordered = sorted(mentions, key=lambda m: m.position)
    return next((m for m in ordered if m.url), ordered[0])
