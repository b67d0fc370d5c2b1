"""Daily and weekly series over the store: events and fatalities per area, actor, dyad or type.

Only events that happened count: factual (asserted or claimed, see
:data:`eventwire.model.FACTUAL_MODALITIES`), not historical (a past event recalled in a later
article is not news of that day) and dated. When the store holds merged events (``eventwire
dedup``), happenings are counted from ``merged_events``, else reports from ``events``: both
tables have the same columns, so ``table`` chooses and defaults to :func:`default_table`.
Everything is computed in SQL, so a large store is never loaded into Python; the SQL runs on
both backends (SQLite and PostgreSQL, :mod:`eventwire.store.dialect`) with the same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.errors import ConfigError
from eventwire.model import FACTUAL_MODALITIES
from eventwire.store.base import SQLStore
from eventwire.store.dialect import week_start as week_start_sql

#: The tables events are counted from.
TABLES: tuple[str, ...] = ("events", "merged_events")
#: The PLOVER types that count as violence for the spike and new-actor detectors: the use of
#: force. COERCE (arrests, seizures, curfews) is repression without force and is left out.
VIOLENT_TYPES: tuple[str, ...] = ("ASSAULT",)

_FACTUAL_SQL = (
    "modality IN ({}) AND historical = 0 AND date IS NOT NULL".format(
        ", ".join(f"'{modality.value}'" for modality in sorted(FACTUAL_MODALITIES))
    )
)
ACTOR_SQL = "COALESCE(actor_name, actor_text)"
RECIPIENT_SQL = "COALESCE(recipient_name, recipient_text)"

#: What each series groups by: the SQL of its key, and of its country (admin-1 names repeat
#: across countries, so an admin-1 key always comes with its country).
_KEYS: dict[str, tuple[str, str]] = {
    "country": ("country", "country"),
    "admin1": ("location_admin1", "country"),
    "actor": (ACTOR_SQL, "NULL"),
    "dyad": (f"{ACTOR_SQL} || ' -> ' || COALESCE({RECIPIENT_SQL}, '(none)')", "NULL"),
    "type": ("event_type", "NULL"),
}
#: The groupings :func:`series` knows.
SERIES_BY: tuple[str, ...] = tuple(_KEYS)
#: The intervals of :func:`series`.
INTERVALS: tuple[str, ...] = ("day", "week")


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """Events and fatalities of one key in one period (a day, or the week from its Monday)."""

    period: date
    key: str
    events: int
    fatalities: int
    country: str | None = None


def factual_condition() -> str:
    """The SQL condition every count uses: factual, not historical, dated."""
    return _FACTUAL_SQL


def week_sql(store: SQLStore) -> str:
    """SQL of the Monday of the event's ISO week, as ISO text, in the store's dialect."""
    return week_start_sql("date", store.dialect)


def default_table(store: SQLStore) -> str:
    """``merged_events`` when the store has merged events, else ``events``."""
    if store.has_table("merged_events") and store.read("SELECT 1 FROM merged_events LIMIT 1"):
        return "merged_events"
    return "events"


def resolve_table(store: SQLStore, table: str | None) -> str:
    """The table to count from: ``table`` when given (checked), else :func:`default_table`.

    Raises:
        ConfigError: a table that is not one of :data:`TABLES`.
    """
    if table is None:
        return default_table(store)
    if table not in TABLES:
        raise ConfigError(f"Cannot count events from {table!r}. Use one of: {', '.join(TABLES)}.")
    return table


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def last_complete_week(as_of: date) -> date:
    """The Monday of the last week that has ended by the end of ``as_of`` (a Sunday ends one)."""
    monday = week_start(as_of)
    return monday if as_of.weekday() == 6 else monday - timedelta(days=7)


def series(
    store: SQLStore, *, by: str, interval: str = "week", date_from: date | None = None,
    date_to: date | None = None, event_types: tuple[str, ...] = (), table: str | None = None,
) -> list[SeriesPoint]:
    """Events and fatalities per period and key among the factual events, in date order, then
    by key; periods and keys without events are absent (a zero is not stored).

    Args:
        by: one of :data:`SERIES_BY`: ``country`` (ISO3), ``admin1`` (with its country),
            ``actor`` (canonical name, else the article's words), ``dyad`` ("actor ->
            recipient", "(none)" without a recipient) or ``type`` (PLOVER type).
        interval: ``day`` or ``week`` (ISO week, keyed by its Monday).
        event_types: PLOVER types to keep; empty keeps all.

    Raises:
        ConfigError: an unknown grouping, interval or table.
    """
    if by not in _KEYS:
        raise ConfigError(f"Cannot make a series by {by!r}. Use one of: {', '.join(SERIES_BY)}.")
    if interval not in INTERVALS:
        raise ConfigError(f"Unknown interval {interval!r}. Use one of: {', '.join(INTERVALS)}.")
    key_sql, country_sql = _KEYS[by]
    period_sql = "date" if interval == "day" else week_sql(store)
    where, params = window_condition(date_from, date_to, event_types)
    # GROUP BY by position: PostgreSQL would read the name "country" as the column, not the
    # NULL selected under that name for actor, dyad and type series.
    rows = store.read(
        f"SELECT {period_sql} AS period, {key_sql} AS key, {country_sql} AS country, "
        "COUNT(*) AS events, COALESCE(SUM(fatalities), 0) AS fatalities "
        f"FROM {resolve_table(store, table)} WHERE {where} AND {key_sql} IS NOT NULL "
        "GROUP BY 1, 2, 3",
        params,
    )
    points = [
        SeriesPoint(date.fromisoformat(str(row["period"])), row["key"], int(row["events"]),
                    int(row["fatalities"]), row["country"])
        for row in rows
    ]
    # Sorted here, by code point as SQLite would, whatever PostgreSQL's collation.
    return sorted(points, key=lambda p: (p.period, p.key, p.country is not None, p.country or ""))


def window_condition(
    date_from: date | None, date_to: date | None, event_types: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """The SQL condition (factual, in the days, of the types) and its parameters."""
    clauses = [_FACTUAL_SQL]
    params: list[str] = []
    if date_from is not None:
        clauses.append("date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        clauses.append("date <= ?")
        params.append(date_to.isoformat())
    if event_types:
        clauses.append(f"event_type IN ({', '.join('?' * len(event_types))})")
        params.extend(str(name).upper() for name in event_types)
    return " AND ".join(clauses), params
