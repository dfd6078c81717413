"""The shape of a `kubefollow export` file, as pydantic models: a backup comes from outside
(hand-edited, truncated, another version), so `import` validates every field it reads
before it writes anything. Fields an export may lack (older versions) are optional; fields
it may carry that import does not read are allowed and ignored.

Loaded by `import` only: pydantic stays off every other command's start-up."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kubefollow.errors import InputError
from kubefollow.vocab import ACTIONS, STATUSES

Status = Literal["todo", "doing", "done", "dropped"]
Action = Literal["adopt", "evaluate", "watch", "read"]
assert set(Status.__args__) == set(STATUSES) and set(Action.__args__) == set(ACTIONS)  # type: ignore[attr-defined]


class _Part(BaseModel):
    # Strict: a number is no text, a string is no list. Unknown keys are let through.
    model_config = ConfigDict(strict=True, extra="allow")


class Note(_Part):
    text: str
    created_at: str | None = None


class Mention(_Part):
    post: str | None = None
    position: int | None = None
    sentence: str | None = None
    url: str | None = None
    theme: str | None = None
    themes: list[str] | None = None
    action: Action | None = None


class Item(_Part):
    id: int | None = None
    name: str = Field(min_length=1)
    url: str | None = None
    homepage: str | None = None
    category: str | None = None
    theme: str | None = None
    themes: list[str] | None = None
    status: Status
    action: Action | None = None
    quote: str | None = None
    edited: list[str] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    reviewed: bool | None = None
    done_at: str | None = None
    keys: list[str] | None = None
    mentions: list[Mention] | None = None
    notes: list[Note] | None = None


class Post(_Part):
    path: str = Field(min_length=1)
    title: str | None = None
    date: str | None = None
    content_hash: str | None = None
    ingested_at: str | None = None


class Merge(_Part):
    item: int
    into: int
    name: str
    at: str | None = None


class Export(_Part):
    format: Literal["kubefollow-export"]
    version: Literal[1]
    posts: list[Post]
    items: list[Item]
    merges: list[Merge] | None = None


def validate_export(source: str, data: Any) -> None:
    """Raise InputError naming the first field of the export that is not as `export`
    writes it: "item 3 ('Quillnet'): notes.0.text: Input should be a valid string"."""
    try:
        Export.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise InputError(source, _where(data, error["loc"]) + error["msg"]) from None


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] in ("items", "posts", "merges") and isinstance(loc[1], int):
        what = {"items": "item", "posts": "post", "merges": "merge"}[str(loc[0])]
        label = f"{what} {loc[1] + 1}"
        entry = data[loc[0]][loc[1]] if isinstance(data, dict) else None
        if what == "item" and isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']!r})"
        rest = ".".join(str(part) for part in loc[2:])
        return f"{label}: {rest + ': ' if rest else ''}"
    return ".".join(str(part) for part in loc) + ": " if loc else ""
