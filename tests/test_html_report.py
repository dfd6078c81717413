"""`export --format html` in a real browser: Debian's Chromium driven by Playwright, the
file loaded with every network request refused. The page renders, shows every item, the
radar SVG is visible, the page has no script of its own, and text from a post that looks
like markup (<script>, "><img onerror=…>) renders as text: no script it carries ever runs.

Skipped, saying why, where no Chromium is installed (.ci/run installs Debian's)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import BUNDLED_NAMES, cli, listed, ok, write_file

SCRIPT_NAME = "<script>window.__pwned = 1</script>"
IMG_NAME = '"><img src=x onerror="window.__pwned = 2">'
EVIL_POST = """---
title: Evil <b>post</b> "><img src=x onerror="window.__pwned = 3">
date: 2025-12-01
---

Batch scheduling: we should adopt
[\\<script\\>window.__pwned=4\\</script\\>](https://scriptthing.dev/) now.

Networking: I want to evaluate
[\\"\\>\\<img src=x onerror=window.__pwned=5\\>](https://imgthing.dev/) soon.
"""
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium to test the html report in (apt-get install chromium)")


@pytest.fixture
def report(tmp_path: Path, bundled_store: Path) -> Path:
    ok(cli("ingest", write_file(tmp_path / "posts" / "evil.md", EVIL_POST)))
    ok(cli("add", SCRIPT_NAME, "--url", "https://script.example.net/", "--theme", "security"))
    ok(
        cli(
            "add",
            IMG_NAME,
            "--url",
            'https://img.example.net/"onmouseover="window.__pwned=6',
            "--theme",
            "security",
        )
    )
    ok(cli("note", "kueue", "<script>window.__pwned = 7</script> worth it"))
    ok(cli("done", "kueue"))
    page = tmp_path / "report.html"
    page.write_text(ok(cli("export", "--format", "html")).stdout, encoding="utf-8")
    return page


def only_files(route: Any) -> None:
    """The network is off: anything but the file itself is refused."""
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()


def test_the_report_in_a_browser(report: Path) -> None:
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    names = [i["name"] for i in listed()]
    assert len(names) == len(BUNDLED_NAMES) + 4
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)
            context.route("**/*", only_files)
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(report.as_uri(), wait_until="load")
            assert page.title() == "Technology radar"
            assert page.locator("h1").is_visible()
            radar = page.locator("section#radar svg.radar")
            assert radar.count() == 1 and radar.is_visible()
            box = radar.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 200
            assert page.locator("svg.radar g.blip").count() == len(names)
            shown = page.locator("tr.item .name").all_inner_texts()
            assert sorted(shown) == sorted(names)  # every item, its name as text
            assert SCRIPT_NAME in shown and IMG_NAME in shown
            assert page.locator("script").count() == 0  # no script, its own or a post's
            assert page.locator("img").count() == 0
            assert page.evaluate("typeof window.__pwned") == "undefined"
            body = page.locator("body").inner_text()
            assert "<script>window.__pwned = 7</script> worth it" in body  # the note
            assert 'Evil <b>post</b> "><img src=x onerror="window.__pwned = 3">' in body
            hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
            assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
            progress = page.locator("section#progress tr").all_inner_texts()
            assert any("Batch" in row and "1 of" in row for row in progress)
        finally:
            browser.close()
    assert dialogs == []
    assert [u for u in requests if not u.startswith("file://")] == []
