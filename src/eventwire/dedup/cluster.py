"""Grouping reports into events, one report at a time.

A report joins the event whose reports it matches best on average, if that average reaches
the threshold and no report of that event rules it out (the same article, another country,
...); otherwise it founds a new event, named after itself. The average, not the best match,
keeps an event from growing by a chain of reports each like only the one before. Reports are looked up by country
and day, so each new report is compared with the few events of its country in the date
window, and the cost grows with the number of reports, not its square.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.dedup.match import MergeRules, WordWeights, score
from eventwire.dedup.reports import Report

MERGED_PREFIX = "m-"


def merged_id_for(founder: Report) -> str:
    """The id of the event a report founds: stable, since the founder stays in it."""
    return merged_id_for_event(founder.event_id)


def merged_id_for_event(event_id: str) -> str:
    return MERGED_PREFIX + event_id.removeprefix("ev-")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a report went: the merged event, the report it matched best and the score
    (both None when it founded the event)."""

    merged_id: str
    matched: str | None
    score: float | None


class Clusterer:
    """Events being merged, indexed by country and day."""

    def __init__(self, rules: MergeRules, words: WordWeights) -> None:
        self.rules = rules
        self.words = words
        self._members: dict[str, list[Report]] = {}
        self._index: dict[tuple[str | None, date], list[str]] = defaultdict(list)
        self._countries: set[str | None] = set()

    def seed(self, merged_id: str, report: Report) -> None:
        """Put a report that is already merged back into its event."""
        self._place(merged_id, report)

    def add(self, report: Report) -> Assignment:
        """Merge one new report into the best event, or found a new one."""
        best: tuple[float, str, str] | None = None
        for merged_id in self._candidates(report):
            match = self._match(report, self._members[merged_id])
            if match is not None and match[0] >= self.rules.threshold and (
                best is None or match[0] > best[0]
            ):
                best = (match[0], merged_id, match[1])
        if best is None:
            merged_id = merged_id_for(report)
            self._place(merged_id, report)
            return Assignment(merged_id, None, None)
        self._place(best[1], report)
        return Assignment(best[1], best[2], round(best[0], 4))

    def _match(self, report: Report, members: list[Report]) -> tuple[float, str] | None:
        """The mean score against the event's reports and the best-matching report, or None
        when one of them rules it out."""
        best: tuple[float, str] | None = None
        total = 0.0
        for member in members:
            value = score(report, member, rules=self.rules, words=self.words)
            if value is None:
                return None
            total += value
            if best is None or value > best[0]:
                best = (value, member.event_id)
        assert best is not None  # an event has at least one report
        return total / len(members), best[1]

    def _candidates(self, report: Report) -> Iterator[str]:
        if report.date is None:
            return
        seen: set[str] = set()
        # a report without a country may belong to an event of any country
        countries = (report.country, None) if report.country else tuple(self._countries)
        for country in countries:
            for offset in range(-self.rules.window_days, self.rules.window_days + 1):
                for merged_id in self._index.get((country, report.date + timedelta(offset)), ()):
                    if merged_id not in seen:
                        seen.add(merged_id)
                        yield merged_id

    def _place(self, merged_id: str, report: Report) -> None:
        self._members.setdefault(merged_id, []).append(report)
        if report.date is not None:
            self._countries.add(report.country)
            keys = self._index[(report.country, report.date)]
            if merged_id not in keys:
                keys.append(merged_id)
