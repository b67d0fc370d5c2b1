"""Code articles in worker processes, each running the whole coder: NLP and eventwire's stages.

spaCy's own ``nlp.pipe(n_process=...)`` parallelises only the NLP and ships every ``Doc`` back
to the parent, which then runs eventwire's stages alone: on two cores the parent becomes the
bottleneck and the serialised Docs cost as much as they save. Here each worker codes a chunk of
articles from start to end and sends back only the events, which are small.

Workers are forked from the parent after it has loaded the coder, so the model, gazetteer and
actor dictionary are loaded once and their pages shared copy-on-write. Where ``fork`` is not
available the workers load their own coder from the same settings. At most ``2 * n_process``
chunks are in flight, so a stream of millions of articles is never read ahead into memory.
Each worker also caps numpy's BLAS at one thread and keeps the memory it frees for reuse
(``keep_freed_memory``): both are settings of the whole process, so only workers make them.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError

if TYPE_CHECKING:
    from eventwire.config import Settings
    from eventwire.model import Article, Event
    from eventwire.pipeline import Coder

logger = logging.getLogger(__name__)

# The coder a worker uses: inherited from the parent when forked, else loaded in ``_start``.
_WORKER_CODER: Coder | None = None


class WorkerError(EventwireError):
    """A coding worker died or failed; the message names the first article of its chunk."""


def code_in_workers(coder: Coder, articles: Iterable[Article], *, n_process: int,
                    chunk_size: int) -> Iterator[tuple[Article, list[Event]]]:
    """Yield each article with its events, in input order, coded by ``n_process`` workers."""
    global _WORKER_CODER
    context = _context()
    forked = context.get_start_method() == "fork"
    _WORKER_CODER = coder if forked else None
    initargs = (None,) if forked else (coder.resources.settings.with_overrides(n_process=1),)
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context,
                             initializer=_start, initargs=initargs) as pool:
        pending: deque[tuple[list[Article], Future[list[list[Event]]]]] = deque()
        stream = iter(articles)
        while True:
            while len(pending) < 2 * n_process and (chunk := list(itertools.islice(stream, chunk_size))):
                pending.append((chunk, pool.submit(_code_chunk, chunk)))
            if not pending:
                break
            chunk, future = pending.popleft()
            yield from zip(chunk, _result(future, chunk))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _result(future: Future[list[list[Event]]], chunk: list[Article]) -> list[list[Event]]:
    try:
        return future.result()
    except EventwireError:
        raise
    except Exception as error:  # a crashed worker surfaces as BrokenProcessPool or the task's error
        raise WorkerError(
            f"a coding worker failed on the chunk starting with article '{chunk[0].id}': {error!r}. "
            "Run again with n_process 1 to see the error in place."
        ) from error


def _start(settings: Settings | None) -> None:
    global _WORKER_CODER
    from eventwire.nlp.matmul import limit_blas_threads

    # the workers already use every core; BLAS threads on top would only contend for them
    limit_blas_threads(1)
    keep_freed_memory()
    if settings is not None:
        from eventwire.pipeline import Coder

        _WORKER_CODER = Coder.default(settings)


# glibc's ``mallopt`` parameters (malloc.h) and the values a worker sets
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
WORKER_MMAP_THRESHOLD = 64 << 20
WORKER_TRIM_THRESHOLD = 256 << 20


def keep_freed_memory() -> bool:
    """Have glibc keep memory this process frees for its next allocations; False where the C
    library has no ``mallopt`` (not glibc).

    The model's layers allocate and free arrays of several MB for every batch. By default glibc
    gives freed memory at the top of the heap back to the system, and serves blocks above a
    threshold it keeps adjusting with fresh mappings, so each batch faults its pages in (and
    zeroes them) again: 9-16% of a worker's CPU time went to the kernel. With these thresholds a
    worker reuses up to 256 MB of freed memory and spends 2-4% there. Only eventwire's own
    worker processes call it: it changes the allocator of the whole process.
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, WORKER_TRIM_THRESHOLD))


def _code_chunk(articles: list[Article]) -> list[list[Event]]:
    coder = _WORKER_CODER
    if coder is None:  # pragma: no cover - _start always sets it
        raise WorkerError("the coding worker started without a coder")
    return [events for _, events in coder.code_serially(articles)]
