"""The rules extraction works with, in one object: themes, verdict cues, exclusions, the
catalog and text rules, each from data/ merged with the user's own file.
Light to import: no parser, no pydantic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubefollow.rules.catalog import Catalog
    from kubefollow.rules.text import TextRules
    from kubefollow.rules.themes import Themes
    from kubefollow.rules.urls import Exclusions
    from kubefollow.rules.verdicts import Verdicts


@dataclass(frozen=True)
class Rules:
    themes: Themes
    verdicts: Verdicts
    exclusions: Exclusions
    catalog: Catalog
    text: TextRules


def load_rules(themes_file: Path | None = None) -> Rules:
    from kubefollow.rules.catalog import load_catalog
    from kubefollow.rules.text import text_rules
    from kubefollow.rules.themes import load_themes
    from kubefollow.rules.urls import load_exclusions
    from kubefollow.rules.verdicts import load_verdicts

    return Rules(
        load_themes(themes_file), load_verdicts(), load_exclusions(), load_catalog(), text_rules()
    )
