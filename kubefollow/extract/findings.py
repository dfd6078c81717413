"""A post's text -> the projects it links to (findings), with themes and verdicts."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from kubefollow.extract.blocks import Block, Link, parse_body
from kubefollow.extract.models import Finding, Mention, Post
from kubefollow.extract.posts import RawPost, parse_front_matter
from kubefollow.rules.catalog import Project
from kubefollow.rules.loading import Rules
from kubefollow.rules.phrases import ascii_fold
from kubefollow.rules.themes import OTHER
from kubefollow.rules.urls import clean_url, match_key
from kubefollow.text import name_key, one_line


def extract_post(raw: RawPost, rules: Rules) -> Post:
    fm = parse_front_matter(raw.path, raw.text)
    body = parse_body(fm.body)
    title = one_line(fm.title or body.first_heading() or _stem(raw.path))
    blocks = body.blocks(title)
    return Post(
        path=raw.path,
        title=title,
        date=fm.date,
        content_hash=raw.content_hash,
        findings=find_projects(blocks, rules),
    )


def _stem(path: str) -> str:
    return Path(path).stem if path != "<stdin>" else "<stdin>"


def find_projects(blocks: list[Block], rules: Rules) -> list[Finding]:
    by_key: dict[str, Finding] = {}
    by_name: dict[str, Finding] = {}
    block_themes: dict[int, str | None] = {}  # by block index, for its links to share
    position = 0
    for index, block in enumerate(blocks):
        for link in block.links:
            if rules.exclusions.reason_to_skip(link.url, link.text):
                continue
            project, name, key = _identify(link, rules)
            sentence = one_line(block.sentence_at(link.start))
            url = clean_url(link.url)
            mention_position = position
            position += 1
            sentence_themes = rules.themes.all_in(sentence)
            name_id = name_key(name)
            found = by_key.get(key) or by_name.get(name_id)
            if found is None:
                if index not in block_themes:
                    block_themes[index] = _block_theme(block, rules)
                primary = block_themes[index] or _project_theme(project, rules)
                extra = [rules.catalog.theme_of(project)] if project else []
                themes = [primary, *sentence_themes, *[t for t in extra if t]]
                found = Finding(
                    key=key,
                    name=name,
                    url=url,
                    homepage=project.homepage if project else None,
                    category=project.category if project else None,
                    theme=primary,
                    themes=list(dict.fromkeys(themes)),
                    quote=sentence,
                    mentions=[_mention(sentence, url, block, mention_position)],
                )
                by_key[key] = found
                by_name.setdefault(name_id, found)
            else:
                found.themes = list(dict.fromkeys([*found.themes, *sentence_themes]))
                if all(m.sentence != sentence for m in found.mentions):
                    found.mentions.append(_mention(sentence, url, block, mention_position))
    findings = list(by_key.values())
    _add_unlinked_mentions(findings, blocks)
    for found in findings:
        found.action = rules.verdicts.action_of(m.sentence for m in found.mentions)  # type: ignore[assignment]
    return findings


def _mention(sentence: str, url: str | None, block: Block, position: int) -> Mention:
    return Mention(sentence=sentence, url=url, headings=list(block.headings), position=position)


_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)


def _identify(link: Link, rules: Rules) -> tuple[Project | None, str, str]:
    """The catalog project behind a link (if known), the item's name and identity key."""
    text = one_line(link.text)
    named = (
        bool(text)
        and not link.autolink
        and not _URL_TEXT.match(text)  # [https://keda.sh](https://keda.sh) names nothing
        and not rules.exclusions.is_generic_text(text)
    )
    project = rules.catalog.match_url(link.url, text if named else "")
    if project is None and named:
        project = rules.catalog.match_name(text)
    if named:
        name = text
    elif project is not None:
        name = project.name
    else:
        name = rules.exclusions.name_from_url(link.url)
    key = f"catalog:{project.id}" if project else f"url:{match_key(link.url)}"
    return project, name, key


def _block_theme(block: Block, rules: Rules) -> str | None:
    """The first theme keyword in a block's text, else in its nearest heading's that has one."""
    theme = rules.themes.first_in(block.text)
    if theme:
        return theme
    headings = block.headings[:-1] if block.is_heading else block.headings
    for heading in reversed(headings):
        theme = rules.themes.first_in(heading)
        if theme:
            return theme
    return None


def _project_theme(project: Project | None, rules: Rules) -> str:
    if project is not None:
        return rules.catalog.theme_of(project) or OTHER
    return OTHER


def _add_unlinked_mentions(findings: list[Finding], blocks: list[Block]) -> None:
    """Sentences that name a project without linking it count for its verdict."""
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        if len(f.name) >= 2:
            by_name.setdefault(f.name.casefold(), []).append(f)
    if not by_name:
        return
    names = NameFinder(sorted(by_name, key=len, reverse=True))
    position = 10_000
    for block, sentence, found_names in names.sentences_naming(blocks):
        clean = one_line(sentence)
        for name in found_names:
            for found in by_name.get(name, []):
                if all(m.sentence != clean for m in found.mentions):
                    found.mentions.append(_mention(clean, None, block, position))
                    position += 1


class NameFinder:
    r"""Which of some names (casefolded) each sentence of a post mentions as a word.

    Finds what `(?<!\w)(?:name1|name2|...)(?!\w)` with re.IGNORECASE finds in a sentence,
    names tried in the given order, each match casefolded, in order of appearance. ASCII
    names are found with str.find, so a post compiles no regex.
    """

    _GLUE = "\n"  # between blocks searched as one text: no name holds it, and it is no \w

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._regex: re.Pattern[str] | None = None
        if not all(name.isascii() and self._GLUE not in name for name in names):
            alternation = "|".join(re.escape(n) for n in names)
            self._regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def sentences_naming(self, blocks: list[Block]) -> Iterator[tuple[Block, str, list[str]]]:
        """(block, sentence, names found) for each sentence that names any, in text order."""
        if self._regex is not None:
            for block in blocks:
                for sentence, found in _sentences_naming_by_regex(block, self._regex):
                    yield block, sentence, found
            return
        for index, words in self._words_by_block(blocks).items():
            block = blocks[index]
            text = block.text
            for start, end in block.spans:
                in_span = [word for word in words if start <= word[0] < end]
                if not in_span:
                    continue
                raw = text[start:end]
                sentence = raw.strip()
                first = start + len(raw) - len(raw.lstrip())
                found = _scan(text, in_span, first, first + len(sentence))
                if found:
                    yield block, sentence, found

    def _words_by_block(self, blocks: list[Block]) -> dict[int, list[tuple[int, int, str]]]:
        """Each block's (offset, rank, name) for every place a name is a word in it,
        in text order (then name order); all blocks searched at once."""
        texts = [block.text for block in blocks]
        offsets = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        joined = self._GLUE.join(texts)
        folded = ascii_fold(joined)
        words: dict[int, list[tuple[int, int, str]]] = {}
        for rank, name in enumerate(self.names):
            for at in _word_starts(joined, folded, name):
                index = bisect.bisect_right(offsets, at) - 1
                words.setdefault(index, []).append((at - offsets[index], rank, name))
        return {index: sorted(words[index]) for index in sorted(words)}


def _scan(text: str, words: list[tuple[int, int, str]], start: int, stop: int) -> list[str]:
    """The names the regex alternation finds in text[start:stop], from the places they
    are words: leftmost first, the earliest name at one place, no overlaps.

    Whitespace (or the text's edge) borders a sentence, so a name is a word in the
    sentence exactly when it is one in the block and lies within the sentence.
    """
    found: dict[str, None] = {}
    for at, _, name in words:
        end = at + len(name)
        if at >= start and end <= stop:
            found[text[at:end].casefold()] = None
            start = end
    return list(found)


def _sentences_naming_by_regex(
    block: Block, regex: re.Pattern[str]
) -> Iterator[tuple[str, list[str]]]:
    if not regex.search(block.text):
        return
    for sentence in block.sentences():
        found = dict.fromkeys(m.group(0).casefold() for m in regex.finditer(sentence))
        if found:
            yield sentence, list(found)


def _word_starts(text: str, folded: str, name: str) -> list[int]:
    """Every offset where name (folded) is in folded text with no word character around."""
    starts = []
    at = folded.find(name)
    while at != -1:
        end = at + len(name)
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            starts.append(at)
        at = folded.find(name, at + 1)
    return starts


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches
