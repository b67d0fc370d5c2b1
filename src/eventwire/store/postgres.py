"""The PostgreSQL store, for a team sharing one dataset: many writers, many readers.

It behaves through :class:`~eventwire.store.base.EventStore` exactly as the SQLite store does
(same rows, same order, same filters, same save results), so callers never name a backend.

Concurrency: each saved batch is one transaction that first takes a transaction-scoped
advisory lock on every article id in it, in one fixed order (so two batches cannot deadlock).
The "unchanged / replaced / inserted" decision is then made under that lock, so several
processes saving overlapping batches store each article once with its events once. Readers
run in autocommit and read a snapshot (MVCC): a writer never blocks them.

Dates are stored as ``DATE`` (useful to other SQL tools) but read back as ISO text, the form
the codec's rows use; flags are ``SMALLINT`` 0/1 as in SQLite; JSON columns are ``TEXT`` so
the stored JSON reads back byte for byte.
"""

from __future__ import annotations

import contextlib
import logging
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql
from psycopg.rows import RowMaker, dict_row
from psycopg.types.string import TextLoader

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
from eventwire.store.dialect import POSTGRESQL, Dialect, to_pyformat
from eventwire.store.selects import FilterSQL, events_select, filter_where, table_select
from eventwire.store.upgrade import (
    HEAD,
    POSTGRES_FENCE,
    check_known,
    postgres_legacy_version,
    postgres_revision,
    upgrade_postgres,
)

logger = logging.getLogger(__name__)

#: ``schema_version.version`` of a current store: the schema itself is Alembic's (see
#: :mod:`eventwire.store.upgrade`); releases before it wrote 1-2, and refuse a higher number.
SCHEMA_VERSION = POSTGRES_FENCE

_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join('%(' + name + ')s' for name in ARTICLE_COLUMNS)}) "
    "ON CONFLICT (id) DO UPDATE SET "
    f"{', '.join(f'{name} = EXCLUDED.{name}' for name in ARTICLE_COLUMNS[1:])}"
)
_COPY_EVENTS = f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
# The same order as SQLite's: oldest first, undated last, ties broken the same way. COLLATE "C"
# compares text by code point, as SQLite does, whatever the database's locale.
_EVENT_ORDER = (
    ' ORDER BY date IS NULL, date, article_id COLLATE "C", trigger_start, event_id COLLATE "C"'
)
_FETCH_SIZE = 500
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


class PostgresStore(EventStore):
    """An :class:`EventStore` in a PostgreSQL database, named by a libpq URL.

    Any number of instances, in any number of processes, may read and write at once.

    Args:
        url: ``postgresql://user:password@host:port/database`` (``postgres://`` also works);
            the tables are created on first use if the database has none.
        read_only: refuse every write (the API server); nothing is created.
        time_limit: seconds one statement may run before it is stopped with
            :class:`~eventwire.errors.QueryTooCostlyError`; None for no limit.
        connect_timeout: seconds to wait for the server to answer.

    Raises:
        StoreError: the server cannot be reached, the database holds tables named like
            eventwire's that are not an eventwire store, or its schema is newer than this code.
    """

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        time_limit: float | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        if time_limit is not None and time_limit <= 0:
            raise StoreError(f"time_limit must be more than 0 seconds, got {time_limit}.")
        self.url = url
        self.path = redact(url)  # what messages and logs show: never the password
        self.read_only = read_only
        self.time_limit = time_limit
        self.dialect: Dialect = POSTGRESQL
        self._connect_timeout = connect_timeout
        self._connection: psycopg.Connection[dict[str, Any]] | None = self._connect(connect_timeout)

    # --- reading ----------------------------------------------------------------------------

    def known_articles(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        with self._errors("look up articles in"):
            rows = self._live().execute(
                "SELECT id, content_hash FROM articles WHERE id = ANY(%s)", (wanted,)
            )
            return {row["id"]: row["content_hash"] for row in rows}

    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None
    ) -> Iterator[Event]:
        sql, params = events_select(_where_clause, flt, _EVENT_ORDER, limit)
        # A server-side cursor streams without holding every row in memory; WITH HOLD keeps
        # it open outside a transaction, so the store stays usable while the caller iterates.
        with self._errors("read events from"):
            cursor = self._live().cursor(
                name=f"ew_events_{id(self):x}_{_next_cursor()}", withhold=True
            )
            cursor.itersize = _FETCH_SIZE
            cursor.execute(to_pyformat(sql), params)
        return self._stream_events(cursor)

    def article(self, article_id: str) -> Article | None:
        sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = %s"
        with self._errors("read an article from"):
            row = self._live().execute(sql, (article_id,)).fetchone()
        return article_from_row(row) if row is not None else None

    def article_ids(self) -> list[str]:
        with self._errors("list the articles of"):
            rows = self._live().execute("SELECT id FROM articles ORDER BY id").fetchall()
        return [str(row["id"]) for row in rows]

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = _where_clause(flt)
        with self._errors("count events in"):
            sql = to_pyformat("SELECT COUNT(*) AS n FROM events" + where)
            row = self._live().execute(sql, params)
            return int(_one(row.fetchone()))

    def count_articles(self) -> int:
        with self._errors("count articles in"):
            row = self._live().execute("SELECT COUNT(*) AS n FROM articles").fetchone()
        return int(_one(row))

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of one SELECT written with SQLite's ``?``/``:name`` placeholders (see
        :mod:`eventwire.store.dialect`); rows index by position and by column name."""
        with self._errors("read from"):
            cursor = self._live().cursor(row_factory=_row_maker)
            return cursor.execute(to_pyformat(sql), params).fetchall()

    def read_events(
        self,
        columns: str,
        flt: EventFilter | None = None,
        *,
        also: str = "",
        tail: str = "",
        params: Sequence[Any] = (),
        table: str = "events",
    ) -> list[Row]:
        """``SELECT columns FROM events`` (or ``merged_events``, which has the same columns)
        restricted by ``flt`` and the SQL condition ``also``, then ``tail`` (GROUP BY, ORDER
        BY, LIMIT) whose ``?`` take ``params``."""
        sql, all_params = table_select(_where_clause, columns, flt, also=also, tail=tail,
                                       params=params, table=table)
        return self.read(sql, all_params)

    def has_table(self, name: str) -> bool:
        """Whether the database has a table (or view) of this name."""
        with self._errors("look up a table in"):
            row = self._live().execute("SELECT to_regclass(%s) IS NOT NULL AS e", (name,))
            return bool(_one(row.fetchone()))

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._errors("read the schema version of"):
            return postgres_legacy_version(self._live()) or 0

    # --- writing ----------------------------------------------------------------------------

    def save(self, batch: Sequence[tuple[Article, Sequence[Event]]]) -> SaveResult:
        prepared = prepare_batch(batch)  # checks and encodes before any lock is taken
        if not prepared:
            return SaveResult()
        coded_at = datetime.now(UTC).isoformat(timespec="seconds")
        by_id = {article.id: (article, digest, rows) for article, digest, rows in prepared}
        with self._errors("save a batch to"), self._transaction() as connection:
            _lock_articles(connection, by_id)
            stored = {
                row["id"]: row["content_hash"]
                for row in connection.execute(
                    "SELECT id, content_hash FROM articles WHERE id = ANY(%s)", (list(by_id),)
                )
            }
            result = _write_changes(connection, prepared, stored, coded_at)
        logger.debug("Saved %d articles to %s: %s", len(prepared), self.path, result)
        return result

    @contextmanager
    def writing(self) -> Iterator[QmarkConnection]:
        """One write transaction whose statements use SQLite's placeholders, as
        ``SQLiteStore.writing()`` does (for merges, alerts, signals); errors as StoreError."""
        with self._errors("write to"), self._transaction() as connection:
            yield QmarkConnection(connection)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- plumbing ---------------------------------------------------------------------------

    def _connect(self, connect_timeout: float) -> psycopg.Connection[dict[str, Any]]:
        with self._errors("connect to"):
            connection = psycopg.connect(
                self.url,
                autocommit=True,
                row_factory=dict_row,
                connect_timeout=max(1, round(connect_timeout)),
            )
        try:
            with self._errors("open"):
                _configure(connection, read_only=self.read_only, time_limit=self.time_limit)
                if self.read_only:
                    self._check_read_only_schema(connection)
                else:
                    self._ensure_schema(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _ensure_schema(self, connection: psycopg.Connection[dict[str, Any]]) -> None:
        revision = postgres_revision(connection)
        if revision == HEAD:
            return
        check_known(revision, self.path)
        try:
            upgrade_postgres(self._connect_for_upgrade)
        except StoreError as error:
            raise StoreError(f"{self.path}: {error}") from error
        logger.info("Brought the eventwire store in %s from revision %s to %s",
                    self.path, revision or "none", HEAD)

    def _connect_for_upgrade(self) -> psycopg.Connection[Any]:
        """A plain connection (tuples, transactions) for SQLAlchemy to run Alembic on."""
        return psycopg.connect(self.url, connect_timeout=max(1, round(self._connect_timeout)))

    def _check_read_only_schema(self, connection: psycopg.Connection[dict[str, Any]]) -> None:
        revision = postgres_revision(connection)
        if revision != HEAD:
            check_known(revision, self.path)
            raise StoreError(
                f"{self.path} is not an eventwire store of the current schema (it has "
                f"{revision or 'no'} revision; this eventwire needs {HEAD}), and a read-only "
                f"store cannot be created or upgraded. Run `eventwire upgrade --db {self.path}` "
                "once, with the password."
            )

    @property
    def schema_revision(self) -> str | None:
        """The store's Alembic revision (:data:`eventwire.store.schema.HEAD` once open)."""
        with self._errors("read the schema revision of"):
            return postgres_revision(self._live())

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        connection = self._live()
        with connection.transaction():
            yield connection

    def _stream_events(self, cursor: psycopg.ServerCursor[dict[str, Any]]) -> Iterator[Event]:
        try:
            with self._errors("read events from"):
                while rows := cursor.fetchmany(_FETCH_SIZE):
                    yield from (event_from_row(row) for row in rows)
        finally:
            # An abandoned reader of a closed store has nothing left to close.
            with contextlib.suppress(psycopg.Error):
                cursor.close()

    def _live(self) -> psycopg.Connection[dict[str, Any]]:
        if self._connection is None or self._connection.closed:
            raise StoreError(f"The store at {self.path} is closed; open it again to use it.")
        return self._connection

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Re-raise psycopg errors as StoreError, StoreBusyError when a retry may pass, or
        QueryTooCostlyError when a statement ran past the time limit."""
        try:
            yield
        except psycopg.Error as error:
            raise _store_error(
                error, action=action, where=self.path, time_limit=self.time_limit
            ) from error

    def __repr__(self) -> str:
        state = "closed" if self._connection is None else "open"
        return f"PostgresStore({self.path!r}, {state})"


class Row(tuple[Any, ...]):
    """A result row that, like ``sqlite3.Row``, indexes by position and by column name."""

    __slots__ = ()
    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names[key])
            except KeyError:
                raise IndexError(f"No column named {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_maker(cursor: Any) -> RowMaker[Row]:
    """psycopg row factory for :class:`Row`: one Row subclass per result shape."""
    names = [column.name for column in cursor.description or ()]
    shaped = type("Row", (Row,), {"__slots__": (), "_names": {n: i for i, n in enumerate(names)}})
    return lambda values: shaped(values)


class QmarkConnection:
    """A psycopg connection seen through SQLite's placeholders: ``execute`` and
    ``executemany`` take ``?``/``:name`` SQL and return a cursor of :class:`Row`."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Any = ()) -> psycopg.Cursor[Row]:
        cursor = self._connection.cursor(row_factory=_row_maker)
        return cursor.execute(to_pyformat(sql), params or None)

    def executemany(self, sql: str, params_seq: Iterable[Any]) -> psycopg.Cursor[Row]:
        cursor = self._connection.cursor(row_factory=_row_maker)
        rows = list(params_seq)
        if rows:  # psycopg refuses an empty sequence where sqlite3 does nothing
            cursor.executemany(to_pyformat(sql), rows)
        return cursor


_cursor_count = 0


def _next_cursor() -> int:
    global _cursor_count  # a name unique per process; cursors live per connection anyway
    _cursor_count += 1
    return _cursor_count


def _configure(
    connection: psycopg.Connection[dict[str, Any]], *, read_only: bool, time_limit: float | None
) -> None:
    # The codec reads dates as ISO text, as SQLite stores them; DATE's text form is ISO.
    connection.adapters.register_loader("date", TextLoader)
    connection.execute("SET DateStyle = 'ISO'")
    if read_only:
        connection.execute("SET default_transaction_read_only = on")
    if time_limit is not None:
        connection.execute(
            pg_sql.SQL("SET statement_timeout = {}").format(max(1, round(time_limit * 1000)))
        )


def _lock_articles(connection: psycopg.Connection[dict[str, Any]], ids: Iterable[str]) -> None:
    """Hold each article's advisory lock until the transaction ends. Locks are taken in key
    order, the same in every process, so concurrent batches wait for each other and never
    deadlock; a hash collision only makes two articles share a lock."""
    connection.execute(
        "SELECT count(pg_advisory_xact_lock(key)) FROM ("
        "  SELECT DISTINCT hashtextextended(id, 0) AS key FROM unnest(%s::text[]) AS id"
        "  ORDER BY key) AS keys",
        (list(ids),),
    )


def _write_changes(
    connection: psycopg.Connection[dict[str, Any]],
    prepared: list[tuple[Article, str, list[dict[str, Scalar]]]],
    stored: dict[str, str],
    coded_at: str,
) -> SaveResult:
    """Write the articles that are new or changed, in the caller's transaction.

    Decided in batch order as SQLite does, so an article given twice in one batch ends as its
    last version, counted once inserted and then replaced (or unchanged).
    """
    current = dict(stored)
    written: dict[str, tuple[Article, list[dict[str, Scalar]]]] = {}
    result = SaveResult()
    for article, content_hash, rows in prepared:
        if current.get(article.id) == content_hash:
            result += SaveResult(articles_unchanged=1)
            continue
        known = article.id in current
        current[article.id] = content_hash
        written[article.id] = (article, rows)
        result += SaveResult(
            articles_inserted=int(not known),
            articles_replaced=int(known),
            events_written=len(rows),
        )
    replaced = [article_id for article_id in written if article_id in stored]
    if replaced:
        # A corrected article: its old events describe text that no longer exists.
        connection.execute("DELETE FROM events WHERE article_id = ANY(%s)", (replaced,))
    with connection.cursor() as cursor:
        cursor.executemany(
            _UPSERT_ARTICLE,
            [article_to_row(article, coded_at=coded_at) for article, _ in written.values()],
        )
        with cursor.copy(_COPY_EVENTS) as copy:
            for _, rows in written.values():
                for row in rows:
                    copy.write_row(tuple(row.values()))
    return result


def _icontains(column: str) -> tuple[str, int]:
    # strpos, not LIKE: the needle's % and _ stay literal. lower() folds non-ASCII letters in a
    # UTF-8 database (SQLite needed a Python function for that).
    return f"strpos(lower({column}), lower(?)) > 0", 1


def _party_contains(column: str) -> tuple[str, int]:
    """A co-party JSON list (or NULL) with a party whose name or mention contains the needle;
    takes the needle twice. Most events have none: the NULL test skips the parse."""
    return (
        f"({column} IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_array_elements({column}::jsonb)"
        " AS party WHERE strpos(lower(party->>'name'), lower(?)) > 0"
        " OR strpos(lower(party->>'text'), lower(?)) > 0))"
    ), 2


_FILTER_SQL = FilterSQL(
    contains=_icontains,
    party_contains=_party_contains,
    one_of=lambda column, values: (f"{column} = ANY(?)", [list(values)]),
    day=lambda day: day,
)


def _where_clause(flt: EventFilter | None) -> tuple[str, list[Any]]:
    return filter_where(flt, _FILTER_SQL)


def _one(row: dict[str, Any] | None) -> Any:
    assert row is not None  # an aggregate always returns one row
    return next(iter(row.values()))


def _store_error(
    error: psycopg.Error, *, action: str, where: str, time_limit: float | None
) -> StoreError:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if isinstance(error, pg_errors.QueryCanceled) and time_limit is not None:
        return QueryTooCostlyError(
            f"The query on {where} ran longer than its limit of {time_limit:g} s and was "
            "stopped. Ask for less: a shorter date range (from/to), an event type or a "
            "country, or a smaller page."
        )
    if isinstance(
        error,
        pg_errors.SerializationFailure | pg_errors.DeadlockDetected | pg_errors.LockNotAvailable,
    ):
        return StoreBusyError(
            f"Could not {action} {where}: {message}. Another writer held the rows; try again."
        )
    hint = ""
    if isinstance(error, pg_errors.UniqueViolation):
        hint = " An event id in this batch may already belong to another stored article."
    elif isinstance(error, pg_errors.ReadOnlySqlTransaction):
        hint = " This store was opened read-only; open it without read_only to write."
    elif isinstance(error, pg_errors.InsufficientPrivilege):
        hint = " Grant the user the rights it needs on this database, or use another user."
    elif isinstance(error, psycopg.OperationalError):
        hint = (
            " Check that the server is running and that the URL's host, port, user, password "
            "and database are right (postgresql://user:password@host:5432/database)."
        )
    return StoreError(f"Could not {action} {where}: {message}.{hint}")


def redact(url: str) -> str:
    """The URL with its password replaced by ``***``, for messages and logs."""
    redacted = _PASSWORD.sub(r"\1***@", url)
    query = urllib.parse.urlsplit(redacted).query
    if "password=" in query:
        redacted = re.sub(r"password=[^&]*", "password=***", redacted)
    return redacted
