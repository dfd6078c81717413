"""Rules for names no catalog knows (data/coined.toml, extended by the user's own file):
the shapes of a program's name, verbs of use, verbs a tool does, and words that are never
a name. See the file's comments."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Somewhere a word has inner capitals: what extract/coined.py's _INNER_CAPITALS,
# "[a-z][A-Z]|^[A-Z]{2,}[a-z]{2,}", finds in a word is "[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}" in
# the text; written to start at the capital, which re finds fast (capitals are few).
_CAPITALS_INSIDE = re.compile(r"[A-Z](?:(?<=[a-z][A-Z])|[A-Z]+[a-z]{2})")
# What makes a regex's match depend on the text around it.
_CONTEXTUAL = ("^", "$", "\\b", "\\B", "\\A", "\\Z", "(?=", "(?!", "(?<")


def _spelled_always(pattern: re.Pattern[str]) -> str:
    """The characters every match of pattern holds: its literals outside any group, repeat
    or alternative, as re's parser reads them ("2" of json2yaml's shape). "" when unsure
    (ignoring case, or a parser that is not what this reads)."""
    if pattern.flags & re.IGNORECASE:
        return ""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
        return "".join(chr(av) for op, av in tree if op is _constants.LITERAL)
    except Exception:
        return ""


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

    @functools.cached_property
    def use_phrases_by_last_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The phrases of use by their last word: a word can end only those. (An empty
        phrase, which ends at every word, is under ""; see coined._used_after.)"""
        by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.use_phrases:
            by_last.setdefault(phrase[-1] if phrase else "", []).append(phrase)
        return {word: tuple(phrases) for word, phrases in by_last.items()}

    @functools.cached_property
    def _use_spellings(self) -> str:
        """Each verb of use and each phrase of use (its words one space apart), as regex
        alternatives: what a text (case-folded) holds wherever a word of it is one or ends
        one."""
        spelled = {" ".join(p) for p in self.use_phrases} | set(self.use_verbs)
        return "|".join(re.escape(s) for s in sorted(spelled, key=len, reverse=True))

    @functools.cached_property
    def _use_filter(self) -> re.Pattern[str]:
        return re.compile(self._use_spellings)

    @functools.cached_property
    def _use_filter_ascii(self) -> re.Pattern[str]:
        """The same, as whole words: in ASCII text a word (coined._WORD) has neither a
        letter nor a digit next to it, and lower() case-folds it in place."""
        return re.compile(rf"(?<![a-z0-9])(?:{self._use_spellings})(?![a-z0-9])")

    @functools.cached_property
    def _shape_filters(self) -> tuple[tuple[re.Pattern[str], str, bool], ...]:
        """Each shape with what a text must hold for a word of it to match the shape whole:
        the characters the shape always spells, and (when the shape has no anchors nor
        lookarounds) a match of the shape itself."""
        return tuple(
            (p, _spelled_always(p), not any(a in p.pattern for a in _CONTEXTUAL))
            for p in self.shapes
        )

    def could_coin(self, text: str) -> tuple[bool, bool, bool]:
        """Whether some word of text may have a program's shape, be or end a verb or phrase
        of use, have inner capitals: what each of find_coined's three rules needs first.
        False is sure (no word can); True says only: maybe."""
        shaped = any(
            all(c in text for c in spelled) and (not searchable or p.search(text))
            for p, spelled, searchable in self._shape_filters
        )
        if () in self.use_phrases:
            used = True  # an empty phrase ends at every word
        elif text.isascii():
            used = self._use_filter_ascii.search(text.lower()) is not None
        else:
            used = self._use_filter.search(text.casefold()) is not None
        return shaped, used, _CAPITALS_INSIDE.search(text) is not None

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
