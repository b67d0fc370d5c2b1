"""The main jobs as library functions: code files to events, and ingest them into a store.

The CLI and any later API are thin layers over these. Nothing here prints: progress goes to
an optional callback and rejected input is collected in the ``ReadSummary``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.ingest import ReadSummary, read_articles
from eventwire.model import Article, Event, Rejection
from eventwire.pipeline import Coder
from eventwire.store import EventStore, SaveResult

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]  # called with the number of articles just finished
PathLike = str | os.PathLike[str]


def articles_only(items: Iterable[Article | Rejection]) -> Iterator[Article]:
    """Drop rejections (the reader has already recorded them in its summary)."""
    for item in items:
        if isinstance(item, Article):
            yield item
        else:
            logger.debug("rejected %s", item)  # the caller reports rejections from the summary


def code_paths(paths: Iterable[PathLike], *, coder: Coder, summary: ReadSummary,
               progress: Progress | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """Read and code every article under ``paths``; rejected input lands in ``summary``."""
    articles = articles_only(read_articles(paths, summary=summary))
    for article, events in coder.code_many(articles):
        if progress is not None:
            progress(1)
        yield article, events


@dataclass
class IngestReport:
    summary: ReadSummary
    already_stored: int = 0
    saved: SaveResult = field(default_factory=SaveResult)

    def __str__(self) -> str:
        saved = self.saved
        return (
            f"{self.summary}; {saved.articles_inserted} new and {saved.articles_replaced} changed "
            f"articles coded, {self.already_stored} already stored; {saved.events_written} events written"
        )


def ingest_paths(paths: Iterable[PathLike], store: EventStore, *, coder: Coder,
                 chunk_size: int = 64, progress: Progress | None = None) -> IngestReport:
    """Code the articles not yet stored and save them, one transaction per chunk.

    Idempotent and resumable: an article already stored with the same content is skipped, so a
    run killed mid-way and started again codes only what it had not committed. The NLP streams
    over all fresh articles (one worker pool for the whole run when ``n_process`` > 1).
    """
    report = IngestReport(summary=ReadSummary())
    articles = articles_only(read_articles(paths, summary=report.summary))
    fresh = _not_yet_stored(articles, store, report=report, chunk_size=chunk_size, progress=progress)
    batch: list[tuple[Article, list[Event]]] = []
    for article, events in coder.code_many(fresh):
        batch.append((article, events))
        if progress is not None:
            progress(1)
        if len(batch) >= chunk_size:
            report.saved = report.saved + store.save(batch)
            batch = []
    if batch:
        report.saved = report.saved + store.save(batch)
    return report


def _not_yet_stored(articles: Iterator[Article], store: EventStore, *, report: IngestReport,
                    chunk_size: int, progress: Progress | None) -> Iterator[Article]:
    """The articles whose id and content the store does not hold yet, looked up a chunk at a time."""
    while chunk := list(itertools.islice(articles, chunk_size)):
        known = store.known_articles(article.id for article in chunk)
        fresh = [article for article in chunk if known.get(article.id) != article.content_hash]
        skipped = len(chunk) - len(fresh)
        report.already_stored += skipped
        if progress is not None and skipped:
            progress(skipped)
        yield from fresh
