"""How much one API request may ask for: page sizes, aggregate rows, query time, ingest size."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """Bounds on the cost of one request.

    ``page_size`` is the default and ``max_page_size`` the largest ``limit`` of a page of
    articles or events; ``buckets`` and ``max_buckets`` are the same for aggregates, timeline
    periods, places and actor links, whose rows are small. ``max_offset`` bounds how deep a
    page may start (SQLite steps over every row it skips; past a million, filter instead).
    ``query_seconds`` bounds each SQL statement: a filter that makes the store scan too much is stopped and answered 422, so
    one request cannot hold a worker. ``ingest_articles`` and ``ingest_bytes`` bound one
    ingest request (when ingest is on).
    """

    page_size: int = 50
    max_page_size: int = 500
    buckets: int = 1000
    max_buckets: int = 10_000
    max_offset: int = 1_000_000
    query_seconds: float = 5.0
    ingest_articles: int = 100
    ingest_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        if not 1 <= self.page_size <= self.max_page_size:
            raise ConfigError(
                f"page_size must be between 1 and max_page_size ({self.max_page_size}), "
                f"got {self.page_size}."
            )
        if not 1 <= self.buckets <= self.max_buckets:
            raise ConfigError(
                f"buckets must be between 1 and max_buckets ({self.max_buckets}), "
                f"got {self.buckets}."
            )
        if (self.query_seconds <= 0 or self.ingest_articles < 1 or self.ingest_bytes < 1
                or self.max_offset < 0):
            raise ConfigError(
                "query_seconds, ingest_articles and ingest_bytes must be more than 0 and "
                f"max_offset not negative, got {self.query_seconds}, {self.ingest_articles}, "
                f"{self.ingest_bytes} and {self.max_offset}."
            )
