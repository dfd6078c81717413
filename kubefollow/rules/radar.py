"""The radar's rules (data/radar.toml, with the user's radar.toml merged over it): the rings,
which ring an item's status or action puts it in, and how quadrants are chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.vocab import ACTIONS, STATUSES

NAME = "radar.toml"
COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}|[a-zA-Z]{3,20}")
NO_VERDICT = "none"


@dataclass(frozen=True)
class RingRule:
    id: str
    name: str
    color: str
    description: str = ""


@dataclass(frozen=True)
class RadarRules:
    rings: tuple[RingRule, ...]  # innermost first
    by_status: dict[str, str]  # status -> ring id ("" : left out)
    by_verdict: dict[str, str]  # action (or "none") -> ring id ("" : left out)
    quadrant_themes: tuple[str, ...]  # fixed theme slugs; empty: the most common
    other: str  # the name of the quadrant gathering the rest

    def ring_of(self, status: str | None, action: str | None) -> str | None:
        """The ring id an item falls in; None: left off the radar."""
        ring = self.by_status.get(status or "")
        if ring is None:
            ring = self.by_verdict.get(action or NO_VERDICT, "")
        return ring or None

    def rank(self, ring_id: str) -> int:
        """0 for the innermost ring."""
        return next(i for i, r in enumerate(self.rings) if r.id == ring_id)


def load_radar_rules() -> RadarRules:
    from kubefollow.paths import user_data_dir
    from kubefollow.rules.files import with_user_rules

    data = with_user_rules(NAME)
    try:
        return radar_rules_from(data)
    except UsageError as exc:
        user = user_data_dir() / NAME
        where = f"{user} (over the bundled {NAME})" if user.is_file() else NAME
        raise UsageError(f"{where}: {exc}") from None


def radar_rules_from(data: dict[str, Any]) -> RadarRules:
    rings = tuple(
        RingRule(
            str(rid),
            _text(spec, "name", f"rings.{rid}"),
            _text(spec, "color", f"rings.{rid}"),
            str(spec.get("description", "")),
        )
        for rid, spec in _table(data, "rings").items()
    )
    if not rings:
        raise UsageError("[rings] names no ring")
    for ring in rings:
        # Colours reach SVG, HTML and Backstage: a hex colour or a CSS colour name only.
        if not COLOR.fullmatch(ring.color):
            raise UsageError(f"[rings.{ring.id}] color {ring.color!r}: not #rgb, #rrggbb or a name")
    ids = {r.id for r in rings}
    by_status = _mapping(data, "status", STATUSES, ids)
    by_verdict = _mapping(data, "action", (*ACTIONS, NO_VERDICT), ids)
    quadrants = _table(data, "quadrants")
    themes = quadrants.get("themes", [])
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise UsageError("[quadrants] themes must be a list of theme names")
    if len(themes) > 4:
        raise UsageError(f"[quadrants] themes names {len(themes)} themes; a radar has four")
    other = quadrants.get("other", "Other")
    if not isinstance(other, str) or not other.strip():
        raise UsageError("[quadrants] other must be a name")
    return RadarRules(rings, by_status, by_verdict, tuple(themes), other.strip())


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"[{key}] must be a table")
    return value


def _text(spec: Any, key: str, where: str) -> str:
    value = spec.get(key) if isinstance(spec, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"[{where}] needs a {key}")
    return value.strip()


def _mapping(
    data: dict[str, Any], key: str, known: tuple[str, ...], rings: set[str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, ring in _table(data, key).items():
        if name not in known:
            raise UsageError(f"[{key}] {name!r} is not one of {', '.join(known)}")
        if not isinstance(ring, str) or (ring and ring not in rings):
            raise UsageError(f"[{key}] {name} = {ring!r}: not a ring ({', '.join(sorted(rings))})")
        out[name] = ring
    return out
