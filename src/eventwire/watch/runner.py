"""The watch loop: one cycle over every folder and feed, then a pause, until stopped."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from eventwire.errors import ConfigError, RetryableError
from eventwire.jobs import merge_new_reports
from eventwire.pipeline import Coder
from eventwire.store import EventStore, is_database_url
from eventwire.watch.feeds import FeedOptions, FeedWatcher
from eventwire.watch.folders import FolderWatcher
from eventwire.watch.report import CycleReport, SourceProblem, WatchReport
from eventwire.watch.state import WatchState

logger = logging.getLogger(__name__)

OnIngested = Callable[[EventStore, CycleReport], None]
OnCycle = Callable[[CycleReport], None]


@dataclass(frozen=True)
class WatchSources:
    """What to watch: folders of article files, and RSS/Atom feed URLs."""

    folders: Sequence[str | os.PathLike[str]] = ()
    feeds: Sequence[str] = ()

    def __post_init__(self) -> None:
        if not self.folders and not self.feeds:
            raise ConfigError("nothing to watch: give at least one --folder DIR or --feed URL")
        for url in self.feeds:
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"--feed {url}: give an http:// or https:// URL")


@dataclass(frozen=True)
class WatchOptions:
    """Tuning: ``settle`` is the pause between two looks at a changed file."""

    settle: float = 1.0
    feeds: FeedOptions = field(default_factory=FeedOptions)


def default_state_path(db: str | os.PathLike[str]) -> str:
    """The state file beside the store: ``events.db`` -> ``events.db.watch``.

    Raises:
        ConfigError: the store is in memory or in a database server, with no file beside it.
    """
    location = os.fspath(db).removeprefix("sqlite:///")
    if location == ":memory:":
        raise ConfigError("an in-memory store has no place for the watch state: give --state FILE")
    if is_database_url(location):
        raise ConfigError("a PostgreSQL store has no file beside it for the watch state: give "
                          "--state FILE (a local file; each watcher keeps its own)")
    return location + ".watch"


def watch(store: EventStore, sources: WatchSources, coder: Coder, *, state: WatchState,
          interval: float = 300.0, once: bool = False, stop: threading.Event | None = None,
          on_ingested: OnIngested | None = None, on_cycle: OnCycle | None = None,
          merge: bool = True,
          options: WatchOptions | None = None, http_client: Any = None) -> WatchReport:
    """Ingest new files in ``sources.folders`` and new items of ``sources.feeds``, every
    ``interval`` seconds until ``stop`` is set (or one cycle with ``once``).

    Each cycle stores what is new (merging the new reports into events with ``merge``), then
    calls ``on_ingested(store, cycle_report)`` if it stored anything (alerts) and
    ``on_cycle(cycle_report)`` after every cycle (progress). Setting ``stop`` ends the
    run after the article being coded; the state is kept, so the next run carries on.

    Raises:
        MissingDependencyError: feeds are given and the ``watch`` extra is not installed.
        ConfigError: merging needs a store that runs SQL (SQLite or PostgreSQL).
    """
    stop = stop or threading.Event()
    options = options or WatchOptions()
    folders = FolderWatcher(sources.folders, state, settle=options.settle)
    feeds = FeedWatcher(list(sources.feeds), state, options=options.feeds,
                        client=http_client) if sources.feeds else None
    report = WatchReport()
    try:
        while True:
            cycle = run_cycle(store, coder, folders=folders, feeds=feeds, stop=stop, merge=merge)
            report.add(cycle)
            logger.info("cycle %d: %s", report.cycles, cycle)
            if on_cycle is not None:
                on_cycle(cycle)
            if cycle.stored_anything and on_ingested is not None:
                on_ingested(store, cycle)
            if once or stop.wait(interval):
                break
    finally:
        if feeds is not None:
            feeds.close()
    report.stopped = stop.is_set()
    return report


def run_cycle(store: EventStore, coder: Coder, *, folders: FolderWatcher,
              feeds: FeedWatcher | None, stop: threading.Event, merge: bool) -> CycleReport:
    """One pass: folders first (cheap), then feeds; then merge what was stored."""
    cycle = CycleReport()
    try:
        folders.run(store, coder, cycle, stop)
        if feeds is not None:
            feeds.run(store, coder, cycle, stop=stop)
    except RetryableError as error:  # a locked store: what is not stored is tried next cycle
        logger.warning("cycle cut short: %s", error)
        cycle.problems.append(SourceProblem("store", f"{error}; tried again next cycle"))
        return cycle
    if merge and cycle.stored_anything:
        cycle.merge = merge_new_reports(store)
    return cycle


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """While inside, SIGINT and SIGTERM set ``stop`` (a second SIGINT interrupts at once).

    Only for the main thread of a program (the CLI); the previous handlers are put back.
    """
    def handle(number: int, _frame: FrameType | None) -> None:
        if stop.is_set() and number == signal.SIGINT:
            raise KeyboardInterrupt
        logger.warning("signal %d: stopping after the current article", number)
        stop.set()

    previous = {number: signal.signal(number, handle)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
