"""Which folders a directory walk skips, and which files are page bundles: data/walk.toml
(and the user's walk.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubefollow.errors import UsageError


@dataclass(frozen=True)
class WalkRules:
    skip: frozenset[str]  # folder names never entered
    site_only: frozenset[str]  # entered unless the folder above is a site's root
    site_markers: tuple[str, ...]  # files that make a folder a site's root
    bundle_files: frozenset[str]  # a page bundle's file: named for its folder

    def enters(self, folder: Path) -> bool:
        """Whether a walk goes into this folder (below the directory given)."""
        name = folder.name
        if name.startswith(".") or name in self.skip:
            return False
        if name in self.site_only:
            return not any((folder.parent / marker).is_file() for marker in self.site_markers)
        return True

    def is_bundle(self, path: str) -> bool:
        return Path(path).name in self.bundle_files


def load_walk_rules() -> WalkRules:
    from kubefollow.rules.files import with_user_rules

    table = with_user_rules("walk.toml")
    lists = {}
    for key in ("skip", "site_only", "site_markers", "bundle_files"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"walk.toml: {key} must be a list of strings")
        lists[key] = value
    return WalkRules(
        frozenset(lists["skip"]),
        frozenset(lists["site_only"]),
        tuple(lists["site_markers"]),
        frozenset(lists["bundle_files"]),
    )
