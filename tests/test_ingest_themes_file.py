"""`ingest --themes FILE`: the file's themes stay known to the store (list --theme, edit
--theme, themes, status, completion) without the file; a malformed file is a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli, fails_cleanly, listed, names, ok, write_file

THEMES = '[themes.finops]\ntitle = "FinOps"\nkeywords = ["cost", "finops"]\n'
POST = "# Cost\n\nOur cost work uses [Zorblax](https://zorblax.example.dev/) daily.\n"


@pytest.fixture
def with_own_theme(db: Path, tmp_path: Path) -> Path:
    themes = write_file(tmp_path / "mine.toml", THEMES)
    ok(cli("ingest", "--themes", themes, write_file(tmp_path / "p.md", POST), db=db))
    return db


def test_items_filed_under_a_file_theme_stay_listable(with_own_theme: Path) -> None:
    assert names(listed("--theme", "finops", db=with_own_theme)) == ["Zorblax"]
    assert names(listed("--theme", "FinOps", db=with_own_theme)) == ["Zorblax"]


def test_the_theme_is_listed_and_titled(with_own_theme: Path) -> None:
    themes = ok(cli("themes", "--format", "json", db=with_own_theme)).stdout
    assert '"slug": "finops"' in themes and '"title": "FinOps"' in themes
    assert "FinOps" in ok(cli("status", db=with_own_theme)).stdout


def test_edit_and_add_accept_the_theme(with_own_theme: Path) -> None:
    ok(cli("add", "Other Thing", "--theme", "finops", db=with_own_theme))
    ok(cli("edit", "Zorblax", "--theme", "observability", db=with_own_theme))
    ok(cli("edit", "Zorblax", "--theme", "finops", db=with_own_theme))
    assert len(listed("--theme", "finops", db=with_own_theme)) == 2


def test_a_theme_no_store_knows_is_still_refused(with_own_theme: Path) -> None:
    result = fails_cleanly(cli("list", "--theme", "nope", db=with_own_theme), 2)
    assert "finops" in result.stderr  # the known themes are listed, the file's among them


@pytest.mark.parametrize(
    "bad",
    [
        '[themes.x]\ntitle = "X"\nkeywords = 5\n',
        '[themes.x]\ntitle = 5\nkeywords = ["a"]\n',
        '[themes.x]\nkeywords = ["a", 3]\n',
        "[themes]\nx = 1\n",
        "themes = 3\n",
    ],
)
def test_a_malformed_themes_file_is_a_usage_error(db: Path, tmp_path: Path, bad: str) -> None:
    themes = write_file(tmp_path / "bad.toml", bad)
    result = fails_cleanly(cli("ingest", "--themes", themes, db=db), 2)
    assert "theme" in result.stderr
    assert not db.exists()
