"""The README's examples are real output: every fenced block right after a
`<!-- output checked by tests/test_readme_examples.py -->` line is a session of
`$ kubefollow ...` commands, run here in order on a fresh store (in a directory holding the
bundled post as kubecon-eu-2025.md and the posts of docs/examples/), each followed by exactly
what it prints: its stdout, then its stderr, as they appear on a terminal that is not one
(plain text). Times (local, in Europe/Paris here) are compared as a placeholder: the README's
are when it was written."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from helpers import BUNDLED, cli

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = README.parent / "docs" / "examples"
MARKER = "<!-- output checked by tests/test_readme_examples.py -->"
WHEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")


def sessions() -> list[list[tuple[str, list[str]]]]:
    """Each checked block: its commands and the lines each prints."""
    text = README.read_text(encoding="utf-8")
    found = []
    for block in re.findall(re.escape(MARKER) + r"\n```[a-z]*\n(.*?)```", text, re.S):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        found.append(steps)
    return found


def test_the_readme_has_checked_examples() -> None:
    assert len(sessions()) >= 1


@pytest.mark.parametrize("number", range(len(sessions())))
def test_readme_example_is_real_output(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paris: None
) -> None:
    shutil.copy(BUNDLED, tmp_path / "kubecon-eu-2025.md")
    for example in EXAMPLES.glob("*.md"):
        shutil.copy(example, tmp_path / example.name)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "store" / "kubefollow.db"
    for command, expected in sessions()[number]:
        words = shlex.split(command)
        assert words[0] == "kubefollow"
        result = cli(*words[1:], db=db)
        printed = (result.stdout + result.stderr).splitlines()
        got = [WHEN.sub("<when>", line.rstrip()) for line in printed]
        assert got == [WHEN.sub("<when>", line) for line in expected], f"$ {command}"
