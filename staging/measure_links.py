"""Run the link classifier over every link of the real posts and score it against truth.

usage: python staging/measure_links.py [--posts DIR] [--truth DIR] [-v] [--table]

Links: Markdown links (inline, reference, autolinks), bare URLs in prose, raw HTML
anchors (inline and in HTML blocks), and URL attributes of Hugo shortcodes; not in front
matter or code. A link is a truth project when its URL falls under a `must`, `ok` or
`articles` entry's URL prefix (as score.py matches items). The classifier is right about
a link when it makes an item (project, article) of exactly the truth projects' links;
a code-detail or profile link whose repository or account falls under a truth prefix
"names its project" (the integration looks the repository up in the catalog).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_kinds import (
    LinkKind,
    LinkRules,
    bundled_rules_path,
    classify,
    load_link_rules,
    name_from_link,
)

REAL = Path("/work/shared/real-posts")
_SHORTCODE = re.compile(r"\{\{[<%](.*?)[%>]\}\}", re.DOTALL)
_SHORTCODE_URL = re.compile(r"""\b(?:src|href|link|url)\s*=\s*["']?(https?://[^"'\s>]+)""")
_HTML_URL = re.compile(
    r"""<(a|iframe|script)\s[^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>"""
    r"""(.*?)(?:</\1\s*>|$)""",
    re.IGNORECASE | re.DOTALL,
)
_BARE_URL = re.compile(r"(?<![\w@/.:-])(?:https?://|www\.)[^\s<]+", re.IGNORECASE)
_TRAILING = ".,:;!?*_~'\""


@dataclass
class Found:
    url: str
    text: str
    context: str
    form: str  # markdown, bare, html, shortcode


def _trim(url: str) -> str:
    unbalanced = url.count(")") - url.count("(")
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and unbalanced > 0)):
        unbalanced -= url[-1] == ")"
        url = url[:-1]
    return url


def strip_front_matter(text: str) -> str:
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n") or text.startswith(fence + "\r\n"):
            end = text.find("\n" + fence, len(fence))
            if end != -1:
                return text[end + len(fence) + 1 :]
    return text


def _html_links(raw: str, context: str) -> list[Found]:
    found = []
    for m in _HTML_URL.finditer(raw):
        url = html.unescape(next(g for g in m.groups()[1:4] if g is not None)).strip()
        text = re.sub(r"<[^>]+>", "", m.group(5) or "").strip()
        found.append(Found(url, html.unescape(text), context or text, "html"))
    return found


def links_of(markdown: str) -> list[Found]:
    body = strip_front_matter(markdown)
    found: list[Found] = []
    for m in _SHORTCODE.finditer(body):
        for url in _SHORTCODE_URL.findall(m.group(1)):
            found.append(Found(url, "", "", "shortcode"))
    body = _SHORTCODE.sub(" ", body)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    for token in md.parse(body):
        if token.type == "html_block":
            block_text = re.sub(r"<[^>]+>", " ", token.content).strip()
            for link in _html_links(token.content, block_text):
                link.form = "html-block"
                found.append(link)
        if token.type != "inline":
            continue
        children = token.children or []
        plain = "".join(
            c.content if c.type in ("text", "code_inline") else " "
            for c in children
            if c.type in ("text", "code_inline", "softbreak", "hardbreak")
        )
        context = " ".join(plain.split())
        open_link: tuple[str, list[str], str] | None = None
        for child in children:
            if child.type == "link_open":
                form = "autolink" if child.markup == "autolink" else "markdown"
                open_link = (str(child.attrGet("href") or ""), [], form)
            elif child.type == "link_close" and open_link is not None:
                href, parts, form = open_link
                found.append(Found(href, "".join(parts).strip(), context, form))
                open_link = None
            elif child.type == "html_inline":
                found += _html_links(child.content, context)
            elif child.type in ("text", "code_inline"):
                if open_link is not None:
                    open_link[1].append(child.content)
                elif child.type == "text":
                    for bare in _BARE_URL.finditer(child.content):
                        url = _trim(bare.group(0))
                        href = url if "://" in url else f"http://{url}"
                        found.append(Found(href, url, context, "bare"))
    return found


def norm_url(url: str | None) -> str:
    if not url:
        return ""
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().casefold())
    url = re.sub(r"^//", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.split("#")[0].split("?")[0].rstrip("/")


def truth_entry(url: str, truth: dict[str, Any]) -> str | None:
    """The truth entry (must/ok/articles) whose URL prefix this URL falls under."""
    u = norm_url(url)
    best, best_len = None, 0
    for group in ("must", "ok", "articles"):
        for entry in truth.get(group, []):
            for prefix in entry.get("urls", []):
                p = norm_url(prefix)
                if p and (u == p or u.startswith(p + "/")) and len(p) > best_len:
                    best, best_len = f"{group}:{entry['name']}", len(p)
    return best


def today(link: Found) -> str:
    """What kubefollow's extractor does with the link today: an item, or why not."""
    if link.form in ("html-block", "shortcode"):
        return "not read"
    try:
        from kubefollow.links import load_exclusions
    except ImportError:
        return "?"
    reason = load_exclusions().reason_to_skip(link.url, link.text)
    return f"skip ({reason})" if reason else "item"


def verdict(kind: LinkKind, entry: str | None, truth: dict[str, Any]) -> str:
    if kind.is_item:
        return "ok-item" if entry else "FALSE-ITEM"
    if entry is None:
        return "ok-skip"
    via = kind.repository_url or kind.account_url
    if kind.kind in ("code-detail", "profile") and via and truth_entry("https://" + via, truth):
        return "ok-repo"
    return "MISSED"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=Path, default=REAL / "posts")
    ap.add_argument("--truth", type=Path, default=REAL / "truth")
    ap.add_argument("--rules", type=Path, action="append", default=[])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every link")
    ap.add_argument("--table", action="store_true", help="print a Markdown table of links")
    args = ap.parse_args()
    rules: LinkRules = load_link_rules([bundled_rules_path(), *args.rules])
    kinds: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for truth_file in sorted(args.truth.glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        post = args.posts / truth["file"]
        links = links_of(post.read_text(encoding="utf-8"))
        if args.verbose or args.table:
            print(f"\n### {truth['file']} ({len(links)} links)\n")
        if args.table:
            print("| # | link | text | today | kind | name | truth | verdict |")
            print("|---|---|---|---|---|---|---|---|")
        for i, link in enumerate(links, 1):
            kind = classify(link.url, link.text, link.context, rules)
            name, _ = name_from_link(link.url, link.text, kind, rules)
            entry = truth_entry(link.url, truth)
            v = verdict(kind, entry, truth)
            kinds[kind.kind] += 1
            verdicts[v] += 1
            if args.table:
                text = link.text.replace("|", "/").replace("`", "'")[:40]
                url = link.url.replace("|", "%7C")
                print(
                    f"| {i} | `{url[:70]}` | {text} | {today(link)} | {kind.kind} "
                    f"| {name or ''} | {entry or ''} | {v} |"
                )
            elif args.verbose:
                print(f"  {v:10} {kind.kind:11} {link.url[:80]}")
                print(f"             text={link.text[:60]!r} name={name!r} truth={entry}")
                print(f"             rule: {kind.rule}")
    total = sum(kinds.values())
    print("\nlinks per kind:")
    for kind_name, count in kinds.most_common():
        print(f"  {kind_name:12} {count:4}  {count / total:6.1%}")
    right = verdicts["ok-item"] + verdicts["ok-skip"] + verdicts["ok-repo"]
    items = verdicts["ok-item"] + verdicts["FALSE-ITEM"]
    projects = verdicts["ok-item"] + verdicts["ok-repo"] + verdicts["MISSED"]
    print("\nverdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"accuracy (every link's item/not-item decision): {right}/{total} = {right / total:.2f}")
    print(
        f"item precision (items that are truth projects): {verdicts['ok-item']}/{items} = "
        f"{verdicts['ok-item'] / max(items, 1):.2f}"
    )
    print(
        f"project-link recall (truth-project links kept as item or repository): "
        f"{verdicts['ok-item'] + verdicts['ok-repo']}/{projects} = "
        f"{(verdicts['ok-item'] + verdicts['ok-repo']) / max(projects, 1):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
