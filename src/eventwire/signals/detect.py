"""Detectors: what changed in the store by a given day. Each reads only the events dated on or
before ``as_of`` (no look-ahead, so a backtest replays what was knowable) and returns
:class:`~eventwire.signals.model.Signal` records, their ``event_ids`` most severe first
(most fatalities, then the heaviest escalation weight, then the latest).

- :func:`detect_spike`: the last complete ISO week's violent events (or fatalities, or
  escalation score) in an area against the ``baseline_weeks`` weeks before it.
- :func:`detect_new_actor_in_area`: an actor's first violent event in an admin-1 area where it
  had none in the ``lookback_days`` before, while it had violent events elsewhere.
- :func:`detect_verbal_escalation`: threats and calls to violence by an actor or in a country,
  last complete week against the weeks before.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.errors import ConfigError
from eventwire.signals.model import Signal
from eventwire.signals.score import escalation, event_weight
from eventwire.signals.series import (
    ACTOR_SQL,
    VIOLENT_TYPES,
    last_complete_week,
    resolve_table,
    week_sql,
    window_condition,
)
from eventwire.store.base import SQLStore
from eventwire.store.dialect import text_order

#: What :func:`detect_spike` can measure.
SPIKE_MEASURES: tuple[str, ...] = ("events", "fatalities", "escalation")
#: The areas :func:`detect_spike` compares.
AREA_LEVELS: tuple[str, ...] = ("admin1", "country")
#: Who :func:`detect_verbal_escalation` follows.
VERBAL_LEVELS: tuple[str, ...] = ("actor", "country")
#: The most event ids one signal lists.
MAX_EVENT_IDS = 50

# A verbal escalation: a threat, or any event flagged as a call to violence.
_VERBAL_SQL = "(event_type = 'THREATEN' OR call_to_violence = 1)"
_VIOLENT_SQL = "event_type IN ({})".format(", ".join(f"'{name}'" for name in VIOLENT_TYPES))
_SEVERITY_ORDER = (
    " ORDER BY COALESCE(fatalities, 0) DESC, "
    "CASE event_type WHEN 'ASSAULT' THEN 0 WHEN 'COERCE' THEN 1 WHEN 'THREATEN' THEN 2 ELSE 3 END,"
    " date DESC, {event_id}"
)


@dataclass(frozen=True, slots=True)
class SpikeParams:
    """The spike detector's settings (defaults fixed before any backtest was looked at).

    Fires when the week's value >= max(min_count, mean + k * sd) of the ``baseline_weeks``
    weeks before it (weeks without events count as 0; sd is the population deviation).
    """

    baseline_weeks: int = 8
    k: float = 2.0
    min_count: float = 5.0
    measure: str = "events"
    by: str = "admin1"

    def __post_init__(self) -> None:
        if self.baseline_weeks < 2:
            raise ConfigError(f"baseline_weeks must be 2 or more, got {self.baseline_weeks}.")
        if self.measure not in SPIKE_MEASURES:
            raise ConfigError(
                f"Unknown measure {self.measure!r}. Use one of: {', '.join(SPIKE_MEASURES)}."
            )
        if self.by not in AREA_LEVELS:
            raise ConfigError(f"Unknown area {self.by!r}. Use one of: {', '.join(AREA_LEVELS)}.")


@dataclass(frozen=True, slots=True)
class _Weekly:
    """One key's values over the baseline weeks and the week tested (the last one)."""

    key: tuple[str | None, ...]
    values: list[float]


def detect_spike(
    store: SQLStore, *, as_of: date, params: SpikeParams | None = None,
    table: str | None = None,
) -> list[Signal]:
    """Areas whose last complete week (ending on or before ``as_of``) saw a spike of violence.

    ``params`` (default :class:`SpikeParams`) chooses the measure (violent ``events``, their
    ``fatalities``, or the ``escalation`` score of all events), the area level and the rule.
    """
    params = params or SpikeParams()
    week = last_complete_week(as_of)
    first = week - timedelta(weeks=params.baseline_weeks)
    table = resolve_table(store, table)
    area_sql = ("country", "location_admin1" if params.by == "admin1" else "NULL")
    weekly = _area_weeks(store, table, area_sql, first, week, measure=params.measure)
    signals = []
    for series in weekly:
        baseline, value = series.values[:-1], series.values[-1]
        mean, sd = statistics.fmean(baseline), statistics.pstdev(baseline)
        threshold = max(params.min_count, mean + params.k * sd)
        if value < threshold:
            continue
        country, admin1 = series.key
        signals.append(_spike_signal(store, table, params, week, value, mean, threshold,
                                     country, admin1))
    return sorted(signals, key=lambda s: (-s.value, s.key))


def _area_weeks(
    store: SQLStore, table: str, area_sql: tuple[str, str], first: date, last: date, *,
    measure: str,
) -> list[_Weekly]:
    """Per area with events in the last week: its measure in each week from ``first`` to
    ``last`` (Mondays), zeros filled in."""
    where, params = window_condition(first, last + timedelta(days=6))
    if measure != "escalation":
        where += f" AND {_VIOLENT_SQL}"
    rows = store.read(
        f"SELECT {week_sql(store)} AS week, {area_sql[0]} AS country, {area_sql[1]} AS admin1, "
        "event_type, call_to_violence, COUNT(*) AS events, "
        f"COALESCE(SUM(fatalities), 0) AS fatalities FROM {table} WHERE {where} "
        "AND country IS NOT NULL GROUP BY 1, 2, 3, 4, 5",
        params,
    )
    weeks = (last - first).days // 7 + 1
    weighted: dict[tuple[str | None, ...], list[list[float]]] = {}
    for row in rows:
        if area_sql[1] != "NULL" and row["admin1"] is None:
            continue  # an event placed in the country only belongs to no admin-1 area
        cells = weighted.setdefault((row["country"], row["admin1"]),
                                    [[0.0, 0.0, 0.0] for _ in range(weeks)])
        cell = cells[(date.fromisoformat(row["week"]) - first).days // 7]
        weight = event_weight(row["event_type"], call_to_violence=bool(row["call_to_violence"]))
        cell[0] += int(row["events"])
        cell[1] += int(row["fatalities"])
        cell[2] += weight * int(row["events"])
    result = []
    for key, cells in weighted.items():
        if cells[-1][0] == 0:
            continue  # nothing happened in the week tested: no spike
        values = [_measure(cell, measure) for cell in cells]
        result.append(_Weekly(key, values))
    return result


def _measure(cell: list[float], measure: str) -> float:
    events, fatalities, weighted = cell
    if measure == "events":
        return events
    if measure == "fatalities":
        return fatalities
    return escalation(weighted, int(fatalities))


def _spike_signal(
    store: SQLStore, table: str, params: SpikeParams, week: date, value: float,
    mean: float, threshold: float, country: str | None, admin1: str | None,
) -> Signal:
    end = week + timedelta(days=6)
    where, sql_params = window_condition(week, end)
    where += " AND country = ?"
    sql_params.append(str(country))
    if admin1 is not None:
        where += " AND location_admin1 = ?"
        sql_params.append(admin1)
    if params.measure != "escalation":
        where += f" AND {_VIOLENT_SQL}"
    area = f"{country}/{admin1}" if admin1 else str(country)
    what = {"events": "violent events", "fatalities": "fatalities",
            "escalation": "escalation score"}[params.measure]
    return Signal(
        detector="spike", key=area, period_start=week, period_end=end, value=value,
        measure=params.measure,
        description=(
            f"{_number(value)} {what} in {admin1 or country} in the week of {week.isoformat()}, "
            f"against {mean:.1f} a week in the {params.baseline_weeks} weeks before."
        ),
        baseline=mean, threshold=threshold, country=country, admin1=admin1,
        event_ids=_event_ids(store, table, where, sql_params),
    )


def detect_new_actor_in_area(
    store: SQLStore, *, as_of: date, window_days: int = 7, lookback_days: int = 90,
    table: str | None = None,
) -> list[Signal]:
    """Actors with violent events in an admin-1 area in the ``window_days`` ending ``as_of``
    and none there in the ``lookback_days`` before the window, who did have violent events
    in another area before the window (new to the area, not new to the data)."""
    if window_days < 1 or lookback_days < 1:
        raise ConfigError("window_days and lookback_days must be 1 or more.")
    table = resolve_table(store, table)
    start = as_of - timedelta(days=window_days - 1)
    where, params = window_condition(start, as_of)
    rows = store.read(
        f"SELECT {ACTOR_SQL} AS actor, country, location_admin1 AS admin1, COUNT(*) AS events "
        f"FROM {table} WHERE {where} AND {_VIOLENT_SQL} AND {ACTOR_SQL} IS NOT NULL "
        "AND country IS NOT NULL AND location_admin1 IS NOT NULL GROUP BY 1, 2, 3",
        params,
    )
    signals = []
    # In code point order, as SQLite sorts, whatever PostgreSQL's collation.
    for row in sorted(rows, key=lambda row: (row["actor"], row["country"], row["admin1"])):
        actor, country, admin1 = row["actor"], row["country"], row["admin1"]
        if _active_in_area(store, table, actor, country, admin1,
                           start - timedelta(days=lookback_days), start):
            continue
        if not _active_elsewhere(store, table, actor, country, admin1, start):
            continue
        signals.append(_new_actor_signal(store, table, actor, country, admin1, start, as_of,
                                         int(row["events"]), lookback_days))
    return signals


def _active_in_area(
    store: SQLStore, table: str, actor: str, country: str, admin1: str, first: date,
    before: date,
) -> bool:
    return _violent_before(store, table, actor, before, first=first,
                           area="country = ? AND location_admin1 = ?", values=[country, admin1])


def _active_elsewhere(
    store: SQLStore, table: str, actor: str, country: str, admin1: str, before: date
) -> bool:
    return _violent_before(
        store, table, actor, before,
        area="NOT (COALESCE(country, '') = ? AND COALESCE(location_admin1, '') = ?)",
        values=[country, admin1],
    )


def _violent_before(store: SQLStore, table: str, actor: str, before: date, *,
                    area: str, values: list[str], first: date | None = None) -> bool:
    """Whether ``actor`` had a violent event matching ``area`` from ``first`` to the day
    before ``before``."""
    where, params = window_condition(first, before - timedelta(days=1))
    rows = store.read(
        f"SELECT 1 FROM {table} WHERE {where} AND {_VIOLENT_SQL} AND {ACTOR_SQL} = ? "
        f"AND {area} LIMIT 1",
        [*params, actor, *values],
    )
    return bool(rows)


def _new_actor_signal(
    store: SQLStore, table: str, actor: str, country: str, admin1: str, start: date,
    end: date, events: int, lookback_days: int,
) -> Signal:
    where, params = window_condition(start, end)
    where += f" AND {_VIOLENT_SQL} AND {ACTOR_SQL} = ? AND country = ? AND location_admin1 = ?"
    params += [actor, country, admin1]
    # The signal starts on the actor's first day in the area, not with the window: the window
    # slides a day at a time, and the same arrival must keep one id (one alert, not seven).
    first = store.read(f"SELECT MIN(date) FROM {table} WHERE {where}", params)[0][0]
    start = date.fromisoformat(first) if first else start
    return Signal(
        detector="new_actor_in_area", key=f"{actor}@{country}/{admin1}", period_start=start,
        period_end=end, value=float(events), measure="events",
        description=(
            f"{actor}: {events} violent event{'s' if events != 1 else ''} in {admin1} "
            f"({country}) from {start.isoformat()} to {end.isoformat()}, its first there in "
            f"{lookback_days} days, after violence elsewhere."
        ),
        country=country, admin1=admin1, actor=actor,
        event_ids=_event_ids(store, table, where, params),
    )


def detect_verbal_escalation(
    store: SQLStore, *, as_of: date, baseline_weeks: int = 8, k: float = 2.0,
    min_count: float = 3.0, levels: Sequence[str] = VERBAL_LEVELS, table: str | None = None,
) -> list[Signal]:
    """Actors (and countries) whose threats and calls to violence (factual THREATEN events,
    and any event flagged ``call_to_violence``, such as a REQUEST to attack) in the last
    complete week reached max(min_count, mean + k * sd) of the ``baseline_weeks`` before."""
    unknown = set(levels) - set(VERBAL_LEVELS)
    if unknown or baseline_weeks < 2:
        raise ConfigError(f"levels must be among {', '.join(VERBAL_LEVELS)} and baseline_weeks "
                          "2 or more.")
    table = resolve_table(store, table)
    week = last_complete_week(as_of)
    first = week - timedelta(weeks=baseline_weeks)
    signals = []
    for level in levels:
        key_sql = ACTOR_SQL if level == "actor" else "country"
        for key, values in _verbal_weeks(store, table, key_sql, first, week).items():
            baseline, value = values[:-1], values[-1]
            mean, sd = statistics.fmean(baseline), statistics.pstdev(baseline)
            threshold = max(min_count, mean + k * sd)
            if value >= threshold:
                signals.append(_verbal_signal(store, table, level, key_sql, key, week, value,
                                              mean, threshold, baseline_weeks))
    return sorted(signals, key=lambda s: (-s.value, s.key))


def _verbal_weeks(
    store: SQLStore, table: str, key_sql: str, first: date, last: date
) -> dict[str, list[float]]:
    where, params = window_condition(first, last + timedelta(days=6))
    rows = store.read(
        f"SELECT {week_sql(store)} AS week, {key_sql} AS key, COUNT(*) AS events FROM {table} "
        f"WHERE {where} AND {_VERBAL_SQL} AND {key_sql} IS NOT NULL GROUP BY 1, 2",
        params,
    )
    weeks = (last - first).days // 7 + 1
    counts: dict[str, list[float]] = {}
    for row in rows:
        values = counts.setdefault(row["key"], [0.0] * weeks)
        values[(date.fromisoformat(row["week"]) - first).days // 7] = float(row["events"])
    return {key: values for key, values in counts.items() if values[-1] > 0}


def _verbal_signal(
    store: SQLStore, table: str, level: str, key_sql: str, key: str, week: date,
    value: float, mean: float, threshold: float, baseline_weeks: int,
) -> Signal:
    end = week + timedelta(days=6)
    where, params = window_condition(week, end)
    where += f" AND {_VERBAL_SQL} AND {key_sql} = ?"
    params.append(key)
    who = f"by {key}" if level == "actor" else f"in {key}"
    return Signal(
        detector="verbal_escalation", key=key, period_start=week, period_end=end,
        value=value, measure="events",
        description=(
            f"{_number(value)} threats and calls to violence {who} in the week of "
            f"{week.isoformat()}, against {mean:.1f} a week in the {baseline_weeks} weeks before."
        ),
        baseline=mean, threshold=threshold,
        country=key if level == "country" else None,
        actor=key if level == "actor" else None,
        event_ids=_event_ids(store, table, where, params),
    )


def _event_ids(
    store: SQLStore, table: str, where: str, params: Sequence[str]
) -> tuple[str, ...]:
    rows = store.read(
        f"SELECT event_id FROM {table} WHERE {where}"
        f"{_SEVERITY_ORDER.format(event_id=text_order('event_id', store.dialect))} "
        f"LIMIT {MAX_EVENT_IDS}",
        params,
    )
    return tuple(row["event_id"] for row in rows)


def _number(value: float) -> str:
    return str(int(value)) if math.isclose(value, round(value)) else f"{value:.1f}"


#: The detectors :func:`detect_signals` runs, in this order.
ALL_DETECTORS: tuple[str, ...] = ("spike", "new_actor_in_area", "verbal_escalation")


def detect_signals(
    store: SQLStore, *, as_of: date, detectors: Sequence[str] = ALL_DETECTORS,
    spike: SpikeParams | None = None, lookback_days: int = 90, table: str | None = None,
) -> list[Signal]:
    """The signals of the chosen detectors as of ``as_of`` (what ``eventwire signals`` prints
    and the watcher alerts on); the verbal detector shares the spike's baseline and k."""
    spike = spike or SpikeParams()
    found: list[Signal] = []
    if "spike" in detectors:
        found += detect_spike(store, as_of=as_of, params=spike, table=table)
    if "new_actor_in_area" in detectors:
        found += detect_new_actor_in_area(store, as_of=as_of, lookback_days=lookback_days,
                                          table=table)
    if "verbal_escalation" in detectors:
        found += detect_verbal_escalation(store, as_of=as_of, baseline_weeks=spike.baseline_weeks,
                                          k=spike.k, table=table)
    return found
