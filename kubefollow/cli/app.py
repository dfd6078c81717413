"""The Typer app: global options, --version, and every command, registered in one place
with the error edge (the core's KubefollowError -> one stderr line and exit code 1 or 2).

The commands live by group in cli/ingest.py, cli/items.py, cli/reading.py and
cli/transfer.py; they parse, call the core and print through output/. Data goes to
stdout, messages and errors to stderr. Heavy modules are imported inside the commands
that need them, so `kubefollow list` starts fast.
"""

# ruff: noqa: E402  (the cycle collector is paused before the imports below)
import gc

# Importing typer creates tens of thousands of long-lived objects and no garbage: the cycle
# collector would only walk them again and again (a few ms of each start). Back on at the
# end of this module.
_GC_WAS_ENABLED = gc.isenabled()
gc.disable()

from collections.abc import Callable
from typing import Annotated, Any

import typer

from kubefollow import __version__
from kubefollow.cli import ingest, items, radar, reading, report, review, transfer, triage
from kubefollow.cli.common import Settings, handles_errors

app = typer.Typer(
    name="kubefollow",
    help="Follow up on the projects a conference trip report links to.",
    # Help fills the terminal's width (Click measures it when help is asked for; its
    # default stops at 80 columns), up to a width still comfortable to read.
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 200},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kubefollow {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KUBEFOLLOW_DB",
            help="The SQLite store to use [default: kubefollow.db in the user data directory].",
            metavar="PATH",
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
    ctx.obj = Settings(db=db)


COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("ingest", ingest.ingest_command),
    ("list", reading.list_command),
    ("done", items.status_command("done", "done")),
    ("start", items.status_command("doing", "as doing")),
    ("reopen", items.status_command("todo", "as todo again")),
    ("drop", items.status_command("dropped", "as dropped (won't do)")),
    ("show", reading.show_command),
    ("open", items.open_command),
    ("themes", reading.themes_command),
    ("status", reading.status_command),
    ("note", items.note_command),
    ("add", items.add_command),
    ("edit", items.edit_command),
    ("history", reading.history_command),
    ("report", report.report_command),
    ("undo", items.undo_command),
    ("review", review.review_command),
    ("merge", triage.merge_command),
    ("forget", triage.forget_command),
    ("rules", triage.rules_command),
    ("search", reading.search_command),
    ("radar", radar.radar_command),
    ("export", transfer.export_command),
    ("import", transfer.import_command),
    ("path", transfer.path_command),
]
for _name, _command in COMMANDS:
    app.command(_name)(handles_errors(_command))


def main() -> None:
    # What is loaded by now (typer, click, this module) lives until the process ends: moved
    # out of the cycle collector's sight, it is not walked again, not even at exit (several
    # ms of every command). Only here, for the program, not when the module is imported.
    gc.freeze()
    app(prog_name="kubefollow")


if _GC_WAS_ENABLED:
    gc.enable()
