"""The command line: the Typer app (app.py) and one module per command group; each
command parses its options, calls the core and prints through output/."""

from kubefollow.cli.app import app, main

__all__ = ["app", "main"]
