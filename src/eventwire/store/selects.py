"""The SELECTs over the event tables that both SQL stores build the same way.

Each store brings its own WHERE clause for an :class:`EventFilter` (the dialects test text
differently) and its own order (PostgreSQL must be told to compare text by code point); the
rest, here, is shared, with SQLite's ``?`` placeholders (see :mod:`eventwire.store.dialect`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.base import EventFilter
from eventwire.store.codec import EVENT_COLUMNS

#: Builds a store's WHERE clause (with a leading space, or empty) and its parameters.
WhereClause = Callable[[EventFilter | None], tuple[str, list[Any]]]

SELECT_EVENTS = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
#: The tables with the events' columns, which the event filters apply to.
EVENT_TABLES = ("events", "merged_events")


def events_select(where_clause: WhereClause, flt: EventFilter | None, order: str,
                  limit: int | None) -> tuple[str, list[Any]]:
    """The SELECT of ``store.events(flt, limit=limit)`` in ``order``, and its parameters."""
    where, params = where_clause(flt)
    sql = SELECT_EVENTS + where + order
    if limit is not None:
        if limit < 0:
            raise StoreError(f"limit must be zero or more, got {limit}.")
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def table_select(where_clause: WhereClause, columns: str, flt: EventFilter | None, *,
                 also: str, tail: str, params: Sequence[Any], table: str
                 ) -> tuple[str, list[Any]]:
    """The SELECT of ``store.read_events`` (see :class:`~eventwire.store.base.SQLStore`)."""
    if table not in EVENT_TABLES:
        raise StoreError(f"read_events reads {' or '.join(EVENT_TABLES)}, not {table!r}.")
    where, where_params = where_clause(flt)
    if also:
        where = f"{where} AND {also}" if where else f" WHERE {also}"
    return f"SELECT {columns} FROM {table}{where}{tail}", [*where_params, *params]
