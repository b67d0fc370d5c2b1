"""Open a store from a path or URL, choosing the backend by the URL's scheme."""

from __future__ import annotations

import os
import re

from eventwire.errors import ConfigError, MissingDependencyError
from eventwire.store.base import EventStore
from eventwire.store.sqlite import SQLiteStore

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")
SUPPORTED_STORES = (
    "a file path such as 'events.db', 'sqlite:///events.db', or "
    "'postgresql://user:password@host/database'"
)


def open_store(
    url_or_path: str | os.PathLike[str],
    *,
    busy_timeout: float = 30.0,
    read_only: bool = False,
    time_limit: float | None = None,
) -> EventStore:
    """Open (creating if needed, unless ``read_only``) the store at ``url_or_path``.

    ``events.db`` and ``sqlite:///events.db`` name the same SQLite file; ``sqlite:////abs/x.db``
    is an absolute path and ``:memory:`` a throwaway in-memory store. ``postgresql://...``
    (or ``postgres://...``) opens a :class:`~eventwire.store.postgres.PostgresStore`, which
    has no busy timeout: its writers wait for each other's locks.

    ``read_only`` opens a reader that refuses writes and never creates or upgrades a store;
    ``time_limit`` stops any statement running longer (``QueryTooCostlyError``), as the API does.

    Raises:
        ConfigError: the URL names a backend other than SQLite or PostgreSQL.
        MissingDependencyError: a PostgreSQL URL without the ``postgres`` extra installed.
        StoreError: the store cannot be opened (see :class:`SQLiteStore`, :class:`PostgresStore`).
    """
    location = os.fspath(url_or_path)
    match = _SCHEME.match(location)
    if match and match.group(1).lower() in _POSTGRES_SCHEMES:
        return _open_postgres(location, read_only=read_only, time_limit=time_limit)
    if location.startswith(_SQLITE_PREFIX):
        location = location.removeprefix(_SQLITE_PREFIX)
    elif match:
        raise ConfigError(
            f"Unsupported store {location!r}: the scheme '{match.group(1)}' is not supported. "
            f"Use {SUPPORTED_STORES}."
        )
    if not location:
        raise ConfigError(f"The store URL {url_or_path!r} names no file. Use {SUPPORTED_STORES}.")
    return SQLiteStore(
        location, busy_timeout=busy_timeout, read_only=read_only, time_limit=time_limit
    )


def is_database_url(url_or_path: str | os.PathLike[str]) -> bool:
    """Whether this names a database server (PostgreSQL) rather than an SQLite file."""
    match = _SCHEME.match(os.fspath(url_or_path))
    return bool(match and match.group(1).lower() in _POSTGRES_SCHEMES)


def _open_postgres(url: str, *, read_only: bool, time_limit: float | None) -> EventStore:
    try:
        from eventwire.store.postgres import PostgresStore
    except ImportError as error:
        raise MissingDependencyError("The PostgreSQL store", "psycopg", "postgres") from error
    return PostgresStore(url, read_only=read_only, time_limit=time_limit)
