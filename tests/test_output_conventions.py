"""What every command prints: no escapes when piped or under NO_COLOR, JSON that parses,
and markup or escapes from posts and from hand-entered text printed literally, never
interpreted. (Control characters in every output path: test_output_clean.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import ESC, as_json, export, items_by_name, ok, sql, write_file
from typer.testing import Result

HOSTILE_POST = (
    "---\n"
    'title: "[bold]Hostile[/bold] notes"\n'
    "date: 2025-12-01\n"
    "---\n\n"
    "The [[red]Evil[/red] Mesh](https://evilmesh.dev/) booth had a service mesh "
    "banner.\n\n"
    "I keep an eye on the [\x1b[31mRed Scanner](https://redscanner.dev/) for "
    "security.\n"
)
EVIL = "[red]Evil[/red] Mesh"
HOSTILE_TITLE = "[bold]Hostile[/bold] notes"


@pytest.fixture
def hostile_post(tmp_path: Path) -> Path:
    return write_file(tmp_path / "hostile" / "hostile.md", HOSTILE_POST)


def _every_output(run: Invoke) -> list[tuple[str, Result]]:
    commands = [
        ["list"],
        ["list", "--all"],
        ["list", "-a", "-f", "json"],
        ["list", "-a", "-f", "csv"],
        ["list", "-a", "-f", "markdown"],
        ["show", "1"],
        ["show", "1", "-f", "json"],
        ["status"],
        ["history"],
        ["history", "1"],
        ["history", "-f", "json"],
        ["search", "mesh"],
        ["search", "mesh", "-f", "json"],
        ["export"],
        ["export", "-f", "csv"],
        ["export", "-f", "markdown"],
        ["themes"],
        ["themes", "-f", "json"],
    ]
    return [(" ".join(c), ok(run(*c))) for c in commands]


def _assert_no_escapes(outputs: list[tuple[str, Result]]) -> None:
    for label, result in outputs:
        assert ESC not in result.stdout, label
        assert ESC not in result.stderr, label


def test_no_escapes_when_piped_or_no_color(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("note", "kueue", "note"))
    ok(invoke("search", "x"))
    _assert_no_escapes(_every_output(invoke))
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    outputs = _every_output(invoke)
    _assert_no_escapes(outputs)
    assert "┃" in dict(outputs)["list"].stdout  # really the terminal rendering


def test_json_outputs_parse(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("note", "kueue", 'quotes " and \\ backslashes'))
    for args in (
        ["list", "-f", "json"],
        ["list", "-a", "-f", "json"],
        ["show", "kueue", "-f", "json"],
        ["history", "-f", "json"],
        ["history", "kueue", "-f", "json"],
        ["search", "kueue", "-f", "json"],
        ["export"],
        ["export", "-f", "json"],
        ["themes", "-f", "json"],
    ):
        assert isinstance(as_json(invoke(*args)), (list, dict)), args


def test_json_outputs_parse_on_an_empty_store(invoke: Invoke) -> None:
    assert as_json(invoke("list", "-f", "json")) == []
    assert as_json(invoke("history", "-f", "json")) == []
    assert as_json(invoke("search", "x", "-f", "json")) == []
    assert as_json(invoke("export"))["items"] == []


def test_markup_and_escapes_from_posts_are_printed_literally(
    invoke: Invoke, hostile_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest = ok(invoke("ingest", hostile_post))
    assert EVIL in ingest.stdout
    assert ESC not in ingest.stdout + ingest.stderr
    evil = items_by_name()[EVIL]
    ok(invoke("done", str(evil["id"])))
    ok(invoke("note", str(evil["id"]), "[blink]careful[/blink] \x1b[2J"))

    def check(outputs: list[tuple[str, Result]]) -> None:
        _assert_no_escapes(outputs)
        got = dict(outputs)
        for label in (
            "list --all",
            "list -a -f json",
            "list -a -f csv",
            "show 1",
            "show 1 -f json",
            "history",
            "search mesh",
            "search mesh -f json",
            "export",
            "export -f csv",
        ):
            assert EVIL in got[label].stdout, label
        for label in ("status", "list --all", "history"):
            assert HOSTILE_TITLE in got[label].stdout, label
        assert "[blink]careful[/blink]" in got["show 1"].stdout
        # markdown output escapes the brackets instead
        assert r"\[red\]Evil\[/red\] Mesh" in got["export -f markdown"].stdout
        assert r"\[red\]Evil\[/red\] Mesh" in got["list -a -f markdown"].stdout
        assert "Red Scanner" in got["list --all"].stdout

    check(_every_output(invoke))
    with monkeypatch.context() as patched:
        patched.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
        patched.setenv("NO_COLOR", "1")

        def wide(*args: str) -> Result:  # wide enough that no cell is cut with an ellipsis
            return invoke(*args, env={"COLUMNS": "250"})

        check(_every_output(wide))
    # messages on stderr print names literally too
    msg = ok(invoke("reopen", "1"))
    assert EVIL in msg.stderr and ESC not in msg.stderr
    undo = ok(invoke("undo"))
    assert ESC not in undo.stderr


def test_hand_entered_text_is_stripped_of_escapes(invoke: Invoke) -> None:
    ok(invoke("add", "\x1b[31mRed\x1b[0m [b]Thing[/b]"))
    ok(invoke("edit", "1", "--name", "\x1b]0;title\x07[b]Thing[/b] two"))
    for _label, result in _every_output(invoke):
        assert ESC not in result.stdout + result.stderr
        assert "\x07" not in result.stdout + result.stderr
    assert "[b]Thing[/b] two" in ok(invoke("list")).stdout


def test_markdown_export_strips_escapes_from_urls(invoke: Invoke, db: Path) -> None:
    refused = invoke("add", "Sneaky", "--url", "https://sneaky.example.org/\x1b[2J")
    assert refused.exit_code == 2
    assert "control characters" in refused.stderr
    ok(invoke("add", "Sneaky", "--url", "https://sneaky.example.org/"))
    # a link that bypassed the check, as an old store might hold
    sql(db, "UPDATE items SET url = ? WHERE name = 'Sneaky'", ("https://s.org/\x1b[2J",))
    out = ok(invoke("export", "--format", "markdown")).stdout
    assert "Sneaky" in out
    assert ESC not in out


def test_markdown_export_strips_escapes_from_imported_themes(
    invoke: Invoke, tmp_path: Path
) -> None:
    ok(invoke("add", "Thing"))
    data = export()
    data["items"][0]["theme"] = "\x1b[31mevil"
    dump = tmp_path / "evil.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(invoke("import", dump, db=fresh))
    out = ok(invoke("export", "--format", "markdown", db=fresh)).stdout
    assert ESC not in out


# --- wording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [
        (0, "post", "0 posts"),
        (1, "post", "1 post"),
        (12, "new item", "12 new items"),
        (1, "new item", "1 new item"),
        (3, "entry", "3 entries"),
        (2, "match", "2 matches"),
        (2, "mouse", "2 mice"),
    ],
)
def test_plural(count: int, word: str, said: str) -> None:
    from kubefollow.text import plural

    assert plural(count, word, "mice" if word == "mouse" else None) == said


def test_no_message_says_s_in_parentheses(invoke: Invoke) -> None:
    """Counts are printed in the singular or the plural, never "item(s)"."""
    root = Path(__file__).resolve().parents[1] / "kubefollow"
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "(s)" in line
        and "http(s)" not in line
        and "(s)" in line.split("#")[0]
        and any(q in line for q in ('"', "'"))
        and any(f"{w}(s)" in line for w in ("item", "post", "change", "row", "match", "file"))
    ]
    assert offenders == []
    result = ok(invoke("ingest"))
    assert "1 post added" in result.stderr and "12 new items." in result.stderr
    assert "(s)" not in result.stderr
