"""Extraction on real trip reports: ../shared/real-posts/score.py, when that folder exists
(it is not part of the project; the test skips without it). The thresholds are issue #11's
targets, which this version meets (precision 0.94, recall 0.91, names 0.98 when written),
so a change that takes extraction below a target fails here; see the README's figures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL_POSTS = ROOT.parent / "shared" / "real-posts"
SCORE = REAL_POSTS / "score.py"
MIN_PRECISION = 0.90
MIN_RECALL = 0.90
MIN_NAMES = 0.95


@pytest.mark.skipif(not SCORE.is_file(), reason="../shared/real-posts is not here")
def test_real_posts_score_at_least_the_recorded_figures() -> None:
    beside = Path(sys.executable).parent / "kubefollow"
    command = str(beside) if beside.exists() else shutil.which("kubefollow")
    assert command, "the kubefollow console script is not installed"
    result = subprocess.run(
        [sys.executable, str(SCORE), "--kubefollow", command,
         "--min-precision", str(MIN_PRECISION), "--min-recall", str(MIN_RECALL),
         "--min-names", str(MIN_NAMES)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "real posts: precision" in result.stdout
