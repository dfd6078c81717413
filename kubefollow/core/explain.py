"""`ingest --dry-run [--explain]`: what an ingest would find in posts, and why, with
nothing written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from kubefollow.core.web import WebOptions, gather
from kubefollow.errors import InputError
from kubefollow.vocab import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class DryItem:
    name: str
    url: str
    theme: str
    action: str | None
    quote: str


@dataclass
class DryRun:
    path: str
    title: str
    items: list[DryItem] = field(default_factory=list)
    decisions: list[dict[str, str | None]] = field(default_factory=list)


def dry_run(
    files: list[str],
    themes_file: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    web: WebOptions | None = None,
) -> tuple[list[DryRun], list[InputError]]:
    """Each post's items and every decision behind them; the files that could not be read."""
    from kubefollow.core.ingest import expand_paths
    from kubefollow.extract.decisions import Decision
    from kubefollow.extract.findings import extract_post
    from kubefollow.extract.posts import RawPost, read_post
    from kubefollow.rules.loading import load_rules

    rules = load_rules(themes_file)
    runs: list[DryRun] = []
    failed: list[InputError] = []
    web = replace(web or WebOptions(), max_bytes=max_bytes)
    for source in gather(expand_paths(files), web):
        try:
            if isinstance(source, InputError):
                raise source
            raw = source if isinstance(source, RawPost) else read_post(source, max_bytes)
            decisions: list[Decision] = []
            post = extract_post(raw, rules, decisions)
        except InputError as exc:
            failed.append(exc)
            continue
        items = [DryItem(f.name, f.url, f.theme, f.action, f.quote) for f in post.findings]
        runs.append(DryRun(raw.path, post.title, items, [d.as_dict() for d in decisions]))
    return runs, failed
