"""Catalog projects NAMED in prose, without a link.

One Aho-Corasick automaton (pyahocorasick) holds every catalog name and alias,
case-folded, so one pass over a text finds every candidate whatever the catalog's size.
A candidate is kept only when it stands on word boundaries and passes the rules of
data/names.toml, which guard against names that are also English words ("Helm", "Flux"),
proper nouns, media, concepts and companies. Of overlapping hits the leftmost, then the
longest wins ("Argo CD" over "Argo"). Build once per process; a NameMatcher pickles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from kubefollow.extract.name_context import (
    _SENTENCE_STOP,
    _WORD,
    _affiliation,
    _alone,
    _bounded,
    _capitalised_neighbours,
    _fold,
    _line_around,
    _sentence_start,
    _token,
)
from kubefollow.extract.name_modes import Mode, form_mode, joined_variant
from kubefollow.rules.names import NameEntry, NameHit, NameRules
from kubefollow.rules.phrases import ascii_words, words_needed


@dataclass(frozen=True, slots=True)
class _Form:
    entry_id: str
    entry_name: str
    form: str
    mode: Mode
    joined_from: str | None = None  # "ArgoCD" is "Argo CD" written as one word

    def label(self) -> str:
        if self.joined_from is not None:
            return f"'{self.form}' ('{self.joined_from}' as one word) of {self.entry_name}"
        if self.form == self.entry_name:
            return f"catalog name '{self.form}'"
        return f"alias '{self.form}' of {self.entry_name}"


_CONTEXT = 240  # characters looked at either side for cues and title case
_LINE_STOP = _SENTENCE_STOP | {":"}  # where a title ends ("A Talk Title: what it showed")
# Between two names of a list: "Flux, Helm", "crossplane/backstage", "Helm and Flux".
# A bare space is no list: "Istio ambient" is one project and a word.
_LIST_GAP = re.compile(
    r"\s*(?:[,/&+;]|\band\b|\bor\b|\bvs\.?)\s*(?:\band\b\s*|\bor\b\s*)?$", re.IGNORECASE
)
_LIST_GAP_AFTER = re.compile(r"^\s*(?:[,/&+;]|\band\b|\bor\b|\bvs\.?)\s*", re.IGNORECASE)
_TITLED = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")

# What a guarded candidate needs, weakest first; _YES needs nothing.
_NO = 0
_NEXT_TO_CUE = 1  # a compound word or version right after it, or a project beside it
_NEAR_PROJECT = 2  # ... or another project's name within cue_window words
_NEAR_CUE = 3  # ... or a cue word within cue_window words
_YES = 4


class NameMatcher:
    def __init__(self, automaton: Any, groups: list[tuple[_Form, ...]], rules: NameRules):
        self._automaton = automaton
        self._groups = groups
        # Groups that are never a hit (a never name, a company, a common word): they only
        # hold their place against shorter names inside them.
        self._blocked = [any(f.mode == Mode.BLOCK for f in forms) for forms in groups]
        # Where a name that may be a hit stands in an ASCII text (bounded, see _bounded),
        # each run of word characters in it is a word of the text: a quick look first.
        self._needed = words_needed(
            _fold(forms[0].form) for forms, blocked in zip(groups, self._blocked, strict=True)
            if not blocked
        )  # fmt: skip
        self._anchors = frozenset(self._needed or ())
        self._rules = rules
        self._version = re.compile(rules.version_pattern)

    @classmethod
    def build(cls, entries: Iterable[NameEntry], rules: NameRules) -> NameMatcher:
        import ahocorasick  # type: ignore[import-not-found,unused-ignore]

        by_key: dict[str, list[_Form]] = {}
        for entry in entries:
            seen: set[str] = set()
            forms = [" ".join(raw.split()) for raw in (entry.name, *entry.aliases)]
            for form in forms:
                key = _fold(form)
                if form and key not in seen:
                    seen.add(key)
                    by_key.setdefault(key, []).append(
                        _Form(entry.entry_id, entry.name, form, form_mode(form, entry, rules))
                    )
            for form in forms:
                # A form of one word (most are) has no joined variant: no split to try.
                joined = joined_variant(form) if " " in form or "-" in form else None
                if joined and (key := _fold(joined)) not in seen:
                    seen.add(key)
                    mode = form_mode(joined, entry, rules)
                    by_key.setdefault(key, []).append(
                        _Form(entry.entry_id, entry.name, joined, mode, joined_from=form)
                    )
        # Hand-listed never names hold their place even when no entry has them.
        for name in rules.never:
            by_key.setdefault(_fold(name), []).append(_Form("", name, name, Mode.BLOCK))
        automaton = ahocorasick.Automaton()
        groups: list[tuple[_Form, ...]] = []
        for key, forms_of_key in by_key.items():
            if len(key) < rules.min_length or (
                len(key) <= rules.exact_case_max_length
                and all(f.mode == Mode.BLOCK for f in forms_of_key)
            ):
                continue  # "C", "AI", "Go": nothing shorter to hold off, a cost per word
            automaton.add_word(key, (len(groups), len(key)))
            groups.append(tuple(forms_of_key))
        automaton.make_automaton()
        return cls(automaton, groups, rules)

    def find(
        self,
        text: str,
        words: list[bytes] | None = None,
        post_anchors: frozenset[bytes] | None = None,
    ) -> list[NameHit]:
        """The catalog names in text (prose only: no code, URLs or front matter), leftmost
        then longest first, never overlapping, in text order. words: the text's
        ascii_words, when known; post_anchors: anchors_in() of a set that holds them."""
        if not text:
            return []
        if post_anchors is not None and words is not None and post_anchors.isdisjoint(words):
            return []  # one set look: most texts of a post hold none of its few anchors
        if self._needed is not None and not self._may_hold(text, words):
            return []  # no name that may be a hit stands in it
        candidates: list[tuple[int, int, int]] = []
        blocked = self._blocked
        open_ = False  # whether any candidate may be a hit
        for last, (group, length) in self._automaton.iter(_fold(text)):
            start, end = last - length + 1, last + 1
            if _bounded(text, start, end):
                candidates.append((start, end, group))
                open_ = open_ or not blocked[group]
        if not open_:
            return []  # none, or only names that are never a hit: nothing wins
        starts = [c[0] for c in candidates]
        # First the hits that need no context; they are the cues of the others.
        decided: list[tuple[int, int, str | None, str]] = []  # start, end, entry, rule
        pending: list[tuple[int, int, list[tuple[_Form, int]]]] = []
        for start, end, group in candidates:
            if blocked[group] or _affiliation(text, start, starts):
                decided.append((start, end, None, ""))  # never, a company, or an employer
                continue
            surface = text[start:end]
            outcomes = [(f, self._check(f, surface, text, start, end)) for f in self._groups[group]]
            sure = {f.entry_id: f for f, o in outcomes if o == _YES}
            maybe = [(f, o) for f, o in outcomes if _NO < o < _YES]
            if len(sure) > 1:
                decided.append((start, end, None, ""))  # a name two entries share
            elif sure:
                form = next(iter(sure.values()))
                decided.append((start, end, form.entry_id, self._rule(form, None)))
            elif maybe:
                pending.append((start, end, maybe))
        anchors = [(s, e) for s, e, entry, _ in decided if entry]
        while pending:  # a name found this way is a cue too: "kustomize, helm and flux"
            left = []
            for start, end, maybe in pending:
                matched: dict[str, str] = {}
                for form, need in maybe:
                    cue = self._cue(text, start, end, need, anchors)
                    if cue is not None:
                        matched.setdefault(form.entry_id, self._rule(form, cue))
                if len(matched) == 1:
                    entry_id, rule = next(iter(matched.items()))
                    decided.append((start, end, entry_id, rule))
                    anchors.append((start, end))
                elif matched:
                    decided.append((start, end, None, ""))
                else:
                    left.append((start, end, maybe))
            if len(left) == len(pending):
                break
            pending = left
        decided.sort(key=lambda d: (d[0], d[0] - d[1]))
        hits: list[NameHit] = []
        taken = -1
        for start, end, winner, rule in decided:
            if start < taken:
                continue
            taken = end
            if winner is not None:
                hits.append(NameHit(start, end, winner, text[start:end], rule))
        return hits

    def anchors_in(self, present: set[bytes]) -> frozenset[bytes] | None:
        """The anchors of the names whose words are all in present: a text whose words
        are some of present and hold none of these holds no name that may be a hit."""
        if self._needed is None:
            return None
        needed = self._needed
        return frozenset(
            anchor for anchor in self._anchors.intersection(present)
            if any(need <= present for need in needed[anchor])
        )  # fmt: skip

    def _may_hold(self, text: str, words: list[bytes] | None) -> bool:
        if words is None:
            words = ascii_words(text)
            if words is None:
                return True
        anchors = self._anchors.intersection(words)
        if not anchors:
            return False
        needed, present = self._needed or {}, set(words)
        return any(need <= present for anchor in anchors for need in needed[anchor])

    # --- rules -------------------------------------------------------------------------

    def _check(self, form: _Form, surface: str, text: str, start: int, end: int) -> int:
        """_YES, _NO, or the weakest context that would make the candidate a hit."""
        mode = form.mode
        if mode == Mode.BLOCK:
            return _NO
        if mode == Mode.PLAIN:
            return _YES
        if mode == Mode.EXACT:
            return _YES if surface == form.form else _NO
        # The context (title case, a name alone) is looked at only where a mode needs it.
        if mode == Mode.PHRASE:
            # "Cluster API", "cluster API": a name; "cluster api": maybe words
            if surface.islower() and not form.form.islower():
                return _NEXT_TO_CUE
            return _NEAR_PROJECT if self._title_cased(text, start, end) else _YES
        if mode == Mode.PROPER:
            return _NEAR_CUE
        if mode == Mode.LOWER_COMMON:
            return _NEXT_TO_CUE
        if mode == Mode.LOWER_RARE:
            return _YES if _alone(text, start, end) else _NEAR_CUE
        if form.form.isupper() and surface == form.form:
            return _YES  # an English word the project writes in capitals: "NATS"
        shouted = surface.isupper() and len(surface) > 1
        if not surface[:1].isupper() or shouted:
            return _YES if mode == Mode.RARE and _alone(text, start, end) else _NEXT_TO_CUE
        if self._title_cased(text, start, end):
            # In a title every word has a capital: a common word there needs a project
            # beside it in a list ("Harbor And Quillnet"), a rare one a project nearby.
            return _NEXT_TO_CUE if mode == Mode.COMMON else _NEAR_PROJECT
        inside = _capitalised_neighbours(text, start, end)
        if inside == 2:
            return _NO  # inside a longer capitalised name: "Kubernetes Storm Center"
        if mode == Mode.RARE:
            return _YES if not inside else _NEAR_CUE
        # COMMON: a capital says "name" only mid-sentence and not inside a longer name.
        if inside or _sentence_start(text, start):
            return _NEAR_CUE
        return _YES

    def _rule(self, form: _Form, cue: str | None) -> str:
        label = form.label()
        mode = form.mode
        kind = {
            Mode.COMMON: "common-word",
            Mode.RARE: "rare-word",
            Mode.PROPER: "proper-noun",
            Mode.LOWER_COMMON: "lower-case common-word",
            Mode.LOWER_RARE: "lower-case rare-word",
            Mode.PHRASE: "ordinary-words",
        }.get(mode)
        if kind is None:
            return label
        if label.startswith("catalog name"):
            label = label.replace("catalog name", f"{kind} name", 1)
        elif label.startswith("alias"):
            label = f"{kind} {label}"
        if cue is not None:
            return f"{label} near cue '{cue}'"
        if mode == Mode.PHRASE:
            return f"{label} with its capitals"
        if mode == Mode.COMMON:
            return f"{label} capitalised mid-sentence"
        return f"{label} capitalised"

    def _title_cased(self, text: str, start: int, end: int) -> bool:
        """Whether the line around text[start:end] is title-cased (see names.toml): the
        part of it up to a colon when that part has words enough to tell."""
        rules = self._rules
        for stops in (_LINE_STOP, _SENTENCE_STOP):
            before, after = _line_around(text, start, end, stops, _CONTEXT)
            # "Prometheus At Scale": a capitalised small word after the line's first word
            if any(w[0].isupper() and w.lower() in rules.title_case_small_words
                   for w in before[1:] + after):  # fmt: skip
                return True
            words = [w for w in before + after if len(w) >= 4 and w[0].isalpha()]
            if len(words) >= rules.title_case_min_words:
                capitals = sum(1 for w in words if w[0].isupper())
                return capitals >= rules.title_case_share * len(words)
        return False

    def _cue(
        self, text: str, start: int, end: int, need: int, anchors: list[tuple[int, int]]
    ) -> str | None:
        """What lets a guarded candidate match (see _NEXT_TO_CUE...), or None."""
        n = self._rules.cue_window  # only the first words after it count: no more are read
        words = _WORD.finditer(text, end, min(len(text), end + _CONTEXT))
        after = list(islice(words, max(n, 1) if n >= 0 else None))
        if after and text[end : after[0].start()].strip(" ") in ("", "-"):
            following = _token(after[0].group())
            if self._version.match(following):
                return following
            if following in self._rules.compounds or (
                following.endswith("s") and following[:-1] in self._rules.compounds
            ):
                return following
        if any(text[e:start] == " " or text[end:s] == " " for s, e in anchors):
            return None  # one phrase with a project: "Ambient Istio" is a kind of Istio
        lower = text[start].islower()
        for s, e in anchors:  # a list of projects: "Flux, Helm", "crossplane/backstage"
            if lower and text[s].isupper():
                continue  # a list writes its names alike: "the platform boundary, Prometheus"
            if e <= start and _LIST_GAP.fullmatch(text[e:start]):
                return text[s:e]
            if s >= end and _LIST_GAP_AFTER.fullmatch(text[end:s]):
                return text[s:e]
        if need == _NEXT_TO_CUE:
            return None
        before = [m for m in _WORD.finditer(text, max(0, start - _CONTEXT), start)][-n:]
        after = after[:n]
        lo = before[0].start() if before else start
        hi = after[-1].end() if after else end
        for s, e in anchors:
            if lo <= s and e <= hi and (e <= start or s >= end):
                return text[s:e]
        if need == _NEAR_PROJECT:
            return None
        tokens = [_token(m.group()) for m in (*before, *after)]
        for token in tokens:
            if token in self._rules.cue_words or (
                token.endswith("s") and token[:-1] in self._rules.cue_words
            ):
                return token
        for i in range(len(tokens) - 1):
            if (tokens[i], tokens[i + 1]) in self._rules.cue_phrases:
                return f"{tokens[i]} {tokens[i + 1]}"
        return None
