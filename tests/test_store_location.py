"""Where the store is (--db, KUBEFOLLOW_DB, the user data dir; `path`) and what happens
when that place is not a kubefollow store: refused with one line, left untouched."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import platformdirs
import pytest
from conftest import BUNDLED, Invoke
from helpers import (
    BUNDLED_NAMES,
    assert_no_traceback,
    cli,
    error_lines,
    file_state,
    listed,
    names,
    ok,
    one_error_naming,
    sql,
)


def test_db_option_overrides_env(invoke: Invoke, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "other.db"
    result = invoke("--db", str(other), "ingest")
    assert result.exit_code == 0, result.stderr
    assert other.is_file()
    assert not db.exists()
    with_option = json.loads(invoke("--db", str(other), "list", "--format", "json").stdout)
    assert names(with_option) == BUNDLED_NAMES
    assert json.loads(invoke("list", "--format", "json").stdout) == []


def test_env_var_selects_store(invoke: Invoke, db: Path) -> None:
    assert invoke("ingest").exit_code == 0
    assert db.is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG do not steer Windows dirs")
def test_default_store_in_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kubefollow.paths import default_db_path

    home = tmp_path / "home"
    monkeypatch.delenv("KUBEFOLLOW_DB", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    expected = platformdirs.user_data_path("kubefollow", appauthor=False) / "kubefollow.db"
    assert default_db_path() == expected
    assert default_db_path().is_relative_to(home)
    result = cli("ingest")
    assert result.exit_code == 0, result.stderr
    assert expected.is_file()


def test_path_from_env_and_option(invoke: Invoke, db: Path, tmp_path: Path) -> None:
    assert ok(invoke("path")).stdout == f"{db}\n"
    other = tmp_path / "elsewhere" / "x.db"
    assert ok(invoke("--db", other, "path")).stdout == f"{other}\n"
    assert not db.exists() and not other.exists()  # path creates nothing


def test_db_option_is_used_by_commands(invoke: Invoke, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(invoke("--db", other, "add", "Only There"))
    assert other.exists()
    assert [r["name"] for r in listed(db=other)] == ["Only There"]
    assert listed() == []


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["list"], ["done", "1"], ["export"]])
def test_db_that_is_not_sqlite_is_refused_untouched(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "notes.txt"
    db.write_bytes(b"hello world" * 100)
    result = cli(*args, db=db)
    one_error_naming(result, db, r"not (a|an) .*(store|database|SQLite)")
    assert db.read_bytes() == b"hello world" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_db_of_another_application_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    sql(db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    sql(db, "INSERT INTO photos (name) VALUES ('cat.jpg')")
    before = file_state(db)
    for args in (["ingest", str(BUNDLED)], ["list"]):
        result = cli(*args, db=db)
        one_error_naming(result, db, "not a kubefollow store")
        assert file_state(db) == before
    assert sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("photos",)]


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["add", "Thing"]])
def test_db_whose_parent_cannot_be_created(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("just a file\n")
    db = blocker / "sub" / "kf.db"
    result = cli(*args, db=db)
    assert result.exit_code == 1, result.stderr
    assert_no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 1 and "file.txt" in lines[0], result.stderr
    assert blocker.read_text() == "just a file\n"


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["list"], ["done", "1"]])
def test_db_that_is_a_directory(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "store.d"
    db.mkdir()
    result = cli(*args, db=db)
    one_error_naming(result, db, "directory")
    assert list(db.iterdir()) == []


def test_reading_an_existing_empty_file_leaves_it_empty(tmp_path: Path) -> None:
    from helpers import cli, ok

    empty = tmp_path / "empty.db"
    empty.touch()
    ok(cli("list", db=empty))
    ok(cli("status", db=empty))
    assert empty.stat().st_size == 0


def test_an_empty_db_option_is_a_usage_error(tmp_path: Path) -> None:
    from helpers import cli, fails_cleanly

    result = fails_cleanly(cli("--db", "", "list"), 2)
    assert "--db" in result.stderr and "directory" not in result.stderr


def test_db_paths_expand_the_home_directory_and_print_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import cli, ok

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert ok(cli("--db", "~/x.db", "path")).stdout.strip() == str(home / "x.db")
    assert ok(cli("--db", "rel.db", "path")).stdout.strip() == str(tmp_path / "rel.db")
    ok(cli("--db", "~/x.db", "add", "Zorblax"))
    assert (home / "x.db").is_file() and not (tmp_path / "~").exists()
