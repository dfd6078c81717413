"""A new item's fields as the plan works them out equal what the store's derived_fields
makes of the same rows (the plan no longer reads back the JSON it has just written)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.core import plan
from kubefollow.extract.findings import extract_post
from kubefollow.extract.models import Finding, Mention
from kubefollow.extract.posts import read_post
from kubefollow.rules.loading import Rules
from kubefollow.store.writes import derived_fields

ROOT = Path(__file__).resolve().parents[1]
POSTS = [ROOT / "data" / "kubecon-eu-2025.md", *sorted((ROOT / "tests" / "fixtures").glob("*.md"))]


def _through_the_store(finding: Finding) -> dict[str, object]:
    """What plan._plan gave before: derived_fields over the rows it writes."""
    found = plan._plan(finding)
    item = {k: v for k, v in found.item.items()}
    for k in ("theme", "themes", "action", "quote", "url"):  # back to the pre-derived row
        item[k] = {
            "theme": finding.theme,
            "themes": json.dumps(finding.themes),
            "action": finding.action,
            "quote": finding.quote,
            "url": finding.url,
        }[k]
    return item | derived_fields(item, sorted(found.mentions, key=lambda m: m["position"]))


def test_plans_of_the_fixture_posts(rules: Rules) -> None:
    checked = 0
    for path in POSTS:
        for finding in extract_post(read_post(str(path)), rules).findings:
            assert plan._plan(finding).item == _through_the_store(finding)
            checked += 1
    assert checked > 50


THEMES = st.sampled_from(["batch", "other", "security", "observability"])
URLS = st.one_of(st.none(), st.just(""), st.sampled_from(["https://a.dev/", "https://b.dev/x"]))


@settings(max_examples=300, deadline=None)
@given(
    theme=THEMES,
    themes=st.lists(THEMES, max_size=4),
    action=st.sampled_from([None, "adopt", "evaluate", "watch", "read"]),
    urls=st.lists(URLS, min_size=1, max_size=4),
    homepage=st.one_of(st.none(), st.just("https://home.dev/")),
    url=st.sampled_from(["", "https://given.dev/"]),
)
def test_plans_of_any_finding(
    theme: str,
    themes: list[str],
    action: str | None,
    urls: list[str | None],
    homepage: str | None,
    url: str,
) -> None:
    mentions = [
        Mention(sentence=f"Sentence {i}.", url=u, position=10 - i) for i, u in enumerate(urls)
    ]
    finding = Finding(
        key="k",
        name="Name",
        url=url,
        homepage=homepage,
        theme=theme,
        themes=themes,
        action=action,
        quote="Sentence 0.",
        mentions=mentions,
    )
    assert plan._plan(finding).item == _through_the_store(finding)
    # The themes' JSON (kept per list of themes) is json.dumps' own.
    assert all(m["themes"] == json.dumps(themes) for m in plan._plan(finding).mentions)
