"""Reading rule files: a bundled TOML file of data/, with the user's file of the same name
(in the data directory) merged over it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.paths import bundled_data_dir, user_data_dir


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None


def bundled(name: str) -> dict[str, Any]:
    return load_toml(bundled_data_dir() / name)


def with_user_rules(name: str) -> dict[str, Any]:
    """A bundled rule file with the user's file of the same name (in the data directory)
    merged over it: the user's lists extend the bundled ones. A user file not in the
    bundled file's shape is refused, naming the file."""
    try:
        return merge_tables(bundled(name), user_override(name))
    except UsageError as exc:
        raise UsageError(f"{user_data_dir() / name}: {exc}") from None


def merge_tables(base: dict[str, Any], extra: dict[str, Any] | None) -> dict[str, Any]:
    """extra over base: lists extended (without repeats), tables merged, values replaced."""
    merged = dict(base)
    for key, value in (extra or {}).items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_tables(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        elif old is not None and type(old) is not type(value):
            shapes: dict[type, str] = {list: "a list", dict: "a table"}
            shape = shapes.get(type(old), type(old).__name__)
            raise UsageError(f"{key} = {value!r}: expected {shape}, as in the bundled file")
        else:
            merged[key] = value
    return merged


def user_override(name: str, explicit: Path | None = None) -> dict[str, Any] | None:
    """The user's own rule file: an explicit path, else one in the data directory."""
    if explicit is not None:
        return load_toml(explicit)
    candidate = user_data_dir() / name
    return load_toml(candidate) if candidate.is_file() else None
