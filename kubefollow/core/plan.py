"""A post's findings as the rows the store will write: worked out without the store, so
extraction workers can do it and send back plain rows."""

from __future__ import annotations

import json

from kubefollow.extract.models import Finding, Post
from kubefollow.store.writes import FindingPlan, PostPlan, derived_fields
from kubefollow.text import name_key


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
    item |= derived_fields(item, sorted(mentions, key=lambda m: m["position"]))
    return FindingPlan(finding.key, finding.name, key, item, mentions)
