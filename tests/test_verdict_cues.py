"""The author's verdict from the cue phrases of data/cues.toml (made-up sentences)."""

from __future__ import annotations

import pytest

from kubefollow.rules.loading import Rules


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm looking forward to running all our clusters on Quillnet.",
        "Next quarter we will use Quillnet for every build.",
        "We plan to adopt Quillnet after the summer.",
        "I've been using Quillnet at home for a year.",
    ],
)
def test_the_authors_own_use_or_intent_is_adopt(rules: Rules, sentence: str) -> None:
    assert rules.verdicts.action_of([sentence]) == "adopt"


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Quillnet is worth a look if you run batch jobs.", "evaluate"),
        ("We will keep an eye on Quillnet.", "watch"),  # no use in "keep an eye on"
        ("Quillnet had a booth next to ours.", None),
    ],
)
def test_other_verdicts_stay(rules: Rules, sentence: str, action: str | None) -> None:
    assert rules.verdicts.action_of([sentence]) == action
