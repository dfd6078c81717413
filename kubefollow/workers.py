"""Extraction in worker processes, so that parsing posts overlaps writing them.

Ingest spends about as long parsing Markdown (pure Python, bound to one core by the GIL)
as writing to SQLite. With more than one core, forked workers extract while the calling
process writes, posts coming back in the order given. Workers are forked after the rules
are loaded, so they start in milliseconds with everything imported. A worker exits when
its parent dies, kill -9 included: its task pipe then reads end-of-file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kubefollow.errors import InputError

if TYPE_CHECKING:
    from kubefollow.extract import Rules
    from kubefollow.models import Post
    from kubefollow.posts import RawPost

# Below this many posts, starting workers costs more than it saves.
MIN_POSTS_FOR_WORKERS = 24
CHUNK = 8  # posts per task sent to a worker
COLLECT_EVERY = 256  # posts between cycle collections while automatic ones are paused

_rules: Rules | None = None  # set in the parent before forking; workers inherit it
_extracted = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cycle collection paused, what is loaded so far frozen out of it.

    Parsing makes millions of short-lived objects; reference counting frees them, but the
    collector, triggered by their number, kept walking them: a quarter of extraction's
    time. Extraction collects every COLLECT_EVERY posts instead. Workers inherit the state.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def default_jobs() -> int:
    """Worker processes to use: one per core beyond the one that writes, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(0, min(cores - 1, 4))


def extract_in_order(raws: list[RawPost], rules: Rules, jobs: int) -> Iterator[Post | InputError]:
    """Each post extracted, or the error that stopped it, in the order given."""
    if jobs < 1 or len(raws) < MIN_POSTS_FOR_WORKERS or not _can_fork():
        for raw in raws:
            yield _extract(raw, rules)
        return
    global _rules
    _rules = rules
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        yield from pool.imap(_extract_in_worker, raws, chunksize=CHUNK)


def _can_fork() -> bool:
    # macOS lists fork but its system libraries are not safe to use after it.
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def _extract(raw: RawPost, rules: Rules) -> Post | InputError:
    from kubefollow.extract import extract_post

    global _extracted
    _extracted += 1
    if _extracted % COLLECT_EVERY == 0 and not gc.isenabled():
        gc.collect()
    try:
        return extract_post(raw, rules)
    except InputError as exc:
        return exc


def _extract_in_worker(raw: RawPost) -> Post | InputError:
    assert _rules is not None, "workers are forked after the rules are loaded"
    return _extract(raw, _rules)
