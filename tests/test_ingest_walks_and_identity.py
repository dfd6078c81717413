"""What `ingest` takes from a directory (not dependencies, hidden folders or a site's
themes; an error when there is nothing), what it calls an untitled page bundle, a post at a
second path (the same post), front-matter dates that are not dates, and --max-size units."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli, fails_cleanly, ok, sql, write_file

POST = "# Notes\n\nBatch: [Zorblax](https://zorblax.example.dev/) is great.\n"
NOISE = "# Readme\n\nSee [lodash](https://lodash.com/) and [npm](https://www.npmjs.com/).\n"


def post_paths(db: Path) -> list[str]:
    return [r[0] for r in sql(db, "SELECT path FROM posts ORDER BY id")]


def test_a_walk_skips_dependencies_hidden_folders_and_site_themes(db: Path, tmp_path: Path) -> None:
    site = tmp_path / "blog"
    write_file(site / "hugo.toml", 'title = "blog"\n')
    write_file(site / "content" / "posts" / "recap.md", POST)
    write_file(site / "node_modules" / "lodash" / "README.md", NOISE)
    write_file(site / ".github" / "notes.md", NOISE)
    write_file(site / "themes" / "paper" / "exampleSite" / "post.md", NOISE)
    ok(cli("ingest", site, db=db))
    assert [Path(p).name for p in post_paths(db)] == ["recap.md"]
    assert [r[0] for r in sql(db, "SELECT name FROM items")] == ["Zorblax"]


def test_a_themes_folder_outside_a_site_is_entered(db: Path, tmp_path: Path) -> None:
    write_file(tmp_path / "notes" / "themes" / "batch.md", POST)
    ok(cli("ingest", tmp_path / "notes", db=db))
    assert len(post_paths(db)) == 1


def test_a_directory_without_markdown_is_an_error(db: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write_file(tmp_path / "empty" / "node_modules" / "x.md", NOISE)  # skipped: still none
    result = fails_cleanly(cli("ingest", tmp_path / "empty", db=db))
    assert "no Markdown files" in result.stderr
    assert not db.exists()


def test_an_untitled_page_bundle_is_named_for_its_folder(db: Path, tmp_path: Path) -> None:
    text = "Batch: [Zorblax](https://zorblax.example.dev/) is great.\n"
    write_file(tmp_path / "posts" / "kubecon-recap" / "index.md", text)
    ok(cli("ingest", tmp_path / "posts", db=db))
    assert sql(db, "SELECT title FROM posts") == [("kubecon-recap",)]


def test_the_same_content_at_a_second_path_is_the_same_post(db: Path, tmp_path: Path) -> None:
    first = write_file(tmp_path / "a" / "post.md", POST)
    copy = write_file(tmp_path / "b" / "post.md", POST)
    ok(cli("ingest", first, db=db))
    result = ok(cli("ingest", copy, db=db))
    assert "the same post as" in result.stderr
    assert post_paths(db) == [str(first.resolve())]
    assert sql(db, "SELECT count(*) FROM mentions") == [(1,)]


def test_a_moved_post_keeps_its_items_under_the_new_path(db: Path, tmp_path: Path) -> None:
    old = write_file(tmp_path / "old" / "post.md", POST)
    ok(cli("ingest", old, db=db))
    ok(cli("done", "Zorblax", db=db))
    new = tmp_path / "new" / "post.md"
    new.parent.mkdir()
    old.rename(new)
    result = ok(cli("ingest", new, db=db))
    assert "moved here" in result.stderr
    assert post_paths(db) == [str(new.resolve())]
    assert sql(db, "SELECT name, status FROM items") == [("Zorblax", "done")]
    ok(cli("undo", db=db))  # the move is one undo step
    assert post_paths(db) == [str(old.resolve())]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("not-a-date", None),
        ("2025-04-03", "2025-04-03"),
        ("2025/04/03", "2025-04-03"),
        ("3 April 2025", "2025-04-03"),
        ("April 3, 2025", "2025-04-03"),
        ('"2025-04-03T10:00:00Z"', "2025-04-03"),
    ],
)
def test_front_matter_dates(db: Path, tmp_path: Path, given: str, stored: str | None) -> None:
    post = write_file(tmp_path / "p.md", f"---\ntitle: T\ndate: {given}\n---\n\n{POST}")
    ok(cli("ingest", post, db=db))
    assert sql(db, "SELECT date FROM posts") == [(stored,)]


@pytest.mark.parametrize(("size", "fits"), [("1KB", False), ("1MB", True), ("2 KiB", True)])
def test_max_size_takes_units(db: Path, tmp_path: Path, size: str, fits: bool) -> None:
    post = write_file(tmp_path / "p.md", POST + "x" * 1500 + "\n")
    result = cli("ingest", "--max-size", size, post, db=db)
    assert (result.exit_code == 0) is fits, result.stderr


@pytest.mark.parametrize("size", ["ten", "10XB", "0", "-5"])
def test_a_max_size_that_is_no_size_is_a_usage_error(db: Path, size: str) -> None:
    result = fails_cleanly(cli("ingest", "--max-size", size, db=db), 2)
    assert "--max-size" in result.stderr
