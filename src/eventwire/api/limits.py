"""How much one API request may ask for: page sizes and aggregate buckets."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """Bounds on the cost of one request.

    ``page_size`` is the default and ``max_page_size`` the largest ``limit`` of a page of
    articles or events; ``buckets`` and ``max_buckets`` are the same for aggregates and actor
    links, whose rows are small.
    """

    page_size: int = 50
    max_page_size: int = 500
    buckets: int = 1000
    max_buckets: int = 10_000

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
