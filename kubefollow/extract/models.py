"""What extraction produces: a post's findings and their mentions.

Plain dataclasses: extraction builds them from values it has already checked, and pydantic's
import, class building and per-object validation cost more than ingesting a post does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["todo", "doing", "done", "dropped"]
Action = Literal["adopt", "evaluate", "watch", "read"]


@dataclass(slots=True, kw_only=True)
class Mention:
    """One sentence of a post that names a project; url is set where it links to it."""

    sentence: str
    url: str | None = None
    headings: list[str] = field(default_factory=list)
    position: int  # order in the post


@dataclass(slots=True, kw_only=True)
class Finding:
    """A project one post links to, with everything the post says about it."""

    key: str  # identity: "catalog:<id>" or "url:<host/path>"
    name: str
    url: str
    homepage: str | None = None
    category: str | None = None
    theme: str
    themes: list[str]
    action: Action | None = None
    quote: str
    mentions: list[Mention]


@dataclass(slots=True, kw_only=True)
class Post:
    path: str
    title: str
    date: str | None = None
    content_hash: str
    findings: list[Finding] = field(default_factory=list)
