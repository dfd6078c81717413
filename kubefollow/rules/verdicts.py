"""Verdict cues from data/cues.toml: phrases in a sentence -> the action they signal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kubefollow.rules.phrases import PhraseMatcher
from kubefollow.vocab import ACTIONS, strongest_action


class Verdicts:
    def __init__(self, cues_by_action: dict[str, list[str]]) -> None:
        unknown = set(cues_by_action) - set(ACTIONS)
        if unknown:
            raise ValueError(f"unknown actions in cues: {', '.join(sorted(unknown))}")
        # Register the strongest action's cues first so a cue listed twice keeps it.
        self.matcher = PhraseMatcher(
            (cue, action) for action in ACTIONS for cue in cues_by_action.get(action, [])
        )

    def action_of(
        self, sentences: Iterable[str], words: Mapping[str, list[bytes] | None] | None = None
    ) -> str | None:
        """The strongest action cued in any of the sentences, or None (words: ascii_words
        of some of the sentences, read already)."""
        found: list[str | None] = []
        for sentence in sentences:
            found.extend(self.matcher.labels(sentence, words.get(sentence) if words else None))
        return strongest_action(found)


def load_verdicts() -> Verdicts:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    table = with_user_rules("cues.toml").get("actions", {})
    try:
        return Verdicts({action: _cues(spec) for action, spec in table.items()})
    except (ValueError, TypeError, AttributeError) as exc:
        raise UsageError(f"cues.toml: {exc}") from None


def _cues(spec: dict[str, object]) -> list[str]:
    cues = spec.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise TypeError("each [actions.<action>] needs cues = a list of phrases")
    return cues
