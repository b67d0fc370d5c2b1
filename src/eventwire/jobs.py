"""The main jobs as library functions: code files to events, and ingest them into a store.

The CLI and any later API are thin layers over these. Nothing here prints: progress goes to
an optional callback and rejected input is collected in the ``ReadSummary``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwire.errors import ArticleError, ConfigError
from eventwire.ingest import ReadSummary, read_articles
from eventwire.ingest.records import article_from_record
from eventwire.model import Article, Event, Origin, Rejection
from eventwire.pipeline import Coder
from eventwire.store import EventFilter, EventStore, SaveResult

if TYPE_CHECKING:
    from eventwire.dedup.run import MergeReport

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
    merge: MergeReport | None = None  # when the new reports were merged into events

    def __str__(self) -> str:
        saved = self.saved
        text = (
            f"{self.summary}; {saved.articles_inserted} new and {saved.articles_replaced} changed "
            f"articles coded, {self.already_stored} already stored; {saved.events_written} events written"
        )
        return text if self.merge is None else f"{text}\nmerged: {self.merge}"


def ingest_paths(paths: Iterable[PathLike], store: EventStore, *, coder: Coder,
                 chunk_size: int = 64, progress: Progress | None = None,
                 merge: bool = False) -> IngestReport:
    """Code the articles not yet stored and save them, one transaction per chunk.

    Idempotent and resumable: an article already stored with the same content is skipped, so a
    run killed mid-way and started again codes only what it had not committed. The NLP streams
    over all fresh articles (one worker pool for the whole run when ``n_process`` > 1). With
    ``merge``, the new reports are then merged into events across articles (``eventwire.dedup``).
    """
    report = IngestReport(summary=ReadSummary())
    articles = articles_only(read_articles(paths, summary=report.summary))
    _code_and_save(articles, store, coder=coder, report=report, chunk_size=chunk_size,
                   progress=progress)
    if merge:
        report.merge = merge_new_reports(store)
    return report


def ingest_records(records: Sequence[object], store: EventStore, *, coder: Coder,
                   origin: str = "request", chunk_size: int = 64,
                   merge: bool = False) -> IngestReport:
    """Like :func:`ingest_paths` for records already in memory (the API's ingest route): each
    a mapping with ``text`` and optional ``id``, ``date``, ``title``, ``source``, ``url``.

    A bad record becomes a rejection at ``origin`` and its position (from 1), as a bad line
    of a JSON Lines file would; the others are coded and saved.
    """
    report = IngestReport(summary=ReadSummary())
    articles = _records_as_articles(records, origin, report.summary)
    _code_and_save(articles, store, coder=coder, report=report, chunk_size=chunk_size,
                   progress=None)
    if merge:
        report.merge = merge_new_reports(store)
    return report


def merge_new_reports(store: EventStore) -> MergeReport:
    """Merge the store's reports not yet in a merged event (``eventwire.dedup``), in any store
    that runs SQL: SQLite or PostgreSQL.

    Raises:
        ConfigError: a store that runs no SQL (a stand-in written for a test, say).
    """
    from eventwire.dedup.run import merge_store
    from eventwire.store.base import SQLStore

    if not isinstance(store, SQLStore):
        raise ConfigError(f"Merging events across articles needs an SQLite or PostgreSQL store, "
                          f"not {type(store).__name__}; turn it off with the merge setting "
                          "(--no-merge).")
    return merge_store(store)


def _records_as_articles(records: Sequence[object], origin: str,
                         summary: ReadSummary) -> Iterator[Article]:
    summary.files += 1
    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(record, Mapping):
                raise ArticleError("not a JSON object: each article must be an object such as "
                                   '{"date": "YYYY-MM-DD", "text": "..."}')
            article = article_from_record(record, Origin(origin, number))
        except ArticleError as error:
            summary.rejections.append(Rejection(origin, number, error.reason))
            continue
        summary.articles += 1
        yield article


def _code_and_save(articles: Iterator[Article], store: EventStore, *, coder: Coder,
                   report: IngestReport, chunk_size: int, progress: Progress | None) -> None:
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


@dataclass
class MigrateReport:
    """What :func:`migrate_store` copied, and what each store holds afterwards."""

    articles: int = 0
    events: int = 0
    saved: SaveResult = field(default_factory=SaveResult)
    target_articles: int = 0
    target_events: int = 0

    def __str__(self) -> str:
        return (f"{self.articles} articles and {self.events} events read; "
                f"{self.saved.articles_inserted} new and {self.saved.articles_replaced} changed "
                f"articles written, {self.saved.articles_unchanged} already there; the target "
                f"holds {self.target_articles} articles and {self.target_events} events")


def migrate_store(source: EventStore, target: EventStore, *, chunk_size: int = 500,
                  progress: Progress | None = None) -> MigrateReport:
    """Copy every article and its events from ``source`` into ``target`` (any two backends),
    ``chunk_size`` articles per transaction. Idempotent as ingest is: an article the target
    holds with the same content is left alone, so a stopped copy is resumed by running it
    again. Events are copied as stored, not coded again."""
    report = MigrateReport()
    ids = source.article_ids()
    for start in range(0, len(ids), chunk_size):
        batch: list[tuple[Article, list[Event]]] = []
        for article_id in ids[start:start + chunk_size]:
            article = source.article(article_id)
            if article is None:  # deleted while we copied: nothing to copy
                continue
            events = list(source.events(EventFilter(article_id=article_id)))
            batch.append((article, events))
            report.articles += 1
            report.events += len(events)
        report.saved = report.saved + target.save(batch)
        if progress is not None:
            progress(len(batch))
    report.target_articles = target.count_articles()
    report.target_events = target.count_events()
    return report
