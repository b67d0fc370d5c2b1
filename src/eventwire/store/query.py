"""Read-side queries over a store: pages of articles and events, and aggregates.

What the API and a dashboard ask of the store, computed in SQL so a large store is never
loaded into Python: counts and fatalities of the events that match an :class:`EventFilter`,
grouped by day, ISO week, event type, actor, country or admin-1 area, and who acts on whom.
Each count reads either the reports (``events``: one row per article's event) or, with
``merged=True``, the events merged across articles (``merged_events``: one row per happening,
which has the same columns, so the SQL is the same).

The SQL is written once for SQLite and PostgreSQL (:mod:`eventwire.store.dialect`) and gives
the same rows in the same order on both: every ORDER BY breaks ties down to a unique key,
sorts text by code point (:func:`~eventwire.store.dialect.text_order`) and places NULLs with
an explicit ``x IS NULL`` term (by default SQLite sorts them first and PostgreSQL last).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from eventwire.dedup.fields import MergedEvent
from eventwire.errors import ConfigError
from eventwire.model import Article, Event
from eventwire.store.base import EventFilter, SQLStore
from eventwire.store.codec import EVENT_COLUMNS, event_from_row
from eventwire.store.dialect import Dialect, text_order, week_start

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A party's key: its canonical name when the resolver knew it, else the words of the article.
_ACTOR_KEY = "COALESCE(actor_name, actor_text)"
_RECIPIENT_KEY = "COALESCE(recipient_name, recipient_text)"
#: The intervals of :func:`timeline`, also the time-series groupings of :func:`aggregate`.
TIMELINE_INTERVALS: tuple[str, ...] = ("day", "week")
#: What the other groupings group by (text SQL over the events table).
_CATEGORIES: dict[str, str] = {
    "type": "event_type",
    "actor": _ACTOR_KEY,
    "country": "country",
    "admin1": "location_admin1",
}
#: The groupings :func:`aggregate` knows, in the order the docs list them.
AGGREGATE_BY: tuple[str, ...] = (*TIMELINE_INTERVALS, *_CATEGORIES)
_FATALITIES = "COALESCE(SUM(fatalities), 0)"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list: ``items`` from ``offset``, of ``total`` in all."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A stored article without its text, and how many events were coded from it."""

    id: str
    date: date | None
    title: str | None
    source: str | None
    url: str | None
    events: int


@dataclass(frozen=True, slots=True)
class ReportRef:
    """One report of a merged event: its event id, and the article and outlet it came from
    (all None but the id when the report is no longer stored: its article was recoded)."""

    event_id: str
    article_id: str | None
    source: str | None
    date: date | None


@dataclass(frozen=True, slots=True)
class MergedGroup:
    """The merged event a report belongs to, with every one of its reports in merge order."""

    merged_id: str
    reports: tuple[ReportRef, ...]


@dataclass(frozen=True, slots=True)
class Bucket:
    """One group of events: its key (None for events without one), count and fatalities.

    ``country`` is set for admin-1 buckets only, since area names repeat across countries.
    """

    key: str | None
    events: int
    fatalities: int
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """One day or week of a timeline: events per event type, all events and fatalities."""

    key: str
    counts: dict[str, int]
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events per period and event type, in date order; ``types`` most events first.

    ``truncated`` says that more periods matched than the limit let through.
    """

    interval: str
    types: tuple[str, ...]
    periods: tuple[Period, ...]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """The events at one place with coordinates, and their fatalities."""

    name: str | None
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class PlaceCounts:
    """Places, most events first, and how many matching events have no coordinates."""

    places: tuple[Place, ...]
    unplaced: int


@dataclass(frozen=True, slots=True)
class ActorLink:
    """Events of one type by one actor on one recipient (None: no such party named)."""

    actor: str | None
    recipient: str | None
    event_type: str
    events: int
    fatalities: int


def article_page(store: SQLStore, *, limit: int, offset: int = 0) -> Page[ArticleSummary]:
    """The stored articles, oldest first (undated last), ``limit`` of them from ``offset``."""
    _check_paging(limit, offset)
    rows = store.read(
        "SELECT a.id, a.date, a.title, a.source, a.url, "
        "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events "
        f"FROM articles a ORDER BY a.date IS NULL, a.date, {text_order('a.id', store.dialect)} "
        "LIMIT ? OFFSET ?",
        (limit, offset),
    )
    items = tuple(
        ArticleSummary(
            id=row["id"], date=date.fromisoformat(row["date"]) if row["date"] else None,
            title=row["title"], source=row["source"], url=row["url"], events=int(row["events"]),
        )
        for row in rows
    )
    return Page(items, store.count_articles(), limit, offset)


def event_page(
    store: SQLStore, flt: EventFilter | None = None, *, limit: int, offset: int = 0
) -> Page[Event]:
    """The events matching ``flt`` in the store's order, ``limit`` of them from ``offset``."""
    _check_paging(limit, offset)
    rows = store.read_events(
        ", ".join(EVENT_COLUMNS), flt, tail=_event_order(store.dialect) + " LIMIT ? OFFSET ?",
        params=(limit, offset),
    )
    return Page(tuple(event_from_row(row) for row in rows), store.count_events(flt), limit, offset)


def merged_page(
    store: SQLStore, flt: EventFilter | None = None, *, limit: int, offset: int = 0
) -> Page[MergedEvent]:
    """The events merged across articles that match ``flt``, in the store's order."""
    from eventwire.store import merges

    _check_paging(limit, offset)
    rows = merges.merged_events(store, flt, limit=limit, offset=offset)
    return Page(tuple(rows), merges.count_merged(store, flt), limit, offset)


def find_event(store: SQLStore, event_id: str) -> tuple[Event, Article] | None:
    """The event with this id and the article it was coded from, or None."""
    rows = store.read(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?", (event_id,)
    )
    if not rows:
        return None
    event = event_from_row(rows[0])
    article = store.article(event.article_id)
    if article is None:  # the schema's foreign key rules this out; say so if it happens
        logger.warning("Event %s names article %s, which is not stored", event_id,
                       event.article_id)
        return None
    return event, article


def merged_group(store: SQLStore, event_id: str) -> MergedGroup | None:
    """The merged event holding the report ``event_id`` and where each of its reports came
    from; None when no merge has placed it."""
    from eventwire.store import merges

    merged_id = merges.merged_id_of(store, event_id)
    merged = merges.stored_merged(store, [merged_id]).get(merged_id) if merged_id else None
    if merged is None:
        return None
    # every report the merge placed here, joined to its article: one statement, no IN list
    rows = store.read(
        "SELECT e.event_id, e.article_id, a.source, a.date FROM event_reports r "
        "JOIN events e ON e.event_id = r.event_id JOIN articles a ON a.id = e.article_id "
        "WHERE r.merged_id = ?",
        (merged.merged_id,),
    )
    found = {row["event_id"]: row for row in rows}
    return MergedGroup(merged.merged_id, tuple(
        _report_ref(report_id, found.get(report_id)) for report_id in merged.reports
    ))


def _report_ref(event_id: str, row: Any) -> ReportRef:
    if row is None:
        return ReportRef(event_id, None, None, None)
    day = row["date"]  # ISO text on both backends
    return ReportRef(event_id, row["article_id"], row["source"],
                     date.fromisoformat(day) if day else None)


def count_merged(store: SQLStore) -> int:
    """How many merged events the store holds (0 until a merge has run)."""
    from eventwire.store import merges

    return merges.count_merged(store)


def article_events(store: SQLStore, article_id: str) -> tuple[Event, ...]:
    """Every event coded from one article, in the store's order."""
    return tuple(store.events(EventFilter(article_id=article_id)))


def aggregate(
    store: SQLStore, by: str, flt: EventFilter | None = None, *, limit: int | None = None,
    merged: bool = False,
) -> tuple[Bucket, ...]:
    """Counts and fatalities of the events matching ``flt`` (the merged events with
    ``merged``), grouped ``by`` one of :data:`AGGREGATE_BY`.

    ``day`` and ``week`` (keyed by the week's Monday) are a time series in date order and leave
    out undated events; the other groupings come largest first, ties by key, with a ``None`` key
    for the events that have no value. ``limit`` keeps the first buckets only.

    Raises:
        ConfigError: an unknown grouping, or a negative limit.
    """
    if by not in AGGREGATE_BY:
        raise ConfigError(f"Cannot group events by {by!r}. Use one of: {', '.join(AGGREGATE_BY)}.")
    dialect = store.dialect
    if by in TIMELINE_INTERVALS:
        key = _period_key(by, dialect)
        tail = f" GROUP BY {key} ORDER BY {_period_order(by, dialect)}"
    else:
        key = _CATEGORIES[by]
        # admin-1 names repeat across countries: the country breaks their ties
        group = (key, "country") if by == "admin1" else (key,)
        order = ", ".join(_text_terms(group, dialect))
        tail = f" GROUP BY {', '.join(group)} ORDER BY COUNT(*) DESC, {order}"
    columns = f"{key} AS key, COUNT(*) AS events, {_FATALITIES} AS fatalities"
    if by == "admin1":
        columns += ", country"
    rows = store.read_events(
        columns, flt, also="date IS NOT NULL" if by in TIMELINE_INTERVALS else "",
        tail=tail + _limit_sql(limit), params=_limit(limit), table=_table(merged),
    )
    return tuple(
        Bucket(row["key"], int(row["events"]), int(row["fatalities"]),
               row["country"] if by == "admin1" else None)
        for row in rows
    )


def timeline(
    store: SQLStore, interval: str, flt: EventFilter | None = None, *,
    limit: int | None = None, merged: bool = False,
) -> Timeline:
    """Events per ``interval`` (day, or week keyed by its Monday) and event type, among the
    dated events matching ``flt`` (the merged events with ``merged``). ``limit`` keeps the
    first periods only.

    Raises:
        ConfigError: an unknown interval, or a negative limit.
    """
    if interval not in TIMELINE_INTERVALS:
        raise ConfigError(
            f"Cannot make a timeline by {interval!r}. Use one of: {', '.join(TIMELINE_INTERVALS)}."
        )
    _limit_sql(limit)  # checks it
    key = _period_key(interval, store.dialect)
    order = f"{_period_order(interval, store.dialect)}, {text_order('event_type', store.dialect)}"
    rows = store.read_events(
        f"{key} AS key, event_type, COUNT(*) AS events, {_FATALITIES} AS fatalities", flt,
        also="date IS NOT NULL", tail=f" GROUP BY {key}, event_type ORDER BY {order}",
        table=_table(merged),
    )
    counts: dict[str, dict[str, int]] = {}  # period -> type -> events, in date order
    fatalities: dict[str, int] = {}
    type_totals: dict[str, int] = {}
    for row in rows:
        events = int(row["events"])
        counts.setdefault(row["key"], {})[row["event_type"]] = events
        fatalities[row["key"]] = fatalities.get(row["key"], 0) + int(row["fatalities"])
        type_totals[row["event_type"]] = type_totals.get(row["event_type"], 0) + events
    keys = list(counts)[:limit] if limit is not None else list(counts)
    kept = tuple(
        Period(key, counts[key], sum(counts[key].values()), fatalities[key]) for key in keys
    )
    types = tuple(sorted(type_totals, key=lambda name: (-type_totals[name], name)))
    return Timeline(interval, types, kept, truncated=len(kept) < len(counts))


def places(
    store: SQLStore, flt: EventFilter | None = None, *, limit: int | None = None,
    merged: bool = False,
) -> PlaceCounts:
    """The places of the events matching ``flt`` (the merged events with ``merged``) that have
    coordinates, most events first (ties by name), each with its events and fatalities;
    ``limit`` keeps the first places."""
    columns = (
        "location_name AS name, lat, lon, country, location_admin1 AS admin1, "
        f"COUNT(*) AS events, {_FATALITIES} AS fatalities"
    )
    name, country, admin1 = _text_terms(("location_name", "country", "location_admin1"),
                                        store.dialect)
    tail = (
        " GROUP BY location_name, lat, lon, country, location_admin1 "
        f"ORDER BY COUNT(*) DESC, {name}, lat, lon, {country}, {admin1}"
    )
    rows = store.read_events(
        columns, flt, also="lat IS NOT NULL AND lon IS NOT NULL",
        tail=tail + _limit_sql(limit), params=_limit(limit), table=_table(merged),
    )
    unplaced = store.read_events("COUNT(*) AS n", flt, also="(lat IS NULL OR lon IS NULL)",
                                 table=_table(merged))
    return PlaceCounts(
        tuple(
            Place(row["name"], float(row["lat"]), float(row["lon"]), row["country"],
                  row["admin1"], int(row["events"]), int(row["fatalities"]))
            for row in rows
        ),
        int(unplaced[0]["n"]),
    )


def actor_links(
    store: SQLStore, flt: EventFilter | None = None, *, limit: int | None = None,
    merged: bool = False,
) -> tuple[ActorLink, ...]:
    """Who acts on whom: events and fatalities per actor, recipient and event type among the
    events matching ``flt`` (the merged events with ``merged``), largest first. ``limit``
    keeps the first links only."""
    columns = (
        f"{_ACTOR_KEY} AS actor, {_RECIPIENT_KEY} AS recipient, event_type, "
        f"COUNT(*) AS events, {_FATALITIES} AS fatalities"
    )
    group = (_ACTOR_KEY, _RECIPIENT_KEY, "event_type")
    tail = (
        f" GROUP BY {', '.join(group)} "
        f"ORDER BY COUNT(*) DESC, {', '.join(_text_terms(group, store.dialect))}"
    )
    rows = store.read_events(columns, flt, tail=tail + _limit_sql(limit), params=_limit(limit),
                             table=_table(merged))
    return tuple(
        ActorLink(row["actor"], row["recipient"], row["event_type"], int(row["events"]),
                  int(row["fatalities"]))
        for row in rows
    )


# --- SQL shared by the queries ------------------------------------------------------------
# ORDER BY repeats the grouped expressions rather than naming their aliases: PostgreSQL takes
# an output column's alias only bare, never inside `alias IS NULL` or `alias COLLATE "C"`.


def _table(merged: bool) -> str:
    """The table a count reads: one row per report, or one per happening."""
    return "merged_events" if merged else "events"


def _event_order(dialect: Dialect) -> str:
    """The events' order, as the stores' ``events()``: oldest first, undated last."""
    return (
        f" ORDER BY date IS NULL, date, {text_order('article_id', dialect)}, trigger_start, "
        f"{text_order('event_id', dialect)}"
    )


def _period_key(interval: str, dialect: Dialect) -> str:
    """The SQL of a period's key: the event's date, or the Monday of its ISO week as text."""
    return "date" if interval == "day" else week_start("date", dialect)


def _period_order(interval: str, dialect: Dialect) -> str:
    # A day key is a DATE on PostgreSQL, which takes no collation; a week key is ISO text.
    key = _period_key(interval, dialect)
    return key if interval == "day" else text_order(key, dialect)


def _text_terms(expressions: Sequence[str], dialect: Dialect) -> list[str]:
    """ORDER BY terms for text expressions: values by code point, then NULLs."""
    return [f"{sql} IS NULL, {text_order(sql, dialect)}" for sql in expressions]


def _limit_sql(limit: int | None) -> str:
    if limit is None:
        return ""
    if limit < 0:
        raise ConfigError(f"limit must be zero or more, got {limit}.")
    return " LIMIT ?"


def _limit(limit: int | None) -> tuple[int, ...]:
    return () if limit is None else (limit,)


def _check_paging(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ConfigError(f"limit and offset must be zero or more, got {limit} and {offset}.")

