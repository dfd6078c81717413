"""Extraction in worker processes, so that parsing posts overlaps writing them.

Ingest spends about as long parsing Markdown (pure Python, bound to one core by the GIL)
as writing to SQLite. With more than one core, forked workers extract while the calling
process writes, posts coming back in the order given. Workers are forked after the rules
are loaded, so they start in milliseconds with everything imported. A worker exits when
its parent dies, kill -9 included: its task pipe then reads end-of-file.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kubefollow.errors import ExtractionError, InputError

if TYPE_CHECKING:
    from kubefollow.extract.posts import RawPost
    from kubefollow.rules.loading import Rules
    from kubefollow.store.writes import PostPlan

# Below this many posts, starting workers costs more than it saves.
MIN_POSTS_FOR_WORKERS = 24
CHUNK = 8  # posts per task sent to a worker
COLLECT_EVERY = 256  # posts between cycle collections while automatic ones are paused
WORKER_CHECK_SECONDS = 1.0  # how often a wait for a worker checks that it is alive

_rules: Rules | None = None  # set in the parent before forking; workers inherit it
_extracted = 0


@contextlib.contextmanager
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


class Extractor:
    """Posts in, store plans out, in the order given: by forked workers when there are
    enough posts and a spare core, else in this process. Use it as a context manager."""

    def __init__(self, rules: Rules, jobs: int, posts: int) -> None:
        self.rules = rules
        self._pool: Any = None
        self._workers: list[Any] = []
        if jobs >= 1 and posts >= MIN_POSTS_FOR_WORKERS and _can_fork():
            global _rules
            _rules = rules
            # Forked now, before the store is opened: workers import the parser while this
            # process reads the files, and inherit no database connection.
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(jobs, initializer=_import_parser)
            # Pool replaces a worker that dies, but the posts it held are never answered:
            # watch the first ones (Pool keeps them in _pool) so that ingest fails, not hangs.
            self._workers = list(self._pool._pool)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def plans(self, raws: list[RawPost]) -> Iterator[PostPlan | InputError]:
        """Each post's plan, or the error that stopped it."""
        if self._pool is None:
            return (_plan(raw, self.rules) for raw in raws)
        chunks = [raws[i : i + CHUNK] for i in range(0, len(raws), CHUNK)]
        return self._watched(self._pool.imap(_plan_in_worker, chunks))

    def _watched(self, results: Any) -> Iterator[PostPlan | InputError]:
        """The results of each chunk, checking every few seconds of waiting that the
        workers are alive."""
        while True:
            try:
                yield from results.next(timeout=WORKER_CHECK_SECONDS)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                dead = [w for w in self._workers if w.exitcode is not None]
                if dead:
                    raise ExtractionError(
                        f"an extraction worker died (exit code {dead[0].exitcode}); the "
                        "posts stored so far are kept: run the ingest again, or with "
                        "--jobs 0"
                    ) from None


def _can_fork() -> bool:
    # macOS lists fork but its system libraries are not safe to use after it.
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def _import_parser() -> None:
    # An import error here would make the pool restart the worker forever: leave it to the
    # first task, which reports it.
    with contextlib.suppress(Exception):
        import kubefollow.extract.findings  # noqa: F401


def _plan(raw: RawPost, rules: Rules) -> PostPlan | InputError:
    from kubefollow.core.plan import plan_post
    from kubefollow.extract.findings import extract_post

    global _extracted
    _extracted += 1
    if _extracted % COLLECT_EVERY == 0 and not gc.isenabled():
        gc.collect()
    try:
        return plan_post(extract_post(raw, rules))
    except InputError as exc:
        return exc


def _plan_in_worker(raws: list[RawPost]) -> list[PostPlan | InputError]:
    assert _rules is not None, "workers are forked after the rules are loaded"
    return [_plan(raw, _rules) for raw in raws]
