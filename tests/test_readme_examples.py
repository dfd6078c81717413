"""The README's examples are real output: each block marked as checked is run, command by
command, on a fresh store, and must print what the README shows (times aside)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import cli

README = Path(__file__).resolve().parents[1] / "README.md"
MARK = "<!-- example: checked"
WHEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")


def checked_blocks() -> list[list[tuple[str, str]]]:
    """Each checked block: (command, what it prints) in order."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for part in text.split(MARK)[1:]:
        body = part.split("```", 2)[1].split("\n", 1)[1]
        steps: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        blocks.append([(cmd, "".join(f"{out}\n" for out in lines)) for cmd, lines in steps])
    return blocks


def test_there_are_checked_examples() -> None:
    assert checked_blocks() and all(checked_blocks())


@pytest.mark.parametrize("block", range(len(checked_blocks())))
def test_readme_example(block: int, db: Path, paris: None) -> None:
    for command, shown in checked_blocks()[block]:
        args = command.split()
        assert args[0] == "kubefollow"
        result = cli(*args[1:])
        assert result.exit_code == 0, (command, result.stderr)
        got = result.stdout + result.stderr
        assert WHEN.sub("<when>", got) == WHEN.sub("<when>", shown), command
