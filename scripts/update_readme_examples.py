"""Rewrite the README's checked example blocks with real output (see
tests/test_readme_examples.py, which fails when they drift): each `$ kubefollow ...` line
is run in order on a fresh store, in a directory holding the bundled post as
kubecon-eu-2025.md and the posts of docs/examples/, and followed by what it prints (stdout,
then stderr, plain text), in Europe/Paris time, as the test runs them.

    python scripts/update_readme_examples.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from kubefollow.cli import app
from kubefollow.paths import bundled_post

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = "<!-- output checked by tests/test_readme_examples.py -->"


def run_session(commands: list[str]) -> list[str]:
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(bundled_post(), Path(tmp) / "kubecon-eu-2025.md")
        for example in (README.parent / "docs" / "examples").glob("*.md"):
            shutil.copy(example, Path(tmp) / example.name)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            runner = CliRunner()
            db = str(Path(tmp) / "store" / "kubefollow.db")
            for command in commands:
                words = shlex.split(command)
                result = runner.invoke(app, ["--db", db, *words[1:]], env={"COLUMNS": "120"})
                out.append(f"$ {command}")
                out.extend(line.rstrip() for line in (result.stdout + result.stderr).splitlines())
        finally:
            os.chdir(cwd)
    return out


def main() -> int:
    os.environ["TZ"] = "Europe/Paris"  # as tests/test_readme_examples.py runs them
    time.tzset()
    text = README.read_text(encoding="utf-8")

    def redo(match: re.Match[str]) -> str:
        commands = [line[2:] for line in match[2].splitlines() if line.startswith("$ ")]
        return f"{match[1]}" + "\n".join(run_session(commands)) + "\n```"

    new = re.sub(re.escape(MARKER) + r"(\n```[a-z]*\n)(.*?)```", lambda m: MARKER + redo(m), text,
                 flags=re.S)  # fmt: skip
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: examples updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
