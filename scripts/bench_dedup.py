#!/usr/bin/env python
"""Measure merging at scale (issue 9): time and peak memory to merge a store of N reports,
for two or more sizes, each in a fresh process, and how the cost grows with N.

    python scripts/bench_dedup.py                     # 25,000 and 100,000 reports
    python scripts/bench_dedup.py --sizes 10000 40000 --json

The stores are synthetic and built at run time in a temporary directory (nothing is read from
../shared/data): happenings spread over 30 made-up countries and two years, each reported by
one to three outlets whose reports differ the way real ones do (a day apart, a coarser place,
a lower early toll, other words around the same facts). Saving them is timed apart from
merging. The pairwise F1 against the generator's truth is printed as a sanity check only; the
accuracy figure of record is the ACLED-based one (docs/ACCURACY.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.dedup import merge_store
from eventwire.evaluate.dedup_reports import pairwise_scores
from eventwire.model import ActorRef, Article, DatePrecision, Event, Location, PloverType, TextSpan
from eventwire.store import SQLiteStore

COUNTRIES = 30
TOWNS_PER_COUNTRY = 60
ACTORS_PER_COUNTRY = 8
OUTLETS = [f"Outlet {number}" for number in range(20)]
START = date(2023, 1, 1)
DAYS = 730
TYPES = [(PloverType.ASSAULT, 0.5), (PloverType.PROTEST, 0.2), (PloverType.COERCE, 0.15),
         (PloverType.REQUEST, 0.1), (PloverType.THREATEN, 0.05)]
MODES = {PloverType.ASSAULT: ["firearms", "aerial", "heavy", "explosives"],
         PloverType.PROTEST: ["demo"], PloverType.COERCE: ["arrest", "seize"]}
VERBS = {PloverType.ASSAULT: ["attacked", "struck", "shelled", "raided"],
         PloverType.PROTEST: ["marched", "rallied", "protested"],
         PloverType.COERCE: ["arrested", "detained", "seized"],
         PloverType.REQUEST: ["called on", "urged", "demanded"],
         PloverType.THREATEN: ["warned", "threatened", "vowed"]}
SYLLABLES = ["ka", "ra", "mo", "te", "lu", "si", "na", "bo", "di", "fe", "go", "hu", "ji", "zo"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000],
                        help="Numbers of reports (stored events), one fresh process each.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child's size
    return parser.parse_args()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


class World:
    """Made-up countries with towns and actors, and a word pool for details."""

    def __init__(self, rng: random.Random) -> None:
        self.countries = [f"X{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(COUNTRIES)]
        self.towns: dict[str, list[tuple[str, float, float]]] = {}
        self.actors: dict[str, list[str]] = {}
        for number, country in enumerate(self.countries):
            lat, lon = -30 + (number % 6) * 12, -60 + (number // 6) * 30
            self.towns[country] = [(word(rng).title(), lat + rng.uniform(-4, 4),
                                    lon + rng.uniform(-4, 4)) for _ in range(TOWNS_PER_COUNTRY)]
            self.actors[country] = [f"{country.lower()}-actor-{i}" for i in range(ACTORS_PER_COUNTRY)]
        self.details = [word(rng) for _ in range(3000)]


def happenings(world: World, reports: int, rng: random.Random) -> list[dict[str, Any]]:
    """Happenings with enough reports in all (1-3 each)."""
    found: list[dict[str, Any]] = []
    total = 0
    while total < reports:
        event_type = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
        country = rng.choice(world.countries)
        count = min(rng.choices([1, 2, 3], [0.4, 0.4, 0.2])[0], reports - total)
        found.append({
            "id": len(found), "type": event_type, "country": country,
            "town": rng.choice(world.towns[country]), "mode": rng.choice(MODES.get(event_type, [None])),
            "actors": rng.sample(world.actors[country], 2),
            "day": START + timedelta(rng.randrange(DAYS)),
            "toll": rng.choice([None, 0, 1, 2, 3, 5, 8, 12]) if event_type is PloverType.ASSAULT else None,
            "details": rng.sample(world.details, 4), "reports": count,
        })
        total += count
    return found


def reports_of(happening: dict[str, Any], rng: random.Random, number: int
               ) -> list[tuple[Article, list[Event]]]:
    items = []
    outlets = rng.sample(OUTLETS, happening["reports"])
    for index, outlet in enumerate(outlets):
        article_id = f"h{happening['id']}-r{index}-{number}"
        published = happening["day"] + timedelta(rng.choice([0, 1, 1, 2]))
        town, lat, lon = happening["town"]
        coarse = rng.random() < 0.15
        verb = rng.choice(VERBS[happening["type"]])
        details = rng.sample(happening["details"], 3)
        toll = happening["toll"]
        if toll and index == 0 and rng.random() < 0.3:
            toll = max(1, toll // 2)  # an early, lower figure
        text = (f"{town.upper()} ({outlet}) - Fighters {verb} {details[0]} near {town} "
                f"{details[1]} {details[2]} {word(rng)} {word(rng)}, "
                f"{'killing ' + str(toll) if toll else 'witnesses said'}.")
        day = happening["day"] + timedelta(1 if rng.random() < 0.1 else 0)
        location = Location(town, town, 0, 0, lat=None if coarse else lat,
                            lon=None if coarse else lon, country=happening["country"],
                            precision=3 if coarse else 1)
        article = Article(article_id, text, published, source=outlet)
        start = text.index(verb)
        event = Event(
            event_id=f"ev-{article_id}", article_id=article_id, event_type=happening["type"],
            evidence=TextSpan(text, 0, len(text)), trigger=TextSpan(verb, start, start + len(verb)),
            mode=happening["mode"], date=day, date_precision=DatePrecision.DAY,
            actor=ActorRef("fighters", 0, 0, name=happening["actors"][0],
                           actor_id=happening["actors"][0]),
            recipient=ActorRef("them", 0, 0, name=happening["actors"][1],
                               actor_id=happening["actors"][1]),
            location=location, fatalities=toll,
        )
        items.append((article, [event]))
    return items


def run_one(size: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    world = World(rng)
    truth: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "bench.db") as store:
        started = time.perf_counter()
        batch: list[tuple[Article, list[Event]]] = []
        for happening in happenings(world, size, rng):
            for article, events in reports_of(happening, rng, 0):
                truth[events[0].event_id] = str(happening["id"])
                batch.append((article, events))
            if len(batch) >= 2000:
                store.save(batch)
                batch = []
        store.save(batch)
        save_seconds = time.perf_counter() - started
        report = merge_store(store)
        placed = dict(store.read("SELECT event_id, merged_id FROM event_reports"))
    scores = pairwise_scores(placed, truth)
    return {"reports": size, "happenings": len(set(truth.values())),
            "merged_events": report.merged_events, "save_s": round(save_seconds, 1),
            "merge_s": round(report.seconds, 1),
            "merge_us_per_report": round(1e6 * report.seconds / size, 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "pair_precision": round(scores.precision, 4), "pair_recall": round(scores.recall, 4),
            "pair_f1": round(scores.f1, 4)}


def main() -> None:
    args = parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed)))
        return
    rows = []
    for size in args.sizes:
        print(f"merging {size} reports in a fresh process ...", file=sys.stderr)
        child = subprocess.run([sys.executable, __file__, "--one", str(size), "--seed",
                                str(args.seed)], capture_output=True, text=True, check=True)
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    growth = [round(b["merge_us_per_report"] / a["merge_us_per_report"], 2)
              for a, b in itertools.pairwise(rows)]
    if args.json:
        print(json.dumps({"sizes": rows, "per_report_cost_ratio": growth}, indent=2))
        return
    columns = list(rows[0])
    print("  ".join(f"{c:>18}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]!s:>18}" for c in columns))
    print(f"cost per report, each size over the one before: {growth} (1.0 = linear)")


if __name__ == "__main__":
    main()
