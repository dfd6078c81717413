"""Input ingest refuses: a missing file, not UTF-8, binary, broken or hostile front matter,
empty files; each with exactly one error line naming the file, nothing stored, and the
good posts of a directory still ingested. A property test: any bytes are ingested or
refused cleanly. (Size limits: test_ingest_size_limits.py.)"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from conftest import BUNDLED, Invoke
from helpers import (
    BUNDLED_COUNT,
    BUNDLED_NAMES,
    HANG_SECONDS,
    assert_no_traceback,
    cli,
    error_lines,
    fails_cleanly,
    items_by_name,
    listed,
    names,
    one_error_naming,
    snapshot,
)
from helpers_gen import write_posts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result


def test_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-post.md"
    result = invoke("ingest", str(missing))
    fails_cleanly(result, 1)
    assert "no-such-post.md" in result.stderr
    assert result.stdout == ""
    assert listed() == []


def test_missing_file_leaves_store_unchanged(
    invoke: Invoke, ingested: Result, tmp_path: Path
) -> None:
    assert invoke("done", "kueue").exit_code == 0
    before = snapshot()
    result = invoke("ingest", str(tmp_path / "no-such-post.md"))
    fails_cleanly(result, 1)
    assert "no-such-post.md" in result.stderr
    assert snapshot() == before


def test_not_utf8(invoke: Invoke, ingested: Result, tmp_path: Path) -> None:
    bad = tmp_path / "latin.md"
    bad.write_bytes(b"\xff\xfe bad")
    before = snapshot()
    result = invoke("ingest", str(bad))
    fails_cleanly(result, 1)
    assert "latin.md" in result.stderr
    assert "UTF-8" in result.stderr
    assert "line 1" in result.stderr
    assert result.stdout == ""
    assert snapshot() == before


def test_not_utf8_reports_the_right_line(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "third-line.md"
    bad.write_bytes(b"# ok\n\nfine [x](https://example.org/x) and \xe9 here\n")
    result = invoke("ingest", str(bad))
    fails_cleanly(result, 1)
    assert "UTF-8" in result.stderr
    assert "line 3" in result.stderr


def test_broken_yaml_front_matter(invoke: Invoke, ingested: Result, tmp_path: Path) -> None:
    broken = tmp_path / "broken-front.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    before = snapshot()
    result = invoke("ingest", str(broken))
    fails_cleanly(result, 1)
    assert "broken-front.md" in result.stderr
    assert result.stdout == ""
    assert snapshot() == before


def test_bad_file_among_good_ones(invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    result = invoke("ingest", str(BUNDLED), str(missing))
    assert result.exit_code == 1
    assert "gone.md" in result.stderr
    assert "1 failed" in result.stderr
    assert names(listed()) == BUNDLED_NAMES  # the good post still went in


def alias_bomb(levels: int, per_level: int) -> str:
    """YAML front matter in the billion-laughs shape: each level lists the previous one
    per_level times."""
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * per_level) + "]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * per_level) + "]")
    return (
        "---\n" + "\n".join(lines) + "\n---\n\n# Bomb\n\nSee [Kueue](https://kueue.sigs.k8s.io/).\n"
    )


BAD_INPUTS = {
    # name: (file bytes, or None for a missing path; regexes the error line must match)
    "missing": (None, ["no such file"]),
    "not-utf8": (b"# Title\n\nsome text \xff\xfe more\n", ["UTF-8", r"line 3", r"column 11"]),
    "binary": (b"# Title\n\n\x00\x01\x02\x03 binary\x00", ["binary"]),
    "bad-yaml": (b"---\ntitle: [unclosed\n---\n\n# Post\n", ["front matter", "YAML"]),
    "bad-toml": (b"+++\ntitle = \n+++\n\n# Post\n", ["front matter", "TOML"]),
    "yaml-list": (b"---\n- a\n- b\n---\n\n# Post\n", ["front matter", "mapping"]),
    "many-aliases": (alias_bomb(12, 12).encode(), ["front matter", "alias"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_refused_with_one_line_and_nothing_stored(
    bundled_store: Path, tmp_path: Path, case: str
) -> None:
    content, words = BAD_INPUTS[case]
    post = tmp_path / f"{case}.md"
    if content is not None:
        post.write_bytes(content)
    before = snapshot(bundled_store)
    started = time.monotonic()
    result = cli("ingest", str(post), db=bundled_store)
    assert time.monotonic() - started < HANG_SECONDS
    one_error_naming(result, post, *words)
    assert snapshot(bundled_store) == before


def test_a_missing_post_creates_no_store(tmp_path: Path) -> None:
    store = tmp_path / "new" / "kubefollow.db"
    result = cli("ingest", str(tmp_path / "typo.md"), db=store)
    one_error_naming(result, tmp_path / "typo.md", "no such file")
    assert not store.parent.exists()


def test_billion_laughs_is_harmless_and_quick(bundled_store: Path, tmp_path: Path) -> None:
    """The classic shape (9 levels of 10: 10**9 leaves, 80 aliases) must not be expanded."""
    post = tmp_path / "laughs.md"
    post.write_text(alias_bomb(9, 10), encoding="utf-8")
    started = time.monotonic()
    result = cli("ingest", str(post), db=bundled_store)
    assert time.monotonic() - started < HANG_SECONDS
    assert result.exit_code in (0, 1), result.stderr
    assert_no_traceback(result)


def test_billion_laughs_is_refused_with_a_clear_message(
    bundled_store: Path, tmp_path: Path
) -> None:
    post = tmp_path / "laughs.md"
    post.write_text(alias_bomb(9, 10), encoding="utf-8")
    before = snapshot(bundled_store)
    started = time.monotonic()
    result = cli("ingest", str(post), db=bundled_store)
    assert time.monotonic() - started < HANG_SECONDS
    one_error_naming(result, post, "front matter", "alias")
    assert snapshot(bundled_store) == before


@pytest.mark.parametrize(
    "front", ["date: 2025-02-30", "date: 2025-13-01", "title: !!int 0xZZ", "title: !!float abc"]
)
def test_front_matter_value_errors_are_refused_cleanly(
    bundled_store: Path, tmp_path: Path, front: str
) -> None:
    post = tmp_path / "typo.md"
    post.write_text(f"---\n{front}\n---\n\n# Post\n\nSee [Foo](https://github.com/a/foo).\n")
    before = snapshot(bundled_store)
    result = cli("ingest", str(post), db=bundled_store)
    one_error_naming(result, post, "front matter")
    assert snapshot(bundled_store) == before


def test_front_matter_value_error_does_not_stop_the_other_posts(
    bundled_store: Path, tmp_path: Path
) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 2, 2)
    (posts / "a-typo.md").write_text("---\ndate: 2025-02-30\n---\n\n# Typo\n")
    result = cli("ingest", str(posts), db=bundled_store)
    one_error_naming(result, posts / "a-typo.md", "front matter")
    assert set(names) <= set(items_by_name(bundled_store))


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"], ids=["empty", "blank"])
def test_empty_file_warns_and_stores_nothing(
    bundled_store: Path, tmp_path: Path, content: bytes
) -> None:
    post = tmp_path / "empty.md"
    post.write_bytes(content)
    before = snapshot(bundled_store)
    result = cli("ingest", str(post), db=bundled_store)
    assert result.exit_code == 0, result.stderr
    assert_no_traceback(result)
    assert error_lines(result) == []
    warnings = [x for x in result.stderr.splitlines() if x.startswith("kubefollow: warning:")]
    assert len(warnings) == 1 and post.name in warnings[0] and "empty" in warnings[0]
    assert snapshot(bundled_store) == before


def test_directory_with_good_and_bad_files(bundled_store: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 2, 2)
    bad_utf8 = posts / "bad-utf8.md"
    bad_utf8.write_bytes(b"# Bad\n\ncaf\xe9\n")
    binary = posts / "binary.markdown"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("ingest", str(posts), db=bundled_store)
    assert result.exit_code == 1, result.stderr
    assert_no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 2, result.stderr
    assert any("bad-utf8.md" in x and "UTF-8" in x for x in lines), lines
    assert any("binary.markdown" in x and "binary" in x for x in lines), lines
    for name in names:
        assert name in result.stdout  # the good posts' items are listed
    stored = items_by_name(bundled_store)
    assert set(names) <= set(stored)
    assert len(stored) == BUNDLED_COUNT + len(names)
    assert len(snapshot(bundled_store)["posts"]) == 3


MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"[]()<>`*_#-+!\n :=\"'&|\\ab01",
            "---\n", "+++\n", "http://", "https://x.io/", "github.com/a/b", "title: ",
            "date: ", "title = ", "&a ", "*a", "\x1b", "\x9b", "\x00", "\ufeff", "\r", "é",
            "](", "[Foo](", "{{< x >}}", "<!--", "-->", "~~~", "    ",
        ]
    ),
    max_size=300,
).map("".join)  # fmt: skip


def _ingest_one(content: bytes) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kf-prop-"))
    try:
        post = tmp / "post.md"
        post.write_bytes(content)
        result = cli("ingest", str(post), db=tmp / "kf.db")
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
        assert_no_traceback(result)
        lines = error_lines(result)
        if result.exit_code == 1:
            assert len(lines) == 1, result.stderr
            assert str(post) in lines[0] or str(post.resolve()) in lines[0], lines
        else:
            assert lines == [], result.stderr
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_property_arbitrary_bytes(content: bytes) -> None:
    _ingest_one(content)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(MARKDOWNISH)
def test_property_markdownish_text(text: str) -> None:
    _ingest_one(text.encode("utf-8"))
