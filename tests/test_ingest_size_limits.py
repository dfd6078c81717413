"""ingest --max-size (10 MiB by default): a file over the limit is refused before it is
read whole, even a file without a size (/dev/zero)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import ERROR_PREFIX, cli, one_error_naming, snapshot


class ReadSpy:
    """Wraps io.open and builtins.open: counts the bytes read from one file."""

    def __init__(self, target: Path) -> None:
        self.target = os.path.realpath(target)
        self.read = 0
        self.opened = 0
        self.real_open = io.open

    def open(self, file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = self.real_open(file, *args, **kwargs)
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == self.target:
            self.opened += 1
            return _CountingFile(handle, self)
        return handle


class _CountingFile:
    def __init__(self, handle: Any, spy: ReadSpy) -> None:
        self._handle, self._spy = handle, spy

    def read(self, *args: Any) -> Any:
        data = self._handle.read(*args)
        self._spy.read += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        n = self._handle.readinto(buffer)
        self._spy.read += n or 0
        return n

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_max_size_refuses_before_reading_whole_file(
    bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = tmp_path / "big.md"
    post.write_text("# Big\n\n" + "word " * 1000, encoding="utf-8")  # ~5 KB
    assert post.stat().st_size > 5000
    before = snapshot(bundled_store)
    spy = ReadSpy(post)
    with monkeypatch.context() as patched:
        patched.setattr(io, "open", spy.open)
        patched.setattr("builtins.open", spy.open)
        result = cli("ingest", "--max-size", "1000", str(post), db=bundled_store)
    assert spy.read <= 1001, f"read {spy.read} bytes of a file over a 1000-byte limit"
    one_error_naming(result, post, "limit", r"1,?000\b")
    assert snapshot(bundled_store) == before


def test_default_limit_refuses_sparse_11_mb_file(bundled_store: Path, tmp_path: Path) -> None:
    post = tmp_path / "sparse.md"
    with open(post, "wb") as f:
        f.truncate(11 * 1024 * 1024)
    before = snapshot(bundled_store)
    result = cli("ingest", str(post), db=bundled_store)
    one_error_naming(result, post, "limit", r"10,?485,?760|10 ?Mi?B")
    assert snapshot(bundled_store) == before


@pytest.mark.skipif(
    not Path("/dev/zero").exists() or sys.platform == "win32", reason="needs /dev/zero, rlimit"
)
def test_max_size_holds_for_files_without_a_size(tmp_path: Path) -> None:
    import resource

    def limit_memory() -> None:  # so that a failure is a MemoryError, not the OOM killer
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kubefollow",
            "--db",
            str(tmp_path / "kf.db"),
            "ingest",
            "--max-size",
            "1000",
            "/dev/zero",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert proc.returncode == 1
    lines = [x for x in proc.stderr.splitlines() if x.startswith(ERROR_PREFIX)]
    assert len(lines) == 1 and "/dev/zero" in lines[0] and "limit" in lines[0], proc.stderr
