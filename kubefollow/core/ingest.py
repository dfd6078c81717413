"""The ingest command's core: posts in, items out, post by post.

Every file is read and checked against the store first; the new or changed posts are then
extracted (in worker processes when there is more than one core, see workers.py) while this
process writes them in the order given, each post in its own transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubefollow.core.web import WebOptions, gather, is_url, with_canonical_path
from kubefollow.errors import InputError
from kubefollow.store.connection import Store
from kubefollow.text import plural
from kubefollow.vocab import DEFAULT_MAX_BYTES, STDIN

if TYPE_CHECKING:
    from kubefollow.extract.posts import RawPost
    from kubefollow.store.writes import PostPlan

MARKDOWN_SUFFIXES = (".md", ".markdown")


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; directories to their Markdown files, recursively, sorted, without
    the folders data/walk.toml skips (dependencies, hidden folders, a site's themes). A
    directory with no Markdown file in it is an error (InputError)."""
    out: list[str] = []
    walk = None
    for given in paths:
        p = Path(given)
        if given != STDIN and p.is_dir():
            if walk is None:
                from kubefollow.rules.walk import load_walk_rules

                walk = load_walk_rules()
            found = sorted(_markdown_files(p, walk.enters))
            if not found:
                raise InputError(given, "no Markdown files (*.md, *.markdown) in this directory")
            out.extend(found)
        else:
            out.append(given)
    return out


def _markdown_files(folder: Path, enters: Callable[[Path], bool]) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if enters(Path(root) / d)]
        for name in files:
            if Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
                yield os.path.join(root, name)


@dataclass
class IngestReport:
    results: list[Any] = field(default_factory=list)  # store.IngestResult
    failed: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


def ingest(
    db_path: Path,
    files: list[str],
    themes_file: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str], None] | None = None,
    jobs: int | None = None,
    web: WebOptions | None = None,
    on_fetched: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest post files (see expand_paths), committing post by post so a crash loses at most
    the post in flight. All posts of one run are one command for history and undo.

    Every file is read and checked against the store first; the new or changed posts are
    then extracted (by `jobs` worker processes; default: one per core, none on one core) while this
    process writes them, in the order given. on_file is called as each file is done.

    URLs, HTML pages and feeds (see web.py) are fetched and read first, before the store is
    opened, with web's options; on_fetched is called as each URL is fetched."""
    from kubefollow.core.workers import Extractor, collector_paused, default_jobs
    from kubefollow.rules.loading import load_rules

    rules = load_rules(themes_file)
    web = web or WebOptions()
    sources = gather(files, replace(web, max_bytes=max_bytes), on_fetched)
    run = _IngestRun([_label(s) for s in sources], on_file, themes_file)
    with ExitStack() as stack:
        stack.enter_context(collector_paused())
        jobs = default_jobs() if jobs is None else jobs
        extractor = stack.enter_context(Extractor(rules, jobs, len(sources)))
        store: Store | None = None
        to_extract: list[tuple[int, RawPost]] = []
        for index, source in enumerate(sources):
            raw = run.read(index, source, max_bytes)
            if raw is None:
                continue
            # Opened at the first post worth reading: a mistyped path makes no empty store.
            store = store or stack.enter_context(Store.open(db_path, bulk=True))
            if not run.is_unchanged(store, index, raw):
                to_extract.append((index, raw))
        if store is not None and to_extract:
            plans = extractor.plans([raw for _, raw in to_extract])
            for (index, _), plan in zip(to_extract, plans, strict=True):
                run.write(store, index, plan)
            run.finish(store)
    return run.report()


class _IngestRun:
    """One ingest's progress: its outcomes by file, and the command its writes belong to."""

    def __init__(
        self, files: list[str], on_file: Callable[[str], None] | None, themes_file: Path | None
    ) -> None:
        self.files = files
        self.themes_file = themes_file
        self.on_file = on_file
        self.results: list[tuple[int, Any]] = []
        self.failed: list[tuple[int, InputError]] = []
        self.warnings: list[str] = []
        self.command_id: int | None = None
        self.titles: list[str] = []
        self.new_items = 0
        self.moved: dict[int, str] = {}  # by index: the file path of a post named by URL

    def read(self, index: int, path: str | RawPost | InputError, max_bytes: int) -> RawPost | None:
        """The file's text (or the web post gathered), or None (after saying why) when there
        is nothing to extract."""
        from kubefollow.extract.posts import RawPost, read_post

        if isinstance(path, InputError):
            self._fail(index, path)
            return None
        try:
            raw = path if isinstance(path, RawPost) else read_post(path, max_bytes)
        except InputError as exc:
            self._fail(index, exc)
            return None
        if path == STDIN:
            raw = RawPost(f"<stdin>:{raw.content_hash[:12]}", raw.text, raw.content_hash)
        if not raw.page:
            named = with_canonical_path(raw)
            if named.path != raw.path:  # stored under its file's path before, maybe
                self.moved[index] = raw.path
            raw = named
        if not raw.text.strip():
            what = "no main content found" if raw.page else "empty file"
            self.warnings.append(f"{raw.path}: {what}, nothing to ingest")
            self._file_done(index)
            return None
        return raw

    def is_unchanged(self, store: Store, index: int, raw: RawPost) -> bool:
        """Whether the store holds this post as it is: at this path, or (the same content)
        at another path. A post whose old file is gone has moved: its path is updated."""
        from kubefollow.store.writes import IngestResult, post_is_unchanged, post_with_content

        title = post_is_unchanged(store.conn, raw.path, raw.content_hash)
        outcome = "unchanged"
        if title is None:
            same = post_with_content(store.conn, raw.path, raw.content_hash)
            if same is None:
                return False
            title = str(same["title"])
            stored = str(same["path"])
            # Moved: its file is gone, or it is that file, now named by its web address.
            if (_is_gone(stored) or stored == self.moved.get(index)) and not raw.path.startswith(
                "<stdin>"
            ):
                self._move(store, int(same["id"]), raw.path, title)
                outcome = "moved"
            else:
                self.warnings.append(f"{raw.path}: the same post as {same['path']}, unchanged")
        self.results.append((index, IngestResult(raw.path, title, outcome)))
        self._file_done(index)
        return True

    def _move(self, store: Store, post_id: int, path: str, title: str) -> None:
        from kubefollow.store.writes import move_post

        with store.command("ingest", command_id=self.command_id) as changes:
            self.command_id = changes.command_id
            move_post(store.conn, post_id, path, changes)
            self.titles.append(title)
            changes.set_summary(_ingest_summary(self.titles, self.new_items))

    def write(self, store: Store, index: int, post: PostPlan | InputError) -> None:
        """One post in its own transaction, as part of this run's command."""
        from kubefollow.store.writes import adopt_post, ingest_post

        if isinstance(post, InputError):
            self._fail(index, post)
            return
        with store.command("ingest", command_id=self.command_id) as changes:
            self.command_id = changes.command_id
            if index in self.moved:
                adopt_post(store.conn, self.moved[index], post.path, changes)
            result = ingest_post(store.conn, post, changes)
            self.titles.append(result.title)
            self.new_items += len(result.added)
            changes.set_summary(_ingest_summary(self.titles, self.new_items))
        self.results.append((index, result))
        self._file_done(index)

    def finish(self, store: Store) -> None:
        from kubefollow.store.search_index import catch_up

        if self.command_id is not None:
            with store.transaction():
                catch_up(store.conn)
                if self.themes_file is not None:
                    _remember_themes(store, self.themes_file)

    def report(self) -> IngestReport:
        return IngestReport(
            results=[r for _, r in sorted(self.results, key=lambda r: r[0])],
            failed=[e for _, e in sorted(self.failed, key=lambda f: f[0])],
            warnings=self.warnings,
        )

    def _fail(self, index: int, exc: InputError) -> None:
        self.failed.append((index, exc))
        self._file_done(index)

    def _file_done(self, index: int) -> None:
        if self.on_file:
            self.on_file(self.files[index])


def _label(source: str | RawPost | InputError) -> str:
    if isinstance(source, InputError):
        return source.path
    return source if isinstance(source, str) else source.path


def _is_gone(path: str) -> bool:
    """A stored post's file that is no longer there (standard input never was, and a web
    post's address is not a file)."""
    return not path.startswith("<stdin>") and not is_url(path) and not Path(path).exists()


def _remember_themes(store: Store, themes_file: Path) -> None:
    """The --themes file's themes, kept in the store: items filed under them stay
    listable, editable and titled without the file."""
    from kubefollow.rules.files import load_toml
    from kubefollow.rules.themes import OTHER, themes_from_tables
    from kubefollow.store.writes import remember_themes

    own = themes_from_tables(load_toml(themes_file)).themes.values()
    kept = [(t.slug, t.title, list(t.keywords)) for t in own if t.slug != OTHER]
    remember_themes(store.conn, kept)


def _ingest_summary(titles: list[str], new_items: int) -> str:
    shown = ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
    return f"{plural(len(titles), 'post')} ({shown}), {plural(new_items, 'new item')}"
