"""Loading the rule files of data/ (themes, cues, exclusions), merged with the user's own,
and the rules extraction works with. Light to import: no parser, no pydantic."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubefollow.errors import UsageError
from kubefollow.paths import bundled_data_dir, user_data_dir

if TYPE_CHECKING:
    from kubefollow.catalog import Catalog
    from kubefollow.links import Exclusions
    from kubefollow.themes import Themes
    from kubefollow.verdicts import Verdicts


@dataclass(frozen=True)
class Rules:
    themes: Themes
    verdicts: Verdicts
    exclusions: Exclusions
    catalog: Catalog


def load_rules(themes_file: Path | None = None) -> Rules:
    from kubefollow.catalog import load_catalog
    from kubefollow.links import load_exclusions
    from kubefollow.themes import load_themes
    from kubefollow.verdicts import load_verdicts

    return Rules(load_themes(themes_file), load_verdicts(), load_exclusions(), load_catalog())


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
