"""Signals over a store (eventwire.signals): series, the escalation score, the three detectors,
the backtest and the ACLED archive, on small stores of hand-written reports whose expected
counts are worked out by hand in the comments."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    Modality,
    PloverType,
    TextSpan,
)
from eventwire.signals import (
    SpikeParams,
    backtest,
    detect_new_actor_in_area,
    detect_spike,
    detect_verbal_escalation,
    escalation_scores,
    evaluate_spikes,
    series,
)
from eventwire.signals.archive import load_acled
from eventwire.store import SQLiteStore

MONDAY = date(2024, 1, 1)  # 2024 starts on a Monday: week n begins on MONDAY + 7n days
SPIKE_WEEK = date(2024, 3, 4)  # week 9


def week(n: int, day: int = 1) -> date:
    """Day ``day`` (0 = Monday) of week ``n`` after MONDAY."""
    return MONDAY + timedelta(weeks=n, days=day)


class Reports:
    """Builds one short wire report per event, numbered, so every event has its own article."""

    def __init__(self) -> None:
        self.batch: list[tuple[Article, list[Event]]] = []

    def add(self, day: date, event_type: PloverType = PloverType.ASSAULT, *,
            admin1: str = "North Darfur", country: str = "SDN", actor: str | None = "RSF",
            recipient: str | None = None, fatalities: int | None = None,
            modality: Modality = Modality.ASSERTED, historical: bool = False,
            call_to_violence: bool = False) -> str:
        article_id = f"a{len(self.batch) + 1}"
        text = (f"{actor or 'Gunmen'} attacked a village in {admin1} on {day:%d %B}, "
                f"witnesses said.")
        span = TextSpan(text, 0, len(text))
        place = Location(admin1, admin1, 0, 0, country=country, admin1=admin1)
        event = Event(
            event_id=f"ev-{article_id}", article_id=article_id, event_type=event_type,
            evidence=span, trigger=TextSpan("attacked", text.index("attacked"),
                                            text.index("attacked") + 8),
            actor=ActorRef(actor, 0, 0, name=actor) if actor else None,
            recipient=ActorRef(recipient, 0, 0, name=recipient) if recipient else None,
            date=day, date_precision=DatePrecision.DAY, location=place, fatalities=fatalities,
            modality=modality, historical=historical, call_to_violence=call_to_violence,
        )
        self.batch.append((Article(article_id, text, day, source="Wire"), [event]))
        return event.event_id

    def store(self, path: Path) -> SQLiteStore:
        store = SQLiteStore(path)
        store.save(self.batch)
        return store


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[tuple[Reports, Path]]:
    yield Reports(), tmp_path / "signals.db"


# --- series and score ------------------------------------------------------------------------

def small_store(reports: Reports, path: Path) -> SQLiteStore:
    reports.add(date(2024, 1, 2), recipient="Civilians", fatalities=3)
    reports.add(date(2024, 1, 3), recipient="SAF", fatalities=2)
    reports.add(date(2024, 1, 9), PloverType.PROTEST, admin1="Khartoum", actor="Protesters")
    reports.add(date(2024, 1, 10), PloverType.REQUEST, admin1="Khartoum", actor="Protesters",
                call_to_violence=True)
    # Neither of these happened that week: a threat's content, and a war recalled.
    reports.add(date(2024, 1, 3), modality=Modality.THREATENED, fatalities=50)
    reports.add(date(2024, 1, 4), historical=True, fatalities=40)
    return reports.store(path)


def test_weekly_series_by_admin1_counts_only_what_happened(tmp_store) -> None:
    store = small_store(*tmp_store)
    points = series(store, by="admin1", interval="week")
    assert [(p.period, p.key, p.country, p.events, p.fatalities) for p in points] == [
        (date(2024, 1, 1), "North Darfur", "SDN", 2, 5),
        (date(2024, 1, 8), "Khartoum", "SDN", 2, 0),
    ]


def test_daily_series_by_dyad_and_type(tmp_store) -> None:
    store = small_store(*tmp_store)
    dyads = series(store, by="dyad", interval="day", event_types=("ASSAULT",))
    assert [(p.period, p.key, p.fatalities) for p in dyads] == [
        (date(2024, 1, 2), "RSF -> Civilians", 3),
        (date(2024, 1, 3), "RSF -> SAF", 2),
    ]
    types = series(store, by="type", interval="week", date_from=date(2024, 1, 8))
    assert [(p.key, p.events) for p in types] == [("PROTEST", 1), ("REQUEST", 1)]


def test_escalation_score_of_a_small_case(tmp_store) -> None:
    store = small_store(*tmp_store)
    scores = {(p.week, p.admin1): p.score for p in escalation_scores(store, by="admin1")}
    # North Darfur: two assaults (10 each) and 5 dead: 20 + 3 * ln(6).
    assert scores[(date(2024, 1, 1), "North Darfur")] == pytest.approx(20 + 3 * math.log(6))
    # Khartoum: a protest (2) and a call to violence weighed as a threat (4).
    assert scores[(date(2024, 1, 8), "Khartoum")] == pytest.approx(6.0)


# --- spike ---------------------------------------------------------------------------------

def spike_store(reports: Reports, path: Path) -> SQLiteStore:
    for n in range(1, 9):  # weeks 1-8: one event a week in North Darfur (mean 1, sd 0)
        reports.add(week(n))
    for n in (2, 4, 6, 8):  # Kassala: 0, 4, 0, 4, ... (mean 2, sd 2), 2 dead each in week 2
        for _ in range(4):
            reports.add(week(n), admin1="Kassala", fatalities=2 if n == 2 else None)
    for _ in range(5):  # week 9: North Darfur 6 (fires: >= max(5, 1 + 2*0)) ...
        reports.add(week(9, 2))
    reports.add(week(9, 3), fatalities=5)
    for _ in range(5):  # ... Kassala 5 (quiet: below 2 + 2*2 = 6)
        reports.add(week(9), admin1="Kassala")
    for _ in range(10):  # week 10: Kassala 10, a day after the as_of of the first checks
        reports.add(week(10, 0), admin1="Kassala", fatalities=1)
    return reports.store(path)


def test_spike_fires_against_a_flat_baseline_and_not_against_a_noisy_one(tmp_store) -> None:
    reports, path = tmp_store
    store = spike_store(reports, path)
    signals = detect_spike(store, as_of=date(2024, 3, 10))  # the Sunday ending week 9
    assert [s.key for s in signals] == ["SDN/North Darfur"]
    spike = signals[0]
    assert (spike.value, spike.baseline, spike.threshold) == (6, 1.0, 5.0)
    assert (spike.period_start, spike.period_end) == (SPIKE_WEEK, date(2024, 3, 10))
    # Report 30 (8 + 16 baseline reports, then 5) is the one with 5 dead: it comes first.
    assert spike.event_ids[0] == "ev-a30"
    assert len(spike.event_ids) == 6
    assert spike.description.startswith("6 violent events in North Darfur in the week of "
                                         "2024-03-04, against 1.0 a week")


def test_spike_ignores_events_after_as_of(tmp_store) -> None:
    store = spike_store(*tmp_store)
    # Tuesday of week 10: week 10 is not complete, so week 9 is tested and the 10 Kassala
    # events dated Monday of week 10 are not looked at.
    assert [s.key for s in detect_spike(store, as_of=date(2024, 3, 12))] == ["SDN/North Darfur"]
    later = detect_spike(store, as_of=date(2024, 3, 17))
    assert [(s.key, s.value) for s in later] == [("SDN/Kassala", 10)]


def test_spike_by_country_on_fatalities(tmp_store) -> None:
    store = spike_store(*tmp_store)
    params = SpikeParams(measure="fatalities", by="country", min_count=5)
    # Week 10 in Sudan: 10 dead; weeks 2-9 had 8, 0, 0, 0, 0, 0, 0, 5: mean 1.625, sd ~2.9.
    [signal] = detect_spike(store, as_of=date(2024, 3, 17), params=params)
    assert (signal.key, signal.value, signal.baseline) == ("SDN", 10, 1.625)


# --- new actor in area -----------------------------------------------------------------------

def test_new_actor_in_area(tmp_store) -> None:
    reports, path = tmp_store
    reports.add(week(1), actor="RSF", admin1="North Darfur")  # RSF's history elsewhere
    reports.add(week(9), actor="RSF", admin1="Kassala")  # new to Kassala: fires
    reports.add(week(9), actor="JEM", admin1="Kassala")  # new to the data: does not
    reports.add(week(2), actor="SAF", admin1="Kassala")  # SAF was in Kassala 7 weeks ago
    reports.add(week(3), actor="SAF", admin1="Khartoum")
    reports.add(week(9), actor="SAF", admin1="Kassala")
    reports.add(week(9, 6) + timedelta(days=1), actor="SAF", admin1="Gedaref")  # after as_of
    store = reports.store(path)
    signals = detect_new_actor_in_area(store, as_of=date(2024, 3, 10))
    assert [(s.key, s.actor, s.admin1, s.event_ids) for s in signals] == [
        ("RSF@SDN/Kassala", "RSF", "Kassala", ("ev-a2",)),
    ]
    # With a 30-day memory SAF's visit in week 2 is forgotten.
    short = detect_new_actor_in_area(store, as_of=date(2024, 3, 10), lookback_days=30)
    assert [s.key for s in short] == ["RSF@SDN/Kassala", "SAF@SDN/Kassala"]


# --- verbal escalation -----------------------------------------------------------------------

def test_verbal_escalation_by_actor_and_country(tmp_store) -> None:
    reports, path = tmp_store
    reports.add(week(4), PloverType.THREATEN, actor="RSF")  # baseline: 1 in 8 weeks
    reports.add(week(9), PloverType.THREATEN, actor="RSF")
    reports.add(week(9), PloverType.THREATEN, actor="RSF")
    reports.add(week(9), PloverType.REQUEST, actor="RSF", call_to_violence=True)
    reports.add(week(9), PloverType.REQUEST, actor="RSF")  # a plain demand does not count
    reports.add(week(9), PloverType.THREATEN, actor="SAF")  # SAF: 2, below min_count 3
    reports.add(week(9), PloverType.THREATEN, actor="SAF", modality=Modality.HYPOTHETICAL)
    reports.add(week(9), PloverType.THREATEN, actor="SAF")
    store = reports.store(path)
    signals = detect_verbal_escalation(store, as_of=date(2024, 3, 10))
    # Sudan: RSF 3 + SAF 2 = 5 against 0.125 a week; RSF: 3 against 0.125.
    assert [(s.key, s.value, s.baseline) for s in signals] == [
        ("SDN", 5, 0.125), ("RSF", 3, 0.125),
    ]
    assert signals[1].actor == "RSF" and signals[0].country == "SDN"
    assert len(signals[1].event_ids) == 3


# --- backtest ------------------------------------------------------------------------------

def test_backtest_fires_in_the_right_weeks_and_scores_the_top_weeks(tmp_store) -> None:
    store = spike_store(*tmp_store)
    report = backtest(store, start=date(2024, 1, 1), end=date(2024, 3, 24))
    assert report.weeks[0] == MONDAY and report.weeks[-1] == date(2024, 3, 18)
    assert report.fired_weeks("spike") == {
        "SDN/North Darfur": [SPIKE_WEEK], "SDN/Kassala": [date(2024, 3, 11)],
    }
    evaluation = evaluate_spikes(store, report, top_n=3)
    # Worst weeks: Kassala week 10 (10 dead, fired), Kassala week 2 (8, not), North Darfur
    # week 9 (5, fired).
    assert [(w.region, w.week, w.fatalities, w.caught) for w in evaluation.top] == [
        ("SDN/Kassala", date(2024, 3, 11), 10, True),
        ("SDN/Kassala", date(2024, 1, 15), 8, False),
        ("SDN/North Darfur", SPIKE_WEEK, 5, True),
    ]
    assert evaluation.recall_top == pytest.approx(2 / 3)
    assert evaluation.fired == 2


# --- ACLED archive -------------------------------------------------------------------------

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
ACLED_ROWS = (
    ('SDN90001,12-May-24,2024,1,Political violence,Battles,Armed clash,Rapid Support Forces,,'
    'Rebel group,Military Forces of Sudan (2019-),,State forces,Rebel group-State forces,,736,'
    'Northern Africa,Sudan,North Darfur,El Fasher,,El Fasher,13.63,25.35,1,Wire,National,'
    '"On 12 May 2024, RSF fighters clashed with the army in El Fasher. 4 fatalities.",4,,0'),
    ('SDN90002,13-May-24,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Sudan),,'
    'Protesters,,,,Protesters only,,736,Northern Africa,Sudan,Khartoum,Khartoum,,Khartoum,'
    '15.55,32.53,1,Wire,National,"On 13 May 2024, students marched in Khartoum.",0,,0'),
    ('SDN90003,14-May-24,2024,1,Strategic developments,Strategic developments,Looting/property '
    'destruction,Rapid Support Forces,,Rebel group,,,,Rebel group only,,736,Northern Africa,'
    'Sudan,North Darfur,El Fasher,,El Fasher,13.63,25.35,1,Wire,National,'
    '"On 14 May 2024, RSF looted shops in El Fasher.",0,,0'),
)


def test_acled_rows_are_loaded_as_stored_events(tmp_path: Path) -> None:
    csv_path = tmp_path / "acled.csv"
    csv_path.write_text("\n".join((ACLED_HEADER, *ACLED_ROWS)) + "\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "archive.db") as store:
        report = load_acled(csv_path, store)
        assert (report.rows, report.loaded) == (3, 2)
        assert report.skipped == {"type Strategic developments not mapped": 1}
        events = {event.event_id: event for event in store.events()}
        clash = events["acled-SDN90001"]
        assert clash.event_type is PloverType.ASSAULT and clash.article_id == "SDN90001"
        assert clash.date == date(2024, 5, 12) and clash.fatalities == 4
        assert clash.location is not None
        assert (clash.location.country, clash.location.admin1) == ("SDN", "North Darfur")
        assert (clash.location.lat, clash.location.lon) == (13.63, 25.35)
        assert clash.actor is not None and clash.actor.name == "Rapid Support Forces"
        assert clash.recipient is not None
        assert clash.recipient.name == "Military Forces of Sudan (2019-)"
        assert clash.evidence.text.startswith("On 12 May 2024, RSF fighters clashed")
        assert events["acled-SDN90002"].event_type is PloverType.PROTEST


# --- CLI -----------------------------------------------------------------------------------

def test_cli_prints_signals_as_json(tmp_store) -> None:
    import eventwire.cli.signals  # noqa: F401  registers the command
    from eventwire.cli.main import cli

    reports, path = tmp_store
    spike_store(reports, path).close()
    result = CliRunner().invoke(cli, ["signals", "--db", str(path), "--as-of", "2024-03-10",
                                      "--detector", "spike", "--json"])
    assert result.exit_code == 0, result.output
    assert [s["signal_id"] for s in json.loads(result.output)] == [
        "spike:SDN/North Darfur:2024-03-04"
    ]


def test_counts_come_from_events_until_the_store_has_merged_events(tmp_store) -> None:
    from eventwire.errors import ConfigError
    from eventwire.signals.series import default_table, resolve_table

    store = small_store(*tmp_store)
    assert default_table(store) == "events"
    assert resolve_table(store, "merged_events") == "merged_events"
    with pytest.raises(ConfigError, match="Use one of: events, merged_events"):
        resolve_table(store, "articles")


def test_cli_delivers_the_signals_a_rule_matches_once(tmp_store) -> None:
    import eventwire.cli.signals  # noqa: F401  registers the command
    from eventwire.cli.main import cli

    reports, path = tmp_store
    spike_store(reports, path).close()
    rules = path.parent / "rules.toml"
    alerts_file = path.parent / "alerts.jsonl"
    rules.write_text(
        '[[rules]]\nname = "darfur violence"\ndetector = "spike"\ncountry = ["SDN"]\n'
        f'jsonl = "{alerts_file.name}"\n', encoding="utf-8")
    args = ["signals", "--db", str(path), "--as-of", "2024-03-10", "--detector", "spike",
            "--rules", str(rules)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    [alert] = [json.loads(line) for line in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert alert["rule"] == "darfur violence"
    assert alert["signal"]["signal_id"] == "spike:SDN/North Darfur:2024-03-04"
    assert alert["evidence"][0]["event_id"] == "ev-a30"  # the deadliest event first
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert len(alerts_file.read_text(encoding="utf-8").splitlines()) == 1  # delivered once
    assert CliRunner().invoke(cli, [*args, "--backtest"]).exit_code == 1


def test_a_daily_backtest_dates_each_signal_by_the_day_it_fires(tmp_store) -> None:
    reports, path = tmp_store
    reports.add(week(1), actor="RSF", admin1="North Darfur")
    reports.add(week(9, 2), actor="RSF", admin1="Kassala")  # Wednesday of week 9
    store = reports.store(path)
    daily = backtest(store, start=week(8), end=week(10, 6), step="day",
                     detectors=("new_actor_in_area",))
    weekly = backtest(store, start=week(8), end=week(10, 6), detectors=("new_actor_in_area",))
    [signal] = daily.signals
    assert signal.key == "RSF@SDN/Kassala"
    # found the day RSF first appears in Kassala, not only on the Sunday that ends the week,
    # and not again on the six days after (one signal per signal id)
    assert daily.fired_on[signal.signal_id] == week(9, 2)
    assert [weekly.fired_on[s.signal_id] for s in weekly.signals] == [week(9, 6)]
    from eventwire.errors import ConfigError

    with pytest.raises(ConfigError, match="step"):
        backtest(store, start=week(8), end=week(9), step="hour")


def test_a_fire_is_a_false_alarm_when_no_deadly_week_follows() -> None:
    from eventwire.signals.backtest import _false_alarm_rate

    weeks = [week(n) for n in range(1, 9)]
    # 8 watched weeks; deaths 3 in week 2 and 10 in week 6, none in the rest (weeks without
    # violent events are absent): the upper quartile of [0,0,0,0,0,0,3,10] is 2.25 (exclusive
    # method), so a week is deadly from 3 deaths
    deaths = {("SDN/North Darfur", weeks[1]): 3, ("SDN/North Darfur", weeks[5]): 10}
    fired = {"SDN/North Darfur": {weeks[0], weeks[5], weeks[2]}}
    # week 1 is followed by week 2 (3 dead): confirmed; week 6 itself (10): confirmed;
    # week 3 and week 4 have none: a false alarm
    rate = _false_alarm_rate(fired, deaths, {"SDN/North Darfur": 8})
    assert rate == pytest.approx(1 / 3)
    assert _false_alarm_rate({}, deaths, {"SDN/North Darfur": 8}) is None
