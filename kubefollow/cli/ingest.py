"""`kubefollow ingest`: posts in, a report of what was added out."""

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from kubefollow.cli.common import db_path, say, terminal, write
from kubefollow.cli.options import Format, FormatOption, ThemesFileOption
from kubefollow.text import one_line


def ingest_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Markdown files or directories (searched for *.md, *.markdown), HTML pages "
            "(*.html, *.htm), RSS or Atom feeds (*.xml, *.rss, *.atom), http(s) URLs of any "
            "of these; - reads standard input. None: the bundled sample post.",
            show_default=False,
        ),
    ] = None,
    themes_file: ThemesFileOption = None,
    max_size: Annotated[
        str,
        typer.Option(
            "--max-size",
            help="Refuse files larger than this: bytes, or with a unit (500KB, 10MB, 1GiB).",
        ),
    ] = "10MiB",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes that parse posts while the store is written; 0 for none. "
            "Default: one per core (none on a single core), up to 4.",
            min=0,
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Write nothing: print the items the posts would give instead."
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="With --dry-run: print every link and named mention, what it was taken "
            "for and the rule that decided it.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            help="Seconds to wait to connect to a URL's server, and between two reads.",
            min=0.01,
        ),
    ] = 10.0,
    offline: Annotated[
        bool, typer.Option("--offline", help="Refuse every URL: never touch the network.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Feeds: only the entries of this date (YYYY-MM-DD) or later.",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add the projects that posts link to or name; re-running never changes a status."""
    from kubefollow.core import ingest
    from kubefollow.core.web import WebOptions, is_url
    from kubefollow.paths import bundled_post

    given = paths or [str(bundled_post())]
    max_bytes = _size(max_size)
    if explain and not dry_run:
        raise typer.BadParameter("--explain needs --dry-run", param_hint="--explain")
    web = WebOptions(timeout=timeout, offline=offline, since=_date(since))
    if dry_run:
        _dry_run(given, themes_file, max_bytes, explain, fmt.value, web)
        return
    files = ingest.expand_paths(given)
    fetching = _progress(len({f for f in files if is_url(f)}), "fetching", 1, until_done=True)
    progress = _progress(len(files), "ingesting")
    try:
        report = ingest.ingest(
            db_path(ctx),
            files,
            themes_file,
            max_bytes,
            on_file=progress[1] if progress else None,
            jobs=jobs,
            web=web,
            on_fetched=fetching[1] if fetching else None,
        )
    finally:
        for bar in (fetching, progress):
            if bar:
                bar[0].stop()
    _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def _date(since: str | None) -> str | None:
    if since is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(since.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"{since!r} is not a date (YYYY-MM-DD)", param_hint="--since"
        ) from None


# Units of --max-size: decimal (KB, MB, GB) as people write them, binary (KiB...) too.
SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2,
              "mib": 1024**2, "g": 1024**3, "gb": 1000**3, "gib": 1024**3}  # fmt: skip


def _size(text: str) -> int:
    """--max-size as bytes: a number with an optional unit (10MB, 512 KiB, 2000000)."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in SIZE_UNITS or float(match.group(1)) <= 0:
        raise typer.BadParameter(
            f"{text!r} is not a size (a number of bytes, or with KB, MB, GB, KiB, MiB, GiB)",
            param_hint="--max-size",
        )
    return max(1, int(float(match.group(1)) * SIZE_UNITS[unit]))


def _dry_run(
    given: list[str], themes_file: Any, max_size: int, explain: bool, fmt: str, web: Any
) -> None:
    """What an ingest would find (and with explain, why), with nothing written."""
    from kubefollow.core.explain import dry_run
    from kubefollow.output import layouts
    from kubefollow.output.formats import render_rows

    runs, failed = dry_run(given, themes_file, max_size, web)
    for failure in failed:
        say(f"kubefollow: error: {one_line(str(failure))}")
    if explain:
        rows = [
            {**d, "post": run.title, "rule": "; ".join(x for x in (d["why"], d["name_rule"]) if x)}
            for run in runs
            for d in run.decisions
        ]
        if rows or fmt != "table":
            write(render_rows(rows, fmt, layouts.EXPLAIN, terminal()))
    else:
        rows = [
            {"name": i.name, "url": i.url, "theme": i.theme, "action": i.action,
             "quote": i.quote, "post": run.title}
            for run in runs
            for i in run.items
        ]  # fmt: skip
        if rows or fmt != "table":
            write(render_rows(rows, fmt, layouts.DRY_RUN, terminal()))
    items = sum(len(run.items) for run in runs)
    say(f"dry run: {len(runs)} post(s) read, {items} item(s) found; nothing was written.")
    if failed:
        raise typer.Exit(1)


def _progress(
    count: int, what: str, more_than: int = 5, until_done: bool = False
) -> tuple[Any, Callable[[str], None]] | None:
    """A progress bar on a terminal when there are more than a handful of files (or more
    than one URL to fetch). until_done: the bar goes when count are done, never to come
    back (fetching: before the next bar, and before ingest forks its workers)."""
    if count <= more_than or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(what, total=count)

    def advance(_path: str) -> None:
        # Started at the first file done, not before: by then ingest has forked its
        # workers, which must not inherit the bar's refresh thread.
        if until_done and bar.finished:
            return  # a feed's entries, fetched after the URLs given: no bar for them
        if not bar.live.is_started:
            bar.start()
        bar.advance(task)
        if until_done and bar.finished:
            bar.stop()

    return bar, advance


def _print_report(report: Any) -> None:
    from kubefollow.output import layouts
    from kubefollow.output.formats import render_rows

    for warning in report.warnings:
        say(f"kubefollow: warning: {one_line(warning)}")
    for failure in report.failed:
        say(f"kubefollow: error: {one_line(str(failure))}")
    rows = []
    for result in report.results:
        if result.outcome == "moved":
            say(f"{one_line(result.path)}: {one_line(result.title)} moved here (same content)")
        if result.outcome in ("unchanged", "moved"):
            continue
        for item_id, name in result.added:
            rows.append({"id": item_id, "name": name, "what": "added", "post": result.title})
        for item_id, name in result.existing:
            rows.append(
                {"id": item_id, "name": name, "what": "already there", "post": result.title}
            )
    if rows:
        write(render_rows(rows, "table", layouts.INGESTED, terminal()))
    added = sum(len(r.added) for r in report.results)
    say(
        f"{report.count('added')} post(s) added, {report.count('updated')} updated, "
        f"{report.count('unchanged') + report.count('moved')} unchanged, "
        f"{len(report.failed)} failed; "
        f"{added} new item(s)."
    )
