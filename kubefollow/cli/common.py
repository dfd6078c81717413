"""What every command module shares: the store path from the context, messages on stderr,
data on stdout, and the error edge (the core's KubefollowError -> one line, an exit code)."""

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from kubefollow.errors import KubefollowError
from kubefollow.text import one_line, strip_controls

if TYPE_CHECKING:
    from kubefollow.output.terminal import Terminal

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    """The global options, as the root callback puts them in the context (ctx.obj).
    (A plain class: a dataclass costs a millisecond of every start.)"""

    __slots__ = ("db",)

    def __init__(self, db: str | None = None) -> None:
        self.db = db


def db_path(ctx: typer.Context) -> Path:
    """The store: --db (or KUBEFOLLOW_DB), else the default in the user data directory."""
    from kubefollow.paths import default_db_path

    settings = ctx.find_object(Settings)
    # Shell completion runs no callback: then the root's parsed --db is read directly.
    given = settings.db if settings is not None else ctx.find_root().params.get("db")
    if given is None:
        return default_db_path()
    if not str(given).strip():
        from kubefollow.errors import UsageError

        raise UsageError("--db (or KUBEFOLLOW_DB) is empty: give the store's file path")
    # As a shell would have it (`~/x.db` is in the home directory), and absolute: what
    # `kubefollow path` prints works from any directory.
    return Path(given).expanduser().absolute()


def say(message: str) -> None:
    """A message for the user, on stderr, cleaned of controls."""
    typer.echo(strip_controls(message), err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    say(f"kubefollow: error: {one_line(message)}")
    return typer.Exit(code)


def handles_errors(func: F) -> F:
    """The core's exceptions become one line on stderr and an exit code: no tracebacks.
    (SQLite's errors reach here as the core's StoreError: the store converts them.)"""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KubefollowError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def terminal() -> "Terminal":
    """What stdout is (a terminal and its width, or not): worked out once per command."""
    from kubefollow.output.terminal import Terminal

    return Terminal.detect()
