"""Loading the rule files of data/ (themes, cues, exclusions), merged with the user's own."""

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


def user_override(name: str, explicit: Path | None = None) -> dict[str, Any] | None:
    """The user's own rule file: an explicit path, else one in the data directory."""
    if explicit is not None:
        return load_toml(explicit)
    candidate = user_data_dir() / name
    return load_toml(candidate) if candidate.is_file() else None
