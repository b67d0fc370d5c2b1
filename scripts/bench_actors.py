#!/usr/bin/env python
"""Measure the actor dictionary: compile time, cached load time and resolution speed.

    python scripts/bench_actors.py            # figures as text
    python scripts/bench_actors.py --json

The dictionary is compiled into a temporary cache directory, so the first load is a cold
compile and the second reads the cache, as a fresh machine and every later run do. Resolution
is timed over a fixed mix of phrases (demonyms, armed wings, titles, class nouns), repeated.
Nothing is asserted: the figures are printed (docs/ACTORS.md, "Caching").
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date, timedelta
from typing import Any

PHRASES = ["Israeli forces", "the armed wing of Hamas", "a Palestinian man", "the junta",
           "RSF fighters", "the Israeli prime minister", "unidentified gunmen",
           "Al Shabaab militants", "police officers", "the Tatmadaw"]
FIRST_DAY = date(2015, 1, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=300,
                        help="passes over the phrase mix for the resolution timing (default 300)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def measure(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["EVENTWIRE_CACHE_DIR"] = cache
        from eventwire.actors import ActorDictionary  # after the cache is pointed away

        started = time.perf_counter()
        ActorDictionary.load()
        compile_s = time.perf_counter() - started
        started = time.perf_counter()
        actors = ActorDictionary.load()
        cached_s = time.perf_counter() - started
    calls = PHRASES * repeats
    # one article date for all calls: repeats are answered by the dictionary's LRU cache, as
    # an article's parties are
    repeated_ms = _ms_per_call(actors, [(phrase, FIRST_DAY) for phrase in calls])
    # a new date for every call: each is a cache miss, the cost of a phrase seen the first time
    fresh_ms = _ms_per_call(actors, [(phrase, FIRST_DAY + timedelta(days=i))
                                     for i, phrase in enumerate(calls)])
    return {"entries": len(list(actors.entries())), "compile_s": round(compile_s, 3),
            "cached_load_s": round(cached_s, 3), "resolve_calls": len(calls),
            "resolve_ms_per_call_repeated": round(repeated_ms, 4),
            "resolve_ms_per_call_first_seen": round(fresh_ms, 4)}


def _ms_per_call(actors: Any, calls: list[tuple[str, date]]) -> float:
    started = time.perf_counter()
    for phrase, day in calls:
        actors.resolve(phrase, focus={"MMR": 1.0}, on=day)
    return (time.perf_counter() - started) / len(calls) * 1000


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    figures = measure(args.repeats)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
