"""Reading one post: size and encoding checks, then front matter (YAML or TOML)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import stat
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kubefollow.errors import InputError
from kubefollow.vocab import DEFAULT_MAX_BYTES, STDIN

MAX_YAML_NODES = 10_000


@dataclass(frozen=True)
class RawPost:
    path: str  # as stored: an absolute path, "<stdin>", or a web post's canonical URL
    text: str  # the decoded file, front matter included
    content_hash: str
    # A web page's main content as Markdown (no front matter), its title and date given
    # here from the page's metadata.
    page: bool = False
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    date: str | None
    body: str
    canonical: str | None = None  # canonical_url or original_url: the post's web address


def read_post(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawPost:
    """Read and decode a post, refusing what is too big, binary or not UTF-8."""
    shown, data = read_bytes(path, max_bytes)
    return RawPost(shown, decode_post(shown, data), hashlib.sha256(data).hexdigest())


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes]:
    """A file's (or stdin's) bytes and the name to show for it, refusing what is too big
    before reading it whole."""
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        shown = "<stdin>"
    else:
        file = Path(path)
        shown = str(file.resolve()) if file.exists() else path
        try:
            size = file.stat().st_size
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
        if file.is_dir():
            raise InputError(path, "is a directory")
        if size > max_bytes:
            raise InputError(path, f"{size:,} bytes is over the {max_bytes:,}-byte limit")
        try:
            # Bounded even when the size is unknown (devices, pipes, /proc files).
            with file.open("rb") as f:
                data = _read_at_most(f, max_bytes + 1)
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"over the {max_bytes:,}-byte limit")
    return shown, data


def _read_at_most(f: BinaryIO, limit: int) -> bytes:
    """f.read(limit), without making a buffer of limit bytes for a small regular file (a
    10 MB buffer for a 5 KB post is most of reading it): its size and one byte more are
    read first, then the rest up to limit if it grew. A regular file's read returns fewer
    bytes only at its end, so this is the same bytes; anything else is read as it was."""
    status = os.fstat(f.fileno())
    if not stat.S_ISREG(status.st_mode) or status.st_size + 1 >= limit:
        return f.read(limit)
    first = f.read(status.st_size + 1)
    if len(first) <= status.st_size:
        return first
    return first + f.read(limit - len(first))


def decode_post(shown: str, data: bytes) -> str:
    if b"\x00" in data:
        raise InputError(shown, "binary content, not a Markdown text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            shown, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}, column {column})"
        ) from None
    return text.removeprefix("\ufeff")


def _load_bounded_yaml(text: str) -> Any:
    """SafeLoader, but refusing documents whose aliases expand past MAX_YAML_NODES nodes
    (alias bombs): the size is computed on the node graph before anything is built."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        memo: dict[int, int] = {}

        def size(n: Any) -> int:
            if id(n) in memo:
                return memo[id(n)]
            memo[id(n)] = 1
            if isinstance(n, yaml.SequenceNode):
                total = 1 + sum(size(c) for c in n.value)
            elif isinstance(n, yaml.MappingNode):
                total = 1 + sum(size(k) + size(v) for k, v in n.value)
            else:
                total = 1
            memo[id(n)] = total
            return total

        if size(node) > MAX_YAML_NODES:
            raise yaml.YAMLError(f"aliases expand to more than {MAX_YAML_NODES:,} values")
        return loader.construct_document(node)
    finally:
        loader.dispose()


@functools.cache
def _handlers() -> tuple[Any, Any]:
    """python-frontmatter's YAML handler and a TOML one like it, made once (frontmatter is
    imported only when a post is read)."""
    import re

    from frontmatter.default_handlers import BaseHandler, YAMLHandler

    class TomlHandler(BaseHandler):
        FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
        START_DELIMITER = END_DELIMITER = "+++"

        def load(self, fm: str, **kwargs: object) -> Any:
            return tomllib.loads(fm)

    return YAMLHandler(), TomlHandler()


def parse_front_matter(shown: str, text: str) -> FrontMatter:
    """Split off YAML (---) or TOML (+++) front matter with python-frontmatter's handlers."""
    import yaml

    yaml_handler, toml_handler = _handlers()
    stripped = text.lstrip()
    handler: Any
    kind: str
    if yaml_handler.detect(stripped):
        handler, kind = yaml_handler, "YAML"
    elif toml_handler.detect(stripped):
        handler, kind = toml_handler, "TOML"
    else:
        return FrontMatter(None, None, text)
    try:
        fm, body = handler.split(stripped)
    except ValueError:
        return FrontMatter(None, None, text)
    try:
        meta = _load_bounded_yaml(fm) if kind == "YAML" else handler.load(fm)
    except (
        yaml.YAMLError,
        tomllib.TOMLDecodeError,
        RecursionError,
        ValueError,  # PyYAML's impossible dates and bad !!int / !!float
        TypeError,
        OverflowError,
    ) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise InputError(shown, f"front matter is not valid {kind}: {reason}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(shown, f"front matter is {kind} but not a mapping of keys to values")
    canonical = _scalar_text(meta.get("canonical_url")) or _scalar_text(meta.get("original_url"))
    return FrontMatter(
        _scalar_text(meta.get("title")), _date_text(meta.get("date")), body, canonical
    )


def _scalar_text(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _date_text(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        for shape in DATE_SHAPES:
            try:
                return dt.datetime.strptime(text, shape).date().isoformat()
            except ValueError:
                continue
    # Not a date (`date: soon`): no date, rather than text shown as one.
    return None


# Dates people write in front matter besides ISO 8601 (which fromisoformat reads).
DATE_SHAPES = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
               "%b %d %Y", "%a, %d %b %Y %H:%M:%S %z", "%Y-%m-%d %H:%M:%S %z")  # fmt: skip
