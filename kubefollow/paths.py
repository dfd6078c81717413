"""Where things live: the bundled data, the user's data directory, the store."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kubefollow"
DB_ENV = "KUBEFOLLOW_DB"


def bundled_data_dir() -> Path:
    """data/ travels in the wheel as kubefollow/data; in a source checkout it sits beside."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def bundled_post() -> Path:
    return bundled_data_dir() / "kubecon-eu-2025.md"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "kubefollow.db"
