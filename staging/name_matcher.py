"""Catalog projects NAMED in prose, without a link.

One Aho-Corasick automaton (pyahocorasick) holds every catalog name and alias,
case-folded, so one pass over a text finds every candidate whatever the catalog's size.
A candidate is then kept only when it stands on word boundaries and passes the rules of
data/names.toml, which guard against names that are also English words ("Helm", "Flux"),
proper nouns ("Jenkins"), media ("YouTube"), concepts ("eBPF") and companies. Of
overlapping hits the leftmost, then the longest wins ("Argo CD" over "Argo").

Pure: no I/O but NameRules.load and entries_from_catalog; build once per process
(a NameMatcher pickles, for forked or spawned workers).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "names.toml"


@dataclass(frozen=True, slots=True)
class NameEntry:
    entry_id: str
    name: str
    aliases: tuple[str, ...] = ()
    company: bool = False
    category: str | None = None


@dataclass(frozen=True, slots=True)
class NameHit:
    start: int
    end: int
    entry_id: str
    surface: str  # the text as written, text[start:end]
    rule: str  # why it matched, for `ingest --explain`


def _folded_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(_norm(str(v)) for v in values)


def _norm(form: str) -> str:
    return " ".join(form.split()).casefold()


@dataclass(frozen=True)
class NameRules:
    """The rules of data/names.toml (see its comments), case-folded."""

    never: frozenset[str] = frozenset()
    never_categories: frozenset[str] = frozenset()
    too_common: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    rare: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    phrases: frozenset[str] = frozenset()
    cue_words: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    cue_phrases: frozenset[tuple[str, ...]] = frozenset()
    version_pattern: str = r"^v?\d+(\.\d+)+$|^v\d+$"
    min_length: int = 2
    min_letters_only_length: int = 3
    exact_case_max_length: int = 3
    cue_window: int = 8
    title_case_share: float = 0.7
    title_case_min_words: int = 3
    catalog_forms_sha256: str = field(default="", compare=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> NameRules:
        limits = data.get("limits", {})
        never = data.get("never", {})
        cues = data.get("cues", {})
        generated = data.get("generated", {})
        curated = data.get("curated", {})
        overridden = _folded_set(
            w
            for tier in ("common", "rare", "proper", "too_common", "plain")
            for w in curated.get(tier, ())
        )

        def tier(name: str) -> frozenset[str]:
            made = _folded_set(generated.get(name, ())) - overridden
            return made | _folded_set(curated.get(name, ()))

        return cls(
            never=_folded_set(never.get("names", ())),
            never_categories=frozenset(str(c) for c in never.get("categories", ())),
            too_common=tier("too_common"),
            common=tier("common"),
            rare=tier("rare"),
            proper=tier("proper"),
            phrases=_folded_set(generated.get("phrases", ())),
            cue_words=_folded_set(cues.get("words", ())),
            compounds=_folded_set(cues.get("compounds", ())),
            cue_phrases=frozenset(tuple(_norm(str(p)).split()) for p in cues.get("phrases", ())),
            version_pattern=str(cues.get("version_pattern", cls.version_pattern)),
            min_length=int(limits.get("min_length", cls.min_length)),
            min_letters_only_length=int(
                limits.get("min_letters_only_length", cls.min_letters_only_length)
            ),
            exact_case_max_length=int(
                limits.get("exact_case_max_length", cls.exact_case_max_length)
            ),
            cue_window=int(limits.get("cue_window", cls.cue_window)),
            title_case_share=float(limits.get("title_case_share", cls.title_case_share)),
            title_case_min_words=int(limits.get("title_case_min_words", cls.title_case_min_words)),
            catalog_forms_sha256=str(generated.get("catalog_forms_sha256", "")),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> NameRules:
        with (path or DEFAULT_RULES).open("rb") as f:
            return cls.from_mapping(tomllib.load(f))


def entries_from_catalog(path: Path) -> list[NameEntry]:
    """NameEntry for each line of a catalog.jsonl ("company" absent means False)."""
    entries = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                entries.append(
                    NameEntry(
                        entry_id=str(d["id"]),
                        name=str(d["name"]),
                        aliases=tuple(str(a) for a in d.get("aliases") or ()),
                        company=bool(d.get("company", False)),
                        category=d.get("category"),
                    )
                )
    return entries


class Mode(IntEnum):
    BLOCK = 0  # never a hit, but holds its place against shorter names inside it
    PLAIN = 1  # any case
    EXACT = 2  # only as the catalog writes it
    COMMON = 3
    RARE = 4
    PROPER = 5
    LOWER_COMMON = 6  # a lower-case English-word name: only right next to a cue
    LOWER_RARE = 7  # ... only within cue_window words of a cue
    PHRASE = 8  # only with the catalog's capitals


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


def _mode(form: str, entry: NameEntry, rules: NameRules) -> Mode:
    key = _norm(form)
    if (
        entry.company
        or key in rules.never
        or _norm(entry.name) in rules.never
        or (entry.category or "") in rules.never_categories
        or key in rules.too_common
    ):
        return Mode.BLOCK
    bare = key.replace(" ", "")
    if len(bare) < rules.min_length or (
        bare.isalpha() and len(bare) < rules.min_letters_only_length
    ):
        return Mode.BLOCK
    if len(form) <= rules.exact_case_max_length:
        return Mode.EXACT
    english = key in rules.common or key in rules.rare or key in rules.proper
    if key in rules.phrases:
        return Mode.PHRASE
    if not english:
        return Mode.PLAIN
    if form.islower() and not _capitalised_elsewhere(key, entry):
        if key in rules.proper:
            return Mode.PROPER
        return Mode.LOWER_COMMON if key in rules.common else Mode.LOWER_RARE
    if key in rules.common:
        return Mode.COMMON
    return Mode.RARE if key in rules.rare else Mode.PROPER


def joined_variant(form: str) -> str | None:
    """A name of two or three words, or hyphenated parts, written as one word ("Argo CD"
    -> "ArgoCD", "fluent-bit" -> "fluentbit"), as posts often do; None when it has one part
    or the joined word is shorter than five characters. The build script classifies these
    like catalog forms, so an English word made this way ("Check Point") is guarded."""
    parts = [p for p in re.split(r"[\s-]+", form) if p]
    if not 2 <= len(parts) <= 3 or not all(p.isalnum() for p in parts):
        return None
    joined = "".join(parts)
    return joined if len(joined) >= 5 else None


def _capitalised_elsewhere(word: str, entry: NameEntry) -> bool:
    """A lower-case alias ("tempo") of a project whose name capitalises the word
    ("Grafana Tempo") is that capitalised word, not a lower-case name."""
    for other in (entry.name, *entry.aliases):
        for token in other.split():
            if token.casefold() == word and not token.islower():
                return True
    return False


_WORD = re.compile(r"[^\W_][\w'’.+-]*")
_SENTENCE_STOP = frozenset(".!?…")
_OPENERS = frozenset("\"'“‘([{*_>#•–—- \t\r")
_SPACES = ("\n", "\t", "\r", "\xa0", "\u2009", "\u202f")
_CONTEXT = 240  # characters looked at either side for cues and title case
# Between two names of a list: "Flux, Helm", "crossplane/backstage", "Helm and Flux".
_LIST_GAP = re.compile(r"\s*(?:[,/&+;]|\band\b|\bor\b|\bvs\.?)\s*(?:\band\b\s*|\bor\b\s*)?$|\s+$")
_LIST_GAP_AFTER = re.compile(r"^(?:\s*(?:[,/&+;]|\band\b|\bor\b|\bvs\.?)\s*|\s+)")
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
                if form and _fold(form) not in seen:
                    seen.add(_fold(form))
                    by_key.setdefault(_fold(form), []).append(
                        _Form(entry.entry_id, entry.name, form, _mode(form, entry, rules))
                    )
            for form in forms:
                joined = joined_variant(form)
                if joined and _fold(joined) not in seen:
                    seen.add(_fold(joined))
                    mode = _mode(joined, entry, rules)
                    by_key.setdefault(_fold(joined), []).append(
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

    def find(self, text: str) -> list[NameHit]:
        """The catalog names in text (prose only: no code, URLs or front matter), leftmost
        then longest first, never overlapping, in text order."""
        if not text:
            return []
        candidates: list[tuple[int, int, int]] = []
        for last, (group, length) in self._automaton.iter(_fold(text)):
            start, end = last - length + 1, last + 1
            if _bounded(text, start, end):
                candidates.append((start, end, group))
        if not candidates:
            return []
        starts = [c[0] for c in candidates]
        # First the hits that need no context; they are the cues of the others.
        decided: list[tuple[int, int, str | None, str]] = []  # start, end, entry, rule
        pending: list[tuple[int, int, list[tuple[_Form, int]]]] = []
        for start, end, group in candidates:
            surface = text[start:end]
            outcomes = [(f, self._check(f, surface, text, start, end)) for f in self._groups[group]]
            if any(f.mode == Mode.BLOCK for f in self._groups[group]) or _affiliation(
                text, start, starts
            ):
                decided.append((start, end, None, ""))  # never, a company, or an employer
                continue
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
        title = self._title_cased(text, start, end)
        if mode == Mode.PHRASE:
            # "Cluster API", "cluster API": a name; "cluster api": maybe words
            if surface.islower() and not form.form.islower():
                return _NEXT_TO_CUE
            return _NEAR_PROJECT if title else _YES
        if mode == Mode.PROPER:
            return _NEAR_CUE
        alone = _alone(text, start, end)
        if mode == Mode.LOWER_COMMON:
            return _NEXT_TO_CUE
        if mode == Mode.LOWER_RARE:
            return _YES if alone else _NEAR_CUE
        if form.form.isupper() and surface == form.form:
            return _YES  # an English word the project writes in capitals: "NATS"
        shouted = surface.isupper() and len(surface) > 1
        if not surface[:1].isupper() or shouted:
            return _YES if alone and mode == Mode.RARE else _NEXT_TO_CUE
        if title:
            return _NEAR_PROJECT
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
        lo = start
        stop = max(0, start - _CONTEXT)
        while lo > stop and not (
            text[lo - 1] == "\n"
            or (lo >= 2 and text[lo - 1].isspace() and text[lo - 2] in _SENTENCE_STOP)
        ):
            lo -= 1
        hi = end
        limit = min(len(text), end + _CONTEXT)
        while hi < limit and not (
            text[hi] == "\n"
            or (text[hi] in _SENTENCE_STOP and (hi + 1 >= len(text) or text[hi + 1].isspace()))
        ):
            hi += 1
        words = [
            w
            for w in _WORD.findall(text[lo:start] + " " + text[end:hi])
            if len(w) >= 4 and w[0].isalpha()
        ]
        if len(words) < self._rules.title_case_min_words:
            return False
        capitals = sum(1 for w in words if w[0].isupper())
        return capitals >= self._rules.title_case_share * len(words)

    def _cue(
        self, text: str, start: int, end: int, need: int, anchors: list[tuple[int, int]]
    ) -> str | None:
        """What lets a guarded candidate match (see _NEXT_TO_CUE...), or None."""
        after = [m for m in _WORD.finditer(text, end, min(len(text), end + _CONTEXT))]
        if after and text[end : after[0].start()].strip(" ") in ("", "-"):
            following = _token(after[0].group())
            if self._version.match(following):
                return following
            if following in self._rules.compounds or (
                following.endswith("s") and following[:-1] in self._rules.compounds
            ):
                return following
        for s, e in anchors:  # a list of projects: "Flux, Helm", "crossplane/backstage"
            if e <= start and _LIST_GAP.fullmatch(text[e:start]):
                return text[s:e]
            if s >= end and _LIST_GAP_AFTER.fullmatch(text[end:s]):
                return text[s:e]
        if need == _NEXT_TO_CUE:
            return None
        n = self._rules.cue_window
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


def _token(word: str) -> str:
    return word.casefold().strip(".,;:!?'’\"()[]")


def _fold(text: str) -> str:
    """Case-folded with offsets kept: one character for each character of text."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for space in _SPACES:  # str.translate would cost more than the search
        if space in low:
            low = low.replace(space, " ")
    return low


def _inner(c: str) -> bool:
    return c.isalnum() or c in "_-"


def _bounded(text: str, start: int, end: int) -> bool:
    """No letter, digit, '_' or '-' on either side; not part of a URL, path, domain,
    file name, @handle or #tag."""
    if start > 0:
        c = text[start - 1]
        if _inner(c) or c in "@#$":
            return False
        # "Helm/Kustomize" is a list; "github.com/helm" and "helm.sh" are not
        if (
            c in "./\\"
            and start > 1
            and text[start - 2].isalnum()
            and not (c == "/" and _slash_list(text, start, end))
        ):
            return False
    if end < len(text):
        c = text[end]
        if (
            _inner(c) or (c in "./\\" and end + 1 < len(text) and text[end + 1].isalnum())
        ) and not (c == "/" and _slash_list(text, start, end)):
            return False
    return True


def _slash_list(text: str, start: int, end: int) -> bool:
    lo = start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    chunk = text[lo:hi]
    return "." not in chunk.rstrip(".,;:!?)") and ":" not in chunk and chunk.count("/") <= 2


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_STOP or "\n" in text[i + 1 : start]


def _capitalised_neighbours(text: str, start: int, end: int) -> int:
    """How many of the words right before and after (across one space) are capitalised
    words, not acronyms: "Pearl Harbor" 1, "Kubernetes Storm Center" 2."""
    count = 0
    if start >= 2 and text[start - 1] == " ":
        m = re.search(r"[^\W\d_][\w'’]*$", text[max(0, start - 40) : start - 1])
        if m and _titled(m.group()) and not _sentence_start(text, start - 1 - len(m.group())):
            count += 1
    if end + 1 < len(text) and text[end] == " ":
        m = re.match(r"[^\W\d_][\w'’]*", text[end + 1 : end + 41])
        if m and _titled(m.group()):
            count += 1
    return count


def _titled(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word[1:2].islower()


def _alone(text: str, start: int, end: int) -> bool:
    """The name is all the block says ("- firecracker", a table cell, a heading)."""
    return not text[:start].strip(" *_-:•\t\n") and not text[end:].strip(" *_.:!\t\n")


_PERSON_THEN = re.compile(r"(\S+) (\S+)(?: from | at | @ |, | \()$")


def _affiliation(text: str, start: int, starts: list[int]) -> bool:
    """A speaker's employer, "Jane Doe from X", "Jane Doe, X", "Jane Doe (X": two
    capitalised words that are no catalog name, then from/at/a comma/a bracket."""
    m = _PERSON_THEN.search(text, max(0, start - 80), start)
    if m is None or not (_titled(m.group(1)) and _titled(m.group(2))):
        return False
    return not any(m.start() <= s < m.end(2) for s in starts)
