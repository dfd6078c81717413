"""The bundled rule files are read from data/parsed-toml.jsonl (JSON parses them many
times faster than TOML): the same tables, never a stale one."""

from __future__ import annotations

import importlib.util
import shutil
import tomllib
from pathlib import Path

import pytest

from kubefollow.rules import files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _script() -> object:
    spec = importlib.util.spec_from_file_location(
        "build_parsed_toml", ROOT / "scripts" / "build_parsed_toml.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_parsed_lines_are_not_stale() -> None:
    fresh = _script().render(DATA)  # type: ignore[attr-defined]
    assert (DATA / files.PARSED).read_text(encoding="utf-8") == fresh, (
        "a data/*.toml changed: run scripts/build_parsed_toml.py"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.toml")))
def test_bundled_tables_are_the_toml_files(name: str) -> None:
    assert name in files._parsed_lines(DATA)
    with (DATA / name).open("rb") as f:
        assert files.bundled(name) == tomllib.load(f)
    assert files.bundled(name) is not files.bundled(name)  # callers may change theirs


def test_an_edited_file_is_read_from_its_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setattr(files, "bundled_data_dir", lambda: data)
    assert files.bundled("walk.toml") == tomllib.loads((DATA / "walk.toml").read_text())
    edited = (data / "walk.toml").read_text() + '\n[extra]\nkey = "edited, not regenerated"\n'
    (data / "walk.toml").write_text(edited)
    assert files.bundled("walk.toml") == tomllib.loads(edited)
    assert files.bundled("walk.toml")["extra"] == {"key": "edited, not regenerated"}
    (data / "text.toml").unlink()
    with pytest.raises(files.UsageError, match="no such file"):
        files.bundled("text.toml")


def test_without_parsed_lines_the_toml_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / files.PARSED).unlink()
    monkeypatch.setattr(files, "bundled_data_dir", lambda: data)
    for path in sorted(data.glob("*.toml")):
        assert files.bundled(path.name) == tomllib.loads(path.read_text(encoding="utf-8"))
