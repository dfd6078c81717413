"""Several URLs fetched at once by a small pool of threads (the wait is the network's),
results in the order given."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from kubefollow.errors import InputError
from kubefollow.fetch.http import OFFLINE, Fetched, FetchOptions, client, fetch

MAX_THREADS = 4


def fetch_all(
    urls: list[str],
    options: FetchOptions,
    on_done: Callable[[str], None] | None = None,
) -> list[Fetched | InputError]:
    """Each URL's response or the error that stopped it, in the order given; on_done is
    called (from a pool thread) as each one ends."""
    if not urls:
        return []
    if options.offline:  # refused without importing httpx
        return [InputError(url, OFFLINE) for url in urls]

    with client(options) as http:

        def one(url: str) -> Fetched | InputError:
            try:
                return fetch(url, options, http)
            except InputError as exc:
                return exc
            finally:
                if on_done is not None:
                    on_done(url)

        if len(urls) == 1:
            return [one(urls[0])]
        with ThreadPoolExecutor(min(MAX_THREADS, len(urls))) as pool:
            return list(pool.map(one, urls))
