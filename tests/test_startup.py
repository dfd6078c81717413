"""The read path stays light, and the README documents every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kubefollow.cli import app

HEAVY = ("pydantic", "frontmatter", "markdown_it", "sqlite_utils", "yaml", "rich", "ahocorasick")
WEB = ("httpx", "httpcore", "trafilatura", "lxml", "justext", "htmldate", "courlan")
README = Path(__file__).resolve().parents[1] / "README.md"


def _modules_loaded_by(args: list[str], db: Path) -> set[str]:
    code = (
        "import sys\n"
        "from kubefollow.cli import app\n"
        f"sys.argv = ['kubefollow', '--db', {str(db)!r}, *{args!r}]\n"
        "try:\n"
        "    app(prog_name='kubefollow')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    last = out.stdout.strip().splitlines()[-1].split()
    assert last[0] == "MODULES"
    return set(last[1:])


def test_list_imports_no_heavy_module(tmp_path: Path) -> None:
    db = tmp_path / "kf.db"
    subprocess.run(
        [sys.executable, "-m", "kubefollow", "--db", str(db), "ingest"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    for args in (["list"], ["list", "--theme", "batch", "--format", "json"], ["done", "1"]):
        loaded = _modules_loaded_by(args, db)
        assert "sqlite3" in loaded  # the command really ran against the store
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY + WEB)
        assert heavy == [], f"{args}: {heavy[:5]}"


def test_ingest_does_load_the_parsers(tmp_path: Path) -> None:
    # The check above would pass vacuously if the subprocess never imported anything.
    loaded = _modules_loaded_by(["ingest"], tmp_path / "kf.db")
    assert {"markdown_it", "frontmatter", "yaml"} <= {m.split(".")[0] for m in loaded}


def test_ingest_of_markdown_imports_nothing_of_the_web(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# Notes\n\nWe adopt [Kueue](https://kueue.sigs.k8s.io/).\n", encoding="utf-8")
    for args in (["ingest", str(post)], ["ingest", "--dry-run", str(post)]):
        loaded = _modules_loaded_by(args, tmp_path / "kf.db")
        assert "markdown_it" in loaded  # it did ingest
        web = sorted(m for m in loaded if m.split(".")[0] in WEB)
        assert web == [], f"{args}: {web[:5]}"


def test_ingest_of_a_page_loads_the_html_extractor(tmp_path: Path) -> None:
    # The check above would pass vacuously if the web modules had other names.
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>Words.</p></article></body></html>")
    loaded = {m.split(".")[0] for m in _modules_loaded_by(["ingest", str(page)], tmp_path / "d")}
    assert {"trafilatura", "lxml"} <= loaded


def test_readme_shows_every_command() -> None:
    readme = README.read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert len(names) >= 18
    for name in names:
        assert f"`{name}" in readme, f"README does not document `{name}`"
