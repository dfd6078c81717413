"""`history` in words: what each command did, old → new, in the user's vocabulary (the
verb they typed, `link` not `url`), no table of the store named, local times.

The store gives commands and their recorded changes (rows' before and after images);
this module says what they mean. Every value printed comes from posts or users: cleaned
to one line, and cut when long."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kubefollow.text import one_line, plural
from kubefollow.vocab import command_verb

# Columns of an item that are bookkeeping, never shown as a change.
_HIDDEN = frozenset({"id", "edited", "updated_at", "created_at", "done_at", "name_key", "themes"})
_WORDS = {"url": "link"}
_LONGEST_VALUE = 60
# A status command's stored summary begins with the status it set ("todo: #1 Zorblax").
_STATUS_SUMMARY = re.compile(r"(todo|doing|done|dropped): ")
_UNDO_SUMMARY = re.compile(r"undid #(\d+) (\w+): ")
_OLD_PLURAL = re.compile(r"\b(\d+) ((?:new )?(?:post|item|change))\(s\)")
# Commands whose summary says it better than their changes one by one (in the history of
# all commands; an item's history says what each did to that item).
_SUMMED_UP = frozenset({"ingest", "import", "undo", "forget", "merge", "review"})


def local_time(iso: str | None) -> str:
    """A UTC time from the store as a person reads it: local, to the minute, with the zone
    (`2026-11-29 23:21 CET`)."""
    if not iso:
        return ""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return one_line(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


def value(v: Any) -> str:
    if v is None or v == "":
        return "none"
    text = one_line(str(v))
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def tidy_summary(summary: str) -> str:
    """A stored summary with the verbs the user typed: `reopen: #1 Zorblax`, not `todo: …`;
    and the counts an older kubefollow wrote with "(s)" in the singular or plural."""
    summary = _OLD_PLURAL.sub(lambda m: plural(int(m[1]), m[2]), summary)
    if m := _UNDO_SUMMARY.match(summary):
        rest = tidy_summary(summary[m.end() :])
        return f"undid #{m[1]} {command_verb(m[2])}: {rest}"
    if m := _STATUS_SUMMARY.match(summary):
        return f"{command_verb(m[1])}: {summary[m.end() :]}"
    return summary


def _item_change(event: Mapping[str, Any], status_command: bool) -> list[str]:
    before, after = event["before"], event["after"]
    if before is None:
        return ["added"]
    if after is None:  # merged: the survivor's "absorbed" says it
        return [] if event["kind"] == "merge" else ["forgotten"]
    parts = []
    for key, new in after.items():
        old = before.get(key)
        if key in _HIDDEN or old == new:
            continue
        if key == "reviewed":
            if not status_command:  # done, start… mark reviewed: it goes without saying
                parts.append("marked reviewed" if new else "marked new")
        else:
            parts.append(f"{_WORDS.get(key, key)} {value(old)} → {value(new)}")
    return parts


def describe(
    event: Mapping[str, Any], posts: Mapping[int, str], status_command: bool = False
) -> list[str]:
    """What one recorded change did, in words (none: nothing worth showing, such as a
    link recorded as an item's identity)."""
    table, before, after = event["tbl"], event["before"], event["after"]
    if table == "items":
        return _item_change(event, status_command)
    if table == "mentions" and before is None and after:
        return [f"mentioned in {value(posts.get(after.get('post_id', 0), 'a post'))}"]
    if table == "notes":
        if before is None and after:
            return [f"note added: “{value(after.get('text'))}”"]
        if after is None and before:
            return [f"note deleted: “{value(before.get('text'))}”"]
        old, new = value((before or {}).get("text")), value((after or {}).get("text"))
        return [f"note edited: “{old}” → “{new}”"]
    if table == "merges" and before is None and after:
        return [f"absorbed #{after.get('item_id')} {value(after.get('name'))}"]
    return []  # identity keys, mentions moved by a merge: said by the merge itself


def describe_command(
    command: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    items: Mapping[int, str],
    posts: Mapping[int, str],
    own_item: int | None = None,
) -> str:
    """One command's changes, item by item ("#11 Zorblax: action read → adopt"); the item's
    own changes without its label when own_item is given."""
    status_command = command["command"] in ("todo", "doing", "done", "dropped")
    by_item: dict[int | None, list[str]] = {}
    for event in events:
        by_item.setdefault(event["item_id"], []).extend(describe(event, posts, status_command))
    said = []
    for item_id, parts in by_item.items():
        if not parts:
            continue
        text = ", ".join(dict.fromkeys(parts))
        if item_id is not None and item_id != own_item:
            text = f"#{item_id} {value(items.get(item_id, ''))}: {text}"
        said.append(text)
    return "; ".join(said)


def history_rows(
    commands: Iterable[Mapping[str, Any]],
    events: Mapping[int, Sequence[Mapping[str, Any]]],
    items: Mapping[int, str],
    posts: Mapping[int, str],
    own_item: int | None = None,
) -> list[dict[str, Any]]:
    """The history table's rows: #, when (local), the verb, what it did, how many changes.
    Commands described change by change when their changes were read (events), else by
    their summary; a command with nothing to show is left out."""
    rows = []
    for c in commands:
        if own_item is None and (c["command"] in _SUMMED_UP or c["command_id"] not in events):
            what = tidy_summary(one_line(c["summary"] or ""))
        else:  # nothing to say of its changes: it changed nothing the user sees
            what = describe_command(c, events.get(c["command_id"], ()), items, posts, own_item)
        if not what:
            continue
        undone = " (undone)" if c.get("undone_at") else ""
        rows.append({
            "id": c["command_id"],
            "at": local_time(c["at"]),
            "command": command_verb(c["command"]) + undone,
            "what": what,
            "changes": c["changes"],
        })  # fmt: skip
    return rows
