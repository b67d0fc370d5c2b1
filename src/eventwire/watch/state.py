"""The watcher's memory between cycles and runs: a small SQLite file beside the store.

It records which files were ingested (path, size, mtime, content hash), and for each feed its
validators (ETag, Last-Modified), its last poll and the items already stored. Every change is
committed at once, so a watcher killed mid-cycle loses at most the article it was coding:
an item is marked seen only after its article is in the store.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from eventwire.errors import StoreError

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, ingested_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT, last_poll REAL,
    last_status TEXT);
CREATE TABLE IF NOT EXISTS items (
    article_id TEXT PRIMARY KEY, feed_url TEXT NOT NULL, link TEXT, text_from TEXT NOT NULL,
    seen_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS items_by_feed ON items (feed_url);
"""


@dataclass(frozen=True)
class FileRecord:
    """What a file looked like when it was last ingested."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class FeedRecord:
    """A feed's validators for conditional requests, and when it was last polled."""

    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None
    title: str | None = None


class WatchState:
    """The state file (``:memory:`` for a throwaway one); use as a context manager.

    Raises:
        StoreError: the file cannot be opened or is not a watch state file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the watch state file {self.path} ({error}): give "
                             "another --state file, or delete this one to start afresh") from error

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            raise StoreError(f"the watch state file {self.path} has schema {row[0]}, this "
                             f"eventwire reads {SCHEMA_VERSION}: give another --state file")

    # files

    def file(self, path: str) -> FileRecord | None:
        row = self._db.execute("SELECT size, mtime_ns, sha256 FROM files WHERE path = ?",
                               (path,)).fetchone()
        return FileRecord(*row) if row else None

    def record_file(self, path: str, record: FileRecord) -> None:
        self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                         (path, record.size, record.mtime_ns, record.sha256, time.time()))

    def file_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM files").fetchone()[0])

    # feeds

    def feed(self, url: str) -> FeedRecord:
        row = self._db.execute(
            "SELECT etag, last_modified, last_poll, title FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return FeedRecord(*row) if row else FeedRecord()

    def record_poll(self, url: str, *, status: str, at: float | None = None) -> None:
        """Note a poll of ``url`` (its validators are kept)."""
        self._db.execute(
            "INSERT INTO feeds (url, last_poll, last_status) VALUES (?, ?, ?) ON CONFLICT (url) "
            "DO UPDATE SET last_poll = excluded.last_poll, last_status = excluded.last_status",
            (url, time.time() if at is None else at, status))

    def record_validators(self, url: str, *, etag: str | None, last_modified: str | None,
                          title: str | None) -> None:
        """Keep the validators of a response whose items are all stored."""
        self._db.execute(
            "INSERT INTO feeds (url, etag, last_modified, title) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, title = excluded.title",
            (url, etag, last_modified, title))

    # items

    def seen(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM items WHERE article_id = ?",
                                (article_id,)).fetchone() is not None

    def mark_seen(self, article_id: str, *, feed_url: str, link: str | None,
                  text_from: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?, ?)",
                         (article_id, feed_url, link, text_from, time.time()))

    def seen_count(self, feed_url: str | None = None) -> int:
        if feed_url is None:
            return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])
        return int(self._db.execute("SELECT count(*) FROM items WHERE feed_url = ?",
                                    (feed_url,)).fetchone()[0])

    def text_from(self, article_id: str) -> str | None:
        """Where an item's text came from: ``page`` or ``feed``."""
        row = self._db.execute("SELECT text_from FROM items WHERE article_id = ?",
                               (article_id,)).fetchone()
        return str(row[0]) if row else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
