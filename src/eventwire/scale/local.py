"""The local engine: every shard coded in this process by one ``Coder``.

The pending shards are streamed through one ``code_many`` call, so batching (and, with
``n_process`` > 1, the process pool) spans shard boundaries and starts once per run; the
coded articles are cut back into their shards as they come out, in order.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Protocol, Self

from eventwire.model import Article, Event
from eventwire.scale.base import Shard, ShardError, ShardResult


class ArticleCoder(Protocol):
    """What the local engine needs of a coder: ``eventwire.pipeline.Coder`` or a test double."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...


class LocalEngine:
    """Codes shards in this process; ``load`` (called on ``__enter__``) builds the coder."""

    name = "local"

    def __init__(self, load: Callable[[], ArticleCoder]) -> None:
        self._load = load
        self._coder: ArticleCoder | None = None

    def __enter__(self) -> Self:
        self._coder = self._load()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._coder = None

    def code_shards(self, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        if self._coder is None:
            raise ShardError("the local engine is not started: use it in a `with` block")
        queued: deque[Shard] = deque()  # shards whose articles went into code_many, in order

        def articles() -> Iterator[Article]:
            for shard in shards:
                queued.append(shard)
                yield from shard.articles

        coded = self._coder.code_many(articles())
        while True:
            first = next(coded, None)  # pulls the next shard into ``queued`` when needed
            if first is None:
                return
            shard = queued.popleft()
            rest = list(itertools.islice(coded, len(shard.articles) - 1))
            yield _result(shard, [first, *rest])


def _result(shard: Shard, pairs: list[tuple[Article, list[Event]]]) -> ShardResult:
    ids = [article.id for article, _ in pairs]
    if ids != [article.id for article in shard.articles]:
        raise ShardError(f"{shard.name}: the coder returned the articles out of order; please report it")
    return ShardResult(shard, tuple(tuple(events) for _, events in pairs))
