"""An exclusive lock between processes (and threads) of one machine, held on a file.

For work that must not run twice at once but has no database lock to lean on: building the
gazetteer index, merging the reports of one SQLite store. The lock is ``flock`` on a file
beside the thing it guards; the kernel drops it when its holder exits, even by a crash, so a
killed run never leaves a stale lock behind. Windows has no ``flock``: there the lock is a
no-op and concurrent runs must be avoided by the user (SQLite then reports a clash as an
error; nothing is written twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_lock(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while inside; others wait."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # each call opens its own file description, so threads of one process exclude each other
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
