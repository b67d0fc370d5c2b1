"""Merging across articles, measured on ACLED events rewritten as several reports each.

Each sampled ACLED event becomes two or three differently worded, differently dated reports
by made-up outlets (:mod:`eventwire.evaluate.dedup_reports`, generated at run time from the
records, never stored). The coder codes every report as an article; the reports' events go
into a fresh store and are merged (:func:`eventwire.dedup.merge_store`); and the merge is
scored pairwise on the reports: two reports of one ACLED event should share a merged event
(their main events', as the ACLED evaluation picks them), two of different events should not.

``eventwire eval ../shared/data --format dedup`` runs the test half (events of odd months);
the merger's settings were chosen on the dev half (even months), see docs/DEDUP.md.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.dedup import MergeRules
from eventwire.evaluate.acled import main_event
from eventwire.evaluate.base import EvalCase, EvalReport, by_group
from eventwire.evaluate.dedup_reports import (
    PairScores,
    pairwise_scores,
    reports_for,
    sample_sources,
)
from eventwire.model import Event

if TYPE_CHECKING:
    from eventwire.dedup.reports import Report

NOTES = (
    ("pairs: two reports of one ACLED event that share a merged event are a true positive; two "
    "reports of different events that share one are a false positive"),
    ("a report whose coded events are all historical or not factual has no main event and "
    "pairs with nothing (counted in reports_without_event)"),
    ("the events are sampled in runs of neighbours (same days, same areas) so that keeping "
    "events apart is tested as much as merging them"),
    ("gold_pairs_mergeable: the share of gold pairs whose main events no hard rule keeps apart "
     "(same day window, country, type, distance): the most recall the merger can reach on what "
     "the coder gave it"),
)


class DedupFormat:
    """ACLED extracts read as a merging test set (see the module docstring)."""

    name = "dedup"

    def __init__(self, *, n_events: int = 2000, seed: int = 1, split: str | None = "test",
                 rules: MergeRules | None = None) -> None:
        self.n_events = n_events
        self.seed = seed
        self.split = split
        self.rules = rules or MergeRules()

    def cases(self, path: Path) -> Iterator[EvalCase]:
        """Every generated report as a case; its gold is the ACLED event it tells of."""
        for source in sample_sources(path, self.n_events, self.seed, split=self.split):
            for report in reports_for(source, self.seed):
                yield EvalCase(case_id=report.article.id, article=report.article,
                               gold={"event": report.gold_event, "outlet": report.outlet},
                               group=source.extract)

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *,
              dataset: str) -> EvalReport:
        """Merge the coded events in a fresh store and score the merge pairwise."""
        predicted = merged_main_events(results, self.rules)
        metrics = _metrics(predicted, results)
        metrics["gold_pairs_mergeable"] = mergeable_share(results, self.rules)
        report = EvalReport(dataset=dataset, format=self.name, cases=len(results),
                            metrics=metrics, notes=list(NOTES))
        report.groups = {group: _metrics(predicted, items)
                         for group, items in by_group(list(results)).items()}
        report.tables = {"settings": {**asdict(self.rules), "n_events": self.n_events,
                                      "seed": self.seed, "split": self.split}}
        return report


def merged_main_events(results: Sequence[tuple[EvalCase, list[Event]]],
                       rules: MergeRules) -> dict[str, str | None]:
    """Report id -> the merged id of its main event (None when it has none)."""
    from eventwire.dedup.run import merge_store
    from eventwire.store import SQLiteStore

    with tempfile.TemporaryDirectory(prefix="eventwire-dedup-") as folder, \
            SQLiteStore(Path(folder) / "reports.db") as store:
        store.save([(case.article, events) for case, events in results])
        merge_store(store, rules=rules)
        placed = {row[0]: row[1] for row in store.read("SELECT event_id, merged_id FROM event_reports")}
    predicted: dict[str, str | None] = {}
    for case, events in results:
        main = main_event(events)
        predicted[case.case_id] = placed.get(main.event_id) if main is not None else None
    return predicted


def mergeable_share(results: Sequence[tuple[EvalCase, list[Event]]],
                    rules: MergeRules) -> float | None:
    """The share of gold pairs whose main events no hard rule keeps apart: what the coder's
    output leaves the merger to find (two reports of one event coded with different days,
    countries or types can never be merged, whatever the scores)."""
    from eventwire.dedup.match import WordWeights, score
    from eventwire.dedup.reports import LEAD_CHARS, ArticleInfo, report_of

    by_event: dict[str, list[Report | None]] = {}
    for case, events in results:
        main = main_event(events)
        article = case.article
        info = ArticleInfo(article.id, article.source, article.date, article.text[:LEAD_CHARS])
        by_event.setdefault(str(case.gold["event"]), []).append(
            report_of(main, info) if main is not None else None)
    words = WordWeights()
    pairs = mergeable = 0
    for reports in by_event.values():
        for index, first in enumerate(reports):
            for second in reports[index + 1:]:
                pairs += 1
                mergeable += (first is not None and second is not None
                              and score(first, second, rules=rules, words=words) is not None)
    return mergeable / pairs if pairs else None


def _metrics(predicted: dict[str, str | None],
             results: Sequence[tuple[EvalCase, list[Event]]]) -> dict[str, float | None]:
    gold = {case.case_id: str(case.gold["event"]) for case, _ in results}
    scores: PairScores = pairwise_scores({key: predicted[key] for key in gold}, gold)
    return {
        "pair_f1": scores.f1, "pair_precision": scores.precision, "pair_recall": scores.recall,
        "true_pairs": float(scores.true_positives), "false_pairs": float(scores.false_positives),
        "missed_pairs": float(scores.false_negatives), "gold_events": float(scores.gold_events),
        "merged_events": float(scores.predicted_clusters),
        "reports_without_event": float(scores.unclustered),
    }
