"""Where things live: the bundled data, the user's data directory, the store."""

from __future__ import annotations

import os
import sys
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
    """platformdirs' user data path for kubefollow; the common Linux case without importing
    platformdirs (a few ms of every command that looks for the store or a user file)."""
    fast = _linux_user_data_dir()
    if fast is not None:
        return Path(fast)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _linux_user_data_dir() -> str | None:
    """$XDG_DATA_HOME/kubefollow, else ~/.local/share/kubefollow, as platformdirs has it on
    Linux when the variable (or HOME) is an absolute path; None: ask platformdirs."""
    env = os.environ
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in env:
        return None  # and Android, which platformdirs treats apart
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg:
        # platformdirs versions differ on a relative value; an absolute one they all use.
        return os.path.join(xdg, APP_NAME) if os.path.isabs(xdg) else None
    home = env.get("HOME", "")
    if not os.path.isabs(home):
        return None
    return os.path.join(os.path.expanduser("~/.local/share"), APP_NAME)


def default_db_path() -> Path:
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "kubefollow.db"
