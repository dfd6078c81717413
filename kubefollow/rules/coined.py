"""Rules for names no catalog knows (data/coined.toml, extended by the user's own file):
the shapes of a program's name, verbs of use, verbs a tool does, and words that are never
a name. See the file's comments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def _folded(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(" ".join(str(v).split()).casefold() for v in values)


@dataclass(frozen=True)
class CoinedRules:
    shapes: tuple[re.Pattern[str], ...] = ()
    shape_stop: frozenset[str] = frozenset()
    use_verbs: frozenset[str] = frozenset()
    use_phrases: frozenset[tuple[str, ...]] = frozenset()  # each a tuple of words
    determiners: tuple[tuple[str, ...], ...] = ()  # longest first
    max_words: int = 3
    act_verbs: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    question: re.Pattern[str] | None = None  # group 1: what the line asks about
    question_not_first: frozenset[str] = frozenset()
    question_not_endings: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CoinedRules:
        shapes = data.get("shapes", {})
        use = data.get("use", {})
        acts = data.get("acts", {})
        never = data.get("not_names", {})
        try:
            patterns = tuple(re.compile(rf"(?:{p})") for p in shapes.get("patterns", ()))
        except re.error as exc:
            raise ValueError(f"[shapes] patterns: not a regular expression ({exc})") from None
        determiners = sorted(
            (tuple(d.split()) for d in _folded(use.get("determiners", ()))), key=len, reverse=True
        )
        questions = data.get("questions", {})
        starts = sorted(_folded(questions.get("starts", ())), key=len, reverse=True)
        words = int(questions.get("max_words", 3))
        question = (
            re.compile(
                rf"(?:{'|'.join(re.escape(s) for s in starts)})\s+"
                rf"([^\W_][\w-]*(?: [^\W_][\w-]*){{0,{words - 1}}})\s*\?",
                re.IGNORECASE,
            )
            if starts
            else None
        )
        return cls(
            shapes=patterns,
            shape_stop=_folded(shapes.get("stop", ())),
            use_verbs=_folded(use.get("verbs", ())),
            use_phrases=frozenset(tuple(p.split()) for p in _folded(use.get("phrases", ()))),
            determiners=tuple(determiners),
            max_words=int(use.get("max_words", cls.max_words)),
            act_verbs=_folded(acts.get("verbs", ())),
            not_names=_folded(never.get("words", ())),
            suffixes=tuple(sorted(_folded(never.get("suffixes", ())), key=len, reverse=True)),
            question=question,
            question_not_first=_folded(questions.get("not_first", ())),
            question_not_endings=tuple(_folded(questions.get("not_endings", ()))),
        )

    def not_a_name(self, word: str) -> bool:
        """A word never a coined name on its own: listed, or ending like an event or a
        practice ("ArgoCon", "FinOps")."""
        folded = word.casefold()
        if folded in self.not_names:
            return True
        return any(
            folded.endswith(s) and len(folded) > len(s) and word[-len(s)].isupper()
            for s in self.suffixes
        )


def load_coined_rules() -> CoinedRules:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    try:
        return CoinedRules.from_mapping(with_user_rules("coined.toml"))
    except (ValueError, TypeError, AttributeError) as exc:
        raise UsageError(f"coined.toml: {exc}") from None
