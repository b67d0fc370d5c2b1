"""The embedded SQLite store: one file, WAL mode, one transaction per saved batch.

WAL lets readers (an export, a dashboard) read while a single writer ingests. Each batch is
written inside ``BEGIN IMMEDIATE ... COMMIT``, so a run killed mid-batch leaves every earlier
batch intact and this one absent; rerunning while skipping ``known_articles`` loses nothing
and duplicates nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from eventwire.errors import QueryTooCostlyError, StoreBusyError, StoreError
from eventwire.model import Article, Event
from eventwire.store.base import EventFilter, EventStore, SaveResult
from eventwire.store.codec import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    Scalar,
    article_from_row,
    article_to_row,
    event_from_row,
    prepare_batch,
)
from eventwire.store.dialect import SQLITE, Dialect
from eventwire.store.selects import FilterSQL, events_select, filter_where, table_select
from eventwire.store.upgrade import HEAD, SQLITE_FENCE, check_known, sqlite_revision, upgrade_sqlite

logger = logging.getLogger(__name__)

#: ``PRAGMA user_version`` of a current store: the schema itself is Alembic's (see
#: :mod:`eventwire.store.upgrade`); releases before it wrote 1-6, and refuse a higher number.
SCHEMA_VERSION = SQLITE_FENCE

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + name for name in ARTICLE_COLUMNS)})"
)
_UPDATE_ARTICLE = (
    f"UPDATE articles SET {', '.join(f'{name} = :{name}' for name in ARTICLE_COLUMNS[1:])} "
    "WHERE id = :id"
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + name for name in EVENT_COLUMNS)})"
)
# Chronological for researchers; undated events last; ties broken so reruns export identically.
_EVENT_ORDER = " ORDER BY date IS NULL, date, article_id, trigger_start, event_id"

_FETCH_SIZE = 500
# How many SQLite virtual-machine steps pass between checks of a read's time limit: about a
# millisecond of work, so a check costs nothing and a limit is kept to within a few ms.
_STEPS_PER_CHECK = 20_000
_IDS_PER_QUERY = 500  # well under SQLite's bound-parameter limit on every build


class SQLiteStore(EventStore):
    """An :class:`EventStore` in one SQLite file (or ``":memory:"``).

    One instance per thread or process; any number of them may read while one writes.

    Args:
        path: the database file; created with the current schema if it does not exist.
        busy_timeout: seconds to wait for another writer's lock before raising
            :class:`~eventwire.errors.StoreBusyError`.
        read_only: open an existing store for reading only (the API server); nothing is
            created or migrated, and every write fails.
        time_limit: seconds one statement may run before it is stopped with
            :class:`~eventwire.errors.QueryTooCostlyError` (the API's bound on query cost);
            None for no limit.

    Raises:
        StoreError: the file cannot be opened, is not an eventwire store, or was written by a
            newer eventwire.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 30.0,
        read_only: bool = False,
        time_limit: float | None = None,
    ) -> None:
        if time_limit is not None and time_limit <= 0:
            raise StoreError(f"time_limit must be more than 0 seconds, got {time_limit}.")
        self.path = os.fspath(path)
        self._busy_timeout = busy_timeout
        self.read_only = read_only
        self.time_limit = time_limit
        self.dialect: Dialect = SQLITE
        self._deadline = math.inf
        self._connection: sqlite3.Connection | None = self._connect()
        if time_limit is not None:
            self._connection.set_progress_handler(self._past_deadline, _STEPS_PER_CHECK)

    # --- reading ----------------------------------------------------------------------------

    def known_articles(self, ids: Iterable[str]) -> dict[str, str]:
        known: dict[str, str] = {}
        connection = self._live()
        with self._errors("look up articles in"):
            for chunk in _chunks(ids, _IDS_PER_QUERY):
                marks = ", ".join("?" * len(chunk))
                sql = f"SELECT id, content_hash FROM articles WHERE id IN ({marks})"
                known.update((row[0], row[1]) for row in connection.execute(sql, chunk))
        return known

    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None
    ) -> Iterator[Event]:
        sql, params = events_select(_where_clause, flt, _EVENT_ORDER, limit)
        connection = self._live()
        # Executed here, not in the generator, so a bad query fails at the call.
        with self._errors("read events from"):
            cursor = connection.execute(sql, params)
        return self._stream_events(cursor)

    def article(self, article_id: str) -> Article | None:
        connection = self._live()
        sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?"
        with self._errors("read an article from"):
            row = connection.execute(sql, (article_id,)).fetchone()
        return article_from_row(row) if row is not None else None

    def article_ids(self) -> list[str]:
        with self._errors("list the articles of"):
            return [row[0] for row in self._live().execute("SELECT id FROM articles ORDER BY id")]

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = _where_clause(flt)
        with self._errors("count events in"):
            row = self._live().execute("SELECT COUNT(*) FROM events" + where, params).fetchone()
        return int(row[0])

    def count_articles(self) -> int:
        with self._errors("count articles in"):
            row = self._live().execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0])

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """The rows of one SELECT (for :mod:`eventwire.store.query`); errors as StoreError."""
        with self._errors("read from"):
            return self._live().execute(sql, params).fetchall()

    def read_events(
        self, columns: str, flt: EventFilter | None = None, *, also: str = "", tail: str = "",
        params: Sequence[Any] = (), table: str = "events",
    ) -> list[sqlite3.Row]:
        """``SELECT columns FROM events`` (or ``merged_events``, which has the same columns)
        restricted by ``flt`` and the SQL condition ``also``, then ``tail`` (GROUP BY, ORDER BY,
        LIMIT) whose ``?`` take ``params``."""
        sql, all_params = table_select(_where_clause, columns, flt, also=also, tail=tail,
                                       params=params, table=table)
        return self.read(sql, all_params)

    def has_table(self, name: str) -> bool:
        """Whether the file has a table (or view) of this name."""
        with self._errors("look up a table in"):
            row = self._live().execute(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
                (name,),
            ).fetchone()
        return row is not None

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        with self._errors("read the schema version of"):
            return _user_version(self._live())

    # --- writing ----------------------------------------------------------------------------

    def save(self, batch: Sequence[tuple[Article, Sequence[Event]]]) -> SaveResult:
        # Encode before taking the write lock: a bad event must not hold up other writers.
        prepared = prepare_batch(batch)
        coded_at = datetime.now(UTC).isoformat(timespec="seconds")
        result = SaveResult()
        with self._errors("save a batch to"), self._transaction() as connection:
            for article, content_hash, event_rows in prepared:
                result += self._save_article(
                    connection, article_to_row(article, coded_at=coded_at), content_hash, event_rows
                )
        logger.debug("Saved %d articles to %s: %s", len(prepared), self.path, result)
        return result

    def _save_article(
        self,
        connection: sqlite3.Connection,
        article_row: dict[str, Scalar],
        content_hash: str,
        event_rows: list[dict[str, Scalar]],
    ) -> SaveResult:
        stored = connection.execute(
            "SELECT content_hash FROM articles WHERE id = ?", (article_row["id"],)
        ).fetchone()
        if stored is not None and stored[0] == content_hash:
            return SaveResult(articles_unchanged=1)
        if stored is None:
            connection.execute(_INSERT_ARTICLE, article_row)
        else:
            # The article was corrected: its old events describe text that no longer exists.
            connection.execute("DELETE FROM events WHERE article_id = ?", (article_row["id"],))
            connection.execute(_UPDATE_ARTICLE, article_row)
        connection.executemany(_INSERT_EVENT, event_rows)
        return SaveResult(
            articles_inserted=int(stored is None),
            articles_replaced=int(stored is not None),
            events_written=len(event_rows),
        )

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (for :mod:`eventwire.store.merges`); errors as StoreError."""
        with self._errors("write to"), self._transaction() as connection:
            yield connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- plumbing ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        with self._errors("open"):
            # isolation_level=None: this class issues BEGIN/COMMIT itself.
            connection = sqlite3.connect(
                self.path, timeout=self._busy_timeout, isolation_level=None
            )
        try:
            with self._errors("open"):
                _configure(connection)
                self._ensure_schema(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = f"file:{urllib.parse.quote(self.path)}?mode=ro"
        with self._errors("open"):
            connection = sqlite3.connect(
                uri, uri=True, timeout=self._busy_timeout, isolation_level=None
            )
        try:
            with self._errors("open"):
                _configure(connection, read_only=True)
                revision = sqlite_revision(connection)
            if revision != HEAD:
                check_known(revision, self.path)
                raise StoreError(
                    f"{self.path} is not an eventwire store of the current schema (it has "
                    f"{revision or 'no'} revision; this eventwire needs {HEAD}), and a "
                    f"read-only store cannot be upgraded. Run `eventwire upgrade --db "
                    f"{self.path}` once."
                )
        except BaseException:
            connection.close()
            raise
        return connection

    def _ensure_schema(self, connection: sqlite3.Connection) -> None:
        revision = sqlite_revision(connection)
        if revision == HEAD:
            return
        check_known(revision, self.path)
        if revision is None and _user_version(connection) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer eventwire (store schema "
                f"{_user_version(connection)}). Upgrade eventwire to use it."
            )
        try:
            upgrade_sqlite(connection)
        except StoreError as error:
            raise StoreError(f"{self.path}: {error}") from error
        logger.info("Brought the eventwire store at %s from revision %s to %s",
                    self.path, revision or "none", HEAD)

    @property
    def schema_revision(self) -> str | None:
        """The store's Alembic revision (:data:`eventwire.store.schema.HEAD` once open)."""
        with self._errors("read the schema revision of"):
            return sqlite_revision(self._live())

    @contextmanager
    def _transaction(
        self, connection: sqlite3.Connection | None = None
    ) -> Iterator[sqlite3.Connection]:
        connection = connection or self._live()
        # IMMEDIATE takes the write lock up front, so a busy database fails before any work.
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                try:
                    connection.rollback()
                except sqlite3.Error:
                    logger.warning("Rollback failed on %s", self.path, exc_info=True)
            raise

    def _stream_events(self, cursor: sqlite3.Cursor) -> Iterator[Event]:
        try:
            with self._errors("read events from"):
                while rows := cursor.fetchmany(_FETCH_SIZE):
                    yield from (event_from_row(row) for row in rows)
        finally:
            # A reader abandoned after the store closed (a broken pipe) has nothing left to close.
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()

    def _live(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"The store at {self.path} is closed; open it again to use it.")
        return self._connection

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Re-raise sqlite3 errors as StoreError, StoreBusyError when a lock timed out, or
        QueryTooCostlyError when the statement ran past the time limit, which starts here."""
        if self.time_limit is not None:
            self._deadline = time.monotonic() + self.time_limit
        try:
            yield
        except sqlite3.OperationalError as error:
            if self.time_limit is not None and str(error) == "interrupted":
                raise QueryTooCostlyError(
                    f"The query on {self.path} ran longer than its limit of {self.time_limit:g} s "
                    "and was stopped. Ask for less: a shorter date range (from/to), an event "
                    "type or a country, or a smaller page."
                ) from error
            raise _store_error(error, action=action, path=self.path) from error
        except sqlite3.Error as error:
            raise _store_error(error, action=action, path=self.path) from error
        finally:
            self._deadline = math.inf

    def _past_deadline(self) -> bool:
        # SQLite's progress handler: a true result interrupts the running statement.
        return time.monotonic() > self._deadline

    def __repr__(self) -> str:
        state = "closed" if self._connection is None else "open"
        return f"SQLiteStore({self.path!r}, {state})"


def _configure(connection: sqlite3.Connection, *, read_only: bool = False) -> None:
    connection.row_factory = sqlite3.Row
    connection.create_function("ew_icontains", 2, _icontains, deterministic=True)
    connection.create_function("ew_party_contains", 2, _party_contains, deterministic=True)
    if read_only:  # the journal settings are the writer's; a reader cannot change them
        return
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        logger.debug("Journal mode is %s, not WAL (in-memory or unsupported filesystem)", mode)
    # NORMAL is durable against process crashes in WAL mode; only a power cut can lose the
    # last commits, and a rerun recodes them.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")


def _icontains(haystack: str | None, needle: str) -> bool:
    # SQLite's LIKE and lower() fold ASCII only; names here are often not ASCII.
    return haystack is not None and needle.casefold() in haystack.casefold()


# The characters json.dumps writes as escapes (ensure_ascii=False).
_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def _party_contains(parties_json: str | None, needle: str) -> bool:
    """A co-party column (a JSON list, or NULL) has a party whose name or mention contains
    ``needle``, case-insensitively."""
    if parties_json is None:  # most events: no co-parties, nothing to parse
        return False
    folded = needle.casefold()
    # JSON escapes only quotes, backslashes and control characters, so a needle without them
    # that is absent from the raw text is absent from every name in it: skip the parse.
    if not _JSON_ESCAPED.search(folded) and folded not in parties_json.casefold():
        return False
    return any(
        _icontains(party.get("name"), needle) or _icontains(party.get("text"), needle)
        for party in json.loads(parties_json)
    )


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _one_of(column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


# Substring tests through Python functions (see _configure): SQLite's lower() folds ASCII only.
_FILTER_SQL = FilterSQL(
    contains=lambda column: (f"ew_icontains({column}, ?)", 1),
    party_contains=lambda column: (f"ew_party_contains({column}, ?)", 1),
    one_of=_one_of,
    day=lambda day: day.isoformat(),
)


def _where_clause(flt: EventFilter | None) -> tuple[str, list[Any]]:
    return filter_where(flt, _FILTER_SQL)


def _store_error(error: sqlite3.Error, *, action: str, path: str) -> StoreError:
    code = getattr(error, "sqlite_errorcode", None)
    if (code is not None and (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)) or (
        "database is locked" in str(error)
    ):
        return StoreBusyError(
            f"Could not {action} {path}: the database is locked by another writer. Try again "
            "when it has finished, or give the store a longer busy_timeout."
        )
    hint = ""
    if "unable to open database file" in str(error):
        hint = " Check that the directory exists and is writable."
    elif "file is not a database" in str(error):
        hint = " The file is not an SQLite database; give eventwire a new or existing store file."
    elif isinstance(error, sqlite3.IntegrityError):
        hint = " An event id in this batch may already belong to another stored article."
    return StoreError(f"Could not {action} {path}: {error}.{hint}")


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
