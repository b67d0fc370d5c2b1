"""Grouping reports into events, one report at a time.

A report joins the event whose articles it matches best on average, if that average reaches
the threshold, no article of the event scores below the floor and no report of it rules the
report out (the same article telling another act, another country, ...); otherwise it founds
a new event, named after itself. An article counts once, by its report closest to the new
one: an article that tells a happening twice (a lead, then the details) is one report of it.
The report's own article never counts: a report whose only match is its own article's other
telling joins that, when nothing else matches. The average, not the best match, keeps an
event from growing by a chain of reports each like only the one before. Reports are looked
up by country and day, so each new report is compared with the few events of its country in
the date window, and the cost grows with the number of reports, not its square.
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
        """Merge one new report into the best event, or found a new one (see the module
        docstring)."""
        best: tuple[float, str, str] | None = None
        own_telling: tuple[str, str] | None = None  # an event of only the report's article
        for merged_id in self._candidates(report):
            match = self._match(report, self._members[merged_id])
            if match is None:
                continue
            value, matched = match
            if value is None:
                own_telling = own_telling or (merged_id, matched)
            elif value >= self.rules.threshold and (best is None or value > best[0]):
                best = (value, merged_id, matched)
        if best is not None:
            self._place(best[1], report)
            return Assignment(best[1], best[2], round(best[0], 4))
        if own_telling is not None:
            self._place(own_telling[0], report)
            return Assignment(own_telling[0], own_telling[1], 1.0)
        merged_id = merged_id_for(report)
        self._place(merged_id, report)
        return Assignment(merged_id, None, None)

    def _match(self, report: Report,
               members: list[Report]) -> tuple[float | None, str] | None:
        """The mean over the event's other articles of the report's best score against each,
        and the best-matching report; a mean of None when the event holds only reports of the
        report's own article (that tell the same happening); None when a report rules the
        report out or an article scores below the floor."""
        by_article: dict[str, tuple[float, str]] = {}
        own_article: str | None = None
        for member in members:
            value = score(report, member, rules=self.rules, words=self.words)
            if value is None:
                return None
            if member.article_id == report.article_id:
                own_article = own_article or member.event_id
            elif value > by_article.get(member.article_id, (-1.0, ""))[0]:
                by_article[member.article_id] = (value, member.event_id)
        if not by_article:
            assert own_article is not None  # an event has at least one report
            return None, own_article
        if min(value for value, _ in by_article.values()) < self.rules.floor:
            return None
        mean = sum(value for value, _ in by_article.values()) / len(by_article)
        return mean, max(by_article.values())[1]

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
