"""A post's findings as the rows the store will write: worked out without the store, so
extraction workers can do it and send back plain rows."""

from __future__ import annotations

import json
from typing import Any

from kubefollow.extract.models import Finding, Post
from kubefollow.store.writes import FindingPlan, PostPlan
from kubefollow.text import name_key
from kubefollow.vocab import OTHER, strongest_action


def plan_post(post: Post) -> PostPlan:
    """The rows a post will need, worked out without the store."""
    return PostPlan(
        post.path, post.title, post.date, post.content_hash, [_plan(f) for f in post.findings]
    )


def _plan(finding: Finding) -> FindingPlan:
    themes = json.dumps(finding.themes)
    mentions = [
        {
            "position": mention.position,
            "sentence": mention.sentence,
            "url": mention.url,
            "theme": finding.theme,
            "themes": themes,
            "action": finding.action,
        }
        for mention in finding.mentions
    ]
    key = name_key(finding.name)
    item = {
        "name": finding.name,
        "name_key": key,
        "url": finding.url,
        "homepage": finding.homepage,
        "category": finding.category,
        "theme": finding.theme,
        "themes": themes,
        "status": "todo",
        "action": finding.action,
        "quote": finding.quote,
        "edited": "[]",
    }
    item |= _derived_fields(finding, item, sorted(mentions, key=lambda m: m["position"]))
    return FindingPlan(finding.key, finding.name, key, item, mentions)


def _derived_fields(
    finding: Finding, item: dict[str, Any], mentions: list[dict[str, Any]]
) -> dict[str, Any]:
    """store.writes.derived_fields for a new item of one finding, whose mentions (sorted by
    position) all carry the finding's theme, themes and action and whose fields no user
    has edited: the same values, without reading back the JSON just written."""
    linked = next((m for m in mentions if m["url"]), mentions[0])
    themes = [finding.theme, *(t for t in finding.themes if t != OTHER)]
    return {
        "theme": finding.theme,
        "themes": json.dumps(list(dict.fromkeys(themes))),
        "action": strongest_action([finding.action]),
        "quote": linked["sentence"],
        "url": linked["url"] or item.get("url") or item.get("homepage"),
    }
