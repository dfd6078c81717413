"""Run the name matcher over the real posts' prose and score it against their truth files.

    python -m staging.measure_names [--posts ../shared/real-posts] [-v]

Prose is every paragraph, list item, table cell, blockquote and heading of the Markdown
body (front matter, fenced and indented code, inline code, raw HTML, image alt text,
URLs and Hugo shortcodes left out; inline code and URLs are blanked, so offsets hold).
Scoring follows LABELS.md: a found entry is true when its catalog name, one of its
aliases or the text as written equals a must/ok/articles name or alias (case-insensitive,
ignoring spaces, '-', '_', '.'). Reports found, false and missed entries per post, then
build time and find() throughput.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from staging.name_matcher import NameEntry, NameMatcher, NameRules, entries_from_catalog

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTS = ROOT.parent / "shared" / "real-posts"
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_FRONT = re.compile(r"\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)\n", re.DOTALL)
_SENTENCE = re.compile(r"[^.!?]*[.!?]?")


def strip_front_matter(text: str) -> str:
    text = text.lstrip("\ufeff")
    match = _FRONT.match(text)
    return text[match.end() :] if match else text


def prose_blocks(markdown: str) -> list[str]:
    """The body's prose, one string per block, code and URLs blanked."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(_SHORTCODE.sub(" ", strip_front_matter(markdown)))
    blocks = []
    for token in tokens:
        if token.type != "inline":
            continue
        parts: list[str] = []
        autolink = False
        for child in token.children or []:
            if child.type == "text":
                parts.append(" " * len(child.content) if autolink else child.content)
            elif child.type in ("code_inline", "html_inline"):
                parts.append(" " * len(child.content))
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n" if child.type == "hardbreak" else " ")
            elif child.type == "link_open":
                autolink = child.markup == "autolink"
            elif child.type == "link_close":
                autolink = False
            # image: its alt text is in its own children, left out
        text = _URL.sub(lambda m: " " * len(m.group()), "".join(parts))
        if text.strip():
            blocks.append(text)
    return blocks


def key(name: str) -> str:
    return re.sub(r"[\s\-_.]+", "", name.casefold())


@dataclass
class PostResult:
    name: str
    true_must: set[str] = field(default_factory=set)
    true_ok: set[str] = field(default_factory=set)
    false: list[tuple[str, str, str]] = field(default_factory=list)  # entry, surface, context
    missed: list[tuple[str, bool, bool]] = field(default_factory=list)  # must, linked, known
    hits: int = 0


def truth_index(truth: dict[str, Any]) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for level in ("must", "ok", "articles"):
        for entry in truth.get(level, []):
            for name in (entry["name"], *entry.get("aliases", [])):
                index.setdefault(key(name), (level, entry["name"]))
    return index


def score_post(
    path: Path, truth: dict[str, Any], matcher: NameMatcher, entries: dict[str, NameEntry]
) -> PostResult:
    result = PostResult(path.name)
    index = truth_index(truth)
    found: dict[str, tuple[str, str]] = {}
    for block in prose_blocks(path.read_text(encoding="utf-8")):
        for hit in matcher.find(block):
            result.hits += 1
            entry = entries[hit.entry_id]
            names = (hit.surface, entry.name, *entry.aliases)
            match = next((index[key(n)] for n in names if key(n) in index), None)
            # One catalog entry may stand for several truth entries (Argo: Argo CD, Argo
            # Rollouts): count each truth entry once, each false entry once.
            seen = f"{hit.entry_id}|{match[1] if match else ''}"
            if seen in found:
                continue
            context = _around(block, hit.start, hit.end)
            found[seen] = (hit.surface, context)
            if match is None:
                result.false.append((entry.name, hit.surface, f"{context}  [{hit.rule}]"))
            elif match[0] == "must":
                result.true_must.add(match[1])
            else:
                result.true_ok.add(match[1])
    known = {key(n) for e in entries.values() for n in (e.name, *e.aliases)}
    for must in truth.get("must", []):
        if must["name"] not in result.true_must:
            names = (must["name"], *must.get("aliases", []))
            result.missed.append(
                (must["name"], bool(must.get("linked")), any(key(n) in known for n in names))
            )
    return result


def _around(text: str, start: int, end: int) -> str:
    lo = max(0, text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0)
    lo = max(lo, start - 90)
    hi = text.find(". ", end)
    hi = min(len(text), hi + 1 if hi >= 0 else len(text), end + 90)
    return " ".join((text[lo:start] + "«" + text[start:end] + "»" + text[end:hi]).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the name matcher on the real posts.")
    parser.add_argument("--posts", type=Path, default=DEFAULT_POSTS)
    parser.add_argument("--catalog", type=Path, default=ROOT / "data" / "catalog.jsonl")
    parser.add_argument("--rules", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    rules = NameRules.load(args.rules)
    entry_list = entries_from_catalog(args.catalog)
    t1 = time.perf_counter()
    matcher = NameMatcher.build(entry_list, rules)
    t2 = time.perf_counter()
    entries = {e.entry_id: e for e in entry_list}

    results = []
    for post in sorted((args.posts / "posts").glob("*.md")):
        truth = json.loads((args.posts / "truth" / f"{post.stem}.json").read_text("utf-8"))
        results.append(score_post(post, truth, matcher, entries))

    total_must = total_true = total_false = total_missed = missed_known = 0
    for r in results:
        n_must = len(r.true_must) + len(r.missed)
        total_must += n_must
        total_true += len(r.true_must) + len(r.true_ok)
        total_false += len(r.false)
        total_missed += len(r.missed)
        missed_known += sum(1 for _, _, known in r.missed if known)
        print(
            f"{r.name}: must {len(r.true_must)}/{n_must}, ok {len(r.true_ok)},"
            f" false {len(r.false)}, missed {len(r.missed)}"
        )
        if args.verbose:
            for entry, surface, context in r.false:
                print(f"    FALSE {entry} ({surface!r}): {context}")
            for name, linked, known in r.missed:
                why = "in catalog" if known else "not in catalog"
                print(f"    MISSED {name} ({'linked' if linked else 'unlinked'}, {why})")
    found = total_true + total_false
    print(
        f"\nentries found {found}: true {total_true}, false {total_false}"
        f" (precision {total_true / max(found, 1):.2f});"
        f" must found {total_must - total_missed}/{total_must}"
        f" (recall {(total_must - total_missed) / max(total_must, 1):.2f});"
        f" missed musts the catalog knows: {missed_known}"
    )

    # Performance: build, pickle, find() throughput on prose and on whole post bodies.
    texts = [
        b
        for p in sorted((args.posts / "posts").glob("*.md"))
        for b in prose_blocks(p.read_text("utf-8"))
    ]
    bodies = [
        strip_front_matter(p.read_text("utf-8"))
        for p in sorted((args.posts / "posts").glob("*.md"))
    ]
    blob = pickle.dumps(matcher)
    t3 = time.perf_counter()
    pickle.loads(blob)
    t4 = time.perf_counter()
    print(
        f"\ncatalog: {len(entry_list)} entries; load rules+catalog {1000 * (t1 - t0):.1f} ms,"
        f" build {1000 * (t2 - t1):.1f} ms; pickle {len(blob) / 1e6:.2f} MB,"
        f" unpickle {1000 * (t4 - t3):.1f} ms"
    )
    for label, corpus in (("prose blocks", texts), ("whole bodies", bodies)):
        size = sum(len(t.encode()) for t in corpus)
        rounds = max(1, int(2e6 // max(size, 1)))
        start = time.perf_counter()
        for _ in range(rounds):
            for text in corpus:
                matcher.find(text)
        elapsed = time.perf_counter() - start
        print(
            f"find() on {label}: {size / 1e3:.0f} kB x {rounds}:"
            f" {size * rounds / elapsed / 1e6:.2f} MB/s"
        )
    # Growth: the catalog tripled with made-up entries (names no text contains).
    grown = entry_list + [
        NameEntry(f"{e.entry_id}-copy{n}", f"{e.name}zq{n}", tuple(f"{a}zq{n}" for a in e.aliases))
        for n in (1, 2)
        for e in entry_list
    ]
    t5 = time.perf_counter()
    big = NameMatcher.build(grown, rules)
    t6 = time.perf_counter()
    start = time.perf_counter()
    for text in texts:
        big.find(text)
    elapsed = time.perf_counter() - start
    size = sum(len(t.encode()) for t in texts)
    print(
        f"grown catalog: {len(grown)} entries, build {1000 * (t6 - t5):.1f} ms;"
        f" find() on prose blocks {size / elapsed / 1e6:.2f} MB/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
