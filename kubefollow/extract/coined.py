"""Names no catalog knows, found in prose by their shape or their use (data/coined.toml):
"openapi2crd", "they use Tailscale", "FooBuilder can stand up a cluster". Each is an
item of its own with no link; the catalog matcher has the last word on every name the
catalog knows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kubefollow.extract.blocks import Block
from kubefollow.extract.name_context import _SENTENCE_STOP
from kubefollow.extract.parts import is_title
from kubefollow.rules.catalog import Catalog
from kubefollow.rules.coined import CoinedRules
from kubefollow.rules.names import NameRules
from kubefollow.rules.phrases import PhraseMatcher
from kubefollow.rules.themes import Themes

# A word: letters and digits, with inner "-", "." or "+" ("Multi-Provider", "Node.js").
_WORD = re.compile(r"[^\W_](?:[\w.+'’-]*[^\W_])?")
_INNER_CAPITALS = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]{2,}")
_AFTER_EMPLOYER = frozenset({"at", "from", "by", "@"})
_AFTER = 200  # characters read after a verb: its determiner and a name of a few words


@dataclass(frozen=True, slots=True)
class CoinedHit:
    start: int
    end: int
    name: str
    rule: str  # why it is a name, for `ingest --explain`
    quote: str | None = None  # what mentions it, when more than its sentence


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str
    folded: str


def find_coined(
    text: str,
    taken: list[tuple[int, int]],
    rules: CoinedRules,
    names: NameRules,
    catalog: Catalog,
    prose_words: list[bytes] | None = None,
) -> list[CoinedHit]:
    """The coined names in prose text (code and URLs blanked), none overlapping taken
    spans (the catalog's hits, project links), each once, in text order. prose_words:
    the text's ascii_words, when known."""
    shape_search, trigger = _searches(text, rules, prose_words)
    if shape_search is None and trigger is None:
        return []  # no search can start in it
    hits: dict[tuple[int, int], CoinedHit] = {}

    def keep(words: list[_Word], first: int, last: int, rule: str) -> None:
        start, end = words[first].start, words[last].end
        if any(s < end and start < e for s, e in (*taken, *hits)):
            return
        name = text[start:end]
        if catalog.match_name(name) is not None:
            return  # the catalog decides every name it knows
        if name.casefold() in names.never or is_title(_line(text, start, end)):
            return
        hits[(start, end)] = CoinedHit(start, end, name, rule)

    if shape_search is not None:
        for m in shape_search.finditer(text):
            words = _words(text, m.start(), m.end())
            for k, shaped in enumerate(words):
                if shaped.start <= m.start() < shaped.end and _shaped(shaped.text, rules):
                    keep(words, k, k, "a program's name by its shape (data/coined.toml [shapes])")
    for found, stop, _ in trigger.spans(text) if trigger is not None else ():
        words = _words(text, found, stop)
        at = next((k for k, w in enumerate(words) if w.end == stop), None)
        if at is None:
            continue
        i = at
        word = words[i]
        used = None
        if word.folded in rules.use_verbs or word.folded in rules.phrase_ends:
            used = _used_after(words, i, text, rules)
        if used is not None:
            last = _name_run(words, used, text, rules, names)
            if last is not None:
                verb = text[found : words[used - 1].end] if used > i + 1 else word.text
                keep(words, used, last, f"capitalised words after the verb of use '{verb}'")
        if i > 0 and word.folded in rules.act_verbs and _acts(words, i - 1, text, rules, names):
            acts = f"'{words[i - 1].text} {word.text}'"
            keep(words, i - 1, i - 1, f"a name with inner capitals that acts: {acts}")
    return sorted(hits.values(), key=lambda h: h.start)


def _searches(
    text: str, rules: CoinedRules, prose_words: list[bytes] | None
) -> tuple[re.Pattern[str] | None, PhraseMatcher | None]:
    """The searches that may find something in text (find_coined's quick looks)."""
    # Each rule starts from a match of one regular expression and reads only the words
    # around it: most prose has none, and a post's cost stays that of one search.
    required = rules.shape_required
    shape_search = rules.shape_search
    if shape_search is not None and required and not any(r in text for r in required):
        shape_search = None  # a text with none of these characters holds no shape
    trigger = rules.trigger
    if trigger is not None and not trigger.may_match(text, prose_words):
        trigger = None
    return shape_search, trigger


def may_coin(
    blocks: list[Block], index: int, prose: str, words: list[bytes] | None, rules: CoinedRules
) -> bool:
    """False when find_coined, defined_term and bold_terms surely find nothing in
    blocks[index] (its prose and words): most paragraphs, told in a few looks."""
    if blocks[index].strong or _may_be_term(blocks, index, rules):
        return True
    return _searches(prose, rules, words) != (None, None)


def _may_be_term(blocks: list[Block], index: int, rules: CoinedRules) -> bool:
    """defined_term's first tests: a block alone, with a block nested under it."""
    block = blocks[index]
    if rules.term is None or block.is_heading or block.links or block.quiet:
        return False
    return index + 1 < len(blocks) and blocks[index + 1].depth > block.depth


def defined_term(
    blocks: list[Block],
    index: int,
    taken: list[tuple[int, int]],
    rules: CoinedRules,
    names: NameRules,
    catalog: Catalog,
    themes: Themes,
) -> CoinedHit | None:
    """The term blocks[index] is, when it is only a term and the first block nested under
    it (a bare link skipped) defines it as software ([definitions])."""
    block = blocks[index]
    if rules.term is None or not _may_be_term(blocks, index, rules):
        return None  # also when nothing is nested under it (_definition's first test)
    text = block.text
    lead = len(text) - len(text.lstrip())
    m = rules.term.fullmatch(text.strip())
    definition = None if m is None else _definition(blocks, index, rules)
    if m is None or definition is None:
        return None
    start, end = lead + m.start(1), lead + m.end(1)
    term = text[start:end]
    if not _term_ok(term, rules, names, catalog, themes):
        return None
    if any(s < end and start < e for s, e in taken):
        return None
    rule = "a term of notes the line under it defines as software"
    return CoinedHit(start, end, term, rule, f"{term}: {definition}")


def bold_terms(
    block: Block,
    prose: str,
    taken: list[tuple[int, int]],
    rules: CoinedRules,
    names: NameRules,
    catalog: Catalog,
    themes: Themes,
) -> list[CoinedHit]:
    """Terms in bold that the words after them define as software ([bold]): "**fooctl**
    provides...", "**fooctl** is a CLI...", "**Fooctl**: a declarative tool that..."."""
    hits = []
    for bold_start, bold_end in block.strong:
        raw = prose[bold_start:bold_end]
        term = raw.strip().rstrip(":.,;–—-").strip()
        if not term or not raw.strip() or len(term.split()) > rules.term_max_words:
            continue
        start = bold_start + raw.index(term)
        end = start + len(term)
        rest = prose[bold_end : bold_end + 200]
        if rest[:1].isalnum():
            continue  # bold inside a word
        inside = raw.rstrip()[-1:]  # "**Fooctl:** a tool": the colon inside the bold
        how = _says_what_it_is(f"{inside} {rest}" if inside in ":–—-" else rest, rules)
        if how is None or any(s < end and start < e for s, e in taken):
            continue
        if _term_ok(term, rules, names, catalog, themes):
            hits.append(CoinedHit(start, end, term, f"a term in bold, then {how}"))
    return hits


def _says_what_it_is(rest: str, rules: CoinedRules) -> str | None:
    """How the words after a bold term define it as software, or None."""
    m = re.match(r"[*_]*\s*([:–—-]?)\s*", rest)
    separated = bool(m and m.group(1))
    words = [w.strip(",.;:()*_").casefold() for w in rest[m.end() if m else 0 :].split()]
    words = [w for w in words if w][: rules.bold_window + 1]
    if not words:
        return None
    if words[0] in rules.act_verbs or words[0] in rules.definition_verbs:
        return f"what it does ('{words[0]}')"
    if words[0] in rules.copulas:
        words, separated = words[1:], True
    if not separated:
        return None
    for article in rules.definition_articles:
        if tuple(words[: len(article)]) == article:
            noun = next((w for w in words[len(article) :] if w in rules.definition_nouns), None)
            return f"a definition ('{noun}')" if noun else None
    return None


def _term_ok(
    term: str, rules: CoinedRules, names: NameRules, catalog: Catalog, themes: Themes
) -> bool:
    """Whether a term of notes may be a name: not a remark, an activity, a year, a quality,
    a class of things, a never-name, a practice or a name the catalog knows."""
    words = [w.casefold() for w in term.split()]
    cues = names.cue_words | names.compounds
    if words[0] in rules.term_not_first or words[0] in rules.not_names or words[0] in cues:
        return False
    if not any(c.isalpha() for c in words[0]) or words[0].endswith("ing"):
        return False  # a year, a number, an activity: "2023", "managing health checks:"
    if len(words) == 1 and words[0].endswith(rules.term_not_endings):
        return False  # a quality: "what is possible?"
    if words[-1].endswith("s") and words[-1][:-1] in cues:
        return False  # a class of things: "workload operators"
    if words[0] in names.never or term.casefold() in names.never:
        return False  # "k8s operator", "kubernetes"
    return themes.first_in(words[0]) is None and catalog.match_name(term) is None


def _definition(blocks: list[Block], index: int, rules: CoinedRules) -> str | None:
    """The first block nested under blocks[index] that is more than a bare link, when it
    starts as a definition of software: a verb of [definitions], or one of its nouns
    after an article (the second word of a short label: "kube controller")."""
    depth = blocks[index].depth
    for block in blocks[index + 1 :]:
        if block.depth <= depth:
            return None
        words = [w.strip(",:;.()").casefold() for w in block.prose().split()]
        words = [w for w in words if w]
        if not words:
            continue  # only a link written out
        text = block.text.strip()
        if words[0] in rules.definition_verbs:
            return text
        for article in rules.definition_articles:
            if tuple(words[: len(article)]) == article:
                words = words[len(article) :]
                break
        if words and words[0] in rules.definition_nouns:
            return text  # "tools to provision VMs", "set of tools for clusters"
        # A short label ("kube controller"), not a clause about something else ("foo spec
        # is taken by"): a longer line must start with its noun.
        label = (
            1 < len(words) <= 3
            and words[1] in rules.definition_nouns
            and (len(words) == 2 or words[2] not in rules.clause_verbs)
        )
        return text if label else None
    return None


def _words(text: str, start: int, end: int) -> list[_Word]:
    """The words of text from two words before start to a few words after end."""
    lo = text.rfind(" ", 0, max(0, text.rfind(" ", 0, max(0, start - 1)) - 1)) + 1
    hi = min(len(text), end + _AFTER)
    return [_Word(m.start(), m.end(), m[0], m[0].casefold()) for m in _WORD.finditer(text, lo, hi)]


def _shaped(word: str, rules: CoinedRules) -> bool:
    folded = word.casefold()
    if folded in rules.shape_stop or not word.islower():
        return False
    return any(p.fullmatch(word) for p in rules.shapes)


def _gap(text: str, a: _Word, b: _Word) -> bool:
    """Whether b follows a across a single space (no punctuation, no line break)."""
    return text[a.end : b.start] == " "


def _used_after(words: list[_Word], i: int, text: str, rules: CoinedRules) -> int | None:
    """When words[i] ends a verb or phrase of use: the index of the first word after it
    (and after a determiner), else None."""
    word = words[i]
    matched = word.folded in rules.use_verbs
    if not matched:
        for phrase in rules.phrase_ends.get(word.folded, ()):
            n = len(phrase)
            if i + 1 >= n and tuple(w.folded for w in words[i + 1 - n : i + 1]) == phrase:
                matched = all(_gap(text, words[k], words[k + 1]) for k in range(i + 1 - n, i))
                if matched:
                    break
    if not matched or i + 1 >= len(words) or not _gap(text, word, words[i + 1]):
        return None
    at = i + 1
    for determiner in rules.determiners:
        n = len(determiner)
        if (
            at + n < len(words)
            and tuple(w.folded for w in words[at : at + n]) == determiner
            and all(_gap(text, words[k], words[k + 1]) for k in range(at, at + n))
        ):
            return at + n
    return at


def _name_like(word: str) -> bool:
    return word[:1].isupper() or bool(_INNER_CAPITALS.search(word))


def _name_run(
    words: list[_Word], first: int, text: str, rules: CoinedRules, names: NameRules
) -> int | None:
    """The last index of the capitalised words from first on (at most max_words), or None
    when there are none, or they are never-names, possessives or not names."""
    last = None
    for k in range(first, min(len(words), first + rules.max_words)):
        word = words[k].text
        if k > first and not _gap(text, words[k - 1], words[k]):
            break
        if not _name_like(word) or rules.not_a_name(word) or word.endswith(("'s", "’s")):
            break
        last = k
        if text[words[k].end : words[k].end + 1] in _SENTENCE_STOP:
            break
    if last is None:
        return None
    run = [w.text for w in words[first : last + 1]]
    if all(w.casefold() in names.never for w in run) or len("".join(run)) < 3:
        return None
    if len(run) == 1 and (run[0].isupper() or (run[0][:-1].isupper() and run[0].endswith("s"))):
        return None  # an acronym: a concept or a standard ("use OCI artifacts", "use GPUs")
    if len(run) == 1 and run[0].casefold().endswith(("ed", "ing", "ly")):
        return None  # a participle or an adverb: "use Extended or Custom APIs"
    return last


def _acts(words: list[_Word], i: int, text: str, rules: CoinedRules, names: NameRules) -> bool:
    """words[i] has inner capitals and a verb of [acts] follows it: "FooBuilder can"."""
    word = words[i]
    if not _INNER_CAPITALS.search(word.text) or i + 1 >= len(words):
        return False
    if rules.not_a_name(word.text) or word.folded in names.never:
        return False
    if i > 0 and words[i - 1].folded in _AFTER_EMPLOYER:
        return False
    if i > 0 and _gap(text, words[i - 1], word) and words[i - 1].text[:1].isupper():
        return False  # the second word of a name: a person's ("Jane McDoe can")
    following = words[i + 1]
    return _gap(text, word, following) and following.folded in rules.act_verbs


def _line(text: str, start: int, end: int) -> str:
    """The sentence (or line) around text[start:end]."""
    lo = max(text.rfind("\n", 0, start), *(text.rfind(c + " ", 0, start) for c in ".!?"))
    hi_candidates = [p for p in (text.find("\n", end), *(text.find(c + " ", end) for c in ".!?"))]
    hi = min([p for p in hi_candidates if p != -1], default=len(text))
    return text[lo + 1 : hi]
