"""Keep watch: ingest new article files in folders and new items of RSS/Atom feeds as they come.

``watch(store, sources, coder, state=WatchState(path), ...)`` runs the loop; ``eventwire
watch`` is a thin layer over it. Folders need nothing extra; feeds need the ``watch`` extra
(feedparser, trafilatura, httpx) and raise :class:`~eventwire.errors.MissingDependencyError`
with the install command when it is missing. See docs/WATCH.md.
"""

from __future__ import annotations

from eventwire.watch.feeds import FeedError, FeedOptions, require_feed_dependencies
from eventwire.watch.report import CycleReport, SourceProblem, WatchCounts, WatchReport
from eventwire.watch.runner import (
    OnCycle,
    OnIngested,
    WatchOptions,
    WatchSources,
    default_state_path,
    stop_on_signals,
    watch,
)
from eventwire.watch.state import WatchState

__all__ = [
    "CycleReport",
    "FeedError",
    "FeedOptions",
    "OnCycle",
    "OnIngested",
    "SourceProblem",
    "WatchCounts",
    "WatchOptions",
    "WatchReport",
    "WatchSources",
    "WatchState",
    "default_state_path",
    "require_feed_dependencies",
    "stop_on_signals",
    "watch",
]
