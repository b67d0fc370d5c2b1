"""The merged events of a store (SQLite or PostgreSQL): which reports make up each event, its
merged fields, and the history of its changes (issue 9, ``eventwire.dedup``).

Three tables beside ``events``:

- ``merged_events``: one row per event, with the columns of ``events`` (so every filter of
  ``eventwire events`` works on it) plus ``n_reports``, ``sources`` and ``reports`` (JSON lists)
  and when it was created and last changed. ``event_id`` holds the merged id.
- ``event_reports``: for each merged report, its merged event, the report it matched and the
  score, in merge order (``seq``). Deleting an event (its article was recoded) deletes its row.
- ``merge_revisions``: what changed, when and why, one row per change.

The SQL is written once for both backends (:mod:`eventwire.store.dialect`); every ORDER BY
breaks ties on ids compared by code point, so both give the same merge order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.dedup.fields import MergedEvent, Reported
from eventwire.dedup.reports import LEAD_CHARS, ArticleInfo
from eventwire.locks import file_lock
from eventwire.store.base import EventFilter, SQLStore
from eventwire.store.codec import EVENT_COLUMNS, event_from_row, event_to_row
from eventwire.store.dialect import POSTGRESQL, SQLITE, Dialect, json_array_length, text_order

# Any constant shared by every eventwire process: one merge at a time in a PostgreSQL database.
_MERGE_LOCK = 0x6576_6D65_7267  # "evmerg"
_MERGE_COLUMNS = ("n_reports", "sources", "reports", "created_at", "updated_at")
_EVENT_SELECT = ", ".join(f"e.{column}" for column in EVENT_COLUMNS)
_REPORTS_SQL = (
    f"SELECT {_EVENT_SELECT}, a.source AS article_source, a.date AS article_date, "
    f"substr(a.text, 1, {LEAD_CHARS}) AS article_lead "
    "FROM events e JOIN articles a ON a.id = e.article_id"
)


@dataclass(frozen=True, slots=True)
class Revision:
    """One change of a merged event: ``change`` is created, report_added, report_removed,
    fields_changed or dissolved; ``event_id`` the report concerned, if one."""

    merged_id: str
    change: str
    reason: str
    event_id: str | None = None
    at: str | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """A report placed in a merged event: the report it matched best, and the score."""

    event_id: str
    merged_id: str
    matched: str | None
    score: float | None


# --- reading --------------------------------------------------------------------------------


def unmerged_reports(store: SQLStore, *, limit: int | None = None) -> list[Reported]:
    """The stored events in no merged event yet, the first ``limit`` in merge order (by the
    day they give, else their article's, then the article's date and ids)."""
    rows = store.read(
        f"{_REPORTS_SQL} LEFT JOIN event_reports r ON r.event_id = e.event_id "
        "WHERE r.event_id IS NULL ORDER BY COALESCE(e.date, a.date) IS NULL, "
        "COALESCE(e.date, a.date), a.date IS NULL, a.date, "
        f"{text_order('e.article_id', store.dialect)}, {text_order('e.event_id', store.dialect)}"
        + (" LIMIT ?" if limit is not None else ""),
        (limit,) if limit is not None else (),
    )
    return [_reported(row) for row in rows]


def placed_ids(store: SQLStore) -> set[str]:
    """The ids of the merged events that hold reports now."""
    return {row[0] for row in store.read("SELECT DISTINCT merged_id FROM event_reports")}


def merged_reports_between(store: SQLStore, first: date, last: date
                           ) -> list[tuple[str, Reported]]:
    """Reports already merged whose day lies in ``first..last``, with their merged ids, in
    merge order."""
    rows = store.read(
        f"{_REPORTS_SQL.replace('SELECT ', 'SELECT r.merged_id, ', 1)} "
        "JOIN event_reports r ON r.event_id = e.event_id "
        "WHERE e.date BETWEEN ? AND ? ORDER BY r.seq",
        (first.isoformat(), last.isoformat()),
    )
    return [(row["merged_id"], _reported(row)) for row in rows]


def reports_of(store: SQLStore, merged_ids: Iterable[str]) -> dict[str, list[Reported]]:
    """Every report of each merged event, in merge order."""
    found: dict[str, list[Reported]] = {}
    for chunk in _chunks(sorted(set(merged_ids))):
        rows = store.read(
            f"{_REPORTS_SQL.replace('SELECT ', 'SELECT r.merged_id, ', 1)} "
            "JOIN event_reports r ON r.event_id = e.event_id "
            f"WHERE r.merged_id IN ({', '.join('?' * len(chunk))}) ORDER BY r.seq",
            chunk,
        )
        for row in rows:
            found.setdefault(row["merged_id"], []).append(_reported(row))
    return found


def stored_merged(store: SQLStore, merged_ids: Iterable[str]) -> dict[str, MergedEvent]:
    """The merged events as stored, by id (missing ids are new)."""
    found: dict[str, MergedEvent] = {}
    for chunk in _chunks(sorted(set(merged_ids))):
        rows = store.read(
            f"SELECT {', '.join((*EVENT_COLUMNS, *_MERGE_COLUMNS))} FROM merged_events "
            f"WHERE event_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        found.update((row["event_id"], _merged_from_row(row)) for row in rows)
    return found


def shrunken_events(store: SQLStore) -> list[str]:
    """Merged events that lost reports since they were saved (their articles were recoded)."""
    # n_reports counts articles; the reports list holds every placed report
    stored = json_array_length("m.reports", store.dialect)
    rows = store.read(
        "SELECT m.event_id FROM merged_events m LEFT JOIN event_reports r "
        f"ON r.merged_id = m.event_id GROUP BY m.event_id, m.reports "
        f"HAVING COUNT(r.event_id) < {stored}"
    )
    return [row[0] for row in rows]


def merged_events(store: SQLStore, flt: EventFilter | None = None, *,
                  limit: int | None = None, offset: int = 0) -> Iterator[MergedEvent]:
    """The merged events matching ``flt``, in the order of ``store.events``."""
    dialect = store.dialect
    tail = (f" ORDER BY date IS NULL, date, {text_order('article_id', dialect)}, "
            f"trigger_start, {text_order('event_id', dialect)}")
    page, params = _page(limit, offset, dialect)
    columns = ", ".join((*EVENT_COLUMNS, *_MERGE_COLUMNS))  # not PostGIS's geom
    rows = store.read_events(columns, flt, tail=tail + page, params=params, table="merged_events")
    return (_merged_from_row(row) for row in rows)


def count_merged(store: SQLStore, flt: EventFilter | None = None) -> int:
    """How many merged events match ``flt``."""
    return int(store.read_events("COUNT(*)", flt, table="merged_events")[0][0])


def revisions(store: SQLStore, merged_id: str) -> list[Revision]:
    """The history of one merged event, oldest first."""
    rows = store.read(
        "SELECT merged_id, change, reason, event_id, at FROM merge_revisions "
        "WHERE merged_id = ? ORDER BY revision", (merged_id,),
    )
    return [Revision(row["merged_id"], row["change"], row["reason"], row["event_id"], row["at"])
            for row in rows]


def merged_id_of(store: SQLStore, event_id: str) -> str | None:
    """The merged event a report belongs to, if any."""
    rows = store.read("SELECT merged_id FROM event_reports WHERE event_id = ?", (event_id,))
    return rows[0][0] if rows else None


# --- writing --------------------------------------------------------------------------------


@contextmanager
def merge_lock(store: SQLStore) -> Iterator[None]:
    """While inside, no other merge runs on the same store: a second one waits.

    Several ingest workers (or an ``ingest`` beside a ``watch``) may share a store and each
    merges after ingesting; two merges at once would both place the same new reports. On
    PostgreSQL the lock is a session advisory lock, released at the end or when the connection
    drops. An SQLite file is locked through a file beside it (``events.db.merge-lock``), which
    the kernel releases when its holder exits; an in-memory store needs none.
    """
    if store.dialect == POSTGRESQL:
        with _advisory_lock(store):
            yield
        return
    path = getattr(store, "path", ":memory:")
    if path == ":memory:" or str(path).startswith("file::memory:"):
        yield
        return
    with file_lock(f"{path}.merge-lock"):
        yield


@contextmanager
def _advisory_lock(store: SQLStore) -> Iterator[None]:
    store.read("SELECT pg_advisory_lock(?)", (_MERGE_LOCK,))
    try:
        yield
    finally:
        store.read("SELECT pg_advisory_unlock(?)", (_MERGE_LOCK,))


def save_merges(store: SQLStore, *, placements: Sequence[Placement],
                merged: Sequence[MergedEvent], dissolved: Sequence[str],
                revisions: Sequence[Revision], now: str) -> None:
    """Write one merge run in one transaction: new placements, the changed merged events
    (replaced whole), the dissolved ones, and their history."""
    with store.writing() as connection:
        seq = connection.execute("SELECT COALESCE(MAX(seq), 0) FROM event_reports").fetchone()[0]
        connection.executemany(
            "INSERT INTO event_reports (event_id, merged_id, matched, score, seq) "
            "VALUES (?, ?, ?, ?, ?)",
            [(p.event_id, p.merged_id, p.matched, p.score, seq + number)
             for number, p in enumerate(placements, start=1)],
        )
        created = _created_at(connection, [event.merged_id for event in merged])
        connection.executemany(
            "DELETE FROM merged_events WHERE event_id = ?",
            [(merged_id,) for merged_id in [*dissolved, *(event.merged_id for event in merged)]],
        )
        columns = (*EVENT_COLUMNS, *_MERGE_COLUMNS)
        connection.executemany(
            f"INSERT INTO merged_events ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + name for name in columns)})",
            [_merged_to_row(event, created.get(event.merged_id, now), now) for event in merged],
        )
        connection.executemany(
            "INSERT INTO merge_revisions (merged_id, at, change, event_id, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            [(r.merged_id, now, r.change, r.event_id, r.reason) for r in revisions],
        )


def clear_placements(store: SQLStore) -> dict[str, str]:
    """Forget which event each report is in, to merge the whole store again; returns what it
    was (report -> merged id). The merged events stay until the new merge replaces them."""
    with store.writing() as connection:
        previous = dict(connection.execute("SELECT event_id, merged_id FROM event_reports"))
        connection.execute("DELETE FROM event_reports")
    return previous


def _page(limit: int | None, offset: int, dialect: Dialect) -> tuple[str, list[int]]:
    """The LIMIT/OFFSET clause and its parameters: SQLite needs a LIMIT before an OFFSET (-1
    for none), PostgreSQL refuses a negative LIMIT."""
    if limit is not None:
        return " LIMIT ? OFFSET ?", [limit, offset]
    if not offset:
        return "", []
    return (" LIMIT -1 OFFSET ?" if dialect == SQLITE else " OFFSET ?"), [offset]


# --- rows -----------------------------------------------------------------------------------


def _reported(row: Any) -> Reported:
    article_date = row["article_date"]
    info = ArticleInfo(row["article_id"], row["article_source"],
                       date.fromisoformat(article_date) if article_date else None,
                       row["article_lead"])
    return event_from_row(row), info


def _merged_to_row(merged: MergedEvent, created_at: str, now: str) -> dict[str, Any]:
    return {**event_to_row(merged.event), "n_reports": merged.n_reports,
            "sources": json.dumps(list(merged.sources), ensure_ascii=False),
            "reports": json.dumps(list(merged.reports)), "created_at": created_at,
            "updated_at": now}


def _merged_from_row(row: Any) -> MergedEvent:
    return MergedEvent(row["event_id"], event_from_row(row), tuple(json.loads(row["reports"])),
                       tuple(json.loads(row["sources"])), int(row["n_reports"]))


def _created_at(connection: Any, merged_ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(merged_ids):
        rows = connection.execute(
            f"SELECT event_id, created_at FROM merged_events "
            f"WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk,
        )
        found.update((row[0], row[1]) for row in rows)
    return found


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
