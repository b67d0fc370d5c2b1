"""Merging the reports in a store into events: incrementally, or the whole store again.

``merge_store`` places every stored report that is in no merged event yet (those of newly
ingested articles) into the best-matching event of its country and days, or founds a new
one; recomputes the fields of each event that changed; and records why in its history. A
merged event keeps its id while reports join it, and a rerun with nothing new changes
nothing. ``rebuild=True`` forgets every placement and merges the whole store again in date
order, which gives the same events as merging it all at once the first time.

Any store that runs SQL (:class:`~eventwire.store.base.SQLStore`: SQLite or PostgreSQL) can be
merged; both give the same events, ids and history. Processes sharing a store
merge one at a time (:func:`eventwire.store.merges.merge_lock`), so no report is placed twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from eventwire.dedup.cluster import Clusterer, merged_id_for_event
from eventwire.dedup.fields import MergedEvent, Reported, merge_fields
from eventwire.dedup.match import MergeRules, WordWeights
from eventwire.dedup.reports import Report, report_of
from eventwire.model import Event
from eventwire.store import merges
from eventwire.store.base import SQLStore
from eventwire.store.merges import Placement, Revision

logger = logging.getLogger(__name__)


@dataclass
class MergeReport:
    """What one merge run did."""

    reports: int = 0  # reports placed
    joined: int = 0  # of those, reports that joined an event with other reports
    created: int = 0  # merged events founded
    changed: int = 0  # merged events already stored whose reports or fields changed
    dissolved: int = 0  # merged events left without reports
    merged_events: int = 0  # merged events in the store afterwards
    stored_reports: int = 0  # reports (events) in the store
    seconds: float = 0.0
    revisions: list[Revision] = field(default_factory=list, repr=False)

    def __str__(self) -> str:
        return (
            f"{self.reports} reports merged ({self.joined} into events reported more than "
            f"once); {self.created} events founded, {self.changed} changed, {self.dissolved} "
            f"dissolved; the store holds {self.stored_reports} reports of "
            f"{self.merged_events} events ({self.seconds:.1f} s)"
        )


#: Reports placed per step: memory grows with the step, not with the store.
CHUNK_REPORTS = 20_000


def merge_store(store: SQLStore, *, rules: MergeRules | None = None, rebuild: bool = False,
                chunk_reports: int = CHUNK_REPORTS) -> MergeReport:
    """Merge the store's unmerged reports into events; see the module docstring.

    Reports are placed ``chunk_reports`` at a time in merge order, each step saved before the
    next, so a large archive is merged in bounded memory and a killed run keeps its steps.
    """
    started = time.perf_counter()
    rules = rules or MergeRules()
    report = MergeReport()
    with merges.merge_lock(store):  # workers sharing a store merge in turn
        previous = merges.clear_placements(store) if rebuild else {}
        names = _Names(previous, merges.placed_ids(store))
        while chunk := merges.unmerged_reports(store, limit=chunk_reports):
            pending = sorted(((report_of(*item), item) for item in chunk),
                             key=lambda pair: pair[0].order)
            placements = names.assign(_place(store, pending, rules))
            _save(store, placements, pending, [], report)
        # events that lost reports: their articles were recoded, or a rebuild placed them
        # elsewhere
        if shrunken := merges.shrunken_events(store):
            _save(store, [], [], shrunken, report)
    report.merged_events = merges.count_merged(store)
    report.stored_reports = store.count_events()
    report.seconds = time.perf_counter() - started
    logger.info("Merge of %r: %s", store, report)
    return report


def _place(store: SQLStore, pending: list[tuple[Report, Reported]],
           rules: MergeRules) -> list[Placement]:
    seeds = _seeds(store, [report for report, _ in pending], rules)
    words = WordWeights(report for _, report in seeds)
    for report, _ in pending:
        words.add(report)
    clusterer = Clusterer(rules, words)
    for merged_id, report in seeds:
        clusterer.seed(merged_id, report)
    placements = []
    for report, _ in pending:
        assignment = clusterer.add(report)
        placements.append(Placement(report.event_id, assignment.merged_id, assignment.matched,
                                    assignment.score))
    return placements


class _Names:
    """Names for the events a run founds: after a rebuild, the id each had (that of its
    earliest report that was merged before, unless an earlier event took it), else the id of
    its founding report; never an id another event holds."""

    def __init__(self, previous: dict[str, str], taken: set[str]) -> None:
        self.previous = previous
        self.taken = taken

    def assign(self, placements: list[Placement]) -> list[Placement]:
        groups: dict[str, list[Placement]] = {}
        for placement in placements:
            groups.setdefault(placement.merged_id, []).append(placement)
        renamed = {merged_id: self._name(merged_id, members)
                   for merged_id, members in groups.items()
                   if any(member.matched is None for member in members)}  # founded this step
        return [replace(p, merged_id=renamed.get(p.merged_id, p.merged_id)) for p in placements]

    def _name(self, founded: str, members: list[Placement]) -> str:
        candidates = [self.previous[p.event_id] for p in members if p.event_id in self.previous]
        candidates += [founded, *(merged_id_for_event(p.event_id) for p in members)]
        name = next((c for c in candidates if c not in self.taken), None)
        suffix = 2
        while name is None:
            name = f"{founded}-{suffix}" if f"{founded}-{suffix}" not in self.taken else None
            suffix += 1
        self.taken.add(name)
        return name


def _seeds(store: SQLStore, pending: list[Report], rules: MergeRules
           ) -> list[tuple[str, Report]]:
    """The merged reports that pending ones may join: an event's reports lie within the window
    of each other, so every report of a candidate event lies within two windows."""
    days = [report.date for report in pending if report.date is not None]
    if not days:
        return []
    reach = timedelta(days=2 * rules.window_days)
    rows = merges.merged_reports_between(store, min(days) - reach, max(days) + reach)
    return [(merged_id, report_of(*reported)) for merged_id, reported in rows]


def _save(store: SQLStore, placements: list[Placement],
          pending: list[tuple[Report, Reported]], shrunken: list[str],
          report: MergeReport) -> None:
    touched = {placement.merged_id for placement in placements} | set(shrunken)
    old = merges.stored_merged(store, touched)
    members = merges.reports_of(store, touched)
    by_id = {reported[0].event_id: reported for _, reported in pending}
    for placement in placements:
        members.setdefault(placement.merged_id, []).append(by_id[placement.event_id])
    new = {merged_id: merge_fields(merged_id, reported)
           for merged_id, reported in members.items() if reported}
    by_placement = {placement.event_id: placement for placement in placements}
    revisions = [
        revision for merged_id in sorted(touched)
        for revision in describe_changes(old.get(merged_id), new.get(merged_id), by_placement,
                                         merged_id=merged_id)
    ]
    changed = [event for merged_id, event in new.items() if event != old.get(merged_id)]
    dissolved = sorted(merged_id for merged_id in touched
                       if merged_id not in new and merged_id in old)
    merges.save_merges(store, placements=placements, merged=changed, dissolved=dissolved,
                       revisions=revisions, now=datetime.now(UTC).isoformat(timespec="seconds"))
    report.reports += len(placements)
    report.joined += sum(1 for placement in placements
                         if len(new[placement.merged_id].reports) > 1)
    report.created += sum(1 for merged_id in new if merged_id not in old)
    report.changed += sum(1 for event in changed if event.merged_id in old)
    report.dissolved += len(dissolved)
    report.revisions += revisions


# --- history --------------------------------------------------------------------------------

#: The fields whose change is written into a merged event's history, with how to show them.
_TRACKED: dict[str, Callable[[Event], object]] = {
    "event type": lambda event: str(event.event_type),
    "day": lambda event: event.date.isoformat() if event.date else None,
    "place": lambda event: event.location.name if event.location else None,
    "fatalities": lambda event: event.fatalities,
    "injured": lambda event: event.injured,
    "actor": lambda event: (event.actor.name or event.actor.text) if event.actor else None,
    "recipient": lambda event: (
        (event.recipient.name or event.recipient.text) if event.recipient else None
    ),
}
_SOURCE_OF = {"day": "date", "place": "location", "fatalities": "fatalities",
              "injured": "injured", "actor": "actor", "recipient": "recipient"}


def describe_changes(old: MergedEvent | None, new: MergedEvent | None,
                     placements: dict[str, Placement], *, merged_id: str) -> list[Revision]:
    """The history entries that take a merged event from ``old`` to ``new`` (None: absent)."""
    if new is None:
        if old is None:
            return []
        return [Revision(merged_id, "dissolved", "Every report of it was removed (their "
                         "articles were recoded or deleted).")]
    revisions = []
    old_reports = set(old.reports) if old else set()
    founder = None
    if old is None:
        founder = next((event_id for event_id in new.reports
                        if event_id in placements and placements[event_id].matched is None),
                       new.reports[0])
        revisions.append(Revision(merged_id, "created", f"Founded by report {founder}.", founder))
    for event_id in new.reports:
        if event_id in old_reports or event_id == founder:
            continue
        placement = placements.get(event_id)
        how = (f"matched report {placement.matched} with score {placement.score:.2f}"
               if placement and placement.matched and placement.score is not None
               else "placed by a rebuild")
        revisions.append(Revision(merged_id, "report_added", f"Report {event_id} {how}.",
                                  event_id))
    for event_id in sorted(old_reports - set(new.reports)):
        revisions.append(Revision(merged_id, "report_removed", f"Report {event_id} is no "
                                  "longer stored (its article was recoded or deleted).",
                                  event_id))
    if old is not None:
        revisions.extend(_field_changes(old, new, merged_id))
    return revisions


def _field_changes(old: MergedEvent, new: MergedEvent, merged_id: str) -> list[Revision]:
    changes = []
    sources = new.event.extras.get("merged_from", {})
    for name, value_of in _TRACKED.items():
        before, after = value_of(old.event), value_of(new.event)
        if before != after:
            source = sources.get(_SOURCE_OF.get(name, ""), new.event.extras.get("representative"))
            changes.append(f"{name} {before} -> {after} (from report {source})")
    if not changes:
        return []
    return [Revision(merged_id, "fields_changed", "; ".join(changes) + ".")]
