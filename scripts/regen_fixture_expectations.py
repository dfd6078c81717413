#!/usr/bin/env python3
"""Rewrite tests/fixtures/*.expected.json from what the extractor finds today, keeping each
kept item's hand-written `themes_include`. For reviewing a deliberate change of the rules:
run it, read `git diff tests/fixtures`, and commit only what you would have written by hand.

Usage: python scripts/regen_fixture_expectations.py [SLUG...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kubefollow.extract.findings import extract_post
from kubefollow.extract.posts import read_post
from kubefollow.rules.loading import load_rules

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def main(slugs: list[str]) -> None:
    rules = load_rules()
    for expected_file in sorted(FIXTURES.glob("*.expected.json")):
        slug = expected_file.name.split(".")[0]
        if slugs and slug not in slugs:
            continue
        old = json.loads(expected_file.read_text(encoding="utf-8"))
        before = {item["url"]: item for item in old["items"]}
        post = extract_post(read_post(str(FIXTURES / f"{slug}.md")), rules)
        items = []
        for f in post.findings:
            kept = before.get(f.url, {}).get("themes_include", [])
            include = [t for t in kept if t in f.themes] or [f.theme]
            if f.theme not in include:
                include.insert(0, f.theme)
            items.append({"name": f.name, "url": f.url, "theme": f.theme,
                          "themes_include": include, "action": f.action})  # fmt: skip
        out = {"title": post.title, "date": post.date, "items": items}
        text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
        expected_file.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
