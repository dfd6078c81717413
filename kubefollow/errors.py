"""The core's exceptions. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class KubefollowError(Exception):
    """A failure the user can act on; never shown with a traceback."""

    exit_code = 1


class UsageError(KubefollowError):
    """The command was asked for something it cannot mean (an unknown theme, say)."""

    exit_code = 2


class ItemNotFound(KubefollowError):
    pass


class AmbiguousItem(KubefollowError):
    def __init__(self, ref: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(f"{ref!r} matches several items: {', '.join(candidates)}")


class InputError(KubefollowError):
    """A post that cannot be read: names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Pickled back from extraction workers: rebuild from path and reason, not args.
        return (InputError, (self.path, self.reason))


class ExtractionError(KubefollowError):
    """Extraction failed for a reason that is not the post's: a worker process died."""


class StoreError(KubefollowError):
    """The store cannot be opened, created or written."""


class UndoError(KubefollowError):
    pass


class DuplicateItem(KubefollowError):
    """An add or a rename would make a second item of a project the store already holds."""
