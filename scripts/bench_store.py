#!/usr/bin/env python
"""Measure ingest into each store backend (issue 11): saving N events, saving them again
(all unchanged), reading them all back, and W processes saving overlapping batches at once.

    python scripts/bench_store.py                                  # SQLite only, 100,000 events
    python scripts/bench_store.py --postgres postgresql://u:pw@127.0.0.1/db --events 100000
    python scripts/bench_store.py --postgres URL --writers 4 --json

The records are synthetic, built at run time (nothing is read from ../shared/data): short
wire-style articles with four coded events each, placed in made-up towns with coordinates, so
a PostGIS store computes a point per event. The PostgreSQL runs use a throwaway database
(created from template1, so with PostGIS when the server's template has it, and once more from
template0, without) and drop it afterwards; the URL's user must be allowed to create databases.
Every run checks what it measured: the store must end with exactly N events, none twice.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
    event_id_for,
)
from eventwire.store import EventStore, SaveResult, open_store

EVENTS_PER_ARTICLE = 4
BATCH = 500  # articles per save, as `eventwire ingest` batches
VERBS = (("shelled", PloverType.ASSAULT), ("raided", PloverType.COERCE),
         ("protested", PloverType.PROTEST), ("accused", PloverType.ACCUSE))


def build_corpus(n_articles: int) -> list[tuple[Article, list[Event]]]:
    """``n_articles`` articles, four events each, every one different."""
    return [_article(number) for number in range(n_articles)]


def _article(number: int) -> tuple[Article, list[Event]]:
    day = date(2023, 1, 1) + timedelta(days=number % 700)
    town = f"Town{number % 997}"
    text = (f"{town.upper()}, {day:%b %d} (Wire) - Gunmen shelled {town} on Monday. Soldiers "
            f"raided homes nearby. Residents protested in {town}. The governor accused the "
            f"rebels of report {number}.")
    article = Article(f"bench-{number:07d}", text, day, source=f"Outlet {number % 20}")
    events = []
    for verb, event_type in VERBS:
        start = text.index(verb)
        sentence_end = text.index(".", start) + 1
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
        place = text.index(town, 0)
        events.append(Event(
            event_id=event_id_for(article.id, start, str(event_type)),
            article_id=article.id,
            event_type=event_type,
            evidence=TextSpan(text[sentence_start:sentence_end], sentence_start, sentence_end),
            trigger=TextSpan(verb, start, start + len(verb)),
            actor=ActorRef("Gunmen", text.index("Gunmen"), text.index("Gunmen") + 6,
                           actor_type="rebel_group"),
            date=day, date_precision=DatePrecision.DAY,
            location=Location(town, town, place, place + len(town),
                              lat=10 + (number % 997) / 100, lon=20 + (number % 991) / 100,
                              country="SDN", precision=1),
            fatalities=number % 5 or None,
        ))
    return article, events


def _batches(corpus: list[tuple[Article, list[Event]]], shift: int = 0
             ) -> Iterator[list[tuple[Article, list[Event]]]]:
    ordered = corpus[shift:] + corpus[:shift]
    for start in range(0, len(ordered), BATCH):
        yield ordered[start:start + BATCH]


def measure(url: str, corpus: list[tuple[Article, list[Event]]], writers: int) -> dict[str, Any]:
    """Time one backend on an empty store at ``url``."""
    n_events = sum(len(events) for _, events in corpus)
    with open_store(url) as store:
        saved, save_s = _timed_save(store, corpus)
        again, resave_s = _timed_save(store, corpus)
        started = time.perf_counter()
        read = sum(1 for _ in store.events())
        read_s = time.perf_counter() - started
        _check(store, n_events, "after one writer")
    assert saved.events_written == n_events and again.articles_unchanged == len(corpus)
    assert read == n_events
    _empty(url)
    concurrent_s, total = _concurrent(url, len(corpus), writers)
    with open_store(url) as store:
        _check(store, n_events, f"after {writers} writers")
    assert total.articles_inserted == len(corpus)  # each article inserted by one writer only
    return {
        "events": n_events, "save_s": round(save_s, 2),
        "events_per_s": round(n_events / save_s), "resave_unchanged_s": round(resave_s, 2),
        "read_all_s": round(read_s, 2), "writers": writers,
        "concurrent_save_s": round(concurrent_s, 2),
        "concurrent_events_per_s": round(n_events / concurrent_s),
    }


def _timed_save(store: EventStore, corpus: list[tuple[Article, list[Event]]]
                ) -> tuple[SaveResult, float]:
    started = time.perf_counter()
    total = SaveResult()
    for batch in _batches(corpus):
        total += store.save(batch)
    return total, time.perf_counter() - started


def _writer(url: str, n_articles: int, worker: int, writers: int) -> SaveResult:
    corpus = build_corpus(n_articles)  # built in the worker: only the URL crosses processes
    total = SaveResult()
    with open_store(url) as store:
        for batch in _batches(corpus, shift=worker * n_articles // writers):
            total += store.save(batch)
    return total


def _concurrent(url: str, n_articles: int, writers: int) -> tuple[float, SaveResult]:
    """``writers`` processes each save every article, each starting at another place, timed
    from their start to the last one's end. Each worker builds the corpus itself (only the URL
    crosses processes), and that is inside the time: the figure is an upper bound."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(writers) as pool:
        started = time.perf_counter()
        results = pool.starmap(_writer, [(url, n_articles, w, writers) for w in range(writers)])
        elapsed = time.perf_counter() - started
    return elapsed, sum(results, SaveResult())


def _check(store: EventStore, n_events: int, when: str) -> None:
    count = store.count_events()
    ids = {event.event_id for event in store.events()}
    if count != n_events or len(ids) != n_events:
        raise SystemExit(f"{when}: {count} events stored, {len(ids)} distinct, {n_events} saved")


def _empty(url: str) -> None:
    if not url.startswith("postgresql"):
        Path(url).unlink()
        for suffix in ("-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("TRUNCATE articles, events, merged_events, event_reports, "
                           "merge_revisions")


@contextmanager
def throwaway_database(server: str, template: str) -> Iterator[str]:
    import psycopg

    name = f"ew_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
    parts = urllib.parse.urlsplit(server)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _has_postgis(url: str) -> bool:
    with open_store(url) as store:
        return bool(store.read("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"))  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to save (x4 per article)")
    parser.add_argument("--writers", type=int, default=2, help="processes saving at once")
    parser.add_argument("--postgres", metavar="URL", help="a server whose user may create databases")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    n_articles = max(1, args.events // EVENTS_PER_ARTICLE)
    corpus = build_corpus(n_articles)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = measure(str(Path(folder) / "bench.db"), corpus, args.writers)
    if args.postgres:
        for template in ("template1", "template0"):
            with throwaway_database(args.postgres, template) as url:
                label = "postgresql+postgis" if _has_postgis(url) else "postgresql"
                results[label] = measure(url, corpus, args.writers)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for backend, figures in results.items():
            print(f"{backend:20} {figures['events']:,} events: save {figures['save_s']} s "
                  f"({figures['events_per_s']:,}/s), re-save unchanged "
                  f"{figures['resave_unchanged_s']} s, read all {figures['read_all_s']} s; "
                  f"{figures['writers']} writers at once {figures['concurrent_save_s']} s "
                  f"({figures['concurrent_events_per_s']:,}/s), none lost or doubled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
