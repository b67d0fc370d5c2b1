"""Read-side queries over the SQLite store: pages of articles and events, and aggregates.

What the API and a dashboard ask of the store, computed in SQL so a large store is never
loaded into Python: counts and fatalities of the events that match an :class:`EventFilter`,
grouped by day, ISO week, event type, actor, country or admin-1 area, and who acts on whom.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from eventwire.dedup.fields import MergedEvent
from eventwire.errors import ConfigError
from eventwire.model import Article, Event
from eventwire.store.base import EventFilter
from eventwire.store.codec import EVENT_COLUMNS, event_from_row
from eventwire.store.sqlite import SQLiteStore

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A party's key: its canonical name when the resolver knew it, else the words of the article.
_ACTOR_KEY = "COALESCE(actor_name, actor_text)"
_RECIPIENT_KEY = "COALESCE(recipient_name, recipient_text)"
# The Monday of the event's ISO week: %w counts from Sunday = 0.
_WEEK_KEY = "date(date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days')"

#: What each grouping groups by (SQL over the events table), and whether it is a time series.
_GROUPINGS: dict[str, tuple[str, bool]] = {
    "day": ("date", True),
    "week": (_WEEK_KEY, True),
    "type": ("event_type", False),
    "actor": (_ACTOR_KEY, False),
    "country": ("country", False),
    "admin1": ("location_admin1", False),
}
#: The groupings :func:`aggregate` knows, in the order the docs list them.
AGGREGATE_BY: tuple[str, ...] = tuple(_GROUPINGS)
_EVENT_ORDER = " ORDER BY date IS NULL, date, article_id, trigger_start, event_id"
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


def article_page(store: SQLiteStore, *, limit: int, offset: int = 0) -> Page[ArticleSummary]:
    """The stored articles, oldest first (undated last), ``limit`` of them from ``offset``."""
    _check_paging(limit, offset)
    rows = store.read(
        "SELECT a.id, a.date, a.title, a.source, a.url, "
        "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events "
        "FROM articles a ORDER BY a.date IS NULL, a.date, a.id LIMIT ? OFFSET ?",
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
    store: SQLiteStore, flt: EventFilter | None = None, *, limit: int, offset: int = 0
) -> Page[Event]:
    """The events matching ``flt`` in the store's order, ``limit`` of them from ``offset``."""
    _check_paging(limit, offset)
    rows = store.read_events(
        ", ".join(EVENT_COLUMNS), flt, tail=_EVENT_ORDER + " LIMIT ? OFFSET ?",
        params=(limit, offset),
    )
    return Page(tuple(event_from_row(row) for row in rows), store.count_events(flt), limit, offset)


def merged_page(
    store: SQLiteStore, flt: EventFilter | None = None, *, limit: int, offset: int = 0
) -> Page[MergedEvent]:
    """The events merged across articles that match ``flt``, in the store's order."""
    from eventwire.store import merges

    _check_paging(limit, offset)
    rows = merges.merged_events(store, flt, limit=limit, offset=offset)
    return Page(tuple(rows), merges.count_merged(store, flt), limit, offset)


def find_event(store: SQLiteStore, event_id: str) -> tuple[Event, Article] | None:
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


def article_events(store: SQLiteStore, article_id: str) -> tuple[Event, ...]:
    """Every event coded from one article, in the store's order."""
    return tuple(store.events(EventFilter(article_id=article_id)))


def aggregate(
    store: SQLiteStore, by: str, flt: EventFilter | None = None, *, limit: int | None = None
) -> tuple[Bucket, ...]:
    """Counts and fatalities of the events matching ``flt``, grouped ``by`` one of
    :data:`AGGREGATE_BY`.

    ``day`` and ``week`` (keyed by the week's Monday) are a time series in date order and leave
    out undated events; the other groupings come largest first, ties by key, with a ``None`` key
    for the events that have no value. ``limit`` keeps the first buckets only.

    Raises:
        ConfigError: an unknown grouping, or a negative limit.
    """
    if by not in _GROUPINGS:
        raise ConfigError(f"Cannot group events by {by!r}. Use one of: {', '.join(AGGREGATE_BY)}.")
    key, is_series = _GROUPINGS[by]
    columns = f"{key} AS key, COUNT(*) AS events, {_FATALITIES} AS fatalities"
    group = "key"
    if by == "admin1":
        columns += ", country"
        group += ", country"
    if is_series:
        tail = f" GROUP BY {group} ORDER BY key"
    else:
        tail = f" GROUP BY {group} ORDER BY events DESC, key IS NULL, key"
    rows = store.read_events(
        columns, flt, also="date IS NOT NULL" if is_series else "",
        tail=tail + _limit_sql(limit), params=_limit(limit),
    )
    return tuple(
        Bucket(row["key"], int(row["events"]), int(row["fatalities"]),
               row["country"] if by == "admin1" else None)
        for row in rows
    )


#: The intervals of :func:`timeline`.
TIMELINE_INTERVALS: tuple[str, ...] = ("day", "week")


def timeline(
    store: SQLiteStore, interval: str, flt: EventFilter | None = None, *,
    limit: int | None = None,
) -> Timeline:
    """Events per ``interval`` (day, or week keyed by its Monday) and event type, among the
    dated events matching ``flt``. ``limit`` keeps the first periods only.

    Raises:
        ConfigError: an unknown interval, or a negative limit.
    """
    if interval not in TIMELINE_INTERVALS:
        raise ConfigError(
            f"Cannot make a timeline by {interval!r}. Use one of: {', '.join(TIMELINE_INTERVALS)}."
        )
    _limit_sql(limit)  # checks it
    key = _GROUPINGS[interval][0]
    rows = store.read_events(
        f"{key} AS key, event_type, COUNT(*) AS events, {_FATALITIES} AS fatalities", flt,
        also="date IS NOT NULL", tail=" GROUP BY key, event_type ORDER BY key, event_type",
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
    store: SQLiteStore, flt: EventFilter | None = None, *, limit: int | None = None
) -> PlaceCounts:
    """The places of the events matching ``flt`` that have coordinates, most events first
    (ties by name), each with its events and fatalities; ``limit`` keeps the first places."""
    columns = (
        "location_name AS name, lat, lon, country, location_admin1 AS admin1, "
        f"COUNT(*) AS events, {_FATALITIES} AS fatalities"
    )
    tail = (
        " GROUP BY location_name, lat, lon, country, location_admin1 "
        "ORDER BY events DESC, name IS NULL, name, lat, lon"
    )
    rows = store.read_events(
        columns, flt, also="lat IS NOT NULL AND lon IS NOT NULL",
        tail=tail + _limit_sql(limit), params=_limit(limit),
    )
    unplaced = store.read_events("COUNT(*) AS n", flt, also="(lat IS NULL OR lon IS NULL)")
    return PlaceCounts(
        tuple(
            Place(row["name"], float(row["lat"]), float(row["lon"]), row["country"],
                  row["admin1"], int(row["events"]), int(row["fatalities"]))
            for row in rows
        ),
        int(unplaced[0]["n"]),
    )


def actor_links(
    store: SQLiteStore, flt: EventFilter | None = None, *, limit: int | None = None
) -> tuple[ActorLink, ...]:
    """Who acts on whom: events and fatalities per actor, recipient and event type among the
    events matching ``flt``, largest first. ``limit`` keeps the first links only."""
    columns = (
        f"{_ACTOR_KEY} AS actor, {_RECIPIENT_KEY} AS recipient, event_type, "
        f"COUNT(*) AS events, {_FATALITIES} AS fatalities"
    )
    tail = (
        " GROUP BY actor, recipient, event_type ORDER BY events DESC, actor IS NULL, actor, "
        "recipient IS NULL, recipient, event_type"
    )
    rows = store.read_events(columns, flt, tail=tail + _limit_sql(limit), params=_limit(limit))
    return tuple(
        ActorLink(row["actor"], row["recipient"], row["event_type"], int(row["events"]),
                  int(row["fatalities"]))
        for row in rows
    )


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

