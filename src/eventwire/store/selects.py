"""The SELECTs over the event tables that both SQL stores build the same way.

Each store brings its own WHERE clause for an :class:`EventFilter` (the dialects test text
differently) and its own order (PostgreSQL must be told to compare text by code point); the
rest, here, is shared, with SQLite's ``?`` placeholders (see :mod:`eventwire.store.dialect`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.base import EventFilter
from eventwire.store.codec import CO_PARTY_COLUMNS, EVENT_COLUMNS, FLAG_COLUMNS

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


@dataclass(frozen=True, slots=True)
class FilterSQL:
    """The tests of an :class:`EventFilter` that each dialect writes its own way.

    ``contains(column)`` and ``party_contains(column)`` give a case-insensitive substring test
    of a text column or of a JSON list of parties, and how many times each takes the needle;
    ``one_of(column, values)`` a membership test and its parameters; ``day`` the parameter
    for a date bound.
    """

    contains: Callable[[str], tuple[str, int]]
    party_contains: Callable[[str], tuple[str, int]]
    one_of: Callable[[str, Sequence[str]], tuple[str, list[Any]]]
    day: Callable[[date], Any]


def filter_where(flt: EventFilter | None, sql: FilterSQL) -> tuple[str, list[Any]]:
    """The WHERE clause for ``flt`` (``?`` placeholders, a leading space, or empty) and its
    parameters; values are bound, never spliced in."""
    if flt is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from is not None:
        clauses.append("date >= ?")
        params.append(sql.day(flt.date_from))
    if flt.date_to is not None:
        clauses.append("date <= ?")
        params.append(sql.day(flt.date_to))
    if flt.event_types:
        _add(clauses, params, sql.one_of("event_type", flt.event_types))
    if flt.actor:
        tests = [sql.contains(column) for column in _PARTY_TEXT_COLUMNS]
        # A scan either way (a substring match); the co-party tests skip rows without any.
        tests += [sql.party_contains(column) for column in CO_PARTY_COLUMNS]
        clauses.append("(" + " OR ".join(test for test, _ in tests) + ")")
        params.extend(flt.actor for _, times in tests for _ in range(times))
    if flt.country is not None:
        clauses.append("country = ?")
        params.append(flt.country)
    if flt.text:
        test, times = sql.contains("evidence_text")
        clauses.append(test)
        params.extend([flt.text] * times)
    if not flt.include_historical:
        clauses.append("historical = 0")
    if flt.article_id is not None:
        clauses.append("article_id = ?")
        params.append(flt.article_id)
    if flt.modalities:
        _add(clauses, params, sql.one_of("modality", flt.modalities))
    # Column names from the codec's constant, never from the caller.
    clauses.extend(f"{flag} = 1" for flag in FLAG_COLUMNS if getattr(flt, flag))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


_PARTY_TEXT_COLUMNS = ("actor_name", "actor_text", "recipient_name", "recipient_text")


def _add(clauses: list[str], params: list[Any], test: tuple[str, list[Any]]) -> None:
    clauses.append(test[0])
    params.extend(test[1])
