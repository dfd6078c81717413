"""The installed `kubefollow` console script and `python -m kubefollow`, run as real
processes from another directory (the `script` fixture is in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kubefollow


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    work = tmp_path / "elsewhere"
    work.mkdir()
    return work


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KUBEFOLLOW_DB"] = str(tmp_path / "store" / "kubefollow.db")
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "home" / "config")
    env["COLUMNS"] = "120"
    env.pop("PYTHONPATH", None)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_ingest_then_list_batch(
    script: str, workdir: Path, env: dict[str, str], tmp_path: Path
) -> None:
    ingest = run([script, "ingest"], workdir, env)
    assert ingest.returncode == 0, ingest.stderr
    assert "12 new items" in ingest.stderr
    assert Path(env["KUBEFOLLOW_DB"]).is_file()
    assert list(workdir.iterdir()) == []  # nothing written to the working directory
    listed = run([script, "list", "--theme", "batch"], workdir, env)
    assert listed.returncode == 0, listed.stderr
    for name in ("Kueue", "JobSet", "kjob"):
        assert name in listed.stdout
    for name in ("kcp", "Karpenter", "Sveltos"):
        assert name not in listed.stdout
    assert "Traceback" not in listed.stderr


def test_python_dash_m_version(workdir: Path, env: dict[str, str]) -> None:
    result = run([sys.executable, "-m", "kubefollow", "--version"], workdir, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kubefollow {kubefollow.__version__}"


def test_console_script_version(script: str, workdir: Path, env: dict[str, str]) -> None:
    result = run([script, "--version"], workdir, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kubefollow {kubefollow.__version__}"


def test_unknown_theme(script: str, workdir: Path, env: dict[str, str]) -> None:
    assert run([script, "ingest"], workdir, env).returncode == 0
    result = run([script, "list", "--theme", "nosuchtheme"], workdir, env)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "nosuchtheme" in lines[0]
    assert "batch" in lines[0]
    assert "Traceback" not in result.stderr
