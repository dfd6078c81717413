"""The command line: Typer commands that parse, call the core and print."""

from kubefollow.cli.commands import app, main

__all__ = ["app", "main"]
