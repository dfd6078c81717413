"""How prose and links are read (data/text.toml, extended by the user's text.toml):
abbreviations that do not end a sentence, tracking parameters, documentation path segments.

Loaded once per process, on first use: importing this module reads no file."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRules:
    abbreviations: frozenset[str]  # casefolded, without the final full stop
    tracking_params: frozenset[str]  # lowercase query parameter names
    tracking_prefixes: tuple[str, ...]  # lowercase name prefixes ("utm_")
    doc_segments: frozenset[str]  # lowercase first path segments of documentation pages


@functools.cache
def text_rules() -> TextRules:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    table = with_user_rules("text.toml")
    try:
        return TextRules(
            abbreviations=frozenset(str(w).casefold() for w in table["sentences"]["abbreviations"]),
            tracking_params=frozenset(str(p).lower() for p in table["tracking"]["params"]),
            tracking_prefixes=tuple(str(p).lower() for p in table["tracking"]["prefixes"]),
            doc_segments=frozenset(str(s).lower() for s in table["doc_paths"]["segments"]),
        )
    except (KeyError, TypeError) as exc:
        raise UsageError(f"text.toml: not in the bundled file's shape (missing {exc})") from None
