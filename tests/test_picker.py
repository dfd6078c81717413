"""The picker: `done`, `start`, `reopen` and `drop` with no ITEM on a terminal offer the
items the command can change, by their ids; driven through a real pseudo-terminal.

The bundled post gives ids 1..12: 1 Kueue, 2 JobSet, 3 kjob, ..."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import PTY_TIMEOUT, cli, ok, sql, status_of

pexpect = pytest.importorskip("pexpect")

PROMPT = r"\(its id; empty to cancel\)"


@pytest.fixture
def pick(script: str, bundled_store: Path) -> Iterator[Callable[[str], Any]]:
    children: list[Any] = []

    def start(command: str) -> Any:
        env = {**os.environ, "KUBEFOLLOW_DB": str(bundled_store), "COLUMNS": "120"}
        child = pexpect.spawn(script, [command], env=env, encoding="utf-8", timeout=PTY_TIMEOUT)
        children.append(child)
        child.expect(PROMPT)
        return child

    yield start
    for child in children:
        child.close(force=True)


def finish(child: Any) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    out = str(child.before)
    child.close()
    assert "Traceback" not in out
    return out, int(child.exitstatus)


def offered(text: str) -> list[int]:
    """The ids the picker listed, in order."""
    return [int(line.split()[0]) for line in text.splitlines() if line.strip()[:1].isdigit()]


def test_the_typed_number_is_the_item_id(pick: Any, bundled_store: Path) -> None:
    child = pick("done")
    assert offered(child.before)[:3] == [1, 2, 3]
    ok(cli("done", "1", db=bundled_store))  # not offered again below, but the id is kept
    child.sendline("3")
    out, code = finish(child)
    assert code == 0, out
    assert status_of("kjob", db=bundled_store) == "done"  # item #3, not the third row
    assert status_of("JobSet", db=bundled_store) == "todo"


def test_reopen_offers_done_and_dropped_items_only(pick: Any, bundled_store: Path) -> None:
    ok(cli("done", "2", db=bundled_store))
    ok(cli("drop", "4", db=bundled_store))
    child = pick("reopen")
    assert offered(child.before) == [2, 4]
    child.sendline("2")
    out, code = finish(child)
    assert code == 0, out
    assert status_of("JobSet", db=bundled_store) == "todo"


def test_start_does_not_offer_items_already_doing(pick: Any, bundled_store: Path) -> None:
    ok(cli("start", "5", db=bundled_store))
    child = pick("start")
    ids = offered(child.before)
    assert 5 not in ids and 1 in ids


def test_a_wrong_answer_asks_again(pick: Any, bundled_store: Path) -> None:
    child = pick("done")
    for wrong in ("99", "abc"):
        child.sendline(wrong)
        child.expect("none of the ids above")
        child.expect(PROMPT)
    child.sendline("Kueue")  # a name offered is fine too
    out, code = finish(child)
    assert code == 0, out
    assert status_of("Kueue", db=bundled_store) == "done"


def test_an_empty_answer_cancels_and_writes_nothing(pick: Any, bundled_store: Path) -> None:
    before = sql(bundled_store, "SELECT count(*) FROM commands")
    child = pick("drop")
    child.sendline("")
    out, code = finish(child)
    assert code == 1 and "cancelled" in out
    assert sql(bundled_store, "SELECT count(*) FROM commands") == before


def test_without_a_terminal_an_item_must_be_named(bundled_store: Path) -> None:
    result = cli("done", db=bundled_store)
    assert result.exit_code == 2
    assert "name the items" in result.stderr
