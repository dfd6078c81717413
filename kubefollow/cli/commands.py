"""The command line: parse options, call the core, print. Nothing else lives here.

Data goes to stdout, messages and errors to stderr. Heavy modules are imported inside the
commands that need them, so `kubefollow list` starts fast.
"""

# ruff: noqa: E402  (the cycle collector is paused before the imports below)
import gc

# Importing typer creates tens of thousands of long-lived objects and no garbage: the cycle
# collector would only walk them again and again (a few ms of each start). Back on at the
# end of this module.
_GC_WAS_ENABLED = gc.isenabled()
gc.disable()

import functools
import sqlite3
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kubefollow import __version__
from kubefollow.errors import KubefollowError, UsageError
from kubefollow.text import one_line

app = typer.Typer(
    name="kubefollow",
    help="Follow up on the projects a conference trip report links to.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)

F = TypeVar("F", bound=Callable[..., Any])


class State:
    db_path: Path | None = None


state = State()


def db_path() -> Path:
    from kubefollow.paths import default_db_path

    return state.db_path or default_db_path()


def say(message: str) -> None:
    """A message for the user, on stderr; text from posts is printed literally."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    say(f"kubefollow: error: {one_line(message)}")
    return typer.Exit(code)


def handles_errors(func: F) -> F:
    """The core's exceptions become one line on stderr and an exit code: no tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KubefollowError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except sqlite3.Error as exc:
            raise fail(f"store {db_path()}: {exc}") from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kubefollow {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="KUBEFOLLOW_DB",
            help="The SQLite store to use [default: kubefollow.db in the user data directory].",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Follow up on the projects a conference trip report links to.

    ingest a post, list what it links to by theme, and tick items off as you go.
    """
    state.db_path = db


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class SortKey(StrEnum):
    id = "id"
    theme = "theme"
    status = "status"
    name = "name"
    date = "date"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    markdown = "markdown"


def complete_item(incomplete: str) -> list[str]:
    """Shell completion: names of items that start with what was typed."""
    try:
        from kubefollow.core import tracker

        rows = tracker.list_items(db_path(), [], [], True)
    except Exception:
        return []
    # Completed as typed so far (shells keep only candidates that start with it).
    folded = incomplete.casefold()
    return [
        incomplete + r["name"][len(incomplete) :]
        for r in rows
        if r["name"].casefold().startswith(folded)
    ]


def complete_theme(incomplete: str) -> list[str]:
    try:
        from kubefollow.core import tracker

        return [s for s in tracker.theme_titles() if s.startswith(incomplete.lower())]
    except Exception:
        return []


def complete_status(incomplete: str) -> list[str]:
    from kubefollow.vocab import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete.lower())]


ITEM_FIELDS = (
    "id", "name", "url", "homepage", "category", "theme", "themes", "status", "action",
    "quote", "sources",
)  # fmt: skip


def _item_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ITEM_FIELDS}


def print_items(rows: list[dict[str, Any]], fmt: ListFormat, empty: str) -> None:
    from kubefollow.output import table as render

    if fmt is ListFormat.json:
        write(render.to_json([_item_json(r) for r in rows]))
        return
    if fmt is ListFormat.csv:
        fields = [f for f in ITEM_FIELDS if f != "sources"] + ["source"]
        write(render.to_csv(rows, fields))
        return
    columns = list_columns()
    if fmt is ListFormat.markdown:
        write(render.to_markdown_table(columns, rows))
        return
    if not rows:
        say(empty)
        return
    tty = stdout_is_tty()
    width = _terminal_width() if tty else None
    write(render.render_table(columns, rows, boxed=tty, color=render.use_color(tty), width=width))


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def list_columns() -> list[Any]:
    from kubefollow.output.table import Column

    return [
        Column("ID", "id"),
        Column("Project", "name", 8, shrinkable=True),
        Column("Theme", "theme", 5),
        Column("Status", "status", 6),
        Column("Action", "action", 6),
        Column("Source", "source", 8, shrinkable=True),
        Column("Link", "url", 12, shrinkable=True),
    ]


@app.command("ingest")
@handles_errors
def ingest_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Markdown files or directories (searched for *.md, *.markdown); - reads "
            "standard input. None: the bundled sample post.",
            show_default=False,
        ),
    ] = None,
    themes_file: Annotated[
        Path | None,
        typer.Option("--themes", help="A TOML file of extra themes or keywords.", dir_okay=False),
    ] = None,
    max_size: Annotated[
        int,
        typer.Option("--max-size", help="Refuse files larger than this many bytes.", min=1),
    ] = 10 * 1024 * 1024,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes that parse posts while the store is written; 0 for none. "
            "Default: one per spare core, up to 4.",
            min=0,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add the projects that posts link to; re-running never changes a status."""
    from kubefollow.core import ingest
    from kubefollow.paths import bundled_post

    given = paths or [str(bundled_post())]
    files = ingest.expand_paths(given)
    progress = _progress(len(files))
    try:
        report = ingest.ingest(
            db_path(),
            files,
            themes_file,
            max_size,
            on_file=progress[1] if progress else None,
            jobs=jobs,
        )
    finally:
        if progress:
            progress[0].stop()
    _print_ingest_report(report)
    if report.failed:
        raise typer.Exit(1)


def _progress(count: int) -> tuple[Any, Callable[[str], None]] | None:
    """A progress bar on a terminal when there are more than a handful of files."""
    if count <= 5 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("ingesting", total=count)

    def advance(_path: str) -> None:
        # Started at the first file done, not before: by then ingest has forked its
        # workers, which must not inherit the bar's refresh thread.
        if not bar.live.is_started:
            bar.start()
        bar.advance(task)

    return bar, advance


def _print_ingest_report(report: Any) -> None:
    from kubefollow.output import table as render

    for warning in report.warnings:
        say(f"kubefollow: warning: {one_line(warning)}")
    for failure in report.failed:
        say(f"kubefollow: error: {one_line(str(failure))}")
    rows = []
    for result in report.results:
        if result.outcome == "unchanged":
            continue
        for item_id, name in result.added:
            rows.append({"id": item_id, "name": name, "what": "added", "post": result.title})
        for item_id, name in result.existing:
            rows.append(
                {"id": item_id, "name": name, "what": "already there", "post": result.title}
            )
    if rows:
        from kubefollow.output.table import Column

        tty = sys.stdout.isatty()
        columns = [Column("ID", "id"), Column("Project", "name"), Column("Result", "what"),
                   Column("Post", "post", shrinkable=True)]  # fmt: skip
        write(render.render_table(columns, rows, boxed=tty, color=False,
                                  width=_terminal_width() if tty else None))  # fmt: skip
    added = sum(len(r.added) for r in report.results)
    say(
        f"{report.count('added')} post(s) added, {report.count('updated')} updated, "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed; "
        f"{added} new item(s)."
    )


@app.command("list")
@handles_errors
def list_command(
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            "-t",
            help="Only this theme (repeatable).",
            show_default=False,
            autocompletion=complete_theme,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="Only this status: todo, doing, done, dropped (repeatable).",
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Include done and dropped items.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Only items from posts whose title or path contains this."),
    ] = None,
    sort: Annotated[SortKey, typer.Option("--sort", help="Order of the rows.")] = SortKey.id,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table
    ),
) -> None:
    """List open items (todo, doing); filter by theme, status or post."""
    from kubefollow.core import tracker

    # Up to tens of thousands of rows, none in a reference cycle, and the process ends
    # right after: the cycle collector would only walk them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        themes = tracker.resolve_theme_slugs(theme or [])
        statuses = [tracker.check_status(s) for s in status or []]
        shown = fmt in (ListFormat.table, ListFormat.markdown)
        rows = tracker.list_items(
            db_path(), themes, statuses, show_all, source, sort.value,
            with_sources=fmt is ListFormat.json,
            fields=[c.key for c in list_columns()] if shown else None,
        )  # fmt: skip
        what = "items" if show_all or statuses else "open items"
        empty = f"No {what} match." if (themes or statuses or source) else f"No {what}."
        print_items(rows, fmt, empty)
    finally:
        if gc_was_enabled:
            gc.enable()


def _status_command(status: str, verb: str) -> Callable[..., None]:
    @handles_errors
    def command(
        items: Annotated[
            list[str] | None,
            typer.Argument(
                help="Item ids or names (a unique prefix will do).",
                show_default=False,
                autocompletion=complete_item,
            ),
        ] = None,
    ) -> None:
        from kubefollow.core import tracker

        refs = items or _choose_item(verb)
        for change in tracker.change_status(db_path(), refs, status):
            label = f"#{change.id} {one_line(change.name)}"
            if change.changed:
                say(f"{label}: {change.old} -> {change.new}")
            else:
                say(f"{label} is already {change.new}")

    command.__doc__ = f"Mark items {verb}."
    return command


def _choose_item(verb: str) -> list[str]:
    """No ITEM given: offer a numbered choice of open items on a terminal."""
    from kubefollow.core import tracker

    if not sys.stdin.isatty():
        raise UsageError(f"name the items to mark {verb} (ids or names)")
    items = tracker.open_items(db_path())
    if not items:
        raise KubefollowError("no open items")
    for n, item in enumerate(items, 1):
        say(f"{n:>3}. #{item['id']} {one_line(item['name'])} ({item['theme']}, {item['status']})")
    choice = typer.prompt("Which one (number)", type=int, err=True)
    if not 1 <= choice <= len(items):
        raise UsageError(f"choose a number from 1 to {len(items)}")
    return [str(items[choice - 1]["id"])]


app.command("done")(_status_command("done", "done"))
app.command("start")(_status_command("doing", "as doing"))
app.command("reopen")(_status_command("todo", "as todo again"))
app.command("drop")(_status_command("dropped", "as dropped (won't do)"))


@app.command("show")
@handles_errors
def show_command(
    item: Annotated[str, typer.Argument(help="Item id or name.", autocompletion=complete_item)],
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.text
    ),
) -> None:
    """Everything about one item: links, themes, the posts and sentences, notes, history."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render
    from kubefollow.output import views

    detail = tracker.show_item(db_path(), item)
    write(render.to_json(detail) if fmt is ShowFormat.json else views.item_card(detail))


@app.command("themes")
@handles_errors
def themes_command(
    themes_file: Annotated[
        Path | None,
        typer.Option("--themes", help="A TOML file of extra themes or keywords.", dir_okay=False),
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table
    ),
) -> None:
    """The themes items are filed under, with their item counts and keywords."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render

    rows = tracker.theme_list(themes_file, db_path())
    columns = [render.Column("Theme", "slug"), render.Column("Title", "title"),
               render.Column("Items", "items"), render.Column("Open", "open"),
               render.Column("Keywords", "keywords", 10, shrinkable=True)]  # fmt: skip
    _print_rows(rows, columns, fmt, "No themes.")


def _print_rows(
    rows: list[dict[str, Any]], columns: list[Any], fmt: ListFormat, empty: str
) -> None:
    from kubefollow.output import table as render

    if fmt is ListFormat.json:
        write(render.to_json(rows))
    elif fmt is ListFormat.csv:
        write(render.to_csv(rows, [c.key for c in columns]))
    elif fmt is ListFormat.markdown:
        write(render.to_markdown_table(columns, rows))
    elif not rows:
        say(empty)
    else:
        tty = stdout_is_tty()
        write(render.render_table(columns, rows, boxed=tty, color=render.use_color(tty),
                                  width=_terminal_width() if tty else None))  # fmt: skip


@app.command("status")
@handles_errors
def status_command() -> None:
    """The dashboard: progress per theme and per post."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render
    from kubefollow.output import views

    themes, posts = tracker.dashboard(db_path())
    if not themes:
        say("No items yet: run `kubefollow ingest`.")
        return
    titles = tracker.theme_titles()
    tty = stdout_is_tty()
    write(views.dashboard_text(themes, posts, titles, tty, render.use_color(tty)))


@app.command("note")
@handles_errors
def note_command(
    item: Annotated[str, typer.Argument(help="Item id or name.", autocompletion=complete_item)],
    text: Annotated[str, typer.Argument(help="The note.")],
) -> None:
    """Add a dated note to an item."""
    from kubefollow.core import tracker

    found, _ = tracker.note_item(db_path(), item, text)
    say(f"Noted on #{found['id']} {one_line(found['name'])}.")


@app.command("add")
@handles_errors
def add_command(
    name: Annotated[str, typer.Argument(help="The project's name.")],
    url: Annotated[str | None, typer.Option("--url", help="Its link.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="Its theme.", autocompletion=complete_theme)
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="adopt, evaluate, watch or read.")
    ] = None,
) -> None:
    """Add an item by hand."""
    from kubefollow.core import tracker

    item_id = tracker.add_item(db_path(), name, url, theme, action)
    write(f"{item_id}\n")
    say(f"Added #{item_id} {one_line(name)}.")


@app.command("edit")
@handles_errors
def edit_command(
    item: Annotated[str, typer.Argument(help="Item id or name.", autocompletion=complete_item)],
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="New theme.", autocompletion=complete_theme)
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="adopt, evaluate, watch, read or none.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="New link.")] = None,
) -> None:
    """Correct what extraction got wrong; a later ingest never reverts an edit."""
    from kubefollow.core import tracker

    fields = {"name": name, "theme": theme, "action": action, "url": url}
    item_id, old = tracker.edit_item(db_path(), item, fields)
    for key, before in old.items():
        say(f"#{item_id} {key}: {one_line(str(before))} -> {one_line(str(fields[key]))}")


@app.command("history")
@handles_errors
def history_command(
    item: Annotated[
        str | None,
        typer.Argument(help="Only this item's changes.", autocompletion=complete_item),
    ] = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.text
    ),
) -> None:
    """Every change, newest first: ingests, statuses, notes, adds, edits, imports."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render
    from kubefollow.output import views

    found, rows = tracker.history(db_path(), item)
    if fmt is ShowFormat.json:
        write(render.to_json(rows))
    elif not rows:
        say("No history yet.")
    elif found is not None:
        write("".join(views.describe_event(r) + "\n" for r in rows))
    else:
        write(views.history_table(rows, stdout_is_tty()))


@app.command("undo")
@handles_errors
def undo_command() -> None:
    """Revert the most recent command as one step (again: the one before)."""
    from kubefollow.core import tracker

    undone = tracker.undo(db_path())
    say(f"Undid #{undone.command_id} {undone.name} of {undone.at[:16].replace('T', ' ')}: "
        f"{one_line(undone.summary)} ({undone.changes} change(s)).")  # fmt: skip


@app.command("search")
@handles_errors
def search_command(
    query: Annotated[str, typer.Argument(help="Words to find in names, quotes and notes.")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table
    ),
) -> None:
    """Full-text search over item names, the sentences quoted from posts, and notes."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render

    rows = tracker.search(db_path(), query)
    columns = [render.Column("ID", "id"), render.Column("Project", "name", 8, shrinkable=True),
               render.Column("Theme", "theme"), render.Column("Status", "status"),
               render.Column("In", "field"),
               render.Column("Match", "match", 12, shrinkable=True)]  # fmt: skip
    _print_rows(rows, columns, fmt, f"Nothing matches {one_line(query)!r}.")


@app.command("export")
@handles_errors
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFormat.json
    ),
) -> None:
    """The whole store to stdout: json (for import), csv, or a markdown checklist."""
    from kubefollow.core import tracker
    from kubefollow.output import table as render

    data = tracker.export_all(db_path())
    if fmt is ExportFormat.json:
        write(render.to_json(data))
        return
    rows = data["items"]
    if fmt is ExportFormat.csv:
        for row in rows:
            row["sources"] = [m["post"] for m in row["mentions"]]
        fields = ["id", "name", "url", "homepage", "category", "theme", "themes", "status",
                  "action", "quote", "sources"]  # fmt: skip
        write(render.to_csv(rows, fields))
    else:
        write(render.markdown_checklist(rows, tracker.theme_titles()))


@app.command("import")
@handles_errors
def import_command(
    file: Annotated[
        str, typer.Argument(help="A JSON export (from `kubefollow export`); - for stdin.")
    ],
) -> None:
    """Read a JSON export; importing the same file twice changes nothing."""
    from kubefollow.core import tracker

    report = tracker.import_file(db_path(), file)
    say(f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged.")  # fmt: skip


@app.command("path")
@handles_errors
def path_command() -> None:
    """Print where the store is (for sqlite-utils, Datasette, backups)."""
    write(f"{db_path()}\n")


def main() -> None:
    # What is loaded by now (typer, click, this module) lives until the process ends: moved
    # out of the cycle collector's sight, it is not walked again, not even at exit (several
    # ms of every command). Only here, for the program, not when the module is imported.
    gc.freeze()
    app(prog_name="kubefollow")


if _GC_WAS_ENABLED:
    gc.enable()
