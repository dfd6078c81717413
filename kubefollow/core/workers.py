"""Extraction in worker processes, so that parsing posts overlaps writing them.

Ingest spends about as long parsing Markdown (pure Python, bound to one core by the GIL)
as writing to SQLite. With more than one core, forked workers extract while the calling
process writes, posts coming back in the order given. Workers are forked after the rules
are loaded, so they start in milliseconds with everything imported. A worker exits when
its parent dies, kill -9 included (it watches its parent).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
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
PARENT_CHECK_SECONDS = 0.5  # how often a worker checks that its parent still runs
COLLECT_EVERY = 256  # posts between cycle collections while automatic ones are paused

_rules: Rules | None = None  # a worker's rules, set by _start_worker in the worker
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
    """Worker processes to use: one per core, at most 4; none on a single core. Extraction
    costs several times what writing does, so the writing process mostly waits for the
    workers: a worker on its core too finishes sooner (bench: 2 cores, 1,000 posts, 3.3 s
    with one worker, 2.5 s with two)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, 4)


class Extractor:
    """Posts in, store plans out, in the order given: by forked workers when there are
    enough posts and more than one core, else in this process. Use it as a context
    manager. A worker that dies (the OOM killer, say) fails the ingest with one error: the
    pool reports it broken rather than waiting for the posts it held."""

    def __init__(self, rules: Rules, jobs: int, posts: int) -> None:
        self.rules = rules
        self._pool: Any = None
        if jobs >= 1 and posts >= MIN_POSTS_FOR_WORKERS and _can_fork():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from kubefollow.extract.findings import name_matcher

            name_matcher(rules)  # built once, here: the workers inherit it

            # Forked now, before the store is opened: workers import the parser while this
            # process reads the files, and inherit no database connection. The rules reach
            # them through the fork (initargs are not pickled with the fork start method).
            self._pool = ProcessPoolExecutor(
                jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(rules,),
            )
            self._pool.submit(_import_parser).result()  # forks every worker now

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def plans(self, raws: list[RawPost]) -> Iterator[PostPlan | InputError]:
        """Each post's plan, or the error that stopped it."""
        if self._pool is None:
            return (_plan(raw, self.rules) for raw in raws)
        chunks = [raws[i : i + CHUNK] for i in range(0, len(raws), CHUNK)]
        return self._in_order(self._pool.map(_plan_in_worker, chunks))

    @staticmethod
    def _in_order(results: Iterator[list[PostPlan | InputError]]) -> Iterator[Any]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            for chunk in results:
                yield from chunk
        except BrokenProcessPool:
            raise ExtractionError(
                "an extraction worker died; the posts stored so far are kept: run the "
                "ingest again, or with --jobs 0"
            ) from None


def _can_fork() -> bool:
    # macOS lists fork but its system libraries are not safe to use after it.
    import multiprocessing  # here: an ingest without workers need not import it (6 ms)

    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def _start_worker(rules: Rules) -> None:
    """In each worker: the rules (this process's own), and Ctrl-C left to the parent,
    which stops the pool (a worker would print a traceback of its own)."""
    global _rules
    _rules = rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent died (kill -9 included) exits: it is adopted by another
    process, and nobody will ever read what it extracts."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _import_parser() -> None:
    # An import error here is left to the first task, which reports it.
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
    assert _rules is not None, "_start_worker sets the rules"
    return [_plan(raw, _rules) for raw in raws]
