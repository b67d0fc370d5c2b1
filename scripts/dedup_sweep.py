#!/usr/bin/env python
"""Choose the merger's threshold on the dev half of the ACLED-based merging set (issue 9).

    python scripts/dedup_sweep.py --data ../shared/data                 # code, then sweep
    python scripts/dedup_sweep.py --data ../shared/data --store /tmp/dev.db   # keep the coded
                                                                         # reports for reruns

Codes the dev reports (events of even months, seed 0; the test half is odd months, seed 1:
``eventwire eval ../shared/data --format dedup``) once into a store, then merges the store again
with each threshold and prints the pairwise precision, recall and F1. docs/DEDUP.md records the
sweep and how the shipped threshold was chosen from it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from eventwire.dedup import MergeRules, merge_store
from eventwire.evaluate.acled import main_event
from eventwire.evaluate.base import EvalCase
from eventwire.evaluate.dedup import DedupFormat
from eventwire.evaluate.dedup_reports import pairwise_scores
from eventwire.model import Article, Event
from eventwire.store import EventFilter, SQLiteStore


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n-events", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--store", type=Path, help="Keep the coded reports here (reused if it exists).")
    parser.add_argument("--thresholds", type=float, nargs="+",
                        default=[0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8])
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    fmt = DedupFormat(n_events=args.n_events, seed=args.seed, split="dev")
    cases = list(fmt.cases(args.data))
    gold = {case.case_id: str(case.gold["event"]) for case in cases}
    store_path = args.store or Path("/tmp/eventwire-dedup-dev.db")
    fresh = not store_path.exists()
    with SQLiteStore(store_path) as store:
        if fresh:
            _code(cases, store, args.n_process)
        main_ids = _main_events(store, gold)
        print(f"{len(cases)} reports of {len(set(gold.values()))} events; "
              f"{sum(v is None for v in main_ids.values())} without a main event", file=sys.stderr)
        print("threshold  precision  recall  f1     merged")
        for threshold in args.thresholds:
            merge_store(store, rules=replace(MergeRules(), threshold=threshold), rebuild=True)
            placed = {row[0]: row[1] for row in store.read(
                "SELECT event_id, merged_id FROM event_reports")}
            predicted = {case: placed.get(event) if event else None
                         for case, event in main_ids.items()}
            scores = pairwise_scores(predicted, gold)
            print(f"{threshold:9.2f}  {scores.precision:9.4f}  {scores.recall:6.4f}  "
                  f"{scores.f1:.4f} {scores.predicted_clusters:6d}")


def _code(cases: list[EvalCase], store: SQLiteStore, n_process: int) -> None:
    from eventwire.config import Settings
    from eventwire.pipeline import Coder

    coder = Coder.default(Settings.load().with_overrides(n_process=n_process))
    batch: list[tuple[Article, list[Event]]] = []
    for article, events in coder.code_many(case.article for case in cases):
        # every coded event, as the evaluation stores them: a threat or a denial is a report
        # too, one that no factual report merges with
        batch.append((article, events))
        if len(batch) >= 200:
            store.save(batch)
            batch = []
    store.save(batch)


def _main_events(store: SQLiteStore, gold: dict[str, str]) -> dict[str, str | None]:
    """Report id -> the event id of its main event, as the evaluation picks it."""
    found: dict[str, str | None] = {}
    for report_id in gold:
        main = main_event(store.events(EventFilter(article_id=report_id)))
        found[report_id] = main.event_id if main else None
    return found


if __name__ == "__main__":
    main()
