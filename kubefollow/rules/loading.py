"""The rules extraction works with, in one object: themes, verdict cues, exclusions, the
catalog and text rules, each from data/ merged with the user's own file.
Light to import: no parser, no pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubefollow.rules.catalog import Catalog
    from kubefollow.rules.coined import CoinedRules
    from kubefollow.rules.link_rules import LinkRules
    from kubefollow.rules.names import NameRules
    from kubefollow.rules.text import TextRules
    from kubefollow.rules.themes import Themes
    from kubefollow.rules.urls import Exclusions
    from kubefollow.rules.verdicts import Verdicts
    from kubefollow.rules.walk import WalkRules


@dataclass(frozen=True)
class Rules:
    themes: Themes
    verdicts: Verdicts
    exclusions: Exclusions
    catalog: Catalog
    text: TextRules
    links: LinkRules
    names: NameRules
    walk: WalkRules
    coined: CoinedRules
    # What extraction builds from these rules once (the name automaton), kept with them.
    built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def load_rules(themes_file: Path | None = None) -> Rules:
    from kubefollow.rules.catalog import load_catalog
    from kubefollow.rules.coined import load_coined_rules
    from kubefollow.rules.link_rules import load_link_rules
    from kubefollow.rules.names import load_name_rules
    from kubefollow.rules.text import text_rules
    from kubefollow.rules.themes import load_themes
    from kubefollow.rules.urls import load_exclusions
    from kubefollow.rules.verdicts import load_verdicts
    from kubefollow.rules.walk import load_walk_rules

    return Rules(
        load_themes(themes_file),
        load_verdicts(),
        load_exclusions(),
        load_catalog(),
        text_rules(),
        load_link_rules(),
        load_name_rules(),
        load_walk_rules(),
        load_coined_rules(),
    )
