"""Rules for names no catalog knows (data/coined.toml, extended by the user's own file):
the shapes of a program's name, verbs of use, verbs a tool does, and words that are never
a name. See the file's comments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kubefollow.rules.phrases import PhraseMatcher


def _folded(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(" ".join(str(v).split()).casefold() for v in values)


@dataclass(frozen=True)
class CoinedRules:
    shapes: tuple[re.Pattern[str], ...] = ()
    shape_stop: frozenset[str] = frozenset()
    shape_search: re.Pattern[str] | None = None  # any shape anywhere
    shape_required: tuple[str, ...] = ()  # a text with none of these holds no shape
    use_verbs: frozenset[str] = frozenset()
    phrase_ends: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    trigger: PhraseMatcher | None = None  # any verb of use or of [acts]: a quick first look
    determiners: tuple[tuple[str, ...], ...] = ()  # longest first
    max_words: int = 3
    act_verbs: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    term: re.Pattern[str] | None = None  # [definitions]: group 1 is the term
    term_not_first: frozenset[str] = frozenset()
    term_not_endings: tuple[str, ...] = ()
    definition_articles: tuple[tuple[str, ...], ...] = ()  # longest first
    definition_nouns: frozenset[str] = frozenset()
    definition_verbs: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()
    term_max_words: int = 4
    copulas: frozenset[str] = frozenset()
    bold_window: int = 4

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
        defs = data.get("definitions", {})
        starts = sorted(_folded(defs.get("starts", ())), key=len, reverse=True)
        words = int(defs.get("max_words", 4))
        lead = f"(?:(?:{'|'.join(re.escape(s) for s in starts)})\\s+)?" if starts else ""
        term = re.compile(
            rf"{lead}([^\W_][\w'.-]*(?: [^\W_][\w'.-]*){{0,{words - 1}}}?)\s*[:?.]?",
            re.IGNORECASE,
        )
        articles = sorted(
            (tuple(a.split()) for a in _folded(defs.get("articles", ()))), key=len, reverse=True
        )
        phrases = frozenset(tuple(p.split()) for p in _folded(use.get("phrases", ())))
        ends: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            ends.setdefault(phrase[-1], []).append(phrase)
        verbs = _folded(use.get("verbs", ()))
        acting = _folded(acts.get("verbs", ()))
        trigger = PhraseMatcher(
            [*((v, "use") for v in verbs), *((a, "acts") for a in acting),
             *((" ".join(p), "use") for p in phrases)]
        )  # fmt: skip
        shape_search = (  # from a word's start only: a match inside a word is no word
            re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p.pattern})" for p in patterns) + ")")
            if patterns
            else None
        )
        return cls(
            shape_search=shape_search,
            shape_required=tuple(str(r) for r in shapes.get("required", ())),
            phrase_ends={k: tuple(v) for k, v in ends.items()},
            trigger=trigger,
            shapes=patterns,
            shape_stop=_folded(shapes.get("stop", ())),
            use_verbs=verbs,
            determiners=tuple(determiners),
            max_words=int(use.get("max_words", cls.max_words)),
            act_verbs=acting,
            not_names=_folded(never.get("words", ())),
            suffixes=tuple(sorted(_folded(never.get("suffixes", ())), key=len, reverse=True)),
            term=term,
            term_not_first=_folded(defs.get("not_first", ())),
            term_not_endings=tuple(_folded(defs.get("not_endings", ()))),
            definition_articles=tuple(articles),
            definition_nouns=_folded(defs.get("nouns", ())),
            definition_verbs=_folded(defs.get("verbs", ())),
            clause_verbs=_folded(defs.get("clause_verbs", ())),
            term_max_words=words,
            copulas=_folded(data.get("bold", {}).get("copulas", ())),
            bold_window=int(data.get("bold", {}).get("window", cls.bold_window)),
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
