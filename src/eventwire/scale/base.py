"""The executor interface: a shard of articles goes in, its events come out.

An :class:`Engine` codes :class:`Shard` s and yields a :class:`ShardResult` for each, in any
order. Reading the input, cutting it into shards, skipping the finished ones and writing the
results is the job of ``eventwire.scale.run``, the same for every engine, so an engine only
decides where the coding happens (this process, or workers on a Ray cluster).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from eventwire.errors import EventwireError, RetryableError
from eventwire.model import Article, Event

#: Result shard files are named ``shard-<index>-<fingerprint>.jsonl``.
SHARD_PREFIX = "shard-"
SHARD_SUFFIX = ".jsonl"


class ShardError(EventwireError):
    """A shard could not be coded or written; the message names the shard."""


class WorkerLostError(ShardError, RetryableError):
    """A worker died more often than its retries allow; rerunning the command resumes."""


class ResultFormatError(EventwireError):
    """A result shard (or its folder) is not what ``eventwire code`` writes."""


@dataclass(frozen=True, slots=True)
class Shard:
    """A run of consecutive input articles, coded and written as one unit.

    ``index`` is its place in the input; the fingerprint hashes the ids and content hashes of
    its articles, so a rerun over changed input cannot mistake an old shard for a new one.
    """

    index: int
    articles: tuple[Article, ...]

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for article in self.articles:
            digest.update(f"{article.id}\x1f{article.content_hash}\n".encode())
        return digest.hexdigest()[:12]

    @property
    def name(self) -> str:
        return f"{SHARD_PREFIX}{self.index:06d}-{self.fingerprint}"


@dataclass(frozen=True, slots=True)
class ShardResult:
    """The events of each article of ``shard``, aligned with ``shard.articles``."""

    shard: Shard
    events: tuple[tuple[Event, ...], ...]

    def __post_init__(self) -> None:
        if len(self.events) != len(self.shard.articles):
            raise ShardError(
                f"{self.shard.name}: the engine returned events for {len(self.events)} of "
                f"{len(self.shard.articles)} articles; this is a bug, please report it"
            )

    def pairs(self) -> Iterator[tuple[Article, tuple[Event, ...]]]:
        return zip(self.shard.articles, self.events, strict=True)

    @property
    def event_count(self) -> int:
        return sum(len(events) for events in self.events)


class Engine(Protocol):
    """Where shards are coded. Enter it (model loads, workers start) before ``code_shards``."""

    name: str

    def code_shards(self, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        """Code each shard once; results may come in any order. ``shards`` is read lazily."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
