"""Code articles in worker processes, each running the whole coder: NLP and eventwire's stages.

spaCy's own ``nlp.pipe(n_process=...)`` parallelises only the NLP and ships every ``Doc`` back
to the parent, which then runs eventwire's stages alone: on two cores the parent becomes the
bottleneck and the serialised Docs cost as much as they save. Here each worker codes a chunk of
articles from start to end and sends back only the events, which are small.

Workers are forked from the parent after it has loaded the coder, so the model, gazetteer and
actor dictionary are loaded once and their pages shared copy-on-write. Where ``fork`` is not
available the workers load their own coder from the same settings. At most ``2 * n_process``
chunks are queued or being coded, and ``8 * n_process`` held with those coded and waiting to be
handed out in order, so a stream of millions of articles is never read ahead into memory, and
one slow chunk does not leave the other workers idle.

The workers outlive one ``code_many`` call (``WorkerPool``, owned by the coder): a server or a
watch loop that codes a few articles per call would otherwise fork and warm new workers every
time, and each new worker starts with cold caches (gazetteer and actor lookups, spaCy's
lexemes), which cost a fresh worker 10-20% more CPU per article over its first hundred articles.
Each worker also caps numpy's BLAS at one thread and keeps the memory it frees for reuse
(``keep_freed_memory``): both are settings of the whole process, so only workers make them.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
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


class WorkerPool:
    """``n_process`` worker processes running one coder, started at the first call and kept until
    ``close`` (the coder's, or the finalizer when the coder is garbage-collected).

    The pool holds no reference to the coder, so it never keeps the coder alive: each call names
    it, and must name the same coder (the workers are copies of the first one).
    """

    def __init__(self, *, n_process: int) -> None:
        self.n_process = n_process
        self._executor: ProcessPoolExecutor | None = None

    def code(self, coder: Coder, articles: Iterable[Article], *,
             chunk_size: int) -> Iterator[tuple[Article, list[Event]]]:
        """Yield each article with its events, in input order."""
        executor = self._running(coder)
        pending: deque[tuple[list[Article], Future[list[list[Event]]]]] = deque()
        chunks = _chunks(articles, chunk_size, self.n_process)
        busy_limit = 2 * self.n_process  # chunks queued or being coded
        held_limit = 8 * self.n_process  # with those coded and waiting for their turn
        try:
            while True:
                while (len(pending) < held_limit and sum(not f.done() for _, f in pending) < busy_limit
                       and (chunk := next(chunks, None)) is not None):
                    pending.append((chunk, executor.submit(_code_chunk, chunk)))
                if not pending:
                    break
                chunk, future = pending[0]
                if not future.done():
                    # a slow chunk at the head must not leave the other workers idle: refill
                    # whenever any chunk is done, and hand results out in order when it is
                    wait([f for _, f in pending if not f.done()], return_when=FIRST_COMPLETED)
                    continue
                pending.popleft()
                yield from zip(chunk, self._result(future, chunk))
        finally:
            # a caller that stops early leaves no queued chunks to keep the workers busy
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        """Stop the workers; the next ``code`` starts new ones."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _running(self, coder: Coder) -> ProcessPoolExecutor:
        with _STARTING:  # two threads of a server may code at once: start one executor
            if self._executor is None:
                self._executor = _start_executor(coder, self.n_process)
            return self._executor

    def _result(self, future: Future[list[list[Event]]], chunk: list[Article]) -> list[list[Event]]:
        try:
            return future.result()
        except EventwireError:
            raise
        except BrokenProcessPool as error:  # a worker died: the executor cannot be used again
            self._executor = None
            raise _worker_error(chunk, error) from error
        except Exception as error:  # the task's own error; the workers stay usable
            raise _worker_error(chunk, error) from error


def _chunks(articles: Iterable[Article], size: int, n_process: int) -> Iterator[list[Article]]:
    """The articles in chunks of ``size``; the last ``2 * size`` in smaller ones, so that the
    workers finish close together rather than one coding a whole chunk while the rest wait."""
    stream = iter(articles)
    ahead: deque[Article] = deque()
    tail_size = 0  # set once the end of the stream is in sight
    while True:
        while not tail_size and len(ahead) < 2 * size:
            article = next(stream, None)
            if article is None:
                tail_size = max(1, -(-len(ahead) // (2 * n_process)))
                break
            ahead.append(article)
        if not ahead:
            return
        yield [ahead.popleft() for _ in range(min(tail_size or size, len(ahead)))]


# held while an executor starts, for its pool and for the global its forked workers copy
_STARTING = threading.Lock()


def _start_executor(coder: Coder, n_process: int) -> ProcessPoolExecutor:
    global _WORKER_CODER
    context = _context()
    forked = context.get_start_method() == "fork"
    initargs = (None,) if forked else (coder.resources.settings.with_overrides(n_process=1),)
    executor = ProcessPoolExecutor(max_workers=n_process, mp_context=context,
                                   initializer=_start, initargs=initargs)
    if forked:
        # a forked executor starts all its workers at the first submit, here, while the global
        # names this coder; the workers keep it whatever another coder sets later
        _WORKER_CODER = coder
        try:
            started = executor.submit(_ready).result()
        finally:
            _WORKER_CODER = None
        if not started:  # pragma: no cover - a fork always copies the global
            raise WorkerError("the coding workers started without a coder")
    return executor


def _ready() -> bool:
    return _WORKER_CODER is not None


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker_error(chunk: list[Article], error: BaseException) -> WorkerError:
    return WorkerError(
        f"a coding worker failed on the chunk starting with article '{chunk[0].id}': {error!r}. "
        "Run again with n_process 1 to see the error in place."
    )


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
