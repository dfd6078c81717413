"""`open ITEM` (the browser when there is one, the link printed when there is none) and
`report --by week|month` (added, done, dropped per period, undone commands left out)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from helpers import cli, fails_cleanly, ok, sql

from kubefollow.core.report import period_of


def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)


def test_open_prints_the_link_without_a_browser(
    bundled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_display(monkeypatch)
    result = ok(cli("open", "Kueue", db=bundled_store))
    assert result.stdout == "https://kueue.sigs.k8s.io/\n"


def test_open_starts_the_browser_the_user_chose(
    bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {seen}\n', encoding="utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    no_display(monkeypatch)
    monkeypatch.setenv("BROWSER", str(browser))
    result = ok(cli("open", "2", db=bundled_store))
    assert result.stdout == ""
    assert "Opened" in result.stderr
    assert seen.read_text(encoding="utf-8").strip() == "https://jobset.sigs.k8s.io/docs/overview/"


def test_open_never_hands_a_non_web_link_to_the_browser(
    bundled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "false")
    sql(bundled_store, "UPDATE items SET url = 'file:///etc/passwd' WHERE id = 1")
    assert ok(cli("open", "1", db=bundled_store)).stdout == "file:///etc/passwd\n"


def test_open_an_unknown_item_fails_cleanly(bundled_store: Path) -> None:
    fails_cleanly(cli("open", "nope", db=bundled_store))


def test_report_counts_added_done_and_dropped_per_week(bundled_store: Path) -> None:
    ok(cli("done", "1", "2", db=bundled_store))
    ok(cli("drop", "3", db=bundled_store))
    ok(cli("done", "4", db=bundled_store))
    ok(cli("undo", db=bundled_store))  # undone: not counted
    rows = json.loads(ok(cli("report", "--format", "json", db=bundled_store)).stdout)
    assert len(rows) == 1
    assert rows[0] | {"period": None} == {"period": None, "added": 12, "done": 2, "dropped": 1}
    week = period_of(dt.datetime.now(dt.UTC).isoformat(), "week")
    assert rows[0]["period"] == week


def test_report_groups_by_the_readers_local_week_and_month() -> None:
    at = "2026-11-29T23:30:00+00:00"  # a Sunday in UTC, already Monday further east
    assert period_of(at, "week", dt.UTC) == "2026-W48"
    assert period_of(at, "week", dt.timezone(dt.timedelta(hours=2))) == "2026-W49"
    assert period_of("2026-11-30T23:30:00+00:00", "month", dt.timezone(dt.timedelta(hours=2))) == (
        "2026-12"
    )


def test_report_on_no_store_says_so(db: Path) -> None:
    result = ok(cli("report", db=db))
    assert "Nothing yet" in result.stderr and not db.exists()
    assert os.path.exists(db) is False
