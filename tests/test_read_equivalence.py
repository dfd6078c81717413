"""Reading a post reads the same bytes as one f.read(limit) did (extract/posts.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.extract import posts


@settings(max_examples=200, deadline=None)
@given(size=st.integers(0, 300), limit=st.integers(1, 300))
def test_a_regular_file_reads_as_one_read_of_the_limit(
    tmp_path_factory: pytest.TempPathFactory, size: int, limit: int
) -> None:
    file = tmp_path_factory.mktemp("read") / "post.md"
    file.write_bytes(bytes(i % 251 for i in range(size)))
    with file.open("rb") as f:
        got = posts._read_at_most(f, limit)
    with file.open("rb") as f:
        assert got == f.read(limit)


@pytest.mark.parametrize("grown_by", [1, 2, 100, 10_000])
@pytest.mark.parametrize("limit", [50, 150, 20_000])
def test_a_file_grown_since_its_size_was_taken_is_read_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grown_by: int, limit: int
) -> None:
    file = tmp_path / "post.md"
    file.write_bytes(b"x" * (100 + grown_by))
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:  # the size it had before it grew
        fields = list(real_fstat(fd))
        fields[6] = 100  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(posts.os, "fstat", smaller)
    with file.open("rb") as f:
        got = posts._read_at_most(f, limit)
    assert got == b"x" * min(100 + grown_by, limit)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_a_file_whose_size_is_not_its_length_is_read_whole() -> None:
    with open("/proc/self/cmdline", "rb") as f:
        got = posts._read_at_most(f, 1 << 20)
    with open("/proc/self/cmdline", "rb") as f:
        assert got == f.read(1 << 20) != b""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_read_up_to_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer
        try:
            with open(fifo, "wb") as w:
                w.write(b"y" * 5000)
        finally:
            os._exit(0)
    with open(fifo, "rb") as f:
        got = posts._read_at_most(f, 3000)
        rest = f.read()
    os.waitpid(pid, 0)
    assert (got, len(rest)) == (b"y" * 3000, 2000)
