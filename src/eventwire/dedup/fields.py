"""The fields of a merged event, chosen from its reports by fixed rules (docs/DEDUP.md).

Nothing is averaged or summed: each field is one report's value, and ``extras["merged_from"]``
names the report it came from, so its character offsets are read in that report's article.

- type, and with it the evidence, trigger and codes (the *representative*): the earliest
  report of the type most reports give, reports ordered by the day they give, then by their
  articles' dates, so the merged event depends only on which reports it has;
- day: the earliest day a report gives at day precision (later reports re-date events to
  the day they were reported far more often than earlier ones misdate them);
- place: the most precise (ACLED geo-precision, then coordinates, then a district);
- fatalities and injured: the most recent report that states a figure and tells the event as
  having happened: tolls are revised upwards as bodies are counted, never added up across
  reports of the same deaths;
- actor and recipient: the representative's, else the earliest report that names one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from eventwire.dedup.reports import ArticleInfo, report_order
from eventwire.model import DatePrecision, Event

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One event and the reports it was merged from.

    ``event`` is the merged record (its ``event_id`` is the merged id), ``reports`` the event
    ids of its reports by the day they give and then their articles' dates, ``sources`` the
    outlets (or article ids where an article names none) in that order, and ``n_reports`` how
    many articles report it: an article that tells the happening twice (a lead, then the
    details) gives two of ``reports`` but counts once. Left at 0 it is one per report.
    """

    merged_id: str
    event: Event
    reports: tuple[str, ...]
    sources: tuple[str, ...]
    n_reports: int = 0

    def __post_init__(self) -> None:
        if not self.n_reports:
            object.__setattr__(self, "n_reports", len(self.reports))

    def to_dict(self) -> dict[str, Any]:
        """The event's JSON, with ``n_reports``, ``sources`` and ``reports``."""
        return {**self.event.to_dict(), "n_reports": self.n_reports,
                "sources": list(self.sources), "reports": list(self.reports)}


Reported = tuple[Event, ArticleInfo]


def merge_fields(merged_id: str, reports: Sequence[Reported]) -> MergedEvent:
    """The merged event of ``reports``, in any order: the result depends on the set only."""
    if not reports:
        raise ValueError("A merged event needs at least one report.")
    reports = sorted(reports, key=lambda item: report_order(
        item[0].date, item[1].date, item[0].article_id, item[0].event_id))
    base = _representative(reports)
    chosen = {
        "date": _earliest_day(reports) or base,
        "location": _most_precise_place(reports) or base,
        "fatalities": _latest_figure(reports, lambda event: event.fatalities) or base,
        "injured": _latest_figure(reports, lambda event: event.injured) or base,
        "actor": base if base.actor else _first(reports, lambda e: e.actor) or base,
        "recipient": base if base.recipient else _first(reports, lambda e: e.recipient) or base,
    }
    event = replace(
        base, event_id=merged_id,
        date=chosen["date"].date, date_precision=chosen["date"].date_precision,
        date_text=chosen["date"].date_text, location=chosen["location"].location,
        fatalities=chosen["fatalities"].fatalities, injured=chosen["injured"].injured,
        actor=chosen["actor"].actor, co_actors=chosen["actor"].co_actors,
        recipient=chosen["recipient"].recipient, co_recipients=chosen["recipient"].co_recipients,
        confidence=max(event.confidence for event, _ in reports),
        extras={**base.extras, "representative": base.event_id,
                "merged_from": {name: source.event_id for name, source in chosen.items()}},
    )
    articles = {article.article_id for _, article in reports}
    return MergedEvent(merged_id, event, tuple(event.event_id for event, _ in reports),
                       _sources(reports), len(articles))


def _representative(reports: Sequence[Reported]) -> Event:
    votes = Counter(event.event_type for event, _ in reports)
    top = max(votes.values())
    # the earliest report among the most common type: ties go to the earliest report's type
    return next(event for event, _ in reports if votes[event.event_type] == top)


def _earliest_day(reports: Sequence[Reported]) -> Event | None:
    dated = [event for event, _ in reports
             if event.date is not None and event.date_precision in (None, DatePrecision.DAY)]
    return min(dated, key=lambda event: event.date.toordinal() if event.date else 0, default=None)


def _most_precise_place(reports: Sequence[Reported]) -> Event | None:
    placed = [event for event, _ in reports if event.location is not None]
    if not placed:
        return None

    def precision(event: Event) -> tuple[int, int, int]:
        place = event.location
        assert place is not None
        return (place.precision or 9, place.lat is None, place.admin2 is None)

    return min(placed, key=precision)  # min keeps the first of equals: the earliest report


def _latest_figure(reports: Sequence[Reported], figure: Callable[[Event], int | None]
                   ) -> Event | None:
    stated = [(position, event, article) for position, (event, article) in enumerate(reports)
              if figure(event) is not None and event.factual]
    if not stated:
        return None
    # by the article's date, then by merge order; an undated article counts as the oldest
    latest = max(stated, key=lambda item: (item[2].date.toordinal() if item[2].date else 0,
                                           item[0]))
    return latest[1]


def _first(reports: Sequence[Reported], value: Callable[[Event], T | None]) -> Event | None:
    return next((event for event, _ in reports if value(event) is not None), None)


def _sources(reports: Sequence[Reported]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _, article in reports:
        seen.setdefault(article.source or article.article_id, None)
    return tuple(seen)
