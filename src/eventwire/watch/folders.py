"""Watched folders: ingest each new or changed article file once, as ``eventwire ingest`` does.

A file is compared with the state by size and mtime first (cheap), then by content hash, so a
file touched but not changed is not reread. A file whose size or mtime changes between two
looks a moment apart is still being written: it waits for the next cycle.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.ingest import ReadSummary, read_articles
from eventwire.jobs import ingest_paths
from eventwire.model import Article
from eventwire.pipeline import Coder
from eventwire.store import EventStore
from eventwire.watch.report import CycleReport, SourceProblem
from eventwire.watch.state import FileRecord, WatchState

logger = logging.getLogger(__name__)

# The formats `eventwire ingest` reads from folders (each may be gzipped).
ARTICLE_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")


@dataclass(frozen=True)
class Look:
    """A file's size and mtime at one moment."""

    size: int
    mtime_ns: int


def article_files(folder: Path) -> Iterator[Path]:
    """The article files under ``folder``, in name order, without hidden entries."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().removesuffix(".gz").endswith(
                    ARTICLE_SUFFIXES):
                yield Path(root) / name


def look_at(path: Path) -> Look | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # deleted since the listing
    return Look(stat.st_size, stat.st_mtime_ns)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FolderWatcher:
    """Ingests what changed in ``folders`` since the state last saw them.

    ``settle`` is the time between the two looks at a changed file; ``pause`` waits it out
    (``stop.wait`` by default, so a stop is not delayed).
    """

    def __init__(self, folders: Iterable[str | os.PathLike[str]], state: WatchState, *,
                 settle: float = 1.0, pause: Callable[[float], object] | None = None) -> None:
        self.folders = [Path(folder) for folder in folders]
        self.state = state
        self.settle = settle
        self._pause = pause

    def run(self, store: EventStore, coder: Coder, report: CycleReport,
            stop: threading.Event) -> None:
        changed = dict(self._changed_files(report))
        if not changed:
            return
        (self._pause or stop.wait)(self.settle)
        for path, first in changed.items():
            if stop.is_set():
                return
            if look_at(path) != first:
                logger.info("%s is still being written; it waits for the next cycle", path)
                report.counts.files_waiting += 1
                continue
            try:
                self._ingest_if_new(path, first, store, coder, report)
            except OSError as error:  # unreadable, or deleted between the looks
                report.problems.append(SourceProblem(str(path), f"cannot read it: {error}"))

    def _changed_files(self, report: CycleReport) -> Iterator[tuple[Path, Look]]:
        for folder in self.folders:
            if not folder.is_dir():
                report.problems.append(SourceProblem(str(folder), "not a folder (or missing)"))
                continue
            for path in article_files(folder):
                look = look_at(path)
                known = self.state.file(str(path))
                if look is not None and (known is None or (known.size, known.mtime_ns) != (
                        look.size, look.mtime_ns)):
                    yield path, look

    def _ingest_if_new(self, path: Path, look: Look, store: EventStore, coder: Coder,
                       report: CycleReport) -> None:
        digest = file_sha256(path)
        known = self.state.file(str(path))
        record = FileRecord(look.size, look.mtime_ns, digest)
        if known is not None and known.sha256 == digest:
            self.state.record_file(str(path), record)  # touched, not changed
            return
        fresh = _fresh_article_ids(path, store)
        ingest = ingest_paths([path], store, coder=coder, merge=False)
        self.state.record_file(str(path), record)  # only once its articles are stored
        saved = ingest.saved
        report.counts.files_ingested += 1
        report.counts.articles_stored += saved.articles_inserted + saved.articles_replaced
        report.counts.articles_already_stored += ingest.already_stored
        report.counts.events_written += saved.events_written
        report.counts.rejected += len(ingest.summary.rejections)
        report.rejections += ingest.summary.rejections
        report.stored_article_ids += fresh
        logger.info("ingested %s: %s", path, ingest)


def _fresh_article_ids(path: Path, store: EventStore) -> list[str]:
    """The ids of the articles in ``path`` that the store does not hold as they are now."""
    hashes = {item.id: item.content_hash for item in read_articles([path], summary=ReadSummary())
              if isinstance(item, Article)}
    known = store.known_articles(hashes)
    return [article_id for article_id, content in hashes.items() if known.get(article_id) != content]
