"""Merged events, signals and alerts give the same results on both backends (issue 11).

Each test runs once per backend through ``store_url`` (an SQLite file, then a PostgreSQL
database when EVENTWIRE_TEST_POSTGRES is set). Expected values are worked out by hand from the
small stores written below; the merge tests also compare the store with an SQLite store merged
from the same reports, field by field. Article ids and actor names mix capitals and small
letters on purpose: SQLite orders text by code point ("Zeta" before "alpha"), and PostgreSQL
must too, whatever the database's locale.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from eventwire.alerts import Rule, Target, run_alerts
from eventwire.dedup import merge_store
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
)
from eventwire.signals import SpikeParams, detect_spike, series
from eventwire.signals.detect import detect_new_actor_in_area
from eventwire.store import EventFilter, SQLiteStore, SQLStore, export_events, merges, open_store

# --- a shelling told by three outlets, a protest, and a fourth report a day later -------------

ABU_SHOUK = Location("Abu Shouk", "Abu Shouk", 0, 0, lat=13.66, lon=25.35, country="SDN",
                     admin1="North Darfur", precision=1)
KHARTOUM = Location("Khartoum", "Khartoum", 0, 0, lat=15.50, lon=32.56, country="SDN",
                    admin1="Khartoum", precision=2)
RSF = ActorRef("Rapid Support Forces", 0, 0, name="Rapid Support Forces", actor_id="rsf")
SHELLED_ON = date(2024, 5, 12)


def report(article_id: str, source: str, published: date, text: str, trigger: str, *,
           event_type: PloverType = PloverType.ASSAULT, place: Location = ABU_SHOUK,
           actor: ActorRef | None = RSF, fatalities: int | None = None,
           day: date = SHELLED_ON) -> tuple[Article, list[Event]]:
    """One article with one event, whose id is ``ev-`` and the article id."""
    start = text.index(trigger)
    event = Event(
        event_id=f"ev-{article_id}", article_id=article_id, event_type=event_type,
        trigger=TextSpan(trigger, start, start + len(trigger)),
        evidence=TextSpan(text, 0, len(text)), date=day, date_precision=DatePrecision.DAY,
        location=place, actor=actor, fatalities=fatalities, mode="artillery",
    )
    return Article(article_id, text, published, source=source), [event]


def first_reports() -> list[tuple[Article, list[Event]]]:
    return [
        report("Zeta-1", "Zeta Wire", date(2024, 5, 13),
               "Rapid Support Forces fighters shelled the Abu Shouk camp on Sunday, killing 12 "
               "civilians, camp officials said.", "shelled", fatalities=12),
        report("alpha-1", "alpha daily", date(2024, 5, 13),
               "Rapid Support Forces artillery shelled Abu Shouk camp on Sunday; camp officials "
               "said 14 civilians were killed.", "shelled", fatalities=14),
        report("mid-1", "Mid Radio", date(2024, 5, 14),
               "At least 15 civilians died when Rapid Support Forces fighters shelled the Abu "
               "Shouk camp on Sunday, officials said.", "shelled", fatalities=15),
        report("protest-1", "alpha daily", date(2024, 5, 13),
               "Hundreds of students marched in Khartoum on Sunday against the war.", "marched",
               event_type=PloverType.PROTEST, place=KHARTOUM, actor=None),
    ]


def later_report() -> tuple[Article, list[Event]]:
    return report("late-1", "Late Post", date(2024, 5, 15),
                  "Rapid Support Forces shelling of the Abu Shouk camp on Sunday killed 16 "
                  "civilians, camp officials said.", "shelling", fatalities=16)


def merged_state(store: SQLStore) -> list[tuple[Any, ...]]:
    """Every merged event with its reports, sources, fields and history (times left out)."""
    return [
        (merged.merged_id, merged.reports, merged.sources, merged.event.to_dict(),
         [(r.change, r.event_id, r.reason) for r in merges.revisions(store, merged.merged_id)])
        for merged in merges.merged_events(store)
    ]


@pytest.fixture
def stores(store_url: str, tmp_path: Path) -> Iterator[tuple[SQLStore, SQLStore]]:
    """The store of the backend tested, and a reference SQLite store, both empty."""
    with open_store(store_url) as store, SQLiteStore(tmp_path / "reference.db") as reference:
        assert isinstance(store, SQLStore)
        yield store, reference


def test_merging_gives_the_same_events_ids_and_history(
    stores: tuple[SQLStore, SQLStore],
) -> None:
    store, reference = stores
    for each in stores:
        each.save(first_reports())
        # one report a step: the store's order of unmerged reports decides which founds
        report = merge_store(each, chunk_reports=1)
        assert (report.reports, report.created, report.merged_events) == (4, 2, 2)
    # "Zeta-1" sorts before "alpha-1" by code point; both were published a day before mid-1
    shelling, protest = merges.merged_events(store)
    assert shelling.merged_id == "m-Zeta-1"
    assert shelling.reports == ("ev-Zeta-1", "ev-alpha-1", "ev-mid-1")
    assert set(shelling.sources) == {"Zeta Wire", "alpha daily", "Mid Radio"}
    assert (protest.merged_id, protest.reports) == ("m-protest-1", ("ev-protest-1",))
    history = [(r.change, r.event_id) for r in merges.revisions(store, "m-Zeta-1")
               if r.change != "fields_changed"]  # the fields change as each report joins
    assert history == [("created", "ev-Zeta-1"), ("report_added", "ev-alpha-1"),
                       ("report_added", "ev-mid-1")]
    assert merged_state(store) == merged_state(reference)


def test_an_incremental_merge_keeps_the_ids(stores: tuple[SQLStore, SQLStore]) -> None:
    store, reference = stores
    for each in stores:
        each.save(first_reports())
        merge_store(each)
        each.save([later_report()])
        again = merge_store(each)
        assert (again.reports, again.created, again.changed) == (1, 0, 1)
    shelling = next(merges.merged_events(store, EventFilter(event_types=("ASSAULT",))))
    assert shelling.merged_id == "m-Zeta-1" and shelling.n_reports == 4
    assert shelling.reports[-1] == "ev-late-1"
    assert merges.merged_id_of(store, "ev-late-1") == "m-Zeta-1"
    assert ("report_added", "ev-late-1") in [
        (r.change, r.event_id) for r in merges.revisions(store, "m-Zeta-1")]
    assert merge_store(store).reports == 0  # nothing new: nothing changes
    assert merged_state(store) == merged_state(reference)


def test_a_rebuild_and_the_merged_pages_agree(stores: tuple[SQLStore, SQLStore]) -> None:
    store, reference = stores
    for each in stores:
        each.save([*first_reports(), later_report()])
        merge_store(each)
        rebuilt = merge_store(each, rebuild=True)
        assert (rebuilt.merged_events, rebuilt.stored_reports) == (2, 5)
    assert merged_state(store) == merged_state(reference)
    # a page past the first event, without a limit (SQLite needs LIMIT -1, PostgreSQL none)
    assert [m.merged_id for m in merges.merged_events(store, offset=1)] == ["m-protest-1"]
    assert [m.merged_id for m in merges.merged_events(store, limit=1)] == ["m-Zeta-1"]
    assert merges.count_merged(store, EventFilter(country="SDN")) == 2
    out = io.StringIO()
    assert export_events(store, out, fmt="jsonl", merged=True) == 2


# --- signals ----------------------------------------------------------------------------------

MONDAY = date(2024, 1, 1)  # a Monday: week n starts on MONDAY + n weeks


def violent(number: int, day: date, *, actor: str = "RSF", country: str = "SDN",
            admin1: str = "North Darfur", fatalities: int | None = None
            ) -> tuple[Article, list[Event]]:
    text = f"{actor} fighters attacked a village in {admin1}, witnesses said."
    start = text.index("attacked")
    event = Event(
        event_id=f"ev-{number:02d}", article_id=f"a{number:02d}", event_type=PloverType.ASSAULT,
        trigger=TextSpan("attacked", start, start + 8), evidence=TextSpan(text, 0, len(text)),
        actor=ActorRef(actor, 0, 0, name=actor), date=day, date_precision=DatePrecision.DAY,
        location=Location(admin1, admin1, 0, 0, country=country, admin1=admin1),
        fatalities=fatalities,
    )
    return Article(f"a{number:02d}", text, day, source="Wire"), [event]


def spike_reports() -> list[tuple[Article, list[Event]]]:
    """One attack a week in weeks 0 and 1, five in week 2 (Tuesday); two actors whose names
    differ in case, one of them also in Chad."""
    week2 = MONDAY + timedelta(weeks=2, days=1)
    return [
        violent(1, MONDAY + timedelta(days=1), fatalities=1),
        violent(2, MONDAY + timedelta(weeks=1, days=1), actor="al-Zayn", fatalities=1),
        violent(3, week2, fatalities=2),
        violent(4, week2, fatalities=9),
        violent(5, week2, actor="al-Zayn", fatalities=2),
        violent(6, week2, actor="al-Zayn", country="TCD", admin1="Ouaddai"),
        violent(7, week2, fatalities=4),
        violent(8, week2, actor="Zed", admin1="Ouaddai", country="TCD"),
    ]


def test_series_are_the_same_on_both_backends(store_url: str) -> None:
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.save(spike_reports())
        by_actor = series(store, by="actor", interval="week")
        by_admin1 = series(store, by="admin1", interval="day", table="events")
    week2 = MONDAY + timedelta(weeks=2)
    # one point per actor and week: the actor series has no country (al-Zayn's Chad and Sudan
    # attacks are one point); "RSF" < "Zed" < "al-Zayn" by code point
    assert [(p.period, p.key, p.events, p.fatalities, p.country) for p in by_actor] == [
        (MONDAY, "RSF", 1, 1, None),
        (MONDAY + timedelta(weeks=1), "al-Zayn", 1, 1, None),
        (week2, "RSF", 3, 15, None),
        (week2, "Zed", 1, 0, None),
        (week2, "al-Zayn", 2, 2, None),
    ]
    tuesday = week2 + timedelta(days=1)
    assert [(p.period, p.key, p.events, p.country) for p in by_admin1[-2:]] == [
        (tuesday, "North Darfur", 4, "SDN"), (tuesday, "Ouaddai", 2, "TCD")]


def test_a_spike_is_the_same_on_both_backends(store_url: str) -> None:
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.save(spike_reports())
        sunday = MONDAY + timedelta(weeks=2, days=6)
        params = SpikeParams(baseline_weeks=2, k=2.0, min_count=3.0, by="admin1")
        (signal,) = detect_spike(store, as_of=sunday, params=params, table="events")
        arrivals = detect_new_actor_in_area(store, as_of=sunday, lookback_days=30)
    # North Darfur: 1 and 1 attacks in the two weeks before, 4 in week 2 (>= max(3, 1 + 0))
    assert (signal.key, signal.value, signal.baseline, signal.threshold) == (
        "SDN/North Darfur", 4.0, 1.0, 3.0)
    assert signal.period_start == MONDAY + timedelta(weeks=2)
    # most fatalities first; ev-03 and ev-05 tie at 2 and sort by id
    assert signal.event_ids == ("ev-04", "ev-07", "ev-03", "ev-05")
    # al-Zayn is new to Ouaddai (violent in North Darfur before); Zed is new to the data
    assert [s.key for s in arrivals] == ["al-Zayn@TCD/Ouaddai"]


# --- alerts -----------------------------------------------------------------------------------


def test_alerts_are_delivered_once_on_both_backends(store_url: str, tmp_path: Path) -> None:
    jsonl = tmp_path / "alerts.jsonl"
    rules = [Rule("spikes", detectors=("spike",),
                  targets=(Target("stdout"), Target("jsonl", str(jsonl))))]
    out = io.StringIO()
    sunday = MONDAY + timedelta(weeks=2, days=6)
    params = SpikeParams(baseline_weeks=2, min_count=3.0)
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.save(spike_reports())
        signals = detect_spike(store, as_of=sunday, params=params, table="events")
        first = run_alerts(store, rules, signals, stream=out)
        second = run_alerts(store, rules, signals, stream=out)
        assert store.has_table("alerts") and store.has_table("alert_deliveries")
    assert [a.signal.signal_id for a in first.fired] == ["spike:SDN/North Darfur:2024-01-15"]
    assert sorted(d.target for d in first.delivered) == [f"jsonl:{jsonl}", "stdout"]
    assert [link.event_id for link in first.fired[0].evidence] == [
        "ev-04", "ev-07", "ev-03", "ev-05"]
    assert (second.fired, second.deliveries, second.already_fired) == ((), (), 1)
    assert out.getvalue().count("\n") == 1
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1


def test_the_alert_page_lists_pending_targets_in_order(store_url: str, tmp_path: Path) -> None:
    from eventwire.alerts import alert_page

    # a folder where the JSON Lines file cannot be written: that delivery stays pending
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    rules = [Rule("spikes", targets=(Target("stdout"), Target("jsonl", str(blocked / "a.jsonl"))))]
    sunday = MONDAY + timedelta(weeks=2, days=6)
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        assert alert_page(store, limit=10).total == 0  # no table yet: none, nothing created
        store.save(spike_reports())
        signals = detect_spike(store, as_of=sunday, table="events",
                               params=SpikeParams(baseline_weeks=2, min_count=3.0))
        run_alerts(store, rules, signals, stream=io.StringIO())
        page = alert_page(store, limit=10)
    (record,) = page.items
    assert record.alert_id == "spikes|spike:SDN/North Darfur:2024-01-15"
    assert record.pending == (f"jsonl:{blocked / 'a.jsonl'}",) and record.delivered_at is None


def test_the_signals_command_detects_backtests_and_alerts_on_both_backends(
    store_url: str, tmp_path: Path,
) -> None:
    import json

    from click.testing import CliRunner

    from eventwire.cli.main import cli

    with open_store(store_url) as store:
        store.save(spike_reports())
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "spikes"\ndetector = "spike"\nstdout = true\n',
                     encoding="utf-8")
    spike = ["--detector", "spike", "--baseline-weeks", "2", "--min-count", "3",
             "--table", "events"]

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["signals", "--db", store_url, *args, *spike])
        assert result.exit_code == 0, result.output
        return result.output

    found = json.loads(run("--as-of", "2024-01-21", "--json"))
    assert [signal["key"] for signal in found] == ["SDN/North Darfur"]
    replay = json.loads(run("--backtest", "--to", "2024-01-21", "--json"))
    assert [s["fired_on"] for s in replay["backtest"]["signals"]] == ["2024-01-21"]
    first = run("--as-of", "2024-01-21", "--rules", str(rules))
    assert first.count("ALERT [spikes]") == 1 and "1 deliveries made" in first
    again = run("--as-of", "2024-01-21", "--rules", str(rules))
    assert "ALERT" not in again and "0 deliveries made" in again


# --- concurrent merges ---------------------------------------------------------------------


def test_concurrent_merges_place_each_report_once(store_url: str) -> None:
    """Several ingest workers merge after each ingest: on one store their merges run one after
    another (a lock), so no report is placed twice and none fails."""
    import threading

    with open_store(store_url) as store:
        # 30 attacks, each in a country of its own: 30 events of one report each
        store.save([violent(number, MONDAY + timedelta(days=number), admin1=f"Area {number}",
                            country=f"C{number:02d}") for number in range(1, 31)])
    errors: list[BaseException] = []
    reports: list[int] = []

    def merge() -> None:
        try:
            with open_store(store_url) as mine:
                assert isinstance(mine, SQLStore)
                reports.append(merge_store(mine, chunk_reports=3).reports)
        except BaseException as error:  # handed to the test thread, which asserts none
            errors.append(error)

    workers = [threading.Thread(target=merge) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(reports) == [0, 0, 30]
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        assert merges.count_merged(store) == 30
        assert store.read("SELECT COUNT(*) FROM merge_revisions")[0][0] == 30
