"""Backtests: replay a stored archive week by week, or day by day, and record when each
detector would have fired, then score the spike detector against the weeks that turned out
worst.

The weekly replay runs each detector with ``as_of`` = the Sunday of each ISO week from
``start`` to ``end``; the daily one with every day. The detectors read nothing dated after
``as_of``, so each step sees only its past. A daily replay finds the same spikes (they test
whole weeks, so each fires on the Sunday that completes its week) and finds an actor new to
an area on the day it first appears there.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from eventwire.errors import ConfigError
from eventwire.signals.detect import (
    SpikeParams,
    detect_new_actor_in_area,
    detect_spike,
    detect_verbal_escalation,
)
from eventwire.signals.model import Signal
from eventwire.signals.series import VIOLENT_TYPES, series, week_start
from eventwire.store.base import SQLStore

logger = logging.getLogger(__name__)

#: The detectors a backtest can replay.
DETECTORS: tuple[str, ...] = ("spike", "new_actor_in_area", "verbal_escalation")
WEEKS_PER_YEAR = 365.2425 / 7


@dataclass(frozen=True, slots=True)
class BacktestReport:
    """Every signal the replay produced, in week order; ``weeks`` are the Mondays replayed."""

    start: date
    end: date
    detectors: tuple[str, ...]
    weeks: tuple[date, ...]
    signals: tuple[Signal, ...]
    spike: SpikeParams = field(default_factory=SpikeParams)
    #: signal id -> the day (as_of) the replay first found it: when it would have fired
    fired_on: dict[str, date] = field(default_factory=dict)
    step: str = "week"

    def fired_weeks(self, detector: str = "spike") -> dict[str, list[date]]:
        """Per key, the weeks (Mondays) in which ``detector`` fired."""
        fired: dict[str, list[date]] = {}
        for signal in self.signals:
            if signal.detector == detector:
                fired.setdefault(signal.key, []).append(week_start(signal.period_start))
        return fired

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "detectors": list(self.detectors), "weeks": len(self.weeks),
            "spike": {"baseline_weeks": self.spike.baseline_weeks, "k": self.spike.k,
                      "min_count": self.spike.min_count, "measure": self.spike.measure,
                      "by": self.spike.by},
            "step": self.step,
            "signals": [{**signal.to_dict(), "fired_on": self.fired_on[signal.signal_id]
                         .isoformat()} for signal in self.signals],
        }


def backtest(
    store: SQLStore, *, start: date, end: date, detectors: Sequence[str] = ("spike",),
    spike: SpikeParams | None = None, window_days: int = 7, lookback_days: int = 90,
    table: str | None = None, step: str = "week",
) -> BacktestReport:
    """Replay the ISO weeks from the one holding ``start`` to the last one ending by ``end``
    (``step="week"``), or every day from ``start`` to ``end`` (``step="day"``); a signal found
    on several steps is kept once, with the first day it was found.

    Raises:
        ConfigError: an unknown detector or step, or ``start`` after ``end``.
    """
    if step not in ("week", "day"):
        raise ConfigError(f"Unknown backtest step {step!r}: use week or day.")
    unknown = set(detectors) - set(DETECTORS)
    if unknown:
        raise ConfigError(f"Unknown detector(s) {', '.join(sorted(unknown))}. "
                          f"Use: {', '.join(DETECTORS)}.")
    if start > end:
        raise ConfigError(f"The backtest starts ({start}) after it ends ({end}).")
    spike = spike or SpikeParams()
    weeks = replay_weeks(start, end)
    days = ([monday + timedelta(days=6) for monday in weeks] if step == "week"
            else [start + timedelta(days=n) for n in range((end - start).days + 1)])
    signals: list[Signal] = []
    fired_on: dict[str, date] = {}
    for as_of in days:
        found: list[Signal] = []
        if "spike" in detectors:
            found += detect_spike(store, as_of=as_of, params=spike, table=table)
        if "new_actor_in_area" in detectors:
            found += detect_new_actor_in_area(store, as_of=as_of, window_days=window_days,
                                              lookback_days=lookback_days, table=table)
        if "verbal_escalation" in detectors:
            found += detect_verbal_escalation(store, as_of=as_of, table=table)
        for signal in found:
            if signal.signal_id not in fired_on:  # a later step finds the same signal again
                fired_on[signal.signal_id] = as_of
                signals.append(signal)
    logger.info("Backtest %s to %s by %s: %d steps, %d signals", start, end, step, len(days),
                len(signals))
    return BacktestReport(start, end, tuple(detectors), tuple(weeks), tuple(signals), spike,
                          fired_on, step)


def replay_weeks(start: date, end: date) -> list[date]:
    """The Mondays of the ISO weeks from the one holding ``start`` to the last complete one by
    ``end``."""
    monday, last = week_start(start), week_start(end)
    if end.weekday() != 6:
        last -= timedelta(days=7)
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True, slots=True)
class TopWeek:
    """One of the worst region-weeks by fatalities of violent events, and whether the spike
    detector fired for that region in that week or the week before."""

    region: str
    week: date
    fatalities: int
    caught: bool
    warned: bool = False  # fired the week before: a warning ahead of the week itself


@dataclass(frozen=True, slots=True)
class SpikeEvaluation:
    """How the spike detector did over a backtest (docs/SIGNALS.md defines every number).

    ``fired_by_region``: weeks fired per region; ``years_by_region``: the years a region is
    watched, from its first week with violence in the replay to the replay's end;
    ``per_region_year``: weeks fired per watched region-year (the alert burden). ``top``: the ``top_n`` region-weeks with most
    fatalities; ``top_share``: the top share of all region-weeks with violence;
    ``chance_recall_top_share``: the recall of as many alarms per region fired in random weeks
    of its watch. ``false_alarm_rate``: the share of fires after which neither that week nor
    the next had more fatalities than the region's upper-quartile watched week (None: no
    fires).
    """

    weeks: int
    regions: int
    fired: int
    fired_by_region: dict[str, int]
    years_by_region: dict[str, float]
    per_region_year: float
    top: tuple[TopWeek, ...]
    recall_top: float
    top_share: tuple[TopWeek, ...]
    recall_top_share: float
    chance_recall_top_share: float
    false_alarm_rate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        def weeks(items: tuple[TopWeek, ...]) -> list[dict[str, Any]]:
            return [{"region": w.region, "week": w.week.isoformat(),
                     "fatalities": w.fatalities, "caught": w.caught, "warned": w.warned}
                    for w in items]

        return {
            "weeks": self.weeks, "regions": self.regions, "fired": self.fired,
            "fired_by_region": self.fired_by_region,
            "years_by_region": self.years_by_region,
            "per_region_year": self.per_region_year, "top": weeks(self.top),
            "recall_top": self.recall_top, "top_share_weeks": len(self.top_share),
            "recall_top_share": self.recall_top_share,
            "chance_recall_top_share": self.chance_recall_top_share,
            "warned_top_share": sum(w.warned for w in self.top_share),
            "false_alarm_rate": self.false_alarm_rate,
        }


def evaluate_spikes(
    store: SQLStore, report: BacktestReport, *, top_n: int = 10, share: float = 0.05,
    table: str | None = None,
) -> SpikeEvaluation:
    """Score the spike signals of ``report`` against the region-weeks (at the report's area
    level) with most fatalities of violent events in the replayed weeks: a top week is caught
    when the detector fired for its region in that week or the week before."""
    if not report.weeks:
        raise ConfigError("The backtest replayed no complete week; widen --from/--to.")
    first, last = report.weeks[0], report.weeks[-1] + timedelta(days=6)
    points = series(store, by=report.spike.by, interval="week", date_from=first, date_to=last,
                    event_types=VIOLENT_TYPES, table=table)
    region_weeks = {(_region(p.country, p.key, report.spike.by), p.period): p.fatalities
                    for p in points}
    fired = {region: set(weeks) for region, weeks in report.fired_weeks("spike").items()}
    # A region is watched from its first week with violence to the end of the replay.
    watched: dict[str, int] = {}
    for region, week in region_weeks:
        weeks_left = (report.weeks[-1] - week).days // 7 + 1
        watched[region] = max(watched.get(region, 0), weeks_left)

    def top_week(region: str, week: date, fatalities: int) -> TopWeek:
        weeks = fired.get(region, set())
        warned = week - timedelta(days=7) in weeks
        return TopWeek(region, week, fatalities, week in weeks or warned, warned)

    ranked = sorted(region_weeks.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    ranked = [item for item in ranked if item[1] > 0]
    top = tuple(top_week(r, w, f) for (r, w), f in ranked[:top_n])
    share_n = max(1, round(share * len(region_weeks)))
    top_share = tuple(top_week(r, w, f) for (r, w), f in ranked[:share_n])
    # Chance: as many alarms as the region had, fired in random weeks of its watch.
    rate = {region: len(weeks) / watched[region] for region, weeks in fired.items()
            if region in watched}
    chance = [1 - (1 - rate.get(w.region, 0.0)) ** 2 for w in top_share]
    region_years = sum(watched.values()) / WEEKS_PER_YEAR
    fired_total = sum(len(weeks) for weeks in fired.values())
    return SpikeEvaluation(
        weeks=len(report.weeks), regions=len(watched), fired=fired_total,
        fired_by_region={region: len(fired.get(region, ())) for region in sorted(watched)},
        years_by_region={region: round(weeks / WEEKS_PER_YEAR, 2)
                         for region, weeks in sorted(watched.items())},
        per_region_year=fired_total / region_years if region_years else 0.0,
        top=top, recall_top=_share_caught(top), top_share=top_share,
        recall_top_share=_share_caught(top_share),
        chance_recall_top_share=sum(chance) / len(chance) if chance else 0.0,
        false_alarm_rate=_false_alarm_rate(fired, region_weeks, watched),
    )


def _false_alarm_rate(fired: dict[str, set[date]], region_weeks: dict[tuple[str, date], int],
                      watched: dict[str, int]) -> float | None:
    """The share of fires not followed, that week or the next, by more deaths than three in
    four of the region's watched weeks (weeks without violent events count as none)."""
    by_region: dict[str, dict[date, int]] = {}
    for (region, week), fatalities in region_weeks.items():
        by_region.setdefault(region, {})[week] = fatalities
    fires = false = 0
    for region, weeks in fired.items():
        deaths = by_region.get(region, {})
        quiet = max(0, watched.get(region, 0) - len(deaths))
        values = [*deaths.values(), *([0] * quiet)]
        # the upper quartile: a week worse than three in four of the region's watched weeks
        bar = statistics.quantiles(values, n=4)[2] if len(values) > 1 else (values or [0])[0]
        for week in weeks:
            fires += 1
            false += max(deaths.get(week, 0), deaths.get(week + timedelta(days=7), 0)) <= bar
    return false / fires if fires else None


def _region(country: str | None, key: str, by: str) -> str:
    # The spike detector's keys: "SDN/North Darfur" for admin-1 areas, "SDN" for countries.
    return f"{country}/{key}" if by == "admin1" else key


def _share_caught(weeks: tuple[TopWeek, ...]) -> float:
    return sum(week.caught for week in weeks) / len(weeks) if weeks else 0.0
