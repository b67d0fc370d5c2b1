"""What a watch cycle did, and the totals over a run."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from eventwire.model import Rejection

if TYPE_CHECKING:
    from eventwire.dedup.run import MergeReport


@dataclass
class WatchCounts:
    """Counts that add up across cycles."""

    files_ingested: int = 0
    files_waiting: int = 0  # still being written: left for the next cycle
    feeds_polled: int = 0
    feeds_unchanged: int = 0  # answered 304 Not Modified
    feeds_not_due: int = 0  # polled less than the minimum interval ago
    feeds_failed: int = 0
    items_new: int = 0
    pages_fetched: int = 0
    texts_from_feed: int = 0  # the page gave no text: the feed's summary or content was used
    items_failed: int = 0
    articles_stored: int = 0  # new or changed articles coded and saved
    articles_already_stored: int = 0
    events_written: int = 0
    rejected: int = 0

    def __add__(self, other: WatchCounts) -> WatchCounts:
        return WatchCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                              for f in fields(self)})


@dataclass(frozen=True)
class SourceProblem:
    """A folder, feed or feed item that failed this cycle; the others went on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class CycleReport:
    """One pass over every source."""

    counts: WatchCounts = field(default_factory=WatchCounts)
    stored_article_ids: list[str] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    merge: MergeReport | None = None

    @property
    def stored_anything(self) -> bool:
        return bool(self.stored_article_ids)

    def __str__(self) -> str:
        c = self.counts
        text = (f"{c.files_ingested} files ingested ({c.files_waiting} still being written); "
                f"{c.feeds_polled} feeds polled ({c.feeds_unchanged} unchanged, "
                f"{c.feeds_not_due} not due, {c.feeds_failed} failed); {c.items_new} new items "
                f"({c.pages_fetched} pages fetched, {c.texts_from_feed} texts from the feed, "
                f"{c.items_failed} failed); {c.articles_stored} articles coded, "
                f"{c.articles_already_stored} already stored; {c.events_written} events written")
        return text if self.merge is None else f"{text}\nmerged: {self.merge}"


@dataclass
class WatchReport:
    """The totals of a :func:`~eventwire.watch.watch` run and its last cycle."""

    cycles: int = 0
    totals: WatchCounts = field(default_factory=WatchCounts)
    problems: int = 0
    last: CycleReport | None = None
    stopped: bool = False  # ended by the stop event rather than --once

    def add(self, cycle: CycleReport) -> None:
        self.cycles += 1
        self.totals = self.totals + cycle.counts
        self.problems += len(cycle.problems)
        self.last = cycle

    def __str__(self) -> str:
        t = self.totals
        return (f"{self.cycles} cycles: {t.articles_stored} articles coded "
                f"({t.files_ingested} files, {t.items_new} feed items), {t.events_written} "
                f"events written, {self.problems} problems")
