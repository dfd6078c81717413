"""The user's own rule files (in the data directory): listing them, and the one rule
kubefollow writes itself, "never again" under [never] in exclusions.toml."""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.paths import bundled_data_dir, user_data_dir

NEVER_FILE = "exclusions.toml"
_HEADER = re.compile(r"^\s*\[")
_NEVER = re.compile(r"^\s*\[never\]\s*(#.*)?$")


def rule_files() -> list[Path]:
    """The user's rule files: those in the data directory named as a bundled one."""
    bundled = sorted(p.name for p in bundled_data_dir().glob("*.toml"))
    return [user_data_dir() / name for name in bundled if (user_data_dir() / name).is_file()]


def flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """A TOML table as (dotted key, value) pairs, a list as one pair per entry."""
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(flatten(value, dotted + "."))
        elif isinstance(value, list):
            out.extend((dotted, v) for v in value)
        else:
            out.append((dotted, value))
    return out


def user_rules() -> list[tuple[Path, list[tuple[str, Any]]]]:
    """Each of the user's rule files and its rules."""
    from kubefollow.rules.files import load_toml

    return [(path, flatten(load_toml(path))) for path in rule_files()]


def add_never(kind: str, entry: str) -> tuple[Path, bool]:
    """Add a link (kind "urls") or a host (kind "hosts") to [never] of the user's
    exclusions.toml, creating it; the rest of the file is kept as written. The file, and
    whether the entry is new."""
    path = user_data_dir() / NEVER_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        current = tomllib.loads(text).get("never", {})
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc}); nothing was written") from None
    lists = {k: list(current.get(k, [])) for k in ("urls", "hosts")}
    if entry in lists[kind]:
        return path, False
    lists[kind].append(entry)
    section = ["[never]"] + [
        f"{k} = [{', '.join(json.dumps(v) for v in values)}]"
        for k, values in lists.items()
        if values
    ]
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _NEVER.match(line)), None)
    if start is None:
        lines += ([""] if lines else []) + ["# Written by `kubefollow forget --never`."] + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
        lines[start:end] = [*section, ""] if end < len(lines) else section
    new_text = "\n".join(lines) + "\n"
    tomllib.loads(new_text)  # never write a file the loader would refuse
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".exclusions-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(new_text)
    os.replace(tmp, path)
    return path, True
